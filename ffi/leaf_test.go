package ffi

import (
	"errors"
	"math"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

// leafTrampolines reports whether this platform's engine makes leaf calls
// (elsewhere a leaf declaration makes ordinary calls).
var leafTrampolines = runtime.GOARCH == "amd64" && (runtime.GOOS == "linux" || runtime.GOOS == "windows") || runtime.GOOS == "linux" && runtime.GOARCH == "arm64"

type leafVec3 struct{ X, Y, Z float64 }

type leafPair struct {
	A int64 // C's long long
	B float64
}

// TestLeafTyped checks typed leaf bindings against ordinary ones of the
// same C functions (testdata/leaf.c): results computed by C, every shape of
// the plan (registers, a struct returned in memory, a struct in registers
// both ways, 20 arguments), and that the engine made them leaf where it
// can, or ordinary calls where it cannot (the libffi engine).
func TestLeafTyped(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		add, err := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(0))
		if err != nil {
			t.Fatal(err)
		}
		add0, _ := Fn2[int32, int32, int32](lib, "leaf_add")
		sin, _ := Fn1[float64, float64](lib, "leaf_sin", Leaf(16<<10))
		sin0, _ := Fn1[float64, float64](lib, "leaf_sin")
		scale, _ := Fn4[leafVec3, float64, float64, float64, float64](lib, "leaf_vec3_scale", Leaf(0))
		scale0, _ := Fn4[leafVec3, float64, float64, float64, float64](lib, "leaf_vec3_scale")
		mix, _ := Fn2[leafPair, leafPair, int32](lib, "leaf_pair_mix", Leaf(0))
		mix0, _ := Fn2[leafPair, leafPair, int32](lib, "leaf_pair_mix")
		type L = int64
		type D = float64
		m20, err := Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_mix20", Leaf(0))
		if err != nil {
			t.Fatal(err)
		}
		m20o, _ := Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_mix20")
		for i := int32(-3); i < 50; i++ {
			x := float64(i) * 0.37
			if got, want := add(i, 7*i+1), add0(i, 7*i+1); got != want || want != 8*i+1 {
				t.Fatalf("leaf_add(%d): leaf %d, ordinary %d", i, got, want)
			}
			if got, want := sin(x), sin0(x); got != want {
				t.Fatalf("leaf_sin(%g): leaf %g, ordinary %g", x, got, want)
			}
			if got, want := scale(x, 1, -x, 3), scale0(x, 1, -x, 3); got != want {
				t.Fatalf("leaf_vec3_scale: leaf %v, ordinary %v", got, want)
			}
			if got, want := mix(leafPair{int64(i), x}, 3), mix0(leafPair{int64(i), x}, 3); got != want {
				t.Fatalf("leaf_pair_mix: leaf %v, ordinary %v", got, want)
			}
			a := L(i)
			if got, want := m20(a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9),
				m20o(a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9); got != want {
				t.Fatalf("leaf_mix20: leaf %g, ordinary %g", got, want)
			}
		}
		b, _ := bindTyped(lib, "leaf_add", []BindOption{Leaf(0)}, typeFor[int32](), typeFor[int32](), typeFor[int32]())
		if want := leafTrampolines && !forceLibffi; isLeaf(b.eng) != want {
			t.Errorf("leaf binding made by a leaf trampoline: %v, want %v", isLeaf(b.eng), want)
		}
	})
}

// TestLeafFunc checks Func.Leaf: CallAs and Call give what the ordinary
// call gives, changing Leaf changes the plan, and an impossible bound is an
// error before C runs.
func TestLeafFunc(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		f, _ := lib.Func("leaf_sin")
		f.Restype, f.Argtypes = types.Double, []*types.Type{types.Double}
		want, err := CallAs[float64](f, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		f.Leaf = true
		got, err := CallAs[float64](f, 0.5)
		if err != nil || got != want || got != math.Sin(0.5) {
			t.Fatalf("leaf CallAs: %v, %v; ordinary %v", got, err, want)
		}
		if p := f.cur.Load(); isLeaf(p.eng) != (leafTrampolines && !forceLibffi) {
			t.Errorf("Func.Leaf made a leaf plan: %v", isLeaf(p.eng))
		}
		if v, err := f.Call(0.5); err != nil || v != want {
			t.Fatalf("leaf Call: %v, %v", v, err)
		}
		f.LeafStack = 2 << 20
		if _, err := CallAs[float64](f, 0.5); !errors.Is(err, ErrLeaf) {
			t.Errorf("a 2 MiB leaf stack: %v, want ErrLeaf", err)
		}
		if _, err := Fn1[float64, float64](lib, "leaf_sin", Leaf(2<<20)); !errors.Is(err, ErrLeaf) {
			t.Errorf("a 2 MiB leaf stack for a typed binding: %v, want ErrLeaf", err)
		}
		f.Leaf, f.LeafStack = false, 0
		if got, err := CallAs[float64](f, 0.5); err != nil || got != want {
			t.Fatalf("Leaf off again: %v, %v", got, err)
		}
	})
}

// TestLeafClosed: a leaf binding of a closed library is refused like any
// other, before C runs.
func TestLeafClosed(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	add, _ := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(0))
	f, _ := lib.Func("leaf_add")
	f.Argtypes, f.Leaf = []*types.Type{types.Int, types.Int}, true
	if v, err := CallAs[int32](f, 2, 3); err != nil || v != 5 {
		t.Fatalf("before Close: %v %v", v, err)
	}
	if v, err := CallAs[int32](f, int32(2), int32(3)); err != nil || v != 5 {
		t.Fatalf("before Close, int32 arguments (the boxed path): %v %v", v, err)
	}
	g, _ := lib.Func("leaf_add") // not leaf
	g.Argtypes, g.Restype = []*types.Type{types.Int, types.Int}, types.Int
	if v, err := CallAs[int32](g, int32(2), int32(3)); err != nil || v != 5 {
		t.Fatalf("before Close, not leaf: %v %v", v, err)
	}
	lib.Close()
	if _, err := CallAs[int32](f, 2, 3); !errors.Is(err, ErrClosed) {
		t.Errorf("CallAs after Close: %v, want ErrClosed", err)
	}
	if _, err := CallAs[int32](f, int32(2), int32(3)); !errors.Is(err, ErrClosed) {
		t.Errorf("CallAs after Close, int32 arguments: %v, want ErrClosed", err)
	}
	if _, err := CallAs[int32](g, int32(2), int32(3)); !errors.Is(err, ErrClosed) {
		t.Errorf("CallAs after Close, not leaf: %v, want ErrClosed", err)
	}
	defer func() {
		if err, _ := recover().(error); !errors.Is(err, ErrClosed) {
			t.Errorf("typed leaf call after Close: panic %v, want ErrClosed", err)
		}
	}()
	add(2, 3)
}

// TestLeafCallbackFatal: a callback into Go during a leaf call ends the
// program with a fatal error naming the leaf function (in a child
// process), never a recovered panic or a hang.
func TestLeafCallbackFatal(t *testing.T) {
	if !leafTrampolines {
		t.Skip("skipping: no leaf trampoline on this platform (leaf declarations make ordinary calls)")
	}
	cmd := testexec.Command(t, "leafcallback", cbuild.Test(t, "leaf"))
	cmd.Stderr = nil
	out, err := cmd.CombinedOutput()
	t.Logf("child: %v\n%s", err, out)
	if err == nil {
		t.Fatalf("the child survived a callback during a leaf call:\n%s", out)
	}
	for _, want := range []string{"fatal error", "leaf", "leaf_apply"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "RECOVERED") {
		t.Errorf("the callback's fault was recovered:\n%s", out)
	}
}

// leafCallbackChild calls leaf_apply, declared leaf, with a Go callback: it
// must die with a fatal error.
func leafCallbackChild(args []string) int {
	lib, err := CDLL(args[0])
	if err != nil {
		return 2
	}
	apply, err := Fn2[int32, func(int32) int32, int32](lib, "leaf_apply", Leaf(0))
	if err != nil {
		return 2
	}
	defer func() {
		if r := recover(); r != nil {
			os.Stdout.WriteString("RECOVERED\n")
		}
	}()
	apply(func(x int32) int32 { return x * 2 }, 20)
	os.Stdout.WriteString("the call returned\n")
	return 0
}

var _ = callconv.Supported

// TestLeafDirect checks which leaf bindings the closures call through the
// engine's direct leaf trampoline (linux/amd64: the default bound, a
// loader, a result of one register or in memory), so that TestLeafTyped and the stress
// tests exercise both that way and InvokeLeaf's.
func TestLeafDirect(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	i32, f64, v3, pair := typeFor[int32](), typeFor[float64](), typeFor[leafVec3](), typeFor[leafPair]()
	direct := runtime.GOOS == "linux" && runtime.GOARCH == "amd64"
	for _, c := range []struct {
		name   string
		opts   []BindOption
		ret    reflect.Type
		args   []reflect.Type
		direct bool
	}{
		{"leaf_add", []BindOption{Leaf(0)}, i32, []reflect.Type{i32, i32}, direct},
		{"leaf_sin", []BindOption{Leaf(16 << 10)}, f64, []reflect.Type{f64}, false},
		// A struct in memory: C writes it where the closure's result is
		// (the leaf plan's loader loads the hidden pointer from the frame).
		{"leaf_vec3_scale", []BindOption{Leaf(0)}, v3, []reflect.Type{f64, f64, f64, f64}, direct},
		{"leaf_vec3_scale", []BindOption{Leaf(16 << 10)}, v3, []reflect.Type{f64, f64, f64, f64}, false},
		{"leaf_add", nil, i32, []reflect.Type{i32, i32}, false},
		// A struct in registers (rax and xmm0): the trampoline stores it.
		{"leaf_pair_mix", []BindOption{Leaf(0)}, pair, []reflect.Type{pair, i32}, direct},
		// No arguments: a loader that loads nothing.
		{"leaf_tick", []BindOption{Leaf(0)}, typeFor[int64](), nil, direct},
		{"leaf_pi", []BindOption{Leaf(0)}, f64, nil, direct},
	} {
		b, err := bindTyped(lib, c.name, c.opts, c.ret, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		b.atBlock(blockOffsets(c.args...)...) // as FnN does
		if got := b.leafHdr != nil; got != c.direct {
			t.Errorf("%s %d options: direct leaf call %v, want %v", c.name, len(c.opts), got, c.direct)
		}
	}
	// Func.Call and CallAs: the same choice, made for the Func's plan.
	for _, c := range []struct {
		stack  uintptr
		direct bool
	}{{0, direct}, {16 << 10, false}} {
		f, err := lib.Func("leaf_add")
		if err != nil {
			t.Fatal(err)
		}
		f.Restype, f.Argtypes = types.Int32, []*types.Type{types.Int32, types.Int32}
		f.Leaf, f.LeafStack = true, c.stack
		if r, err := CallAs[int32](f, int32(2), int32(40)); err != nil || r != 42 {
			t.Fatalf("CallAs leaf_add(2, 40) = %d, %v", r, err)
		}
		li, _ := f.cur.Load().eng.(*leafInvoker)
		if got := li != nil && li.hdr != nil; got != c.direct {
			t.Errorf("Func leaf_add, LeafStack %d: direct leaf call %v, want %v", c.stack, got, c.direct)
		}
	}
}

// blockOffsets returns the offsets of the fields of a Go struct of fields
// of the types ts, in order: a blockN's, of the arguments of a typed
// closure.
func blockOffsets(ts ...reflect.Type) []uintptr {
	fs := make([]reflect.StructField, len(ts))
	for i, t := range ts {
		fs[i] = reflect.StructField{Name: "A" + strconv.Itoa(i), Type: t}
	}
	st := reflect.StructOf(fs)
	offs := make([]uintptr, len(ts))
	for i := range offs {
		offs[i] = st.Field(i).Offset
	}
	return offs
}

// TestLeafVoidOut: CallAs[*types.Value] of a void function with an
// out-parameter, leaf (the direct trampoline where there is one) and not:
// the result is nil and the out-parameter holds what C stored.
func TestLeafVoidOut(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	engines(t, func(t *testing.T) {
		for _, leaf := range []bool{false, true} {
			f, err := lib.Func("leaf_triple")
			if err != nil {
				t.Fatal(err)
			}
			f.Restype, f.Argtypes = types.Void, []*types.Type{types.PointerTo(types.Int32), types.Int32}
			f.Leaf = leaf
			for i := range int32(3) {
				out := int32(-7)
				r, err := CallAs[*types.Value](f, &out, 10+i)
				if err != nil || r != nil || out != 31+3*i {
					t.Fatalf("leaf %v: CallAs leaf_triple(&out, %d) = %v, %v; out %d, want nil, nil; out %d", leaf, 10+i, r, err, out, 31+3*i)
				}
				v, err := f.Call(&out, 20+i)
				if err != nil || v != nil || out != 61+3*i {
					t.Fatalf("leaf %v: Call leaf_triple(&out, %d) = %v, %v; out %d, want nil, nil; out %d", leaf, 20+i, v, err, out, 61+3*i)
				}
			}
		}
	})
}

// TestCallAsFuncChanged: CallAs's quick check (ready) sees a Func changed
// between calls, its Argtypes in place or its Restype, on the path where
// every argument is its C value (int32 for int).
func TestCallAsFuncChanged(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	f, _ := lib.Func("leaf_add")
	f.Argtypes, f.Restype = []*types.Type{types.Int, types.Int}, types.Int
	for range 3 {
		if v, err := CallAs[int32](f, int32(200), int32(100)); err != nil || v != 300 {
			t.Fatalf("leaf_add(200, 100): %v %v", v, err)
		}
	}
	f.Argtypes[1] = types.Int8 // in place
	if v, err := CallAs[int32](f, int32(200), int32(300)); err == nil {
		t.Errorf("leaf_add(200, 300) with argument 2 c_int8: %v, want an error (300 is no int8)", v)
	}
	f.Argtypes[1] = types.Int
	for range 3 {
		if v, err := CallAs[int32](f, int32(200), int32(100)); err != nil || v != 300 {
			t.Fatalf("leaf_add(200, 100) again: %v %v", v, err)
		}
	}
	f.Restype = types.Int8
	if v, err := CallAs[int32](f, int32(200), int32(100)); err != nil || v != 44 {
		t.Errorf("leaf_add(200, 100) with restype c_int8: %v %v, want 44 (300 as int8)", v, err)
	}
}

// TestLeafNoArguments: leaf calls of functions without arguments, through
// a typed binding, CallAs and Func.Call, against ordinary calls of the
// same functions: C's counter goes up by one at each call, whichever way
// it is made, and C's double is the same.
func TestLeafNoArguments(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	engines(t, func(t *testing.T) {
		tick0, err := Fn0[int64](lib, "leaf_tick")
		if err != nil {
			t.Fatal(err)
		}
		tick, _ := Fn0[int64](lib, "leaf_tick", Leaf(0))
		pi0, _ := Fn0[float64](lib, "leaf_pi")
		pi, _ := Fn0[float64](lib, "leaf_pi", Leaf(0))
		ft, _ := NewFunc(tick0Addr(t, lib), "leaf_tick", types.Long)
		ft.Leaf = true
		fp, _ := NewFunc(tick0AddrOf(t, lib, "leaf_pi"), "leaf_pi", types.Double)
		fp.Leaf = true
		want := tick0() + 1
		for i := 0; i < 3; i++ { // the first call learns R; the others take the direct way
			if got := tick(); got != want {
				t.Fatalf("typed leaf leaf_tick() = %d, want %d", got, want)
			}
			want++
			if got, err := CallAs[int64](ft); err != nil || got != want {
				t.Fatalf("CallAs leaf leaf_tick() = %d, %v, want %d", got, err, want)
			}
			want++
			if got, err := ft.Call(); err != nil || got != want {
				t.Fatalf("Func.Call leaf leaf_tick() = %v, %v, want %d", got, err, want)
			}
			want++
			if got := tick0(); got != want {
				t.Fatalf("leaf_tick() = %d after the leaf calls, want %d", got, want)
			}
			want++
			p := pi0()
			if got := pi(); got != p {
				t.Errorf("typed leaf leaf_pi() = %v, want %v", got, p)
			}
			if got, err := CallAs[float64](fp); err != nil || got != p {
				t.Errorf("CallAs leaf leaf_pi() = %v, %v, want %v", got, err, p)
			}
		}
	})
}

func tick0Addr(t *testing.T, lib *Library) uintptr { return tick0AddrOf(t, lib, "leaf_tick") }

func tick0AddrOf(t *testing.T, lib *Library, name string) uintptr {
	t.Helper()
	a, err := lib.Sym(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
