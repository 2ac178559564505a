package ffi

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// goComplex has the layout of ctest.c's struct Complex.
type goComplex struct{ X, Y float64 }

func TestTyped(t *testing.T) {
	lib := ctestLib(t)
	engines(t, func(t *testing.T) {
		// The reference results come from the same C functions called
		// through the ctypes-style path.
		cadd := newFuncT(t, lib, "add", complexT, complexT, complexT)
		ref, err := cadd.Call(complexT.MustNew(3.1, 4.2), complexT.MustNew(1.9, 2.8))
		if err != nil {
			t.Fatal(err)
		}
		rx, _ := ref.(*types.Value).Field("x").Float()
		ry, _ := ref.(*types.Value).Field("y").Float()

		add, err := Fn2[goComplex, goComplex, goComplex](lib, "add")
		if err != nil {
			t.Fatal(err)
		}
		if r := add(goComplex{3.1, 4.2}, goComplex{1.9, 2.8}); r.X != rx || r.Y != ry {
			t.Errorf("typed add = %+v, C says (%v, %v)", r, rx, ry)
		}

		sum, err := Fn2[float64, []float64, int32](lib, "sum")
		if err != nil {
			t.Fatal(err)
		}
		data := []float64{1, 2, 1, 6, 4, 2, 7, 3, 1, 5}
		csum := newFuncT(t, lib, "sum", types.Double, types.PointerTo(types.Double), types.Int)
		want, _ := CallAs[float64](csum, data, len(data))
		if s := sum(data, int32(len(data))); s != want {
			t.Errorf("typed sum = %v, C says %v", s, want)
		}

		iadd, err := Fn2[int32, int32, int32](lib, "iadd")
		if err != nil {
			t.Fatal(err)
		}
		if v := iadd(-5, 3); v != -2 {
			t.Errorf("iadd(-5, 3) = %v", v)
		}

		titlecase, err := Proc1[[]byte](lib, "titlecase")
		if err != nil {
			t.Fatal(err)
		}
		b := []byte("hello typed world\x00")
		titlecase(b)
		ref2, _ := types.CreateStringBuffer("hello typed world")
		ctc := newFuncT(t, lib, "titlecase", nil, types.CharP)
		ctc.Call(ref2)
		if s, _ := ref2.Str(); string(b[:len(b)-1]) != s {
			t.Errorf("typed titlecase gave %q, ctypes-style %q", b, s)
		}

		var add2 func(goComplex, goComplex) goComplex
		if err := BindFunc(lib, "add", &add2); err != nil {
			t.Fatal(err)
		}
		if r := add2(goComplex{3.1, 4.2}, goComplex{1.9, 2.8}); r.X != rx || r.Y != ry {
			t.Errorf("BindFunc add = %+v", r)
		}
	})
}

func TestTypedErrors(t *testing.T) {
	lib := ctestLib(t)
	type bad struct {
		A int32
		S string
	}
	if _, err := Fn1[int32, bad](lib, "iadd"); !errors.Is(err, ErrSignature) {
		t.Errorf("struct with a string field: %v", err)
	}
	if _, err := Fn1[int32, chan int](lib, "iadd"); !errors.Is(err, ErrSignature) {
		t.Errorf("chan argument: %v", err)
	}
	if _, err := Fn1[int32, int32](lib, "no_such"); !errors.Is(err, ErrSymbol) {
		t.Errorf("missing symbol: %v", err)
	}
	var f func(int32) (int32, error)
	if err := BindFunc(lib, "iadd", &f); !errors.Is(err, ErrSignature) {
		t.Errorf("two results: %v", err)
	}
	if err := BindFunc(lib, "iadd", f); !errors.Is(err, ErrSignature) {
		t.Errorf("not a pointer: %v", err)
	}
}

// TestTypedCallbackArg: a Go function as a callback argument of a typed
// binding (qsort bound with Proc4).
func TestTypedCallbackArg(t *testing.T) {
	c := libc(t)
	qsort, err := Proc4[[]int32, uintptr, uintptr, *Callback](c, "qsort")
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 { return *(*int32)(a) - *(*int32)(b) })
	if err != nil {
		t.Fatal(err)
	}
	defer cmp.Free()
	data := []int32{5, -2, 9, 0, 3}
	qsort(data, uintptr(len(data)), 4, cmp)
	for i := 1; i < len(data); i++ {
		if data[i-1] > data[i] {
			t.Fatalf("not sorted: %v", data)
		}
	}
}

// goFuncCallbackCount is how many callbacks Go func arguments have made.
func goFuncCallbackCount() int {
	n := 0
	goFuncCallbacks.Range(func(_, _ any) bool { n++; return true })
	return n
}

func byInt32(a, b unsafe.Pointer) int32 {
	x, y := *(*int32)(a), *(*int32)(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func TestTypedGoFuncArg(t *testing.T) {
	c := libc(t)
	lib := callbackLib(t)
	engines(t, func(t *testing.T) {
		// qsort from libc with a plain Go func as the comparator.
		qsort, err := Proc4[[]int32, uintptr, uintptr, func(a, b unsafe.Pointer) int32](c, "qsort")
		if err != nil {
			t.Fatal(err)
		}
		data := []int32{5, -2, 9, 0, 3, math.MinInt32, math.MaxInt32, 7}
		want := slices.Clone(data)
		slices.Sort(want)
		qsort(data, uintptr(len(data)), 4, byInt32)
		if !slices.Equal(data, want) {
			t.Fatalf("qsort with a Go func = %v, want %v", data, want)
		}
		// The same func value again reuses its callback.
		n := goFuncCallbackCount()
		qsort(data, uintptr(len(data)), 4, byInt32)
		if m := goFuncCallbackCount(); m != n {
			t.Errorf("a second call with the same func made %d more callbacks", m-n)
		}

		// A closure called back by C's integrator, compared with the same
		// sum computed in C.
		integrate, err := Fn4[float64, func(float64) float64, float64, float64, int32](lib, "integrate")
		if err != nil {
			t.Fatal(err)
		}
		k := 1.0
		square := func(x float64) float64 { return k * x * x }
		got := integrate(square, 0, 3, 1000)
		isq, err := Fn3[float64, float64, float64, int32](lib, "integrate_square")
		if err != nil {
			t.Fatal(err)
		}
		if w := isq(0, 3, 1000); got != w {
			t.Errorf("integrate with a Go closure = %v, C computes %v", got, w)
		}

		// What C receives: NULL for a nil func, one stable pointer per
		// func value, the callback's own address.
		value, err := Fn1[uintptr, func(int32) int32](lib, "fnptr_value")
		if err != nil {
			t.Fatal(err)
		}
		if p := value(nil); p != 0 {
			t.Errorf("a nil func reached C as %#x, want NULL", p)
		}
		twice := func(x int32) int32 { return 2 * x }
		p1, p2 := value(twice), value(twice)
		if p1 == 0 || p1 != p2 {
			t.Errorf("one func value reached C as %#x then %#x", p1, p2)
		}
		callInt, err := Fn2[int32, uintptr, int32](lib, "call_int")
		if err != nil {
			t.Fatal(err)
		}
		if r := callInt(p1, 21); r != 42 {
			t.Errorf("C calling the func's pointer: %d, want 42", r)
		}
	})
}

func TestTypedGoFuncErrors(t *testing.T) {
	lib := callbackLib(t)
	for name, bind := range map[string]func() error{
		"func with a string parameter": func() error {
			_, err := Fn1[uintptr, func(string) int32](lib, "fnptr_value")
			return err
		},
		"func result": func() error {
			_, err := Fn1[func(int32) int32, int32](lib, "get_op")
			return err
		},
		"variadic func": func() error {
			_, err := Fn1[uintptr, func(...int32) int32](lib, "fnptr_value")
			return err
		},
		"struct with a func field": func() error {
			_, err := Fn1[uintptr, struct{ F func() }](lib, "fnptr_value")
			return err
		},
	} {
		err := bind()
		var ce *CallError
		if !errors.Is(err, ErrSignature) || !errors.As(err, &ce) || ce.Func != "fnptr_value" && ce.Func != "get_op" {
			t.Errorf("%s: got %v, want an ErrSignature CallError naming the function", name, err)
		}
	}
}

// typedRoundTrip binds the scalars.c functions of suffix s with the Go type
// T: C's limits of the type come back, pass through C's identity function
// unchanged and C recognises them; for integers C's (T)-1 widened by C
// equals the Go value widened by Go.
func typedRoundTrip[T comparable](t *testing.T, lib *Library, s string, signed, integer bool) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	rt, err := Fn1[T, T](lib, "rt_"+s)
	must(err)
	for _, lim := range []string{"min", "max"} {
		get, err := Fn0[T](lib, lim+"_"+s)
		must(err)
		is, err := Fn1[int32, T](lib, "is_"+lim+"_"+s)
		must(err)
		x := get()
		if y := rt(x); y != x {
			t.Errorf("rt_%s(%v) = %v", s, x, y)
		}
		if is(x) != 1 {
			t.Errorf("C says %v is not %s_%s", x, lim, s)
		}
	}
	if !integer {
		return
	}
	neg1, err := Fn0[T](lib, "neg1_"+s)
	must(err)
	v := neg1()
	if signed {
		widen, err := Fn1[int64, T](lib, "widen_"+s)
		must(err)
		if w := widen(v); w != -1 {
			t.Errorf("%s: C widens (T)-1 to %d, want -1", s, w)
		}
		return
	}
	uwiden, err := Fn1[uint64, T](lib, "uwiden_"+s)
	must(err)
	if w, want := uwiden(v), reflect.ValueOf(v).Convert(reflect.TypeFor[uint64]()).Uint(); w != want {
		t.Errorf("%s: C widens (T)-1 to %#x, Go to %#x", s, w, want)
	}
}

// TestTypedScalars passes every Go number type through typed bindings of
// C functions of the matching type, on every path a binding can take.
func TestTypedScalars(t *testing.T) {
	lib := scalarsLib(t)
	engines(t, func(t *testing.T) {
		typedRoundTrip[bool](t, lib, "bool", false, false)
		typedRoundTrip[int8](t, lib, "int8", true, true)
		typedRoundTrip[uint8](t, lib, "uint8", false, true)
		typedRoundTrip[int16](t, lib, "int16", true, true)
		typedRoundTrip[uint16](t, lib, "uint16", false, true)
		typedRoundTrip[int32](t, lib, "int32", true, true)
		typedRoundTrip[uint32](t, lib, "uint32", false, true)
		typedRoundTrip[int64](t, lib, "int64", true, true)
		typedRoundTrip[uint64](t, lib, "uint64", false, true)
		typedRoundTrip[int](t, lib, "long", true, true)
		typedRoundTrip[uint](t, lib, "ulong", false, true)
		typedRoundTrip[uintptr](t, lib, "size_t", false, true)
		typedRoundTrip[float32](t, lib, "float", false, false)
		typedRoundTrip[float64](t, lib, "double", false, false)
	})
}

// TestTypedPointerResult binds libc's strchr with a *byte result, through
// a generic binder and through BindFunc: C's answer is an address inside
// the Go buffer passed in, or NULL.
func TestTypedPointerResult(t *testing.T) {
	c := libc(t)
	engines(t, func(t *testing.T) {
		strchr, err := Fn2[*byte, []byte, int32](c, "strchr")
		if err != nil {
			t.Fatal(err)
		}
		var bound func([]byte, int32) *byte
		if err := BindFunc(c, "strchr", &bound); err != nil {
			t.Fatal(err)
		}
		buf := []byte("hello\x00")
		for name, f := range map[string]func([]byte, int32) *byte{"Fn2": strchr, "BindFunc": bound} {
			if p := f(buf, 'l'); p != &buf[2] {
				t.Errorf("%s: strchr(\"hello\", 'l') = %p, want %p", name, p, &buf[2])
			}
			if p := f(buf, 'z'); p != nil {
				t.Errorf("%s: strchr(\"hello\", 'z') = %p, want nil", name, p)
			}
		}
	})
}

// TestTypedRefusesGoPointers: Go memory holding Go pointers or Go headers
// never reaches C as C data: such bindings are refused when made.
func TestTypedRefusesGoPointers(t *testing.T) {
	lib := ctestLib(t)
	type withString struct {
		S string
		N int32
	}
	type withPtr struct{ P *int }
	type nested struct{ In [2]withPtr }
	tries := map[string]func() error{
		"[]string":        func() error { _, err := Fn2[uint64, []string, int32](lib, "iadd"); return err },
		"[]*int":          func() error { _, err := Fn2[uint64, []*int, int32](lib, "iadd"); return err },
		"*[]int":          func() error { _, err := Fn2[uint64, *[]int, int32](lib, "iadd"); return err },
		"[]any":           func() error { _, err := Fn2[uint64, []any, int32](lib, "iadd"); return err },
		"*map[int]int":    func() error { _, err := Fn2[uint64, *map[int]int, int32](lib, "iadd"); return err },
		"struct string":   func() error { _, err := Fn2[uint64, withString, int32](lib, "iadd"); return err },
		"*struct string":  func() error { _, err := Fn2[uint64, *withString, int32](lib, "iadd"); return err },
		"nested pointer":  func() error { _, err := Fn2[uint64, nested, int32](lib, "iadd"); return err },
		"[]*Callback":     func() error { _, err := Fn2[uint64, []*Callback, int32](lib, "iadd"); return err },
		"result []string": func() error { _, err := Fn2[[]string, int32, int32](lib, "iadd"); return err },
		"BindFunc []string": func() error {
			var f func([]string, int32) uint64
			return BindFunc(lib, "iadd", &f)
		},
		"callback string field": func() error { _, err := NewCallbackFunc(func(withString) int32 { return 0 }); return err },
	}
	for name, try := range tries {
		err := try()
		if err == nil {
			t.Errorf("%s: bound, want an error", name)
			continue
		}
		if !errors.Is(err, ErrSignature) {
			t.Errorf("%s: %v, want ErrSignature", name, err)
		}
	}
	// What stays allowed: pointer-free Go memory.
	if _, err := Fn2[int32, []int32, *float64](lib, "iadd"); err != nil {
		t.Errorf("[]int32, *float64: %v", err)
	}
}

// TestTypedDirect checks how typed closures call (binding.mode): on
// linux/amd64, a void or scalar result of at most 8 bytes in a register
// by a direct call inlined into the closure (callconv.Direct), a struct
// in two registers by the plan's CallPair, one in memory by its CallMem;
// elsewhere through invoke. TestTypedScalars checks the values on
// whatever path this chooses.
func TestTypedDirect(t *testing.T) {
	lib := scalarsLib(t)
	structs, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	amd64 := runtime.GOOS == "linux" && runtime.GOARCH == "amd64"
	i8, i16, u16, i32, i64, f32, f64, bl := typeFor[int8](), typeFor[int16](), typeFor[uint16](), typeFor[int32](), typeFor[int64](), typeFor[float32](), typeFor[float64](), typeFor[bool]()
	up := typeFor[uintptr]()
	for _, c := range []struct {
		lib  *Library
		name string
		ret  reflect.Type
		args []reflect.Type
		mode uint8
	}{
		{lib, "rt_int8", i8, []reflect.Type{i8}, modeRet32},
		{lib, "rt_int16", i16, []reflect.Type{i16}, modeRet32},
		{lib, "rt_uint16", u16, []reflect.Type{u16}, modeRet32},
		{lib, "rt_bool", bl, []reflect.Type{bl}, modeRet32},
		{lib, "rt_int32", i32, []reflect.Type{i32}, modeRet32},
		{lib, "min_int32", i32, nil, modeRet32},
		{lib, "rt_int64", i64, []reflect.Type{i64}, modeRAX},
		{lib, "rt_size_t", up, []reflect.Type{up}, modeRAX},
		{lib, "rt_double", f64, []reflect.Type{f64}, modeXMM0},
		{lib, "rt_float", f32, []reflect.Type{f32}, modeXMM0},
		{lib, "max_double", f64, nil, modeXMM0},
		{structs, "leaf_triple", nil, []reflect.Type{typeFor[*int32](), i32}, modeRet32},
		{structs, "leaf_vec3_scale", typeFor[leafVec3](), []reflect.Type{f64, f64, f64, f64}, modeMem},
		{structs, "leaf_pair_mix", typeFor[leafPair](), []reflect.Type{typeFor[leafPair](), i32}, modePair},
	} {
		b, err := bindTyped(c.lib, c.name, nil, c.ret, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		b.atBlock(blockOffsets(c.args...)...) // as FnN does
		want := c.mode
		if !amd64 {
			want = modeInvoke
		}
		if uint8(b.mode.Load()) != want {
			t.Errorf("%s: mode %d, want %d", c.name, b.mode.Load(), want)
		}
	}
}

// TestCallAsDirect checks how CallAs calls once a Func's plan has its
// boxed form (prepared.boxedMode): on linux/amd64 the direct calls of
// TestTypedDirect, CallPair for a struct in two registers, the direct leaf
// trampoline for a leaf function; and that the values are C's: the
// identity function of each type returns the limit C gives, and C
// recognises it.
func TestCallAsDirect(t *testing.T) {
	lib := scalarsLib(t)
	amd64 := runtime.GOOS == "linux" && runtime.GOARCH == "amd64"
	want := func(m uint8) uint8 {
		if !amd64 {
			return modeInvoke
		}
		return m
	}
	mode := func(f *Func) uint8 {
		if p := f.cur.Load(); p != nil {
			return p.boxedMode
		}
		return 255
	}
	check := func(s string, typ *types.Type, direct uint8, leaf bool, round func(f *Func, lim *Func) bool) {
		t.Helper()
		m := direct
		if leaf {
			m = modeLeaf
		}
		for _, lim := range []string{"min", "max"} {
			get := newFuncT(t, lib, lim+"_"+s, typ)
			rt := newFuncT(t, lib, "rt_"+s, typ, typ)
			rt.Leaf = leaf
			for i := 0; i < 2; i++ { // the first call plans, the second is ready's
				if !round(rt, get) {
					t.Errorf("rt_%s: CallAs did not return C's %s_%s", s, lim, s)
				}
			}
			if got := mode(rt); got != want(m) {
				t.Errorf("rt_%s leaf %v: boxedMode %d, want %d", s, leaf, got, want(m))
			}
			if got := mode(get); got != want(direct) { // no argument: the same direct call
				t.Errorf("%s_%s: boxedMode %d, want %d", lim, s, got, want(direct))
			}
			is := newFuncT(t, lib, "is_"+lim+"_"+s, types.Int32, typ)
			x, _ := CallAs[*types.Value](get)
			if r, err := CallAs[int32](is, x); err != nil || r != 1 {
				t.Errorf("is_%s_%s: %d, %v", lim, s, r, err)
			}
		}
	}
	for _, leaf := range []bool{false, true} {
		check("int8", types.Int8, modeRet32, leaf, func(f, g *Func) bool { return roundTrip[int8](t, f, g) })
		check("uint16", types.Uint16, modeRet32, leaf, func(f, g *Func) bool { return roundTrip[uint16](t, f, g) })
		check("bool", types.Bool, modeRet32, leaf, func(f, g *Func) bool { return roundTrip[bool](t, f, g) })
		check("int32", types.Int32, modeRet32, leaf, func(f, g *Func) bool { return roundTrip[int32](t, f, g) })
		check("int64", types.Int64, modeRAX, leaf, func(f, g *Func) bool { return roundTrip[int64](t, f, g) })
		check("uint32", types.Uint32, modeRet32, leaf, func(f, g *Func) bool { return roundTrip[uint32](t, f, g) })
		check("double", types.Double, modeXMM0, leaf, func(f, g *Func) bool { return roundTrip[float64](t, f, g) })
		check("float", types.Float, modeXMM0, leaf, func(f, g *Func) bool { return roundTrip[float32](t, f, g) })
	}
	// A struct in registers (two eightbytes): the plan's CallPair.
	structs, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	pair, err := types.StructOf("leaf_pair", []types.Field{{Name: "a", Type: types.LongLong}, {Name: "b", Type: types.Double}})
	if err != nil {
		t.Fatal(err)
	}
	type goPair struct {
		A int64
		B float64
	}
	f := newFuncT(t, structs, "leaf_pair_mix", pair, pair, types.Int32)
	for i := 0; i < 2; i++ {
		r, err := CallAs[goPair](f, goPair{A: -6, B: 3}, int32(3))
		if err != nil || r != (goPair{A: -18, B: 1}) {
			t.Fatalf("leaf_pair_mix: %+v, %v", r, err)
		}
	}
	if got := mode(f); got != want(modePair) {
		t.Errorf("leaf_pair_mix: boxedMode %d, want %d", got, want(modePair))
	}
}

// roundTrip calls get (a limit of T, through CallAs) and f, T's identity
// in C, with it: whether f returned it unchanged.
func roundTrip[T comparable](t *testing.T, f, get *Func) bool {
	t.Helper()
	x, err := CallAs[T](get)
	if err != nil {
		t.Fatal(err)
	}
	y, err := CallAs[T](f, x)
	if err != nil {
		t.Fatal(err)
	}
	return x == y
}

// minLong is C's LONG_MIN, as C widens it to a long long.
func minLong(t *testing.T, lib *Library) int64 {
	t.Helper()
	f := newFuncT(t, lib, "min_long", types.Long)
	w := newFuncT(t, lib, "widen_long", types.LongLong, types.Long)
	x, err := f.Call()
	if err != nil {
		t.Fatal(err)
	}
	y, err := CallAs[int64](w, x)
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// TestGoIntInMemory checks Go int and uint, which stand for C long and
// unsigned long: by value they convert (a 4-byte long, Win64's, widens into
// a Go int with its sign), but in memory, where the sizes must agree, a Go
// int is refused where long is 4 bytes: a Go struct {int; double} is not C's
// {long; double} there (it was taken for it, its int reading 4 bytes of
// C's padding), nor a []int a long*.
func TestGoIntInMemory(t *testing.T) {
	lib := scalarsLib(t)
	for _, lim := range []string{"min", "max"} {
		get, err := Fn0[int](lib, lim+"_long")
		if err != nil {
			t.Fatal(err)
		}
		widen, _ := Fn1[int64, int](lib, "widen_long")
		rt, _ := Fn1[int, int](lib, "rt_long")
		x := get()
		if w := widen(x); int64(x) != w || rt(x) != x {
			t.Errorf("%s_long: Go int %d, C widens it to %d, its identity returns %d", lim, x, w, rt(x))
		}
		uget, _ := Fn0[uint](lib, lim+"_ulong")
		uwiden, _ := Fn1[uint64, uint](lib, "uwiden_ulong")
		if u := uget(); uint64(u) != uwiden(u) {
			t.Errorf("%s_ulong: Go uint %d, C widens it to %d", lim, u, uwiden(u))
		}
	}
	// A callback's Go int parameters for C longs, in registers and on the
	// stack, and its Go int result.
	cb, err := CallbackFn5[int, int, int, int, int, int](func(a, b, c, d, e int) int {
		if b != a+1 || c != -a || int64(d) != minLong(t, lib) || e <= 0 {
			t.Errorf("long callback: arguments %d %d %d %d %d", a, b, c, d, e)
		}
		return a + b + c
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	call, err := Fn2[int, *Callback, int](lib, "call_long5")
	if err != nil {
		t.Fatal(err)
	}
	if got := call(cb, -40); got != -39 {
		t.Errorf("call_long5: %d, want -39", got)
	}
	f0 := newFuncT(t, lib, "min_long", types.Long)
	if x, err := CallAs[int](f0); err != nil || int64(x) != minLong(t, lib) {
		t.Errorf("CallAs[int] of min_long: %d, %v", x, err)
	}

	long8 := types.Long.Size() == 8
	_, _, err = goCType(typeFor[struct {
		A int
		B float64
	}]())
	if long8 != (err == nil) {
		t.Errorf("Go struct {int; float64} with a %d-byte long: %v", types.Long.Size(), err)
	}
	if err != nil {
		t.Logf("%v", err)
	}
	_, _, err = goCType(typeFor[[]int]())
	if long8 != (err == nil) {
		t.Errorf("[]int with a %d-byte long: %v", types.Long.Size(), err)
	}
	_, _, err = goCType(typeFor[*uint]())
	if long8 != (err == nil) {
		t.Errorf("*uint with a %d-byte long: %v", types.Long.Size(), err)
	}

	leaf, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	pairL := types.MustStructOf("leaf_pair_long", []types.Field{types.F("a", types.Long), types.F("b", types.Double)})
	f := newFuncT(t, leaf, "leaf_pair_mix", pairL, pairL, types.Int32)
	type goPair struct {
		A int
		B float64
	}
	r, err := CallAs[goPair](f, goPair{A: -6, B: 3}, int32(3))
	switch {
	case long8 && (err != nil || r != goPair{A: -18, B: 1}):
		t.Errorf("leaf_pair_mix with an 8-byte long: %+v, %v", r, err)
	case !long8 && !errors.Is(err, ErrResult):
		t.Errorf("leaf_pair_mix with a %d-byte long into a Go int field: %+v, %v; want ErrResult", types.Long.Size(), r, err)
	}
	v, err := CallAs[*types.Value](f, goPair{A: -6, B: 3}, int32(3))
	switch {
	case long8 && err != nil:
		t.Errorf("leaf_pair_mix with an 8-byte long: %v", err)
	case long8:
		if a, err := v.Field("a").Int(); err != nil || a != -18 {
			t.Errorf("leaf_pair_mix with an 8-byte long: %v (a %d, %v)", v, a, err)
		}
	case !errors.Is(err, types.ErrConvert):
		t.Errorf("leaf_pair_mix with a %d-byte long and a Go int field: %v, %v; want ErrConvert", types.Long.Size(), v, err)
	}
	if err != nil {
		t.Logf("%v", err)
	}
}

// TestBindFuncLong checks BindFunc past the typed bindings' 20 arguments,
// and with a string and a slice among them, against C's own sums.
func TestBindFuncLong(t *testing.T) {
	lib := scalarsLib(t)
	var sum24 func(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23 int64) int64
	if err := BindFunc(lib, "sum24_ll", &sum24); err != nil {
		t.Fatal(err)
	}
	f := newFuncT(t, lib, "sum24_ll", types.LongLong, slices.Repeat([]*types.Type{types.LongLong}, 24)...)
	for k := int64(-2); k < 3; k++ {
		a := make([]int64, 24)
		args := make([]any, 24)
		for i := range a {
			a[i] = k*int64(i*i) - int64(i)<<33
			args[i] = a[i]
		}
		want, err := CallAs[int64](f, args...)
		if err != nil {
			t.Fatal(err)
		}
		if got := sum24(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23]); got != want {
			t.Errorf("sum24_ll through BindFunc: %d, C says %d", got, want)
		}
	}
	var strLen func(string) uint
	if err := BindFunc(lib, "str_len", &strLen); err != nil {
		t.Fatal(err)
	}
	if n := strLen("héllo"); n != uint(len("héllo")) {
		t.Errorf("str_len through BindFunc: %d", n)
	}
}

// TestDeclaredPlansShared checks that Funcs of one declared signature share
// its prepared plan (prepcache.go), that a Func whose Argtypes change in
// place plans anew without touching the others', and that a leaf Func has
// a plan of its own.
func TestDeclaredPlansShared(t *testing.T) {
	if forceLibffi {
		t.Skip("the forced libffi engine plans each Func")
	}
	lib := scalarsLib(t)
	f1 := newFuncT(t, lib, "rt_int32", types.Int32, types.Int32)
	f2 := newFuncT(t, lib, "rt_int32", types.Int32, types.Int32)
	f3 := newFuncT(t, lib, "rt_int32", types.Int32, types.Int32)
	f3.Leaf = true
	for _, f := range []*Func{f1, f2, f3} {
		if r, err := CallAs[int32](f, int32(-7)); err != nil || r != -7 {
			t.Fatalf("rt_int32(-7): %d, %v", r, err)
		}
	}
	p1, p2, p3 := f1.cur.Load(), f2.cur.Load(), f3.cur.Load()
	if p1 == nil || p1 != p2 {
		t.Errorf("two Funcs of int32(int32): plans %p and %p, want one", p1, p2)
	}
	if p3 == p1 {
		t.Error("a leaf Func shares an ordinary Func's plan")
	}
	if types.Int == types.Int32 {
		t.Fatal("c_int and c_int32 are one *Type: the test needs two")
	}
	f2.Argtypes[0] = types.Int // in place: c_int, another *Type of the same C type
	if r, err := CallAs[int32](f2, int32(-9)); err != nil || r != -9 {
		t.Errorf("rt_int32 declared c_int(-9): %d, %v", r, err)
	}
	if f2.cur.Load() == p1 || f1.cur.Load() != p1 || p1.declared[0] != types.Int32 {
		t.Error("a change of one Func's Argtypes reached another's plan")
	}
	if r, err := CallAs[int32](f1, int32(5)); err != nil || r != 5 {
		t.Errorf("rt_int32(5) after the other Func changed: %d, %v", r, err)
	}
}

// TestDeclaredPlansSharedConcurrent calls two Funcs that share a plan with
// output parameters from several goroutines at once: each call's output
// parameter gets C's value (the shared plan's cells serve one call at a
// time; the others take their own).
func TestDeclaredPlansSharedConcurrent(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	intP := types.PointerTo(types.Int32)
	fs := []*Func{
		newFuncT(t, lib, "leaf_triple", types.Void, intP, types.Int32),
		newFuncT(t, lib, "leaf_triple", types.Void, intP, types.Int32),
	}
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func(g int) {
			f := fs[g%2]
			for i := int32(0); i < 2000; i++ {
				var out int32
				v := int32(g)*10000 + i
				if _, err := CallAs[*types.Value](f, &out, v); err != nil || out != 3*v+1 {
					errs <- fmt.Errorf("goroutine %d: leaf_triple(%d): %d, %v", g, v, out, err)
					return
				}
			}
			errs <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if !forceLibffi && fs[0].cur.Load() != fs[1].cur.Load() {
		t.Error("the two Funcs of one signature have two plans")
	}
}
