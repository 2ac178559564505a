package ffi

import (
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/pslab"
	"github.com/purectypes/ctypes/types"
)

// TestResultWords: the numbers Func.Call returns are boxed in words of
// per-P slabs (resultword.go); from many goroutines at once, with
// collections between the calls, every result kept stays the value C
// returned (rt_longlong and rt_double return their argument), so no word
// is handed out twice or freed while an interface points into it.
func TestResultWords(t *testing.T) {
	lib := scalarsLib(t)
	rtLL := newFuncT(t, lib, "rt_longlong", types.LongLong, types.LongLong)
	rtD := newFuncT(t, lib, "rt_double", types.Double, types.Double)
	const workers, calls = 8, 3000
	kept := make([][]any, workers)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				x := int64(g)<<40 | int64(i)<<8 | 0x55 // never below 256
				r, err := rtLL.Call(x)
				if err != nil {
					errs <- err
					return
				}
				d, err := rtD.Call(float64(x) + 0.5)
				if err != nil {
					errs <- err
					return
				}
				kept[g] = append(kept[g], r, d)
				if i%500 == 0 {
					runtime.GC()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	runtime.GC()
	for g := range workers {
		for i := range calls {
			x := int64(g)<<40 | int64(i)<<8 | 0x55
			if r := kept[g][2*i]; r != x {
				t.Fatalf("worker %d call %d: rt_longlong(%#x) kept as %#v", g, i, x, r)
			}
			if d := kept[g][2*i+1]; d != float64(x)+0.5 {
				t.Fatalf("worker %d call %d: rt_double(%v) kept as %#v", g, i, float64(x)+0.5, d)
			}
		}
	}
	// A number's box is a slab word: one allocation per 16 calls
	// (AllocsPerRun rounds down), or one per call where each word is its
	// own (the race detector).
	if !callconv.Supported || testing.CoverMode() != "" {
		return
	}
	want := 0.0
	if !pslab.Shared {
		want = 1
	}
	var sink any
	x := int64(math.MaxInt64 - 7)
	if got := testing.AllocsPerRun(640, func() { sink, _ = rtLL.Call(x) }); got != want {
		t.Errorf("Func.Call of rt_longlong: %v allocations per call, want %v", got, want)
	}
	if sink != x {
		t.Errorf("rt_longlong(%d) = %v", x, sink)
	}
}
