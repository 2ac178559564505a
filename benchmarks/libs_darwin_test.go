package benchmarks

// libcName and libmName are the C library and the math library: both are libSystem on macOS.
const (
	libcName = "/usr/lib/libSystem.B.dylib"
	libmName = "/usr/lib/libSystem.B.dylib"
)
