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

// Frame is the call block of the fast engine (unused here).
type Frame struct{ regs [14]uint64 }

// IntFrame is the smaller call block of the fast engine (unused here).
type IntFrame struct{ Regs [6]uint64 }

// RetInt is never called on this platform.
func (fr *IntFrame) RetInt() uint64 { return fr.Regs[0] }

// Ints is never called on this platform.
func (p *Plan) Ints() bool { return false }

// CallInts is never called on this platform.
func (p *Plan) CallInts(fr *IntFrame, fn uintptr) { panic(errUnsupported) }

// Plan is a classified signature (never made here).
type Plan struct{}

// NewPlan reports that the engine is unsupported.
func NewPlan(ret Layout, args []Layout, nfixed int) (*Plan, error) { return nil, errUnsupported }

// StackWords is never called on this platform.
func (p *Plan) StackWords() int { return 0 }

// NumArgs is never called on this platform.
func (p *Plan) NumArgs() int { return 0 }

// ArgSlot is never called on this platform.
func (p *Plan) ArgSlot(i int) int { return 0 }

// RegWords is never called on this platform.
func (p *Plan) RegWords(i int) (n int, slots [2]int, offs [2]uintptr, ok bool) {
	return 0, slots, offs, false
}

// RetWords is never called on this platform.
func (p *Plan) RetWords() (n int, regs [2]int, offs [2]uintptr, ok bool) {
	return 0, regs, offs, false
}

// Words is never called on this platform.
func (fr *Frame) Words() []uint64 { return fr.regs[:] }

// Reg is never called on this platform.
func (fr *Frame) Reg(i int) uint64 { return 0 }

// RetInMemory is never called on this platform.
func (p *Plan) RetInMemory() bool { return false }

// SetWord is never called on this platform.
func SetWord(fr *Frame, stack []uint64, slot int, bits uint64) {}

// SetArgMem is never called on this platform.
func (p *Plan) SetArgMem(fr *Frame, stack []uint64, i int, src unsafe.Pointer) {}

// Call is never called on this platform.
func (p *Plan) Call(fr *Frame, fn uintptr, stack []uint64, ret unsafe.Pointer) { panic(errUnsupported) }

// RetInt is never called on this platform.
func (fr *Frame) RetInt() uint64 { return fr.regs[0] }

// RetFloat is never called on this platform.
func (fr *Frame) RetFloat() uint64 { return fr.regs[6] }

// SetReg is never called on this platform.
func (fr *Frame) SetReg(slot int, bits uint64) {}

// Simple is never called on this platform.
func (p *Plan) Simple() bool { return false }

// CallSimple is never called on this platform.
func (p *Plan) CallSimple(fr *Frame, fn uintptr) { panic(errUnsupported) }

// Invoke is never called on this platform.
func (p *Plan) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) { panic(errUnsupported) }
