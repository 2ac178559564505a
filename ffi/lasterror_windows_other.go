//go:build windows && !amd64

package ffi

import "syscall"

// tebLastError returns the calling thread's last-error value. Outside
// windows/amd64 it is read with GetLastError, which only holds the C
// function's value if no system call came between (not run here: these
// platforms are built, not tested).
func tebLastError() uint32 {
	e := syscall.GetLastError()
	if errno, ok := e.(syscall.Errno); ok {
		return uint32(errno)
	}
	return 0
}
