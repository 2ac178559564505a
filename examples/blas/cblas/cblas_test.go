package cblas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffitest"
)

// candidates are the four Debian implementations; CTYPES_TEST_LIBS adds
// more under the API name "cblas".
func candidates() []ffitest.Lib {
	var libs []ffitest.Lib
	for _, im := range cblas.Debian() {
		libs = append(libs, ffitest.Lib{Name: im.Name, Path: im.Path})
	}
	return libs
}

// A check calls one CBLAS routine on fixed inputs and returns what C
// computed with the plain Go reference and the bound on their difference
// (element by element; see tol).
type check struct {
	name string
	run  func(b *cblas.BLAS) (got, want, bound []float64, err error)
}

// matrix returns a rows×cols matrix of values in [-1, 1) stored in order
// with leading dimension ld (the padding holds values too, which the
// routine must not read).
func matrix(r *rand.Rand, order cblas.Order, rows, cols, ld int) []float64 {
	major := rows
	if order == cblas.ColMajor {
		major = cols
	}
	a := make([]float64, major*ld)
	for i := range a {
		a[i] = 2*r.Float64() - 1
	}
	return a
}

func vector(r *rand.Rand, n int) []float64 { return matrix(r, cblas.RowMajor, 1, n, n) }

func checks() []check {
	r := rand.New(rand.NewPCG(14, 2026))
	var cs []check

	for _, c := range []struct {
		n, incX, incY int
		scale         float64
	}{{1, 1, 1, 1}, {7, 1, 1, 1}, {1000, 1, 1, 1}, {33, 2, -3, 1}, {100, 1, 1, 1e150}} {
		x, y := vector(r, 1+(c.n-1)*abs(c.incX)), vector(r, 1+(c.n-1)*abs(c.incY))
		for i := range x {
			x[i] *= c.scale
		}
		cs = append(cs, check{fmt.Sprintf("ddot/n=%d,incX=%d,incY=%d,scale=%g", c.n, c.incX, c.incY, c.scale),
			func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
				got, err := b.Ddot(c.n, x, c.incX, y, c.incY)
				want, bound := refDot(c.n, x, c.incX, y, c.incY)
				return []float64{got}, []float64{want}, []float64{bound}, err
			}})
		cs = append(cs, check{fmt.Sprintf("daxpy/n=%d,incX=%d,incY=%d,scale=%g", c.n, c.incX, c.incY, c.scale),
			func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
				got := append([]float64(nil), y...)
				err := b.Daxpy(c.n, -1.75, x, c.incX, got, c.incY)
				want, bound := refAxpy(c.n, -1.75, x, c.incX, y, c.incY)
				return got, want, bound, err
			}})
		// dnrm2 of 1e150-sized elements: their squares overflow, so an
		// implementation that does not scale gives +Inf.
		cs = append(cs, check{fmt.Sprintf("dnrm2/n=%d,incX=%d,scale=%g", c.n, c.incX, c.scale),
			func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
				got, err := b.Dnrm2(c.n, x, abs(c.incX))
				want, bound := refNrm2(c.n, x, abs(c.incX))
				return []float64{got}, []float64{want}, []float64{bound}, err
			}})
	}

	for _, order := range []cblas.Order{cblas.RowMajor, cblas.ColMajor} {
		for _, tr := range []cblas.Transpose{cblas.NoTrans, cblas.Trans} {
			for _, c := range []struct{ m, n, pad, incX, incY int }{{5, 3, 0, 1, 1}, {40, 70, 3, 2, -1}} {
				ld := c.n + c.pad
				if order == cblas.ColMajor {
					ld = c.m + c.pad
				}
				a := matrix(r, order, c.m, c.n, ld)
				lx, ly := c.n, c.m
				if tr != cblas.NoTrans {
					lx, ly = c.m, c.n
				}
				x, y := vector(r, 1+(lx-1)*abs(c.incX)), vector(r, 1+(ly-1)*abs(c.incY))
				cs = append(cs, check{fmt.Sprintf("dgemv/%s,%s,%dx%d,lda=%d,incX=%d,incY=%d", orderName(order), transName(tr), c.m, c.n, ld, c.incX, c.incY),
					func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
						got := append([]float64(nil), y...)
						err := b.Dgemv(order, tr, c.m, c.n, 0.5, a, ld, x, c.incX, -2, got, c.incY)
						want, bound := refGemv(order, tr, c.m, c.n, 0.5, a, ld, x, c.incX, -2, y, c.incY)
						return got, want, bound, err
					}})
			}
		}
	}

	for _, order := range []cblas.Order{cblas.RowMajor, cblas.ColMajor} {
		for _, ta := range []cblas.Transpose{cblas.NoTrans, cblas.Trans} {
			for _, tb := range []cblas.Transpose{cblas.NoTrans, cblas.Trans} {
				for _, c := range []struct {
					m, n, k, pad int
					alpha, beta  float64
				}{{4, 4, 4, 0, 1, 0}, {3, 5, 2, 1, 1.5, -0.5}, {67, 33, 129, 2, -1, 2}} {
					stored := func(trans cblas.Transpose, rows, cols int) (int, int, int) {
						if trans != cblas.NoTrans {
							rows, cols = cols, rows
						}
						ld := cols
						if order == cblas.ColMajor {
							ld = rows
						}
						return rows, cols, ld + c.pad
					}
					ar, ac, lda := stored(ta, c.m, c.k)
					br, bc, ldb := stored(tb, c.k, c.n)
					_, _, ldc := stored(cblas.NoTrans, c.m, c.n)
					a, bm, cm := matrix(r, order, ar, ac, lda), matrix(r, order, br, bc, ldb), matrix(r, order, c.m, c.n, ldc)
					cs = append(cs, check{fmt.Sprintf("dgemm/%s,%s%s,m=%d,n=%d,k=%d,alpha=%g,beta=%g", orderName(order), transName(ta), transName(tb), c.m, c.n, c.k, c.alpha, c.beta),
						func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
							got := append([]float64(nil), cm...)
							err := b.Dgemm(order, ta, tb, c.m, c.n, c.k, c.alpha, a, lda, bm, ldb, c.beta, got, ldc)
							want, bound := refGemm(order, ta, tb, c.m, c.n, c.k, c.alpha, a, lda, bm, ldb, c.beta, cm, ldc)
							return got, want, bound, err
						}})
				}
			}
		}
	}

	for _, order := range []cblas.Order{cblas.RowMajor, cblas.ColMajor} {
		for _, uplo := range []cblas.Uplo{cblas.Upper, cblas.Lower} {
			for _, tr := range []cblas.Transpose{cblas.NoTrans, cblas.Trans} {
				for _, diag := range []cblas.Diag{cblas.NonUnit, cblas.Unit} {
					const n, lda, incX = 9, 11, 2
					a := dominant(r, order, n, lda, diag)
					x := vector(r, 1+(n-1)*incX)
					cs = append(cs, check{fmt.Sprintf("dtrsv/%s,%s,%s,%s,n=%d,lda=%d,incX=%d", orderName(order), uploName(uplo), transName(tr), diagName(diag), n, lda, incX),
						func(b *cblas.BLAS) ([]float64, []float64, []float64, error) {
							got := append([]float64(nil), x...)
							err := b.Dtrsv(order, uplo, tr, diag, n, a, lda, got, incX)
							want, bound := refTrsv(order, uplo, tr, diag, n, a, lda, x, incX)
							return got, want, bound, err
						}})
				}
			}
		}
	}
	return cs
}

// dominant returns an n×n matrix whose diagonal is at least twice the sum
// of the other magnitudes of its row and of its column (with a unit
// diagonal, the off-diagonal elements are scaled down to keep that).
func dominant(r *rand.Rand, order cblas.Order, n, ld int, diag cblas.Diag) []float64 {
	a := matrix(r, order, n, n, ld)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				a[index(order, i, j, ld)] /= 4 * float64(n)
			}
		}
		d := 1 + r.Float64()
		if i%2 == 1 {
			d = -d
		}
		if diag == cblas.NonUnit {
			a[index(order, i, i, ld)] = d
		} else {
			a[index(order, i, i, ld)] = math.NaN() // a unit diagonal is not read
		}
	}
	return a
}

// TestCBLAS runs every check against every implementation found, each
// result against the Go reference, then the implementations against each
// other. Under CTYPES_REQUIRE=1 (CI) all four Debian implementations must
// be there.
func TestCBLAS(t *testing.T) {
	cs := checks()
	type outcome struct{ got, bound []float64 }
	results := map[string]map[string]outcome{} // implementation → check name → result
	loaded := ffitest.Run(t, "cblas", candidates(), func(t *testing.T, lib *ffitest.Loaded) {
		b, err := cblas.Bind(lib.Library)
		if err != nil {
			t.Fatal(err)
		}
		results[lib.Name()] = map[string]outcome{}
		for _, c := range cs {
			t.Run(c.name, func(t *testing.T) {
				got, want, bound, err := c.run(b)
				if err != nil {
					t.Fatal(err)
				}
				for i := range want {
					if d := math.Abs(got[i] - want[i]); !(d <= bound[i]) {
						t.Errorf("element %d: %s gives %v, the Go reference %v: off by %.3g, bound %.3g", i, lib.Name(), got[i], want[i], d, bound[i])
					}
				}
				results[lib.Name()][c.name] = outcome{got, bound}
			})
		}
	})
	if len(loaded) < 2 {
		return
	}
	// Each implementation against the first one found (the reference
	// BLAS when present): within twice the reference's bound, since
	// both err.
	first := loaded[0]
	for _, lib := range loaded[1:] {
		t.Run("agree/"+lib.Name()+"_vs_"+first.Name(), func(t *testing.T) {
			for _, c := range cs {
				ref, ok1 := results[first.Name()][c.name]
				res, ok2 := results[lib.Name()][c.name]
				if !ok1 || !ok2 {
					continue // failed above
				}
				for i := range ref.got {
					if d := math.Abs(res.got[i] - ref.got[i]); !(d <= 2*ref.bound[i]) {
						t.Errorf("%s, element %d: %s gives %v, %s %v: off by %.3g, bound %.3g", c.name, i, lib.Name(), res.got[i], first.Name(), ref.got[i], d, 2*ref.bound[i])
					}
				}
			}
		})
	}
}

func abs(x int) int { return max(x, -x) }

func orderName(o cblas.Order) string {
	if o == cblas.RowMajor {
		return "RowMajor"
	}
	return "ColMajor"
}

func transName(t cblas.Transpose) string {
	if t == cblas.NoTrans {
		return "N"
	}
	return "T"
}

func uploName(u cblas.Uplo) string {
	if u == cblas.Upper {
		return "Upper"
	}
	return "Lower"
}

func diagName(d cblas.Diag) string {
	if d == cblas.Unit {
		return "Unit"
	}
	return "NonUnit"
}
