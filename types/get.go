package types

import (
	"fmt"
	"reflect"
)

// Scalar is the Go types [Get] reads C values as (and types defined on
// them).
type Scalar interface {
	~bool | ~int8 | ~int16 | ~int32 | ~int64 | ~int | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uint | ~uintptr |
		~float32 | ~float64 | ~string
}

// Get returns v's content as a T, for a T that holds every value of v's C
// type: float64 for double (float64 or float32 for float, float64 for long
// double, rounded as [Value.Float] rounds it); a signed integer type at
// least as wide as a signed C integer, and for an unsigned one an unsigned
// type at least as wide or a wider signed one; bool for c_bool; byte for
// c_char; rune for c_wchar; uintptr for pointers; string for c_char_p,
// c_wchar_p and char and wchar arrays (as [Value.Str]). Another T is an
// [ErrConvert] error naming both types, checked on v's type, not its
// value, so that a Get that works for one value works for every value of
// the type. An invalid v, and a NULL c_char_p read as a string, are errors
// too.
func Get[T Scalar](v *Value) (T, error) {
	var z T
	if err := v.check(); err != nil {
		return z, err
	}
	gt := reflect.TypeFor[T]()
	if !holds(gt, v.typ) {
		return z, fmt.Errorf("%w: Get[%s] of a %s: %s does not hold every %s", ErrConvert, gt, v.typ.name, gt, v.typ.name)
	}
	x, err := v.Get()
	if err != nil {
		return z, err
	}
	if x == nil {
		return z, fmt.Errorf("%w: Get[%s] of a %s: NULL", ErrNull, gt, v.typ.name)
	}
	out := reflect.ValueOf(&z).Elem()
	switch x := x.(type) {
	case float64:
		out.SetFloat(x)
	case int64:
		out.SetInt(x)
	case uint64:
		if out.CanInt() {
			out.SetInt(int64(x))
		} else {
			out.SetUint(x)
		}
	case bool:
		out.SetBool(x)
	case byte:
		out.SetUint(uint64(x))
	case rune:
		out.SetInt(int64(x))
	case uint32: // an unsigned wchar_t beyond any rune
		return z, fmt.Errorf("%w: Get[%s] of a %s: %d is beyond any rune", ErrRange, gt, v.typ.name, x)
	case uintptr:
		out.SetUint(uint64(x))
	case string:
		out.SetString(x)
	default:
		return z, fmt.Errorf("%w: Get[%s] of a %s", ErrConvert, gt, v.typ.name)
	}
	return z, nil
}

// MustGet is [Get] for a value whose type the program knows (a field of a
// struct type it defined, an element of its array type): it panics with
// Get's error where Get would return one, as [Type.MustNew] does, so that
// reading a known double is one expression:
//
//	fmt.Println(types.MustGet[float64](r.Field("x")))
func MustGet[T Scalar](v *Value) T {
	x, err := Get[T](v)
	if err != nil {
		panic(err)
	}
	return x
}

// holds reports whether Go type g holds every value of C type t exactly.
func holds(g reflect.Type, t *Type) bool {
	gk := g.Kind()
	k := t.kind
	switch {
	case k == KindFloat64 || k == KindLongDouble:
		return gk == reflect.Float64
	case k == KindFloat32:
		return gk == reflect.Float64 || gk == reflect.Float32
	case k.IsInteger():
		bits := int(8 * t.size)
		switch gk {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			gb := g.Bits()
			return gb >= bits && k.IsSigned() || gb > bits && !k.IsSigned()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return g.Bits() >= bits && !k.IsSigned()
		}
		return false
	case k == KindBool:
		return gk == reflect.Bool
	case k == KindChar:
		return gk == reflect.Uint8
	case k == KindWChar:
		return gk == reflect.Int32
	case k == KindCharP || k == KindWCharP:
		return gk == reflect.String
	case k.IsPointer():
		return gk == reflect.Uintptr
	case k == KindArray:
		return gk == reflect.String && (t.elem.kind == KindChar || t.elem.kind == KindWChar)
	}
	return false
}
