// ctest.go is generated from testdata/ctest.h by the ctypes command.

//go:generate go run ../../../cmd/ctypes gen --header ../../../testdata/ctest.h --lib libctest.so --package ctest -o ctest.go

package ctest
