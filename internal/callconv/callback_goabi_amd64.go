//go:build linux && amd64

package callconv

import "unsafe"

// GoRegs are the argument registers of Go's internal register ABI on
// amd64 (ABIInternal), for [CallGo]: Int in AX, BX, CX, DI, SI, R8, R9,
// R10, R11 order, Float in X0-X14. After the call Int[0] holds AX and
// Float[0] the low 64 bits of X0. Integers go in widened to the word
// (sign- or zero-extended), a float32 in the low 32 bits.
//
// That ABI is Go's, not a promise of the language: ffi's tests check a
// call through CallGo against the same call through reflect for every
// kind of argument and result.
//
// Arguments past the registers go in Stack, as that ABI lays them out at
// the callee's argument pointer (each at its alignment, in order: see
// GoStackArg), NStack words of it.
type GoRegs struct {
	Int    [GoIntRegs]uint64
	Float  [GoFloatRegs]uint64
	Stack  [GoStackWords]uint64
	NStack uint64
	// AllResults, when set, makes CallGo store every result register
	// (a struct result), not only AX and X0.
	AllResults uint64
}

// GoStackWords bounds the stack-assigned arguments CallGo passes.
const GoStackWords = 16

// How many integer and float registers Go's internal ABI passes
// arguments in on amd64.
const (
	GoIntRegs   = 9
	GoFloatRegs = 15
)

// GoABI reports whether [CallGo] exists on this platform.
const GoABI = true

// CallGo calls the Go func value fn (the pointer a func variable holds)
// with the arguments in r, and leaves its result registers in r. Only for
// funcs whose arguments are all scalars, in their registers or, past
// them, in r.Stack, with at most one scalar result.
//
//go:noescape
func CallGo(fn unsafe.Pointer, r *GoRegs)

var _ = [1]struct{}{}[unsafe.Sizeof(GoRegs{})-(192+8*GoStackWords+16)]
