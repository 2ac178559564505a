package ffi

// libcName is the C library that holds errno; errnoSymbol returns the
// address of the calling thread's errno.
const (
	libcName    = "/usr/lib/libSystem.B.dylib"
	errnoSymbol = "__error"
)
