package ffi

import (
	"fmt"
	"sync"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// deepStack uses about n KiB of goroutine stack, so that a goroutine
// running it grows (and moves) its stack.
//
//go:noinline
func deepStack(n int) int32 {
	var pad [1024]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return int32(pad[0])
	}
	return deepStack(n-1) + int32(pad[n%len(pad)]&1)
}

// TestOutParamAfterCallback: C writes through output parameters after a
// callback into Go that moved the goroutine stack; the Go variables (on
// the caller's stack, CallAs's arguments do not escape) get what C wrote.
func TestOutParamAfterCallback(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "outparam"))
	if err != nil {
		t.Fatal(err)
	}
	cbT := types.FuncType(types.Int32, types.Int32)
	var f *Func // made in each engine's run, so that each plans its own
	ref := newFuncT(t, lib, "out_ref", types.Int32, types.Int32)
	dref := newFuncT(t, lib, "dout_ref", types.Double, types.Int32)
	cb, err := NewCallbackFunc(func(x int32) int32 { return x + deepStack(512) })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	// Each API its own variables: Func.Call's arguments escape (they are
	// on the heap), CallAs's do not (on the caller's stack).
	viaCallAs := func() (r, out int32, dout float64, err error) {
		r, err = CallAs[int32](f, cb, int32(7), &out, &dout)
		return r, out, dout, err
	}
	viaCall := func() (r, out int32, dout float64, err error) {
		var res any
		if res, err = f.Call(cb, int32(7), &out, &dout); err == nil {
			r = int32(res.(int64))
		}
		return r, out, dout, err
	}
	engines(t, func(t *testing.T) {
		f = newFuncT(t, lib, "out_after_cb", types.Int32, cbT, types.Int32, types.PointerTo(types.Int32), types.PointerTo(types.Double))
		for api, call := range map[string]func() (int32, int32, float64, error){"CallAs": viaCallAs, "Call": viaCall} {
			r, out, dout, err := call()
			if err != nil {
				t.Fatal(err)
			}
			want, _ := CallAs[int32](ref, r)
			dwant, _ := CallAs[float64](dref, r)
			if out != want || dout != dwant {
				t.Errorf("%s: C wrote %d, %v after the callback; out_ref, dout_ref give %d, %v", api, out, dout, want, dwant)
			}
		}
	})
}

// TestOutParamConcurrent: many goroutines pass output parameters to one
// Func at once (one of them gets the plan's cells, the others cells of
// their own); each gets what C wrote for its own value.
func TestOutParamConcurrent(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "outparam"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "out_scale", types.Int64, types.PointerTo(types.Int64), types.Int64)
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 500 {
					v := int64(g*1000 + i)
					io := v
					got, err := CallAs[int64](f, &io, int64(g+2))
					if err != nil {
						errs <- err.Error()
						return
					}
					// C returned what it read and wrote back v*k+1;
					// C's own out_scale on C's copy must agree.
					c := v
					if _, err := f.Call(&c, int64(g+2)); err != nil {
						errs <- err.Error()
						return
					}
					if got != v || io != c {
						errs <- fmt.Sprintf("goroutine read or wrote another's output parameter: got %d v %d io %d c %d", got, v, io, c)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	})
}

// The structs of testdata/outparam.c's out_structs_after_cb, in Go.
type (
	os3  struct{ A, B, C int8 }
	os16 struct {
		X float64
		K int32
	}
	os48 struct {
		V [5]float64
		T uint8
	}
	os132 struct{ V [33]int32 }
)

// osSum is what out_structs_after_cb returns for its inputs.
func osSum(a os3, b os16, c os48, d os132) int64 {
	s := int64(a.A) + int64(a.B) + int64(a.C) + int64(b.X) + int64(b.K) + int64(c.T)
	for _, v := range c.V {
		s += int64(v)
	}
	for _, v := range d.V {
		s += int64(v)
	}
	return s
}

// TestOutStructsAfterCallback: Go pointers to Go structs for struct
// pointers (3, 16 and 48 bytes, output parameters the engine or the
// plan's cells copy, and 132, over them: a heap copy) are read by C and
// written after a callback into Go that moved the goroutine stack, from
// many goroutines at once; each gets what C's os_ref writes, through
// CallAs (its variables on the stack; with the last as an unsafe.Pointer,
// and the callback's too, on the boxed path) and Func.Call (on the heap),
// and from the first call on (the Go type is learnt on the first).
func TestOutStructsAfterCallback(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "outparam"))
	if err != nil {
		t.Fatal(err)
	}
	st := func(name string, fields ...types.Field) *types.Type {
		s, err := types.StructOf(name, fields)
		if err != nil {
			t.Fatal(err)
		}
		return types.PointerTo(s)
	}
	p3 := st("os3", types.F("a", types.Int8), types.F("b", types.Int8), types.F("c", types.Int8))
	p16 := st("os16", types.F("x", types.Double), types.F("k", types.Int32))
	p48 := st("os48", types.F("v", types.MustArrayOf(types.Double, 5)), types.F("t", types.Uint8))
	p132 := st("os132", types.F("v", types.MustArrayOf(types.Int32, 33)))
	cbT := types.FuncType(types.Int32, types.Int32)
	cb, err := NewCallbackFunc(func(x int32) int32 { deepStack(512); return 2*x + 1 })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	ref := newFuncT(t, lib, "os_ref", types.Void, types.Int32, p3, p16, p48, p132)
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "out_structs_after_cb", types.Int64, cbT, types.Int32, p3, p16, p48, p132)
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 50 {
					seed := int32(g*100 + i)
					a, b, c, d := os3{1, 2, int8(g)}, os16{X: 3.5, K: int32(i)}, os48{V: [5]float64{1, 2, 3, 4, float64(i)}, T: 9}, os132{}
					d.V[32] = int32(g)
					sum := osSum(a, b, c, d)
					var got int64
					var err error
					switch i % 4 {
					case 0:
						got, err = CallAs[int64](f, cb, seed, &a, &b, &c, &d)
					case 1, 2:
						// d as C memory would be; with the callback's
						// address too, every argument is boxed (the Go
						// struct pointers in the boxed form that copies
						// them, boxedS).
						dh := new(os132)
						escapes(unsafe.Pointer(dh)) // on the heap: a stack address is refused
						*dh = d
						var fp any = cb
						if i%4 == 2 {
							addr := cb.FuncAddr()
							fp = *(*unsafe.Pointer)(unsafe.Pointer(&addr))
						}
						got, err = CallAs[int64](f, fp, seed, &a, &b, &c, unsafe.Pointer(dh))
						d = *dh
					default:
						var r any
						r, err = f.Call(cb, seed, &a, &b, &c, &d)
						got, _ = r.(int64)
					}
					if err != nil {
						errs <- err.Error()
						return
					}
					var wa os3
					var wb os16
					var wc os48
					var wd os132
					if _, err := ref.Call(2*seed+1, &wa, &wb, &wc, &wd); err != nil {
						errs <- err.Error()
						return
					}
					if got != sum || a != wa || b != wb || c != wc || d != wd {
						errs <- fmt.Sprintf("call %d of goroutine %d: C read %d (want %d), wrote %v %v %v %v, os_ref says %v %v %v %v", i, g, got, sum, a, b, c, d.V[:3], wa, wb, wc, wd.V[:3])
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	})
}

// TestNilPointerArgs: a nil Go pointer for a pointer parameter (an output
// parameter's *int32, a struct's *P) reaches C as NULL, as an untyped nil
// does, through typed bindings, CallAs's direct leaf call (which takes
// output parameters in place), ordinary calls and Func.Call (a nil
// *int32 was refused there: "*int32 cannot be used as LP_c_int"), on both
// engines; a non-nil one is the variable itself.
func TestNilPointerArgs(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		for _, opts := range [][]BindOption{nil, {Leaf(0)}} {
			tp, err := Fn1[int32, *int32](lib, "touch_ptr", opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := tp(nil); got != -1 {
				t.Errorf("typed touch_ptr(nil), %d options = %d, want -1 (C saw NULL)", len(opts), got)
			}
		}
		for _, leaf := range []bool{false, true} {
			f, err := NewFunc(tick0AddrOf(t, lib, "touch_ptr"), "touch_ptr", types.Int, types.PointerTo(types.Int))
			if err != nil {
				t.Fatal(err)
			}
			f.Leaf = leaf
			x := int32(5)
			for i := 0; i < 3; i++ { // the first call learns R; the others take the direct way
				if got, err := CallAs[int32](f, (*int32)(nil)); err != nil || got != -1 {
					t.Errorf("leaf %v: CallAs touch_ptr(nil) = %d, %v; want -1 (C saw NULL)", leaf, got, err)
				}
				if got, err := CallAs[int32](f, &x); err != nil || got != 5 {
					t.Errorf("leaf %v: CallAs touch_ptr(&x) = %d, %v; want 5", leaf, got, err)
				}
				if got, err := f.Call((*int32)(nil)); err != nil || got != int64(-1) {
					t.Errorf("leaf %v: Func.Call touch_ptr(nil) = %v, %v; want -1 (C saw NULL)", leaf, got, err)
				}
				if got, err := f.Call(nil); err != nil || got != int64(-1) {
					t.Errorf("leaf %v: Func.Call touch_ptr(untyped nil) = %v, %v; want -1 (C saw NULL)", leaf, got, err)
				}
			}
		}
		type P struct {
			X float64
			Y int32
		}
		st, err := types.StructOf("P", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
		if err != nil {
			t.Fatal(err)
		}
		p := &P{Y: 7}
		for _, leaf := range []bool{false, true} {
			f, err := NewFunc(tick0AddrOf(t, lib, "touch_sptr"), "touch_sptr", types.Int, types.PointerTo(st))
			if err != nil {
				t.Fatal(err)
			}
			f.Leaf = leaf
			for i := 0; i < 3; i++ {
				if got, err := CallAs[int32](f, (*P)(nil)); err != nil || got != -1 {
					t.Errorf("leaf %v: CallAs touch_sptr(nil) = %d, %v; want -1", leaf, got, err)
				}
				if got, err := CallAs[int32](f, p); err != nil || got != 7 {
					t.Errorf("leaf %v: CallAs touch_sptr(p) = %d, %v; want 7", leaf, got, err)
				}
				if got, err := f.Call((*P)(nil)); err != nil || got != int64(-1) {
					t.Errorf("leaf %v: Func.Call touch_sptr(nil) = %v, %v; want -1", leaf, got, err)
				}
			}
			var opts []BindOption
			if leaf {
				opts = append(opts, Leaf(0))
			}
			tp, err := Fn1[int32, *P](lib, "touch_sptr", opts...)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := tp(nil), tp(p); a != -1 || b != 7 {
				t.Errorf("typed touch_sptr, leaf %v: nil -> %d, p -> %d; want -1, 7", leaf, a, b)
			}
		}
	})
}
