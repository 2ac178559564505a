package ffi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// The tests of issue 12 section 4, "typed bindings without holes": each
// thing the ctypes surface reaches, reached by a typed binding, against
// testdata/typed.c; the reference is the same C function called through
// the ctypes surface, or C's own reading of the bytes.

func typedLib(t *testing.T) *Library {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "typed"))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

var (
	uifT  = types.MustUnionOf("UIF", []types.Field{types.F("i", types.Int32), types.F("f", types.Float)})
	udlT  = types.MustUnionOf("UDL", []types.Field{types.F("d", types.Double), types.F("l", types.Int64)})
	pciT  = types.MustStructOf("PCI", []types.Field{types.F("c", types.Char), types.F("i", types.Int32)}, types.Pack(1))
	bfT   = types.MustStructOf("BF", []types.Field{types.Bitfield("a", types.UInt, 3), types.Bitfield("b", types.UInt, 7), types.Bitfield("c", types.Int, 5), types.Bitfield("d", types.UInt, 9)})
	pairT = types.MustStructOf("Pair", []types.Field{types.F("a", types.Int32), types.F("b", types.Int32)})
)

type tpair struct{ A, B int32 }

// must fails the test on a binding error: must(Fn1[...](lib, name))(t).
func must[F any](f F, err error) func(t *testing.T) F {
	return func(t *testing.T) F {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
}

// wantSigErr checks that err is an ErrSignature error whose text has each
// of words.
func wantSigErr(t *testing.T, what string, err error, words ...string) {
	t.Helper()
	if !errors.Is(err, ErrSignature) {
		t.Errorf("%s: %v, want ErrSignature", what, err)
		return
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %q does not say %q", what, err, w)
		}
	}
}

func TestTypedUnion(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		// union UIF uif_of_float(float): the union's bytes in a [4]byte
		// and in a uint32, against the ctypes surface's Value.
		ref := newFuncT(t, lib, "uif_of_float", uifT, types.Float)
		rv, err := ref.Call(float32(1.25))
		if err != nil {
			t.Fatal(err)
		}
		want := rv.(*types.Value).Bytes()
		asBytes := must(Fn1[[4]byte, float32](lib, "uif_of_float", ResultType(uifT)))(t)
		if got := asBytes(1.25); !bytes.Equal(got[:], want) {
			t.Errorf("uif_of_float as [4]byte = % x, C's union holds % x", got, want)
		}
		asWord := must(Fn1[uint32, float32](lib, "uif_of_float", ResultType(uifT)))(t)
		if got := asWord(1.25); got != math.Float32bits(1.25) {
			t.Errorf("uif_of_float as uint32 = %#x, want the float's bits %#x", got, math.Float32bits(1.25))
		}
		// float uif_twice(union UIF), int uif_bits(union UIF): by value.
		twice := must(Fn1[float32, uint32](lib, "uif_twice", ArgType(1, uifT)))(t)
		cTwice := newFuncT(t, lib, "uif_twice", types.Float, uifT)
		u := uifT.MustNew()
		u.Field("f").Set(3.5)
		wantTwice, _ := CallAs[float32](cTwice, u)
		if got := twice(math.Float32bits(3.5)); got != wantTwice || got != 7 {
			t.Errorf("typed uif_twice = %v, C says %v", got, wantTwice)
		}
		bits := must(Fn1[int32, [4]byte](lib, "uif_bits", ArgType(1, uifT)))(t)
		if got := bits([4]byte{1, 2, 3, 4}); got != int32(binary.NativeEndian.Uint32([]byte{1, 2, 3, 4})) {
			t.Errorf("typed uif_bits = %#x", got)
		}
		// union UDL: 8 bytes in a uint64, in and out.
		add := must(Fn2[float64, uint64, uint64](lib, "udl_add", ArgType(1, udlT), ArgType(2, udlT)))(t)
		if got := add(math.Float64bits(1.5), math.Float64bits(2.25)); got != 3.75 {
			t.Errorf("typed udl_add = %v, want 3.75", got)
		}
		ofLong := must(Fn1[uint64, int64](lib, "udl_of_long", ResultType(udlT)))(t)
		if got := ofLong(-5); int64(got) != -5 {
			t.Errorf("typed udl_of_long(-5) = %#x", got)
		}
	})
	// A Go type less aligned than the union is refused, naming both.
	// By value the bytes are copied; through a pointer C reads the Go
	// memory in place, so it must be aligned as C aligns the union.
	_, err := Fn1[float64, *[8]byte](lib, "udl_add", ArgType(1, types.PointerTo(udlT)))
	wantSigErr(t, "*[8]byte for union UDL*", err, "argument 1", "UDL", "[8]uint8", "aligned")
	_, err = Fn1[uint16, int64](lib, "udl_of_long", ResultType(udlT))
	wantSigErr(t, "uint16 for union UDL", err, "result", "UDL", "uint16", "sizes differ")
}

func TestTypedPackedAndBitfields(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		// struct __attribute__((packed)) PCI { char c; int i; }: 5 bytes,
		// which libffi cannot pass by value on x86-64 (nor the ctypes
		// surface through it).
		if !forceLibffi {
			testPacked(t, lib)
		}

		// struct BF { unsigned a:3, b:7; signed c:5; unsigned d:9; }.
		refBF := newFuncT(t, lib, "bf_make", bfT, types.UInt, types.UInt, types.Int, types.UInt)
		bv, err := refBF.Call(uint32(5), uint32(100), int32(-7), uint32(300))
		if err != nil {
			t.Fatal(err)
		}
		wantBF := bv.(*types.Value).Bytes()
		mkBF := must(Fn4[uint32, uint32, uint32, int32, uint32](lib, "bf_make", ResultType(bfT)))(t)
		word := mkBF(5, 100, -7, 300)
		if binary.NativeEndian.AppendUint32(nil, word); !bytes.Equal(binary.NativeEndian.AppendUint32(nil, word), wantBF) {
			t.Errorf("typed bf_make = %#x, C says % x", word, wantBF)
		}
		// The bits are where the types package says: set them there.
		x := bfT.MustNew()
		for name, val := range map[string]int{"a": 5, "b": 100, "c": -7, "d": 300} {
			x.Field(name).Set(val)
		}
		weighBF := must(Fn1[int32, uint32](lib, "bf_weigh", ArgType(1, bfT)))(t)
		if got, want := weighBF(binary.NativeEndian.Uint32(x.Bytes())), int32(5*1000000+100*10000-7*1000+300); got != want {
			t.Errorf("typed bf_weigh of the types package's bytes = %d, want %d", got, want)
		}
	})
}

func testPacked(t *testing.T, lib *Library) {
	ref := newFuncT(t, lib, "pci_make", pciT, types.Char, types.Int32)
	rv, err := ref.Call(int8('x'), int32(-123456))
	if err != nil {
		t.Fatal(err)
	}
	want := rv.(*types.Value).Bytes()
	mk := must(Fn2[[5]byte, int8, int32](lib, "pci_make", ResultType(pciT)))(t)
	got := mk('x', -123456)
	if !bytes.Equal(got[:], want) {
		t.Errorf("typed pci_make = % x, C says % x", got, want)
	}
	v, err := types.FromBufferCopy(pciT, got[:], 0)
	if err != nil {
		t.Fatal(err)
	}
	if i, _ := v.Field("i").Int(); i != -123456 {
		t.Errorf("pci_make's i read back as %d", i)
	}
	weigh := must(Fn1[int64, [5]byte](lib, "pci_weigh", ArgType(1, pciT)))(t)
	cWeigh := newFuncT(t, lib, "pci_weigh", types.Int64, pciT)
	wantW, err := CallAs[int64](cWeigh, rv)
	if err != nil {
		t.Fatal(err)
	}
	if w := weigh(got); w != wantW || w != int64('x')*1000-123456 {
		t.Errorf("typed pci_weigh = %d, C says %d", w, wantW)
	}
}

func TestTypedVariadic(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		// double vmix(const char *fmt, ...), against Func.Variadic.
		d := 2.5
		ref := newFuncT(t, lib, "vmix", types.Double, types.CharP)
		ref.Variadic = true
		want, err := CallAs[float64](ref, "ildp", int32(-3), int64(1)<<40, 0.125, unsafe.Pointer(&d))
		if err != nil {
			t.Fatal(err)
		}
		vmix := must(Fn5[float64, string, int32, int64, float64, *float64](lib, "vmix", Variadic(1)))(t)
		if got := vmix("ildp", -3, 1<<40, 0.125, &d); got != want {
			t.Errorf("typed vmix = %v, Func.Variadic says %v", got, want)
		}
		// The brief's example: int isum(int n, ...).
		isum := must(Fn4[int32, int32, int32, int32, int32](lib, "isum", Variadic(1)))(t)
		if got := isum(3, 10, 20, -30); got != 10+40-90 {
			t.Errorf("typed isum = %d", got)
		}
		// Doubles after many fixed-register arguments: libc's snprintf.
		c := libc(t)
		snp := must(Fn6[int32, []byte, uintptr, string, int32, float64, string](c, testSnprintf, Variadic(3)))(t)
		buf := make([]byte, 64)
		n := snp(buf, uintptr(len(buf)), "%d|%.3f|%s", -42, math.Pi, "ok")
		refS := newFuncT(t, c, testSnprintf, types.Int, types.VoidP, types.SizeT, types.CharP)
		refS.Variadic = true
		buf2 := make([]byte, 64)
		n2, err := CallAs[int32](refS, buf2, len(buf2), "%d|%.3f|%s", int32(-42), math.Pi, "ok")
		if err != nil {
			t.Fatal(err)
		}
		if n != n2 || !bytes.Equal(buf, buf2) {
			t.Errorf("typed snprintf gave %d %q, Func.Variadic %d %q", n, buf[:n], n2, buf2[:n2])
		}
	})
	_, err := Fn3[float64, string, float32, int32](lib, "vmix", Variadic(1))
	wantSigErr(t, "float32 variadic", err, "argument 2", "float", "float64")
	_, err = Fn3[float64, string, int32, int16](lib, "vmix", Variadic(1))
	wantSigErr(t, "int16 variadic", err, "argument 3", "narrower than int")
	_, err = Fn2[float64, string, int32](lib, "vmix", Variadic(3))
	wantSigErr(t, "Variadic(3) of 2", err, "Variadic(3)")
	_, err = Fn2[float64, string, int32](lib, "vmix", Variadic(-1))
	wantSigErr(t, "Variadic(-1)", err, "negative")
}

func TestTypedErrno(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		set := must(Fn2[WithErrno[int32], int32, int32](lib, "set_errno_ret"))(t)
		ref := newFuncT(t, lib, "set_errno_ret", types.Int, types.Int, types.Int)
		for _, e := range []syscall.Errno{syscall.EDOM, syscall.ERANGE, syscall.EINVAL} {
			_, wantE, err := ref.CallErrno(int32(e), int32(-1))
			if err != nil {
				t.Fatal(err)
			}
			r := set(int32(e), -1)
			if r.Value != -1 || r.Errno != wantE || r.Errno != e {
				t.Errorf("typed set_errno_ret(%d) = %+v, CallErrno says errno %d", e, r, wantE)
			}
			// errno is cleared before the call: a function that leaves it
			// alone gives 0, whatever the previous call left.
			if r := set(0, 7); r.Value != 7 || r.Errno != 0 {
				t.Errorf("typed set_errno_ret(0, 7) after errno %d = %+v, want {7 0}", e, r)
			}
		}
		setD := must(Fn2[WithErrno[float64], int32, float64](lib, "set_errno_d"))(t)
		if r := setD(int32(syscall.ERANGE), math.Inf(1)); !math.IsInf(r.Value, 1) || r.Errno != syscall.ERANGE {
			t.Errorf("typed set_errno_d = %+v", r)
		}
		setV := must(Fn1[WithErrno[struct{}], int32](lib, "set_errno_void"))(t)
		if r := setV(int32(syscall.ENOENT)); r.Errno != syscall.ENOENT {
			t.Errorf("typed void set_errno_void = %+v", r)
		}
		// The C library's own: close(-1) is EBADF.
		closeFd := must(Fn1[WithErrno[int32], int32](libc(t), testClose))(t)
		if r := closeFd(-1); r.Value != -1 || r.Errno != testEBADF {
			t.Errorf("typed close(-1) = %+v, want {-1 %d}", r, testEBADF)
		}
		// Leaf declared too.
		leafSet := must(Fn2[WithErrno[int32], int32, int32](lib, "set_errno_ret", Leaf(0)))(t)
		if r := leafSet(int32(syscall.EDOM), 3); r.Value != 3 || r.Errno != syscall.EDOM {
			t.Errorf("leaf typed set_errno_ret = %+v", r)
		}
		// A struct result returned in memory, with its errno after it.
		slib, err := CDLL(cbuild.Test(t, "structs"))
		if err != nil {
			t.Fatal(err)
		}
		type d3 struct{ A, B, C float64 }
		mk := must(Fn1[d3, int32](slib, "D3_make"))(t)
		mkE := must(Fn1[WithErrno[d3], int32](slib, "D3_make"))(t)
		set(int32(syscall.EDOM), 0)
		if r := mkE(7); r.Value != mk(7) || r.Errno != 0 {
			t.Errorf("D3_make with errno = %+v, without %+v", r, mk(7))
		}
		_, err = Fn1[WithErrno[string], int32](lib, "get_op")
		wantSigErr(t, "WithErrno[string]", err, "string", "uintptr")
		// A struct embedding one is an ordinary struct result.
		type embeds struct {
			WithErrno[int32]
		}
		if rt, c, err := resultCapture(reflect.TypeFor[embeds]()); c != nil || err != nil || rt != reflect.TypeFor[embeds]() {
			t.Errorf("a struct embedding WithErrno[int32]: %v %+v %v, want itself, no capture", rt, c, err)
		}
		var bound func(int32, int32) WithErrno[int32]
		if err := BindFunc(lib, "set_errno_ret", &bound); err != nil {
			t.Fatal(err)
		}
		if r := bound(int32(syscall.EINVAL), 9); r.Value != 9 || r.Errno != syscall.EINVAL {
			t.Errorf("BindFunc set_errno_ret = %+v", r)
		}
	})
}

// TestZeroAllocTypedHoles: the declarations of section 4 keep typed
// calls at 0 allocations (errno capture, variadic, declared unions).
func TestZeroAllocTypedHoles(t *testing.T) {
	if !callconv.Supported {
		testenv.Skip(t, "no fast call engine on "+testenv.Platform()+": calls go through libffi, which allocates")
	}
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes allocation counts")
	}
	lib := typedLib(t)
	set := must(Fn2[WithErrno[int32], int32, int32](lib, "set_errno_ret"))(t)
	isum := must(Fn4[int32, int32, int32, int32, int32](lib, "isum", Variadic(1)))(t)
	add := must(Fn2[float64, uint64, uint64](lib, "udl_add", ArgType(1, udlT), ArgType(2, udlT)))(t)
	mk := must(Fn2[[5]byte, int8, int32](lib, "pci_make", ResultType(pciT)))(t)
	var sink struct {
		e WithErrno[int32]
		i int32
		f float64
		b [5]byte
	}
	a, b := math.Float64bits(1), math.Float64bits(2)
	cases := []struct {
		name string
		call func()
		ok   func() bool
	}{
		{"WithErrno", func() { sink.e = set(int32(syscall.EDOM), 1) }, func() bool { return sink.e.Errno == syscall.EDOM && sink.e.Value == 1 }},
		{"Variadic", func() { sink.i = isum(2, 1, 2, 0) }, func() bool { return sink.i == 5 }},
		{"ArgType union", func() { sink.f = add(a, b) }, func() bool { return sink.f == 3 }},
		{"ResultType packed", func() { sink.b = mk(1, 2) }, func() bool { return sink.b[0] == 1 }},
	}
	for _, c := range cases {
		n := testing.AllocsPerRun(200, c.call)
		if !c.ok() {
			t.Errorf("%s: wrong result %+v", c.name, sink)
		}
		if n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", c.name, n)
		}
	}
}

func TestTypedFuncPointers(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		getOp := must(Fn1[uintptr, int32](lib, "get_op"))(t)
		apply := newFuncT(t, lib, "apply_op", types.Int, types.VoidP, types.Int, types.Int)
		for which := int32(0); which < 3; which++ {
			p := getOp(which)
			op := must(Fn2[int32, int32, int32](nil, "op", At(p)))(t)
			// apply_op(f, a, b) is C calling the same pointer.
			want, err := CallAs[int32](apply, p, 7, 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := op(7, 3); got != want {
				t.Errorf("op %d bound At its address: %d, C says %d", which, got, want)
			}
			// With a library: a call after its Close panics as for its
			// other bindings.
			_ = must(Fn2[int32, int32, int32](lib, "op", At(p)))(t)
		}
		// A Go func as the function pointer parameter, its prototype
		// declared and checked.
		applyT := must(Fn3[int32, func(int32, int32) int32, int32, int32](lib, "apply_op",
			ArgType(1, types.FuncType(types.Int, types.Int, types.Int))))(t)
		if got := applyT(func(a, b int32) int32 { return a*10 + b }, 4, 2); got != 42 {
			t.Errorf("apply_op with a Go func = %d", got)
		}
	})
	// Bound At an address with its library: Close ends its calls too.
	other, err := CDLL(cbuild.Test(t, "typed"))
	if err != nil {
		t.Fatal(err)
	}
	getOp := must(Fn1[uintptr, int32](other, "get_op"))(t)
	sub := must(Fn2[int32, int32, int32](other, "sub", At(getOp(1))))(t)
	if got := sub(7, 3); got != 4 {
		t.Errorf("sub(7, 3) = %d", got)
	}
	other.Close()
	func() {
		defer func() {
			if err, _ := recover().(error); !errors.Is(err, ErrClosed) {
				t.Errorf("a call At an address of a closed library: %v, want a panic with ErrClosed", err)
			}
		}()
		sub(7, 3)
	}()
	getOp = must(Fn1[uintptr, int32](lib, "get_op"))(t)
	var mul func(int32, int32) int32
	if err := BindFunc(nil, "mul", &mul, At(getOp(2))); err != nil || mul(6, 7) != 42 {
		t.Errorf("BindFunc At an address: %v", err)
	}
	if err := BindFunc(nil, "mul", mul); !errors.Is(err, ErrSignature) {
		t.Errorf("BindFunc(nil, a func value): %v, want ErrSignature", err)
	}
	_, err = Fn2[int32, int32, int32](nil, "op", At(0))
	if !errors.Is(err, ErrSymbol) {
		t.Errorf("At(0): %v, want ErrSymbol", err)
	}
	_, err = Fn2[int32, int32, int32](nil, "op")
	if !errors.Is(err, ErrSymbol) {
		t.Errorf("no library, no At: %v, want ErrSymbol", err)
	}
	// A Go func of another prototype than the declared one: refused at
	// bind time, naming both.
	_, err = Fn3[int32, func(float64) float64, int32, int32](lib, "apply_op",
		ArgType(1, types.FuncType(types.Int, types.Int, types.Int)))
	var pe *ProtoError
	if !errors.As(err, &pe) || !errors.Is(err, ErrSignature) {
		t.Errorf("func(float64) float64 where int(*)(int, int) is declared: %v, want a *ProtoError", err)
	} else if !strings.Contains(err.Error(), "argument 1") {
		t.Errorf("%v does not name the argument", err)
	}
}

// TestTypedCallbackProto: a *Callback made for one prototype, passed to a
// typed binding that declares another, is refused naming both.
func TestTypedCallbackProto(t *testing.T) {
	lib := typedLib(t)
	dd := types.FuncType(types.Double, types.Double)
	applyDD := must(Fn2[float64, *Callback, float64](lib, "apply_dd", ArgType(1, dd)))(t)
	good := must(CallbackFn1[float64, float64](func(x float64) float64 { return x * x }))(t)
	defer good.Free()
	ref := newFuncT(t, lib, "apply_dd", types.Double, dd, types.Double)
	want, err := CallAs[float64](ref, good, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	if got := applyDD(good, 1.5); got != want || got != 2.25 {
		t.Errorf("apply_dd with a double(double) callback = %v, C says %v", got, want)
	}
	bad := must(CallbackFn1[int32, int32](func(x int32) int32 { return x }))(t)
	defer bad.Free()
	func() {
		defer func() {
			err, _ := recover().(error)
			var pe *ProtoError
			if !errors.As(err, &pe) || !errors.Is(err, ErrArgument) {
				t.Fatalf("int(int) callback where double(double) is declared: %v, want a panic with a *ProtoError", err)
			}
			for _, w := range []string{"argument 1", pe.Got.Name(), pe.Want.Name()} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		}()
		applyDD(bad, 1.5)
		t.Error("the call ran")
	}()
	// The ctypes surface refuses it the same way.
	if _, err := ref.Call(bad, 1.5); !errors.As(err, new(*ProtoError)) {
		t.Errorf("Func.Call: %v, want a *ProtoError", err)
	}
	_, err = Fn2[float64, float64, float64](lib, "apply_dd", ArgType(1, dd))
	wantSigErr(t, "float64 for a function pointer", err, "argument 1", "float64")
}

func TestTypedCallbackPointerParams(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		// int64 visit_pairs(struct Pair *, int, int (*)(struct Pair *, int)):
		// the callback reads and changes each pair through its pointer.
		visit := func(p *tpair, i int32) int32 {
			r := p.A + p.B*int32(i)
			p.A *= 2
			return r
		}
		cb := must(CallbackFn2[int32, *tpair, int32](visit))(t)
		defer cb.Free()
		ps := []tpair{{1, 2}, {3, 4}, {5, 6}}
		// (The ctypes surface takes no []tpair for POINTER(Pair): void*.)
		ref := newFuncT(t, lib, "visit_pairs", types.Int64, types.VoidP, types.Int,
			types.FuncType(types.Int, types.PointerTo(pairT), types.Int))
		got, err := CallAs[int64](ref, unsafe.Pointer(&ps[0]), 3, cb)
		if err != nil {
			t.Fatal(err)
		}
		// C weighs what the callback returned: 1*(1+0) + 2*(3+4) + 3*(5+12).
		if got != 1+14+51 || ps[0].A != 2 || ps[1].A != 6 || ps[2].A != 10 {
			t.Errorf("visit_pairs = %d, pairs %v", got, ps)
		}
		// The same through a typed binding taking a Go func, and through
		// the reflect path.
		vt := must(Fn3[int64, []tpair, int32, func(*tpair, int32) int32](lib, "visit_pairs"))(t)
		ps = []tpair{{1, 2}, {3, 4}, {5, 6}}
		if got := vt(ps, 3, visit); got != 66 || ps[2].A != 10 {
			t.Errorf("typed visit_pairs = %d, pairs %v", got, ps)
		}
		rcb := must(NewCallbackFunc(visit))(t)
		defer rcb.Free()
		ps = []tpair{{1, 2}, {3, 4}, {5, 6}}
		if got, err := CallAs[int64](ref, unsafe.Pointer(&ps[0]), 3, rcb); got != 66 || err != nil || ps[1].A != 6 {
			t.Errorf("NewCallbackFunc visit_pairs = %d, %v, pairs %v", got, err, ps)
		}
	})
	// A *T result would hand C a Go pointer: refused.
	_, err := CallbackFn1[*tpair, int32](func(int32) *tpair { return nil })
	wantSigErr(t, "callback *T result", err, "Go pointer")
	// A *T of Go memory holding pointers stays refused.
	type withPtr struct{ P *int }
	_, err = CallbackProc1[*withPtr](func(*withPtr) {})
	wantSigErr(t, "callback *struct{P *int}", err, "field P")
}

func TestTypedArraysAsPointers(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		pd := types.PointerTo(types.Double)
		ref := newFuncT(t, lib, "wsum3", types.Double, pd)
		want, err := CallAs[float64](ref, []float64{1, 2, 4})
		if err != nil {
			t.Fatal(err)
		}
		byArr := must(Fn1[float64, *[3]float64](lib, "wsum3", ArgType(1, pd)))(t)
		bySlice := must(Fn1[float64, []float64](lib, "wsum3", ArgType(1, pd)))(t)
		if a, s := byArr(&[3]float64{1, 2, 4}), bySlice([]float64{1, 2, 4}); a != want || s != want {
			t.Errorf("wsum3: *[3]float64 %v, []float64 %v, C says %v", a, s, want)
		}
		scale := must(Proc3[*[3]tpair, int32, int32](lib, "scale_pairs", ArgType(1, types.PointerTo(pairT))))(t)
		ps := [3]tpair{{1, 2}, {3, 4}, {5, 6}}
		scale(&ps, 3, -2)
		if ps != [3]tpair{{-2, -4}, {-6, -8}, {-10, -12}} {
			t.Errorf("scale_pairs through *[3]Pair: %v", ps)
		}
	})
	_, err := Fn1[float64, *[3]float32](lib, "wsum3", ArgType(1, types.PointerTo(types.Double)))
	wantSigErr(t, "*[3]float32 for double*", err, "argument 1", "float32", "c_double")
	_, err = Fn1[float64, float64](lib, "wsum3", ArgType(1, types.PointerTo(types.Double)))
	wantSigErr(t, "float64 for double*", err, "argument 1", "C pointer")
}

func TestTypedLongDoublePointer(t *testing.T) {
	lib := typedLib(t)
	pld := types.PointerTo(types.LongDouble)
	scale := must(Proc2[unsafe.Pointer, int32](lib, "ld_scale", ArgType(1, pld)))(t)
	get := must(Fn1[float64, unsafe.Pointer](lib, "ld_get", ArgType(1, pld)))(t)
	v := types.LongDouble.MustNew(1.5)
	scale(v.UnsafePointer(), 4)
	want, _ := v.Float()
	if got := get(v.UnsafePointer()); got != want {
		t.Errorf("ld_get = %v, the Value reads %v", got, want)
	}
	if want != 6+1.0/3 {
		t.Errorf("ld_scale(1.5, 4) = %v", want)
	}
	// A Go type of its size holds it too (*[16]byte on x87 and binary128).
	if types.LongDouble.Size() == 16 {
		getB := must(Fn1[float64, *[2]uint64](lib, "ld_get", ArgType(1, pld)))(t)
		var w [2]uint64
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&w)), 16), v.Bytes())
		if got := getB(&w); got != want {
			t.Errorf("ld_get through *[2]uint64 = %v, want %v", got, want)
		}
	}
	// By value it is refused when bound, naming the argument.
	if types.LongDouble.Kind() == types.KindLongDouble {
		_, err := Fn1[float64, [16]byte](lib, "ld_get", ArgType(1, types.LongDouble))
		wantSigErr(t, "long double by value", err, "argument 1", "long double")
	}
}

// TestTypedGoPointerFields: Go structs holding Go pointers or headers are
// refused when bound, with an error naming the field; the opt-in is a
// types.Value, whose pointer fields pin what they point to.
func TestTypedGoPointerFields(t *testing.T) {
	lib := typedLib(t)
	type withPtr struct {
		P *float64
		N int32
	}
	type withString struct{ Name string }
	type withSlice struct{ Data []float64 }
	type withMap struct{ Index map[int]int }
	type withIface struct{ Any any }
	for name, err := range map[string]error{
		"P":     second(Fn1[float64, *withPtr](lib, "buf_sum")),
		"Name":  second(Fn1[float64, withString](lib, "buf_sum")),
		"Data":  second(Fn1[float64, *withSlice](lib, "buf_sum")),
		"Index": second(Fn1[float64, []withMap](lib, "buf_sum")),
		"Any":   second(Fn1[float64, withIface](lib, "buf_sum")),
	} {
		wantSigErr(t, "field "+name, err, "field "+name, "argument 1")
	}
	// The opt-in: the struct as a types.Value, declared as the pointee.
	bufT := types.MustStructOf("Buf", []types.Field{types.F("p", types.PointerTo(types.Double)), types.F("n", types.Int32)})
	data := []float64{1, 2, 3.5}
	bv := bufT.MustNew()
	if err := bv.Field("p").Set(data); err != nil {
		t.Fatal(err)
	}
	bv.Field("n").Set(3)
	sum := must(Fn1[float64, unsafe.Pointer](lib, "buf_sum", ArgType(1, types.PointerTo(bufT))))(t)
	ref := newFuncT(t, lib, "buf_sum", types.Double, types.PointerTo(bufT))
	want, err := CallAs[float64](ref, types.Byref(bv))
	if err != nil {
		t.Fatal(err)
	}
	if got := sum(bv.UnsafePointer()); got != want || got != 6.5 {
		t.Errorf("buf_sum of a Value = %v, C says %v", got, want)
	}
	// Or the *types.Value itself, kept alive (with what it pins) for the
	// call, checked against the declared pointee when passed.
	engines(t, func(t *testing.T) {
		sumV := must(Fn1[float64, *types.Value](lib, "buf_sum", ArgType(1, types.PointerTo(bufT))))(t)
		if got := sumV(bv); got != want {
			t.Errorf("buf_sum of a *types.Value = %v, C says %v", got, want)
		}
		var anyV func(*types.Value) float64
		if err := BindFunc(lib, "buf_sum", &anyV); err != nil {
			t.Fatal(err)
		}
		if got := anyV(bv); got != want {
			t.Errorf("BindFunc buf_sum of a *types.Value (void*) = %v, C says %v", got, want)
		}
		for name, v := range map[string]*types.Value{"a c_double Value": types.Double.MustNew(1.0), "a nil Value": nil} {
			func() {
				defer func() {
					err, _ := recover().(error)
					if !errors.Is(err, ErrArgument) || !strings.Contains(err.Error(), "argument 1") {
						t.Errorf("%s where LP_Buf is declared: %v, want a panic with ErrArgument naming argument 1", name, err)
					}
				}()
				sumV(v)
				t.Errorf("%s: the call ran", name)
			}()
		}
	})
	// The Value is the only reference to its memory and to the Go slice
	// its pointer field holds: a collection during the calls frees
	// neither (C sums what the slice held).
	sumV := must(Fn1[float64, *types.Value](lib, "buf_sum", ArgType(1, types.PointerTo(bufT))))(t)
	fresh := func(k int) *types.Value {
		v := bufT.MustNew()
		d := make([]float64, 64)
		for i := range d {
			d[i] = float64(k)
		}
		v.Field("p").Set(d)
		v.Field("n").Set(len(d))
		return v
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	for k := range 300 {
		if got := sumV(fresh(k)); got != float64(64*k) {
			t.Errorf("buf_sum of a fresh Value %d = %v, want %v", k, got, 64*k)
			break
		}
	}
	close(stop)
	<-done
	_, err = Fn1[*types.Value, int32](lib, "get_op")
	wantSigErr(t, "*types.Value result", err, "result")
	_, err = CallbackFn1[int32, *types.Value](func(*types.Value) int32 { return 0 })
	wantSigErr(t, "*types.Value callback parameter", err, "Go pointers")
}

func second[F any](_ F, err error) error { return err }

// TestTypedDeclarationErrors: declarations that cannot hold are refused
// when the binding is made, naming the argument and both types.
func TestTypedDeclarationErrors(t *testing.T) {
	lib := typedLib(t)
	for _, c := range []struct {
		name  string
		err   error
		words []string
	}{
		{"int for int64", second(Fn2[int32, int64, int32](lib, "set_errno_ret", ArgType(1, types.Int))), []string{"argument 1", "c_int", "int64", "sizes differ"}},
		{"double for uint64", second(Fn2[int32, uint64, int32](lib, "set_errno_ret", ArgType(1, types.Double))), []string{"argument 1", "c_double", "uint64", "floating-point"}},
		{"ArgType(0)", second(Fn2[int32, int32, int32](lib, "set_errno_ret", ArgType(0, types.Int))), []string{"numbered from 1"}},
		{"ArgType(3) of 2", second(Fn2[int32, int32, int32](lib, "set_errno_ret", ArgType(3, types.Int))), []string{"ArgType(3"}},
		{"ResultType of a Proc", second(Proc1[int32](lib, "set_errno_void", ResultType(types.Int))), []string{"no result"}},
		{"void declared", second(Fn1[int32, int32](lib, "set_errno_void", ResultType(types.Void))), []string{"no value"}},
		{"union for a string", second(Fn1[int32, string](lib, "uif_bits", ArgType(1, uifT))), []string{"argument 1", "UIF", "string"}},
		{"array result", second(Fn1[[4]byte, int32](lib, "uif_bits", ResultType(types.MustArrayOf(types.Char, 4)))), []string{"array"}},
	} {
		wantSigErr(t, c.name, c.err, c.words...)
	}
	// A declared scalar of the Go type's size passes: long for int64.
	if _, err := Fn2[int32, int32, int32](lib, "set_errno_ret", ArgType(1, types.Int32), ResultType(types.Int)); err != nil {
		t.Errorf("c_int for int32: %v", err)
	}
}

// TestTypedMisuseRunsNoC: what a typed binding refuses when called (a
// callback of another prototype than the declared one, a *types.Value of
// another type than the declared pointee) is refused before C runs
// (testdata/misuse.c counts its calls).
func TestTypedMisuseRunsNoC(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	calls := must(Fn0[int32](lib, "get_calls"))(t)
	ii := types.FuncType(types.Int, types.Int)
	touchFn := must(Fn2[int32, *Callback, int32](lib, "touch_fn", ArgType(1, ii)))(t)
	touchDptr := must(Fn1[float64, *types.Value](lib, "touch_dptr", ArgType(1, types.PointerTo(types.Double))))(t)
	dd := must(CallbackFn1[float64, float64](func(x float64) float64 { return x }))(t)
	defer dd.Free()
	id := must(CallbackFn1[int32, int32](func(x int32) int32 { return x + 1 }))(t)
	defer id.Free()
	for name, call := range map[string]func(){
		"double(double) callback for int(*)(int)": func() { touchFn(dd, 1) },
		"c_int Value for double*":                 func() { touchDptr(types.Int.MustNew(1)) },
	} {
		before := calls()
		func() {
			defer func() {
				if err, _ := recover().(error); !errors.Is(err, ErrArgument) {
					t.Errorf("%s: %v, want a panic with ErrArgument", name, err)
				}
			}()
			call()
		}()
		if n := calls() - before; n != 0 {
			t.Errorf("%s: C ran %d time(s)", name, n)
		}
	}
	// The right ones run.
	if r := touchFn(id, 41); r != 42 {
		t.Errorf("touch_fn(x+1, 41) = %d", r)
	}
	if r := touchDptr(types.Double.MustNew(2.5)); r != 2.5 {
		t.Errorf("touch_dptr(2.5) = %v", r)
	}
}

// TestTypedCallbackDeclared: typed callbacks take and return a union and
// a packed struct by value, declared with ArgType and ResultType, C
// passing and reading them (testdata/typed.c's call_* functions).
func TestTypedCallbackDeclared(t *testing.T) {
	lib := typedLib(t)
	engines(t, func(t *testing.T) {
		// float call_uif(float (*f)(union UIF), float x): f reads the float.
		twice := must(CallbackFn1[float32, uint32](func(u uint32) float32 { return 2 * math.Float32frombits(u) }, ArgType(1, uifT)))(t)
		defer twice.Free()
		callUIF := must(Fn2[float32, *Callback, float32](lib, "call_uif", ArgType(1, types.FuncType(types.Float, uifT))))(t)
		if got := callUIF(twice, 1.75); got != 3.5 {
			t.Errorf("call_uif(2*u.f, 1.75) = %v", got)
		}
		// int32 call_get_uif(union UIF (*f)(int32_t), int32_t i): C reads
		// the union's int and adds 1.
		get := must(CallbackFn1[[4]byte, int32](func(i int32) (b [4]byte) {
			binary.NativeEndian.PutUint32(b[:], uint32(i*10))
			return b
		}, ResultType(uifT)))(t)
		defer get.Free()
		callGet := must(Fn2[int32, *Callback, int32](lib, "call_get_uif"))(t)
		if got := callGet(get, 4); got != 41 {
			t.Errorf("call_get_uif(i*10, 4) = %v, want 41", got)
		}
		if forceLibffi {
			return // libffi cannot pass packed structs by value on x86-64
		}
		// int64 call_pci(int64 (*f)(struct PCI, int), char, int32): f
		// reads the packed struct C made.
		weigh := func(p [5]byte, k int32) int64 {
			v, _ := types.FromBufferCopy(pciT, p[:], 0)
			c, _ := v.Field("c").Int()
			i, _ := v.Field("i").Int()
			return (c*1000 + i) * int64(k)
		}
		cb := must(CallbackFn2[int64, [5]byte, int32](weigh, ArgType(1, pciT)))(t)
		defer cb.Free()
		callPCI := must(Fn3[int64, *Callback, int8, int32](lib, "call_pci"))(t)
		if got := callPCI(cb, 2, -7); got != (2000-7)*3 {
			t.Errorf("call_pci = %d, want %d", got, (2000-7)*3)
		}
		// struct PCI call_get_pci(struct PCI (*f)(char, int32_t), ...):
		// the Go callback returns the packed bytes, C returns them on.
		mk := must(CallbackFn2[[5]byte, int8, int32](func(c int8, i int32) [5]byte {
			v := pciT.MustNew(c, i)
			return [5]byte(v.Bytes())
		}, ResultType(pciT)))(t)
		defer mk.Free()
		callMk := must(Fn3[[5]byte, *Callback, int8, int32](lib, "call_get_pci", ResultType(pciT)))(t)
		want := must(Fn2[[5]byte, int8, int32](lib, "pci_make", ResultType(pciT)))(t)('q', 123456)
		if got := callMk(mk, 'q', 123456); got != want {
			t.Errorf("call_get_pci = % x, C's pci_make % x", got, want)
		}
	})
	_, err := CallbackFn1[float32, uint16](func(uint16) float32 { return 0 }, ArgType(1, uifT))
	wantSigErr(t, "uint16 for union UIF", err, "argument 1", "UIF", "sizes differ")
	_, err = CallbackFn1[float32, float32](func(float32) float32 { return 0 }, Leaf(0))
	wantSigErr(t, "Leaf for a callback", err, "Leaf")
	_, err = CallbackFn1[*tpair, int32](func(int32) *tpair { return nil }, ResultType(types.PointerTo(pairT)))
	wantSigErr(t, "*T result declared", err, "Go pointer")
}
