package ffi

// libcName is the C library that holds errno; errnoSymbol returns the
// address of the calling thread's errno. msvcrt.dll is the C runtime that
// every Windows has and that mingw-w64 links against by default; a DLL
// built against another runtime (ucrtbase.dll, MSVC's) has its own errno.
const (
	libcName    = "msvcrt.dll"
	errnoSymbol = "_errno"
)
