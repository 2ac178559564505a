package ffi

import (
	"syscall"
	"unsafe"
)

var getModuleHandle = syscall.NewLazyDLL("kernel32.dll").NewProc("GetModuleHandleW")

// libffiLoaded reports whether libffi's DLL is loaded into this process
// (GetModuleHandleW finds it).
func libffiLoaded() (bool, error) {
	if err := getModuleHandle.Find(); err != nil {
		return false, err
	}
	name, err := syscall.UTF16PtrFromString("libffi-8.dll")
	if err != nil {
		return false, err
	}
	h, _, _ := getModuleHandle.Call(uintptr(unsafe.Pointer(name)))
	return h != 0, nil
}
