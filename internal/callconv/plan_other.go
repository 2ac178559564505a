//go:build !(linux && amd64) && !(arm64 && (linux || darwin)) && !(windows && amd64)

package callconv

import (
	"errors"
	"unsafe"
)

// Supported reports whether the fast engine exists on this platform. Here
// it does not: the ffi package calls through libffi.
const Supported = false

// Name names the engine: none here.
const Name = ""

var errUnsupported = errors.New("callconv: no fast call engine on this platform")

// Plan is a classified signature (never made here).
type Plan struct{}

// NewPlan reports that the engine is unsupported.
func NewPlan(ret Layout, args []Layout, nfixed int) (*Plan, error) { return nil, errUnsupported }

// Invoke is never called on this platform.
func (p *Plan) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) { panic(errUnsupported) }
