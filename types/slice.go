package types

import (
	"fmt"
	"reflect"
	"unsafe"
)

// Slice returns the elements of an array Value (or of the array a pointer
// Value's Elem views) as a Go slice sharing its memory, without copying:
// Slice[float64](v) for a c_double array, Slice[int32] for c_int, Slice[byte]
// for c_char. The Go element type must have the C element's size and be of
// the same family (integers, floats, or a Go struct of the same size for a
// struct element). The slice is valid while v's memory is: for Go-owned
// Values, as long as the slice is used (it keeps the memory alive).
func Slice[T any](v *Value) ([]T, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	if v.typ.kind != KindArray {
		return nil, fmt.Errorf("%w: Slice of %s: not an array", ErrConvert, v.typ.name)
	}
	et := v.typ.elem
	gt := reflect.TypeFor[T]()
	if gt.Size() != et.size || !sameFamily(gt, et) {
		return nil, fmt.Errorf("%w: Slice[%s] of %s: element types differ", ErrConvert, gt, v.typ.name)
	}
	if et.bigEndian && et.size > 1 {
		return nil, fmt.Errorf("%w: Slice of big-endian %s: read the elements with Index", ErrConvert, v.typ.name)
	}
	if v.typ.length == 0 {
		return []T{}, nil
	}
	return unsafe.Slice((*T)(v.ptr), v.typ.length), nil
}

func sameFamily(g reflect.Type, c *Type) bool {
	switch g.Kind() {
	case reflect.Float32, reflect.Float64:
		return c.kind.IsFloat()
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return c.kind.IsInteger() || c.kind == KindChar || c.kind == KindWChar || c.kind == KindBool
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uintptr:
		return c.kind.IsInteger() || c.kind == KindChar || c.kind == KindBool || c.kind.IsPointer()
	case reflect.Bool:
		return c.kind == KindBool
	case reflect.Struct, reflect.Array:
		return c.kind.IsAggregate()
	}
	return false
}
