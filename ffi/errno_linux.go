package ffi

// libcName is the C library that holds errno; errnoSymbol returns the
// address of the calling thread's errno.
const (
	libcName    = "libc.so.6"
	errnoSymbol = "__errno_location"
)
