package ffi

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
)

type cbPt struct {
	X float64
	Y int32
}

// checkWidth has C call a typed callback returning its argument with the
// type's limits and 0 (testdata/callback.c check_<name>): C says whether
// what came back is what it passed.
func checkWidth[T any](t *testing.T, lib *Library, name string) {
	t.Helper()
	cb, err := CallbackFn1[T, T](func(x T) T { return x })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	check, err := Fn1[int32, *Callback](lib, "check_"+name)
	if err != nil {
		t.Fatal(err)
	}
	if got := check(cb); got != 1 {
		t.Errorf("check_%s: C got back something else than it passed (%d)", name, got)
	}
}

// rawResult has C call a typed callback returning x as if it returned a
// whole register (testdata/callback.c raw_result): the register holds x
// widened with its type's sign (want).
func rawResult[T any](t *testing.T, lib *Library, x T, want int64) {
	t.Helper()
	cb, err := CallbackFn0[T](func() T { return x })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	if callbackEngine(t, cb) == "libffi" {
		testenv.Skip(t, "callbacks are libffi closures on "+testenv.Platform()+", which widen a result as libffi does")
	}
	raw, err := Fn1[int64, *Callback](lib, "raw_result")
	if err != nil {
		t.Fatal(err)
	}
	if got := raw(cb); got != want {
		t.Errorf("a %T callback returning %v left %#x in its register, want %#x", x, x, got, want)
	}
}

// TestTypedCallbackResultsWidened: a typed callback's integer result of
// 1, 2 or 4 bytes, or bool, fills the result register, sign-extended for
// a signed type and zero-extended otherwise, as C converts it.
func TestTypedCallbackResultsWidened(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "callback"))
	if err != nil {
		t.Fatal(err)
	}
	rawResult(t, lib, int8(-2), -2)
	rawResult(t, lib, uint8(0xfe), 0xfe)
	rawResult(t, lib, int16(-3), -3)
	rawResult(t, lib, uint16(0xfffd), 0xfffd)
	rawResult(t, lib, int32(-4), -4)
	rawResult(t, lib, uint32(0xfffffffc), 0xfffffffc)
	rawResult(t, lib, true, 1)
}

// TestTypedCallbacks checks CallbackFn*/CallbackProc* against C: every
// integer width and both floats round-tripped (C checks the values), a
// struct by value both ways against C's own function, twenty arguments
// against C's sum, a callback from a C thread, both engines.
func TestTypedCallbacks(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "callback"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		checkWidth[int8](t, lib, "i8")
		checkWidth[uint8](t, lib, "u8")
		checkWidth[int16](t, lib, "i16")
		checkWidth[uint16](t, lib, "u16")
		checkWidth[int32](t, lib, "i32")
		checkWidth[uint32](t, lib, "u32")
		checkWidth[int64](t, lib, "i64")
		checkWidth[uint64](t, lib, "u64")
		checkWidth[float32](t, lib, "f32")
		checkWidth[float64](t, lib, "f64")

		scale, err := CallbackFn2[cbPt, cbPt, int32](func(p cbPt, k int32) cbPt { return cbPt{p.X * float64(k), p.Y + k} })
		if err != nil {
			t.Fatal(err)
		}
		defer scale.Free()
		apply, _ := Fn3[cbPt, *Callback, cbPt, int32](lib, "apply_pt")
		ref, _ := Fn2[cbPt, cbPt, int32](lib, "scale_pt")
		if got, want := apply(scale, cbPt{1.5, 4}, 3), ref(cbPt{1.5, 4}, 3); got != want {
			t.Errorf("apply_pt through a typed callback: %v, C's scale_pt: %v", got, want)
		}

		type I = int32
		type D = float64
		many, err := CallbackFn20[D, I, D, I, D, I, D, I, D, I, D, I, D, I, D, I, D, I, D, I, D](
			func(a1 I, b1 D, a2 I, b2 D, a3 I, b3 D, a4 I, b4 D, a5 I, b5 D, a6 I, b6 D, a7 I, b7 D, a8 I, b8 D, a9 I, b9 D, a10 I, b10 D) D {
				// The sum C's many_expected computes: a*a + b*(a+0.25) per pair.
				s := 0.0
				for _, p := range [][2]D{{D(a1), b1}, {D(a2), b2}, {D(a3), b3}, {D(a4), b4}, {D(a5), b5}, {D(a6), b6}, {D(a7), b7}, {D(a8), b8}, {D(a9), b9}, {D(a10), b10}} {
					s += p[0]*p[0] + p[1]*(p[0]+0.25)
				}
				return s
			})
		if err != nil {
			t.Fatal(err)
		}
		defer many.Free()
		callMany, _ := Fn1[float64, *Callback](lib, "call_many")
		expected, _ := Fn0[float64](lib, "many_expected")
		if got, want := callMany(many), expected(); got != want {
			t.Errorf("call_many through a typed callback: %v, C computes %v", got, want)
		}

		var seen int32
		inc, err := CallbackFn1[int32, int32](func(x int32) int32 { seen++; return x + 1 })
		if err != nil {
			t.Fatal(err)
		}
		defer inc.Free()
		inThread, _ := Fn2[int32, *Callback, int32](lib, "call_in_thread")
		if got := inThread(inc, 41); got != 42 || seen != 1 {
			t.Errorf("call_in_thread: %d (callback ran %d times), want 42 once", got, seen)
		}

		var got unsafe.Pointer
		note, err := CallbackProc1(func(p unsafe.Pointer) { got = p })
		if err != nil {
			t.Fatal(err)
		}
		defer note.Free()
		if note.FuncAddr() == 0 {
			t.Error("CallbackProc1 made no function pointer")
		}
		_ = got
	})
}

// TestTypedCallbackErrors: a Go type C cannot receive is refused when the
// callback is made, naming the argument.
func TestTypedCallbackErrors(t *testing.T) {
	_, err := CallbackFn1[int32, string](func(string) int32 { return 0 })
	var ce *CallError
	if !errors.Is(err, ErrSignature) || !errors.As(err, &ce) || ce.Arg != 1 {
		t.Errorf("a string parameter: %v, want ErrSignature naming argument 1", err)
	}
	if _, err := CallbackFn0[int32](nil); !errors.Is(err, ErrSignature) {
		t.Errorf("a nil func: %v, want ErrSignature", err)
	}
}
