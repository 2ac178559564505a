//go:build cgo

package blas

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

// cblas_dgemm through a pointer from dlsym on the same file the toolkit
// loads, as benchmarks/cgo.go calls its functions: the prototype is
// declared here, so no BLAS headers are needed.
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                         const double *, int, double, double *, int);
static dgemm_fn p_dgemm;

static int load_dgemm(const char *path) {
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) return 0;
	p_dgemm = (dgemm_fn)dlsym(h, "cblas_dgemm");
	return p_dgemm != 0;
}
static void call_dgemm(int order, int ta, int tb, int m, int n, int k, double alpha,
                       const double *a, int lda, const double *b, int ldb, double beta,
                       double *c, int ldc) {
	p_dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// haveCgo reports that the cgo baseline is built in.
const haveCgo = true

// cgoLoad makes cgoDgemm call the cblas_dgemm of the library at path.
func cgoLoad(path string) error {
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	if C.load_dgemm(cp) == 0 {
		return fmt.Errorf("cgo baseline: cannot load cblas_dgemm from %s", path)
	}
	return nil
}

// cgoDgemm is a cgo call of cblas_dgemm (row-major, no transposes).
func cgoDgemm(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	C.call_dgemm(101, 111, 111, C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(unsafe.Pointer(&a[0])), C.int(lda), (*C.double)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.double(beta), (*C.double)(unsafe.Pointer(&c[0])), C.int(ldc))
}
