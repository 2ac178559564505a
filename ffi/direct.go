package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
)

// The ways a call goes straight into the engine: a typed closure's
// (binding.mode) and CallAs's (prepared.boxedMode).
const (
	modeInvoke uint8 = iota // b.invoke, given an array of pointers to the arguments
	modeLeaf                // callconv.LeafStore64K of b.leafHdr
	modeRet32               // b.plan.CallRet32 (callconv.DirectRet32)
	modeRAX                 // b.plan.CallRAX (callconv.DirectRAX)
	modeXMM0                // b.plan.CallXMM0 (callconv.DirectXMM0)
	modePair                // b.plan.CallPair (callconv.DirectPair)
	modeMem                 // b.plan.CallMem (callconv.DirectMem)
	modePlan                // b.plan.Invoke
	// modeClosed: a leaf binding's library is closed (libState.close);
	// its closure goes through b.invoke, which panics with ErrClosed.
	modeClosed
)

// directMode is the mode of a plan's direct call d (callconv.Direct), or
// modePlan.
func directMode(d uint8) uint8 {
	switch d {
	case callconv.DirectRet32:
		return modeRet32
	case callconv.DirectRAX:
		return modeRAX
	case callconv.DirectXMM0:
		return modeXMM0
	case callconv.DirectPair:
		return modePair
	case callconv.DirectMem:
		return modeMem
	}
	return modePlan
}

// setRet32 stores the low bytes of eax, a direct call's result
// (modeRet32), in *r, of at most 4 bytes (the size is a constant in each
// instantiation).
func setRet32[R any](r *R, eax int32) {
	switch unsafe.Sizeof(*r) {
	case 4:
		*(*int32)(unsafe.Pointer(r)) = eax
	case 2:
		*(*int16)(unsafe.Pointer(r)) = int16(eax)
	case 1:
		*(*int8)(unsafe.Pointer(r)) = int8(eax)
	}
}

// setReg stores the low bytes of w, a direct call's result register
// (modeRAX, modeXMM0), in *r, of 4 or 8 bytes.
func setReg[R any](r *R, w uint64) {
	if unsafe.Sizeof(*r) == 8 {
		*(*uint64)(unsafe.Pointer(r)) = w
	} else {
		*(*uint32)(unsafe.Pointer(r)) = uint32(w)
	}
}
