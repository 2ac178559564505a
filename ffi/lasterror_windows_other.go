//go:build windows && !amd64

package ffi

// startLastError clears the calling thread's last error; the func it
// returns reads it from the thread's TEB, as GetLastError would. Calls
// here go through libffi, and the value only holds the C function's if the
// runtime made no system call between its return and the read (these
// platforms are built, not run: README, Platforms). The caller holds the
// thread.
func startLastError() func() uint32 {
	setTebLastError(0)
	return tebLastError
}

// tebLastError returns the calling thread's last-error value, and
// setTebLastError sets it (lasterror_windows_386.s,
// lasterror_windows_arm64.s): calling GetLastError through Go's syscall
// package would not do, as the runtime clears the last error before every
// system call it makes.
func tebLastError() uint32

func setTebLastError(code uint32)
