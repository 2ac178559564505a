package ffi

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// errno of a typed call: a typed binding whose Go result type is
// WithErrno[T] returns the C result in Value and the errno the call left
// in Errno, read right after the call on the same OS thread, as
// Func.CallErrno does.

// WithErrno is the result type of a typed binding that captures errno:
// Value is the C function's result (of Go type T, as for any typed
// binding; T = struct{} for a C function returning void) and Errno the
// errno it left. errno is set to 0 just before the call and read right
// after it, with the goroutine locked to its OS thread in between, so a
// zero Errno means the function did not set it. For example, for int
// close(int):
//
//	closeFd, err := ffi.Fn1[ffi.WithErrno[int32], int32](libc, "close")
//	r := closeFd(-1) // r.Value == -1, r.Errno == syscall.EBADF
//
// The call allocates nothing more; it costs the thread lock and one more
// C call, of the C library's errno location function (a leaf call where
// the engine has them).
type WithErrno[T any] struct {
	Value T
	Errno syscall.Errno
}

// captureResult marks the result types a binding captures into.
func (WithErrno[T]) captureResult() captureKind { return captureErrno }

// resultCapture returns the result type of the C function a typed
// binding's Go result type ret stands for (nil for void), and the capture
// to make when ret is WithErrno[T] or WithLastError[T].
func resultCapture(ret reflect.Type) (reflect.Type, *capture, error) {
	if ret == nil || ret.Kind() != reflect.Struct || !ret.Implements(reflect.TypeFor[capturer]()) ||
		ret.PkgPath() != reflect.TypeFor[capture]().PkgPath() ||
		!strings.HasPrefix(ret.Name(), "WithErrno[") && !strings.HasPrefix(ret.Name(), "WithLastError[") {
		return ret, nil, nil // (a struct embedding a WithErrno is a struct)
	}
	c := &capture{kind: reflect.Zero(ret).Interface().(capturer).captureResult(), off: ret.Field(1).Offset}
	v := ret.Field(0).Type
	if v.Kind() == reflect.Struct && v.NumField() == 0 {
		v = nil // WithErrno[struct{}]: a C function returning void
	}
	if v != nil && v.Kind() == reflect.String {
		// A string result is converted from the C pointer after the call,
		// which the capture does not see: read it with types.StringAt.
		return nil, nil, fmt.Errorf("%s: a string result with a capture; use uintptr (and types.StringAt)", ret)
	}
	if c.kind == captureLastError && !lastErrorSupported {
		return nil, nil, fmt.Errorf("%s: GetLastError is Windows'", ret)
	}
	return v, c, nil
}

// capture is a binding's errno or last-error capture.
type capture struct {
	kind captureKind
	off  uintptr // the offset of the Errno field in the Go result
}

// wrap makes eng capture into the Go result.
func (c *capture) wrap(eng invoker) (invoker, error) {
	if c.kind == captureLastError {
		return lastErrorInvoker{eng, c.off}, nil
	}
	loc, err := errnoLocator()
	if err != nil {
		return nil, err
	}
	return errnoInvoker{eng, loc, c.off}, nil
}

var (
	errnoLocOnce sync.Once
	errnoLoc     errnoLocFunc
	errnoLocErr  error
)

// errnoLocFunc calls the C library's errno location function (int
// *__errno_location(void) and its kin), made once for every errno
// capture: a leaf call where the engine has leaf calls (the function
// reads a thread pointer and returns), an ordinary one elsewhere.
type errnoLocFunc struct {
	eng  invoker
	addr uintptr
}

// errnoLocator returns the errno location function, or why there is none.
func errnoLocator() (errnoLocFunc, error) {
	errnoLocOnce.Do(func() {
		runtime.LockOSThread()
		_, errnoLocErr = errnoLocation() // loads the C library and finds the symbol
		runtime.UnlockOSThread()
		if errnoLocErr != nil {
			return
		}
		eng, err := newEngine(types.VoidP, nil, -1)
		if err == nil {
			eng, err = leafEngine(eng, 0, errnoFn.addr, libcName+":"+errnoSymbol)
		}
		errnoLoc, errnoLocErr = errnoLocFunc{eng, errnoFn.addr}, err
	})
	return errnoLoc, errnoLocErr
}

// location returns the address of the calling thread's errno; the caller
// holds the thread.
func (f errnoLocFunc) location() unsafe.Pointer {
	var p unsafe.Pointer
	f.eng.Invoke(f.addr, nil, noescape(unsafe.Pointer(&p)))
	return p
}

// errnoInvoker is a plan whose calls capture errno into the Go result at
// ret+off.
type errnoInvoker struct {
	eng invoker
	loc errnoLocFunc
	off uintptr
}

// Invoke makes the call between clearing errno and reading it, on one
// thread.
func (e errnoInvoker) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	runtime.LockOSThread()
	loc := e.loc.location()
	*(*int32)(loc) = 0
	e.eng.Invoke(fn, args, ret)
	code := *(*int32)(loc)
	runtime.UnlockOSThread()
	*(*syscall.Errno)(unsafe.Add(ret, e.off)) = syscall.Errno(code)
}
