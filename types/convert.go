package types

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/purectypes/ctypes/internal/gostack"
)

// This file converts between Go values and the raw bits of C scalars. The
// same rules serve Value.Set, struct initialisers and the ffi package's
// argument conversion, so a Go value means the same thing everywhere.

// intOf returns the magnitude and sign of an integer-like Go value.
func intOf(x any) (mag uint64, neg bool, ok bool) {
	var i int64
	switch x := x.(type) {
	case int:
		i = int64(x)
	case int64:
		i = x
	case int32:
		i = int64(x)
	case int16:
		i = int64(x)
	case int8:
		i = int64(x)
	case uint:
		return uint64(x), false, true
	case uint64:
		return x, false, true
	case uint32:
		return uint64(x), false, true
	case uint16:
		return uint64(x), false, true
	case uint8:
		return uint64(x), false, true
	case uintptr:
		return uint64(x), false, true
	case bool:
		if x {
			return 1, false, true
		}
		return 0, false, true
	case *Value:
		if x == nil || x.err != nil || x.typ == nil {
			return 0, false, false
		}
		switch k := x.typ.kind; {
		case k.IsInteger() || k == KindBool || k == KindChar || k == KindWChar:
			bits := x.loadInt()
			if k.IsSigned() {
				return intOf(signExtend(bits, x.typ.size))
			}
			return bits, false, true
		}
		return 0, false, false
	default:
		return 0, false, false
	}
	if i < 0 {
		return uint64(-i), true, true
	}
	return uint64(i), false, true
}

func signExtend(bits uint64, size uintptr) int64 {
	shift := 64 - 8*size
	return int64(bits<<shift) >> shift
}

// fits reports whether the integer (mag, neg) fits in an integer of size
// bytes.
func fits(mag uint64, neg, signed bool, size uintptr) bool {
	n := 8 * size
	if !signed {
		return !neg && (n == 64 || mag < 1<<n)
	}
	if neg {
		return mag <= 1<<(n-1)
	}
	return mag < 1<<(n-1)
}

func floatOf(x any) (float64, bool) {
	switch x := x.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case *big.Float:
		if x != nil {
			f, _ := x.Float64()
			return f, true
		}
	case big.Float:
		f, _ := x.Float64()
		return f, true
	case *Value:
		if x != nil && x.err == nil && x.typ != nil && x.typ.kind == KindLongDouble {
			return x.longDoubleFloat64(), true
		}
		if x == nil || x.err != nil || x.typ == nil || !x.typ.kind.IsFloat() {
			break
		}
		if x.typ.kind == KindFloat32 {
			return float64(math.Float32frombits(uint32(x.loadScalar()))), true
		}
		return math.Float64frombits(x.loadScalar()), true
	}
	if mag, neg, ok := intOf(x); ok {
		if _, isBool := x.(bool); isBool {
			return 0, false
		}
		f := float64(mag)
		if neg {
			f = -f
		}
		return f, true
	}
	return 0, false
}

// isFiniteBig reports whether x is a finite *big.Float or big.Float.
func isFiniteBig(x any) bool {
	switch x := x.(type) {
	case *big.Float:
		return x != nil && !x.IsInf()
	case big.Float:
		return !x.IsInf()
	}
	return false
}

// ScalarBits converts a Go value to the raw bits of a value of the
// non-pointer scalar type t: integers are sign- or zero-extended to 64
// bits, a float is in the low 32 bits, a double uses all 64. Accepted Go
// values are those of [Value.Set]. Pointer kinds are not handled here (they
// may need memory kept alive); see [Type.PointerBits].
func (t *Type) ScalarBits(x any) (uint64, error) {
	switch k := t.kind; {
	case k.IsInteger():
		mag, neg, ok := intOf(x)
		if !ok {
			return 0, convErr(t, x, "an integer is required")
		}
		if !fits(mag, neg, k.IsSigned(), t.size) {
			return 0, rangeErr(t, x, mag, neg)
		}
		if neg {
			return -mag, nil
		}
		return mag, nil
	case k.IsFloat():
		f, ok := floatOf(x)
		if !ok {
			return 0, convErr(t, x, "a number is required")
		}
		if math.IsInf(f, 0) && isFiniteBig(x) {
			return 0, floatRangeErr(t, x, f)
		}
		if k == KindFloat32 {
			if !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
				return 0, floatRangeErr(t, x, f)
			}
			return uint64(math.Float32bits(float32(f))), nil
		}
		return math.Float64bits(f), nil
	case k == KindBool:
		mag, _, ok := intOf(x)
		if !ok {
			return 0, convErr(t, x, "a bool or an integer is required")
		}
		if mag != 0 {
			return 1, nil
		}
		return 0, nil
	case k == KindChar:
		switch c := x.(type) {
		case string:
			if len(c) != 1 {
				return 0, convErr(t, x, "a string of length 1 is required")
			}
			return uint64(c[0]), nil
		case []byte:
			if len(c) != 1 {
				return 0, convErr(t, x, "a []byte of length 1 is required")
			}
			return uint64(c[0]), nil
		}
		mag, neg, ok := intOf(x)
		if !ok {
			return 0, convErr(t, x, "a byte is required")
		}
		if neg || mag > 255 {
			return 0, rangeErr(t, x, mag, neg)
		}
		return mag, nil
	case k == KindWChar:
		if s, ok := x.(string); ok {
			r, n := utf8.DecodeRuneInString(s)
			// U+FFFD is a character like any other; RuneError with n == 1 is
			// an invalid encoding.
			if n == 0 || n != len(s) || r == utf8.RuneError && n == 1 {
				return 0, convErr(t, x, "a string of exactly one valid character is required")
			}
			if t.size == 2 && r > 0xFFFF {
				return 0, convErr(t, x, "a character that fits in one UTF-16 unit is required (a 2-byte wchar_t; a wide string holds it as a surrogate pair)")
			}
			return uint64(r), nil
		}
		mag, neg, ok := intOf(x)
		if !ok {
			return 0, convErr(t, x, "a rune is required")
		}
		// Any value of C's wchar_t (a signed 32-bit integer on Unix, an
		// unsigned 16-bit one on Windows) is accepted from an integer; only
		// strings are held to one valid character.
		if !fits(mag, neg, wcharSigned, t.size) {
			return 0, rangeErr(t, x, mag, neg)
		}
		if neg {
			return -mag, nil
		}
		return mag, nil
	}
	return 0, convErr(t, x, "not a numeric scalar type")
}

// GoValue converts raw bits, as returned by [Type.ScalarBits] or by a C
// function in a register, to the Go value of a scalar of type t: int64 for
// signed integers, uint64 for unsigned ones, float64 for float and double,
// bool, byte for char, rune for wchar, uintptr for void* and typed
// pointers, and string (or nil for NULL) for char* and wchar_t*. Only the
// low Size() bytes of bits are used: small integers are sign- or
// zero-extended here, whatever the upper bits hold.
func (t *Type) GoValue(bits uint64) any {
	if w, b, ok := t.goNumber(bits); ok {
		switch w {
		case numInt64:
			return int64(b)
		case numUint64:
			return b
		case numFloat64:
			return math.Float64frombits(b)
		}
		return uintptr(b)
	}
	switch k := t.kind; {
	case k == KindBool:
		return bits&0xff != 0
	case k == KindChar:
		return byte(bits)
	case k == KindWChar:
		if !wcharSigned {
			u := bits & (1<<(8*t.size) - 1)
			if u > math.MaxInt32 {
				return uint32(u) // an unsigned wchar_t beyond any rune (AAPCS)
			}
			return rune(u)
		}
		return rune(signExtend(bits, t.size))
	case k == KindCharP:
		if bits == 0 {
			return nil
		}
		return cString(uintptr(bits))
	case k == KindWCharP:
		if bits == 0 {
			return nil
		}
		return wString(uintptr(bits), -1)
	}
	return nil
}

// The Go types of GoValue's numbers.
const (
	numInt64 = iota + 1
	numUint64
	numFloat64
	numUintptr
)

// goNumber returns what GoValue makes of bits when t is a number (an
// integer, a float or double, a pointer other than char* and wchar_t*):
// which Go type (numInt64 ... numUintptr) and the Go value's bits.
func (t *Type) goNumber(bits uint64) (which int, b uint64, ok bool) {
	switch k := t.kind; {
	case k.IsInteger():
		if k.IsSigned() {
			return numInt64, uint64(signExtend(bits, t.size)), true
		}
		if t.size < 8 {
			bits &= 1<<(8*t.size) - 1
		}
		return numUint64, bits, true
	case k == KindFloat32:
		return numFloat64, math.Float64bits(float64(math.Float32frombits(uint32(bits)))), true
	case k == KindFloat64:
		return numFloat64, bits, true
	case k.IsPointer() && k != KindCharP && k != KindWCharP:
		return numUintptr, bits, true
	}
	return 0, 0, false
}

// The type words of GoValue's numbers, by goNumber's which.
var numTypeWords = [...]unsafe.Pointer{
	numInt64:   typeWordOf(int64(0)),
	numUint64:  typeWordOf(uint64(0)),
	numFloat64: typeWordOf(float64(0)),
	numUintptr: typeWordOf(uintptr(0)),
}

func typeWordOf(x any) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0] }

// GoValueIn is [Type.GoValue] with a number's value (an int64, uint64,
// float64 or uintptr) stored at *w, which the interface it returns points
// to, instead of in memory of its own: the caller converting many values
// (a callback's arguments) allocates one block for them all. w must be
// heap memory that the interface may keep alive as long as it lives.
func (t *Type) GoValueIn(bits uint64, w *uint64) any {
	which, b, ok := t.goNumber(bits)
	if !ok {
		return t.GoValue(bits)
	}
	*w = b
	var x any
	e := (*[2]unsafe.Pointer)(unsafe.Pointer(&x))
	e[0], e[1] = numTypeWords[which], unsafe.Pointer(w)
	return x
}

// PointerBits converts a Go value to an address for the pointer type t
// (char*, wchar_t*, void*, typed pointers, function pointers). keep is Go
// memory the address points into, which the caller must keep alive (and
// unmoved) while C may use the address; it is nil when no Go memory is
// involved. Strings are copied into new NUL-terminated memory. A []byte for
// char* must contain a NUL byte, so C cannot read past its end.
func (t *Type) PointerBits(x any) (addr uintptr, keep unsafe.Pointer, err error) {
	addr, keep, _, err = t.pointerBits(x)
	return addr, keep, err
}

// pointerBits is PointerBits that also returns the *Value the address
// comes from, if any, so that Value.Set can keep its kept objects alive.
func (t *Type) pointerBits(x any) (uintptr, unsafe.Pointer, *Value, error) {
	if x == nil {
		return 0, nil, nil, nil
	}
	switch v := x.(type) {
	case uintptr:
		if t.kind == KindPointer || t.kind == KindFunc {
			break // a typed pointer wants a typed value; unsafe.Pointer is the escape hatch
		}
		return v, nil, nil, nil
	case unsafe.Pointer:
		// Passed as is: the caller vouches that it points to memory that does
		// not move (C memory, or Go heap memory it keeps alive), as cgo's rules
		// require. It is not kept, so that the interface's data word never
		// escapes from the call path. The calling goroutine's stack moves, and
		// is where the ffi package's arguments point when they do not escape:
		// an address in it is refused.
		if gostack.Contains(v) {
			return 0, nil, nil, convErr(t, x, stackPointer)
		}
		return uintptr(v), nil, nil, nil
	case *Value:
		return t.pointerFromValue(v)
	case Ref:
		if v.v == nil || v.v.err != nil {
			return 0, nil, nil, convErr(t, x, "invalid Ref")
		}
		if t.kind == KindPointer && !compatible(t.elem, v.v.typ) {
			return 0, nil, nil, convErr(t, x, "Byref of "+v.v.typ.name+" where "+t.name+" is expected")
		}
		return uintptr(v.v.ptr) + v.off, v.v.ptr, v.v, nil
	}
	switch t.kind {
	case KindCharP:
		switch s := x.(type) {
		case string:
			if i := strings.IndexByte(s, 0); i >= 0 {
				return 0, nil, nil, nulErr(t, x, i)
			}
			b := make([]byte, len(s)+1)
			copy(b, s)
			return uintptr(unsafe.Pointer(&b[0])), unsafe.Pointer(&b[0]), nil, nil
		case []byte:
			for _, c := range s {
				if c == 0 {
					p := unsafe.Pointer(unsafe.SliceData(s))
					return uintptr(p), p, nil, nil
				}
			}
			return 0, nil, nil, convErr(t, x, "a []byte passed as char* must contain a NUL byte (append 0, or pass a string)")
		}
	case KindWCharP:
		if s, ok := x.(string); ok {
			if i := strings.IndexByte(s, 0); i >= 0 {
				return 0, nil, nil, nulErr(t, x, i)
			}
			w := wideString(s)
			return uintptr(unsafe.Pointer(&w[0])), unsafe.Pointer(&w[0]), nil, nil
		}
	case KindVoidP:
		switch s := x.(type) {
		case string:
			b := make([]byte, len(s)+1)
			copy(b, s)
			return uintptr(unsafe.Pointer(&b[0])), unsafe.Pointer(&b[0]), nil, nil
		case []byte:
			p := unsafe.Pointer(unsafe.SliceData(s))
			if len(s) == 0 {
				p = nil
			}
			return uintptr(p), p, nil, nil
		}
		if p, ok := slicePointer(x); ok {
			return uintptr(p), p, nil, nil
		}
	case KindPointer:
		if p, ok := goPointerFor(t.elem, x); ok {
			return uintptr(p), p, nil, nil
		}
	}
	return 0, nil, nil, convErr(t, x, "cannot be used as "+t.name)
}

func (t *Type) pointerFromValue(v *Value) (uintptr, unsafe.Pointer, *Value, error) {
	if v == nil {
		return 0, nil, nil, nil
	}
	if v.err != nil {
		return 0, nil, nil, *v.err
	}
	vt := v.typ
	switch {
	case vt.kind.IsPointer():
		// A pointer value passes the address it holds, if the types agree.
		if t.kind == KindPointer && vt.kind == KindPointer && !compatible(t.elem, vt.elem) {
			break
		}
		if t.kind == KindFunc && vt.kind != KindFunc && vt.kind != KindVoidP {
			break
		}
		return uintptr(v.loadScalar()), v.ptr, v, nil
	case vt.kind == KindArray:
		// An array decays to a pointer to its first element, as in C.
		switch t.kind {
		case KindVoidP:
			return uintptr(v.ptr), v.ptr, v, nil
		case KindCharP:
			if vt.elem.kind == KindChar || vt.elem.kind == KindInt8 || vt.elem.kind == KindUint8 {
				return uintptr(v.ptr), v.ptr, v, nil
			}
		case KindWCharP:
			if vt.elem.kind == KindWChar {
				return uintptr(v.ptr), v.ptr, v, nil
			}
		case KindPointer:
			if compatible(t.elem, vt.elem) || compatible(t.elem, vt) {
				return uintptr(v.ptr), v.ptr, v, nil
			}
		}
	default:
		// An instance passes its address where a pointer to its type is
		// expected, as ctypes does for POINTER(T) argtypes.
		if t.kind == KindVoidP || (t.kind == KindPointer && compatible(t.elem, vt)) {
			return uintptr(v.ptr), v.ptr, v, nil
		}
	}
	return 0, nil, nil, convErr(t, v, "cannot be used as "+t.name)
}

// compatible reports whether memory of type b can be used where type a is
// expected: the same type, or identical layouts of the same kind and name
// (as two ArrayOf calls with equal arguments give).
func compatible(a, b *Type) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.kind != b.kind || a.size != b.size {
		return false
	}
	switch a.kind {
	case KindArray, KindPointer:
		return a.length == b.length && compatible(a.elem, b.elem)
	case KindStruct, KindUnion, KindFunc:
		return false
	}
	return a.bigEndian == b.bigEndian
}

// slicePointer returns the address of the first element of any Go slice of
// scalars (for void*).
func slicePointer(x any) (unsafe.Pointer, bool) {
	switch s := x.(type) {
	case []int8:
		return sliceAddr(s), true
	case []uint16:
		return sliceAddr(s), true
	case []int16:
		return sliceAddr(s), true
	case []uint32:
		return sliceAddr(s), true
	case []int32:
		return sliceAddr(s), true
	case []uint64:
		return sliceAddr(s), true
	case []int64:
		return sliceAddr(s), true
	case []float32:
		return sliceAddr(s), true
	case []float64:
		return sliceAddr(s), true
	case []uintptr:
		return sliceAddr(s), true
	}
	return nil, false
}

func sliceAddr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(unsafe.SliceData(s))
}

// goPointerFor accepts Go slices whose element type has the layout of
// elem: []float64 for POINTER(c_double), []int32 for POINTER(c_int), and
// so on. They pass without copying.
func goPointerFor(elem *Type, x any) (unsafe.Pointer, bool) {
	k := elem.kind
	if elem.bigEndian && elem.size > 1 {
		return nil, false
	}
	switch s := x.(type) {
	case []float64:
		return sliceAddr(s), k == KindFloat64
	case []float32:
		return sliceAddr(s), k == KindFloat32
	case []int64:
		return sliceAddr(s), k == KindInt64
	case []uint64:
		return sliceAddr(s), k == KindUint64
	case []int32:
		return sliceAddr(s), k == KindInt32 || k == KindWChar
	case []uint32:
		return sliceAddr(s), k == KindUint32
	case []int16:
		return sliceAddr(s), k == KindInt16
	case []uint16:
		return sliceAddr(s), k == KindUint16
	case []int8:
		return sliceAddr(s), k == KindInt8
	case []byte:
		return sliceAddr(s), k == KindUint8 || k == KindChar || k == KindBool
	case []uintptr:
		return sliceAddr(s), k.IsPointer() || (k.IsInteger() && elem.size == ptrSize && !k.IsSigned())
	}
	return nil, false
}

// ScalarPointer returns the address held by x when x is a Go pointer to a
// scalar with the layout of elem (*float64 for c_double, *int32 for c_int,
// *uintptr for pointer types, ...). The ffi package uses it for output
// parameters.
func ScalarPointer(elem *Type, x any) (unsafe.Pointer, bool) { return goScalarPointer(elem, x) }

// goScalarPointer accepts Go pointers whose element type has the layout of
// elem: *float64 for POINTER(c_double) and so on. It is kept apart from
// goPointerFor so that the ffi call path, which never lets the interface's
// own data word escape, does not see it (see ffi's out-parameter handling).
func goScalarPointer(elem *Type, x any) (unsafe.Pointer, bool) {
	k := elem.kind
	if elem.bigEndian && elem.size > 1 {
		return nil, false
	}
	switch s := x.(type) {
	case *float64:
		return unsafe.Pointer(s), k == KindFloat64
	case *float32:
		return unsafe.Pointer(s), k == KindFloat32
	case *int64:
		return unsafe.Pointer(s), k == KindInt64
	case *uint64:
		return unsafe.Pointer(s), k == KindUint64
	case *int32:
		return unsafe.Pointer(s), k == KindInt32 || k == KindWChar
	case *uint32:
		return unsafe.Pointer(s), k == KindUint32
	case *int16:
		return unsafe.Pointer(s), k == KindInt16
	case *uint16:
		return unsafe.Pointer(s), k == KindUint16
	case *int8:
		return unsafe.Pointer(s), k == KindInt8
	case *byte:
		return unsafe.Pointer(s), k == KindUint8 || k == KindChar || k == KindBool
	case *uintptr:
		return unsafe.Pointer(s), k.IsPointer() || (k.IsInteger() && elem.size == ptrSize && !k.IsSigned())
	}
	return nil, false
}

// nulErr reports a Go string with a NUL byte at index i where a C string
// is expected: C would see it end there, so it is refused rather than
// silently cut (ctypes cuts it; this package does not).
func nulErr(t *Type, x any, i int) error {
	return convErr(t, x, "the string has a NUL byte at index "+strconv.Itoa(i)+", where C would see it end; pass a []byte (with its own NUL) or a void* to send bytes")
}

// cString copies the NUL-terminated byte string at addr.
func cString(addr uintptr) string {
	p := addrPtr(addr)
	n := 0
	for *(*byte)(unsafe.Add(p, n)) != 0 {
		n++
	}
	return string(unsafe.Slice((*byte)(p), n))
}
