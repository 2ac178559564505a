package ffi

import (
	"runtime"
	"syscall"
)

// CallLastError calls f like [Func.Call] and also returns the Windows
// error code (GetLastError) the function left, like ctypes' use_last_error
// with get_last_error, on the same OS thread. The last error is 0 when the
// call starts (Go's runtime clears it before every system call), so a zero
// value means the function did not set it. The code is a Windows error
// code (ERROR_FILE_NOT_FOUND, ...), which is what syscall.Errno holds on
// Windows: errors.Is matches it against os.ErrNotExist and the like.
func (f *Func) CallLastError(args ...any) (any, syscall.Errno, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	res, err := f.Call(args...)
	return res, syscall.Errno(tebLastError()), err
}
