//go:build !windows

package ffi_test

import (
	"fmt"
	"syscall"
	"unsafe"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// The notebook's In [14]: libm's sin, with restype set.
func ExampleCDLL() {
	libm, err := ffi.CDLL("libm.so.6")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer libm.Close()
	sin, _ := libm.Func("sin")
	sin.Restype = types.Double
	r, err := sin.Call(types.Double.MustNew(3.1415926536))
	fmt.Println(r, err)
	// Output: -1.0206823934513925e-11 <nil>
}

// Declaring argtypes makes Go values convert, with range checks.
func ExampleFunc_Call() {
	libc, _ := ffi.CDLL("libc.so.6")
	abs, _ := libc.Func("abs")
	abs.Argtypes = []*types.Type{types.Int}
	r, err := abs.Call(-42)
	fmt.Println(r, err)
	_, err = abs.Call(int64(1) << 40)
	fmt.Println(err != nil)
	// Output:
	// 42 <nil>
	// true
}

// CallAs returns the result as a Go type without boxing it: no allocation.
func ExampleCallAs() {
	libm, _ := ffi.CDLL("libm.so.6")
	pow, _ := libm.Func("pow")
	pow.Restype = types.Double
	pow.Argtypes = []*types.Type{types.Double, types.Double}
	y, err := ffi.CallAs[float64](pow, 2.0, 10.0)
	fmt.Println(y, err)
	// Output: 1024 <nil>
}

// A typed binding: the C signature comes from the Go func type.
func ExampleFn1() {
	libm, _ := ffi.CDLL("libm.so.6")
	sqrt, err := ffi.Fn1[float64, float64](libm, "sqrt")
	if err != nil {
		fmt.Println(err)
		return
	}
	hypot, _ := ffi.Fn2[float64, float64, float64](libm, "hypot")
	fmt.Println(sqrt(2), hypot(3, 4))
	// Output: 1.4142135623730951 5
}

// Any signature binds to a func variable, like purego.RegisterLibFunc.
func ExampleBindFunc() {
	libc, _ := ffi.CDLL("libc.so.6")
	var strlen func(string) uint64
	if err := ffi.BindFunc(libc, "strlen", &strlen); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strlen("hello"))
	// Output: 5
}

// Variadic functions: C's default promotions are applied to the extra arguments.
func ExampleFunc_variadic() {
	libc, _ := ffi.CDLL("libc.so.6")
	snprintf, _ := libc.Func("snprintf")
	snprintf.Argtypes = []*types.Type{types.CharP, types.SizeT, types.CharP}
	snprintf.Variadic = true
	buf, _ := types.CreateStringBuffer(32)
	snprintf.Call(buf, 32, "%s=%d (%.2f)", "x", 42, float32(0.5))
	s, _ := buf.Str()
	fmt.Println(s)
	// Output: x=42 (0.50)
}

// Output parameters: a Go pointer receives what C writes.
func ExampleFunc_outputParameter() {
	libm, _ := ffi.CDLL("libm.so.6")
	frexp, _ := libm.Func("frexp")
	frexp.Restype = types.Double
	frexp.Argtypes = []*types.Type{types.Double, types.PointerTo(types.Int)}
	var exp int32
	m, _ := ffi.CallAs[float64](frexp, 48.0, &exp)
	fmt.Println(m, exp)
	// Output: 0.75 6
}

// errno, read right after the call on the same thread.
func ExampleFunc_CallErrno() {
	libc, _ := ffi.CDLL("libc.so.6")
	closeFn, _ := libc.Func("close")
	closeFn.Argtypes = []*types.Type{types.Int}
	r, errno, _ := closeFn.CallErrno(-1)
	fmt.Println(r, errno == syscall.EBADF, ffi.ErrnoError(errno))
	// Output: -1 true bad file descriptor
}

// A Go comparator for libc's qsort: a callback, like ctypes' CFUNCTYPE.
func ExampleNewCallbackFunc() {
	libc, _ := ffi.CDLL("libc.so.6")
	cmp, err := ffi.NewCallbackFunc(func(a, b unsafe.Pointer) int32 {
		return *(*int32)(a) - *(*int32)(b)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cmp.Free()
	qsort, _ := libc.Func("qsort")
	qsort.Restype = nil
	qsort.Argtypes = []*types.Type{types.VoidP, types.SizeT, types.SizeT, cmp.Type()}
	data := []int32{3, 1, 2}
	qsort.Call(data, len(data), 4, cmp)
	fmt.Println(data)
	// Output: [1 2 3]
}

// A global variable of a library, like ctypes' c_int.in_dll(lib, name).
func ExampleInDll() {
	libc, _ := ffi.CDLL("libc.so.6")
	env, err := ffi.InDll(libc, types.PointerTo(types.CharP), "environ")
	if err != nil {
		fmt.Println(err)
		return
	}
	first := env.Elem()
	fmt.Println(!env.IsNull(), first.Err() == nil)
	// Output: true true
}

// A Go func in a typed binding: libc's qsort with a Go comparator, no
// callback to make or free by hand.
func ExampleProc4() {
	libc, _ := ffi.CDLL("libc.so.6")
	qsort, err := ffi.Proc4[[]float64, uintptr, uintptr, func(a, b unsafe.Pointer) int32](libc, "qsort")
	if err != nil {
		fmt.Println(err)
		return
	}
	data := []float64{2.5, -1, 10, 0.5}
	qsort(data, uintptr(len(data)), 8, byFloat64)
	fmt.Println(data)
	// Output: [-1 0.5 2.5 10]
}

func byFloat64(a, b unsafe.Pointer) int32 {
	x, y := *(*float64)(a), *(*float64)(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
