//go:build windows && amd64

package callconv

import "unsafe"

// runtime_cgocall is runtime.cgocall (see cgocall.go): on Windows it works
// without cgo, as the syscall package's calls use it. The runtime's
// asmcgocall calls fn on the system stack with the Win64 convention: arg in
// rcx, 32 bytes of shadow space reserved, the stack 16-byte aligned.
//
//go:linkname runtime_cgocall runtime.cgocall
//go:noescape
func runtime_cgocall(fn uintptr, arg unsafe.Pointer) int32
