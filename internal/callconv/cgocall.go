//go:build linux && amd64

package callconv

import (
	"unsafe"

	// purego provides, without cgo, the runtime hooks (internal/fakecgo)
	// that make runtime.cgocall work; with cgo, runtime/cgo does.
	_ "github.com/ebitengine/purego"
)

// runtime_cgocall is runtime.cgocall: it switches to the system stack and
// calls fn(arg) with the C calling convention, accounting for the time in
// C as cgo does. The runtime allows this linkname (see "hall of shame" in
// runtime/cgocall.go). arg does not escape: the trampoline reads the frame
// before the C call and writes it after, correcting its address if the
// goroutine stack moved meanwhile.
//
//go:linkname runtime_cgocall runtime.cgocall
//go:noescape
func runtime_cgocall(fn uintptr, arg unsafe.Pointer) int32
