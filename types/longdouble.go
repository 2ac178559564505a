package types

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"unsafe"
)

// LongDouble is C's long double (c_longdouble). Its representation is the
// platform C compiler's:
//
//   - x87 80-bit extended precision (a 64-bit significand with an explicit
//     integer bit, a 15-bit exponent) on amd64 and 386, Linux, macOS and
//     Windows with mingw-w64 alike: 16 bytes aligned to 16 on amd64, 12
//     aligned to 4 on 386 (the bytes past the tenth are padding);
//   - IEEE 754 binary128 (a 113-bit significand) on linux/arm64 and the
//     other 64-bit Unix targets whose ABI says so (riscv64, loong64, s390x,
//     mips64): 16 bytes aligned to 16;
//   - IBM double-double (a pair of doubles, 106 bits) on ppc64 and
//     ppc64le;
//   - double on darwin/arm64, windows/arm64 (as MSVC and Apple's compilers
//     have it) and the 32-bit ARM and MIPS targets: there LongDouble has
//     kind [KindFloat64] and is a double in every respect but its name, as
//     c_longdouble is c_double in ctypes there.
//
// [LongDoubleFormat] and [LongDoublePrec] say which. Elsewhere its kind is
// [KindLongDouble]: a value of it is stored in [Value] memory and converted
// by [Value.Set] (from Go numbers, *big.Float and big.Float, rounded to
// nearest, ties to even, to LongDoublePrec bits; a finite value beyond
// the largest long double is an [ErrRange] error) and read back by
// [Value.Float] (rounded to the nearest float64, beyond float64's range
// ±Inf) and [Value.BigFloat] (exact). Every float64 is exactly a long double.
// It can be a struct field, an array element and a pointer's element; a
// long double argument or result passed by value is refused by the call
// engines of package ffi that lack it.
var LongDouble = newLongDouble()

// LongDoubleFormat names the platform's representation of long double:
// "x87 extended", "binary128", "double-double" or "double".
const LongDoubleFormat = longDoubleFormatName

// LongDoublePrec is the number of significand bits of the platform's long
// double: 64 (x87 extended), 113 (binary128), 106 (double-double) or 53
// (double).
const LongDoublePrec = longDoublePrec

func newLongDouble() *Type {
	if longDoubleFormat == ldDouble {
		return scalar("c_longdouble", KindFloat64, 8)
	}
	return &Type{name: "c_longdouble", kind: KindLongDouble, size: longDoubleSize, align: longDoubleAlign}
}

// ldFormat is a representation of long double.
type ldFormat uint8

const (
	ldDouble       ldFormat = iota // long double is double
	ldX87                          // x87 80-bit extended precision
	ldBinary128                    // IEEE 754 binary128
	ldDoubleDouble                 // IBM double-double: hi + lo, two doubles
)

// The x87 extended and binary128 formats share the exponent: 15 bits,
// biased by 16383, all ones for infinities and NaNs.
const (
	ldBias = 16383
	ldEmin = 1 - ldBias // the exponent of the smallest normal number
	ldEmax = ldBias     // the exponent of the largest finite number
)

// precOf is the significand precision of a format, in bits.
func precOf(f ldFormat) int {
	switch f {
	case ldX87:
		return 64
	case ldBinary128:
		return 113
	case ldDoubleDouble:
		return 106
	}
	return 53
}

// ldUnpacked is a long double taken apart: for a finite value,
// (-1)^neg × mant × 2^exp with mant an integer; inf and nan otherwise.
type ldUnpacked struct {
	neg, inf, nan bool
	mant          *big.Int
	exp           int
}

// unpackLD takes apart the long double of format f in b (little-endian
// memory, at least 10 bytes for x87, 16 for the others).
func unpackLD(f ldFormat, b []byte) ldUnpacked {
	switch f {
	case ldX87:
		m := binary.LittleEndian.Uint64(b[0:8])
		se := binary.LittleEndian.Uint16(b[8:10])
		u := ldUnpacked{neg: se&0x8000 != 0}
		e := int(se & 0x7fff)
		if e == 0x7fff {
			// The integer bit is ignored (pseudo-infinities and pseudo-NaNs,
			// which an x87 refuses, read as infinities and NaNs).
			u.inf, u.nan = m<<1 == 0, m<<1 != 0
			return u
		}
		if e == 0 {
			e = 1 // denormal: the exponent of the smallest normal number
		}
		u.mant, u.exp = new(big.Int).SetUint64(m), e-ldBias-63
		return u
	case ldBinary128:
		lo := binary.LittleEndian.Uint64(b[0:8])
		hi := binary.LittleEndian.Uint64(b[8:16])
		u := ldUnpacked{neg: hi>>63 != 0}
		e := int(hi >> 48 & 0x7fff)
		frac := new(big.Int).Lsh(new(big.Int).SetUint64(hi&(1<<48-1)), 64)
		frac.Or(frac, new(big.Int).SetUint64(lo))
		if e == 0x7fff {
			u.inf, u.nan = frac.Sign() == 0, frac.Sign() != 0
			return u
		}
		if e == 0 {
			e = 1
		} else {
			frac.SetBit(frac, 112, 1)
		}
		u.mant, u.exp = frac, e-ldBias-112
		return u
	}
	panic("unpackLD: not an integer-significand format")
}

// ldBig returns the exact value of the long double of format f in b; ok
// is false for a NaN.
func ldBig(f ldFormat, b []byte) (x *big.Float, ok bool) {
	switch f {
	case ldDouble:
		d := math.Float64frombits(binary.LittleEndian.Uint64(b))
		if math.IsNaN(d) {
			return nil, false
		}
		return new(big.Float).SetFloat64(d), true
	case ldDoubleDouble:
		hi := math.Float64frombits(binary.LittleEndian.Uint64(b[0:8]))
		lo := math.Float64frombits(binary.LittleEndian.Uint64(b[8:16]))
		if math.IsNaN(hi) || math.IsNaN(lo) {
			return nil, false
		}
		if math.IsInf(hi, 0) {
			return new(big.Float).SetInf(hi < 0), true
		}
		if lo == 0 {
			return new(big.Float).SetFloat64(hi), true // -0 stays -0
		}
		// Exact: the two exponents are at most 2100 apart.
		s := new(big.Float).SetPrec(2200).SetFloat64(hi)
		return s.Add(s, new(big.Float).SetFloat64(lo)), true
	}
	u := unpackLD(f, b)
	switch {
	case u.nan:
		return nil, false
	case u.inf:
		return new(big.Float).SetInf(u.neg), true
	}
	x = new(big.Float).SetPrec(uint(precOf(f))).SetInt(u.mant)
	x.SetMantExp(x, u.exp)
	if u.neg {
		x.Neg(x) // -0 too
	}
	return x, true
}

// ldFloat64 returns the long double of format f in b rounded to the
// nearest float64 (ties to even; beyond float64's range ±Inf; a NaN is a
// quiet NaN of the same sign).
func ldFloat64(f ldFormat, b []byte) float64 {
	switch f {
	case ldDouble:
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case ldDoubleDouble:
		hi := math.Float64frombits(binary.LittleEndian.Uint64(b[0:8]))
		lo := math.Float64frombits(binary.LittleEndian.Uint64(b[8:16]))
		if lo == 0 {
			return hi // -0 stays -0
		}
		if math.IsNaN(hi) || math.IsInf(hi, 0) || math.IsNaN(lo) {
			return hi + lo
		}
	}
	x, ok := ldBig(f, b)
	if !ok {
		sign := 1.0
		if f == ldX87 && b[9]&0x80 != 0 || f == ldBinary128 && b[15]&0x80 != 0 {
			sign = -1
		}
		return math.Copysign(math.NaN(), sign)
	}
	d, _ := x.Float64()
	if x.Signbit() && d == 0 {
		d = math.Copysign(0, -1)
	}
	return d
}

// putLDSpecial stores an infinity (nan false) or a quiet NaN of sign neg in
// format f.
func putLDSpecial(f ldFormat, b []byte, neg, nan bool) {
	clear(b)
	switch f {
	case ldX87:
		if nan {
			b[7] = 0xc0 // the integer bit and the quiet bit
		} else {
			b[7] = 0x80 // the integer bit
		}
		binary.LittleEndian.PutUint16(b[8:10], 0x7fff)
		if neg {
			b[9] |= 0x80
		}
	case ldBinary128:
		hi := uint64(0x7fff) << 48
		if nan {
			hi |= 1 << 47
		}
		if neg {
			hi |= 1 << 63
		}
		binary.LittleEndian.PutUint64(b[8:16], hi)
	case ldDouble, ldDoubleDouble:
		d := math.Inf(1)
		if nan {
			d = math.NaN()
		}
		if neg {
			d = math.Copysign(d, -1)
		}
		binary.LittleEndian.PutUint64(b[0:8], math.Float64bits(d))
	}
}

// putLDBig stores x rounded to format f (to nearest, ties to even; ±Inf
// for ±Inf). A finite x beyond the format's largest finite number, once
// rounded, is refused (ok false) and b is left as it was.
func putLDBig(f ldFormat, b []byte, x *big.Float) (ok bool) {
	if x.IsInf() {
		putLDSpecial(f, b, x.Signbit(), false)
		return true
	}
	switch f {
	case ldDouble:
		d, _ := x.Float64()
		if math.IsInf(d, 0) {
			return false
		}
		if x.Signbit() && d == 0 {
			d = math.Copysign(0, -1)
		}
		binary.LittleEndian.PutUint64(b[0:8], math.Float64bits(d))
		return true
	case ldDoubleDouble:
		hi, _ := x.Float64()
		if math.IsInf(hi, 0) {
			return false
		}
		if x.Signbit() && hi == 0 {
			hi = math.Copysign(0, -1)
		}
		r := new(big.Float).SetPrec(2200).Sub(x, new(big.Float).SetFloat64(hi))
		lo, _ := r.Float64()
		binary.LittleEndian.PutUint64(b[0:8], math.Float64bits(hi))
		binary.LittleEndian.PutUint64(b[8:16], math.Float64bits(lo))
		return true
	}
	p := precOf(f)
	neg := x.Signbit()
	mant := new(big.Int)
	exp := ldEmin - (p - 1) // the weight of the significand's last bit, for denormals
	if x.Sign() != 0 {
		ax := new(big.Float).Abs(x)
		e := ax.MantExp(nil) - 1 // ax is in [2^e, 2^(e+1))
		prec := p
		if e < ldEmin {
			prec = p - (ldEmin - e) // the bits a denormal keeps
		}
		var r *big.Float
		switch {
		case prec > 0:
			r = new(big.Float).SetMode(big.ToNearestEven).SetPrec(uint(prec)).Set(ax)
		case prec == 0 && ax.Cmp(new(big.Float).SetMantExp(big.NewFloat(1), exp-1)) > 0:
			// Above half the smallest denormal (its only bit would be the
			// rounding bit): rounds up to the smallest denormal.
			r = new(big.Float).SetMantExp(big.NewFloat(1), exp)
		default:
			r = new(big.Float) // rounds to zero
		}
		if r.Sign() != 0 {
			e = r.MantExp(nil) - 1
			if e > ldEmax {
				return false
			}
			if e >= ldEmin {
				exp = e - (p - 1)
			}
			r.SetMantExp(r, -exp)
			r.Int(mant) // exact: r has at most p bits above 2^exp
		}
	}
	// mant < 2^p; it is normal when its top bit is set, and then the
	// biased exponent is that of its leading bit.
	var biased uint64
	if mant.BitLen() == p {
		biased = uint64(exp + (p - 1) + ldBias)
	}
	clear(b)
	switch f {
	case ldX87:
		binary.LittleEndian.PutUint64(b[0:8], mant.Uint64())
		se := uint16(biased)
		if neg {
			se |= 0x8000
		}
		binary.LittleEndian.PutUint16(b[8:10], se)
	case ldBinary128:
		lo := new(big.Int).And(mant, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
		hi := new(big.Int).Rsh(mant, 64).Uint64() & (1<<48 - 1)
		hi |= biased << 48
		if neg {
			hi |= 1 << 63
		}
		binary.LittleEndian.PutUint64(b[0:8], lo)
		binary.LittleEndian.PutUint64(b[8:16], hi)
	}
	return true
}

// ldBytes returns v's long double memory, in little-endian byte order
// (every platform with a long double of its own is little-endian, but for
// s390x and the big-endian MIPS and PowerPC targets, whose bytes are
// reversed here).
func (v *Value) ldBytes() []byte {
	b := unsafe.Slice((*byte)(v.ptr), v.typ.size)
	if !hostBigEndian {
		return b
	}
	r := make([]byte, len(b))
	for i := range b {
		r[i] = b[len(b)-1-i]
	}
	return r
}

// setLDBytes stores little-endian long double bytes into v's memory.
func (v *Value) setLDBytes(b []byte) {
	dst := unsafe.Slice((*byte)(v.ptr), v.typ.size)
	if !hostBigEndian {
		copy(dst, b)
		return
	}
	for i := range b {
		dst[len(b)-1-i] = b[i]
	}
}

// hostBigEndian reports whether the host stores numbers big-endian.
var hostBigEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 0
}()

// longDoubleFloat64 is [Value.Float] for a long double value.
func (v *Value) longDoubleFloat64() float64 {
	if longDoubleFormat == ldDoubleDouble && hostBigEndian {
		// Two big-endian doubles, hi first: reversing all 16 bytes would
		// swap them.
		hi := math.Float64frombits(binary.BigEndian.Uint64(unsafe.Slice((*byte)(v.ptr), 8)))
		lo := math.Float64frombits(binary.BigEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(v.ptr, 8)), 8)))
		return hi + lo
	}
	return ldFloat64(longDoubleFormat, v.ldBytes())
}

// setLongDouble is [Value.Set] for a long double value.
func (v *Value) setLongDouble(x any) error {
	b := make([]byte, v.typ.size)
	var bf *big.Float
	switch x := x.(type) {
	case *big.Float:
		if x == nil {
			return convErr(v.typ, x, "a nil *big.Float")
		}
		bf = x
	case big.Float:
		bf = &x
	default:
		f, ok := floatOf(x)
		if !ok {
			return convErr(v.typ, x, "a number is required")
		}
		if math.IsNaN(f) {
			putLDSpecial(longDoubleFormat, b, math.Signbit(f), true)
			v.setLDBytes(b)
			return nil
		}
		if mag, _, isInt := intOf(x); isInt && mag > 1<<53 {
			// An integer beyond float64's exact range: exactly.
			bf = new(big.Float)
			if i, ok := x.(int64); ok {
				bf.SetInt64(i)
			} else {
				bf.SetPrec(64).SetUint64(mag)
				if f < 0 {
					bf.Neg(bf)
				}
			}
		} else {
			bf = new(big.Float).SetFloat64(f)
		}
	}
	if !putLDBig(longDoubleFormat, b, bf) {
		return &ConvError{Type: v.typ, GoType: goTypeName(x), Value: bf.Text('g', 10),
			Reason: "beyond the range of long double", Err: ErrRange}
	}
	if longDoubleFormat == ldDoubleDouble && hostBigEndian {
		dst := unsafe.Slice((*byte)(v.ptr), 16)
		binary.BigEndian.PutUint64(dst[0:8], binary.LittleEndian.Uint64(b[0:8]))
		binary.BigEndian.PutUint64(dst[8:16], binary.LittleEndian.Uint64(b[8:16]))
		return nil
	}
	v.setLDBytes(b)
	return nil
}

// BigFloat returns the exact value of a float, double or long double value
// as a *big.Float of that type's precision (24, 53 or [LongDoublePrec]
// bits; ±Inf for infinities, and -0 for negative zero). A NaN has no
// *big.Float: it is an [ErrConvert] error.
func (v *Value) BigFloat() (*big.Float, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	var x *big.Float
	ok := true
	switch v.typ.kind {
	case KindLongDouble:
		if longDoubleFormat == ldDoubleDouble && hostBigEndian {
			b := make([]byte, 16)
			src := unsafe.Slice((*byte)(v.ptr), 16)
			binary.LittleEndian.PutUint64(b[0:8], binary.BigEndian.Uint64(src[0:8]))
			binary.LittleEndian.PutUint64(b[8:16], binary.BigEndian.Uint64(src[8:16]))
			x, ok = ldBig(longDoubleFormat, b)
		} else {
			x, ok = ldBig(longDoubleFormat, v.ldBytes())
		}
	case KindFloat32, KindFloat64:
		f, _ := floatOf(v)
		if ok = !math.IsNaN(f); ok {
			x = new(big.Float).SetFloat64(f)
			if v.typ.kind == KindFloat32 {
				x.SetPrec(24)
			}
		}
	default:
		return nil, fmt.Errorf("%w: %s is not a float type", ErrConvert, v.typ.name)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s holds a NaN, which *big.Float cannot hold", ErrConvert, v.typ.name)
	}
	return x, nil
}
