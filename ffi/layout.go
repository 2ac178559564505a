package ffi

import (
	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// layoutOf describes t for the calling-convention engine.
func layoutOf(t *types.Type) callconv.Layout {
	k := t.Kind()
	if k == types.KindVoid {
		return callconv.Layout{Void: true}
	}
	l := callconv.Layout{Size: t.Size(), Align: t.Align(), Float: k.IsFloat(), Signed: k.IsSigned() || k == types.KindChar}
	if k.IsAggregate() {
		l.Aggregate = true
		l.Leaves = appendLeaves(nil, t, 0)
		l.MemberAlign = memberAlign(t)
	}
	return l
}

// memberAlign is the largest alignment of an aggregate's members, each
// member's type alignment (capped by the struct's packing) raised by the
// member's own Align: what AAPCS64 passes it by, an Aligned option on the
// aggregate itself not counting.
func memberAlign(t *types.Type) uintptr {
	if t.Kind() == types.KindArray {
		return t.Elem().Align()
	}
	a := uintptr(1)
	for _, f := range t.Fields() {
		if f.Name == "" {
			continue // unnamed bitfields
		}
		fa := f.Type.Align()
		if p := uintptr(t.Pack()); p > 0 && p < fa {
			fa = p
		}
		if f.Bits == 0 && f.Align > fa {
			fa = f.Align
		}
		a = max(a, fa)
	}
	return min(a, t.Align())
}

func appendLeaves(leaves []callconv.Leaf, t *types.Type, off uintptr) []callconv.Leaf {
	switch t.Kind() {
	case types.KindStruct, types.KindUnion:
		for _, f := range t.Fields() {
			if f.Bits > 0 {
				leaves = appendBitfieldLeaves(leaves, t, f, off)
				continue
			}
			leaves = appendLeaves(leaves, f.Type, off+f.Offset)
		}
	case types.KindArray:
		for i := 0; i < t.Len(); i++ {
			leaves = appendLeaves(leaves, t.Elem(), off+uintptr(i)*t.Elem().Size())
		}
	default:
		leaves = append(leaves, callconv.Leaf{Offset: off, Size: t.Size(), Float: t.Kind().IsFloat()})
	}
	return leaves
}

// appendBitfieldLeaves describes bitfield f of struct t (at off) as one
// integer byte for each byte its bits cover: a bitfield's storage unit
// may be misaligned (packed structs) or span more bytes than its type,
// but only where its bits lie matters for passing the struct. For
// big-endian structs the whole storage unit is counted.
func appendBitfieldLeaves(leaves []callconv.Leaf, t *types.Type, f types.Field, off uintptr) []callconv.Leaf {
	first, last := f.Offset+uintptr(f.BitOffset/8), f.Offset+uintptr((f.BitOffset+f.Bits-1)/8)
	if t.IsBigEndian() {
		first, last = f.Offset, f.Offset+max(f.Type.Size(), uintptr((f.BitOffset+f.Bits+7)/8))-1
	}
	for b := first; b <= last && b < t.Size(); b++ {
		leaves = append(leaves, callconv.Leaf{Offset: off + b, Size: 1})
	}
	return leaves
}
