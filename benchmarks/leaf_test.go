//go:build (amd64 || arm64) && (linux || darwin || freebsd || windows)

package benchmarks

import (
	"sync"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// The leaf benchmark: the short C functions of testdata/leaf.c, the
// shapes issue 11's targets name (an int add, sin, a 3-double struct
// returned in memory, a 20-argument call), each called through cgo, a
// typed binding, a typed binding declared leaf (ffi.Leaf), CallAs and
// CallAs of a Func declared leaf (Func.Leaf). The matrix's functions
// (testdata/matrix.c) hash every argument and call fmod, about 500
// instructions for 20 arguments: a leaf call cannot take less than that,
// so its 20-argument ratio says little about the call. leaf_mix20 is a
// weighted sum of its twenty arguments (about 170 instructions: it copies
// them into arrays and loops), leaf_sum20 their plain sum (about 30).
//
// Each implementation's loop returns the sum of its results; every
// benchmark checks it against the ordinary typed call's (C's answers,
// with or without cgo), so a wrong leaf call fails.

var leafShapes = []string{"add", "sin", "vec3", "mix20", "sum20"}

var (
	leafOnce sync.Once
	leafImpl map[string]map[string]func(n int) float64
	leafErr  error
)

func leafSetup(tb testing.TB) map[string]map[string]func(n int) float64 {
	tb.Helper()
	path := cbuild.Test(tb, "leaf")
	leafOnce.Do(func() { leafImpl, leafErr = makeLeafImpl(path) })
	if leafErr != nil {
		tb.Fatal(leafErr)
	}
	return leafImpl
}

func makeLeafImpl(path string) (map[string]map[string]func(n int) float64, error) {
	lib, err := ffi.CDLL(path)
	if err != nil {
		return nil, err
	}
	if cgoLeafLoad != nil {
		if err := cgoLeafLoad(path); err != nil {
			return nil, err
		}
	}
	m := map[string]map[string]func(n int) float64{}
	for _, s := range leafShapes {
		m[s] = map[string]func(n int) float64{}
		if f := cgoLeaf[s]; f != nil {
			m[s]["cgo"] = f
		}
	}
	args20 := []*types.Type{types.Int64, types.Double, types.Int64, types.Double, types.Int64, types.Double,
		types.Int64, types.Double, types.Int64, types.Double, types.Int64, types.Double, types.Int64, types.Double,
		types.Int64, types.Double, types.Int64, types.Double, types.Int64, types.Double}
	vec3T := types.MustStructOf("leaf_vec3", []types.Field{types.F("x", types.Double), types.F("y", types.Double), types.F("z", types.Double)})
	funcs := map[string]*ffi.Func{}
	for _, c := range []struct {
		shape, name string
		rt          *types.Type
		args        []*types.Type
	}{
		{"add", "leaf_add", types.Int32, []*types.Type{types.Int32, types.Int32}},
		{"sin", "leaf_sin", types.Double, []*types.Type{types.Double}},
		{"vec3", "leaf_vec3_scale", vec3T, []*types.Type{types.Double, types.Double, types.Double, types.Double}},
		{"mix20", "leaf_mix20", types.Double, args20},
		{"sum20", "leaf_sum20", types.Double, args20},
	} {
		for _, leaf := range []bool{false, true} {
			addr, err := lib.Sym(c.name)
			if err != nil {
				return nil, err
			}
			f, err := ffi.NewFunc(addr, c.name, c.rt, c.args...)
			if err != nil {
				return nil, err
			}
			f.Leaf = leaf
			funcs[c.shape+map[bool]string{false: "", true: "_leaf"}[leaf]] = f
		}
	}
	for _, leaf := range []bool{false, true} {
		var opts []ffi.BindOption
		sfx := ""
		if leaf {
			opts, sfx = []ffi.BindOption{ffi.Leaf(0)}, "_leaf"
		}
		add, err := ffi.Fn2[int32, int32, int32](lib, "leaf_add", opts...)
		if err != nil {
			return nil, err
		}
		sin, err := ffi.Fn1[float64, float64](lib, "leaf_sin", opts...)
		if err != nil {
			return nil, err
		}
		scale, err := ffi.Fn4[leafVec3, float64, float64, float64, float64](lib, "leaf_vec3_scale", opts...)
		if err != nil {
			return nil, err
		}
		type L = int64
		type D = float64
		mix, err := ffi.Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_mix20", opts...)
		if err != nil {
			return nil, err
		}
		sum, err := ffi.Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_sum20", opts...)
		if err != nil {
			return nil, err
		}
		m["add"]["typed"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				s += float64(add(int32(i), 7))
			}
			return s
		}
		m["sin"]["typed"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				s += sin(float64(i & 1023))
			}
			return s
		}
		m["vec3"]["typed"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				v := scale(float64(i&1023), 1, -2, 3)
				s += v.X + v.Y + v.Z
			}
			return s
		}
		for name, f := range map[string]func(L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D) D{"mix20": mix, "sum20": sum} {
			m[name]["typed"+sfx] = func(n int) float64 {
				s := 0.0
				for i := 0; i < n; i++ {
					a, x := L(i&1023), float64(i&1023)*0.5
					s += f(a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9)
				}
				return s
			}
		}
		fa, fs, fv := funcs["add"+sfx], funcs["sin"+sfx], funcs["vec3"+sfx]
		var callErr error
		keep := func(err error) {
			if err != nil && callErr == nil {
				callErr = err
			}
		}
		m["add"]["callas"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				r, err := ffi.CallAs[int32](fa, int32(i), int32(7))
				keep(err)
				s += float64(r)
			}
			return s
		}
		m["sin"]["callas"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				r, err := ffi.CallAs[float64](fs, float64(i&1023))
				keep(err)
				s += r
			}
			return s
		}
		m["vec3"]["callas"+sfx] = func(n int) float64 {
			s := 0.0
			for i := 0; i < n; i++ {
				v, err := ffi.CallAs[leafVec3](fv, float64(i&1023), 1.0, -2.0, 3.0)
				keep(err)
				s += v.X + v.Y + v.Z
			}
			return s
		}
		for _, name := range []string{"mix20", "sum20"} {
			fm := funcs[name+sfx]
			m[name]["callas"+sfx] = func(n int) float64 {
				s := 0.0
				for i := 0; i < n; i++ {
					a, x := L(i&1023), float64(i&1023)*0.5
					r, err := ffi.CallAs[float64](fm, a, x, a+1, x+1, a+2, x+2, a+3, x+3, a+4, x+4, a+5, x+5, a+6, x+6, a+7, x+7, a+8, x+8, a+9, x+9)
					keep(err)
					s += r
				}
				if callErr != nil {
					panic(callErr)
				}
				return s
			}
		}
	}
	return m, nil
}

// leafImpls are the implementations in the order they run.
var leafImpls = []string{"cgo", "typed", "typed_leaf", "callas", "callas_leaf"}

// TestLeafBench: every implementation of the leaf benchmark returns what
// the ordinary typed binding returns (what C computed).
func TestLeafBench(t *testing.T) {
	m := leafSetup(t)
	for _, s := range leafShapes {
		want := m[s]["typed"](1000)
		for _, impl := range leafImpls {
			if f := m[s][impl]; f != nil {
				if got := f(1000); got != want {
					t.Errorf("%s/%s: sum %v, the ordinary typed call's %v", s, impl, got, want)
				}
			}
		}
	}
}

func BenchmarkLeaf(b *testing.B) {
	m := leafSetup(b)
	for _, s := range leafShapes {
		for _, impl := range leafImpls {
			f := m[s][impl]
			if f == nil {
				continue
			}
			b.Run(s+"/"+impl, func(b *testing.B) {
				want := m[s]["typed"](b.N)
				b.ReportAllocs()
				b.ResetTimer()
				got := f(b.N)
				b.StopTimer()
				if got != want {
					b.Fatalf("sum %v, the ordinary typed call's %v", got, want)
				}
			})
		}
	}
}
