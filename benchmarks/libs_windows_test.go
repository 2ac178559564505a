package benchmarks

// libcName and libmName are the C library and the math library: msvcrt.dll holds both on Windows.
const (
	libcName = "msvcrt.dll"
	libmName = "msvcrt.dll"
)
