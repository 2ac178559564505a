package ffi

// libcName is the C library that holds errno; errnoSymbol returns the
// address of the calling thread's errno.
const (
	libcName    = "libc.so.7"
	errnoSymbol = "__error"
)
