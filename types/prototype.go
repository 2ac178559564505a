package types

import "fmt"

// PrototypeDiff compares two function pointer types ([FuncType]): it
// returns "" when a C function of prototype got may be called through a
// pointer of type want, and otherwise says what differs ("the result is
// c_double, not c_int", "argument 2 is c_uint, not c_int", "2 arguments,
// not 3", "variadic, not fixed"). The comparison is C's, as the
// declarations' types say it, not the calling convention's: integers
// compare by size and signedness (c_int is c_int32, c_long is c_int64 on
// LP64, wchar_t is its integer type, c_char any 1-byte integer), floats by
// kind, pointers by what they point to (void* and char* match any data
// pointer, typed pointers their element type, function pointers their
// prototype), structs, unions and arrays by layout (member offsets,
// bitfields and types; a Go struct's C type matches the struct declared
// with [StructOf]), not by name. An argument that is not a function
// pointer type is reported too.
func PrototypeDiff(want, got *Type) string {
	if want == nil || want.fn == nil {
		return fmt.Sprintf("%v is not a function pointer type", want)
	}
	if got == nil || got.fn == nil {
		return fmt.Sprintf("%v is not a function pointer type", got)
	}
	return sigDiff(want.fn, got.fn, 0)
}

// sigDiff is PrototypeDiff of two signatures; depth bounds the recursion
// through function pointer parameters (a type cannot point to itself, but
// a long chain of them is cut short).
func sigDiff(w, g *FuncSig, depth int) string {
	if w.Variadic != g.Variadic {
		if g.Variadic {
			return "variadic, not fixed"
		}
		return "fixed, not variadic"
	}
	if len(w.Argtypes) != len(g.Argtypes) {
		return fmt.Sprintf("%d arguments, not %d", len(g.Argtypes), len(w.Argtypes))
	}
	if !sameCType(resultOf(w.Restype), resultOf(g.Restype), depth) {
		return fmt.Sprintf("the result is %s, not %s", resultOf(g.Restype), resultOf(w.Restype))
	}
	for i := range w.Argtypes {
		if !sameCType(w.Argtypes[i], g.Argtypes[i], depth) {
			return fmt.Sprintf("argument %d is %s, not %s", i+1, g.Argtypes[i], w.Argtypes[i])
		}
	}
	return ""
}

func resultOf(t *Type) *Type {
	if t == nil {
		return Void
	}
	return t
}

// sameCType reports whether a and b are the same C type in the sense of
// PrototypeDiff.
func sameCType(a, b *Type, depth int) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || depth > 32 {
		return false
	}
	ka, kb := a.kind, b.kind
	switch {
	case ka.IsPointer() || kb.IsPointer():
		if !ka.IsPointer() || !kb.IsPointer() {
			return false
		}
		return samePointee(a, b, depth)
	case intLike(ka) || intLike(kb):
		if !intLike(ka) || !intLike(kb) || a.size != b.size || a.bigEndian != b.bigEndian {
			return false
		}
		return ka == KindChar || kb == KindChar || ka.IsSigned() == kb.IsSigned()
	case ka != kb:
		return false
	case ka == KindArray:
		return a.length == b.length && sameCType(a.elem, b.elem, depth)
	case ka == KindStruct || ka == KindUnion:
		if a.size != b.size || a.align != b.align || len(a.fields) != len(b.fields) {
			return false
		}
		for i, fa := range a.fields {
			fb := b.fields[i]
			if fa.Offset != fb.Offset || fa.Bits != fb.Bits || fa.BitOffset != fb.BitOffset || !sameCType(fa.Type, fb.Type, depth) {
				return false
			}
		}
		return true
	}
	// Floats, bool, void, long double: the kind and the byte order.
	return a.size == b.size && a.bigEndian == b.bigEndian
}

// intLike reports the kinds compared as integers: the integer kinds, char
// and wchar_t.
func intLike(k Kind) bool { return k.IsInteger() || k == KindChar || k == KindWChar }

// samePointee compares two pointer types by what they point to.
func samePointee(a, b *Type, depth int) bool {
	ka, kb := a.kind, b.kind
	if ka == KindFunc || kb == KindFunc {
		if ka == KindVoidP || kb == KindVoidP {
			return true // a function pointer kept as void*, as C code does
		}
		return ka == kb && sigDiff(a.fn, b.fn, depth+1) == ""
	}
	if ka == KindVoidP || kb == KindVoidP {
		return true
	}
	return sameCType(pointee(a), pointee(b), depth+1)
}

// pointee is what a data pointer type points to: Char for char*, WChar for
// wchar_t*, the element of a typed pointer.
func pointee(t *Type) *Type {
	switch t.kind {
	case KindCharP:
		return Char
	case KindWCharP:
		return WChar
	}
	return t.elem
}

// FuncPointer is implemented by Go objects that are C function pointers,
// such as the ffi package's callbacks: they can be passed and stored where
// a function pointer type ([FuncType]) or void* is expected. The object
// must be kept alive while C may call it. One that also has a method
// Type() *Type giving its function pointer type is stored only where that
// prototype is expected (see [PrototypeDiff]), or as void*.
type FuncPointer interface {
	FuncAddr() uintptr
}
