//go:build !(linux && amd64) && !(windows && amd64) && !(arm64 && (linux || darwin))

package callconv

import (
	"errors"
	"unsafe"
)

// Leaf stack bounds (see the linux/amd64 and arm64 engines; no leaf trampoline here).
const (
	LeafStack16K     = 16 << 10
	LeafStack64K     = 64 << 10
	LeafStack256K    = 256 << 10
	LeafStack1M      = 1 << 20
	DefaultLeafStack = LeafStack64K
)

var (
	// ErrLeafStack reports a leaf stack bound larger than [LeafStack1M].
	ErrLeafStack = errors.New("callconv: leaf stack bound over 1 MiB")
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
