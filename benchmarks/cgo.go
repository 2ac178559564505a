//go:build cgo

package benchmarks

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

struct Complex { double x, y; };

// The functions are called through pointers obtained with dlsym from the
// same shared objects the FFIs load: the fairest comparison with a call
// through an address an FFI has.
static double (*p_sin)(double);
static int (*p_iadd)(int, int);
static struct Complex (*p_add)(struct Complex, struct Complex);
static double (*p_sum)(double *, int);

static int load(const char *libm, const char *libctest) {
	void *m = dlopen(libm, RTLD_NOW), *c = dlopen(libctest, RTLD_NOW);
	if (!m || !c) return 0;
	p_sin = (double (*)(double))dlsym(m, "sin");
	p_iadd = (int (*)(int, int))dlsym(c, "iadd");
	p_add = (struct Complex (*)(struct Complex, struct Complex))dlsym(c, "add");
	p_sum = (double (*)(double *, int))dlsym(c, "sum");
	return p_sin && p_iadd && p_add && p_sum;
}
static double call_sin(double x) { return p_sin(x); }
static int call_iadd(int a, int b) { return p_iadd(a, b); }
static struct Complex call_add(struct Complex a, struct Complex b) { return p_add(a, b); }
static double call_sum(double *f, int n) { return p_sum(f, n); }

// The qsort comparison: a Go function exported to C (cmp.go).
extern int goCompare(void *, void *);
static int cmp_tramp(const void *a, const void *b) { return goCompare((void *)a, (void *)b); }
static void sort_ints(int *v, size_t n) { qsort(v, n, sizeof(int), cmp_tramp); }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// haveCgo reports that the cgo baseline is built in.
const haveCgo = true

func cgoLoad(libm, libctest string) error {
	cm, cc := C.CString(libm), C.CString(libctest)
	defer C.free(unsafe.Pointer(cm))
	defer C.free(unsafe.Pointer(cc))
	if C.load(cm, cc) == 0 {
		return fmt.Errorf("cgo baseline: cannot load %s or %s", libm, libctest)
	}
	return nil
}

func cgoSin(x float64) float64 { return float64(C.call_sin(C.double(x))) }
func cgoIadd(a, b int32) int32 { return int32(C.call_iadd(C.int(a), C.int(b))) }
func cgoAdd(a, b pair) pair {
	r := C.call_add(C.struct_Complex{C.double(a.X), C.double(a.Y)}, C.struct_Complex{C.double(b.X), C.double(b.Y)})
	return pair{float64(r.x), float64(r.y)}
}
func cgoSum(f []float64) float64 {
	return float64(C.call_sum((*C.double)(unsafe.Pointer(&f[0])), C.int(len(f))))
}
func cgoSort(v []int32) { C.sort_ints((*C.int)(unsafe.Pointer(&v[0])), C.size_t(len(v))) }
