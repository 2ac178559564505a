package ffi

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

var complexT = types.MustStructOf("Complex", []types.Field{types.F("x", types.Double), types.F("y", types.Double)})

func ctestLib(t *testing.T) *Library {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "ctest"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

func mustFunc(t *testing.T, lib *Library, name string) *Func {
	t.Helper()
	f, err := lib.Func(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMissingLibrary(t *testing.T) {
	_, err := CDLL("/nonexistent/libnothere.so")
	var le *LoadError
	if !errors.As(err, &le) || !errors.Is(err, ErrLoad) {
		t.Fatalf("CDLL of a missing file: got %v, want a *LoadError wrapping ErrLoad", err)
	}
	if !strings.Contains(err.Error(), "/nonexistent/libnothere.so") || le.Dlerror == "" {
		t.Errorf("error %q must name the path and carry dlerror's text (%q)", err, le.Dlerror)
	}
	if _, err := CDLL(""); !errors.Is(err, ErrLoad) {
		t.Errorf("CDLL(\"\"): got %v", err)
	}
}

func TestMissingSymbol(t *testing.T) {
	lib := ctestLib(t)
	_, err := lib.Func("no_such_function")
	var se *SymbolError
	if !errors.As(err, &se) || !errors.Is(err, ErrSymbol) {
		t.Fatalf("got %v, want a *SymbolError", err)
	}
	if se.Symbol != "no_such_function" || !strings.Contains(err.Error(), "no_such_function") || !strings.Contains(err.Error(), lib.Name()) {
		t.Errorf("error %q must name the symbol and the library", err)
	}
}

func TestClosedLibrary(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "ctest"))
	if err != nil {
		t.Fatal(err)
	}
	iadd := mustFunc(t, lib, "iadd")
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	if err := lib.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := iadd.Call(1, 2); !errors.Is(err, ErrClosed) {
		t.Errorf("call after Close: got %v, want ErrClosed", err)
	}
	if _, err := lib.Func("sum"); !errors.Is(err, ErrClosed) {
		t.Errorf("Func after Close: got %v, want ErrClosed", err)
	}
}

func TestArgumentErrors(t *testing.T) {
	lib := ctestLib(t)
	iadd := mustFunc(t, lib, "iadd")
	iadd.Argtypes = []*types.Type{types.Int, types.Int}
	add := mustFunc(t, lib, "add")
	add.Restype = complexT
	add.Argtypes = []*types.Type{complexT, complexT}
	sum := mustFunc(t, lib, "sum")
	sum.Restype = types.Double
	sum.Argtypes = []*types.Type{types.PointerTo(types.Double), types.Int}
	titlecase := mustFunc(t, lib, "titlecase")
	titlecase.Argtypes = []*types.Type{types.CharP}

	c := complexT.MustNew(1, 2)
	for _, tc := range []struct {
		name   string
		f      *Func
		args   []any
		is     []error
		arg    int
		inText []string
	}{
		{"too few", iadd, []any{1}, []error{ErrArgCount}, 0, []string{"iadd", "takes 2", "1 given"}},
		{"float for int", iadd, []any{1, 2.5}, []error{ErrArgument, types.ErrConvert}, 2, []string{"argument 2", "c_int", "float64"}},
		{"int out of range", iadd, []any{int64(1) << 40, 1}, []error{ErrArgument, types.ErrRange}, 1, []string{"argument 1", "out of range", "c_int"}},
		{"string for int", iadd, []any{"1", 2}, []error{ErrArgument}, 1, []string{"argument 1", "string"}},
		{"nil struct by value", add, []any{nil, c}, []error{ErrArgument, types.ErrConvert}, 1, []string{"argument 1", "Complex", "nil"}},
		{"wrong struct", add, []any{c, types.Double.MustNew(1)}, []error{ErrArgument}, 2, []string{"argument 2", "Complex", "c_double"}},
		{"float for pointer", sum, []any{1.5, 1}, []error{ErrArgument}, 1, []string{"argument 1", "LP_c_double", "float64"}},
		{"int slice for double pointer", sum, []any{[]int32{1}, 1}, []error{ErrArgument}, 1, []string{"argument 1", "[]int32"}},
		{"[]byte without NUL for char*", titlecase, []any{[]byte("abc")}, []error{ErrArgument}, 1, []string{"argument 1", "NUL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.f.Call(tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tc.is {
				if !errors.Is(err, want) {
					t.Errorf("%v: not errors.Is %v", err, want)
				}
			}
			var ce *CallError
			if !errors.As(err, &ce) {
				t.Fatalf("%v is not a *CallError", err)
			}
			if ce.Arg != tc.arg || ce.Func != tc.f.Name() || ce.Library != lib.Name() {
				t.Errorf("CallError{Arg: %d, Func: %q, Library: %q}, want arg %d of %s in %s", ce.Arg, ce.Func, ce.Library, tc.arg, tc.f.Name(), lib.Name())
			}
			for _, s := range tc.inText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestUndeclaredArgumentErrors(t *testing.T) {
	lib := ctestLib(t)
	iadd := mustFunc(t, lib, "iadd")
	_, err := iadd.Call(1, struct{}{})
	if !errors.Is(err, ErrArgument) || !strings.Contains(err.Error(), "argument 2") || !strings.Contains(err.Error(), "struct {}") {
		t.Errorf("got %v", err)
	}
	if big := math.MaxInt; big > math.MaxInt32 { // a Go int wider than c_int (64-bit platforms)
		_, err = iadd.Call(1, big)
		if !errors.Is(err, types.ErrRange) {
			t.Errorf("an int beyond c_int without argtypes: got %v, want ErrRange", err)
		}
	}
}

func TestCallAsResultErrors(t *testing.T) {
	lib := ctestLib(t)
	iadd := mustFunc(t, lib, "iadd")
	iadd.Argtypes = []*types.Type{types.Int, types.Int}
	if _, err := CallAs[int8](iadd, 100, 100); !errors.Is(err, types.ErrRange) {
		t.Errorf("200 into int8: got %v, want ErrRange", err)
	}
	if _, err := CallAs[float64](iadd, 1, 2); !errors.Is(err, ErrResult) {
		t.Errorf("int result into float64: got %v, want ErrResult", err)
	}
	n, err := CallAs[int8](iadd, 100, 27)
	if err != nil || n != 127 {
		t.Errorf("CallAs[int8](100+27) = %d, %v", n, err)
	}
}

// TestClosedTypedBindings checks that Close reaches every typed binding
// of the library, leaf (whose mode word Close sets) or not, however many
// were made and dropped (libState.tell drops the mode words of bindings
// gone): each later call panics with ErrClosed and does not run C.
func TestClosedTypedBindings(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	calls := func() int32 {
		n, err := CallAs[int32](mustFunc(t, lib, "get_calls"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var kept []func(int32) int32
	for i := 0; i < 64; i++ {
		var opts []BindOption
		if i%4 < 2 { // half of them leaf, kept and dropped alike
			opts = append(opts, Leaf(0))
		}
		f, err := Fn1[int32, int32](lib, "touch", opts...)
		if err != nil {
			t.Fatal(err)
		}
		if f(int32(i)) != int32(i) {
			t.Fatalf("binding %d: wrong result", i)
		}
		if i%2 == 0 {
			kept = append(kept, f)
		}
		if i%16 == 15 {
			runtime.GC() // the dropped ones' mode words go as the list grows
		}
	}
	runtime.GC()
	if n := len(lib.state.modes); leafTrampolines && runtime.GOOS == "linux" && runtime.GOARCH == "amd64" && n >= 32 {
		// (Only a direct leaf binding's mode word is there: linux/amd64.)
		t.Errorf("%d mode words for 16 live leaf bindings of 32: the gone ones are not dropped", n)
	}
	before := calls()
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	for i, f := range kept {
		func() {
			defer func() {
				if err, _ := recover().(error); !errors.Is(err, ErrClosed) {
					t.Errorf("kept binding %d after Close: panic %v, want ErrClosed", i, err)
				}
			}()
			f(1)
		}()
	}
	lib2, err := CDLL(cbuild.Test(t, "misuse")) // the same library, counter and all
	if err != nil {
		t.Fatal(err)
	}
	defer lib2.Close()
	lib = lib2
	if after := calls(); after != before {
		t.Errorf("C ran %d times after Close", after-before)
	}
}

// TestCloseDuringLeafCalls: Close while goroutines make leaf calls of the
// library: every call either returns C's result or panics with ErrClosed
// (the mode word Close sets, read atomically: run under -race too), and
// once Close has returned no call runs C.
func TestCloseDuringLeafCalls(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "misuse"))
	if err != nil {
		t.Fatal(err)
	}
	touch, err := Fn1[int32, int32](lib, "touch", Leaf(0))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var closed atomic.Bool
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				after := closed.Load()
				v, err := func() (v int32, err error) {
					defer func() {
						if e, _ := recover().(error); e != nil {
							err = e
						}
					}()
					return touch(int32(g*1000000 + i)), nil
				}()
				switch {
				case err != nil && !errors.Is(err, ErrClosed):
					errs <- fmt.Errorf("goroutine %d: %v", g, err)
					return
				case err != nil:
					return // closed
				case after:
					errs <- fmt.Errorf("goroutine %d: a call after Close returned %d", g, v)
					return
				case v != int32(g*1000000+i):
					errs <- fmt.Errorf("goroutine %d: touch(%d) = %d", g, g*1000000+i, v)
					return
				}
			}
		}(g)
	}
	time.Sleep(20 * time.Millisecond)
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	closed.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
