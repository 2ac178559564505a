package ffi

import (
	"sync"
	"testing"

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
						errs <- "goroutine read or wrote another's output parameter"
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
