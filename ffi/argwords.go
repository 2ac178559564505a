package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// The Go values that are, as they are, the C value of an argument or a
// result: the type words a call compares an interface's with to pass its
// box (or, for an output parameter, its pointer) without converting.

// typeWord is the type word of an interface value.
func typeWord(x any) uintptr { return uintptr((*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]) }

// noType is a type word no interface has (nil's is 0).
const noType = 1

// maxOut is the most output parameters (Go pointers to scalars) one call
// takes (see outCells).
const maxOut = 16

// eface is an interface value's two words.
type eface struct {
	typ  uintptr
	data unsafe.Pointer
}

// Type words of the Go types an argument's interface may hold in C's
// layout.
var (
	twInt8, twUint8   = typeWord(int8(0)), typeWord(uint8(0))
	twInt16, twUint16 = typeWord(int16(0)), typeWord(uint16(0))
	twInt32, twUint32 = typeWord(int32(0)), typeWord(uint32(0))
	twInt64, twUint64 = typeWord(int64(0)), typeWord(uint64(0))
	twInt, twUint     = typeWord(int(0)), typeWord(uint(0))
	twUintptr         = typeWord(uintptr(0))
	twFloat32         = typeWord(float32(0))
	twFloat64         = typeWord(float64(0))
	twBool            = typeWord(false)
	twUnsafePointer   = typeWord(unsafe.Pointer(nil))

	twPInt8, twPUint8   = typeWord((*int8)(nil)), typeWord((*uint8)(nil))
	twPInt16, twPUint16 = typeWord((*int16)(nil)), typeWord((*uint16)(nil))
	twPInt32, twPUint32 = typeWord((*int32)(nil)), typeWord((*uint32)(nil))
	twPInt64, twPUint64 = typeWord((*int64)(nil)), typeWord((*uint64)(nil))
	twPFloat32          = typeWord((*float32)(nil))
	twPFloat64          = typeWord((*float64)(nil))
)

// directWords returns the type words of the Go types whose values are, in
// their interface box, exactly the C value of an argument of type t (the
// same bits scalarBits would compute, with no range to check): the
// fixed-width Go integer of t's size and signedness, float32 and float64,
// bool for _Bool, and int, uint or uintptr where their size is t's.
// Unused results are noType.
func directWords(t *types.Type) (w1, w2 uintptr) {
	w1, w2 = noType, noType
	if t.IsBigEndian() && t.Size() > 1 {
		return
	}
	const intSize = unsafe.Sizeof(int(0))
	switch t.Kind() {
	case types.KindInt8:
		w1 = twInt8
	case types.KindUint8:
		w1 = twUint8
	case types.KindInt16:
		w1 = twInt16
	case types.KindUint16:
		w1 = twUint16
	case types.KindInt32:
		w1 = twInt32
		if intSize == 4 {
			w2 = twInt
		}
	case types.KindUint32:
		w1 = twUint32
		if intSize == 4 {
			w2 = twUint
		}
	case types.KindInt64:
		w1 = twInt64
		if intSize == 8 {
			w2 = twInt
		}
	case types.KindUint64:
		w1 = twUint64
		if intSize == 8 {
			w2 = twUint
		}
	case types.KindFloat32:
		w1 = twFloat32
	case types.KindFloat64:
		w1 = twFloat64
	case types.KindBool:
		w1 = twBool
	case types.KindVoidP:
		w1 = twUintptr // passed as is (see types.Type.PointerBits)
	}
	return
}

// outStruct reports whether a Go pointer to a Go struct of elem's layout
// passes for a pointer to elem as an output parameter does (copied, in
// the engine's copy or the plan's cells): a struct or union of at most
// maxOut cells, aligned to at most 8.
func outStruct(elem *types.Type) bool {
	k := elem.Kind()
	return (k == types.KindStruct || k == types.KindUnion) && elem.Size() > 0 && elem.Size() <= maxOut*8 && elem.Align() <= 8
}

// outWord returns the type word of the Go pointer type *T that
// types.ScalarPointer accepts for a pointer to elem, T of elem's layout
// (an output parameter), or noType.
func outWord(elem *types.Type) uintptr {
	if elem.IsBigEndian() && elem.Size() > 1 {
		return noType
	}
	switch elem.Kind() {
	case types.KindInt8:
		return twPInt8
	case types.KindUint8:
		return twPUint8
	case types.KindInt16:
		return twPInt16
	case types.KindUint16:
		return twPUint16
	case types.KindInt32:
		return twPInt32
	case types.KindUint32:
		return twPUint32
	case types.KindInt64:
		return twPInt64
	case types.KindUint64:
		return twPUint64
	case types.KindFloat32:
		return twPFloat32
	case types.KindFloat64:
		return twPFloat64
	}
	return noType
}
