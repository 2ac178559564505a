package ffi

import (
	"math"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/pslab"
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

// TestZeroAllocMore: the signatures the call-plan issue found allocating:
// a struct result of the MEMORY class (CallAs and typed), 20 arguments
// (typed), and an output parameter (CallAs: none, C writes into the plan's
// own cell, so that C never holds a goroutine stack address). Func.Call
// allocates only to box its result: one for a scalar, two for a struct
// (the Value and its memory), none for arguments.
func TestZeroAllocMore(t *testing.T) {
	if !callconv.Supported {
		testenv.Skip(t, "no fast call engine on "+testenv.Platform()+": calls go through libffi, which allocates")
	}
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes allocation counts")
	}
	lib, err := CDLL(cbuild.Test(t, "structs"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	type d3 struct{ A, B, C float64 }
	d3T := types.MustStructOf("D3", []types.Field{types.F("a", types.Double), types.F("b", types.Double), types.F("c", types.Double)})
	mk := newFuncT(t, lib, "D3_make", d3T, types.Int)
	tmk, err := Fn1[d3, int32](lib, "D3_make")
	if err != nil {
		t.Fatal(err)
	}
	want, err := CallAs[d3](mk, 7)
	if err != nil {
		t.Fatal(err)
	}
	many, err := Fn20[float64, int32, float64, int32, float64, int32, float64, int32, float64, int32, float64,
		int32, float64, int32, float64, int32, float64, int32, float64, int32, float64](lib, "many")
	if err != nil {
		t.Fatal(err)
	}
	ref := newFuncT(t, lib, "many_ref", types.Double, types.PointerTo(types.Int), types.PointerTo(types.Double))
	ai := []int32{1, -2, 3, -4, 5, -6, 7, -8, 9, -10}
	ad := []float64{0.5, 1.5, -2.5, 3.5, -4.5, 5.5, -6.5, 7.5, -8.5, 9.5}
	wantMany, err := CallAs[float64](ref, ai, ad)
	if err != nil {
		t.Fatal(err)
	}
	frexp := newFuncT(t, m, "frexp", types.Double, types.Double, types.PointerTo(types.Int))
	var sink struct {
		d  d3
		f  float64
		e  int32
		ok bool
	}
	n := 0
	numBox := 0.0 // Func.Call's number result: a slab word (internal/pslab)
	if !pslab.Shared {
		numBox = 1 // its own allocation under the race detector
	}
	cases := []struct {
		name  string
		max   float64
		call  func()
		check func() bool
	}{
		{"CallAs[d3](D3_make)", 0, func() { sink.d, _ = CallAs[d3](mk, 7) }, func() bool { return sink.d == want }},
		{"typed D3_make", 0, func() { sink.d = tmk(7) }, func() bool { return sink.d == want }},
		{"typed many (20 arguments)", 0, func() {
			sink.f = many(ai[0], ad[0], ai[1], ad[1], ai[2], ad[2], ai[3], ad[3], ai[4], ad[4],
				ai[5], ad[5], ai[6], ad[6], ai[7], ad[7], ai[8], ad[8], ai[9], ad[9])
		}, func() bool { return sink.f == wantMany }},
		{"CallAs[float64](frexp, x, &e)", 0, func() { sink.f, _ = CallAs[float64](frexp, 48.0, &sink.e) }, func() bool {
			return sink.f == 0.75 && sink.e == 6
		}},
		{"Func.Call(frexp, x, &e)", 1, func() { r, _ := frexp.Call(48.0, &sink.e); sink.f, _ = r.(float64) }, func() bool {
			return sink.f == 0.75 && sink.e == 6
		}},
		{"Func.Call(D3_make, 7)", 2, func() { r, _ := mk.Call(7); sink.ok = r != nil }, func() bool { return sink.ok }},
		// Func.Call's arguments do not escape: a variable float64 is
		// boxed on the caller's stack, and so is the int the output
		// parameter points to (one allocation for either, had it escaped).
		{"Func.Call(frexp, variable x, &local)", numBox, func() {
			n++
			var e int32
			x := 48.0 * float64(int64(1)<<(n%8))
			r, _ := frexp.Call(x, &e)
			f, _ := r.(float64)
			sink.ok = f == 0.75 && e == 6+int32(n%8)
		}, func() bool { return sink.ok }},
	}
	for _, c := range cases {
		n := testing.AllocsPerRun(200, c.call)
		if !c.check() {
			t.Errorf("%s: wrong result %+v", c.name, sink)
		}
		if n > c.max {
			t.Errorf("%s: %v allocations per call, want at most %v", c.name, n, c.max)
		}
	}
}

// TestZeroAllocCallbackFunc: NewCallbackFunc of a scalar func, called by
// C, allocates nothing per call where callconv.CallGo calls it (and a
// typed callback nowhere).
func TestZeroAllocCallbackFunc(t *testing.T) {
	if !callconv.GoABI {
		testenv.Skip(t, "NewCallbackFunc goes through reflect on "+testenv.Platform())
	}
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes allocation counts")
	}
	lib := callbackLib(t)
	check, err := Fn1[int32, *Callback](lib, "check_i16")
	if err != nil {
		t.Fatal(err)
	}
	fcb, err := NewCallbackFunc(func(x int16) int16 { return x })
	if err != nil {
		t.Fatal(err)
	}
	defer fcb.Free()
	tcb, err := CallbackFn1(func(x int16) int16 { return x })
	if err != nil {
		t.Fatal(err)
	}
	defer tcb.Free()
	for _, c := range []struct {
		name string
		cb   *Callback
	}{{"NewCallbackFunc", fcb}, {"CallbackFn1", tcb}} {
		var ok int32
		n := testing.AllocsPerRun(200, func() { ok = check(c.cb) })
		if ok != 1 {
			t.Errorf("%s: C did not get its int16 values back", c.name)
		}
		if n != 0 {
			t.Errorf("%s: %v allocations per C call of the callback, want 0", c.name, n)
		}
	}
}
