//go:build windows && amd64

package callconv

import "syscall"

// orOpen and orSym load the oracle's C checker.
func orOpen(path string) (uintptr, error) {
	h, err := syscall.LoadLibrary(path)
	return uintptr(h), err
}

func orSym(h uintptr, name string) (uintptr, error) {
	return syscall.GetProcAddress(syscall.Handle(h), name)
}
