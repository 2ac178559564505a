package types_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// The fuzz targets of package types. scripts/fuzz.sh runs each for a few
// seconds; their seed corpora are in testdata/fuzz/<target>. A plain `go
// test` runs every seed as a regression test.

// FuzzStructLayout builds random structs and unions (the generator of
// gen_test.go, driven by the fuzz input) in memory filled with the input's
// bytes, and checks that every in-range Set reads back, that it leaves
// every other field of a struct alone, and that an out-of-range Set is an
// ErrRange error that changes nothing.
func FuzzStructLayout(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x00\x00\x00\x03\x00\x00\x00\x01\x00\x05\x00\x00\x00\x07\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Add(bytes.Repeat([]byte{0xa5, 0x3c, 0x00, 0x01}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &byteChooser{b: data}
		all, err := genStructs(c, 1+c.IntN(3), "F", true)
		if err != nil {
			t.Fatal(err) // the generator declares only valid C types
		}
		for _, s := range all {
			checkSets(t, s, c)
		}
	})
}

// checkListSet sets the first fields of s from a []any whose last value
// is out of range: the Set must be an ErrRange error and change nothing,
// though the values before it fit.
func checkListSet(t *testing.T, s *genStruct, v *types.Value, c *byteChooser) {
	var list []any
	for _, f := range s.typ.Fields() {
		if f.Bits == 0 && !f.Type.Kind().IsScalar() {
			return
		}
		x, over := randomIn(f, c)
		if over == nil || f.Name == "" {
			list = append(list, x)
			continue
		}
		list = append(list, over)
		mem := bytes.Clone(v.Bytes())
		if err := v.Set(list); !errors.Is(err, types.ErrRange) {
			t.Fatalf("%s.Set(%v) = %v, want ErrRange\n%s", s.name, list, err, s.cSource())
		}
		if !bytes.Equal(mem, v.Bytes()) {
			t.Fatalf("%s.Set(%v) failed but changed the memory\n%s", s.name, list, s.cSource())
		}
		return
	}
}

func checkSets(t *testing.T, s *genStruct, c *byteChooser) {
	v := types.New(s.typ)
	mem := v.Bytes()
	for i := range mem {
		mem[i] = byte(c.IntN(256))
	}
	if v.String() == "" { // any memory has a repr
		t.Fatalf("%s has an empty repr", s.name)
	}
	checkListSet(t, s, v, c)
	for _, gf := range s.fields {
		if gf.name == "" || gf.scalarT == nil {
			continue
		}
		fv := v.Field(gf.name)
		f, _ := s.typ.FieldByName(gf.name)
		x, over := randomIn(f, c)
		var before map[string]string
		if !s.union {
			before = snapshot(t, v, s, gf.name)
		}
		if err := fv.Set(x); err != nil {
			t.Fatalf("%s.%s.Set(%T %v): %v\n%s", s.name, gf.name, x, x, err, s.cSource())
		}
		got, err := fv.Get()
		if err != nil {
			t.Fatal(err)
		}
		if !sameValue(got, x) {
			t.Fatalf("%s.%s.Set(%T %v) reads back %T %v\n%s", s.name, gf.name, x, x, got, got, s.cSource())
		}
		if !s.union {
			after := snapshot(t, v, s, gf.name)
			for name, b := range before {
				if after[name] != b {
					t.Fatalf("%s.%s.Set(%v) changed field %s: %s -> %s\n%s", s.name, gf.name, x, name, b, after[name], s.cSource())
				}
			}
		}
		if over != nil {
			mem := bytes.Clone(v.Bytes())
			if err := fv.Set(over); !errors.Is(err, types.ErrRange) {
				t.Fatalf("%s.%s.Set(%T %v) = %v, want ErrRange\n%s", s.name, gf.name, over, over, err, s.cSource())
			}
			if !bytes.Equal(mem, v.Bytes()) {
				t.Fatalf("%s.%s: the refused Set(%v) changed the memory", s.name, gf.name, over)
			}
		}
	}
}

// randomIn returns a random value in the range of field f, and one just
// outside it (nil when the type has no outside: bool, 64-bit, float).
func randomIn(f types.Field, c *byteChooser) (x, over any) {
	t := f.Type
	w := int(t.Size() * 8)
	if f.Bits > 0 {
		w = f.Bits
	}
	u := c.Uint64()
	if w < 64 {
		u &= 1<<w - 1
	}
	switch k := t.Kind(); {
	case k == types.KindBool:
		return u&1 == 1, nil
	case k == types.KindFloat32:
		return float64(math.Float32frombits(uint32(u))), math.MaxFloat64
	case k == types.KindFloat64:
		return math.Float64frombits(u), nil
	case k == types.KindVoidP:
		return uintptr(u), nil
	case k == types.KindChar:
		return byte(u), uint64(1) << w
	case k.IsSigned():
		s := int64(u<<(64-w)) >> (64 - w)
		if w == 64 {
			return s, nil
		}
		if s < 0 {
			return s, -(int64(1) << (w - 1)) - 1
		}
		return s, int64(1) << (w - 1)
	default:
		if w == 64 {
			return u, -1
		}
		return u, uint64(1) << w
	}
}

// sameValue reports whether Get's result got is the value x that was set.
func sameValue(got, x any) bool {
	switch x := x.(type) {
	case float64:
		g, ok := got.(float64)
		return ok && (g == x && math.Signbit(g) == math.Signbit(x) || math.IsNaN(g) && math.IsNaN(x))
	case int64:
		switch g := got.(type) {
		case int64:
			return g == x
		case rune:
			return int64(g) == x
		}
		return false
	case uint64:
		// An unsigned wchar_t (AAPCS) reads back as a rune, or as a uint32
		// beyond any rune.
		switch g := got.(type) {
		case rune:
			return g >= 0 && uint64(g) == x
		case uint32:
			return uint64(g) == x
		}
	}
	return got == x
}

// snapshot returns every named field of v but skip, as text.
func snapshot(t *testing.T, v *types.Value, s *genStruct, skip string) map[string]string {
	m := map[string]string{}
	for _, f := range s.typ.Fields() {
		if f.Name == "" || f.Name == skip {
			continue
		}
		fv := v.Field(f.Name)
		if f.Bits > 0 || f.Type.Kind().IsScalar() && !f.Type.Kind().IsFloat() {
			x, err := fv.Get()
			if err != nil {
				t.Fatal(err)
			}
			m[f.Name] = fmt.Sprintf("%T %v", x, x)
			continue
		}
		m[f.Name] = string(fv.Bytes())
	}
	return m
}

// FuzzLayoutVsC generates a few struct declarations from the fuzz input,
// compiles them as C and compares the layouts (as TestRandomLayoutsMatchC
// does for a seeded generator). Each input compiles a C program.
func FuzzLayoutVsC(f *testing.F) {
	f.Add([]byte{0, 3, 0, 0, 0, 1, 0, 5, 0, 6, 0, 1, 0, 0, 0, 7, 0, 3, 0, 0, 0, 4})
	f.Add(bytes.Repeat([]byte{7, 1, 3}, 30))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &byteChooser{b: data}
		all, err := genStructs(c, 1+c.IntN(4), "V", cBigEndian(t) == nil)
		if err != nil {
			t.Fatal(err)
		}
		cl, _ := parseLayouts(t, runC(t, cProgram(all)))
		for _, s := range all {
			l, ok := cl[s.name]
			if !ok {
				t.Fatalf("the C program does not print %s", s.name)
			}
			checkLayout(t, s.name, s.typ, l)
			if t.Failed() {
				t.Fatalf("C declaration:\n%s", s.cSource())
			}
		}
	})
}

var convTypes = []*types.Type{types.Bool, types.Char, types.WChar, types.Byte, types.UByte, types.Short,
	types.UShort, types.Int, types.UInt, types.Long, types.ULong, types.LongLong, types.ULongLong,
	types.SizeT, types.SSizeT, types.Float, types.Double}

// FuzzConvert stores Go values of every numeric kind, and strings, into
// every numeric C type, and checks the result against an independent
// model: a value in range reads back unchanged, one out of range is an
// ErrRange error, a value of the wrong kind an ErrConvert error, and a
// refused value leaves the memory as it was. Nothing is ever truncated.
func FuzzConvert(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint64(0), 0.0, "")
	f.Add(uint8(7), uint8(3), uint64(1<<31), 1.5, "a")
	f.Add(uint8(11), uint8(9), uint64(math.MaxUint64), math.Inf(1), "é")
	f.Add(uint8(15), uint8(10), uint64(0), 1e39, "\ufffd")
	f.Add(uint8(2), uint8(11), uint64(0), 0.0, "\xff")
	f.Add(uint8(1), uint8(12), uint64(0), 0.0, "ab")
	f.Add(uint8(2), uint8(12), uint64(0), 0.0, "\ufffd")
	f.Add(uint8(2), uint8(12), uint64(0), 0.0, "\xff")
	f.Add(uint8(2), uint8(9), uint64(1<<31), 0.0, "")
	f.Add(uint8(16), uint8(9), uint64(math.MaxUint64), 0.0, "")
	f.Fuzz(func(t *testing.T, ti, gi uint8, u uint64, fl float64, s string) {
		ct := convTypes[int(ti)%len(convTypes)]
		x, n := goValue(gi, u, fl, s)
		want := model(ct, x, n)
		v := types.New(ct)
		mem := v.Bytes()
		for i := range mem {
			mem[i] = 0xa5
		}
		err := v.Set(x)
		if want.err != nil {
			if !errors.Is(err, want.err) {
				t.Fatalf("%s.Set(%T %v) = %v, want %v", ct, x, x, err, want.err)
			}
			var ce *types.ConvError
			if !errors.As(err, &ce) || err.Error() == "" {
				t.Fatalf("%s.Set(%T %v): %v is not a *ConvError", ct, x, x, err)
			}
			for _, b := range v.Bytes() {
				if b != 0xa5 {
					t.Fatalf("%s.Set(%T %v) failed but changed the memory: %x", ct, x, x, v.Bytes())
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("%s.Set(%T %v): %v", ct, x, x, err)
		}
		got, err := v.Get()
		if err != nil {
			t.Fatal(err)
		}
		if !sameValue(got, want.v) {
			t.Fatalf("%s.Set(%T %v) reads back %T %v, want %T %v", ct, x, x, got, got, want.v, want.v)
		}
		// The accessors agree with Get.
		switch g := got.(type) {
		case int64:
			if i, err := v.Int(); err != nil || i != g {
				t.Fatalf("Int() = %v, %v; Get %v", i, err, g)
			}
		case uint64:
			if i, err := v.Uint(); err != nil || i != g {
				t.Fatalf("Uint() = %v, %v; Get %v", i, err, g)
			}
		case float64:
			if fv, err := v.Float(); err != nil || !sameValue(fv, g) {
				t.Fatalf("Float() = %v, %v; Get %v", fv, err, g)
			}
		}
	})
}

// goValue makes a Go value of kind gi from the fuzz input; n is its
// numeric value when it is an integer (or bool).
func goValue(gi uint8, u uint64, fl float64, s string) (any, *big.Int) {
	i := int64(u)
	switch gi % 14 {
	case 0:
		return int(i), big.NewInt(int64(int(i)))
	case 1:
		return int8(i), big.NewInt(int64(int8(i)))
	case 2:
		return int16(i), big.NewInt(int64(int16(i)))
	case 3:
		return int32(i), big.NewInt(int64(int32(i)))
	case 4:
		return i, big.NewInt(i)
	case 5:
		return uint(u), new(big.Int).SetUint64(uint64(uint(u)))
	case 6:
		return uint8(u), big.NewInt(int64(uint8(u)))
	case 7:
		return uint16(u), big.NewInt(int64(uint16(u)))
	case 8:
		return uint32(u), big.NewInt(int64(uint32(u)))
	case 9:
		return u, new(big.Int).SetUint64(u)
	case 10:
		return fl, nil
	case 11:
		return float32(fl), nil
	case 12:
		return s, nil
	default:
		b := u&1 == 1
		return b, big.NewInt(int64(u & 1))
	}
}

type outcome struct {
	v   any   // what Get returns after a successful Set
	err error // the sentinel a refused Set wraps
}

// model says what storing x (numeric value n) into ct must do.
func model(ct *types.Type, x any, n *big.Int) outcome {
	k := ct.Kind()
	_, isBool := x.(bool)
	switch x := x.(type) {
	case string:
		switch k {
		case types.KindChar:
			if len(x) == 1 {
				return outcome{v: x[0]}
			}
		case types.KindWChar:
			if utf8.ValidString(x) && utf8.RuneCountInString(x) == 1 {
				r, _ := utf8.DecodeRuneInString(x)
				return outcome{v: int64(r)}
			}
		}
		return outcome{err: types.ErrConvert}
	case float64, float32:
		var f float64
		if f32, ok := x.(float32); ok {
			f = float64(f32)
		} else {
			f = x.(float64)
		}
		switch k {
		case types.KindFloat64:
			return outcome{v: f}
		case types.KindFloat32:
			if !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
				return outcome{err: types.ErrRange}
			}
			return outcome{v: float64(float32(f))}
		}
		return outcome{err: types.ErrConvert}
	}
	// An integer or a bool.
	switch {
	case k == types.KindBool:
		return outcome{v: n.Sign() != 0}
	case k.IsFloat():
		if isBool {
			return outcome{err: types.ErrConvert}
		}
		var f float64
		if n.IsInt64() {
			f = float64(n.Int64())
		} else {
			f = float64(n.Uint64())
		}
		if k == types.KindFloat32 {
			f = float64(float32(f))
		}
		return outcome{v: f}
	}
	bits := int(ct.Size() * 8)
	lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(bits))
	signed := k.IsSigned()
	if signed {
		hi.Rsh(hi, 1)
		lo.Neg(hi)
	}
	if k == types.KindChar {
		hi = big.NewInt(256)
	}
	if n.Cmp(lo) < 0 || n.Cmp(hi) >= 0 {
		return outcome{err: types.ErrRange}
	}
	switch {
	case k == types.KindChar:
		return outcome{v: byte(n.Uint64())}
	case signed:
		return outcome{v: n.Int64()}
	}
	return outcome{v: n.Uint64()}
}

// FuzzBuffers calls FromBuffer, FromBufferCopy, StringAt, WStringAt,
// Slice, Memmove, Memset and CreateStringBuffer with arbitrary offsets and
// sizes: each either works as documented or returns a clear error; none
// panics or reads outside the buffer it was given.
func FuzzBuffers(f *testing.F) {
	f.Add([]byte("hello\x00world"), uint8(0), 0, 5)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3), 1, -1)
	f.Add([]byte{}, uint8(5), -1, math.MaxInt/2)
	f.Add(make([]byte, 64), uint8(7), 60, math.MaxInt)
	f.Fuzz(func(t *testing.T, data []byte, ti uint8, offset, size int) {
		bufTypes := []*types.Type{types.Char, types.Short, types.Int, types.Double, types.MustArrayOf(types.Int, 3),
			types.MustStructOf("S", []types.Field{types.F("c", types.Char), types.F("d", types.Double)}),
			types.MustArrayOf(types.Char, 0), types.MustArrayOf(types.Double, 2)}
		ct := bufTypes[int(ti)%len(bufTypes)]
		buf := bytes.Clone(data)
		fits := offset >= 0 && offset <= len(buf) && uint64(len(buf)-offset) >= uint64(ct.Size())
		v, err := types.FromBuffer(ct, buf, offset)
		aligned := fits && (ct.Size() == 0 || (uintptr(unsafe.Pointer(unsafe.SliceData(buf)))+uintptr(offset))%ct.Align() == 0)
		switch {
		case fits && aligned:
			if err != nil {
				t.Fatalf("FromBuffer(%s, %d bytes, %d): %v", ct, len(buf), offset, err)
			}
			if ct.Size() > 0 && &v.Bytes()[0] != &buf[offset] {
				t.Fatalf("FromBuffer does not share the buffer")
			}
			checkSlice(t, v)
		case err == nil:
			t.Fatalf("FromBuffer(%s, %d bytes, %d) accepted", ct, len(buf), offset)
		case !errors.Is(err, types.ErrRange):
			t.Fatalf("FromBuffer: %v, want ErrRange", err)
		}
		vc, err := types.FromBufferCopy(ct, buf, offset)
		switch {
		case fits:
			if err != nil {
				t.Fatalf("FromBufferCopy(%s, %d bytes, %d): %v", ct, len(buf), offset, err)
			}
			if !bytes.Equal(vc.Bytes(), buf[offset:offset+int(ct.Size())]) {
				t.Fatalf("FromBufferCopy copied %x", vc.Bytes())
			}
		case !errors.Is(err, types.ErrRange):
			t.Fatalf("FromBufferCopy(%s, %d bytes, %d) = %v, want ErrRange", ct, len(buf), offset, err)
		}

		// StringAt and WStringAt within the buffer, and with sizes no
		// address space holds.
		z := append(bytes.Clone(data), 0, 0, 0, 0)
		addr := uintptr(unsafe.Pointer(&z[0]))
		if size >= 0 && size <= len(data) {
			s, err := types.StringAt(addr, size)
			if err != nil || s != string(data[:size]) {
				t.Fatalf("StringAt(%d) = %q, %v", size, s, err)
			}
		}
		if s, err := types.StringAt(addr, -1); err != nil || s != string(z[:bytes.IndexByte(z, 0)]) {
			t.Fatalf("StringAt(-1) = %q, %v", s, err)
		}
		// An address whose size-byte run wraps the address space.
		hi := ^uintptr(0) - uintptr(ti)
		wraps := size > int(ti)+1 // the last byte of the run is past ^uintptr(0)
		for _, ct := range bufTypes {
			err := types.FromAddress(ct, hi).Err()
			if fitsEnd := ct.Size() <= uintptr(ti)+1; fitsEnd != (err == nil) || err != nil && !errors.Is(err, types.ErrRange) {
				t.Fatalf("FromAddress(%s, %#x) = %v", ct, hi, err)
			}
		}
		if wraps {
			if _, err := types.StringAt(hi, size); !errors.Is(err, types.ErrRange) {
				t.Fatalf("StringAt(%#x, %d) = %v, want ErrRange", hi, size, err)
			}
		}
		if _, err := types.StringAt(0, size); !errors.Is(err, types.ErrNull) {
			t.Fatalf("StringAt(0) = %v, want ErrNull", err)
		}
		if n := len(data) / 4; size >= 0 && size <= n {
			if _, err := types.WStringAt(addr, size); err != nil {
				t.Fatalf("WStringAt(%d): %v", size, err)
			}
		}

		// Memmove and Memset with a []byte side are bounded by it.
		dst := make([]byte, len(data))
		err = types.Memmove(dst, data, size)
		switch {
		case size >= 0 && size <= len(data):
			if err != nil || !bytes.Equal(dst[:size], data[:size]) {
				t.Fatalf("Memmove(%d): %v", size, err)
			}
		case !errors.Is(err, types.ErrRange):
			t.Fatalf("Memmove(%d bytes, n=%d) = %v, want ErrRange", len(data), size, err)
		}
		err = types.Memset(dst, 7, size)
		if (size >= 0 && size <= len(dst)) != (err == nil) || err != nil && !errors.Is(err, types.ErrRange) {
			t.Fatalf("Memset(%d bytes, n=%d) = %v", len(dst), size, err)
		}
		if wraps {
			if err := types.Memset(hi, 0, size); !errors.Is(err, types.ErrRange) {
				t.Fatalf("Memset(%#x, %d) = %v, want ErrRange", hi, size, err)
			}
			if err := types.Memmove(hi, addr, size); !errors.Is(err, types.ErrRange) {
				t.Fatalf("Memmove(%#x, %d) = %v, want ErrRange", hi, size, err)
			}
			if err := types.Memmove(addr, hi, size); !errors.Is(err, types.ErrRange) {
				t.Fatalf("Memmove(_, %#x, %d) = %v, want ErrRange", hi, size, err)
			}
		}

		// CreateStringBuffer: size is the length, at least len(init).
		if size < 1<<16 {
			b, err := types.CreateStringBuffer(string(data), size)
			switch {
			case size >= len(data):
				if err != nil || b.Len() != size || !bytes.Equal(b.Bytes()[:len(data)], data) {
					t.Fatalf("CreateStringBuffer(%d bytes, %d): %v", len(data), size, err)
				}
			case !errors.Is(err, types.ErrRange):
				t.Fatalf("CreateStringBuffer(%d bytes, %d) = %v, want ErrRange", len(data), size, err)
			}
		}
	})
}

// checkSlice checks Slice on a Value from FromBuffer: the right element
// type shares the memory, another is an ErrConvert error.
func checkSlice(t *testing.T, v *types.Value) {
	t.Helper()
	ct := v.Type()
	if ct.Kind() != types.KindArray {
		if _, err := types.Slice[byte](v); !errors.Is(err, types.ErrConvert) {
			t.Fatalf("Slice of %s = %v, want ErrConvert", ct, err)
		}
		return
	}
	switch ct.Elem() {
	case types.Int:
		s, err := types.Slice[int32](v)
		if err != nil || len(s) != ct.Len() {
			t.Fatalf("Slice[int32] of %s: %v", ct, err)
		}
		if _, err := types.Slice[float32](v); !errors.Is(err, types.ErrConvert) {
			t.Fatalf("Slice[float32] of %s = %v, want ErrConvert", ct, err)
		}
	case types.Double:
		s, err := types.Slice[float64](v)
		if err != nil || len(s) != ct.Len() {
			t.Fatalf("Slice[float64] of %s: %v", ct, err)
		}
		if _, err := types.Slice[int16](v); !errors.Is(err, types.ErrConvert) {
			t.Fatalf("Slice[int16] of %s = %v, want ErrConvert", ct, err)
		}
	case types.Char:
		s, err := types.Slice[byte](v)
		if err != nil || len(s) != ct.Len() {
			t.Fatalf("Slice[byte] of %s: %v", ct, err)
		}
	}
}

// FuzzStructOf hands StructOf and UnionOf arbitrary field definitions
// (missing or sizeless types, widths out of range, duplicate and empty
// names, huge arrays, every pack value, both byte orders): each call either
// returns an ErrType error or a type whose fields all lie inside it, and
// whose bitfields can be set to zero and read back.
func FuzzStructOf(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{8, 9, 9, 9, 9, 9, 9, 200, 1, 2, 255, 255, 0, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &byteChooser{b: data}
		huge := types.MustArrayOf(types.Char, int(^uint(0)>>3))
		inner := types.MustStructOf("In", []types.Field{types.F("x", types.Short), types.Bitfield("y", types.UInt, 5)})
		pool := []*types.Type{nil, types.Void, huge, inner, types.MustArrayOf(types.Double, 3), types.FuncType(types.Int),
			types.PointerTo(types.Int), types.MustArrayOf(inner, 2)}
		pool = append(pool, types.Fundamentals()...)
		names := []string{"", "a", "b", "c", "a"}
		var defs []types.Field
		for n := c.IntN(9); n > 0; n-- {
			defs = append(defs, types.Field{Name: names[c.IntN(len(names))], Type: pool[c.IntN(len(pool))],
				Bits: c.IntN(72) - 3 + 3*c.IntN(2)})
		}
		var opts []types.Option
		if p := []int{0, 1, 2, 3, 4, 8, 16, 32}[c.IntN(8)]; p != 0 {
			opts = append(opts, types.Pack(p))
		}
		switch c.IntN(3) {
		case 1:
			opts = append(opts, types.BigEndian())
		case 2:
			opts = append(opts, types.LittleEndian())
		}
		for _, union := range []bool{false, true} {
			var typ *types.Type
			var err error
			if union {
				typ, err = types.UnionOf("U", defs, opts...)
			} else {
				typ, err = types.StructOf("S", defs, opts...)
			}
			if err != nil {
				if !errors.Is(err, types.ErrType) {
					t.Fatalf("%v does not wrap ErrType", err)
				}
				continue
			}
			for _, fl := range typ.Fields() {
				if fl.Bits == 0 {
					if fl.Offset+fl.Type.Size() > typ.Size() || fl.Offset > typ.Size() {
						t.Fatalf("%s: field %q at %d (%d bytes) outside %d bytes", typ, fl.Name, fl.Offset, fl.Type.Size(), typ.Size())
					}
					continue
				}
				if fl.BitOffset < 0 || fl.Bits > int(fl.Type.Size()*8) {
					t.Fatalf("%s: bitfield %q: BitOffset %d, %d bits", typ, fl.Name, fl.BitOffset, fl.Bits)
				}
			}
			if typ.Size() > 1<<16 {
				continue
			}
			v := types.New(typ)
			for i, fl := range typ.Fields() {
				if fl.Bits == 0 || fl.Name == "" {
					continue
				}
				fv := v.FieldAt(i)
				if err := fv.Set(1); err != nil && !errors.Is(err, types.ErrRange) {
					t.Fatalf("%s.%s.Set(1): %v", typ, fl.Name, err)
				}
				if err := fv.Set(0); err != nil {
					t.Fatalf("%s.%s.Set(0): %v", typ, fl.Name, err)
				}
				if x, err := fv.Int(); err != nil || x != 0 {
					t.Fatalf("%s.%s reads %v, %v after Set(0)", typ, fl.Name, x, err)
				}
			}
		}
	})
}
