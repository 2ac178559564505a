package benchmarks

// libcName and libmName are the C library and the math library: glibc's sonames.
const (
	libcName = "libc.so.6"
	libmName = "libm.so.6"
)
