package ffi

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/gostack"
	"github.com/purectypes/ctypes/types"
)

// stackCall is how callOnStack calls f with a local's address.
type stackCall int

const (
	viaCall stackCall = iota
	viaCallAs
	viaVariadic // f(1, unsafe.Pointer(&n)), the pointer a variadic argument
)

// callOnStack calls f with the address of a local variable, which does
// not escape (the arguments of Func.Call and CallAs do not), as an
// unsafe.Pointer; onStack reports that the variable really is on the
// goroutine stack, as the test needs. n is what it held after the call.
//
//go:noinline
func callOnStack(f *Func, how stackCall) (onStack bool, n int32, err error) {
	v := int32(7)
	onStack = gostack.Contains(unsafe.Pointer(&v))
	err = callWith(f, how, unsafe.Pointer(&v))
	return onStack, v, err
}

// callOnHeap is callOnStack with heap memory, which passes.
func callOnHeap(f *Func, how stackCall) error {
	v := new(int32)
	escapes(unsafe.Pointer(v))
	return callWith(f, how, unsafe.Pointer(v))
}

// callWith calls f with p as how says (p does not escape).
func callWith(f *Func, how stackCall, p unsafe.Pointer) error {
	var err error
	switch how {
	case viaCall:
		_, err = f.Call(p)
	case viaCallAs:
		_, err = CallAs[int32](f, p)
	case viaVariadic:
		_, err = f.Call(int32(1), p)
	}
	return err
}

// TestStackPointerRefused: an unsafe.Pointer into the calling goroutine's
// stack is refused with types.ErrConvert naming the argument, before C
// runs, on every path (the first call's conversion, and the boxed and
// direct paths a Func takes once warm: each Func is first called with
// heap pointers), for void* and typed pointers, variadic arguments and
// leaf calls, on both engines.
func TestStackPointerRefused(t *testing.T) {
	if !gostack.Supported {
		t.Skip("gostack does not know the goroutine stack here")
	}
	lib, calls := misuseLib(t)
	calls() // from zero (a library loaded twice may be one, on Windows)
	engines(t, func(t *testing.T) {
		cases := []struct {
			name string
			fn   func() *Func
			how  stackCall
		}{
			{"Call void*", func() *Func { return newFuncT(t, lib, "touch_ptr", types.Int, types.VoidP) }, viaCall},
			{"CallAs void*", func() *Func { return newFuncT(t, lib, "touch_ptr", types.Int, types.VoidP) }, viaCallAs},
			{"Call int*", func() *Func { return newFuncT(t, lib, "touch_ptr", types.Int, types.PointerTo(types.Int)) }, viaCall},
			{"CallAs int*", func() *Func { return newFuncT(t, lib, "touch_ptr", types.Int, types.PointerTo(types.Int)) }, viaCallAs},
			{"CallAs int* leaf", func() *Func {
				f := newFuncT(t, lib, "touch_ptr", types.Int, types.PointerTo(types.Int))
				f.Leaf = true
				return f
			}, viaCallAs},
			{"Call void* leaf", func() *Func {
				f := newFuncT(t, lib, "touch_ptr", types.Int, types.VoidP)
				f.Leaf = true
				return f
			}, viaCall},
			{"Call void* UseErrno", func() *Func {
				f := newFuncT(t, lib, "touch_ptr", types.Int, types.VoidP)
				f.UseErrno = true
				return f
			}, viaCall},
			{"Call void* Errcheck", func() *Func {
				f := newFuncT(t, lib, "touch_ptr", types.Int, types.VoidP)
				f.Errcheck = func(r any, _ *Func, _ []any) (any, error) { return r, nil }
				return f
			}, viaCall},
			{"Call variadic", func() *Func {
				f := newFuncT(t, lib, "touch_var", types.Int, types.Int)
				f.Variadic = true
				return f
			}, viaVariadic},
		}
		for _, c := range cases {
			for _, warm := range []int{0, 3} {
				f := c.fn()
				for range warm {
					if err := callOnHeap(f, c.how); err != nil {
						t.Fatalf("%s: heap memory: %v", c.name, err)
					}
				}
				if got := calls(); got != warm {
					t.Fatalf("%s: C ran %d times for %d calls with heap memory", c.name, got, warm)
				}
				onStack, _, err := callOnStack(f, c.how)
				if !onStack {
					t.Fatalf("%s: the test's local escaped to the heap", c.name)
				}
				arg := "argument 1:"
				if c.how == viaVariadic {
					arg = "argument 2:"
				}
				var ce *types.ConvError
				switch {
				case !errors.Is(err, types.ErrConvert) || !errors.As(err, &ce):
					t.Errorf("%s after %d calls: %v, want a types.ConvError of ErrConvert", c.name, warm, err)
				case !strings.Contains(err.Error(), arg) || !strings.Contains(err.Error(), "goroutine's stack"):
					t.Errorf("%s after %d calls: %q does not name %q and the stack", c.name, warm, err, arg)
				}
				if n := calls(); n != 0 {
					t.Errorf("%s after %d calls: C ran for a refused call", c.name, warm)
				}
			}
		}
	})
}

// sortLocal sorts a Go array on its own goroutine stack with libc's qsort.
//
//go:noinline
func sortLocal(qsort *Func, cmp *Callback, how stackCall) (data [64]int32, onStack bool, err error) {
	for i := range data {
		data[i] = int32((i*7919)%64 - 32)
	}
	onStack = gostack.Contains(unsafe.Pointer(&data))
	if how == viaCall {
		_, err = qsort.Call(unsafe.Pointer(&data[0]), len(data), 4, cmp)
	} else {
		_, err = CallAs[*types.Value](qsort, unsafe.Pointer(&data[0]), uint64(len(data)), uint64(4), cmp)
	}
	return data, onStack, err
}

// TestStackArrayQsort is the corruption the refusal prevents: qsort of a
// Go array on the goroutine stack with a comparator whose first call
// grows that stack (which moves it) sorted the old copy, and the array
// came back unsorted with no error. Now the call is refused before qsort
// runs (the array is as it was); the same array on the heap is sorted.
func TestStackArrayQsort(t *testing.T) {
	if !gostack.Supported {
		t.Skip("gostack does not know the goroutine stack here")
	}
	c := libc(t)
	engines(t, func(t *testing.T) {
		cmpType := types.FuncType(types.Int, types.VoidP, types.VoidP)
		calls := 0
		comparator := mustCallback(t, cmpType, func(args []any) any {
			if calls++; calls == 1 {
				deepStack(256)
			}
			a := *(*int32)(addrPtr(args[0].(uintptr)))
			b := *(*int32)(addrPtr(args[1].(uintptr)))
			return int32(cmp.Compare(a, b))
		})
		qsort := newFuncT(t, c, "qsort", nil, types.VoidP, types.SizeT, types.SizeT, cmpType)
		for _, how := range []stackCall{viaCall, viaCallAs} {
			ch := make(chan [64]int32, 1)
			var err error
			var onStack bool
			go func() { // a new goroutine: a small stack, which the comparator grows
				var d [64]int32
				d, onStack, err = sortLocal(qsort, comparator, how)
				ch <- d
			}()
			d := <-ch
			if !onStack {
				t.Fatal("the test's array escaped to the heap")
			}
			if !errors.Is(err, types.ErrConvert) || calls != 0 {
				t.Errorf("qsort of a stack array (%v): %v with %d comparisons, want ErrConvert before qsort runs", how, err, calls)
			}
			if slices.IsSorted(d[:]) {
				t.Error("the stack array was sorted: qsort ran")
			}
			heap := new([64]int32)
			escapes(unsafe.Pointer(heap))
			*heap = d
			if _, err := qsort.Call(unsafe.Pointer(&heap[0]), len(heap), 4, comparator); err != nil {
				t.Fatal(err)
			}
			if !slices.IsSorted(heap[:]) {
				t.Errorf("the heap array was not sorted: %v", heap)
			}
			calls = 0
		}
	})
}
