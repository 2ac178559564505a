package types

import (
	"fmt"
	"unsafe"
)

// Ref is a light-weight reference to a value's memory for passing it to a C
// function that takes a pointer, like ctypes.byref: cheaper than
// [Pointer], which builds a new pointer Value. Make one with [Byref].
type Ref struct {
	v   *Value
	off uintptr
}

// Byref returns a reference to v's memory, plus offset bytes, for passing v
// by pointer: lib.swap(Byref(a), Byref(b)) is ctypes' swap(byref(a),
// byref(b)). v is kept alive and pinned for the duration of the call it is
// passed to.
func Byref(v *Value, offset ...uintptr) Ref {
	r := Ref{v: v}
	for _, o := range offset {
		r.off += o
	}
	return r
}

// Value returns the Value the reference points into.
func (r Ref) Value() *Value { return r.v }

// Addr returns the referenced address.
func (r Ref) Addr() uintptr {
	if r.v == nil {
		return 0
	}
	return uintptr(r.v.ptr) + r.off
}

// String describes the reference like ctypes: <cparam 'P' (0x...)>.
func (r Ref) String() string { return fmt.Sprintf("<cparam 'P' (%#x)>", r.Addr()) }

// Pointer returns a new pointer Value of type PointerTo(v.Type()) that
// holds v's address, like ctypes.pointer(v). The pointer keeps v alive.
func Pointer(v *Value) (*Value, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	p := New(PointerTo(v.typ))
	if err := p.Set(v); err != nil {
		return nil, err
	}
	return p, nil
}

// Addressof returns the address of v's memory, like ctypes.addressof.
func Addressof(v *Value) (uintptr, error) {
	if err := v.check(); err != nil {
		return 0, err
	}
	return uintptr(v.ptr), nil
}

// Cast returns a Value of the pointer type t that holds the address x
// holds or is, like ctypes.cast(x, t): x may be a pointer Value (its
// content), an array Value (its address), a Ref, a uintptr, an
// unsafe.Pointer or nil. Cast reinterprets; nothing is copied. The result
// keeps x alive.
func Cast(x any, t *Type) (*Value, error) {
	if t == nil || !t.kind.IsPointer() {
		return nil, fmt.Errorf("%w: Cast: target %v is not a pointer type", ErrType, t)
	}
	var addr uintptr
	var keep any
	switch v := x.(type) {
	case nil:
	case *Value:
		if err := v.check(); err != nil {
			return nil, err
		}
		switch {
		case v.typ.kind.IsPointer():
			addr, keep = uintptr(v.loadScalar()), v
		case v.typ.kind == KindArray || v.typ.kind.IsInteger():
			if v.typ.kind == KindArray {
				addr = uintptr(v.ptr)
			} else {
				addr = uintptr(v.loadScalar())
			}
			keep = v
		default:
			return nil, fmt.Errorf("%w: Cast: %s is not a pointer, array or integer", ErrConvert, v.typ.name)
		}
	case Ref:
		addr, keep = v.Addr(), v.v
	case uintptr:
		addr = v
	case unsafe.Pointer:
		addr, keep = uintptr(v), v
	default:
		return nil, fmt.Errorf("%w: Cast: cannot cast %T", ErrConvert, x)
	}
	p := New(t)
	storeBits(p.ptr, t.size, uint64(addr), false)
	p.blk.hold(p.ptr, keep)
	return p, nil
}
