// Package cblas binds six functions of the CBLAS interface (cblas.h) in
// any shared object that exports them: the reference BLAS, OpenBLAS, BLIS,
// ATLAS, or a build of one's own, chosen at run time. The declarations come
// from cblas.h itself: internal/cblasgen is generated from Debian's header
// by the ctypes command (go generate), typed bindings whose Go types are
// the header's prototypes; this package checks the arguments and calls
// them.
//
//	lib, _ := ffi.CDLL("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")
//	blas, _ := cblas.Bind(lib)
//	err := blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, m, n, k,
//		1, a, k, b, n, 0, c, n)
//
// Go slices pass to C without copying. Every method checks its dimensions,
// strides and slice lengths against what the C routine will read and
// write, and returns an error wrapping [ErrArgument] instead of letting C
// run off the end of a slice.
package cblas

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/purectypes/ctypes/examples/blas/cblas/internal/cblasgen"
	"github.com/purectypes/ctypes/ffi"
)

// Order is CBLAS_ORDER (CBLAS_LAYOUT): how a matrix is stored.
type Order int32

// The storage orders.
const (
	RowMajor Order = cblasgen.CblasRowMajor
	ColMajor Order = cblasgen.CblasColMajor
)

// Transpose is CBLAS_TRANSPOSE: whether a matrix is used as it is or
// transposed.
type Transpose int32

// The transpositions (ConjTrans is Trans for real matrices).
const (
	NoTrans   Transpose = cblasgen.CblasNoTrans
	Trans     Transpose = cblasgen.CblasTrans
	ConjTrans Transpose = cblasgen.CblasConjTrans
)

// Uplo is CBLAS_UPLO: which triangle of a matrix is used.
type Uplo int32

// The triangles.
const (
	Upper Uplo = cblasgen.CblasUpper
	Lower Uplo = cblasgen.CblasLower
)

// Diag is CBLAS_DIAG: whether a triangular matrix has a unit diagonal.
type Diag int32

// The diagonals.
const (
	NonUnit Diag = cblasgen.CblasNonUnit
	Unit    Diag = cblasgen.CblasUnit
)

// ErrArgument reports a dimension, stride, enum or slice length that the C
// routine cannot be called with.
var ErrArgument = errors.New("cblas: bad argument")

// BLAS is the CBLAS of one library: the generated typed bindings of
// cblas.h's functions (enums and sizes are C ints; a const double* or
// double* is a *float64, the first element of a Go slice, passed without
// copying).
type BLAS struct {
	lib *ffi.Library
	c   *cblasgen.Lib
}

// Names are the C functions [Bind] binds.
var Names = []string{"cblas_ddot", "cblas_daxpy", "cblas_dnrm2", "cblas_dgemv", "cblas_dgemm", "cblas_dtrsv"}

// Bind binds every function of [Names] in lib. A missing function is an
// error wrapping ffi.ErrSymbol.
func Bind(lib *ffi.Library) (*BLAS, error) {
	c, err := cblasgen.Bind(lib)
	if err != nil {
		return nil, err
	}
	// The generated Bind leaves a function lib lacks nil: here each is
	// needed, and its absence is the loader's error.
	for i, bound := range []bool{c.CblasDdot != nil, c.CblasDaxpy != nil, c.CblasDnrm2 != nil,
		c.CblasDgemv != nil, c.CblasDgemm != nil, c.CblasDtrsv != nil} {
		if !bound {
			if _, err := lib.Sym(Names[i]); err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s is exported but was not bound", ffi.ErrSymbol, Names[i])
		}
	}
	return &BLAS{lib: lib, c: c}, nil
}

// p is the address of x's first element (of its array, for an empty x),
// for a const double* or double* parameter.
func p(x []float64) *float64 { return unsafe.SliceData(x) }

// Library returns the library the functions come from.
func (b *BLAS) Library() *ffi.Library { return b.lib }

// Each method tests its arguments with predicates the compiler inlines
// and builds an error, naming the function and the argument, only when
// one fails (see check.go): a call with good arguments pays a few
// comparisons.

// Ddot returns the dot product of x and y: cblas_ddot(n, x, incX, y, incY).
func (b *BLAS) Ddot(n int, x []float64, incX int, y []float64, incY int) (float64, error) {
	if !(sizeOK(n) && vecOK(len(x), n, incX) && vecOK(len(y), n, incY)) {
		return 0, orBug("ddot", size("ddot", "n", n), vec("ddot", "x", x, n, incX), vec("ddot", "y", y, n, incY))
	}
	return b.c.CblasDdot(int32(n), p(x), int32(incX), p(y), int32(incY)), nil
}

// Daxpy computes y += alpha*x: cblas_daxpy(n, alpha, x, incX, y, incY).
func (b *BLAS) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) error {
	if !(sizeOK(n) && vecOK(len(x), n, incX) && vecOK(len(y), n, incY)) {
		return orBug("daxpy", size("daxpy", "n", n), vec("daxpy", "x", x, n, incX), vec("daxpy", "y", y, n, incY))
	}
	b.c.CblasDaxpy(int32(n), alpha, p(x), int32(incX), p(y), int32(incY))
	return nil
}

// Dnrm2 returns the Euclidean norm of x: cblas_dnrm2(n, x, incX), incX
// positive (implementations differ on the others).
func (b *BLAS) Dnrm2(n int, x []float64, incX int) (float64, error) {
	if !(sizeOK(n) && incX > 0 && vecOK(len(x), n, incX)) {
		if incX <= 0 {
			return 0, fmt.Errorf("%w: dnrm2: the stride of x is %d, want it positive", ErrArgument, incX)
		}
		return 0, orBug("dnrm2", size("dnrm2", "n", n), vec("dnrm2", "x", x, n, incX))
	}
	return b.c.CblasDnrm2(int32(n), p(x), int32(incX)), nil
}

// Dgemv computes y = alpha*op(A)*x + beta*y, A an m×n matrix:
// cblas_dgemv(order, trans, m, n, alpha, a, lda, x, incX, beta, y, incY).
func (b *BLAS) Dgemv(order Order, trans Transpose, m, n int, alpha float64, a []float64, lda int,
	x []float64, incX int, beta float64, y []float64, incY int) error {
	lx, ly := n, m
	if trans != NoTrans {
		lx, ly = m, n
	}
	if !(orderOK(order) && transOK(trans) && sizeOK(m) && sizeOK(n) &&
		matOK(order, m, n, lda, len(a)) && vecOK(len(x), lx, incX) && vecOK(len(y), ly, incY)) {
		return orBug("dgemv", checkOrder("dgemv", order), checkTrans("dgemv", "trans", trans),
			size("dgemv", "m", m), size("dgemv", "n", n),
			mat("dgemv", "a", a, order, m, n, lda), vec("dgemv", "x", x, lx, incX), vec("dgemv", "y", y, ly, incY))
	}
	b.c.CblasDgemv(int32(order), int32(trans), int32(m), int32(n), alpha, p(a), int32(lda), p(x), int32(incX), beta, p(y), int32(incY))
	return nil
}

// Dgemm computes C = alpha*op(A)*op(B) + beta*C, with op(A) m×k, op(B)
// k×n and C m×n: cblas_dgemm(order, transA, transB, m, n, k, alpha, a,
// lda, b, ldb, beta, c, ldc).
func (b *BLAS) Dgemm(order Order, transA, transB Transpose, m, n, k int, alpha float64, a []float64, lda int,
	bm []float64, ldb int, beta float64, c []float64, ldc int) error {
	ar, ac := m, k // A as stored: ar×ac
	if transA != NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB != NoTrans {
		br, bc = n, k
	}
	if !(orderOK(order) && transOK(transA) && transOK(transB) && sizeOK(m) && sizeOK(n) && sizeOK(k) &&
		matOK(order, ar, ac, lda, len(a)) && matOK(order, br, bc, ldb, len(bm)) && matOK(order, m, n, ldc, len(c))) {
		return orBug("dgemm", checkOrder("dgemm", order), checkTrans("dgemm", "transA", transA), checkTrans("dgemm", "transB", transB),
			size("dgemm", "m", m), size("dgemm", "n", n), size("dgemm", "k", k),
			mat("dgemm", "a", a, order, ar, ac, lda), mat("dgemm", "b", bm, order, br, bc, ldb),
			mat("dgemm", "c", c, order, m, n, ldc))
	}
	b.c.CblasDgemm(int32(order), int32(transA), int32(transB), int32(m), int32(n), int32(k), alpha, p(a), int32(lda), p(bm), int32(ldb), beta, p(c), int32(ldc))
	return nil
}

// Dtrsv solves op(A)*x = b for x, A an n×n triangular matrix, b given in
// x and overwritten: cblas_dtrsv(order, uplo, trans, diag, n, a, lda, x,
// incX).
func (b *BLAS) Dtrsv(order Order, uplo Uplo, trans Transpose, diag Diag, n int, a []float64, lda int, x []float64, incX int) error {
	if !(orderOK(order) && (uplo == Upper || uplo == Lower) && transOK(trans) && (diag == NonUnit || diag == Unit) &&
		sizeOK(n) && matOK(order, n, n, lda, len(a)) && vecOK(len(x), n, incX)) {
		var err error
		if uplo != Upper && uplo != Lower {
			err = fmt.Errorf("%w: dtrsv: uplo is %d, want Upper (%d) or Lower (%d)", ErrArgument, uplo, Upper, Lower)
		} else if diag != NonUnit && diag != Unit {
			err = fmt.Errorf("%w: dtrsv: diag is %d, want NonUnit (%d) or Unit (%d)", ErrArgument, diag, NonUnit, Unit)
		}
		return orBug("dtrsv", err, checkOrder("dtrsv", order), checkTrans("dtrsv", "trans", trans), size("dtrsv", "n", n),
			mat("dtrsv", "a", a, order, n, n, lda), vec("dtrsv", "x", x, n, incX))
	}
	b.c.CblasDtrsv(int32(order), int32(uplo), int32(trans), int32(diag), int32(n), p(a), int32(lda), p(x), int32(incX))
	return nil
}
