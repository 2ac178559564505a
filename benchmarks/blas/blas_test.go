package blas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testenv"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Sizes are the orders of the square matrices multiplied.
var Sizes = []int{4, 64, 256, 1024}

type impl struct {
	cblas.Implementation
	blas *cblas.BLAS
	err  error
}

var (
	implsOnce sync.Once
	impls     []*impl
	cgoErr    error
)

// loadImpls binds every Debian implementation; the cgo baseline calls
// OpenBLAS's cblas_dgemm from the same file.
func loadImpls() []*impl {
	implsOnce.Do(func() {
		for _, im := range cblas.Debian() {
			x := &impl{Implementation: im}
			var lib *ffi.Library
			if lib, x.err = ffi.CDLL(im.Path); x.err == nil {
				x.blas, x.err = cblas.Bind(lib)
			}
			if im.Name == "openblas" {
				cgoErr = x.err
				if cgoErr == nil && haveCgo {
					cgoErr = cgoLoad(im.Path)
				}
			}
			impls = append(impls, x)
		}
	})
	return impls
}

type operands struct{ a, b, want []float64 }

var (
	opMu  sync.Mutex
	opMap = map[int]*operands{}
)

// operandsOf returns n×n row-major matrices A and B of values in [-1, 1)
// and gonum's A·B.
func operandsOf(n int) *operands {
	opMu.Lock()
	defer opMu.Unlock()
	if o := opMap[n]; o != nil {
		return o
	}
	r := rand.New(rand.NewPCG(uint64(n), 14))
	o := &operands{a: make([]float64, n*n), b: make([]float64, n*n), want: make([]float64, n*n)}
	for i := range o.a {
		o.a[i], o.b[i] = 2*r.Float64()-1, 2*r.Float64()-1
	}
	gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, o.want, n)
	opMap[n] = o
	return o
}

// check fails b unless c is A·B within the rounding bound of a sum of n
// products of magnitude at most 1, for two computations: 8·n²·ε.
func check(b *testing.B, who string, n int, c, want []float64) {
	b.Helper()
	bound := 8 * float64(n) * float64(n) * 0x1p-52
	for i := range want {
		if d := math.Abs(c[i] - want[i]); !(d <= bound) {
			b.Fatalf("%s, %d×%d: element %d is %v, gonum's %v (off by %.3g, bound %.3g)", who, n, n, i, c[i], want[i], d, bound)
		}
	}
}

// BenchmarkDgemm multiplies n×n matrices, C = A·B, row-major.
func BenchmarkDgemm(b *testing.B) {
	all := loadImpls()
	for _, n := range Sizes {
		o := operandsOf(n)
		c := make([]float64, n*n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n <= 256 {
				// gonum against C, once: the reference BLAS's product.
				if ref := all[0]; ref.err == nil {
					if err := ref.blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, c, n); err != nil {
						b.Fatal(err)
					}
					check(b, "gonum against the reference BLAS", n, o.want, c)
				}
			}
			for _, im := range all {
				b.Run("ctypes_"+im.Name, func(b *testing.B) {
					testenv.Require(b, im.Name, im.err)
					clear(c)
					if err := im.blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, c, n); err != nil {
						b.Fatal(err)
					}
					check(b, im.Name, n, c, o.want)
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						im.blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, c, n)
					}
				})
			}
			if haveCgo {
				b.Run("cgo_openblas", func(b *testing.B) {
					testenv.Require(b, "openblas", cgoErr)
					clear(c)
					cgoDgemm(n, n, n, 1, o.a, n, o.b, n, 0, c, n)
					check(b, "cgo", n, c, o.want)
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						cgoDgemm(n, n, n, 1, o.a, n, o.b, n, 0, c, n)
					}
				})
			}
			b.Run("gonum", func(b *testing.B) {
				impl := gonum.Implementation{}
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					impl.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, o.a, n, o.b, n, 0, c, n)
				}
			})
		})
	}
}
