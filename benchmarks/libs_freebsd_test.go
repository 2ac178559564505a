package benchmarks

// libcName and libmName are the C library and the math library: FreeBSD's sonames.
const (
	libcName = "libc.so.7"
	libmName = "libm.so.5"
)
