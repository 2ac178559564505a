package ffi

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// apt is struct apt of testdata/arrayarg.c in Go.
type apt struct {
	ID int32
	W  float64
}

func arrayLib(t *testing.T) *Library {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "arrayarg"))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// callBoth calls f with args through CallAs and through Func.Call and
// returns both results as float64 (Func.Call's int64 and float64 alike).
func callBoth[R int32 | int64 | float64](t *testing.T, f *Func, args ...any) (viaCallAs, viaCall float64) {
	t.Helper()
	r, err := CallAs[R](f, args...)
	if err != nil {
		t.Fatalf("CallAs: %v", err)
	}
	res, err := f.Call(args...)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	switch v := res.(type) {
	case int64:
		return float64(r), float64(v)
	case float64:
		return float64(r), v
	}
	t.Fatalf("Call returned %T", res)
	return 0, 0
}

// TestArrayArgDoubles: *[N]float64 and []float64 for a double* give C
// the same doubles as a c_double array Value.
func TestArrayArgDoubles(t *testing.T) {
	lib := arrayLib(t)
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "sum_doubles", types.Double, types.PointerTo(types.Double), types.Int32) // each engine plans its own
		vals := []float64{1.25, -3.5, 7, 0.125}
		at, err := types.ArrayOf(types.Double, len(vals))
		if err != nil {
			t.Fatal(err)
		}
		ref := types.New(at)
		for i, x := range vals {
			if err := ref.Index(i).Set(x); err != nil {
				t.Fatal(err)
			}
		}
		want, err := CallAs[float64](f, ref, int32(len(vals)))
		if err != nil {
			t.Fatal(err)
		}
		var arr [4]float64
		copy(arr[:], vals)
		heap := new([4]float64)
		copy(heap[:], vals)
		type myFloat float64
		named := []myFloat{1.25, -3.5, 7, 0.125}
		for name, x := range map[string]any{"*[4]float64 (stack)": &arr, "*[4]float64 (heap)": heap, "[]float64": vals, "[]myFloat": named, "slice of array": arr[:]} {
			a, c := callBoth[float64](t, f, x, int32(len(vals)))
			if a != want || c != want {
				t.Errorf("%s: CallAs %v, Call %v, C with a Value: %v", name, a, c, want)
			}
		}
	})
}

// TestArrayArgWritten: what C writes through an int* into a Go array or
// slice is in the Go array afterwards, and C's return says it saw the
// values the Go array held.
func TestArrayArgWritten(t *testing.T) {
	lib := arrayLib(t)
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "scale_ints", types.Int64, types.PointerTo(types.Int32), types.Int32, types.Int32) // each engine plans its own
		var arr [5]int32
		s := make([]int32, 5)
		for i := range arr {
			arr[i], s[i] = int32(i+1), int32(10-i)
		}
		got, err := CallAs[int64](f, &arr, int32(5), int32(3))
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for i, v := range arr {
			if v != int32(3*(i+1)) {
				t.Errorf("CallAs: arr[%d] = %d after C scaled %d by 3", i, v, i+1)
			}
			sum += int64(v)
		}
		if got != sum {
			t.Errorf("CallAs: C summed %d, the Go array holds %d", got, sum)
		}
		res, err := f.Call(s, int32(5), int32(-2))
		if err != nil {
			t.Fatal(err)
		}
		sum = 0
		for i, v := range s {
			if v != int32(-2*(10-i)) {
				t.Errorf("Call: s[%d] = %d after C scaled %d by -2", i, v, 10-i)
			}
			sum += int64(v)
		}
		if res.(int64) != sum {
			t.Errorf("Call: C summed %d, the Go slice holds %d", res, sum)
		}
		arr2 := arr
		if _, err := f.Call(&arr2, int32(5), int32(2)); err != nil {
			t.Fatal(err)
		}
		for i := range arr2 {
			if arr2[i] != 2*arr[i] {
				t.Errorf("Call with *[5]int32: arr[%d] = %d, want %d", i, arr2[i], 2*arr[i])
			}
		}
	})
}

// TestArrayArgStructs: a []apt, a *[3]apt and a *apt for a struct apt* are
// written by C in place; what C wrote is what C's apt_id and apt_w say.
func TestArrayArgStructs(t *testing.T) {
	lib := arrayLib(t)
	st, err := types.StructOf("apt", []types.Field{types.F("id", types.Int32), types.F("w", types.Double)})
	if err != nil {
		t.Fatal(err)
	}
	id := newFuncT(t, lib, "apt_id", types.Int32, types.Int32, types.Int32)
	w := newFuncT(t, lib, "apt_w", types.Double, types.Int32, types.Int32)
	check := func(t *testing.T, api string, got []apt, seed int32) {
		t.Helper()
		for i, p := range got {
			wantID, err1 := CallAs[int32](id, int32(i), seed)
			wantW, err2 := CallAs[float64](w, int32(i), seed)
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
			if p.ID != wantID || p.W != wantW {
				t.Errorf("%s: element %d = %+v, C wrote {%d %v}", api, i, p, wantID, wantW)
			}
		}
	}
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "fill_apts", types.Int32, types.PointerTo(st), types.Int32, types.Int32) // each engine plans its own
		s := []apt{{ID: 1}, {ID: 2}, {ID: 4}}
		old, err := CallAs[int32](f, s, int32(len(s)), int32(7))
		if err != nil {
			t.Fatal(err)
		}
		if old != 7 {
			t.Errorf("CallAs: C saw ids summing to %d, the slice held 1+2+4", old)
		}
		check(t, "CallAs []apt", s, 7)
		var arr [3]apt
		arr[1].ID = 9
		if old, err = CallAs[int32](f, &arr, int32(3), int32(-5)); err != nil || old != 9 {
			t.Errorf("CallAs *[3]apt: %v, %v (C saw ids summing to %d, want 9)", old, err, old)
		}
		check(t, "CallAs *[3]apt", arr[:], -5)
		if _, err := f.Call(&arr, int32(3), int32(11)); err != nil {
			t.Fatal(err)
		}
		check(t, "Call *[3]apt", arr[:], 11)
		if _, err := f.Call(s[1:], int32(2), int32(4)); err != nil {
			t.Fatal(err)
		}
		check(t, "Call []apt", s[1:], 4)
		// A *apt: one struct, by reference.
		one := apt{ID: 12}
		if old, err = CallAs[int32](f, &one, int32(1), int32(6)); err != nil || old != 12 {
			t.Errorf("CallAs *apt: %v, %v (C saw id %d, want 12)", old, err, old)
		}
		check(t, "CallAs *apt", []apt{one}, 6)
		was, err := CallAs[int32](id, int32(0), int32(6)) // what C wrote
		if err != nil {
			t.Fatal(err)
		}
		if old, err := f.Call(&one, int32(1), int32(-3)); err != nil || old != int64(was) {
			t.Errorf("Call *apt: %v, %v (C saw id %v, want %d)", old, err, old, was)
		}
		check(t, "Call *apt", []apt{one}, -3)
	})
}

// TestArrayArgEmpty: an empty or nil slice, a nil array pointer and a
// *[0]T pass NULL (there is no first element), as C's is_null says.
func TestArrayArgEmpty(t *testing.T) {
	lib := arrayLib(t)
	f := newFuncT(t, lib, "is_null", types.Int32, types.PointerTo(types.Double))
	var zero [0]float64
	one := [1]float64{2}
	for name, c := range map[string]struct {
		x    any
		null bool
	}{
		"empty slice":  {[]float64{}, true},
		"nil slice":    {[]float64(nil), true},
		"nil *[3]":     {(*[3]float64)(nil), true},
		"*[0]float64":  {&zero, true},
		"*[1]float64":  {&one, false},
		"[]float64{1}": {[]float64{1}, false},
	} {
		a, b := callBoth[int32](t, f, c.x)
		if (a != 0) != c.null || (b != 0) != c.null {
			t.Errorf("%s: C says NULL is %v (CallAs) %v (Call), want %v", name, a != 0, b != 0, c.null)
		}
	}
}

// TestArrayArgRefused: an element type of another layout, or one holding
// Go pointers, is refused before C runs, naming the argument and both
// types.
func TestArrayArgRefused(t *testing.T) {
	lib := arrayLib(t)
	st, err := types.StructOf("apt", []types.Field{types.F("id", types.Int32), types.F("w", types.Double)})
	if err != nil {
		t.Fatal(err)
	}
	f := newFuncT(t, lib, "fill_apts", types.Int32, types.PointerTo(st), types.Int32, types.Int32)
	sum := newFuncT(t, lib, "sum_doubles", types.Double, types.PointerTo(types.Double), types.Int32)
	type wide struct {
		ID int64
		W  float64
	}
	type withPtr struct {
		ID int32
		P  *float64
	}
	for _, c := range []struct {
		f     *Func
		x     any
		names []string
	}{
		{f, []wide{{}}, []string{"argument 1", "wide", "apt"}},
		{f, &[2]wide{}, []string{"argument 1", "wide", "apt"}},
		{f, &wide{}, []string{"argument 1", "wide", "apt"}},
		{f, &withPtr{}, []string{"argument 1", "withPtr", "Go pointers"}},
		{f, []withPtr{{}}, []string{"argument 1", "withPtr", "Go pointers"}},
		{sum, []float32{1}, []string{"argument 1", "float32", "double"}},
		{sum, &[2]int64{}, []string{"argument 1", "int64", "double"}},
		{sum, [2]float64{}, []string{"argument 1", "[2]float64"}},
	} {
		rest := []any{int32(1), int32(1)}
		if c.f == sum {
			rest = rest[:1]
		}
		args := append([]any{c.x}, rest...)
		for api, call := range map[string]func() error{
			"CallAs": func() error { _, err := CallAs[*types.Value](c.f, args...); return err },
			"Call":   func() error { _, err := c.f.Call(args...); return err },
		} {
			err := call()
			var ce *CallError
			if !errors.As(err, &ce) || !errors.Is(err, types.ErrConvert) || ce.Arg != 1 {
				t.Errorf("%s %T: %v, want a conversion error of argument 1", api, c.x, err)
				continue
			}
			for _, s := range c.names {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%s %T: %q does not name %q", api, c.x, err, s)
				}
			}
		}
	}
}

// TestArrayArgAfterCallback: C writes into a Go array after a callback
// that moved the goroutine stack (CallAs's array is on the caller's
// stack: it passes through a copy, in the plan's cells or on the heap,
// copied back to where the array is after the call).
func TestArrayArgAfterCallback(t *testing.T) {
	lib := arrayLib(t)
	cbT := types.FuncType(types.Int32, types.Int32)
	cb, err := NewCallbackFunc(func(x int32) int32 { return x + deepStack(512) })
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "fill_after_cb", types.Void, cbT, types.PointerTo(types.Double), types.Int32, types.Double) // each engine plans its own
		done := make(chan error, 1)
		go func() {
			var arr [6]float64
			if _, err := CallAs[*types.Value](f, cb, &arr, int32(len(arr)), 0.5); err != nil {
				done <- err
				return
			}
			for i, v := range arr {
				if v != 0.5+float64(i) {
					done <- errors.New("CallAs: the array does not hold what C wrote")
					return
				}
			}
			// Over the plan's cells (128 bytes): a heap copy.
			var big [40]float64
			if _, err := CallAs[*types.Value](f, cb, &big, int32(len(big)), 2.5); err != nil {
				done <- err
				return
			}
			for i, v := range big {
				if v != 2.5+float64(i) {
					done <- errors.New("CallAs: the array of 40 does not hold what C wrote")
					return
				}
			}
			var arr2 [6]float64
			if _, err := f.Call(cb, &arr2, int32(len(arr2)), 1.5); err != nil {
				done <- err
				return
			}
			for i, v := range arr2 {
				if v != 1.5+float64(i) {
					done <- errors.New("Call: the array does not hold what C wrote")
					return
				}
			}
			done <- nil
		}()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestStructPtrUnsafeAfterGo: once a Go *apt has passed for a struct apt*
// (an output parameter from then on, copied where it may be on the stack),
// an unsafe.Pointer for the same argument still passes as it is: C fills
// every element of the array it points to (a copy of one struct would lose
// the rest), on the boxed path where there is one.
func TestStructPtrUnsafeAfterGo(t *testing.T) {
	lib := arrayLib(t)
	st, err := types.StructOf("apt", []types.Field{types.F("id", types.Int32), types.F("w", types.Double)})
	if err != nil {
		t.Fatal(err)
	}
	id := newFuncT(t, lib, "apt_id", types.Int32, types.Int32, types.Int32)
	engines(t, func(t *testing.T) {
		f := newFuncT(t, lib, "fill_apts", types.Int32, types.PointerTo(st), types.Int32, types.Int32)
		for range 3 {
			var one apt
			if _, err := CallAs[int32](f, &one, int32(1), int32(2)); err != nil {
				t.Fatal(err)
			}
		}
		arr := new([3]apt)
		escapes(unsafe.Pointer(arr)) // on the heap: a stack address is refused
		args := []any{unsafe.Pointer(&arr[0]), int32(3), int32(5)}
		for range 3 {
			if _, err := CallAs[int32](f, args...); err != nil {
				t.Fatal(err)
			}
			for i := range arr {
				want, _ := CallAs[int32](id, int32(i), int32(5))
				if arr[i].ID != want {
					t.Fatalf("element %d: id %d, C's apt_id says %d", i, arr[i].ID, want)
				}
			}
		}
		if p := f.cur.Load(); p.boxes != nil && !p.allBoxed(args) {
			t.Error("an unsafe.Pointer for a struct pointer left the boxed path once a Go *apt had passed")
		}
	})
}
