package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// structCases are testdata/structs.c's types, described as a ctypes user
// describes them.
func structCases() []*types.Type {
	var out []*types.Type
	for n := 1; n <= 32; n++ {
		out = append(out, types.MustStructOf(fmt.Sprintf("S%d", n), []types.Field{types.F("b", types.MustArrayOf(types.UByte, n))}))
	}
	s := func(name string, fields ...types.Field) *types.Type { return types.MustStructOf(name, fields) }
	f := types.F
	arr := types.MustArrayOf
	inner := s("inner", f("x", types.Float), f("y", types.Float))
	out = append(out,
		s("F2", f("a", types.Float), f("b", types.Float)),
		s("F3", f("a", types.Float), f("b", types.Float), f("c", types.Float)),
		s("F4", f("a", types.Float), f("b", types.Float), f("c", types.Float), f("d", types.Float)),
		s("D2", f("a", types.Double), f("b", types.Double)),
		s("D3", f("a", types.Double), f("b", types.Double), f("c", types.Double)),
		s("D4", f("a", types.Double), f("b", types.Double), f("c", types.Double), f("d", types.Double)),
		s("DI", f("d", types.Double), f("i", types.Int)),
		s("ID", f("i", types.Int), f("d", types.Double)),
		s("IF", f("i", types.Int), f("f", types.Float)),
		s("FI", f("f", types.Float), f("i", types.Int)),
		s("FIF", f("f", types.Float), f("i", types.Int), f("g", types.Float)),
		s("DF", f("d", types.Double), f("f", types.Float)),
		s("CD", f("c", types.Char), f("d", types.Double)),
		s("SF", f("s", types.Short), f("f", types.Float)),
		s("LLL", f("a", types.Long), f("b", types.Long), f("c", types.Long)),
		s("LD", f("l", types.Long), f("d", types.Double)),
		s("C16", f("c", arr(types.Char, 16))),
		s("C3", f("c", arr(types.Char, 3))),
		s("SSS", f("a", types.Short), f("b", types.Short), f("c", types.Short)),
		s("NEST", f("p", inner), f("k", types.Int)),
		s("ARRF", f("v", arr(types.Float, 3)), f("n", types.Int)),
		types.MustUnionOf("UFI", []types.Field{f("f", types.Float), f("i", types.Int)}),
		types.MustUnionOf("UDL", []types.Field{f("d", types.Double), f("l", types.Long)}),
		types.MustUnionOf("UFF", []types.Field{f("f", arr(types.Float, 2)), f("d", types.Double)}),
		types.MustUnionOf("UHF", []types.Field{f("f", arr(types.Float, 2)), f("g", types.Float)}),
		types.MustUnionOf("UHD", []types.Field{f("d", arr(types.Double, 2)), f("e", types.Double)}),
		types.MustStructOf("PCI", []types.Field{f("c", types.Char), f("i", types.Int)}, types.Pack(1)),
		types.MustStructOf("PSD", []types.Field{f("s", types.Short), f("d", types.Double)}, types.Pack(1)),
	)
	return out
}

// TestStructsByValue passes every struct of structs.c by value and gets it
// back by value, with C building and checking every value: T_make's
// result (return path) goes to T_checkp by pointer, to T_check by value
// (argument path), to T_late after the registers are used up (stack
// path), and through T_echo (both ways at once).
func TestStructsByValue(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "structs"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	engines(t, func(t *testing.T) {
		for _, st := range structCases() {
			name := st.Name()
			t.Run(name, func(t *testing.T) {
				if forceLibffi && st.Pack() > 0 && runtime.GOARCH == "amd64" && runtime.GOOS != "windows" { // the SysV convention only
					addr, _ := lib.Sym(name + "_check")
					if _, err := NewFunc(addr, name+"_check", types.Int, st, types.Int); !errors.Is(err, ErrSignature) {
						t.Errorf("libffi engine accepted packed %s by value: %v", name, err)
					}
					return
				}
				mk := newFuncT(t, lib, name+"_make", st, types.Int)
				checkp := newFuncT(t, lib, name+"_checkp", types.Int, types.PointerTo(st), types.Int)
				check := newFuncT(t, lib, name+"_check", types.Int, st, types.Int)
				late := newFuncT(t, lib, name+"_late", types.Int,
					types.Int, types.Int, types.Int, types.Int, types.Int, types.Int,
					types.Double, types.Double, types.Double, types.Double, types.Double, types.Double, types.Double, types.Double,
					st, types.Int)
				echo := newFuncT(t, lib, name+"_echo", st, st)
				for _, seed := range []int{1, 17, 200} {
					r, err := mk.Call(seed)
					if err != nil {
						t.Fatal(err)
					}
					v := r.(*types.Value)
					if ok, err := CallAs[int](checkp, v, seed); ok != 1 || err != nil {
						t.Fatalf("returned by value, C sees %v through a pointer (%v)", v, err)
					}
					if ok, err := CallAs[int](check, v, seed); ok != 1 || err != nil {
						t.Errorf("passed by value, C sees a different %s (%v)", name, err)
					}
					if ok, err := CallAs[int](late, 1, 2, 3, 4, 5, 6, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, v, seed); ok != 1 || err != nil {
						t.Errorf("passed after the registers, C says %d (%v)", ok, err)
					}
					e, err := echo.Call(v)
					if err != nil {
						t.Fatal(err)
					}
					if ok, _ := CallAs[int](checkp, e, seed); ok != 1 {
						t.Errorf("echo changed the value: %v", e)
					}
				}
			})
		}
	})
}

// TestManyArguments: ten ints and ten doubles interleaved, more than the
// registers hold; C computes the expected sum from arrays of the same values.
func TestManyArguments(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "structs"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	engines(t, func(t *testing.T) {
		argtypes := make([]*types.Type, 20)
		args := make([]any, 20)
		ints := make([]int32, 10)
		dbls := make([]float64, 10)
		for i := 0; i < 10; i++ {
			argtypes[2*i], argtypes[2*i+1] = types.Int, types.Double
			ints[i], dbls[i] = int32(i*i-7), float64(i)*1.25-3
			args[2*i], args[2*i+1] = ints[i], dbls[i]
		}
		many := newFuncT(t, lib, "many", types.Double, argtypes...)
		got, err := CallAs[float64](many, args...)
		if err != nil {
			t.Fatal(err)
		}
		ref := newFuncT(t, lib, "many_ref", types.Double, types.PointerTo(types.Int), types.PointerTo(types.Double))
		want, err := CallAs[float64](ref, ints, dbls)
		if err != nil || got != want {
			t.Errorf("many = %v, C computes %v (%v)", got, want, err)
		}

		mixed := newFuncT(t, lib, "mixed_stack", types.LongLong, types.Long, types.Long, types.Long, types.Long, types.Long, types.Long,
			types.Byte, types.Short, types.Int, types.UByte, types.Float, types.Double)
		r, err := CallAs[int64](mixed, 1, 2, 3, 4, 5, 6, -3, -300, 70000, 200, float32(2.5), 0.75)
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(1+2+3+4+5+6) + -3*10 + -300*100 + 70000*1000 + 200*10000 + 10 + 6; r != want {
			t.Errorf("mixed_stack = %d, want %d", r, want)
		}
	})
}

// TestGoStructsCtypesStyle passes Go structs of the C layout to a
// ctypes-style call and gets one back with CallAs, without types.Value.
func TestGoStructsCtypesStyle(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "structs"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	type d2 struct{ A, B float64 }
	type d4 struct{ A, B, C, D float64 } // returned in memory on x86-64
	type cd struct {                     // a c_char field, given as int8
		C int8
		D float64
	}
	cdT := types.MustStructOf("CD", []types.Field{types.F("c", types.Char), types.F("d", types.Double)})
	d2T := types.MustStructOf("D2", []types.Field{types.F("a", types.Double), types.F("b", types.Double)})
	d4T := types.MustStructOf("D4", []types.Field{types.F("a", types.Double), types.F("b", types.Double), types.F("c", types.Double), types.F("d", types.Double)})
	engines(t, func(t *testing.T) {
		for _, tc := range []struct {
			name string
			t    *types.Type
			run  func(mk, check, echo *Func) (int, error)
		}{
			{"D2", d2T, func(mk, check, echo *Func) (int, error) {
				v, err := CallAs[d2](mk, 9)
				if err != nil {
					return 0, err
				}
				e, err := CallAs[d2](echo, v)
				if err != nil || e != v {
					return 0, fmt.Errorf("echo %v -> %v, %v", v, e, err)
				}
				return CallAs[int](check, v, 9)
			}},
			{"D4", d4T, func(mk, check, echo *Func) (int, error) {
				v, err := CallAs[d4](mk, 9)
				if err != nil {
					return 0, err
				}
				e, err := CallAs[d4](echo, v)
				if err != nil || e != v {
					return 0, fmt.Errorf("echo %v -> %v, %v", v, e, err)
				}
				return CallAs[int](check, v, 9)
			}},
			{"CD", cdT, func(mk, check, echo *Func) (int, error) {
				v, err := CallAs[cd](mk, 9)
				if err != nil {
					return 0, err
				}
				e, err := CallAs[cd](echo, v)
				if err != nil || e != v {
					return 0, fmt.Errorf("echo %v -> %v, %v", v, e, err)
				}
				return CallAs[int](check, v, 9)
			}},
		} {
			mk := newFuncT(t, lib, tc.name+"_make", tc.t, types.Int)
			check := newFuncT(t, lib, tc.name+"_check", types.Int, tc.t, types.Int)
			echo := newFuncT(t, lib, tc.name+"_echo", tc.t, tc.t)
			if ok, err := tc.run(mk, check, echo); ok != 1 || err != nil {
				t.Errorf("%s through Go structs: C check %d, %v", tc.name, ok, err)
			}
		}
		// A Go struct of another layout is an argument error.
		check := newFuncT(t, lib, "D2_check", types.Int, d2T, types.Int)
		if _, err := CallAs[int](check, struct{ A, B float32 }{}, 1); !errors.Is(err, ErrArgument) {
			t.Errorf("wrong Go struct layout: %v", err)
		}
	})
}

// TestDirectIface checks directIface against the runtime itself: a value
// whose interface data word is the pointer it holds (not a pointer to a
// copy) is held directly, and must not be taken for struct memory.
func TestDirectIface(t *testing.T) {
	x := new(int)
	p := unsafe.Pointer(x)
	type one struct{ P unsafe.Pointer }
	type nested struct{ S one }
	type arr struct{ A [1]unsafe.Pointer }
	type two struct{ P, Q unsafe.Pointer }
	type word struct{ U uintptr }
	for _, v := range []any{one{p}, nested{one{p}}, arr{[1]unsafe.Pointer{p}}, two{p, p}, word{uintptr(p)}, [1]unsafe.Pointer{p}, p} {
		data := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1]
		held := data == p
		if got := directIface(reflect.TypeOf(v)); got != held {
			t.Errorf("directIface(%T) = %v, the runtime holds it directly: %v", v, got, held)
		}
		if held && reflect.TypeOf(v).Kind() == reflect.Struct {
			c, err := goStructType(reflect.TypeOf(v))
			if err == nil && goLayoutMatches(reflect.TypeOf(v), c) {
				t.Errorf("%T, held directly by an interface, taken for struct memory", v)
			}
		}
	}
	runtime.KeepAlive(x)
}

// TestPackedBitfieldByValue: a packed struct whose bitfield's unit is
// misaligned travels in registers, as GCC passes it, both ways.
func TestPackedBitfieldByValue(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "structs"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	pb := types.MustStructOf("PB", []types.Field{types.F("a", types.Char), types.Bitfield("b", types.UInt, 8)}, types.Pack(1))
	engines(t, func(t *testing.T) {
		mk := newFuncT(t, lib, "pbits_new", pb, types.Int, types.Int)
		sum := newFuncT(t, lib, "pbits_sum", types.Int, pb)
		v, err := mk.Call(7, 200)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := CallAs[int](sum, v); err != nil || r != 7*1000+200 {
			t.Errorf("pbits_sum(pbits_new(7, 200)) = %d, %v; want 7200", r, err)
		}
	})
}
