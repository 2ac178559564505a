package cblas_test

import (
	"fmt"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffi"
)

// Bind binds the CBLAS declarations in one implementation, chosen at run
// time by its path. (Not run by go test: the library may be absent.)
func ExampleBind() {
	lib, err := ffi.CDLL("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")
	if err != nil {
		fmt.Println(err)
		return
	}
	blas, err := cblas.Bind(lib)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := []float64{1, 2, 3, 4, 5, 6}    // 2×3, row-major
	b := []float64{7, 8, 9, 10, 11, 12} // 3×2
	c := make([]float64, 4)             // C = A·B, 2×2: written by C in place
	if err := blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c) // [58 64 139 154]
}
