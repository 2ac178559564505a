package ffi

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// misuseLib loads testdata/misuse.c, whose functions count their calls.
func misuseLib(t *testing.T) (*Library, func() int) {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	get := newFuncT(t, lib, "get_calls", types.Int)
	reset := newFuncT(t, lib, "reset_calls", nil)
	return lib, func() int {
		n, err := CallAs[int](get)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reset.Call(); err != nil {
			t.Fatal(err)
		}
		return n
	}
}

// catch runs f and returns the error it returned or the error value it
// panicked with (typed bindings, which have no error result).
func catch(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
				return
			}
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

// TestMisuse: every misuse the toolkit can detect gives the documented
// error (errors.Is), and where the error is knowable before the call, C
// does not run.
func TestMisuse(t *testing.T) {
	lib, calls := misuseLib(t)
	fn := func(name string, rt *types.Type, args ...*types.Type) *Func {
		return newFuncT(t, lib, name, rt, args...)
	}
	P := types.MustStructOf("P", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
	Q := types.MustStructOf("Q", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
	intFn := types.FuncType(types.Int, types.Int)
	dblFn := types.FuncType(types.Double, types.Double)
	cb, err := NewCallback(intFn, func(a []any) any { return a[0] })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	wrongCb, err := NewCallback(dblFn, func(a []any) any { return a[0] })
	if err != nil {
		t.Fatal(err)
	}
	defer wrongCb.Free()
	freed, err := NewCallback(intFn, func(a []any) any { return a[0] })
	if err != nil {
		t.Fatal(err)
	}
	freed.Free()
	type badP struct{ X, Y float64 }
	type withString struct {
		S string
		N int32
	}
	closedLib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	closedTouch, err := closedLib.Func("touch")
	if err != nil {
		t.Fatal(err)
	}
	closedTouch.Argtypes = []*types.Type{types.Int}
	closedTyped, err := Fn1[int32, int32](closedLib, "touch")
	if err != nil {
		t.Fatal(err)
	}
	closedLib.Close()
	typedStr, err := Fn1[int32, string](lib, "touch_str")
	if err != nil {
		t.Fatal(err)
	}
	var ip int32 = 5

	rows := []struct {
		name string
		want error
		ranC bool // the error depends on what C returned
		try  func() error
	}{
		// Libraries and symbols.
		{"CDLL empty name", ErrLoad, false, func() error { _, err := CDLL(""); return err }},
		{"CDLL missing file", ErrLoad, false, func() error { _, err := CDLL("/nonexistent/libnothing.so"); return err }},
		{"missing symbol", ErrSymbol, false, func() error { _, err := lib.Func("no_such_function"); return err }},
		{"NewFunc NULL", ErrSymbol, false, func() error { _, err := NewFunc(0, "null", types.Int); return err }},
		{"Sym after Close", ErrClosed, false, func() error { _, err := closedLib.Sym("touch"); return err }},
		{"Func after Close", ErrClosed, false, func() error { _, err := closedLib.Func("touch_d"); return err }},
		{"Call after Close", ErrClosed, false, func() error { _, err := closedTouch.Call(1); return err }},
		{"CallAs after Close", ErrClosed, false, func() error { _, err := CallAs[int32](closedTouch, 1); return err }},
		{"typed after Close", ErrClosed, false, func() error { closedTyped(1); return nil }},
		{"Fn1 after Close", ErrClosed, false, func() error { _, err := Fn1[int32, int32](closedLib, "touch"); return err }},
		// Argument counts and values.
		{"too few arguments", ErrArgCount, false, func() error { _, err := fn("touch", types.Int, types.Int).Call(); return err }},
		{"string for c_int", ErrArgument, false, func() error { _, err := CallAs[int32](fn("touch", types.Int, types.Int), "1"); return err }},
		{"float64 for c_int", ErrArgument, false, func() error { _, err := CallAs[int32](fn("touch", types.Int, types.Int), 1.5); return err }},
		{"c_int overflow", types.ErrRange, false, func() error { _, err := CallAs[int32](fn("touch", types.Int, types.Int), int64(1)<<40); return err }},
		{"c_ubyte overflow", types.ErrRange, false, func() error { _, err := CallAs[uint8](fn("touch_u8", types.UByte, types.UByte), 300); return err }},
		{"c_ubyte negative", types.ErrRange, false, func() error { _, err := CallAs[uint8](fn("touch_u8", types.UByte, types.UByte), -1); return err }},
		{"nil for c_int", ErrArgument, false, func() error { _, err := fn("touch", types.Int, types.Int).Call(nil); return err }},
		{"unknown Go type, no Argtypes", ErrArgument, false, func() error {
			f, _ := lib.Func("touch_var")
			f.Argtypes = nil
			_, err := f.Call(struct{}{})
			return err
		}},
		{"wrong struct Value", ErrArgument, false, func() error {
			_, err := fn("touch_struct", types.Int, P).Call(Q.MustNew(1.0, 2))
			return err
		}},
		{"Go struct of another layout", ErrArgument, false, func() error { _, err := fn("touch_struct", types.Int, P).Call(badP{1, 2}); return err }},
		{"int for struct", ErrArgument, false, func() error { _, err := fn("touch_struct", types.Int, P).Call(3); return err }},
		{"char* []byte without NUL", types.ErrConvert, false, func() error { _, err := fn("touch_str", types.Int, types.CharP).Call([]byte("abc")); return err }},
		{"char* string with NUL", types.ErrConvert, false, func() error { _, err := fn("touch_str", types.Int, types.CharP).Call("a\x00b"); return err }},
		{"typed char* string with NUL", ErrArgument, false, func() error { typedStr("a\x00b"); return nil }},
		{"*int32 for POINTER(c_double)", ErrArgument, false, func() error {
			_, err := fn("touch_dptr", types.Double, types.PointerTo(types.Double)).Call(&ip)
			return err
		}},
		{"[]int64 for POINTER(c_int)", ErrArgument, false, func() error {
			_, err := fn("touch_ptr", types.Int, types.PointerTo(types.Int)).Call([]int64{1})
			return err
		}},
		{"Go string header for int*", ErrArgument, false, func() error {
			s := "x"
			_, err := fn("touch_ptr", types.Int, types.PointerTo(types.Int)).Call(&s)
			return err
		}},
		{"Go slice header for int*", ErrArgument, false, func() error {
			s := []int32{1}
			_, err := fn("touch_ptr", types.Int, types.PointerTo(types.Int)).Call(&s)
			return err
		}},
		{"unsafe.Pointer into the goroutine stack", types.ErrConvert, false, func() error {
			var v int32 // does not escape: on the stack (TestStackPointerRefused checks it so)
			_, err := fn("touch_ptr", types.Int, types.VoidP).Call(unsafe.Pointer(&v))
			return err
		}},
		{"CallAs unsafe.Pointer into the goroutine stack", types.ErrConvert, false, func() error {
			var v int32
			_, err := CallAs[int32](fn("touch_ptr", types.Int, types.PointerTo(types.Int)), unsafe.Pointer(&v))
			return err
		}},
		{"callback of another prototype", ErrArgument, false, func() error { _, err := fn("touch_fn", types.Int, intFn, types.Int).Call(wrongCb, 1); return err }},
		{"freed callback", ErrArgument, false, func() error { _, err := fn("touch_fn", types.Int, intFn, types.Int).Call(freed, 1); return err }},
		{"callback for c_int", ErrArgument, false, func() error { _, err := fn("touch", types.Int, types.Int).Call(cb); return err }},
		// Signatures.
		{"array restype", ErrSignature, false, func() error {
			f, _ := lib.Func("touch")
			f.Restype, f.Argtypes = types.MustArrayOf(types.Int, 2), nil
			_, err := f.Call()
			return err
		}},
		{"void argument", ErrSignature, false, func() error {
			f, _ := lib.Func("touch")
			f.Restype, f.Argtypes = types.Int, []*types.Type{types.Void}
			_, err := f.Call(1)
			return err
		}},
		// Results.
		{"CallAs[string] of c_int", ErrResult, false, func() error { _, err := CallAs[string](fn("touch", types.Int, types.Int), 1); return err }},
		{"CallAs[int32] of void", ErrResult, false, func() error { _, err := CallAs[int32](fn("touch_void", nil)); return err }},
		{"CallAs[float64] of c_int", ErrResult, false, func() error { _, err := CallAs[float64](fn("touch", types.Int, types.Int), 1); return err }},
		{"CallAs[int32] of a struct", ErrResult, false, func() error { _, err := CallAs[int32](fn("touch", P, types.Int), 1); return err }},
		{"CallAs Go struct of another layout", ErrResult, false, func() error { _, err := CallAs[badP](fn("touch", P, types.Int), 1); return err }},
		{"CallAs[int8] of 1000", types.ErrRange, true, func() error { _, err := CallAs[int8](fn("big_result", types.Int)); return err }},
		// Typed bindings.
		{"typed []string", ErrSignature, false, func() error { _, err := Fn2[int32, []string, int32](lib, "touch"); return err }},
		{"typed *[]int", ErrSignature, false, func() error { _, err := Fn1[int32, *[]int](lib, "touch_ptr"); return err }},
		{"typed struct with string", ErrSignature, false, func() error { _, err := Fn1[int32, withString](lib, "touch_struct"); return err }},
		{"typed chan", ErrSignature, false, func() error { _, err := Fn1[int32, chan int](lib, "touch"); return err }},
		{"typed missing symbol", ErrSymbol, false, func() error { _, err := Fn0[int32](lib, "no_such_function"); return err }},
		{"BindFunc not a pointer", ErrSignature, false, func() error { return BindFunc(lib, "touch", func(int32) int32 { return 0 }) }},
		{"BindFunc variadic", ErrSignature, false, func() error { var f func(...int32) int32; return BindFunc(lib, "touch", &f) }},
		{"BindFunc two results", ErrSignature, false, func() error { var f func(int32) (int32, int32); return BindFunc(lib, "touch", &f) }},
		// Callbacks.
		{"NewCallback nil type", ErrSignature, false, func() error { _, err := NewCallback(nil, func([]any) any { return nil }); return err }},
		{"NewCallback not a function type", ErrSignature, false, func() error { _, err := NewCallback(types.Int, func([]any) any { return nil }); return err }},
		{"NewCallback nil func", ErrSignature, false, func() error { _, err := NewCallback(intFn, nil); return err }},
		{"NewCallback variadic", ErrSignature, false, func() error {
			_, err := NewCallback(types.VariadicFuncType(types.Int, types.Int), func([]any) any { return nil })
			return err
		}},
		{"NewCallbackFunc not a func", ErrSignature, false, func() error { _, err := NewCallbackFunc(3); return err }},
		{"NewCallbackFunc string parameter", ErrSignature, false, func() error { _, err := NewCallbackFunc(func(string) int32 { return 0 }); return err }},
		// C memory (the types package).
		{"Value of a string for c_int", types.ErrConvert, false, func() error { _, err := types.Int.New("x"); return err }},
		{"c_ubyte Value overflow", types.ErrRange, false, func() error { _, err := types.UByte.New(300); return err }},
		{"negative array length", types.ErrType, false, func() error { _, err := types.ArrayOf(types.Int, -1); return err }},
		{"FromBuffer too small", types.ErrRange, false, func() error { _, err := types.FromBuffer(P, make([]byte, 4), 0); return err }},
		{"StringAt NULL", types.ErrNull, false, func() error { _, err := types.StringAt(0, -1); return err }},
		{"unknown field", types.ErrNoField, false, func() error { return P.MustNew(1.0, 2).Field("z").Err() }},
		{"index out of range", types.ErrRange, false, func() error { return types.New(types.MustArrayOf(types.Int, 2)).Index(2).Err() }},
	}
	calls()
	n := 0
	for _, r := range rows {
		n++
		err := catch(r.try)
		ran := calls()
		if !errors.Is(err, r.want) {
			t.Errorf("%s: got %v, want %v", r.name, err, r.want)
		}
		if !r.ranC && ran != 0 {
			t.Errorf("%s: C ran %d time(s) for a call whose error was knowable before it", r.name, ran)
		}
		if r.ranC && ran == 0 {
			t.Errorf("%s: C did not run", r.name)
		}
	}
	t.Logf("%d misuses checked", n)
}

// TestCloseInFlight: Close while other goroutines are inside C calls of
// the library: the calls finish with their results (the code stays
// mapped), and every later call of every kind gets ErrClosed.
func TestCloseInFlight(t *testing.T) {
	path := cbuild.Test(t, "misuse")
	watch, err := CDLL(path) // a second handle, to see inside the C calls
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	waiting := newFuncT(t, watch, "get_waiting", types.Int)
	lib, err := CDLL(path)
	if err != nil {
		t.Fatal(err)
	}
	wait, err := lib.Func("wait_ms")
	if err != nil {
		t.Fatal(err)
	}
	wait.Argtypes = []*types.Type{types.Int}
	typedWait, err := Fn1[int32, int32](lib, "wait_ms")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 2)
	go func() {
		r, err := CallAs[int32](wait, 300)
		done <- fmt.Sprintf("CallAs: %d %v", r, err)
	}()
	go func() { done <- fmt.Sprintf("typed: %d <nil>", typedWait(300)) }()
	for {
		n, err := CallAs[int](waiting)
		if err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		runtime.Gosched()
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	for range 2 {
		if got := <-done; !strings.HasSuffix(got, ": 300 <nil>") {
			t.Errorf("call in flight during Close: %s, want 300 and no error", got)
		}
	}
	if _, err := CallAs[int32](wait, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("CallAs after Close: %v, want ErrClosed", err)
	}
	if _, err := wait.Call(1); !errors.Is(err, ErrClosed) {
		t.Errorf("Call after Close: %v, want ErrClosed", err)
	}
	if err := catch(func() error { typedWait(1); return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("typed call after Close: %v, want ErrClosed", err)
	}
}
