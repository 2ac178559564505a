//go:build arm64 && (linux || darwin)

package callconv

import (
	"unsafe"

	// purego provides, without cgo, the runtime hooks (internal/fakecgo)
	// that make runtime.cgocall work; with cgo, runtime/cgo does.
	_ "github.com/ebitengine/purego"
)

// runtime_cgocall is runtime.cgocall, as in cgocall.go (the amd64
// engine's file, which also holds that engine's trampoline addresses).
//
//go:linkname runtime_cgocall runtime.cgocall
//go:noescape
func runtime_cgocall(fn uintptr, arg unsafe.Pointer) int32

// trampolineA64ABI0 is the address of the AAPCS64 trampoline (call_arm64.s).
var trampolineA64ABI0 uintptr
