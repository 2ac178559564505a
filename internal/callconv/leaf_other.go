//go:build !(linux && amd64) && !(windows && amd64) && !(arm64 && (linux || darwin))

package callconv

import (
	"errors"
	"unsafe"
)

var (
	// ErrLeafArgs reports a leaf call whose stack arguments exceed what a
	// leaf trampoline keeps for them.
	ErrLeafArgs = errors.New("callconv: leaf call's stack arguments over 2 KiB")
	// ErrLeafUnsafe reports that leaf calls are unavailable.
	ErrLeafUnsafe = errors.New("callconv: leaf calls unavailable on this platform")
)

// WithLeaf reports that this platform has no leaf trampoline.
func (p *Plan) WithLeaf(stack uintptr) (*Plan, error) { return nil, ErrLeafUnsafe }

// LeafStack is never called on this platform.
func (p *Plan) LeafStack() uintptr { return 0 }

// InvokeLeaf is never called on this platform.
func (p *Plan) InvokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) { panic(ErrLeafUnsafe) }

// NameLeaf does nothing on this platform.
func NameLeaf(fn uintptr, name string) {}
