package types

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPyFloat(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{5, "5.0"}, {-1.0206823934513925e-11, "-1.0206823934513925e-11"}, {32, "32.0"},
		{0.1, "0.1"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {1.5e-5, "1.5e-05"},
		{0.0001, "0.0001"}, {math.Inf(1), "inf"}, {math.NaN(), "nan"}, {math.Copysign(0, -1), "-0.0"},
		{123456789012345678, "1.2345678901234568e+17"},
	} {
		if got := PyFloat(tc.f); got != tc.want {
			t.Errorf("PyFloat(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestRepr(t *testing.T) {
	c := MustStructOf("Complex", []Field{F("x", Double), F("y", Double)})
	arr := MustArrayOf(Int, 3)
	for _, tc := range []struct {
		v    *Value
		want string
	}{
		{c.MustNew(5, 7), "Complex(x=5.0, y=7.0)"},
		{Double.MustNew(3.5), "c_double(3.5)"},
		{Int.MustNew(-1), "c_int(-1)"},
		{Char.MustNew("a"), "c_char(b'a')"},
		{Bool.MustNew(true), "c_bool(True)"},
		{CharP.MustNew("it's"), `c_char_p(b"it's")`},
		{New(CharP), "c_char_p(None)"},
		{arr.MustNew(1, 2, 3), "c_int_Array_3([1, 2, 3])"},
		{MustArrayOf(Char, 4).MustNew("hi"), "c_char_Array_4(b'hi')"},
	} {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	if s := New(PointerTo(Int)).String(); s != "LP_c_int(None)" {
		t.Errorf("NULL pointer repr %q", s)
	}
}

func TestConversionErrors(t *testing.T) {
	for _, tc := range []struct {
		t    *Type
		x    any
		want error
	}{
		{Int8, 128, ErrRange}, {Int8, -129, ErrRange}, {Uint8, -1, ErrRange}, {Uint8, 256, ErrRange},
		{Int, int64(math.MaxInt32) + 1, ErrRange}, {UInt, uint64(math.MaxUint32) + 1, ErrRange},
		{Uint64, -1, ErrRange}, {Int64, uint64(math.MaxUint64), ErrRange},
		{Int, 1.5, ErrConvert}, {Int, "1", ErrConvert}, {Double, "x", ErrConvert}, {Float, 1e300, ErrRange},
		{Char, "ab", ErrConvert}, {Char, 300, ErrRange}, {WChar, "ab", ErrConvert},
		{CharP, 1.5, ErrConvert}, {CharP, []byte("no nul"), ErrConvert},
		{PointerTo(Double), []int32{1}, ErrConvert}, {PointerTo(Int), uintptr(1), ErrConvert},
	} {
		v := New(tc.t)
		err := v.Set(tc.x)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s.Set(%T %v) = %v, want %v", tc.t, tc.x, tc.x, err, tc.want)
		}
		var ce *ConvError
		if err != nil && !errors.As(err, &ce) {
			t.Errorf("%v is not a *ConvError", err)
		}
	}
	for _, tc := range []struct {
		t *Type
		x any
	}{
		{Int8, -128}, {Int8, 127}, {Uint8, 255}, {Uint64, uint64(math.MaxUint64)}, {Int64, int64(math.MinInt64)},
		{Double, 1}, {Float, float32(1.5)}, {Char, byte('z')}, {WChar, "é"}, {WChar, "\ufffd"}, {Bool, 2},
	} {
		if err := New(tc.t).Set(tc.x); err != nil {
			t.Errorf("%s.Set(%v): %v", tc.t, tc.x, err)
		}
	}
}

func TestFieldsAndIndex(t *testing.T) {
	inner := MustStructOf("Inner", []Field{F("a", Short), F("b", MustArrayOf(Double, 2))})
	outer := MustStructOf("Outer", []Field{F("tag", Char), F("in", inner), F("p", CharP)})
	v := New(outer)
	if err := v.Field("in").Field("b").Index(1).Set(2.5); err != nil {
		t.Fatal(err)
	}
	f, err := v.Field("in").Field("b").Index(1).Float()
	if err != nil || f != 2.5 {
		t.Errorf("nested read = %v, %v", f, err)
	}
	if _, err := v.Field("nope").Float(); !errors.Is(err, ErrNoField) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown field: %v", err)
	}
	if err := v.Field("in").Field("b").Index(2).Set(1); !errors.Is(err, ErrRange) {
		t.Errorf("index out of range: %v", err)
	}
	if err := v.Field("p").Set("hello"); err != nil {
		t.Fatal(err)
	}
	s, err := v.Field("p").Str()
	if err != nil || s != "hello" {
		t.Errorf("char* field = %q, %v", s, err)
	}
	if _, err := New(PointerTo(Int)).Elem().Int(); !errors.Is(err, ErrNull) {
		t.Errorf("NULL deref: %v", err)
	}
}

func TestBitfieldRange(t *testing.T) {
	bits := MustStructOf("B", []Field{Bitfield("u", UInt, 3), Bitfield("s", Int, 4)})
	v := New(bits)
	if err := v.Field("u").Set(8); !errors.Is(err, ErrRange) {
		t.Errorf("8 in 3 unsigned bits: %v", err)
	}
	if err := v.Field("s").Set(-9); !errors.Is(err, ErrRange) {
		t.Errorf("-9 in 4 signed bits: %v", err)
	}
	if err := v.Field("u").Set(7); err != nil {
		t.Fatal(err)
	}
	if err := v.Field("s").Set(-8); err != nil {
		t.Fatal(err)
	}
	u, _ := v.Field("u").Int()
	s, _ := v.Field("s").Int()
	if u != 7 || s != -8 {
		t.Errorf("u=%d s=%d", u, s)
	}
	if _, err := StructOf("Bad", []Field{Bitfield("f", Double, 3)}); !errors.Is(err, ErrType) {
		t.Errorf("double bitfield: %v", err)
	}
	if _, err := StructOf("Bad", []Field{Bitfield("f", Char, 9)}); !errors.Is(err, ErrType) {
		t.Errorf("9-bit char bitfield: %v", err)
	}
}

func TestBuffersAndMemory(t *testing.T) {
	b, err := CreateStringBuffer("hello")
	if err != nil || b.Type().Len() != 6 {
		t.Fatalf("CreateStringBuffer: %v %v", b, err)
	}
	if _, err := CreateStringBuffer("hello", 3); !errors.Is(err, ErrRange) {
		t.Errorf("too small buffer: %v", err)
	}
	b2, _ := CreateStringBuffer(10)
	if err := Memmove(b2, b, 6); err != nil {
		t.Fatal(err)
	}
	if s, _ := b2.Str(); s != "hello" {
		t.Errorf("after Memmove: %q", s)
	}
	if err := Memmove(b, b2, 10); !errors.Is(err, ErrRange) {
		t.Errorf("Memmove beyond dst: %v", err)
	}
	if err := Memset(b2, 'x', 3); err != nil {
		t.Fatal(err)
	}
	if s, _ := b2.Str(); s != "xxxlo" {
		t.Errorf("after Memset: %q", s)
	}
	s, err := StringAt(b2.Addr(), 2)
	if err != nil || s != "xx" {
		t.Errorf("StringAt = %q, %v", s, err)
	}
	if _, err := StringAt(0, -1); !errors.Is(err, ErrNull) {
		t.Errorf("StringAt(0): %v", err)
	}
	u, _ := CreateUnicodeBuffer("h\u00e9llo \u4e16")
	if s, _ := u.Str(); s != "h\u00e9llo \u4e16" {
		t.Errorf("unicode buffer: %q", s)
	}
	w, _ := WStringAt(u.Addr(), -1)
	if w != "h\u00e9llo \u4e16" {
		t.Errorf("WStringAt: %q", w)
	}
}

func TestPointersAndCast(t *testing.T) {
	x := Int.MustNew(42)
	p, err := Pointer(x)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := p.Elem().Int(); n != 42 {
		t.Errorf("p.contents = %d", n)
	}
	if err := p.Elem().Set(7); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Int(); n != 7 {
		t.Errorf("write through pointer: %d", n)
	}
	arr := MustArrayOf(Int, 4).MustNew(1, 2, 3, 4)
	q, err := Cast(arr, PointerTo(Int))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := q.Index(3).Int(); n != 4 {
		t.Errorf("cast array to pointer, [3] = %d", n)
	}
	if a, _ := Addressof(arr); a != arr.Addr() || a == 0 {
		t.Error("Addressof")
	}
	if _, err := Cast(arr, Int); !errors.Is(err, ErrType) {
		t.Errorf("cast to non-pointer: %v", err)
	}
	if r := Byref(arr, 8); r.Addr() != arr.Addr()+8 {
		t.Error("Byref offset")
	}
}

func TestFromBuffer(t *testing.T) {
	c := MustStructOf("P", []Field{F("a", Int32), F("b", Int32)})
	buf := make([]byte, 16)
	v, err := FromBuffer(c, buf, 8)
	if err != nil {
		t.Fatal(err)
	}
	v.Field("b").Set(0x01020304)
	if buf[12] != 4 || buf[15] != 1 {
		t.Errorf("FromBuffer does not share memory: %v", buf)
	}
	if _, err := FromBuffer(c, buf, 12); !errors.Is(err, ErrRange) {
		t.Errorf("short buffer: %v", err)
	}
	if _, err := FromBuffer(c, buf, 1); !errors.Is(err, ErrRange) {
		t.Errorf("misaligned buffer: %v", err)
	}
	cp, err := FromBufferCopy(c, buf, 8)
	if err != nil {
		t.Fatal(err)
	}
	cp.Field("a").Set(9)
	if buf[8] == 9 {
		t.Error("FromBufferCopy shares memory")
	}
}

func TestBigEndian(t *testing.T) {
	hdr := MustStructOf("Hdr", []Field{F("magic", Uint32), F("len", Uint16), Bitfield("hi", UByte, 4), Bitfield("lo", UByte, 4)}, BigEndian())
	raw := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0x01, 0x02, 0x5A, 0}
	v, err := FromBufferCopy(hdr, raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := v.Field("magic").Uint()
	l, _ := v.Field("len").Uint()
	hi, _ := v.Field("hi").Uint()
	lo, _ := v.Field("lo").Uint()
	if m != 0xCAFEBABE || l != 0x0102 || hi != 5 || lo != 0xA {
		t.Errorf("big-endian read: magic=%#x len=%#x hi=%x lo=%x", m, l, hi, lo)
	}
	v.Field("len").Set(0x0304)
	if b := v.Bytes(); b[4] != 3 || b[5] != 4 {
		t.Errorf("big-endian write: % x", b)
	}
	if _, err := StructOf("Bad", []Field{F("in", MustStructOf("LE", []Field{F("a", Int)}))}, BigEndian()); !errors.Is(err, ErrType) {
		t.Errorf("little-endian struct inside a big-endian one: %v", err)
	}
}

func TestSlice(t *testing.T) {
	arr := MustArrayOf(Double, 4).MustNew([]float64{1, 2, 3, 4})
	s, err := Slice[float64](arr)
	if err != nil || len(s) != 4 || s[2] != 3 {
		t.Fatalf("Slice = %v, %v", s, err)
	}
	s[0] = 10
	if f, _ := arr.Index(0).Float(); f != 10 {
		t.Error("Slice does not share memory")
	}
	if _, err := Slice[int32](arr); !errors.Is(err, ErrConvert) {
		t.Errorf("int32 view of doubles: %v", err)
	}
	if _, err := Slice[float64](Double.MustNew(1)); !errors.Is(err, ErrConvert) {
		t.Errorf("Slice of a scalar: %v", err)
	}
	m := MustArrayOf(MustArrayOf(Int, 3), 2).MustNew([]any{[]int{1, 2, 3}, []int{4, 5, 6}})
	rows, err := Slice[[3]int32](m)
	if err != nil || rows[1][2] != 6 {
		t.Errorf("rows = %v, %v", rows, err)
	}
}
