package ffi

import (
	"runtime"
	"syscall"
)

// CallLastError calls f like [Func.Call] and also returns the Windows
// error code (GetLastError) the function left, like ctypes' use_last_error
// with get_last_error, on the same OS thread. The last error is cleared
// before the call, so a zero value means the function did not set it. On
// windows/amd64 the engine reads the code right after the function
// returns, before the runtime's own system calls on the way back to Go
// (which clear it) can run. The code is a Windows error code
// (ERROR_FILE_NOT_FOUND, ...), which is what syscall.Errno holds on
// Windows: errors.Is matches it against os.ErrNotExist and the like.
func (f *Func) CallLastError(args ...any) (any, syscall.Errno, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	stop := startLastError()
	res, err := f.Call(args...)
	return res, syscall.Errno(stop()), err
}
