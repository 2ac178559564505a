package ffi

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// ldLib binds testdata/longdouble.c's functions, every long double passed
// through a pointer.
type ldLib struct {
	layout, values, nan, format, parse, toDouble, fromDouble, mul, add, same, fill, scale *Func
	// prec is the significand bits C's long double arithmetic keeps here
	// (ld_arith_prec): LongDoublePrec, but for Windows' x87 precision
	// control, 53 bits.
	prec int
}

func loadLD(t *testing.T) *ldLib {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "longdouble"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	p := types.PointerTo(types.LongDouble)
	pd := types.PointerTo(types.Double)
	l := &ldLib{
		layout:     newFuncT(t, lib, "ld_layout", types.Int, types.PointerTo(types.SizeT)),
		values:     newFuncT(t, lib, "ld_values", types.Int, p, types.Int),
		nan:        newFuncT(t, lib, "ld_nan", types.Void, p, types.Int),
		format:     newFuncT(t, lib, "ld_format", types.Void, p, types.VoidP, types.SizeT),
		parse:      newFuncT(t, lib, "ld_parse", types.Void, types.CharP, p),
		toDouble:   newFuncT(t, lib, "ld_to_double", types.Void, p, pd),
		fromDouble: newFuncT(t, lib, "ld_from_double", types.Void, pd, p),
		mul:        newFuncT(t, lib, "ld_mul", types.Void, p, p, p),
		add:        newFuncT(t, lib, "ld_add", types.Void, p, p, p),
		same:       newFuncT(t, lib, "ld_same", types.Int, p, p),
		fill:       newFuncT(t, lib, "ld_struct", types.Void, types.VoidP, types.Int, types.Int),
		scale:      newFuncT(t, lib, "ld_scale", types.Void, types.VoidP, types.Int),
	}
	prec, err := CallAs[int](newFuncT(t, lib, "ld_arith_prec", types.Int), nil...)
	if err != nil {
		t.Fatal(err)
	}
	if l.prec = prec; prec != types.LongDoublePrec {
		t.Logf("C's long double arithmetic keeps %d bits here (the long double has %d)", prec, types.LongDoublePrec)
	}
	return l
}

// arith rounds the exact z as C's long double arithmetic does here: to
// l.prec significand bits when the FPU keeps fewer than the format has (the
// x87 under Windows' precision control, 53 bits: a denormal result then
// keeps 53 bits less the denormal shift, as the x87 rounds it), the rest
// to the format's precision, which Set does.
func (l *ldLib) arith(z *big.Float) *big.Float {
	if l.prec >= types.LongDoublePrec || z.Sign() == 0 || z.IsInf() {
		return z
	}
	const emin = -16382
	if e := z.MantExp(nil) - 1; e >= emin {
		return new(big.Float).SetPrec(uint(l.prec)).Set(z)
	}
	// A multiple of 2^k, k the weight of the last bit kept at emin, ties to
	// even.
	k := emin - (l.prec - 1)
	s := new(big.Float).SetPrec(z.Prec()+64).SetMantExp(z, -k)
	s.Abs(s)
	n, _ := s.Int(nil)
	frac := new(big.Float).SetPrec(s.Prec()).Sub(s, new(big.Float).SetInt(n))
	if c := frac.Cmp(big.NewFloat(0.5)); c > 0 || c == 0 && n.Bit(0) == 1 {
		n.Add(n, big.NewInt(1))
	}
	r := new(big.Float).SetInt(n)
	r.SetMantExp(r, k)
	if z.Signbit() {
		r.Neg(r)
	}
	return r
}

// isSame asks C whether a and b hold the same long double.
func (l *ldLib) isSame(t *testing.T, a, b *types.Value) bool {
	t.Helper()
	r, err := CallAs[int](l.same, a, b)
	if err != nil {
		t.Fatal(err)
	}
	return r == 1
}

// cText is C's printf("%.40Le") of v.
func (l *ldLib) cText(t *testing.T, v *types.Value) string {
	t.Helper()
	buf := make([]byte, 128)
	if _, err := l.format.Call(v, buf, len(buf)); err != nil {
		t.Fatal(err)
	}
	return string(buf[:strings.IndexByte(string(buf), 0)])
}

// goText is what C's %.40Le prints for x, computed in Go.
func goText(x *big.Float) string {
	if x.IsInf() {
		if x.Signbit() {
			return "-inf"
		}
		return "inf"
	}
	return x.Text('e', 40)
}

func newLD(t *testing.T, x any) *types.Value {
	t.Helper()
	v, err := types.LongDouble.New(x)
	if err != nil {
		t.Fatalf("c_longdouble(%v): %v", x, err)
	}
	return v
}

// TestLongDoubleLayout compares c_longdouble's size, alignment and
// precision, and structs holding it, with C's.
func TestLongDoubleLayout(t *testing.T) {
	l := loadLD(t)
	out := types.New(types.MustArrayOf(types.SizeT, 32))
	n, err := CallAs[int](l.layout, out)
	if err != nil {
		t.Fatal(err)
	}
	var c []uint64
	for i := 0; i < n; i++ {
		x, err := out.Index(i).Uint()
		if err != nil {
			t.Fatal(err)
		}
		c = append(c, x)
	}
	ld := types.LongDouble
	ld1 := types.MustStructOf("LD1", []types.Field{types.F("c", types.Char), types.F("x", ld), types.F("i", types.Int)})
	ld2 := types.MustStructOf("LD2", []types.Field{types.F("a", types.MustArrayOf(ld, 2)), types.F("c", types.Char)})
	ldu := types.MustUnionOf("LDU", []types.Field{types.F("x", ld), types.F("b", types.MustArrayOf(types.Char, 3)), types.F("d", types.Double)})
	ld3 := types.MustStructOf("LD3", []types.Field{types.F("s", types.Short), types.F("in", ld1), types.F("y", ld)})
	off := func(s *types.Type, name string) uint64 {
		f, _ := s.FieldByName(name)
		return uint64(f.Offset)
	}
	got := []uint64{uint64(ld.Size()), uint64(ld.Align()), types.LongDoublePrec,
		uint64(ld1.Size()), uint64(ld1.Align()), off(ld1, "x"), off(ld1, "i"),
		uint64(ld2.Size()), uint64(ld2.Align()), off(ld2, "c"),
		uint64(ldu.Size()), uint64(ldu.Align()),
		uint64(ld3.Size()), uint64(ld3.Align()), off(ld3, "in"), off(ld3, "y")}
	names := []string{"sizeof(long double)", "_Alignof(long double)", "LDBL_MANT_DIG",
		"sizeof(LD1)", "_Alignof(LD1)", "offsetof(LD1, x)", "offsetof(LD1, i)",
		"sizeof(LD2)", "_Alignof(LD2)", "offsetof(LD2, c)", "sizeof(LDU)", "_Alignof(LDU)",
		"sizeof(LD3)", "_Alignof(LD3)", "offsetof(LD3, in)", "offsetof(LD3, y)"}
	if len(c) != len(got) {
		t.Fatalf("C wrote %d facts, the test knows %d", len(c), len(got))
	}
	for i := range got {
		if got[i] != c[i] {
			t.Errorf("%s: types says %d, C says %d", names[i], got[i], c[i])
		}
	}
	t.Logf("long double here: %s, %d bytes, align %d, %d bits", types.LongDoubleFormat, ld.Size(), ld.Align(), types.LongDoublePrec)
}

// TestLongDoubleCValues reads long doubles C computed (extremes, denormals,
// infinities, -0, values that round), each compared with what C prints
// for it and with C's conversion to double, written back from their exact
// *big.Float and from their decimal text (C's strtold against Go's
// rounding).
func TestLongDoubleCValues(t *testing.T) {
	l := loadLD(t)
	arr := types.New(types.MustArrayOf(types.LongDouble, 64))
	n, err := CallAs[int](l.values, arr, 64)
	if err != nil || n < 20 {
		t.Fatalf("ld_values: %d, %v", n, err)
	}
	for i := 0; i < n; i++ {
		v := arr.Index(i)
		ctext := l.cText(t, v)
		x, err := v.BigFloat()
		if err != nil {
			t.Errorf("[%d] %s: BigFloat: %v", i, ctext, err)
			continue
		}
		if g := goText(x); g != ctext {
			t.Errorf("[%d]: Go reads %s, C prints %s", i, g, ctext)
		}
		var cd float64
		if _, err := l.toDouble.Call(v, &cd); err != nil {
			t.Fatal(err)
		}
		if f, err := v.Float(); err != nil || math.Float64bits(f) != math.Float64bits(cd) {
			t.Errorf("[%d] %s: Float() = %v (%v), C's (double) = %v", i, ctext, f, err, cd)
		}
		if g, _ := v.Get(); g != any(cd) && !(math.IsNaN(cd)) {
			t.Errorf("[%d] %s: Get() = %v, C's (double) = %v", i, ctext, g, cd)
		}
		if w := newLD(t, x); !l.isSame(t, v, w) {
			t.Errorf("[%d] %s: set from its *big.Float, C reads %s", i, ctext, l.cText(t, w))
		}
		if w := newLD(t, *x); !l.isSame(t, v, w) {
			t.Errorf("[%d] %s: set from its big.Float, C reads %s", i, ctext, l.cText(t, w))
		}
		// The decimal text, 41 digits: strtold in C, big.ParseFloat and Set
		// (rounding to the long double's precision) in Go.
		if x.IsInf() {
			continue
		}
		cp := types.New(types.LongDouble)
		if _, err := l.parse.Call(ctext, cp); err != nil {
			t.Fatal(err)
		}
		px, _, err := big.ParseFloat(ctext, 10, 4000, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		if w := newLD(t, px); !l.isSame(t, cp, w) {
			t.Errorf("[%d] %q: strtold gives %s, Go's rounding %s", i, ctext, l.cText(t, cp), l.cText(t, w))
		}
	}
	// Repr and Get go through float64.
	if s := newLD(t, 2.5).String(); s != "c_longdouble(2.5)" {
		t.Errorf("repr: %s", s)
	}
}

// TestLongDoubleNaN: C's NaNs read as NaN of their sign; a Go NaN is a NaN
// for C; *big.Float has none.
func TestLongDoubleNaN(t *testing.T) {
	l := loadLD(t)
	for _, neg := range []int{0, 1} {
		v := types.New(types.LongDouble)
		if _, err := l.nan.Call(v, neg); err != nil {
			t.Fatal(err)
		}
		f, err := v.Float()
		if err != nil || !math.IsNaN(f) || math.Signbit(f) != (neg == 1) {
			t.Errorf("C's NaN (neg %d) reads as %v, %v", neg, f, err)
		}
		if _, err := v.BigFloat(); !errors.Is(err, types.ErrConvert) {
			t.Errorf("BigFloat of a NaN: %v, want ErrConvert", err)
		}
		w := newLD(t, math.Copysign(math.NaN(), float64(-neg)))
		if !l.isSame(t, v, w) {
			t.Errorf("Go's NaN (neg %d): C prints %s", neg, l.cText(t, w))
		}
	}
}

// ldDoubles are float64 values for the conversions: the specials, the
// extremes, and random bit patterns.
func ldDoubles(r *rand.Rand, n int) []float64 {
	ds := []float64{0, math.Copysign(0, -1), 1, -1, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, 0x1p-1022, math.Inf(1), math.Inf(-1), 0.1, 1 << 63, -(1 << 62) - 1}
	for len(ds) < n {
		d := math.Float64frombits(r.Uint64())
		if !math.IsNaN(d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// TestLongDoubleFromFloat64 sets doubles into long doubles as C's cast
// does (exactly) and reads them back.
func TestLongDoubleFromFloat64(t *testing.T) {
	l := loadLD(t)
	r := rand.New(rand.NewPCG(1, 2))
	for _, d := range ldDoubles(r, 300) {
		cv := types.New(types.LongDouble)
		if _, err := l.fromDouble.Call(&d, cv); err != nil {
			t.Fatal(err)
		}
		v := newLD(t, d)
		if !l.isSame(t, cv, v) {
			t.Errorf("%v: C's (long double) is %s, Go's %s", d, l.cText(t, cv), l.cText(t, v))
		}
		if f, _ := cv.Float(); math.Float64bits(f) != math.Float64bits(d) {
			t.Errorf("%v: read back as %v", d, f)
		}
	}
	// Integers beyond 2^53 go in exactly (up to LongDoublePrec bits).
	for _, i := range []any{int64(math.MaxInt64), int64(math.MinInt64), uint64(math.MaxUint64), int64(1<<53 + 1)} {
		v := newLD(t, i)
		cp := types.New(types.LongDouble)
		var text string
		switch i := i.(type) {
		case int64:
			text = big.NewInt(i).String()
		case uint64:
			text = new(big.Int).SetUint64(i).String()
		}
		if _, err := l.parse.Call(text, cp); err != nil {
			t.Fatal(err)
		}
		if !l.isSame(t, cp, v) {
			t.Errorf("%v: Go stores %s, strtold(%q) %s", i, l.cText(t, v), text, l.cText(t, cp))
		}
	}
}

// randomLD returns a random long double: random significand bits, an
// exponent anywhere in the range (denormals and near-overflow included).
func randomLD(t *testing.T, r *rand.Rand) *types.Value {
	m := new(big.Float).SetPrec(types.LongDoublePrec).SetUint64(r.Uint64() | 1<<63)
	if types.LongDoublePrec > 64 {
		lo := new(big.Float).SetUint64(r.Uint64())
		lo.SetMantExp(lo, -64)
		m.Add(m, lo)
	}
	var e int
	switch r.IntN(4) {
	case 0:
		e = r.IntN(200) - 100
	case 1:
		e = -16400 - r.IntN(120) // denormals (and zero) in both formats
	case 2:
		e = 16300 + r.IntN(20) // near overflow
	default:
		e = r.IntN(32000) - 16000
	}
	m.SetMantExp(m, e-64)
	if r.IntN(2) == 0 {
		m.Neg(m)
	}
	if longDoubleIsDouble() {
		d, _ := m.Float64()
		if math.IsInf(d, 0) {
			d = math.MaxFloat64
		}
		m.SetFloat64(d)
	}
	v, err := types.LongDouble.New(m)
	if errors.Is(err, types.ErrRange) {
		return types.LongDouble.MustNew(1.5)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func longDoubleIsDouble() bool { return types.LongDouble.Kind() == types.KindFloat64 }

// TestLongDoubleArithmetic has C multiply and add random long doubles and
// compares each result with the exact one rounded by Go: rounding to
// nearest even, denormal results and overflow to infinity, as C's long
// double arithmetic does them.
func TestLongDoubleArithmetic(t *testing.T) {
	l := loadLD(t)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 400; i++ {
		a, b := randomLD(t, r), randomLD(t, r)
		switch i % 4 {
		case 1:
			// A product among the denormals: b scaled so that a·b is about
			// 2^(emin-k), k up to the precision and a little more.
			ax, _ := a.BigFloat()
			bx, _ := b.BigFloat()
			emin := -16381
			if longDoubleIsDouble() {
				emin = -1021
			}
			bx.SetMantExp(bx, emin-r.IntN(types.LongDoublePrec+4)-ax.MantExp(nil)-bx.MantExp(nil))
			if err := b.Set(bx); err != nil {
				b = randomLD(t, r)
			}
		case 2:
			// Close exponents: sums that cancel and round.
			bx, _ := b.BigFloat()
			ax, _ := a.BigFloat()
			bx.SetMantExp(bx, ax.MantExp(nil)-bx.MantExp(nil)+r.IntN(5)-2)
			if err := b.Set(bx); err != nil {
				b = randomLD(t, r)
			}
		}
		ax, _ := a.BigFloat()
		bx, _ := b.BigFloat()
		for _, op := range []struct {
			name string
			f    *Func
			z    *big.Float
		}{
			{"*", l.mul, new(big.Float).SetPrec(300).Mul(ax, bx)},
			{"+", l.add, new(big.Float).SetPrec(33000).Add(ax, bx)},
		} {
			c := types.New(types.LongDouble)
			if _, err := op.f.Call(a, b, c); err != nil {
				t.Fatal(err)
			}
			if op.z.Sign() == 0 && op.name == "+" {
				// x + -x is +0 in round-to-nearest, whatever big.Float says.
				op.z.SetFloat64(0)
				if ax.Signbit() && bx.Signbit() {
					op.z.Neg(op.z)
				}
			}
			g, err := types.LongDouble.New(l.arith(op.z))
			if errors.Is(err, types.ErrRange) {
				cx, _ := c.BigFloat()
				if cx == nil || !cx.IsInf() || cx.Signbit() != op.z.Signbit() {
					t.Errorf("%s %s %s: Go says beyond range, C gives %s", l.cText(t, a), op.name, l.cText(t, b), l.cText(t, c))
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if !l.isSame(t, c, g) {
				t.Errorf("%s %s %s: C gives %s, Go rounds to %s", l.cText(t, a), op.name, l.cText(t, b), l.cText(t, c), l.cText(t, g))
			}
		}
	}
}

// TestLongDoubleStructs passes structs with long double fields to C by
// pointer and reads C's values back.
func TestLongDoubleStructs(t *testing.T) {
	l := loadLD(t)
	ld1 := types.MustStructOf("LD1", []types.Field{types.F("c", types.Char), types.F("x", types.LongDouble), types.F("i", types.Int)})
	ld3 := types.MustStructOf("LD3", []types.Field{types.F("s", types.Short), types.F("in", ld1), types.F("y", types.LongDouble)})
	s := types.New(ld1)
	if _, err := l.fill.Call(s, 'q', 22); err != nil {
		t.Fatal(err)
	}
	want := l.arith(new(big.Float).SetPrec(500).Quo(big.NewFloat(22), big.NewFloat(7)))
	if c, _ := s.Field("c").Get(); c != byte('q') || !l.isSame(t, s.Field("x"), newLD(t, want)) {
		t.Errorf("ld_struct: %v; x should be 22/7 = %s", s, want.Text('e', 40))
	}
	if i, _ := s.Field("i").Int(); i != 22 {
		t.Errorf("ld_struct: i = %d", i)
	}
	s3 := types.New(ld3)
	third := new(big.Float).SetPrec(types.LongDoublePrec).Quo(big.NewFloat(1), big.NewFloat(3))
	if err := s3.Set([]any{int16(5), []any{"a", third, 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.scale.Call(s3, 3); err != nil {
		t.Fatal(err)
	}
	x3 := l.arith(new(big.Float).SetPrec(500).Mul(third, big.NewFloat(3)))
	x3 = new(big.Float).SetPrec(types.LongDoublePrec).Set(x3)
	y := l.arith(new(big.Float).SetPrec(500).Add(x3, big.NewFloat(5)))
	if !l.isSame(t, s3.Field("in").Field("x"), newLD(t, x3)) || !l.isSame(t, s3.Field("y"), newLD(t, y)) {
		t.Errorf("ld_scale: %v, want in.x = %s, y = %s", s3, x3.Text('e', 40), y.Text('e', 40))
	}
}

// TestLongDoubleByValueRefused: where long double is not double, a long
// double argument or result passed by value, or a struct holding one, is
// refused when the call is prepared, naming it, on every engine; so is a
// callback with one.
func TestLongDoubleByValueRefused(t *testing.T) {
	if longDoubleIsDouble() {
		t.Skip("long double is double here: it passes as one")
	}
	lib, err := CDLL(cbuild.Test(t, "longdouble"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	half, err := lib.Func("ld_half")
	if err != nil {
		t.Fatal(err)
	}
	ld1 := types.MustStructOf("LD1", []types.Field{types.F("c", types.Char), types.F("x", types.LongDouble), types.F("i", types.Int)})
	for _, engine := range []bool{false, true} {
		forceLibffi = engine
		for _, c := range []struct {
			rt   *types.Type
			args []*types.Type
			arg  int
			want string
		}{
			{types.Double, []*types.Type{types.Int, types.LongDouble}, 2, "argument type c_longdouble is a long double"},
			{types.LongDouble, []*types.Type{types.PointerTo(types.LongDouble)}, 0, "restype c_longdouble is a long double"},
			{types.Void, []*types.Type{ld1}, 1, "argument type LD1 holds a long double"},
		} {
			half.Restype, half.Argtypes = c.rt, c.args
			_, err := half.Call(make([]any, len(c.args))...)
			var ce *CallError
			if !errors.Is(err, ErrSignature) || !errors.As(err, &ce) || ce.Arg != c.arg || !strings.Contains(err.Error(), c.want) {
				t.Errorf("libffi %v, %v %v: %v; want ErrSignature at argument %d saying %q", engine, c.rt, c.args, err, c.arg, c.want)
			}
		}
	}
	forceLibffi = false
	if _, err := NewCallback(types.FuncType(types.Int, types.LongDouble), func([]any) any { return 0 }); !errors.Is(err, ErrSignature) {
		t.Errorf("callback taking a long double: %v", err)
	}
	if _, err := NewCallback(types.FuncType(types.LongDouble), func([]any) any { return 0 }); !errors.Is(err, ErrSignature) {
		t.Errorf("callback returning a long double: %v", err)
	}
}
