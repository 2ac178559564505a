package ffi

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// engines runs test once with each call engine that exists on this
// platform: the fast one (where supported) and libffi.
func engines(t *testing.T, test func(t *testing.T)) {
	t.Run("default", test)
	if !forceLibffi {
		t.Run("libffi", func(t *testing.T) {
			forceLibffi = true
			defer func() { forceLibffi = false }()
			before := libffiPlans.Load()
			test(t)
			if callconv.Supported && libffiPlans.Load() == before && !t.Failed() {
				t.Error("the libffi run made no libffi plan: every Func it calls was planned before it (make them inside the test func)")
			}
		})
	}
}

func libc(t *testing.T) *Library {
	t.Helper()
	lib, err := CDLL(testLibc)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// newFuncT returns a fresh Func (not the Library's cached one), so that
// each engine prepares its own plan.
func newFuncT(t *testing.T, lib *Library, name string, restype *types.Type, argtypes ...*types.Type) *Func {
	t.Helper()
	addr, err := lib.Sym(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFunc(addr, name, restype, argtypes...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestVariadicSnprintf(t *testing.T) {
	c := libc(t)
	engines(t, func(t *testing.T) {
		snprintf := newFuncT(t, c, testSnprintf, types.Int, types.CharP, types.SizeT, types.CharP)
		snprintf.Variadic = true
		buf, _ := types.CreateStringBuffer(64)
		// float32 and int8 are promoted to double and int, as C does for "...".
		n, err := CallAs[int](snprintf, buf, 64, "%d|%s|%.3f|%c|%lld|%g", 42, "go", float32(1.5), int8('x'), int64(-1)<<40, 2.5e-3)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := buf.Str()
		// Go's fmt formats these verbs as C's printf does.
		want := fmt.Sprintf("%d|%s|%.3f|%c|%d|%g", 42, "go", 1.5, 'x', int64(-1)<<40, 2.5e-3)
		if got != want || n != len(want) {
			t.Errorf("snprintf wrote %q (%d), want %q", got, n, want)
		}
	})
}

func TestOutParams(t *testing.T) {
	m, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	c := libc(t)
	engines(t, func(t *testing.T) {
		// double frexp(double x, int *exp): a Go *int32 as the output.
		frexp := newFuncT(t, m, "frexp", types.Double, types.Double, types.PointerTo(types.Int))
		var e int32
		fr, err := CallAs[float64](frexp, 40.0, &e)
		if err != nil {
			t.Fatal(err)
		}
		// ldexp (C) must rebuild the input from what frexp (C) returned.
		ldexp := newFuncT(t, m, "ldexp", types.Double, types.Double, types.Int)
		back, err := CallAs[float64](ldexp, fr, e)
		if err != nil || back != 40 || fr < 0.5 || fr >= 1 {
			t.Errorf("frexp(40) = %v, %d; ldexp gives %v (%v)", fr, e, back, err)
		}
		// The same with a types.Value as the output.
		ev := types.New(types.Int)
		if _, err := CallAs[float64](frexp, 40.0, ev); err != nil {
			t.Fatal(err)
		}
		if n, _ := ev.Int(); n != int64(e) {
			t.Errorf("frexp through a Value: %d, through *int32: %d", n, e)
		}

		// double strtod(const char *s, char **end): the end pointer says
		// where C stopped reading, inside a buffer we own.
		strtod := newFuncT(t, c, "strtod", types.Double, types.CharP, types.PointerTo(types.CharP))
		s, _ := types.CreateStringBuffer("2.5e3 rest")
		var end uintptr
		v, err := CallAs[float64](strtod, s, &end)
		if err != nil {
			t.Fatal(err)
		}
		if v != 2500 || end-s.Addr() != 5 {
			t.Errorf("strtod = %v, consumed %d bytes", v, end-s.Addr())
		}
	})
}

func TestInDll(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "globals"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	counter, err := InDll(lib, types.Int, "g_counter")
	if err != nil {
		t.Fatal(err)
	}
	bump := mustFunc(t, lib, "bump")
	before, _ := counter.Int()
	after, err := CallAs[int64](bump)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := counter.Int()
	if after != before+1 || now != after {
		t.Errorf("g_counter: %d before, bump returned %d, Go reads %d", before, after, now)
	}
	counter.Set(100)
	if n, _ := CallAs[int64](bump); n != 101 {
		t.Errorf("after writing 100 from Go, C's bump returned %d", n)
	}

	point := types.MustStructOf("Point", []types.Field{types.F("x", types.Int), types.F("y", types.Int)})
	p, err := InDll(lib, point, "g_point")
	if err != nil {
		t.Fatal(err)
	}
	p.Field("y").Set(-10)
	x, _ := p.Field("x").Int()
	if s, _ := CallAs[int64](mustFunc(t, lib, "point_sum")); s != x-10 {
		t.Errorf("point_sum = %d after setting y=-10 (x=%d)", s, x)
	}

	table, err := InDll(lib, types.MustArrayOf(types.Int, 5), "g_table")
	if err != nil {
		t.Fatal(err)
	}
	var goSum int64
	for i := 0; i < 5; i++ {
		table.Index(i).Set(i * 10)
		goSum += int64(i * 10)
	}
	if s, _ := CallAs[int64](mustFunc(t, lib, "table_sum")); s != goSum {
		t.Errorf("table_sum = %d, Go wrote a sum of %d", s, goSum)
	}

	name, err := InDll(lib, types.CharP, "g_name")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := name.Str(); s != "globals.c" {
		t.Errorf("g_name = %q", s)
	}
	scale, _ := InDll(lib, types.Double, "g_scale")
	scale.Set(4.0)
	scaled := mustFunc(t, lib, "scaled")
	scaled.Restype = types.Double
	if v, _ := CallAs[float64](scaled, 1.5); v != 6 {
		t.Errorf("scaled(1.5) with g_scale=4 = %v", v)
	}
	if _, err := InDll(lib, types.Int, "g_missing"); err == nil {
		t.Error("a missing global gave no error")
	}
}

func TestSeedCallsBothEngines(t *testing.T) {
	lib := ctestLib(t)
	engines(t, func(t *testing.T) {
		add := newFuncT(t, lib, "add", complexT, complexT, complexT)
		r, err := add.Call(complexT.MustNew(3.1, 4.2), complexT.MustNew(1.9, 2.8))
		if err != nil {
			t.Fatal(err)
		}
		x, _ := r.(*types.Value).Field("x").Float()
		y, _ := r.(*types.Value).Field("y").Float()
		if x != 3.1+1.9 || y != 4.2+2.8 {
			t.Errorf("add = %v", r)
		}
		sum := newFuncT(t, lib, "sum", types.Double, types.PointerTo(types.Double), types.Int)
		data := make([]float64, 1000)
		var want float64
		for i := range data {
			data[i] = math.Sqrt(float64(i))
			want += data[i]
		}
		got, err := CallAs[float64](sum, data, len(data))
		if err != nil || got != want {
			t.Errorf("sum over a Go slice = %v, %v; want %v", got, err, want)
		}
		// Unsafe pointers pass through as they are.
		got, err = CallAs[float64](sum, unsafe.Pointer(&data[0]), 10)
		if err != nil || got != func() (s float64) {
			for _, v := range data[:10] {
				s += v
			}
			return
		}() {
			t.Errorf("sum over unsafe.Pointer = %v, %v", got, err)
		}
	})
}

func TestErrno(t *testing.T) {
	c := libc(t)
	engines(t, func(t *testing.T) {
		// int close(int fd) on a descriptor that is not open: -1 and EBADF,
		// both from C.
		closeFn := newFuncT(t, c, testClose, types.Int, types.Int)
		r, errno, err := CallAsErrno[int](closeFn, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if r != -1 || errno != testEBADF {
			t.Errorf("close(bad fd) = %d, errno %v; want -1, EBADF", r, errno)
		}
		if !errors.Is(ErrnoError(errno), testEBADF) || ErrnoError(0) != nil {
			t.Error("ErrnoError")
		}
		// A successful call leaves errno 0 (it was cleared before).
		getpid := newFuncT(t, c, testGetpid, types.Int)
		if _, errno, _ := getpid.CallErrno(); errno != 0 {
			t.Errorf("getpid left errno %v", errno)
		}
		// ctypes' use_errno: per OS thread, so lock the goroutine.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		closeFn.UseErrno = true
		SetErrno(0)
		if _, err := closeFn.Call(1 << 20); err != nil {
			t.Fatal(err)
		}
		if e := GetErrno(); e != int(testEBADF) {
			t.Errorf("GetErrno after close(bad fd) = %d, want EBADF", e)
		}
		if old := SetErrno(0); old != int(testEBADF) {
			t.Errorf("SetErrno returned %d", old)
		}
	})
}

// TestFunctionPointerFromC: C returns a function pointer, or stores one in
// a struct, and Go calls it with the prototype it declares, as ctypes'
// CFUNCTYPE(restype, *argtypes)(address) does.
func TestFunctionPointerFromC(t *testing.T) {
	lib := callbackLib(t)
	engines(t, func(t *testing.T) {
		binop := types.FuncType(types.Int, types.Int, types.Int)
		getOp := newFuncT(t, lib, "get_op", binop, types.Int)
		for which, want := range []int{7 + 5, 7 * 5} {
			r, err := getOp.Call(which)
			if err != nil {
				t.Fatal(err)
			}
			op, err := FuncOf(r.(*types.Value), "op")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := CallAs[int](op, 7, 5); got != want || err != nil {
				t.Errorf("op %d (7, 5) = %d, %v; want %d", which, got, err, want)
			}
		}
		ops := types.MustStructOf("ops", []types.Field{types.F("f", binop), types.F("k", types.Int)})
		o := types.New(ops)
		fill := newFuncT(t, lib, "fill_ops", nil, types.PointerTo(ops), types.Int)
		if _, err := fill.Call(o, 1); err != nil {
			t.Fatal(err)
		}
		op, err := FuncOf(o.Field("f"), "ops.f")
		if err != nil {
			t.Fatal(err)
		}
		k, _ := o.Field("k").Int()
		if got, _ := CallAs[int](op, 6, 7); got != 42 || k != 10 {
			t.Errorf("struct-held pointer: f(6, 7) = %d, k = %d", got, k)
		}
		if _, err := FuncOf(types.New(binop), "null"); !errors.Is(err, ErrSymbol) {
			t.Errorf("NULL function pointer: %v", err)
		}
	})
}

// TestDoublePointerOutParam is the sqlite3_open pattern: C allocates a
// handle and returns it through a T** argument.
func TestDoublePointerOutParam(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "globals"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	engines(t, func(t *testing.T) {
		thing := types.MustStructOf("thing", []types.Field{types.F("name", types.MustArrayOf(types.Char, 32)), types.F("opens", types.Int)})
		open := newFuncT(t, lib, "open_thing", types.Int, types.CharP, types.PointerTo(types.PointerTo(thing)))
		name := newFuncT(t, lib, "thing_name", types.CharP, types.PointerTo(thing))
		closeFn := newFuncT(t, lib, "close_thing", nil, types.PointerTo(thing))

		// With a Go variable: var h uintptr; open("db", &h).
		var h uintptr
		if rc, err := CallAs[int](open, "first", &h); rc != 0 || err != nil || h == 0 {
			t.Fatalf("open_thing = %d, %v, handle %#x", rc, err, h)
		}
		// A typed handle Value: the C memory, read through the struct type.
		hv, _ := types.Cast(h, types.PointerTo(thing))
		if s, _ := hv.Elem().Field("name").Str(); s != "first" {
			t.Errorf("handle's name = %q", s)
		}
		if r, _ := name.Call(hv); r != "first" {
			t.Errorf("thing_name = %v", r)
		}
		closeFn.Call(hv)

		// With a pointer Value, ctypes' byref(POINTER(thing)()).
		pv := types.New(types.PointerTo(thing))
		if rc, err := CallAs[int](open, "second", types.Byref(pv)); rc != 0 || err != nil {
			t.Fatalf("open_thing(byref) = %d, %v", rc, err)
		}
		if n, _ := pv.Elem().Field("opens").Int(); n != 1 {
			t.Errorf("opens = %d", n)
		}
		if r, _ := name.Call(pv); r != "second" {
			t.Errorf("thing_name = %v", r)
		}
		closeFn.Call(pv)
	})
}

// TestBigEndianFromC reads a big-endian record written by C with a
// BigEndian struct type and compares with the fields C reports.
func TestBigEndianFromC(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "globals"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	record := types.MustStructOf("Record", []types.Field{
		types.F("magic", types.Uint32), types.F("version", types.Uint16),
		types.Bitfield("hi", types.UByte, 4), types.Bitfield("lo", types.UByte, 4),
	}, types.BigEndian())
	buf := make([]byte, 8)
	if _, err := newFuncT(t, lib, "write_record", nil, types.VoidP).Call(buf); err != nil {
		t.Fatal(err)
	}
	info := types.MustStructOf("record_info", []types.Field{types.F("magic", types.UInt), types.F("version", types.UShort),
		types.F("flags_hi", types.UInt), types.F("flags_lo", types.UInt)})
	want := types.New(info)
	newFuncT(t, lib, "record_fields", nil, types.PointerTo(info)).Call(want)
	r, err := types.FromBufferCopy(record, buf, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"magic", "magic"}, {"version", "version"}, {"hi", "flags_hi"}, {"lo", "flags_lo"}} {
		got, _ := r.Field(pair[0]).Uint()
		exp, _ := want.Field(pair[1]).Uint()
		if got != exp {
			t.Errorf("%s: big-endian read %#x, C says %#x", pair[0], got, exp)
		}
	}
}

func TestErrcheck(t *testing.T) {
	c := libc(t)
	closeFn := newFuncT(t, c, testClose, types.Int, types.Int)
	var seen []any
	closeFn.Errcheck = func(result any, f *Func, args []any) (any, error) {
		seen = args
		if result.(int64) < 0 {
			return nil, fmt.Errorf("%s(%v) failed", f.Name(), args[0])
		}
		return result, nil
	}
	r, err := closeFn.Call(-1)
	if err == nil || r != nil || len(seen) != 1 || seen[0] != -1 {
		t.Errorf("errcheck: result %v, err %v, args %v", r, err, seen)
	}
}
