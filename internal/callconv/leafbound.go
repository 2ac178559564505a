package callconv

import (
	"errors"
	"fmt"
	"unsafe"
)

// The leaf stack bounds, for every engine (those without a leaf trampoline
// refuse leaf calls, leaf_other.go): the C stack a leaf trampoline
// provides, at least. [Plan.WithLeaf] rounds a bound up to one of these.
const (
	LeafStack16K  = 16 << 10
	LeafStack64K  = 64 << 10
	LeafStack256K = 256 << 10
	LeafStack1M   = 1 << 20

	// DefaultLeafStack is the bound of a leaf call when none is declared.
	DefaultLeafStack = LeafStack64K
)

// ErrLeafStack reports a leaf stack bound larger than [LeafStack1M].
var ErrLeafStack = errors.New("callconv: leaf stack bound over 1 MiB")

// leafSize names a leaf trampoline; 0 is a plan that is not leaf.
type leafSize uint8

const (
	leafNone leafSize = iota
	leaf16K
	leaf64K
	leaf256K
	leaf1M
)

// leafSizeOf returns the trampoline of a declared bound (0: the default).
func leafSizeOf(stack uintptr) (leafSize, error) {
	switch {
	case stack == 0:
		return leaf64K, nil
	case stack <= LeafStack16K:
		return leaf16K, nil
	case stack <= LeafStack64K:
		return leaf64K, nil
	case stack <= LeafStack256K:
		return leaf256K, nil
	case stack <= LeafStack1M:
		return leaf1M, nil
	}
	return leafNone, fmt.Errorf("%w: %d bytes", ErrLeafStack, stack)
}

// bound is the C stack bound of trampoline s (0 for leafNone).
func (s leafSize) bound() uintptr {
	switch s {
	case leaf16K:
		return LeafStack16K
	case leaf64K:
		return LeafStack64K
	case leaf256K:
		return LeafStack256K
	case leaf1M:
		return LeafStack1M
	}
	return 0
}

// LeafFrame is what a direct leaf call reads ([Plan.LeafDirect],
// LeafStore64K where the engine has it): the C function, the argument
// array (as for [Plan.Invoke]), the plan's header and the result's
// destination. It lives on the caller's goroutine stack; the trampoline's
// prologue may move that stack, and adjusts these pointers with it.
type LeafFrame struct {
	Fn   uintptr
	Args unsafe.Pointer
	Hdr  unsafe.Pointer
	Ret  unsafe.Pointer
}
