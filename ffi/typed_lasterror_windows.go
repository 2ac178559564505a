package ffi

import (
	"runtime"
	"syscall"
	"unsafe"
)

// WithLastError is the result type of a typed binding that captures the
// Windows last-error code (GetLastError) the C function left, as
// [Func.CallLastError] does: Value is the C result (T = struct{} for
// void), LastError the code. The last error is cleared before the call;
// on windows/amd64 the engine reads it right after the function returns.
// The capture allocates (unlike the call it captures).
type WithLastError[T any] struct {
	Value     T
	LastError syscall.Errno
}

func (WithLastError[T]) captureResult() captureKind { return captureLastError }

const lastErrorSupported = true

// lastErrorInvoker is a plan whose calls capture the last error into the
// Go result at ret+off.
type lastErrorInvoker struct {
	eng invoker
	off uintptr
}

// Invoke makes the call with the last error captured, on one thread.
func (e lastErrorInvoker) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	runtime.LockOSThread()
	stop := startLastError()
	e.eng.Invoke(fn, args, ret)
	code := stop()
	runtime.UnlockOSThread()
	*(*syscall.Errno)(unsafe.Add(ret, e.off)) = syscall.Errno(code)
}
