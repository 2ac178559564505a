// Package cblas declares six functions of the CBLAS interface (cblas.h)
// once, with the ctypes surface of package ffi, and binds them in any
// shared object that exports them: the reference BLAS, OpenBLAS, BLIS,
// ATLAS, or a build of one's own, chosen at run time.
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

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// Order is CBLAS_ORDER (CBLAS_LAYOUT): how a matrix is stored.
type Order int32

// The storage orders.
const (
	RowMajor Order = 101
	ColMajor Order = 102
)

// Transpose is CBLAS_TRANSPOSE: whether a matrix is used as it is or
// transposed.
type Transpose int32

// The transpositions (ConjTrans is Trans for real matrices).
const (
	NoTrans   Transpose = 111
	Trans     Transpose = 112
	ConjTrans Transpose = 113
)

// Uplo is CBLAS_UPLO: which triangle of a matrix is used.
type Uplo int32

// The triangles.
const (
	Upper Uplo = 121
	Lower Uplo = 122
)

// Diag is CBLAS_DIAG: whether a triangular matrix has a unit diagonal.
type Diag int32

// The diagonals.
const (
	NonUnit Diag = 131
	Unit    Diag = 132
)

// ErrArgument reports a dimension, stride, enum or slice length that the C
// routine cannot be called with.
var ErrArgument = errors.New("cblas: bad argument")

// Decl is the C declaration of one CBLAS function.
type Decl struct {
	Name     string
	Restype  *types.Type // nil for void
	Argtypes []*types.Type
}

var (
	cInt, cDouble = types.Int, types.Double
	pDouble       = types.PointerTo(types.Double)
)

// Decls are the functions of this package, declared as in cblas.h (enums
// are C ints; the sizes are the int of the LP64 interface every Debian
// implementation exports).
var Decls = []Decl{
	// double cblas_ddot(int N, const double *X, int incX, const double *Y, int incY);
	{"cblas_ddot", cDouble, []*types.Type{cInt, pDouble, cInt, pDouble, cInt}},
	// void cblas_daxpy(int N, double alpha, const double *X, int incX, double *Y, int incY);
	{"cblas_daxpy", nil, []*types.Type{cInt, cDouble, pDouble, cInt, pDouble, cInt}},
	// double cblas_dnrm2(int N, const double *X, int incX);
	{"cblas_dnrm2", cDouble, []*types.Type{cInt, pDouble, cInt}},
	// void cblas_dgemv(CBLAS_ORDER order, CBLAS_TRANSPOSE TransA, int M, int N,
	//                  double alpha, const double *A, int lda, const double *X, int incX,
	//                  double beta, double *Y, int incY);
	{"cblas_dgemv", nil, []*types.Type{cInt, cInt, cInt, cInt, cDouble, pDouble, cInt, pDouble, cInt, cDouble, pDouble, cInt}},
	// void cblas_dgemm(CBLAS_ORDER Order, CBLAS_TRANSPOSE TransA, CBLAS_TRANSPOSE TransB,
	//                  int M, int N, int K, double alpha, const double *A, int lda,
	//                  const double *B, int ldb, double beta, double *C, int ldc);
	{"cblas_dgemm", nil, []*types.Type{cInt, cInt, cInt, cInt, cInt, cInt, cDouble, pDouble, cInt, pDouble, cInt, cDouble, pDouble, cInt}},
	// void cblas_dtrsv(CBLAS_ORDER order, CBLAS_UPLO Uplo, CBLAS_TRANSPOSE TransA,
	//                  CBLAS_DIAG Diag, int N, const double *A, int lda, double *X, int incX);
	{"cblas_dtrsv", nil, []*types.Type{cInt, cInt, cInt, cInt, cInt, pDouble, cInt, pDouble, cInt}},
}

// BLAS is the CBLAS of one library.
type BLAS struct {
	lib                                     *ffi.Library
	ddot, daxpy, dnrm2, dgemv, dgemm, dtrsv *ffi.Func
}

// Bind looks up every function of [Decls] in lib and sets its signature.
// A missing function is an error wrapping ffi.ErrSymbol.
func Bind(lib *ffi.Library) (*BLAS, error) {
	b := &BLAS{lib: lib}
	dst := []**ffi.Func{&b.ddot, &b.daxpy, &b.dnrm2, &b.dgemv, &b.dgemm, &b.dtrsv}
	for i, d := range Decls {
		f, err := lib.Func(d.Name)
		if err != nil {
			return nil, err
		}
		f.Restype, f.Argtypes = d.Restype, d.Argtypes
		*dst[i] = f
	}
	return b, nil
}

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
	return ffi.CallAs[float64](b.ddot, n, x, incX, y, incY)
}

// Daxpy computes y += alpha*x: cblas_daxpy(n, alpha, x, incX, y, incY).
func (b *BLAS) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) error {
	if !(sizeOK(n) && vecOK(len(x), n, incX) && vecOK(len(y), n, incY)) {
		return orBug("daxpy", size("daxpy", "n", n), vec("daxpy", "x", x, n, incX), vec("daxpy", "y", y, n, incY))
	}
	_, err := ffi.CallAs[*types.Value](b.daxpy, n, alpha, x, incX, y, incY)
	return err
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
	return ffi.CallAs[float64](b.dnrm2, n, x, incX)
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
	_, err := ffi.CallAs[*types.Value](b.dgemv, int32(order), int32(trans), m, n, alpha, a, lda, x, incX, beta, y, incY)
	return err
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
	_, err := ffi.CallAs[*types.Value](b.dgemm, int32(order), int32(transA), int32(transB), m, n, k, alpha, a, lda, bm, ldb, beta, c, ldc)
	return err
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
	_, err := ffi.CallAs[*types.Value](b.dtrsv, int32(order), int32(uplo), int32(trans), int32(diag), n, a, lda, x, incX)
	return err
}
