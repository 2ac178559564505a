//go:build !(linux && amd64)

package callconv

import "unsafe"

// GoRegs is unused here: [CallGo] exists on linux/amd64 only.
type GoRegs struct {
	Int        [GoIntRegs]uint64
	Float      [GoFloatRegs]uint64
	Stack      [GoStackWords]uint64
	NStack     uint64
	AllResults uint64
}

// How many registers and stack words [GoRegs] holds (none used here).
const (
	GoIntRegs    = 1
	GoFloatRegs  = 1
	GoStackWords = 1
)

// GoABI reports whether [CallGo] exists on this platform.
const GoABI = false

// CallGo exists on linux/amd64 only; here it is never called.
func CallGo(fn unsafe.Pointer, r *GoRegs) { panic("callconv: CallGo is linux/amd64 only") }
