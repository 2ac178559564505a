package cblas_test

import (
	"math"

	"github.com/purectypes/ctypes/examples/blas/cblas"
)

// The plain Go reference: the textbook loops, each result with the bound
// its error is checked against. For a sum of n products the rounding error
// of any summation order (blocked, vectorised, with FMA) is at most
// n·u·Σ|terms| to first order, u = ε/2; the reference itself errs by as
// much, so a C result must be within
//
//	tol·n·ε·Σ|terms|, tol = 4
//
// of the reference: twice the worst case of the two together.
const tol = 4

var eps = math.Nextafter(1, 2) - 1

// at is the index of element i of a vector of n elements with stride inc
// (a negative stride runs from the end, as in BLAS).
func at(i, n, inc int) int {
	if inc < 0 {
		return (n - 1 - i) * -inc
	}
	return i * inc
}

// elem returns element (i, j) of a matrix stored in order with leading
// dimension ld.
func elem(a []float64, order cblas.Order, i, j, ld int) float64 {
	if order == cblas.RowMajor {
		return a[i*ld+j]
	}
	return a[j*ld+i]
}

func index(order cblas.Order, i, j, ld int) int {
	if order == cblas.RowMajor {
		return i*ld + j
	}
	return j*ld + i
}

// op returns element (i, j) of op(A).
func op(a []float64, order cblas.Order, tr cblas.Transpose, i, j, ld int) float64 {
	if tr != cblas.NoTrans {
		i, j = j, i
	}
	return elem(a, order, i, j, ld)
}

func refDot(n int, x []float64, incX int, y []float64, incY int) (float64, float64) {
	var s, mag float64
	for i := 0; i < n; i++ {
		p := x[at(i, n, incX)] * y[at(i, n, incY)]
		s += p
		mag += math.Abs(p)
	}
	return s, tol * float64(n) * eps * mag
}

func refAxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) (out, bound []float64) {
	out = append([]float64(nil), y...)
	bound = make([]float64, len(y))
	for i := 0; i < n; i++ {
		j := at(i, n, incY)
		p := alpha * x[at(i, n, incX)]
		out[j] = y[j] + p
		bound[j] = tol * eps * (math.Abs(y[j]) + math.Abs(p))
	}
	return out, bound
}

// refNrm2 scales by the largest magnitude, so that squares of large or
// tiny elements neither overflow nor underflow, as BLAS's dnrm2 does.
func refNrm2(n int, x []float64, incX int) (float64, float64) {
	var scale float64
	for i := 0; i < n; i++ {
		scale = math.Max(scale, math.Abs(x[at(i, n, incX)]))
	}
	if scale == 0 {
		return 0, 0
	}
	var ss float64
	for i := 0; i < n; i++ {
		v := x[at(i, n, incX)] / scale
		ss += v * v
	}
	r := scale * math.Sqrt(ss)
	return r, tol * float64(n+2) * eps * r
}

func refGemv(order cblas.Order, tr cblas.Transpose, m, n int, alpha float64, a []float64, lda int,
	x []float64, incX int, beta float64, y []float64, incY int) (out, bound []float64) {
	rows, cols := m, n
	if tr != cblas.NoTrans {
		rows, cols = n, m
	}
	out = append([]float64(nil), y...)
	bound = make([]float64, len(y))
	for i := 0; i < rows; i++ {
		var s, mag float64
		for j := 0; j < cols; j++ {
			p := op(a, order, tr, i, j, lda) * x[at(j, cols, incX)]
			s += p
			mag += math.Abs(p)
		}
		k := at(i, rows, incY)
		out[k] = alpha*s + beta*y[k]
		bound[k] = tol * float64(cols+2) * eps * (math.Abs(alpha)*mag + math.Abs(beta*y[k]))
	}
	return out, bound
}

func refGemm(order cblas.Order, ta, tb cblas.Transpose, m, n, k int, alpha float64, a []float64, lda int,
	b []float64, ldb int, beta float64, c []float64, ldc int) (out, bound []float64) {
	out = append([]float64(nil), c...)
	bound = make([]float64, len(c))
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, mag float64
			for l := 0; l < k; l++ {
				p := op(a, order, ta, i, l, lda) * op(b, order, tb, l, j, ldb)
				s += p
				mag += math.Abs(p)
			}
			x := index(order, i, j, ldc)
			out[x] = alpha*s + beta*c[x]
			bound[x] = tol * float64(k+2) * eps * (math.Abs(alpha)*mag + math.Abs(beta*c[x]))
		}
	}
	return out, bound
}

// refTrsv solves op(A)·x = b by substitution. The matrices of the tests
// are diagonally dominant (each diagonal element at least twice the sum
// of the other magnitudes in its row and column), so the solution's
// forward error is within a small multiple of its backward error:
// tol·n·ε·max|x| per element, times 4 for the condition.
func refTrsv(order cblas.Order, uplo cblas.Uplo, tr cblas.Transpose, diag cblas.Diag, n int, a []float64, lda int,
	b []float64, incX int) (out, bound []float64) {
	// op(A) is lower triangular when A is Lower and not transposed, or
	// Upper and transposed.
	lower := (uplo == cblas.Lower) == (tr == cblas.NoTrans)
	x := make([]float64, n)
	for s := 0; s < n; s++ {
		i := s
		if !lower {
			i = n - 1 - s
		}
		v := b[at(i, n, incX)]
		for j := 0; j < n; j++ {
			if (lower && j < i) || (!lower && j > i) {
				v -= op(a, order, tr, i, j, lda) * x[j]
			}
		}
		if diag == cblas.NonUnit {
			v /= op(a, order, tr, i, i, lda)
		}
		x[i] = v
	}
	var big float64
	for _, v := range x {
		big = math.Max(big, math.Abs(v))
	}
	out = append([]float64(nil), b...)
	bound = make([]float64, len(b))
	for i := range x {
		out[at(i, n, incX)] = x[i]
		bound[at(i, n, incX)] = 4 * tol * float64(n) * eps * big
	}
	return out, bound
}
