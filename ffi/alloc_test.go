package ffi

import (
	"math"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// TestZeroAllocCalls checks the promise of the fast engine: a ctypes-style
// CallAs with numbers or Go structs, and a typed binding, allocate nothing
// per call. (Allocation counts, not timings: the speed itself is measured
// by the benchmarks package.)
func TestZeroAllocCalls(t *testing.T) {
	if !callconv.Supported {
		testenv.Skip(t, "no fast call engine on "+testenv.Platform()+": calls go through libffi, which allocates")
	}
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes allocation counts")
	}
	lib := ctestLib(t)
	m, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	sin := newFuncT(t, m, "sin", types.Double, types.Double)
	iadd := newFuncT(t, lib, "iadd", types.Int, types.Int, types.Int)
	add := newFuncT(t, lib, "add", complexT, complexT, complexT)
	tsin, err := Fn1[float64, float64](m, "sin")
	if err != nil {
		t.Fatal(err)
	}
	tadd, err := Fn2[goComplex, goComplex, goComplex](lib, "add")
	if err != nil {
		t.Fatal(err)
	}
	x := 0.5
	p1, p2 := goComplex{3.1, 4.2}, goComplex{1.9, 2.8}
	wantAdd := tadd(p1, p2)

	var sink struct {
		f float64
		i int32
		c goComplex
	}
	cases := []struct {
		name string
		call func()
		ok   func() bool
	}{
		{"CallAs[float64](sin, float64)", func() { sink.f, _ = CallAs[float64](sin, x) }, func() bool { return sink.f == math.Sin(x) }},
		{"CallAs[int32](iadd, int, int32)", func() { sink.i, _ = CallAs[int32](iadd, 1000, int32(-7)) }, func() bool { return sink.i == 993 }},
		{"CallAs[goComplex](add, goComplex, goComplex)", func() { sink.c, _ = CallAs[goComplex](add, p1, p2) }, func() bool { return sink.c == wantAdd }},
		{"typed sin", func() { sink.f = tsin(x) }, func() bool { return sink.f == math.Sin(x) }},
		{"typed add", func() { sink.c = tadd(p1, p2) }, func() bool { return sink.c == wantAdd }},
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
