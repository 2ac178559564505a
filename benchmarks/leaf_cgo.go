//go:build cgo

package benchmarks

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

typedef struct { double x, y, z; } leaf_vec3;

static int (*p_leaf_add)(int, int);
static double (*p_leaf_sin)(double);
static leaf_vec3 (*p_leaf_vec3_scale)(double, double, double, double);
static double (*p_leaf_mix20)(long, double, long, double, long, double, long, double, long, double,
	long, double, long, double, long, double, long, double, long, double);
static double (*p_leaf_sum20)(long, double, long, double, long, double, long, double, long, double,
	long, double, long, double, long, double, long, double, long, double);

static int leaf_load(const char *path) {
	void *h = dlopen(path, RTLD_NOW);
	if (!h) return 0;
	p_leaf_add = dlsym(h, "leaf_add");
	p_leaf_sin = dlsym(h, "leaf_sin");
	p_leaf_vec3_scale = dlsym(h, "leaf_vec3_scale");
	p_leaf_mix20 = dlsym(h, "leaf_mix20");
	p_leaf_sum20 = dlsym(h, "leaf_sum20");
	return p_leaf_add && p_leaf_sin && p_leaf_vec3_scale && p_leaf_mix20 && p_leaf_sum20;
}
static int call_leaf_add(int a, int b) { return p_leaf_add(a, b); }
static double call_leaf_sin(double x) { return p_leaf_sin(x); }
static leaf_vec3 call_leaf_vec3_scale(double x, double y, double z, double k) { return p_leaf_vec3_scale(x, y, z, k); }
static double call_leaf_mix20(long a0, double b0, long a1, double b1, long a2, double b2, long a3, double b3,
	long a4, double b4, long a5, double b5, long a6, double b6, long a7, double b7, long a8, double b8, long a9, double b9) {
	return p_leaf_mix20(a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7, a8, b8, a9, b9);
}
static double call_leaf_sum20(long a0, double b0, long a1, double b1, long a2, double b2, long a3, double b3,
	long a4, double b4, long a5, double b5, long a6, double b6, long a7, double b7, long a8, double b8, long a9, double b9) {
	return p_leaf_sum20(a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7, a8, b8, a9, b9);
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func init() {
	cgoLeafLoad = func(path string) error {
		p := C.CString(path)
		defer C.free(unsafe.Pointer(p))
		if C.leaf_load(p) == 0 {
			return fmt.Errorf("cgo baseline: cannot load %s", path)
		}
		return nil
	}
	cgoLeaf["add"] = func(n int) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			s += float64(C.call_leaf_add(C.int(i), 7))
		}
		return s
	}
	cgoLeaf["sin"] = func(n int) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			s += float64(C.call_leaf_sin(C.double(float64(i & 1023))))
		}
		return s
	}
	cgoLeaf["vec3"] = func(n int) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			v := C.call_leaf_vec3_scale(C.double(float64(i&1023)), 1, -2, 3)
			s += float64(v.x) + float64(v.y) + float64(v.z)
		}
		return s
	}
	cgoLeaf["mix20"] = func(n int) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			a, x := C.long(i&1023), C.double(float64(i&1023)*0.5)
			s += float64(C.call_leaf_mix20(a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9))
		}
		return s
	}
	cgoLeaf["sum20"] = func(n int) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			a, x := C.long(i&1023), C.double(float64(i&1023)*0.5)
			s += float64(C.call_leaf_sum20(a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9))
		}
		return s
	}
}
