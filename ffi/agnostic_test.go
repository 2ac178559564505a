//go:build linux

package ffi_test

import (
	"math"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/ffitest"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestCallPathsAgreeInEveryLibrary runs the three call paths (Func.Call,
// CallAs, typed bindings) over every library that exports frexp and ldexp
// (libc, libm and testdata/frexp.c's bit-twiddling version): within one
// library the three must give the same bits, and every library the same
// answer as the others.
func TestCallPathsAgreeInEveryLibrary(t *testing.T) {
	inputs := []float64{0.75, -3.5, 1e300, 5e-324, 123456.789, math.Copysign(0, -1), 3}
	type answer struct {
		frac []float64
		exp  []int32
	}
	var answers []answer
	ffitest.Run(t, "frexp", []ffitest.Lib{
		{Name: "libc", Path: "libc.so.6"},
		{Name: "libm", Path: "libm.so.6"},
		{Name: "frexp.c", Path: cbuild.Test(t, "frexp")},
	}, func(t *testing.T, lib *ffitest.Loaded) {
		frexp, err := lib.Func("frexp")
		if err != nil {
			t.Fatal(err)
		}
		frexp.Restype = types.Double
		frexp.Argtypes = []*types.Type{types.Double, types.PointerTo(types.Int)}
		typed, err := ffi.Fn2[float64, float64, *int32](lib.Library, "frexp")
		if err != nil {
			t.Fatal(err)
		}
		var a answer
		for _, x := range inputs {
			var e1, e2, e3 int32
			f1, err := ffi.CallAs[float64](frexp, x, &e1)
			if err != nil {
				t.Fatal(err)
			}
			f2 := typed(x, &e2)
			e3v := types.New(types.Int)
			r, err := frexp.Call(x, types.Byref(e3v))
			if err != nil {
				t.Fatal(err)
			}
			f3 := r.(float64)
			if v, err := e3v.Int(); err == nil {
				e3 = int32(v)
			}
			if math.Float64bits(f1) != math.Float64bits(f2) || math.Float64bits(f1) != math.Float64bits(f3) || e1 != e2 || e1 != e3 {
				t.Errorf("frexp(%v): CallAs %v,%d; typed %v,%d; Call %v,%d", x, f1, e1, f2, e2, f3, e3)
			}
			a.frac, a.exp = append(a.frac, f1), append(a.exp, e1)
		}
		answers = append(answers, a)
	})
	for i := 1; i < len(answers); i++ {
		for j := range inputs {
			if math.Float64bits(answers[i].frac[j]) != math.Float64bits(answers[0].frac[j]) || answers[i].exp[j] != answers[0].exp[j] {
				t.Errorf("frexp(%v): library %d says %v,%d, library 0 %v,%d", inputs[j], i, answers[i].frac[j], answers[i].exp[j], answers[0].frac[j], answers[0].exp[j])
			}
		}
	}
}
