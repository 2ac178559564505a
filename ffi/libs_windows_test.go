package ffi

import "syscall"

// testLibc and testLibm are the system's C library and math library as
// the tests load them: msvcrt.dll holds both on Windows (and is the C
// runtime mingw-w64 links the test DLLs against).
const (
	testLibc = "msvcrt.dll"
	testLibm = "msvcrt.dll"
)

// testSnprintf, testClose and testGetpid are the C library's snprintf,
// close and getpid, and testEBADF is the errno close sets for a
// descriptor that is not open. msvcrt names the POSIX functions with a
// leading underscore; its errno values are those of its errno.h (EBADF is
// 9), where Go's syscall.EBADF on Windows is an invented stand-in.
const (
	testSnprintf = "_snprintf"
	testClose    = "_close"
	testGetpid   = "_getpid"
	testEBADF    = syscall.Errno(9)
)
