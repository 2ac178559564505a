package cdecl

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/types"
)

// TestLongDouble: long double in declarations is c_longdouble, with the
// front end's layout; functions taking pointers to it bind and run;
// passing one by value is refused when the function is bound, naming the
// parameter, where long double is not double.
func TestLongDouble(t *testing.T) {
	d := MustParse(`
		struct LD1 { char c; long double x; int i; };
		struct LD3 { short s; struct LD1 in; long double y; };
		void ld_mul(const long double *a, const long double *b, long double *out);
		void ld_struct(struct LD1 *s, int c, int i);
		long double ld_half(long double x);
		void ld_byval(int n, struct LD1 s);
	`)
	ld1 := types.MustStructOf("LD1", []types.Field{types.F("c", types.Char), types.F("x", types.LongDouble), types.F("i", types.Int)})
	ld3 := types.MustStructOf("LD3", []types.Field{types.F("s", types.Short), types.F("in", ld1), types.F("y", types.LongDouble)})
	for _, c := range []struct {
		name string
		want *types.Type
	}{{"struct LD1", ld1}, {"struct LD3", ld3}} {
		got, err := d.Type(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if got.Size() != c.want.Size() || got.Align() != c.want.Align() {
			t.Errorf("%s: size %d align %d, want %d %d", c.name, got.Size(), got.Align(), c.want.Size(), c.want.Align())
		}
		for i, f := range got.Fields() {
			if w := c.want.Fields()[i]; f.Offset != w.Offset || f.Type.Size() != w.Type.Size() {
				t.Errorf("%s.%s: offset %d size %d, want %d %d", c.name, f.Name, f.Offset, f.Type.Size(), w.Offset, w.Type.Size())
			}
		}
	}
	lib := openLib(t, "longdouble")
	mul, err := d.Func(lib, "ld_mul")
	if err != nil {
		t.Fatal(err)
	}
	third := new(big.Float).SetPrec(types.LongDoublePrec).Quo(big.NewFloat(1), big.NewFloat(3))
	a, b, out := types.LongDouble.MustNew(third), types.LongDouble.MustNew(3), types.New(types.LongDouble)
	if _, err := mul.Call(a, b, out); err != nil {
		t.Fatal(err)
	}
	// (1/3 rounded) × 3, rounded to the long double (the cdecl tests do not
	// run on Windows, whose x87 rounds C's arithmetic to 53 bits).
	got, err := out.BigFloat()
	if err != nil {
		t.Fatal(err)
	}
	exact := new(big.Float).SetPrec(300).Mul(third, big.NewFloat(3))
	want := new(big.Float).SetPrec(types.LongDoublePrec).Set(exact)
	if got.Cmp(want) != 0 {
		t.Errorf("ld_mul(1/3, 3) = %s, want %s", got.Text('e', 40), want.Text('e', 40))
	}
	dld1, _ := d.Type("struct LD1")
	s := types.New(dld1)
	fill, err := d.Func(lib, "ld_struct")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fill.Call(s, 'z', 14); err != nil {
		t.Fatal(err)
	}
	if x, _ := s.Field("x").Float(); x != 2 {
		t.Errorf("ld_struct: x = %v, want 14/7", x)
	}
	if types.LongDouble.Kind() != types.KindLongDouble {
		return // long double is double here: it passes by value as one
	}
	for name, param := range map[string]string{"ld_half": "ld_half result", "ld_byval": "ld_byval parameter #2"} {
		_, err := d.Func(lib, name)
		var ue *UnsupportedError
		if !errors.As(err, &ue) || ue.Name != param || !strings.Contains(err.Error(), "long double") {
			t.Errorf("%s: %v; want an *UnsupportedError naming %q", name, err, param)
		}
	}
	if _, err := Func(lib, "long double ld_half(long double x)"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Func(ld_half): %v", err)
	}
}
