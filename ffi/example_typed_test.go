//go:build !windows

package ffi_test

import (
	"errors"
	"fmt"
	"syscall"
	"unsafe"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// A C type declared where the Go type cannot say it: ldiv_t returned by
// value into Go bytes of its size (a union, a packed struct or a struct
// with bitfields is declared the same way), and a comparator's prototype
// checked when the binding is made.
func ExampleArgType() {
	libc, _ := ffi.CDLL("libc.so.6")
	ldivT := types.MustStructOf("ldiv_t", []types.Field{types.F("quot", types.Long), types.F("rem", types.Long)})
	ldiv, err := ffi.Fn2[[16]byte, int, int](libc, "ldiv", ffi.ResultType(ldivT))
	if err != nil {
		fmt.Println(err)
		return
	}
	b := ldiv(17, 5)
	v, _ := types.FromBufferCopy(ldivT, b[:], 0)
	fmt.Println(v)

	cmp := types.FuncType(types.Int, types.VoidP, types.VoidP)
	_, err = ffi.Proc4[[]float64, uintptr, uintptr, func(a, b unsafe.Pointer) int32](libc, "qsort", ffi.ArgType(4, cmp))
	fmt.Println(err)
	_, err = ffi.Proc4[[]float64, uintptr, uintptr, func(a, b float64) int32](libc, "qsort", ffi.ArgType(4, cmp))
	var pe *ffi.ProtoError
	fmt.Println(errors.As(err, &pe))
	// Output:
	// ldiv_t(quot=3, rem=2)
	// <nil>
	// true
}

// A variadic C function: the fixed count declared, the variadic
// arguments of the Go types C's default promotions give (int32, float64).
func ExampleVariadic() {
	libc, _ := ffi.CDLL("libc.so.6")
	snprintf, err := ffi.Fn6[int32, []byte, uintptr, string, int32, float64, string](libc, "snprintf", ffi.Variadic(3))
	if err != nil {
		fmt.Println(err)
		return
	}
	buf := make([]byte, 32)
	n := snprintf(buf, uintptr(len(buf)), "%d %.2f %s", 42, 0.5, "ok")
	fmt.Println(string(buf[:n]))
	// Output: 42 0.50 ok
}

// errno of a typed call: the result type WithErrno[T].
func ExampleWithErrno() {
	libc, _ := ffi.CDLL("libc.so.6")
	closeFd, err := ffi.Fn1[ffi.WithErrno[int32], int32](libc, "close")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := closeFd(-1)
	fmt.Println(r.Value, r.Errno == syscall.EBADF, r.Errno)
	// Output: -1 true bad file descriptor
}

// A function pointer bound with Go types: here one the loader gave, as C
// would return one.
func ExampleAt() {
	libc, _ := ffi.CDLL("libc.so.6")
	p, _ := libc.Sym("labs")
	labs, err := ffi.Fn1[int, int](nil, "labs", ffi.At(p))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(labs(-7))
	// Output: 7
}
