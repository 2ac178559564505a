package benchmarks

import (
	"math"
	"reflect"
	"unsafe"
)

// The cgo side of the matrix (matrix_cgo_gen.go, built only with cgo)
// registers itself here, so that the tables of the ffi side need no stubs
// when cgo is off.
var (
	// cgoMatrixLoad loads testdata/matrix.c's shared object for the cgo calls.
	cgoMatrixLoad func(path string) error
	// cgoMatrix calls a matrix signature through cgo n times and returns
	// the digest of the last result, as ref_<name> does in C.
	cgoMatrix = map[string]func(n int) uint64{}
	// cgoCallbacks runs cb_<name> with the cgo-exported Go callback.
	cgoCallbacks = map[string]func(n int) uint64{}
)

// digest folds values into the digest testdata/matrix.c's ref_<name>
// computes: FNV-1a-like over 64-bit words, signed integers sign-extended,
// unsigned ones zero-extended, floats as the bits of the double they
// widen to, structs field by field, pointers by what they point to.
func digest(vals ...any) uint64 {
	g := uint64(14695981039346656037)
	for _, v := range vals {
		g = digestValue(g, reflect.ValueOf(v))
	}
	return g
}

func digestValue(g uint64, v reflect.Value) uint64 {
	fold := func(u uint64) { g = (g ^ u) * 1099511628211 }
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fold(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fold(v.Uint())
	case reflect.Float32, reflect.Float64:
		fold(math.Float64bits(v.Float()))
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			g = digestValue(g, v.Field(i))
		}
	case reflect.Pointer, reflect.Interface:
		g = digestValue(g, v.Elem())
	default:
		panic("digest: unsupported kind " + v.Kind().String())
	}
	return g
}

// cmpInt32 is the qsort comparator of the callback matrix.
func cmpInt32(a, b unsafe.Pointer) int32 {
	x, y := *(*int32)(a), *(*int32)(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// onHeap returns a pointer to a heap copy of v: the matrix's void*
// arguments point there, since the ffi package refuses an unsafe.Pointer
// into the goroutine stack (which moves when it grows, while C may hold
// the address).
//
//go:noinline
func onHeap[T any](v T) *T {
	p := new(T)
	*p = v
	return p
}
