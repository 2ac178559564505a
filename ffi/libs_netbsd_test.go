package ffi

import "syscall"

// testLibc and testLibm are the system's C library and math library as
// the tests load them: NetBSD's sonames.
const (
	testLibc = "libc.so.12"
	testLibm = "libm.so.0"
)

// testSnprintf, testClose and testGetpid are the C library's snprintf,
// close and getpid, and testEBADF is the errno close sets for a
// descriptor that is not open.
const (
	testSnprintf = "snprintf"
	testClose    = "close"
	testGetpid   = "getpid"
	testEBADF    = syscall.EBADF
)
