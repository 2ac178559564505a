package types_test

import (
	"errors"
	"math"
	"testing"

	"github.com/purectypes/ctypes/types"
)

func TestGet(t *testing.T) {
	P := types.MustStructOf("P", []types.Field{types.F("x", types.Double), types.F("n", types.UInt),
		types.F("c", types.Char), types.F("s", types.MustArrayOf(types.Char, 8)), types.F("b", types.Bool),
		types.Bitfield("f", types.Int, 3), types.F("q", types.Short), types.F("fl", types.Float)})
	p := P.MustNew(2.5, uint32(math.MaxUint32), "z", "hi", true, -3, int16(-7), float32(0.5))
	if x := types.MustGet[float64](p.Field("x")); x != 2.5 {
		t.Errorf("x = %v", x)
	}
	if n := types.MustGet[uint32](p.Field("n")); n != math.MaxUint32 {
		t.Errorf("n = %v", n)
	}
	if n := types.MustGet[int64](p.Field("n")); n != math.MaxUint32 {
		t.Errorf("n as int64 = %v", n)
	}
	if c := types.MustGet[byte](p.Field("c")); c != 'z' {
		t.Errorf("c = %v", c)
	}
	if s := types.MustGet[string](p.Field("s")); s != "hi" {
		t.Errorf("s = %q", s)
	}
	if b := types.MustGet[bool](p.Field("b")); !b {
		t.Error("b = false")
	}
	if f := types.MustGet[int](p.Field("f")); f != -3 {
		t.Errorf("bitfield f = %d", f)
	}
	if q := types.MustGet[int16](p.Field("q")); q != -7 {
		t.Errorf("q = %d", q)
	}
	type meters float64
	if fl := types.MustGet[meters](p.Field("fl")); fl != 0.5 {
		t.Errorf("fl = %v", fl)
	}
	ld := types.LongDouble.MustNew(1.25)
	if x := types.MustGet[float64](ld); x != 1.25 {
		t.Errorf("long double = %v", x)
	}
	ptr, err := types.Pointer(p)
	if err != nil {
		t.Fatal(err)
	}
	if a := types.MustGet[uintptr](ptr); a != p.Addr() {
		t.Errorf("pointer = %#x, want %#x", a, p.Addr())
	}
	// Types that do not hold every value of the C type, whatever the value.
	for _, c := range []struct {
		name string
		get  func() error
		want error
	}{
		{"float32 of a double", func() error { _, err := types.Get[float32](p.Field("x")); return err }, types.ErrConvert},
		{"int32 of an unsigned int", func() error { _, err := types.Get[int32](p.Field("n")); return err }, types.ErrConvert},
		{"uint16 of an unsigned int", func() error { _, err := types.Get[uint16](p.Field("n")); return err }, types.ErrConvert},
		{"uint64 of a short", func() error { _, err := types.Get[uint64](p.Field("q")); return err }, types.ErrConvert},
		{"string of a double", func() error { _, err := types.Get[string](p.Field("x")); return err }, types.ErrConvert},
		{"float64 of a struct", func() error { _, err := types.Get[float64](p); return err }, types.ErrConvert},
		{"a missing field", func() error { _, err := types.Get[float64](p.Field("nope")); return err }, types.ErrNoField},
		{"a NULL char*", func() error { _, err := types.Get[string](types.New(types.CharP)); return err }, types.ErrNull},
	} {
		if err := c.get(); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustGet[float32] of a double did not panic")
		} else if err, ok := r.(error); !ok || !errors.Is(err, types.ErrConvert) {
			t.Errorf("MustGet panicked with %v", r)
		}
	}()
	types.MustGet[float32](p.Field("x"))
}
