package ffi

// tebLastError returns the calling thread's last-error value
// (lasterror_windows_amd64.s).
func tebLastError() uint32
