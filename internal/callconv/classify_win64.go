package callconv

import "fmt"

// The Microsoft x64 calling convention ("Win64"), classified in pure Go.
// This file has no build constraint, so that its table tests run on every
// platform; plan_windows_amd64.go builds the engine's Plan from it.
//
// What the convention says, as far as passing values goes
// (https://learn.microsoft.com/cpp/build/x64-calling-convention):
//   - Every argument takes one 8-byte slot, in order. Slots 0-3 are
//     registers shared by position: slot i is rcx, rdx, r8, r9 for an
//     integer and xmm0-xmm3 for a float or double. The rest are stack
//     words after the 32 bytes of shadow space the caller always reserves
//     above the return address.
//   - For a variadic callee a float in slots 0-3 goes in both registers.
//     Loading every register slot into both its integer and its vector
//     register serves that case and harms no other, so the engine always
//     does it and nothing here depends on the fixed-argument count.
//   - An aggregate (struct, union, array member of a struct) of size 1, 2,
//     4 or 8 travels as an integer of that size, whatever its members (an
//     all-float struct too). Any other size travels by reference: the slot
//     holds the address of a copy the caller makes, 16-byte aligned (the
//     engine aligns it as the type asks, up to 64 bytes).
//   - Results: integers and pointers in rax, float and double in xmm0,
//     aggregates of size 1, 2, 4 or 8 in rax; any other aggregate in memory
//     the caller provides, whose address goes in slot 0 (shifting the
//     arguments by one) and comes back in rax.

// w64Kind says what a slot carries.
type w64Kind uint8

const (
	w64Value w64Kind = iota // the argument's value, zero-extended to 8 bytes
	w64Ref                  // the address of a copy of the argument
	w64Sret                 // the address of the memory for the result
)

// w64Slot is one 8-byte argument slot: slots 0-3 are registers, the rest
// stack words.
type w64Slot struct {
	kind  w64Kind
	arg   int     // the argument it carries (-1 for w64Sret)
	size  uintptr // bytes of the argument (of the result for w64Sret)
	align uintptr // its alignment
	float bool    // a float or double scalar: xmm_i when i < 4
	// int4: a 4-byte integer scalar, whose slot's upper half C leaves
	// undefined; signed: extended with its sign (Layout.Signed).
	int4, signed bool
}

// w64Ret says where a result comes back.
type w64Ret uint8

const (
	w64RetVoid   w64Ret = iota
	w64RetInt           // rax: integers, pointers, aggregates of 1, 2, 4 or 8 bytes
	w64RetFloat         // xmm0: float and double
	w64RetMemory        // through the hidden pointer in slot 0
)

// w64RegSlots is how many slots are registers.
const w64RegSlots = 4

// w64Sig is a signature classified for Win64.
type w64Sig struct {
	slots   []w64Slot // in slot order
	argSlot []int     // argument i -> its slot
	ret     w64Ret
	retSize uintptr
}

// w64ByValue reports whether an aggregate of size n travels as an integer.
func w64ByValue(n uintptr) bool { return n == 1 || n == 2 || n == 4 || n == 8 }

// classifyWin64 classifies ret(args...) for Win64. nfixed (< 0: not
// variadic) changes nothing: see the file comment.
func classifyWin64(ret Layout, args []Layout, nfixed int) (w64Sig, error) {
	_ = nfixed
	var s w64Sig
	switch {
	case ret.Void:
		s.ret = w64RetVoid
	case !ret.Aggregate:
		if ret.Size == 0 || ret.Size > 8 {
			return s, fmt.Errorf("callconv: unsupported scalar result of %d bytes", ret.Size)
		}
		s.ret, s.retSize = w64RetInt, ret.Size
		if ret.Float {
			s.ret = w64RetFloat
		}
	case ret.Size == 0:
		return s, fmt.Errorf("callconv: result aggregate has no size")
	case w64ByValue(ret.Size):
		s.ret, s.retSize = w64RetInt, ret.Size
	default:
		s.ret, s.retSize = w64RetMemory, ret.Size
		s.slots = append(s.slots, w64Slot{kind: w64Sret, arg: -1, size: ret.Size, align: ret.Align})
	}
	s.argSlot = make([]int, len(args))
	for i, a := range args {
		if a.Void || a.Size == 0 {
			return s, fmt.Errorf("callconv: argument %d has no size", i+1)
		}
		sl := w64Slot{kind: w64Value, arg: i, size: a.Size, align: a.Align}
		switch {
		case !a.Aggregate:
			if a.Size > 8 {
				return s, fmt.Errorf("callconv: unsupported scalar argument %d of %d bytes", i+1, a.Size)
			}
			sl.float = a.Float
			sl.int4, sl.signed = !a.Float && a.Size == 4, a.Signed
		case !w64ByValue(a.Size):
			sl.kind = w64Ref
		}
		s.argSlot[i] = len(s.slots)
		s.slots = append(s.slots, sl)
	}
	return s, nil
}

// stackWords returns how many slots are stack words (past the registers).
func (s *w64Sig) stackWords() int { return max(0, len(s.slots)-w64RegSlots) }
