// Package types is the C type system of ctypes for Go: descriptors of C
// types with the platform C compiler's size, alignment and layout, and
// values that are typed views of memory (Go-owned or C-owned).
//
// A [Type] describes, a [Value] holds. Fundamental types are package
// variables named after ctypes ([Int] is c_int, [Double] is c_double,
// [CharP] is c_char_p); composite types are built with constructors that read
// like ctypes: [ArrayOf] (c_int * 10), [PointerTo] (POINTER), [StructOf] and
// [UnionOf] (Structure and Union subclasses with _fields_).
//
// Memory rules: a Value made by [New] or [Type.New] owns Go memory that stays
// alive while the Value (or any Value derived from it) is reachable. A Value
// made by [FromAddress] views C memory that the caller owns and must free in
// the way its allocator documents. When a Go pointer (for example a Go string
// stored into a char* field) is written into a Value's memory, the pointed-to
// Go memory is pinned and kept alive with the Value, as ctypes keeps it in
// _objects; C code must not keep such a pointer after the Value is gone.
package types

import (
	"fmt"
	"sync"
	"unsafe"
)

// Kind is the category of a C type.
type Kind uint8

// The kinds of C types. Integer kinds are named by their width and
// signedness; the ctypes names ([Int], [Long], [SizeT], ...) map onto them as
// the platform C compiler does.
const (
	KindInvalid Kind = iota
	KindVoid
	KindBool
	KindChar  // char, a single byte (c_char)
	KindWChar // wchar_t (c_wchar)
	KindInt8
	KindUint8
	KindInt16
	KindUint16
	KindInt32
	KindUint32
	KindInt64
	KindUint64
	KindFloat32
	KindFloat64
	KindCharP  // char* (c_char_p), a NUL-terminated byte string
	KindWCharP // wchar_t* (c_wchar_p), a NUL-terminated wide string
	KindVoidP  // void* (c_void_p)
	KindPointer
	KindArray
	KindStruct
	KindUnion
	KindFunc // a C function pointer type (CFUNCTYPE)
	// KindLongDouble is long double where it is not double (x87 extended,
	// binary128, double-double): see [LongDouble]. It is not a scalar in
	// the sense of [Kind.IsScalar] (it does not fit in a machine word) nor
	// a float in that of [Kind.IsFloat].
	KindLongDouble
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindVoid: "void", KindBool: "bool", KindChar: "char", KindWChar: "wchar",
	KindInt8: "int8", KindUint8: "uint8", KindInt16: "int16", KindUint16: "uint16",
	KindInt32: "int32", KindUint32: "uint32", KindInt64: "int64", KindUint64: "uint64",
	KindFloat32: "float32", KindFloat64: "float64", KindCharP: "char*", KindWCharP: "wchar_t*",
	KindVoidP: "void*", KindPointer: "pointer", KindArray: "array", KindStruct: "struct",
	KindUnion: "union", KindFunc: "function pointer", KindLongDouble: "long double",
}

// String returns the kind's name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// IsInteger reports whether k is a signed or unsigned integer kind (not
// bool, char or wchar).
func (k Kind) IsInteger() bool { return k >= KindInt8 && k <= KindUint64 }

// IsSigned reports whether k is a signed integer kind.
func (k Kind) IsSigned() bool {
	switch k {
	case KindInt8, KindInt16, KindInt32, KindInt64:
		return true
	case KindWChar:
		return wcharSigned
	}
	return false
}

// IsFloat reports whether k is float or double.
func (k Kind) IsFloat() bool { return k == KindFloat32 || k == KindFloat64 }

// IsPointer reports whether values of kind k are addresses (char*,
// wchar_t*, void*, typed pointers and function pointers).
func (k Kind) IsPointer() bool {
	switch k {
	case KindCharP, KindWCharP, KindVoidP, KindPointer, KindFunc:
		return true
	}
	return false
}

// IsScalar reports whether k fits in one machine word: every kind but
// void, arrays, structs, unions and long double.
func (k Kind) IsScalar() bool {
	return k != KindInvalid && k != KindVoid && k != KindArray && k != KindStruct && k != KindUnion && k != KindLongDouble
}

// IsAggregate reports whether k is an array, a struct or a union.
func (k Kind) IsAggregate() bool { return k == KindArray || k == KindStruct || k == KindUnion }

// Type describes a C type: its kind, size, alignment and, for composite
// types, element, length or fields. Types are immutable once built and safe
// for concurrent use; compare them by pointer.
type Type struct {
	name   string
	kind   Kind
	size   uintptr
	align  uintptr
	elem   *Type   // KindPointer, KindArray
	length int     // KindArray
	fields []Field // KindStruct, KindUnion
	byName map[string]int
	pack   int
	// bigEndian marks a scalar (or a struct) whose memory is big-endian
	// regardless of the host: see [BigEndian].
	bigEndian bool
	swapped   *Type // the other-endian twin of a scalar type, made on demand
	fn        *FuncSig
	bf        *bitInfo // the view type of a bitfield

	ptrOnce sync.Once
	ptr     *Type
	arrMu   sync.Mutex
	arrays  map[int]*Type
}

// FuncSig is the signature of a C function pointer type (see [FuncType]).
type FuncSig struct {
	Restype  *Type   // nil or [Void] for void
	Argtypes []*Type // the fixed arguments
	Variadic bool    // the function takes "..." after Argtypes
}

// Name returns the ctypes-style name of t: "c_int", "Complex",
// "c_double_Array_10", "LP_c_int".
func (t *Type) Name() string { return t.name }

// String returns t's name.
func (t *Type) String() string { return t.name }

// Kind returns t's kind.
func (t *Type) Kind() Kind { return t.kind }

// Size returns sizeof(t) in bytes.
func (t *Type) Size() uintptr { return t.size }

// Align returns _Alignof(t) in bytes.
func (t *Type) Align() uintptr { return t.align }

// Elem returns the element type of an array or pointer type, and nil for
// other kinds.
func (t *Type) Elem() *Type { return t.elem }

// Len returns the number of elements of an array type, and 0 for other
// kinds.
func (t *Type) Len() int { return t.length }

// Fields returns the fields of a struct or union type with their computed
// offsets, in declaration order. The slice must not be modified.
func (t *Type) Fields() []Field { return t.fields }

// Pack returns the maximum field alignment set with [Pack], or 0.
func (t *Type) Pack() int { return t.pack }

// IsBigEndian reports whether t's memory is big-endian (see [BigEndian]).
func (t *Type) IsBigEndian() bool { return t.bigEndian }

// Func returns the signature of a function pointer type, and nil for other
// kinds.
func (t *Type) Func() *FuncSig { return t.fn }

// FieldByName returns the field called name and whether it exists.
func (t *Type) FieldByName(name string) (Field, bool) {
	if i, ok := t.byName[name]; ok {
		return t.fields[i], true
	}
	return Field{}, false
}

// Sizeof returns the size in bytes of a *Type or of a *Value's type, like
// ctypes.sizeof; it returns 0 for anything else.
func Sizeof(x any) uintptr {
	switch x := x.(type) {
	case *Type:
		return x.size
	case *Value:
		if x.typ != nil {
			return x.typ.size
		}
	}
	return 0
}

// Alignment returns the alignment in bytes of a *Type or of a *Value's type,
// like ctypes.alignment; it returns 0 for anything else.
func Alignment(x any) uintptr {
	switch x := x.(type) {
	case *Type:
		return x.align
	case *Value:
		if x.typ != nil {
			return x.typ.align
		}
	}
	return 0
}

// scalar returns a fundamental type of the given size, aligned to its size
// except for 8-byte types where the platform aligns them less (align8).
func scalar(name string, k Kind, size uintptr) *Type {
	align := size
	if size == 8 {
		align = align8
	}
	return &Type{name: name, kind: k, size: size, align: align}
}

const ptrSize = unsafe.Sizeof(uintptr(0))

func intKind(size uintptr, signed bool) Kind {
	switch size {
	case 1:
		if signed {
			return KindInt8
		}
		return KindUint8
	case 2:
		if signed {
			return KindInt16
		}
		return KindUint16
	case 4:
		if signed {
			return KindInt32
		}
		return KindUint32
	}
	if signed {
		return KindInt64
	}
	return KindUint64
}

// The fundamental C types, named as in ctypes. Where ctypes makes one name
// an alias of another (c_int32 is c_int, c_long is c_int64 on LP64), the Go
// variables are distinct values with the same kind, size and alignment, so a
// value prints with the name it was made with.
var (
	Void      = &Type{name: "None", kind: KindVoid} // no value: a void restype
	Bool      = scalar("c_bool", KindBool, 1)
	Char      = scalar("c_char", KindChar, 1)
	WChar     = scalar("c_wchar", KindWChar, wcharSize)
	Byte      = scalar("c_byte", KindInt8, 1)
	UByte     = scalar("c_ubyte", KindUint8, 1)
	Short     = scalar("c_short", KindInt16, 2)
	UShort    = scalar("c_ushort", KindUint16, 2)
	Int       = scalar("c_int", KindInt32, 4)
	UInt      = scalar("c_uint", KindUint32, 4)
	Long      = scalar("c_long", intKind(longSize, true), longSize)
	ULong     = scalar("c_ulong", intKind(longSize, false), longSize)
	LongLong  = scalar("c_longlong", KindInt64, 8)
	ULongLong = scalar("c_ulonglong", KindUint64, 8)
	Int8      = scalar("c_int8", KindInt8, 1)
	Uint8     = scalar("c_uint8", KindUint8, 1)
	Int16     = scalar("c_int16", KindInt16, 2)
	Uint16    = scalar("c_uint16", KindUint16, 2)
	Int32     = scalar("c_int32", KindInt32, 4)
	Uint32    = scalar("c_uint32", KindUint32, 4)
	Int64     = scalar("c_int64", KindInt64, 8)
	Uint64    = scalar("c_uint64", KindUint64, 8)
	SizeT     = scalar("c_size_t", intKind(ptrSize, false), ptrSize)
	SSizeT    = scalar("c_ssize_t", intKind(ptrSize, true), ptrSize)
	Float     = scalar("c_float", KindFloat32, 4)
	Double    = scalar("c_double", KindFloat64, 8)
	CharP     = scalar("c_char_p", KindCharP, ptrSize)
	WCharP    = scalar("c_wchar_p", KindWCharP, ptrSize)
	VoidP     = scalar("c_void_p", KindVoidP, ptrSize)
)

// Fundamentals returns every fundamental type, in the order of the ctypes
// documentation's table.
func Fundamentals() []*Type {
	return []*Type{Bool, Char, WChar, Byte, UByte, Short, UShort, Int, UInt, Long, ULong,
		LongLong, ULongLong, Int8, Uint8, Int16, Uint16, Int32, Uint32, Int64, Uint64,
		SizeT, SSizeT, Float, Double, LongDouble, CharP, WCharP, VoidP}
}

// PointerTo returns the type "pointer to t", like ctypes.POINTER(t). The
// result is cached: PointerTo(t) == PointerTo(t).
func PointerTo(t *Type) *Type {
	t.ptrOnce.Do(func() {
		t.ptr = &Type{name: "LP_" + t.name, kind: KindPointer, size: ptrSize, align: ptrSize, elem: t}
	})
	return t.ptr
}

// FuncType returns a C function pointer type, like ctypes.CFUNCTYPE(restype,
// *argtypes). restype nil means void. Values of this type hold a C function
// address; the ffi package calls them and turns Go functions into them.
func FuncType(restype *Type, argtypes ...*Type) *Type {
	return funcType(restype, argtypes, false)
}

// VariadicFuncType is like [FuncType] for a C function taking "..." after
// argtypes.
func VariadicFuncType(restype *Type, argtypes ...*Type) *Type {
	return funcType(restype, argtypes, true)
}

func funcType(restype *Type, argtypes []*Type, variadic bool) *Type {
	if restype == nil {
		restype = Void
	}
	name := "CFunctionType(" + restype.name
	for _, a := range argtypes {
		name += ", " + a.name
	}
	if variadic {
		name += ", ..."
	}
	name += ")"
	return &Type{name: name, kind: KindFunc, size: ptrSize, align: ptrSize,
		fn: &FuncSig{Restype: restype, Argtypes: append([]*Type(nil), argtypes...), Variadic: variadic}}
}

// ArrayOf returns the type of an array of n elements of type elem, like
// ctypes' elem * n. Arrays of arrays are built by nesting:
// ArrayOf(ArrayOf(Char, 20), 20) is (c_char * 20) * 20. The result is
// cached per (elem, n).
func ArrayOf(elem *Type, n int) (*Type, error) {
	if elem == nil {
		return nil, fmt.Errorf("%w: ArrayOf: nil element type", ErrType)
	}
	if n < 0 {
		return nil, fmt.Errorf("%w: ArrayOf(%s, %d): negative length", ErrType, elem.name, n)
	}
	if elem.kind == KindVoid || elem.kind == KindInvalid {
		return nil, fmt.Errorf("%w: ArrayOf: element type %s has no size", ErrType, elem.name)
	}
	if elem.size != 0 && uintptr(n) > ^uintptr(0)/2/elem.size {
		return nil, fmt.Errorf("%w: ArrayOf(%s, %d): array too large", ErrType, elem.name, n)
	}
	elem.arrMu.Lock()
	defer elem.arrMu.Unlock()
	if a, ok := elem.arrays[n]; ok {
		return a, nil
	}
	a := &Type{name: fmt.Sprintf("%s_Array_%d", elem.name, n), kind: KindArray,
		size: elem.size * uintptr(n), align: elem.align, elem: elem, length: n, bigEndian: elem.bigEndian}
	if elem.arrays == nil {
		elem.arrays = map[int]*Type{}
	}
	elem.arrays[n] = a
	return a, nil
}

// MustArrayOf is like [ArrayOf] but panics on error. It is meant for
// package-level type declarations, like regexp.MustCompile.
func MustArrayOf(elem *Type, n int) *Type {
	t, err := ArrayOf(elem, n)
	if err != nil {
		panic(err)
	}
	return t
}

// bitInfo marks the view type of a bitfield: a scalar of the field's
// declared type that occupies bits [off, off+bits) of a storage unit.
type bitInfo struct {
	off, bits int
	signed    bool
	unit      uintptr // the storage unit's size in bytes (see unitSize)
	big       bool    // the struct is big-endian: bits are numbered from the unit's last byte
}
