package ffi

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/types"
)

// The long checks: short by default, long with CTYPES_LONG=1 (see README).

func iterations(short, long int) int {
	if longRun() {
		return long
	}
	return short
}

// TestStressGOGC1: every kind of call and callback from many goroutines
// with the collector running all the time (GOGC=1), every result checked
// against what C or Go computes on its own.
func TestStressGOGC1(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	lib := ctestLib(t)
	cbl := callbackLib(t)
	m, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	sin := newFuncT(t, m, "sin", types.Double, types.Double)
	iadd := newFuncT(t, lib, "iadd", types.Int, types.Int, types.Int)
	add := newFuncT(t, lib, "add", complexT, complexT, complexT)
	sum := newFuncT(t, lib, "sum", types.Double, types.PointerTo(types.Double), types.Int)
	title := newFuncT(t, lib, "titlecase", nil, types.CharP)
	tadd, err := Fn2[goComplex, goComplex, goComplex](lib, "add")
	if err != nil {
		t.Fatal(err)
	}
	tsum, err := Fn2[float64, []float64, int32](lib, "sum")
	if err != nil {
		t.Fatal(err)
	}
	sig := types.FuncType(types.Int, types.Int)
	callInt := newFuncT(t, cbl, "call_int", types.Int, sig, types.Int)
	callThread := newFuncT(t, cbl, "call_in_thread", types.Int, sig, types.Int)
	cb := mustCallback(t, sig, func(a []any) any { return a[0].(int64) * 3 })
	n := iterations(300, 30000)
	// libm's sin, computed once (Go's math.Sin may differ in the last bit).
	var sins [100]float64
	for i := range sins {
		if sins[i], err = CallAs[float64](sin, float64(i)/7); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			fail := func(format string, a ...any) { errs <- fmt.Errorf("goroutine %d: "+format, append([]any{g}, a...)...) }
			for i := 0; i < n; i++ {
				x := float64(i%100) / 7
				if y, err := CallAs[float64](sin, x); err != nil || y != sins[i%100] {
					fail("sin(%v) = %v, %v", x, y, err)
					return
				}
				if r, err := CallAs[int](iadd, i, g); err != nil || r != i+g {
					fail("iadd = %v, %v", r, err)
					return
				}
				a, b := goComplex{x, float64(i)}, goComplex{float64(g), -x}
				want := goComplex{a.X + b.X, a.Y + b.Y}
				if r, err := CallAs[goComplex](add, a, b); err != nil || r != want {
					fail("add = %v, %v", r, err)
					return
				}
				if r := tadd(a, b); r != want {
					fail("typed add = %v", r)
					return
				}
				v, err := add.Call(complexT.MustNew(a.X, a.Y), complexT.MustNew(b.X, b.Y))
				if err != nil {
					fail("Call add: %v", err)
					return
				}
				if fx, err := v.(*types.Value).Field("x").Float(); err != nil || fx != want.X {
					fail("Call add = %v, %v", v, err)
					return
				}
				arr := []float64{x, 1, float64(i)}
				if r, err := CallAs[float64](sum, arr, 3); err != nil || r != x+1+float64(i) {
					fail("sum = %v, %v", r, err)
					return
				}
				if r := tsum(arr, 3); r != x+1+float64(i) {
					fail("typed sum = %v", r)
					return
				}
				buf, _ := types.CreateStringBuffer(fmt.Sprintf("hello %d world", i))
				if _, err := title.Call(buf); err != nil {
					fail("titlecase: %v", err)
					return
				}
				if s, _ := buf.Str(); s != fmt.Sprintf("Hello %d World", i) {
					fail("titlecase = %q", s)
					return
				}
				if r, err := CallAs[int](callInt, cb, i); err != nil || r != 3*i {
					fail("call_int(%d) = %v, %v", i, r, err)
					return
				}
				if i%50 == 0 {
					if r, err := CallAs[int](callThread, cb, i); err != nil || r != 3*i {
						fail("call_in_thread = %v, %v", r, err)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestCallsMemoryFlat: calls with strings, structs and arrays many times
// (Func.Call's struct and number results from per-P slabs among them);
// RSS and the Go heap stay flat (within 16 MB) after a warm-up.
func TestCallsMemoryFlat(t *testing.T) {
	lib := ctestLib(t)
	add := newFuncT(t, lib, "add", complexT, complexT, complexT)
	sum := newFuncT(t, lib, "sum", types.Double, types.PointerTo(types.Double), types.Int)
	c := libc(t)
	strlen := newFuncT(t, c, "strlen", types.SizeT, types.CharP)
	tstrlen, err := Fn1[uint64, string](c, "strlen")
	if err != nil {
		t.Fatal(err)
	}
	arr := []float64{1, 2, 3, 4}
	s := strings.Repeat("x", 100)
	a, b := complexT.MustNew(1.0, 2.0), complexT.MustNew(3.0, 4.0)
	cycle := func() {
		if r, err := CallAs[uint64](strlen, s); err != nil || r != 100 {
			t.Fatalf("strlen = %v, %v", r, err)
		}
		if tstrlen(s) != 100 {
			t.Fatal("typed strlen")
		}
		if _, err := add.Call(a, b); err != nil {
			t.Fatal(err)
		}
		if r, err := sum.Call(arr, 3); err != nil || r != 6.0 { // a number's box: a slab word
			t.Fatalf("sum.Call = %v, %v", r, err)
		}
		if r, err := CallAs[float64](sum, arr, 4); err != nil || r != 10 {
			t.Fatalf("sum = %v, %v", r, err)
		}
	}
	for i := 0; i < 100_000; i++ {
		cycle()
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rss0, heap0 := rss(t), ms.HeapAlloc
	n := iterations(200_000, 1_000_000)
	for i := 0; i < n; i++ {
		cycle()
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rss1, heap1 := rss(t), ms.HeapAlloc
	t.Logf("%d call cycles: RSS %+d KB, heap %+d KB", n, (rss1-rss0)/1024, (int64(heap1)-int64(heap0))/1024)
	const limit = 16 << 20
	if rss1-rss0 > limit || int64(heap1)-int64(heap0) > limit {
		t.Fatalf("memory grew over %d cycles: RSS %d -> %d, heap %d -> %d", n, rss0, rss1, heap0, heap1)
	}
}

// TestCallbacksFromCThreadsWhileChurning: C threads call a callback while
// other goroutines create and free callbacks all the time.
func TestCallbacksFromCThreadsWhileChurning(t *testing.T) {
	cbl := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	callThread := newFuncT(t, cbl, "call_in_thread", types.Int, sig, types.Int)
	stable := mustCallback(t, sig, func(a []any) any { return a[0].(int64) + 7 })
	stop := make(chan struct{})
	var churn sync.WaitGroup
	for g := 0; g < 2; g++ {
		churn.Add(1)
		go func() {
			defer churn.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				cb, err := NewCallback(sig, func(a []any) any { return 0 })
				if err != nil {
					t.Error(err)
					return
				}
				cb.Free()
			}
		}()
	}
	n := iterations(200, 5000)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				if r, err := CallAs[int](callThread, stable, i); err != nil || r != i+7 {
					t.Errorf("call_in_thread(%d) = %d, %v", i, r, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(stop)
	churn.Wait()
}
