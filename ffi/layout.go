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
	l := callconv.Layout{Size: t.Size(), Align: t.Align(), Float: k.IsFloat()}
	if k.IsAggregate() {
		l.Aggregate = true
		l.Leaves = appendLeaves(nil, t, 0)
	}
	return l
}

func appendLeaves(leaves []callconv.Leaf, t *types.Type, off uintptr) []callconv.Leaf {
	switch t.Kind() {
	case types.KindStruct, types.KindUnion:
		for _, f := range t.Fields() {
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
