//go:build !(linux && amd64)

package callconv

import "unsafe"

// LeafDirect reports that this engine has no direct leaf call: its leaf
// plans are called through [Plan.InvokeLeaf].
func (p *Plan) LeafDirect() unsafe.Pointer { return nil }

// LeafStore64K is never called here (LeafDirect is nil).
func LeafStore64K(fr *LeafFrame) { panic(ErrLeafUnsafe) }
