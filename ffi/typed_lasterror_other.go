//go:build !windows

package ffi

import "unsafe"

// lastErrorSupported: GetLastError is Windows'.
const lastErrorSupported = false

// lastErrorInvoker is Windows' (typed_lasterror_windows.go); resultCapture
// never makes one elsewhere.
type lastErrorInvoker struct {
	eng invoker
	off uintptr
}

// Invoke calls eng.
func (e lastErrorInvoker) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	e.eng.Invoke(fn, args, ret)
}
