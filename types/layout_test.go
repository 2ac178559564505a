package types_test

import (
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// layoutLib is testdata/layout.c: C's own sizeof, _Alignof, offsetof and
// bitfield positions for the types below, by name.
type layoutLib struct {
	sizeof, alignof, nfields, field, offsetof, bitfield *ffi.Func
}

func openLayout(t *testing.T) *layoutLib {
	t.Helper()
	lib, err := ffi.CDLL(cbuild.Test(t, "layout"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	get := func(name string, rt *types.Type, args ...*types.Type) *ffi.Func {
		f, err := lib.Func(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Restype, f.Argtypes = rt, args
		return f
	}
	return &layoutLib{
		sizeof:   get("lay_sizeof", types.SizeT, types.CharP),
		alignof:  get("lay_alignof", types.SizeT, types.CharP),
		nfields:  get("lay_nfields", types.Int, types.CharP),
		field:    get("lay_field", types.CharP, types.CharP, types.Int),
		offsetof: get("lay_offsetof", types.Long, types.CharP, types.CharP),
		bitfield: get("lay_bitfield", types.Int, types.CharP, types.CharP, types.PointerTo(types.Int), types.PointerTo(types.Int)),
	}
}

func (l *layoutLib) num(t *testing.T, f *ffi.Func, args ...any) int64 {
	t.Helper()
	n, err := ffi.CallAs[int64](f, args...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The Go descriptions of layout.c's types, written as a ctypes user writes
// _fields_; every number they are checked against comes from C.
func layoutTypes() map[string]*types.Type {
	pad := types.MustStructOf("Pad", []types.Field{
		types.F("a", types.Char), types.F("b", types.Int), types.F("c", types.Char),
		types.F("d", types.Double), types.F("e", types.Short)})
	num := types.MustUnionOf("Num", []types.Field{
		types.F("c", types.Char), types.F("i", types.Int), types.F("d", types.Double),
		types.F("ll", types.LongLong), types.F("bytes", types.MustArrayOf(types.Char, 12))})
	pointers := types.MustStructOf("Pointers", []types.Field{
		types.F("s", types.CharP), types.F("p", types.VoidP),
		types.F("fn", types.FuncType(types.Int, types.Int)), types.F("next", types.VoidP)})
	parts := types.MustStructOf("parts", []types.Field{types.F("lo", types.Short), types.F("hi", types.Short)})
	return map[string]*types.Type{
		"Pad": pad,
		"Nested": types.MustStructOf("Nested", []types.Field{
			types.F("tag", types.Char), types.F("inner", pad), types.F("f", types.Float)}),
		"WithArray": types.MustStructOf("WithArray", []types.Field{
			types.F("name", types.MustArrayOf(types.Char, 7)), types.F("v", types.MustArrayOf(types.Int, 3)),
			types.F("m", types.MustArrayOf(types.MustArrayOf(types.Double, 3), 2)), types.F("last", types.Char)}),
		"Num": num,
		"HasUnion": types.MustStructOf("HasUnion", []types.Field{
			types.F("kind", types.Short), types.F("u", num), types.F("after", types.Char)}),
		"Packed1": types.MustStructOf("Packed1", []types.Field{
			types.F("a", types.Char), types.F("b", types.Int), types.F("c", types.Short), types.F("d", types.Double)},
			types.Pack(1)),
		"Packed2": types.MustStructOf("Packed2", []types.Field{
			types.F("a", types.Char), types.F("b", types.Int), types.F("c", types.Char), types.F("d", types.LongLong)},
			types.Pack(2)),
		"Bits": types.MustStructOf("Bits", []types.Field{
			types.Bitfield("a", types.UInt, 3), types.Bitfield("b", types.UInt, 5), types.Bitfield("c", types.UInt, 10),
			types.Bitfield("d", types.Int, 4), types.Bitfield("e", types.UInt, 12)}),
		"BitsMixed": types.MustStructOf("BitsMixed", []types.Field{
			types.F("x", types.Char), types.Bitfield("s1", types.UShort, 4), types.Bitfield("s2", types.UShort, 9),
			types.Bitfield("i", types.Int, 7), types.Bitfield("big", types.LongLong, 40), types.F("y", types.Char)}),
		"BitsZero": types.MustStructOf("BitsZero", []types.Field{
			types.Bitfield("a", types.UInt, 3), types.Bitfield("", types.UInt, 0), types.Bitfield("b", types.UInt, 5),
			types.F("c", types.Char)}),
		"Pointers": pointers,
		"Complex":  types.MustStructOf("Complex", []types.Field{types.F("x", types.Double), types.F("y", types.Double)}),
		"Tail":     types.MustStructOf("Tail", []types.Field{types.F("a", types.LongLong), types.F("b", types.Char)}),
		"Empty2":   types.MustStructOf("Empty2", []types.Field{types.F("a", types.Char), types.F("b", types.Char)}),
		"Mixed": types.MustUnionOf("Mixed", []types.Field{
			types.F("f", types.Float), types.F("i", types.Int), types.F("parts", parts)}),
	}
}

func TestLayoutMatchesC(t *testing.T) {
	l := openLayout(t)
	for name, typ := range layoutTypes() {
		t.Run(name, func(t *testing.T) {
			if size := l.num(t, l.sizeof, name); size == 0 {
				t.Fatalf("layout.c does not know %s", name)
			} else if uintptr(size) != typ.Size() {
				t.Errorf("sizeof(%s): C %d, Go %d", name, size, typ.Size())
			}
			if align := l.num(t, l.alignof, name); uintptr(align) != typ.Align() {
				t.Errorf("_Alignof(%s): C %d, Go %d", name, align, typ.Align())
			}
			n := l.num(t, l.nfields, name)
			named := 0
			for _, f := range typ.Fields() {
				if f.Name != "" {
					named++
				}
			}
			if int(n) != named {
				t.Errorf("%s: C has %d named fields, Go %d", name, n, named)
			}
			for i := 0; i < int(n); i++ {
				fname, err := ffi.CallAs[string](l.field, name, i)
				if err != nil {
					t.Fatal(err)
				}
				f, ok := typ.FieldByName(fname)
				if !ok {
					t.Errorf("%s: C field %q missing in Go", name, fname)
					continue
				}
				var bitOff, bitSize int32
				isBits := l.num(t, l.bitfield, name, fname, &bitOff, &bitSize)
				if isBits == 1 {
					if f.Bits != int(bitSize) {
						t.Errorf("%s.%s: C width %d, Go %d", name, fname, bitSize, f.Bits)
					}
					if goOff := int(f.Offset)*8 + f.BitOffset; goOff != int(bitOff) {
						t.Errorf("%s.%s: C bit offset %d, Go %d (unit at byte %d, bit %d)", name, fname, bitOff, goOff, f.Offset, f.BitOffset)
					}
					continue
				}
				if f.Bits != 0 {
					t.Errorf("%s.%s: a bitfield in Go, not in C", name, fname)
				}
				if off := l.num(t, l.offsetof, name, fname); uintptr(off) != f.Offset {
					t.Errorf("offsetof(%s, %s): C %d, Go %d", name, fname, off, f.Offset)
				}
			}
		})
	}
}

func TestFundamentalSizesMatchC(t *testing.T) {
	l := openLayout(t)
	for cname, typ := range map[string]*types.Type{
		"bool": types.Bool, "char": types.Char, "wchar_t": types.WChar, "signed char": types.Byte,
		"unsigned char": types.UByte, "short": types.Short, "unsigned short": types.UShort, "int": types.Int,
		"unsigned int": types.UInt, "long": types.Long, "unsigned long": types.ULong, "long long": types.LongLong,
		"unsigned long long": types.ULongLong, "int8_t": types.Int8, "uint8_t": types.Uint8, "int16_t": types.Int16,
		"uint16_t": types.Uint16, "int32_t": types.Int32, "uint32_t": types.Uint32, "int64_t": types.Int64,
		"uint64_t": types.Uint64, "size_t": types.SizeT, "ssize_t": types.SSizeT, "float": types.Float,
		"double": types.Double, "char*": types.CharP, "wchar_t*": types.WCharP, "void*": types.VoidP,
	} {
		size, align := l.num(t, l.sizeof, cname), l.num(t, l.alignof, cname)
		if size == 0 {
			t.Errorf("layout.c does not know %q", cname)
			continue
		}
		if uintptr(size) != typ.Size() || uintptr(align) != typ.Align() {
			t.Errorf("%s: C size %d align %d; %s has %d, %d", cname, size, align, typ, typ.Size(), typ.Align())
		}
	}
}
