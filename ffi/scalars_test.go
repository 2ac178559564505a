package ffi

import (
	"math"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// scalarCase names one fundamental type in testdata/scalars.c.
type scalarCase struct {
	suffix string
	t      *types.Type
	signed bool // an integer type whose widen_ is signed
	limits bool // min_ and max_ exist
}

var scalarCases = []scalarCase{
	{"bool", types.Bool, false, true}, {"char", types.Char, false, true},
	{"schar", types.Byte, true, true}, {"uchar", types.UByte, false, true},
	{"short", types.Short, true, true}, {"ushort", types.UShort, false, true},
	{"int", types.Int, true, true}, {"uint", types.UInt, false, true},
	{"long", types.Long, true, true}, {"ulong", types.ULong, false, true},
	{"longlong", types.LongLong, true, true}, {"ulonglong", types.ULongLong, false, true},
	{"int8", types.Int8, true, true}, {"uint8", types.Uint8, false, true},
	{"int16", types.Int16, true, true}, {"uint16", types.Uint16, false, true},
	{"int32", types.Int32, true, true}, {"uint32", types.Uint32, false, true},
	{"int64", types.Int64, true, true}, {"uint64", types.Uint64, false, true},
	{"size_t", types.SizeT, false, true}, {"ssize_t", types.SSizeT, true, true},
	{"float", types.Float, false, true}, {"double", types.Double, false, true},
	{"wchar", types.WChar, types.KindWChar.IsSigned(), true}, {"ptr", types.VoidP, false, false},
}

func scalarsLib(t *testing.T) *Library {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "scalars"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// bitsOf returns the raw bits of a Go value as C would hold it.
func bitsOf(t *testing.T, typ *types.Type, x any) uint64 {
	t.Helper()
	v := types.New(typ)
	if err := v.Set(x); err != nil {
		t.Fatal(err)
	}
	var b uint64
	for i, c := range v.Bytes() {
		b |= uint64(c) << (8 * i)
	}
	return b
}

// TestScalarRoundTrip sends every fundamental type's extreme values, as C
// gives them (min_T, max_T), through the identity function rt_T of that
// type and asks C whether what came back is the limit (is_min_T, is_max_T).
func TestScalarRoundTrip(t *testing.T) {
	lib := scalarsLib(t)
	engines(t, func(t *testing.T) {
		for _, sc := range scalarCases {
			t.Run(sc.suffix, func(t *testing.T) {
				rt := newFuncT(t, lib, "rt_"+sc.suffix, sc.t, sc.t)
				if !sc.limits {
					v := types.New(sc.t)
					v.Set(uintptr(0xdeadbeef))
					r, err := rt.Call(v)
					if err != nil || r != uintptr(0xdeadbeef) {
						t.Errorf("rt_%s(0xdeadbeef) = %v, %v", sc.suffix, r, err)
					}
					return
				}
				for _, lim := range []string{"min", "max"} {
					get := newFuncT(t, lib, lim+"_"+sc.suffix, sc.t)
					x, err := get.Call()
					if err != nil {
						t.Fatal(err)
					}
					y, err := rt.Call(x)
					if err != nil {
						t.Fatalf("rt_%s(%v): %v", sc.suffix, x, err)
					}
					if bitsOf(t, sc.t, y) != bitsOf(t, sc.t, x) {
						t.Errorf("rt_%s(%v) = %v", sc.suffix, x, y)
					}
					is := newFuncT(t, lib, "is_"+lim+"_"+sc.suffix, types.Int, sc.t)
					if ok, err := CallAs[int](is, y); err != nil || ok != 1 {
						t.Errorf("C says %v is not %s_%s (%v)", y, lim, sc.suffix, err)
					}
				}
			})
		}
	})
}

// TestSmallReturnsExtended checks sign and zero extension: C returns (T)-1
// for every integer type, and Go must see -1 for signed types and the
// all-ones value of the type's width for unsigned ones, whatever the upper
// bits of the register hold; the Go values passed must arrive extended as
// C extends them (widen_T, uwiden_T).
func TestSmallReturnsExtended(t *testing.T) {
	lib := scalarsLib(t)
	engines(t, func(t *testing.T) {
		for _, sc := range scalarCases {
			if !sc.t.Kind().IsInteger() {
				continue
			}
			t.Run(sc.suffix, func(t *testing.T) {
				neg1 := newFuncT(t, lib, "neg1_"+sc.suffix, sc.t)
				r, err := neg1.Call()
				if err != nil {
					t.Fatal(err)
				}
				if sc.signed {
					if r != int64(-1) {
						t.Errorf("neg1_%s() = %v, want -1", sc.suffix, r)
					}
					widen := newFuncT(t, lib, "widen_"+sc.suffix, types.LongLong, sc.t)
					if w, err := CallAs[int64](widen, r); err != nil || w != -1 {
						t.Errorf("widen_%s(-1) = %d, %v", sc.suffix, w, err)
					}
				} else {
					want := uint64(math.MaxUint64) >> (64 - 8*sc.t.Size())
					if r != want {
						t.Errorf("neg1_%s() = %v, want %#x", sc.suffix, r, want)
					}
					widen := newFuncT(t, lib, "uwiden_"+sc.suffix, types.ULongLong, sc.t)
					if w, err := CallAs[uint64](widen, r); err != nil || w != want {
						t.Errorf("uwiden_%s(%#x) = %#x, %v", sc.suffix, want, w, err)
					}
				}
			})
		}
	})
}

// TestNarrowResultsDirty: an integer result narrower than its register
// comes back as C's value of its type whatever the bits above it hold
// (trunc_T leaves x's there), through Func.Call, CallAs of a Go type of
// its size and CallAs of a 64-bit one, on every engine; C's own widening
// of the value (ref_trunc_T) is what each must return.
func TestNarrowResultsDirty(t *testing.T) {
	lib := scalarsLib(t)
	xs := []int64{0x1234567890abcdef, -0x123456789abcd81, 0x7fffffffffff7f80, -2, 0x100, 0x10000}
	engines(t, func(t *testing.T) {
		for _, sc := range scalarCases {
			k := sc.t.Kind()
			if !k.IsInteger() || k == types.KindBool {
				continue
			}
			t.Run(sc.suffix, func(t *testing.T) {
				trunc := newFuncT(t, lib, "trunc_"+sc.suffix, sc.t, types.LongLong)
				ref := newFuncT(t, lib, "ref_trunc_"+sc.suffix, types.ULongLong, types.LongLong)
				for _, x := range xs {
					want, err := CallAs[uint64](ref, x)
					if err != nil {
						t.Fatal(err)
					}
					got, err := trunc.Call(x)
					if err != nil {
						t.Fatal(err)
					}
					var wantGo any = want
					switch {
					case sc.signed:
						wantGo = int64(want)
					case k == types.KindChar || k == types.KindWChar:
						wantGo = sc.t.GoValue(want)
					}
					if got != wantGo {
						t.Errorf("Call: trunc_%s(%#x) = %#v, C says %#v", sc.suffix, x, got, wantGo)
					}
					var exact, wide uint64
					switch {
					case sc.signed:
						exact, err = callSized(trunc, x, sc.t.Size(), true)
						if err == nil {
							var w int64
							w, err = CallAs[int64](trunc, x)
							wide = uint64(w)
						}
					default:
						exact, err = callSized(trunc, x, sc.t.Size(), false)
						if err == nil {
							wide, err = CallAs[uint64](trunc, x)
						}
					}
					if err != nil {
						t.Fatal(err)
					}
					if exact != want || wide != want {
						t.Errorf("CallAs: trunc_%s(%#x) = %#x (its size), %#x (64 bits); C says %#x", sc.suffix, x, exact, wide, want)
					}
				}
			})
		}
	})
}

// callSized is CallAs of f(x) with R the Go integer of size bytes, widened
// to 64 bits as C widens the value (signed or not).
func callSized(f *Func, x int64, size uintptr, signed bool) (uint64, error) {
	switch {
	case size == 1 && signed:
		r, err := CallAs[int8](f, x)
		return uint64(int64(r)), err
	case size == 1:
		r, err := CallAs[uint8](f, x)
		return uint64(r), err
	case size == 2 && signed:
		r, err := CallAs[int16](f, x)
		return uint64(int64(r)), err
	case size == 2:
		r, err := CallAs[uint16](f, x)
		return uint64(r), err
	case size == 4 && signed:
		r, err := CallAs[int32](f, x)
		return uint64(int64(r)), err
	case size == 4:
		r, err := CallAs[uint32](f, x)
		return uint64(r), err
	case signed:
		r, err := CallAs[int64](f, x)
		return uint64(r), err
	}
	return CallAs[uint64](f, x)
}

// TestFloatSpecials sends -0.0, NaN, infinities and subnormals made by C
// through C identity functions and asks C about what came back.
func TestFloatSpecials(t *testing.T) {
	lib := scalarsLib(t)
	engines(t, func(t *testing.T) {
		rtD := newFuncT(t, lib, "rt_double", types.Double, types.Double)
		rtF := newFuncT(t, lib, "rt_float", types.Float, types.Float)
		signD := newFuncT(t, lib, "d_signbit", types.Int, types.Double)
		nanD := newFuncT(t, lib, "d_isnan", types.Int, types.Double)
		signF := newFuncT(t, lib, "f_signbit", types.Int, types.Float)
		nanF := newFuncT(t, lib, "f_isnan", types.Int, types.Float)
		get := func(name string, rt *types.Type) float64 {
			v, err := CallAs[float64](newFuncT(t, lib, name, rt))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		negz := get("d_negzero", types.Double)
		if back, _ := CallAs[float64](rtD, negz); math.Float64bits(back) != math.Float64bits(negz) {
			t.Errorf("-0.0 came back as %v", back)
		}
		if s, _ := CallAs[int](signD, negz); s == 0 || !math.Signbit(negz) {
			t.Error("-0.0 lost its sign")
		}
		nan := get("d_nan", types.Double)
		if n, _ := CallAs[int](nanD, nan); n == 0 || !math.IsNaN(nan) {
			t.Error("NaN from C is not NaN")
		}
		if back, _ := CallAs[float64](rtD, nan); math.Float64bits(back) != math.Float64bits(nan) {
			t.Errorf("NaN bits changed: %x -> %x", math.Float64bits(nan), math.Float64bits(back))
		}
		inf := get("d_inf", types.Double)
		if back, _ := CallAs[float64](rtD, inf); !math.IsInf(back, 1) {
			t.Errorf("inf came back as %v", back)
		}
		sub := get("d_subnormal", types.Double)
		if back, _ := CallAs[float64](rtD, sub); back != sub || sub == 0 || sub >= 2.2250738585072014e-308 {
			t.Errorf("subnormal %v came back as %v", sub, back)
		}
		fz := get("f_negzero", types.Float)
		if s, _ := CallAs[int](signF, float32(fz)); s == 0 {
			t.Error("float -0.0 lost its sign")
		}
		fn := get("f_nan", types.Float)
		if n, _ := CallAs[int](nanF, float32(fn)); n == 0 {
			t.Error("float NaN")
		}
		fs := get("f_subnormal", types.Float)
		if back, _ := CallAs[float32](rtF, float32(fs)); float64(back) != fs || fs == 0 {
			t.Errorf("float subnormal %v came back as %v", fs, back)
		}
	})
}

func TestStrings(t *testing.T) {
	lib := scalarsLib(t)
	engines(t, func(t *testing.T) {
		strlen := newFuncT(t, lib, "str_len", types.SizeT, types.CharP)
		for _, s := range []string{"", "hello", "h\u00e9llo \u4e16\u754c"} {
			if n, err := CallAs[int](strlen, s); err != nil || n != len(s) {
				t.Errorf("str_len(%q) = %d, %v", s, n, err)
			}
		}
		static := newFuncT(t, lib, "str_static", types.CharP)
		if r, _ := static.Call(); r != "hello from C" {
			t.Errorf("str_static() = %v", r)
		}
		null := newFuncT(t, lib, "str_null", types.CharP)
		if r, err := null.Call(); r != nil || err != nil {
			t.Errorf("str_null() = %v, %v; want nil", r, err)
		}
		wlen := newFuncT(t, lib, "wstr_len", types.Int, types.WCharP)
		if n, err := CallAs[int](wlen, "h\u00e9llo \u4e16\u754c"); err != nil || n != 8 {
			t.Errorf("wstr_len = %d, %v", n, err)
		}
		wstatic := newFuncT(t, lib, "wstr_static", types.WCharP)
		if r, _ := wstatic.Call(); r != "h\u00e9llo \u4e16\u754c" {
			t.Errorf("wstr_static() = %q", r)
		}
		off := newFuncT(t, lib, "ptr_offset", types.VoidP, types.VoidP, types.Long)
		buf := make([]byte, 16)
		if r, _ := off.Call(buf, 5); r != uintptr(unsafe.Pointer(&buf[0]))+5 {
			t.Errorf("ptr_offset = %v", r)
		}
		bti := newFuncT(t, lib, "bool_to_int", types.Int, types.Bool)
		if r, _ := CallAs[int](bti, true); r != 1 {
			t.Errorf("bool_to_int(true) = %d", r)
		}
	})
}
