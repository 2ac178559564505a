package cblas_test

import (
	"errors"
	"math"
	"testing"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/ffitest"
)

// TestErrors checks that calls C would reject (the reference BLAS prints
// "Parameter N to routine ... was incorrect" and exits the process) or
// that would run off the end of a slice are errors wrapping ErrArgument,
// and that C was not called: the output slices are untouched.
func TestErrors(t *testing.T) {
	ffitest.Run(t, "cblas", candidates()[:1], func(t *testing.T, lib *ffitest.Loaded) {
		b, err := cblas.Bind(lib.Library)
		if err != nil {
			t.Fatal(err)
		}
		x, y := make([]float64, 4), make([]float64, 4)
		a := make([]float64, 12) // 3×4 row-major, or 4×3 column-major
		c := make([]float64, 9)
		for i := range c {
			c[i] = float64(i + 1)
		}
		y[0] = 7
		for _, bad := range []struct {
			name string
			call func() error
		}{
			{"ddot n<0", func() error { _, err := b.Ddot(-1, x, 1, y, 1); return err }},
			{"ddot x short", func() error { _, err := b.Ddot(3, x, 2, y, 1); return err }},
			{"ddot incX=0", func() error { _, err := b.Ddot(3, x, 0, y, 1); return err }},
			{"daxpy y short", func() error { return b.Daxpy(5, 1, x[:4], 1, y, 1) }},
			// math.MaxInt: too large for a C int where Go's int has 64 bits
			// (where it has 32, x is too short for it).
			{"daxpy n too large for a C int", func() error { return b.Daxpy(math.MaxInt, 1, x, 1, y, 1) }},
			{"dnrm2 incX<0", func() error { _, err := b.Dnrm2(2, x, -1); return err }},
			{"dgemv bad order", func() error { return b.Dgemv(7, cblas.NoTrans, 3, 4, 1, a, 4, x, 1, 0, y, 1) }},
			{"dgemv bad trans", func() error { return b.Dgemv(cblas.RowMajor, 0, 3, 4, 1, a, 4, x, 1, 0, y, 1) }},
			{"dgemv lda<n row-major", func() error { return b.Dgemv(cblas.RowMajor, cblas.NoTrans, 3, 4, 1, a, 3, x, 1, 0, y, 1) }},
			{"dgemv a short", func() error { return b.Dgemv(cblas.RowMajor, cblas.NoTrans, 4, 4, 1, a, 4, x, 1, 0, y, 1) }},
			{"dgemv y short transposed", func() error { return b.Dgemv(cblas.RowMajor, cblas.Trans, 3, 4, 1, a, 4, x, 1, 0, y[:3], 1) }},
			{"dgemm lda<m column-major", func() error {
				return b.Dgemm(cblas.ColMajor, cblas.NoTrans, cblas.NoTrans, 3, 3, 3, 1, a, 2, a, 3, 0, c, 3)
			}},
			{"dgemm b short transposed", func() error {
				return b.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.Trans, 3, 4, 3, 1, a, 3, a[:9], 3, 0, c, 4)
			}},
			{"dgemm c short", func() error {
				return b.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, 3, 4, 3, 1, a, 3, a, 4, 0, c, 4)
			}},
			{"dgemm k<0", func() error {
				return b.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, 3, 3, -1, 1, a, 3, a, 3, 0, c, 3)
			}},
			{"dtrsv bad uplo", func() error { return b.Dtrsv(cblas.RowMajor, 3, cblas.NoTrans, cblas.NonUnit, 3, a, 3, x, 1) }},
			{"dtrsv bad diag", func() error { return b.Dtrsv(cblas.RowMajor, cblas.Upper, cblas.NoTrans, 0, 3, a, 3, x, 1) }},
			{"dtrsv lda<n", func() error { return b.Dtrsv(cblas.RowMajor, cblas.Upper, cblas.NoTrans, cblas.NonUnit, 3, a, 2, x, 1) }},
		} {
			err := bad.call()
			if !errors.Is(err, cblas.ErrArgument) {
				t.Errorf("%s: %v, want an error wrapping cblas.ErrArgument", bad.name, err)
				continue
			}
			t.Logf("%s: %v", bad.name, err)
		}
		if y[0] != 7 || c[0] != 1 || c[8] != 9 {
			t.Errorf("a rejected call wrote its output: y[0]=%v c=%v", y[0], c)
		}
	})
}

// TestBindMissing checks that a library without CBLAS is an error wrapping
// ffi.ErrSymbol.
func TestBindMissing(t *testing.T) {
	libm, err := ffi.CDLL("libm.so.6")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cblas.Bind(libm); !errors.Is(err, ffi.ErrSymbol) {
		t.Errorf("Bind(libm): %v, want an error wrapping ffi.ErrSymbol", err)
	}
}
