package ffi

// The C library and the function returning the calling thread's errno
// address on NetBSD.
const (
	libcName    = "libc.so.12"
	errnoSymbol = "__errno"
)
