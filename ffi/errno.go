package ffi

import (
	"runtime"
	"syscall"
)

// C's errno is a per-thread variable; a goroutine may run on several
// threads. This file gives two ways to get at it:
//
//   - CallErrno and CallAsErrno, which clear errno, call and read errno
//     again while the goroutine is locked to its thread: the errno of that
//     very call, whatever the goroutine does next. Use these.
//   - Func.UseErrno with GetErrno and SetErrno, ctypes' use_errno: a
//     private errno copy per OS thread, swapped with the real errno around
//     each call. As in ctypes it is per thread, so it is only meaningful
//     for a goroutine that called runtime.LockOSThread.

// CallErrno calls f like [Func.Call] and also returns the errno the C
// function left: errno is set to 0 just before the call and read just
// after it, on the same OS thread. A zero syscall.Errno means the function
// did not set errno.
func (f *Func) CallErrno(args ...any) (any, syscall.Errno, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	loc, err := errnoLocation()
	if err != nil {
		return nil, 0, err
	}
	*(*int32)(loc) = 0
	res, err := f.Call(args...)
	return res, syscall.Errno(*(*int32)(loc)), err
}

// CallAsErrno is [CallAs] with the errno of the call, as [Func.CallErrno]
// gives it.
func CallAsErrno[R any](f *Func, args ...any) (R, syscall.Errno, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var zero R
	loc, err := errnoLocation()
	if err != nil {
		return zero, 0, err
	}
	*(*int32)(loc) = 0
	r, err := CallAs[R](f, args...)
	return r, syscall.Errno(*(*int32)(loc)), err
}

// ErrnoError returns e as an error (a syscall.Errno, which errors.Is
// matches against os.ErrNotExist and the like), or nil when e is 0.
func ErrnoError(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}

// GetErrno returns the calling OS thread's private errno copy, like
// ctypes.get_errno: the errno saved after the last call, on this thread,
// of a Func with UseErrno set. It is per OS thread: lock the goroutine to
// its thread (runtime.LockOSThread) for it to mean anything, or use
// [Func.CallErrno].
func GetErrno() int {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	loc, err := errnoLocation()
	if err != nil {
		return 0
	}
	privMu.Lock()
	defer privMu.Unlock()
	return int(privErrno[loc])
}

// SetErrno sets the calling OS thread's private errno copy and returns the
// old one, like ctypes.set_errno: a call of a Func with UseErrno set on
// this thread starts with errno set to it.
func SetErrno(v int) int {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	loc, err := errnoLocation()
	if err != nil {
		return 0
	}
	privMu.Lock()
	defer privMu.Unlock()
	old := privErrno[loc]
	privErrno[loc] = int32(v)
	return int(old)
}
