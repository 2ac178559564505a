//go:build !(linux && amd64)

package callconv

import (
	"errors"
	"unsafe"
)

// Direct calls (direct_amd64.go): this engine has none; its plans are
// called through Invoke.
const (
	DirectNone uint8 = iota
	DirectRet32
	DirectRAX
	DirectXMM0
	DirectPair
	DirectMem
)

// errNoDirect: a direct call was made where there is none.
var errNoDirect = errors.New("callconv: no direct call on this platform")

// Direct reports that p has no direct call.
func (p *Plan) Direct() uint8 { return DirectNone }

// CallRet32 is never called here (Direct is DirectNone).
func (p *Plan) CallRet32(fn uintptr, args unsafe.Pointer) int32 { panic(errNoDirect) }

// CallRAX is never called here (Direct is DirectNone).
func (p *Plan) CallRAX(fn uintptr, args unsafe.Pointer) uint64 { panic(errNoDirect) }

// CallXMM0 is never called here (Direct is DirectNone).
func (p *Plan) CallXMM0(fn uintptr, args unsafe.Pointer) uint64 { panic(errNoDirect) }

// CallPair is never called here (Direct is DirectNone).
func (p *Plan) CallPair(fn uintptr, args, ret unsafe.Pointer) { panic(errNoDirect) }

// CallMem is never called here (Direct is DirectNone).
func (p *Plan) CallMem(fn uintptr, args, ret unsafe.Pointer) { panic(errNoDirect) }
