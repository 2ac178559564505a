package types

import (
	"fmt"
	"strconv"
	"unsafe"
)

func bitfieldOf(t *Type) (*Type, bool) { return t, t.bf != nil }

// bitAddr returns the byte and bit holding bit k (0 = least significant) of
// the storage unit of t at p.
func (t *Type) bitAddr(p unsafe.Pointer, k int) (*byte, uint) {
	i := uintptr(k / 8)
	if t.bf.big {
		i = t.bf.unit - 1 - i
	}
	return (*byte)(unsafe.Add(p, i)), uint(k % 8)
}

// load returns the bitfield's value at v, sign-extended to 64 bits when
// it is signed.
func (t *Type) load(v *Value) uint64 {
	var u uint64
	for j := 0; j < t.bf.bits; j++ {
		b, bit := t.bitAddr(v.ptr, t.bf.off+j)
		u |= uint64(*b>>bit&1) << j
	}
	if t.bf.signed && t.bf.bits < 64 && u&(1<<(t.bf.bits-1)) != 0 {
		u |= ^uint64(0) << t.bf.bits
	}
	return u
}

func (t *Type) get(v *Value) (any, error) {
	u := t.load(v)
	if t.kind == KindBool {
		return u != 0, nil
	}
	return t.GoValue(u), nil
}

func (t *Type) set(v *Value, x any) error {
	bits, err := t.ScalarBits(x)
	if err != nil {
		return err
	}
	w := t.bf.bits
	if w < 64 {
		if t.bf.signed {
			s := int64(bits)
			if s < -(1<<(w-1)) || s >= 1<<(w-1) {
				return &ConvError{Type: t, GoType: goTypeName(x), Value: strconv.FormatInt(s, 10),
					Reason: fmt.Sprintf("out of range for a %d-bit signed bitfield", w), Err: ErrRange}
			}
		} else if bits>>w != 0 {
			return &ConvError{Type: t, GoType: goTypeName(x), Value: strconv.FormatUint(bits, 10),
				Reason: fmt.Sprintf("out of range for a %d-bit unsigned bitfield", w), Err: ErrRange}
		}
	}
	for j := 0; j < w; j++ {
		b, bit := t.bitAddr(v.ptr, t.bf.off+j)
		*b = *b&^(1<<bit) | byte(bits>>j&1)<<bit
	}
	return nil
}
