package types

import (
	"encoding/hex"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The codecs of every format, on any platform (the C comparisons are in
// longdouble_c_test.go and ffi's tests, for the platform's own format).

var ldFormats = []struct {
	name string
	f    ldFormat
	size int
}{{"x87", ldX87, 16}, {"binary128", ldBinary128, 16}, {"double-double", ldDoubleDouble, 16}, {"double", ldDouble, 8}}

// TestLDFloat64RoundTrip: every float64 is exactly a long double of every
// format, and reads back as itself.
func TestLDFloat64RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ds := []float64{0, math.Copysign(0, -1), 1, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(-1), 0x1p-1022}
	for range 5000 {
		if d := math.Float64frombits(r.Uint64()); !math.IsNaN(d) {
			ds = append(ds, d)
		}
	}
	for _, fm := range ldFormats {
		b := make([]byte, fm.size)
		for _, d := range ds {
			x := new(big.Float).SetFloat64(d)
			if !putLDBig(fm.f, b, x) {
				t.Fatalf("%s: %v refused", fm.name, d)
			}
			if g := ldFloat64(fm.f, b); math.Float64bits(g) != math.Float64bits(d) {
				t.Fatalf("%s: %v reads back as %v (%s)", fm.name, d, g, hex.EncodeToString(b))
			}
			if y, ok := ldBig(fm.f, b); !ok || y.Cmp(x) != 0 || y.Signbit() != x.Signbit() {
				t.Fatalf("%s: %v reads back as *big.Float %v", fm.name, d, y)
			}
		}
	}
}

// TestLDEncodings checks the formats' definitions: 1, -2, the smallest
// denormal, the largest finite number, infinity, NaN.
func TestLDEncodings(t *testing.T) {
	one := big.NewFloat(1)
	for _, c := range []struct {
		f    ldFormat
		x    *big.Float
		want string // little-endian bytes
	}{
		{ldX87, one, "0000000000000080ff3f"},
		{ldX87, big.NewFloat(-2), "000000000000008000c0"},
		{ldX87, new(big.Float).SetMantExp(one, -16445), "01000000000000000000"},
		{ldX87, new(big.Float).SetInf(false), "0000000000000080ff7f"},
		{ldBinary128, one, "0000000000000000000000000000ff3f"},
		{ldBinary128, new(big.Float).SetMantExp(one, -16494), "01000000000000000000000000000000"},
		{ldBinary128, new(big.Float).SetInf(true), "0000000000000000000000000000ffff"},
	} {
		b := make([]byte, 16)
		if !putLDBig(c.f, b, c.x) {
			t.Fatalf("%v refused", c.x)
		}
		if g := hex.EncodeToString(b[:len(c.want)/2]); g != c.want {
			t.Errorf("format %d: %v is %s, want %s", c.f, c.x, g, c.want)
		}
	}
	// The largest finite number, and the first beyond it once rounded.
	for _, fm := range ldFormats[:2] {
		p := precOf(fm.f)
		max := new(big.Float).SetMantExp(one, ldEmax+1)
		max.SetPrec(uint(p) + 8) // SetMantExp took one's precision
		ulp := new(big.Float).SetMantExp(one, ldEmax+1-p)
		max.Sub(max, ulp)
		b := make([]byte, 16)
		if !putLDBig(fm.f, b, max) {
			t.Errorf("%s: the largest finite number refused", fm.name)
		}
		if y, _ := ldBig(fm.f, b); y.Cmp(max) != 0 {
			t.Errorf("%s: the largest finite number reads back as %v", fm.name, y)
		}
		half := new(big.Float).SetMantExp(one, ldEmax-p)
		if putLDBig(fm.f, b, new(big.Float).SetPrec(uint(p)+8).Add(max, half)) {
			t.Errorf("%s: max + ulp/2 (rounds to even, beyond the range) accepted", fm.name)
		}
		if !putLDBig(fm.f, b, new(big.Float).SetPrec(uint(p)+8).Add(max, new(big.Float).SetMantExp(one, ldEmax-p-1))) {
			t.Errorf("%s: max + ulp/4 (rounds to max) refused", fm.name)
		}
		putLDSpecial(fm.f, b, true, true)
		if g := ldFloat64(fm.f, b); !math.IsNaN(g) || !math.Signbit(g) {
			t.Errorf("%s: -NaN reads as %v", fm.name, g)
		}
		if _, ok := ldBig(fm.f, b); ok {
			t.Errorf("%s: NaN has a *big.Float", fm.name)
		}
	}
}

// TestLDRandomBits decodes random bit patterns of the integer-significand
// formats and encodes the exact value again: the same bytes (x87's
// unnormals aside, whose integer bit is clear).
func TestLDRandomBits(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, fm := range ldFormats[:2] {
		for range 3000 {
			b := make([]byte, 16)
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			if fm.f == ldX87 {
				clear(b[10:])
				if e := int(b[8]) | int(b[9]&0x7f)<<8; e != 0 {
					b[7] |= 0x80 // a normal number has its integer bit
				} else {
					b[7] &^= 0x80 // a denormal has not
				}
			}
			x, ok := ldBig(fm.f, b)
			if !ok {
				continue
			}
			c := make([]byte, 16)
			if !putLDBig(fm.f, c, x) || hex.EncodeToString(c) != hex.EncodeToString(b) {
				t.Fatalf("%s: %s is %v, stored again as %s", fm.name, hex.EncodeToString(b), x, hex.EncodeToString(c))
			}
		}
	}
}

// TestLongDoubleValue: New, Set, Get, Float, BigFloat and repr of the
// platform's c_longdouble, and its errors.
func TestLongDoubleValue(t *testing.T) {
	v, err := LongDouble.New(2.5)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := v.Float(); f != 2.5 || err != nil {
		t.Errorf("Float: %v %v", f, err)
	}
	if g, _ := v.Get(); g != any(2.5) {
		t.Errorf("Get: %v", g)
	}
	if s := v.String(); s != "c_longdouble(2.5)" {
		t.Errorf("String: %s", s)
	}
	if err := v.Set("x"); err == nil {
		t.Error("Set(string) accepted")
	}
	huge := new(big.Float).SetMantExp(big.NewFloat(1), 20000)
	if err := v.Set(huge); err == nil {
		t.Error("2^20000 accepted")
	}
	if f, _ := v.Float(); f != 2.5 {
		t.Errorf("a refused Set changed the value: %v", f)
	}
	if err := v.Set(int64(math.MaxInt64)); err != nil {
		t.Fatal(err)
	}
	if x, _ := v.BigFloat(); LongDoublePrec >= 64 && x.Cmp(new(big.Float).SetInt64(math.MaxInt64)) != 0 {
		t.Errorf("MaxInt64 stored as %v", x)
	}
	d := Double.MustNew(0.1)
	if err := v.Set(d); err != nil {
		t.Fatal(err)
	}
	if err := d.Set(v); err != nil {
		t.Fatal(err)
	}
	if f, _ := d.Float(); f != 0.1 {
		t.Errorf("double from long double from double: %v", f)
	}
	if _, err := StructOf("BE", []Field{F("x", LongDouble)}, BigEndian()); LongDouble.Kind() == KindLongDouble && err == nil {
		t.Error("a big-endian long double accepted")
	}
	if err := Double.MustNew().Set(huge); err == nil {
		t.Error("2^20000 accepted as a double")
	}
}

// FuzzLongDouble stores arbitrary numbers (a 128-bit significand, any
// exponent) in the x87 and binary128 formats and checks the rounding
// without repeating its algorithm: the stored value is within half an ulp
// of the number (the ulp of the stored value's binade, or the denormals'),
// storing it again changes nothing, and what is refused is beyond the
// largest finite number less half an ulp. Arbitrary bytes decode to a value
// that stores back to the same bytes.
func FuzzLongDouble(f *testing.F) {
	f.Add(uint64(1), uint64(0), int32(0), false, []byte{})
	f.Add(uint64(1<<63|1), uint64(1<<63), int32(-16445-64), true, []byte{0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x7f})
	f.Add(^uint64(0), ^uint64(0), int32(16383-64), false, make([]byte, 16))
	f.Fuzz(func(t *testing.T, hi, lo uint64, exp int32, neg bool, raw []byte) {
		x := new(big.Float).SetPrec(128).SetUint64(hi)
		x.SetMantExp(x, 64)
		x.Add(x, new(big.Float).SetPrec(128).SetUint64(lo))
		x.SetMantExp(x, int(exp%20000)-64)
		if neg {
			x.Neg(x)
		}
		for _, fm := range ldFormats[:2] {
			p := precOf(fm.f)
			b := make([]byte, 16)
			ok := putLDBig(fm.f, b, x)
			if !ok {
				// Beyond the largest finite number less half its ulp.
				limit := new(big.Float).SetMantExp(big.NewFloat(1), ldEmax+1)
				limit.SetPrec(uint(p) + 8)
				limit.Sub(limit, new(big.Float).SetMantExp(big.NewFloat(1), ldEmax-p))
				if new(big.Float).Abs(x).Cmp(limit) < 0 {
					t.Fatalf("%s: %v refused", fm.name, x)
				}
				continue
			}
			y, _ := ldBig(fm.f, b)
			e := ldEmin
			if y.Sign() != 0 {
				e = max(y.MantExp(nil)-1, ldEmin)
			}
			halfUlp := new(big.Float).SetMantExp(big.NewFloat(1), e-(p-1)-1)
			d := new(big.Float).SetPrec(20000).Sub(x, y)
			if d.Abs(d).Cmp(halfUlp) > 0 {
				t.Fatalf("%s: %v stored as %v, more than half an ulp away", fm.name, x, y)
			}
			c := make([]byte, 16)
			if !putLDBig(fm.f, c, y) || string(c) != string(b) {
				t.Fatalf("%s: storing %v again gives other bytes", fm.name, y)
			}
			if len(raw) >= 16 {
				r := append([]byte(nil), raw[:16]...)
				if fm.f == ldX87 {
					clear(r[10:])
					if int(r[8])|int(r[9]&0x7f)<<8 != 0 {
						r[7] |= 0x80
					} else {
						r[7] &^= 0x80
					}
				}
				if v, ok := ldBig(fm.f, r); ok {
					if !putLDBig(fm.f, c, v) || string(c) != string(r) {
						t.Fatalf("%s: %x decodes to %v, which stores as %x", fm.name, r, v, c)
					}
				}
			}
		}
	})
}
