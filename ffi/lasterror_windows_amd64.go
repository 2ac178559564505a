package ffi

import "github.com/purectypes/ctypes/internal/callconv"

// startLastError clears the calling thread's last error and starts
// capturing the value each call of the Win64 engine leaves on it (the
// engine's trampoline reads it right after the C function returns). The
// func it returns stops the capture and returns the last call's value, or,
// for a call the engine did not make (libffi, as tests force it), the
// thread's value now. The caller holds the thread.
func startLastError() func() uint32 {
	c := callconv.CaptureLastError()
	return func() uint32 {
		if code, ok := c.Stop(); ok {
			return code
		}
		return tebLastError()
	}
}

// tebLastError returns the calling thread's last-error value
// (lasterror_windows_amd64.s).
func tebLastError() uint32
