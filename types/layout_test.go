package types_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

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
	bitsMixed := []types.Field{
		types.F("x", types.Char), types.Bitfield("s1", types.UShort, 4), types.Bitfield("s2", types.UShort, 9),
		types.Bitfield("i", types.Int, 7), types.Bitfield("big", types.LongLong, 40), types.F("y", types.Char)}
	packedStraddle := []types.Field{types.Bitfield("a", types.UByte, 7), types.Bitfield("b", types.UByte, 4), types.F("c", types.UByte)}
	packedWide := []types.Field{types.Bitfield("a", types.UByte, 3), types.Bitfield("b", types.UShort, 15),
		types.Bitfield("c", types.UInt, 31), types.Bitfield("d", types.Byte, 6), types.Bitfield("e", types.LongLong, 63)}
	packed2Bits := []types.Field{types.F("q", types.Char), types.Bitfield("b", types.UShort, 4), types.Bitfield("c", types.UInt, 20),
		types.Bitfield("e", types.Byte, 5), types.Bitfield("g", types.LongLong, 33)}
	longBits := []types.Field{types.Bitfield("a", types.UInt, 30), types.Bitfield("x", types.LongLong, 40), types.Bitfield("y", types.UByte, 7)}
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
		"AlignMid": types.MustStructOf("AlignMid", []types.Field{
			types.F("a", types.Char), {Name: "b", Type: types.Int, Align: 16}, types.F("c", types.Char)}),
		"AlignFirst": types.MustStructOf("AlignFirst", []types.Field{
			{Name: "b", Type: types.MustArrayOf(types.UByte, 24), Align: 64}}),
		"AlignType": types.MustStructOf("AlignType", []types.Field{
			types.F("x", types.Int), types.F("y", types.Char)}, types.Aligned(32)),
		"Packed1": types.MustStructOf("Packed1", []types.Field{
			types.F("a", types.Char), types.F("b", types.Int), types.F("c", types.Short), types.F("d", types.Double)},
			types.Pack(1)),
		"Packed2": types.MustStructOf("Packed2", []types.Field{
			types.F("a", types.Char), types.F("b", types.Int), types.F("c", types.Char), types.F("d", types.LongLong)},
			types.Pack(2)),
		"Bits": types.MustStructOf("Bits", []types.Field{
			types.Bitfield("a", types.UInt, 3), types.Bitfield("b", types.UInt, 5), types.Bitfield("c", types.UInt, 10),
			types.Bitfield("d", types.Int, 4), types.Bitfield("e", types.UInt, 12)}),
		"BitsMixed": types.MustStructOf("BitsMixed", bitsMixed),
		"BitsZero": types.MustStructOf("BitsZero", []types.Field{
			types.Bitfield("a", types.UInt, 3), types.Bitfield("", types.UInt, 0), types.Bitfield("b", types.UInt, 5),
			types.F("c", types.Char)}),
		"Pointers": pointers,
		"Complex":  types.MustStructOf("Complex", []types.Field{types.F("x", types.Double), types.F("y", types.Double)}),
		"Tail":     types.MustStructOf("Tail", []types.Field{types.F("a", types.LongLong), types.F("b", types.Char)}),
		"Empty2":   types.MustStructOf("Empty2", []types.Field{types.F("a", types.Char), types.F("b", types.Char)}),
		"Mixed": types.MustUnionOf("Mixed", []types.Field{
			types.F("f", types.Float), types.F("i", types.Int), types.F("parts", parts)}),

		// Issue 10, failure 2: packed bitfields that straddle their unit.
		"PackedStraddle": types.MustStructOf("PackedStraddle", packedStraddle, types.Pack(1)),
		"PackedWide":     types.MustStructOf("PackedWide", packedWide, types.Pack(1)),
		"Packed2Bits":    types.MustStructOf("Packed2Bits", packed2Bits, types.Pack(2)),
		"LongBits":       types.MustStructOf("LongBits", longBits),
		"ZeroPacked": types.MustStructOf("ZeroPacked", []types.Field{
			types.F("c", types.Char), types.Bitfield("b", types.UShort, 3), types.Bitfield("", types.Int, 0),
			types.Bitfield("c2", types.Byte, 2)}, types.Pack(1)),
		"ZeroUnion": types.MustUnionOf("ZeroUnion", []types.Field{
			types.Bitfield("", types.Short, 0), types.F("c", types.Char), types.Bitfield("", types.Int, 5)}),
		"PackedStraddleBE": types.MustStructOf("PackedStraddleBE", packedStraddle, types.Pack(1), types.BigEndian()),
		"PackedWideBE":     types.MustStructOf("PackedWideBE", packedWide, types.Pack(1), types.BigEndian()),
		"Packed2BitsBE":    types.MustStructOf("Packed2BitsBE", packed2Bits, types.Pack(2), types.BigEndian()),
		"BitsMixedBE":      types.MustStructOf("BitsMixedBE", bitsMixed, types.BigEndian()),
		"LongBitsBE":       types.MustStructOf("LongBitsBE", longBits, types.BigEndian()),
	}
}

// TestLayoutMatchesC compares every type above with C's layout of the same
// declaration in testdata/layout.c: sizes, alignments, offsets, and the
// bytes C writes when it sets each bitfield (little- and big-endian).
func TestLayoutMatchesC(t *testing.T) {
	c, _ := parseLayouts(t, runCFile(t, "layout.c"))
	all := layoutTypes()
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			cl, ok := c[name]
			if !ok && strings.HasSuffix(name, "BE") && cBigEndian(t) != nil {
				testenv.Require(t, "GCC's scalar_storage_order (big-endian layouts in C)", cBigEndian(t))
			}
			if !ok {
				t.Fatalf("layout.c does not print %s", name)
			}
			checkLayout(t, name, all[name], cl)
		})
	}
}

func TestFundamentalSizesMatchC(t *testing.T) {
	c, _ := parseLayouts(t, runCFile(t, "layout.c"))
	for cname, typ := range map[string]*types.Type{
		"bool": types.Bool, "char": types.Char, "wchar_t": types.WChar, "signed char": types.Byte,
		"unsigned char": types.UByte, "short": types.Short, "unsigned short": types.UShort, "int": types.Int,
		"unsigned int": types.UInt, "long": types.Long, "unsigned long": types.ULong, "long long": types.LongLong,
		"unsigned long long": types.ULongLong, "int8_t": types.Int8, "uint8_t": types.Uint8, "int16_t": types.Int16,
		"uint16_t": types.Uint16, "int32_t": types.Int32, "uint32_t": types.Uint32, "int64_t": types.Int64,
		"uint64_t": types.Uint64, "size_t": types.SizeT, "ssize_t": types.SSizeT, "float": types.Float,
		"double": types.Double, "char*": types.CharP, "wchar_t*": types.WCharP, "void*": types.VoidP,
	} {
		cl, ok := c[cname]
		if !ok {
			t.Errorf("layout.c does not print %q", cname)
			continue
		}
		if cl.size != typ.Size() || cl.align != typ.Align() {
			t.Errorf("%s: C size %d align %d; %s has %d, %d", cname, cl.size, cl.align, typ, typ.Size(), typ.Align())
		}
	}
}
