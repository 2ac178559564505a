package ffi

import (
	"fmt"
	"math"
	"strings"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// goResult converts a raw result to the Go value Call returns; a number
// is boxed in a word of resultWord's.
func (p *prepared) goResult(out *result) any {
	switch p.resKind { // the commonest, as GoValue converts them
	case types.KindInt32:
		return boxWord(twInt64, uint64(int64(int32(out.bits))))
	case types.KindInt64:
		return boxWord(twInt64, out.bits)
	case types.KindFloat64:
		return boxWord(twFloat64, out.bits)
	}
	rt := p.restype
	switch k := rt.Kind(); {
	case k == types.KindVoid:
		return nil
	case k == types.KindStruct || k == types.KindUnion:
		return out.val
	case k == types.KindPointer || k == types.KindFunc:
		v, _ := types.Cast(uintptr(out.bits), rt)
		return v
	case k.IsInteger() || k == types.KindFloat32:
		return rt.GoValueIn(out.bits, resultWord())
	}
	return rt.GoValue(out.bits)
}

// storeResult stores a raw result into *dst for CallAs.
func (p *prepared) storeResult(out *result, dst any) error {
	rt := p.restype
	k := rt.Kind()
	if d, ok := dst.(**types.Value); ok {
		switch {
		case k == types.KindVoid:
			*d = nil
		case k == types.KindStruct || k == types.KindUnion:
			*d = out.val
		default:
			var v *types.Value
			var err error
			if k.IsPointer() {
				v, err = types.Cast(uintptr(out.bits), rt)
			} else {
				v = types.New(rt)
				err = v.Set(rt.GoValue(out.bits))
			}
			if err != nil {
				return err
			}
			*d = v
		}
		return nil
	}
	if k == types.KindVoid || k == types.KindStruct || k == types.KindUnion {
		return fmt.Errorf("%w: restype %s needs *types.Value", ErrResult, rt)
	}
	bits := out.bits
	switch d := dst.(type) {
	case *float64:
		if k == types.KindFloat64 {
			*d = math.Float64frombits(bits)
			return nil
		}
		if k == types.KindFloat32 {
			*d = float64(math.Float32frombits(uint32(bits)))
			return nil
		}
	case *float32:
		if k == types.KindFloat32 {
			*d = math.Float32frombits(uint32(bits))
			return nil
		}
	case *uintptr:
		if k.IsPointer() {
			*d = uintptr(bits)
			return nil
		}
	case *unsafe.Pointer:
		if k.IsPointer() {
			*d = *(*unsafe.Pointer)(unsafe.Pointer(&bits))
			return nil
		}
	case *string:
		if k == types.KindCharP || k == types.KindWCharP {
			if s, ok := rt.GoValue(bits).(string); ok {
				*d = s
			}
			return nil
		}
	case *bool:
		if k == types.KindBool {
			*d = bits&0xff != 0
			return nil
		}
	}
	if k.IsInteger() || k == types.KindBool || k == types.KindChar || k == types.KindWChar {
		return storeInt(rt, bits, dst)
	}
	return fmt.Errorf("%w: cannot store a %s result in %s", ErrResult, rt, goType(dst))
}

func storeInt(rt *types.Type, bits uint64, dst any) error {
	// The value as C holds it: the low Size() bytes, sign-extended for
	// signed kinds (wchar_t included).
	var mag uint64
	neg := false
	shift := 64 - 8*rt.Size()
	if rt.Kind() == types.KindBool {
		bits &= 0xff
		if bits != 0 {
			bits = 1
		}
		shift = 0
	}
	if rt.Kind().IsSigned() {
		v := int64(bits<<shift) >> shift
		if v < 0 {
			mag, neg = uint64(-v), true
		} else {
			mag = uint64(v)
		}
	} else {
		mag = bits << shift >> shift
	}
	fit := func(min int64, max uint64) bool {
		if neg {
			return min < 0 && mag <= uint64(-min)
		}
		return mag <= max
	}
	s := int64(mag)
	if neg {
		s = -s
	}
	ok := true
	switch d := dst.(type) {
	case *int:
		if ok = fit(math.MinInt, math.MaxInt); ok {
			*d = int(s)
		}
	case *int64:
		if ok = fit(math.MinInt64, math.MaxInt64); ok {
			*d = s
		}
	case *int32:
		if ok = fit(math.MinInt32, math.MaxInt32); ok {
			*d = int32(s)
		}
	case *int16:
		if ok = fit(math.MinInt16, math.MaxInt16); ok {
			*d = int16(s)
		}
	case *int8:
		if ok = fit(math.MinInt8, math.MaxInt8); ok {
			*d = int8(s)
		}
	case *uint:
		if ok = fit(0, math.MaxUint); ok {
			*d = uint(mag)
		}
	case *uint64:
		if ok = fit(0, math.MaxUint64); ok {
			*d = mag
		}
	case *uint32:
		if ok = fit(0, math.MaxUint32); ok {
			*d = uint32(mag)
		}
	case *uint16:
		if ok = fit(0, math.MaxUint16); ok {
			*d = uint16(mag)
		}
	case *uint8:
		if ok = fit(0, math.MaxUint8); ok {
			*d = uint8(mag)
		}
	case *uintptr:
		if ok = fit(0, math.MaxUint64); ok {
			*d = uintptr(mag)
		}
	case *bool:
		*d = mag != 0
	default:
		return fmt.Errorf("%w: cannot store a %s result in %s", ErrResult, rt, goType(dst))
	}
	if !ok {
		return fmt.Errorf("%w: result %v of %s does not fit in %s", types.ErrRange, rt.GoValue(bits), rt, goType(dst))
	}
	return nil
}

// checkResult reports whether dst, the *R of a CallAs, can hold a result
// of p's restype at all (a value out of R's range is found after the
// call). r is the zero R, for Go struct results.
func (p *prepared) checkResult(dst, r any) error {
	rt := p.restype
	k := rt.Kind()
	intLike := k.IsInteger() || k == types.KindBool || k == types.KindChar || k == types.KindWChar
	ok := false
	switch dst.(type) {
	case **types.Value:
		ok = true
	case *float64:
		ok = k == types.KindFloat64 || k == types.KindFloat32
	case *float32:
		ok = k == types.KindFloat32
	case *unsafe.Pointer:
		ok = k.IsPointer()
	case *uintptr:
		ok = k.IsPointer() || intLike
	case *string:
		ok = k == types.KindCharP || k == types.KindWCharP
	case *bool, *int, *int8, *int16, *int32, *int64, *uint, *uint8, *uint16, *uint32, *uint64:
		ok = intLike
	default:
		ok = (k == types.KindStruct || k == types.KindUnion) && goStructFits(&p.goRet, r, rt)
	}
	if ok {
		return nil
	}
	if k == types.KindVoid {
		return fmt.Errorf("%w: the function returns void; use CallAs[*types.Value] or Func.Call", ErrResult)
	}
	return fmt.Errorf("%w: cannot store a %s result in %s", ErrResult, rt, strings.TrimPrefix(goType(dst), "*"))
}

// resultDirect reports whether dst, the *R of a CallAs, points to exactly
// the C value of a result of type rt, so that the engine can store the
// result there (a float64 for a double, an int32 for an int32_t, an int or
// int64 for a 64-bit long, a uintptr or unsafe.Pointer for a pointer), or
// a *types.Value for void, which the engine leaves nil.
func resultDirect(rt *types.Type, dst any) bool {
	if rt.IsBigEndian() && rt.Size() > 1 {
		return false
	}
	k := rt.Kind()
	const intSize = unsafe.Sizeof(int(0))
	switch dst.(type) {
	case *float64:
		return k == types.KindFloat64
	case *float32:
		return k == types.KindFloat32
	case *int8:
		return k == types.KindInt8
	case *uint8:
		return k == types.KindUint8
	case *int16:
		return k == types.KindInt16
	case *uint16:
		return k == types.KindUint16
	case *int32:
		return k == types.KindInt32
	case *uint32:
		return k == types.KindUint32
	case *int64:
		return k == types.KindInt64
	case *uint64:
		return k == types.KindUint64
	case *int:
		return (k == types.KindInt64 && intSize == 8) || (k == types.KindInt32 && intSize == 4)
	case *uint:
		return (k == types.KindUint64 && intSize == 8) || (k == types.KindUint32 && intSize == 4)
	case *uintptr, *unsafe.Pointer:
		return k.IsPointer()
	case **types.Value:
		return k == types.KindVoid // nothing to store: R stays nil
	}
	return false
}

// boxWord returns an interface of type word tw (a Go type of 8 bytes)
// holding b, in a word of resultWord's.
func boxWord(tw uintptr, b uint64) any {
	var x any
	e := (*eface)(unsafe.Pointer(&x))
	if b < 256 {
		x = b // the runtime's static word of b: no allocation, no slab word
	} else {
		w := resultWord()
		*w = b
		e.data = unsafe.Pointer(w)
	}
	e.typ = tw
	return x
}
