package ffitest_test

import (
	"math"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/ffitest"
	"github.com/purectypes/ctypes/types"
)

// TestFrexp is the snippet of README.md's "Library-agnostic tests", kept
// running here: glibc exports frexp from libc and from libm, one test runs
// on each.
func TestFrexp(t *testing.T) {
	libs := []ffitest.Lib{{Name: "libc", Path: "libc.so.6"}, {Name: "libm", Find: "m"}}
	ffitest.Run(t, "frexp", libs, func(t *testing.T, lib *ffitest.Loaded) {
		frexp, err := lib.Func("frexp")
		if err != nil {
			t.Fatal(err)
		}
		frexp.Restype, frexp.Argtypes = types.Double, []*types.Type{types.Double, types.PointerTo(types.Int)}
		var e int32
		m, err := ffi.CallAs[float64](frexp, 48.0, &e)
		if wm, we := math.Frexp(48); err != nil || m != wm || int(e) != we {
			t.Errorf("frexp(48) = %v, %d (%v); Go says %v, %d", m, e, err, wm, we)
		}
	})
}
