package ffitest_test

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/ffitest"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

// exact holds what one library computes for the inputs of TestExact.
type exact struct {
	frac, whole, mant, scaled, signed []float64
	exp                               []int32
}

var inputs = []float64{0.75, -3.5, 1e300, -2.2250738585072014e-308, 5e-324, 123456.789, math.Copysign(0, -1), 1 << 60, 3}

// TestExact runs one suite over three implementations of frexp, ldexp,
// modf and copysign: glibc's libc.so.6 (by soname), libm (by
// FindLibrary name) and testdata/frexp.c; then compares them with each
// other. The functions are exact, so every implementation must give the
// same bits.
func TestExact(t *testing.T) {
	results := map[string]exact{}
	loaded := ffitest.Run(t, "exact", []ffitest.Lib{
		{Name: "libm", Find: "m"},
		{Name: "libc", Path: "libc.so.6"},
		{Name: "frexp.c", Path: cbuild.Test(t, "frexp")},
	}, func(t *testing.T, lib *ffitest.Loaded) {
		results[lib.Name()] = compute(t, lib)
	})
	if len(loaded) < 3 { // more when CTYPES_TEST_LIBS adds some
		t.Fatalf("%d of the 3 libraries loaded", len(loaded))
	}
	ref := results[loaded[0].Name()]
	for _, lib := range loaded[1:] {
		got := results[lib.Name()]
		for i, x := range inputs {
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"frexp", got.mant[i], ref.mant[i]},
				{"frexp exponent", float64(got.exp[i]), float64(ref.exp[i])},
				{"modf", got.frac[i], ref.frac[i]},
				{"modf integral part", got.whole[i], ref.whole[i]},
				{"ldexp", got.scaled[i], ref.scaled[i]},
				{"copysign", got.signed[i], ref.signed[i]},
			} {
				if math.Float64bits(c.got) != math.Float64bits(c.want) {
					t.Errorf("%s(%v): %s gives %v, %s %v", c.what, x, lib.Name(), c.got, loaded[0].Name(), c.want)
				}
			}
		}
	}
}

func compute(t *testing.T, lib *ffitest.Loaded) exact {
	t.Helper()
	d, pd, pi := types.Double, types.PointerTo(types.Double), types.PointerTo(types.Int)
	fn := func(name string, rt *types.Type, args ...*types.Type) *ffi.Func {
		f, err := lib.Func(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Restype, f.Argtypes = rt, args
		return f
	}
	frexp, ldexp := fn("frexp", d, d, pi), fn("ldexp", d, d, types.Int)
	modf, copysign := fn("modf", d, d, pd), fn("copysign", d, d, d)
	var r exact
	must := func(v float64, err error) float64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i, x := range inputs {
		var e int32
		var w float64
		r.mant = append(r.mant, must(ffi.CallAs[float64](frexp, x, &e)))
		r.exp = append(r.exp, e)
		r.frac = append(r.frac, must(ffi.CallAs[float64](modf, x, &w)))
		r.whole = append(r.whole, w)
		r.scaled = append(r.scaled, must(ffi.CallAs[float64](ldexp, x, -3+i)))
		r.signed = append(r.signed, must(ffi.CallAs[float64](copysign, 2.5, x)))
	}
	// And the C results against Go's own exact functions: a library that
	// returned garbage everywhere would agree with itself.
	for i, x := range inputs {
		if m, e := math.Frexp(x); m != r.mant[i] || e != int(r.exp[i]) {
			t.Errorf("frexp(%v) = %v, %d; Go: %v, %d", x, r.mant[i], r.exp[i], m, e)
		}
	}
	return r
}

// TestAbsent runs the test binary again on a suite with a candidate that
// cannot load: it must be reported by name, as skipped by default and as
// a failure under CTYPES_REQUIRE=1.
func TestAbsent(t *testing.T) {
	if testexec.InChild() {
		testenv.Skip(t, "TestAbsent does not run in its own child")
	}
	for _, strict := range []string{"0", "1"} {
		cmd := testexec.TestsCommand(t, "-test.run", "^TestChildAbsent$", "-test.v")
		cmd.Env = append(cmd.Env, testenv.EnvRequire+"="+strict, ffitest.EnvLibs+"=")
		out, err := cmd.CombinedOutput()
		text := string(out)
		want := "--- SKIP: TestChildAbsent/nosuch"
		if strict == "1" {
			want = "--- FAIL: TestChildAbsent/nosuch"
			if err == nil {
				t.Errorf("CTYPES_REQUIRE=1: the child passed with an absent library:\n%s", text)
			}
		} else if err != nil {
			t.Errorf("the child failed: %v\n%s", err, text)
		}
		if !strings.Contains(text, want) || !strings.Contains(text, "libnosuch.so.99") {
			t.Errorf("CTYPES_REQUIRE=%s: want %q and the library's name in:\n%s", strict, want, text)
		}
		if !strings.Contains(text, "--- PASS: TestChildAbsent/libc@") {
			t.Errorf("CTYPES_REQUIRE=%s: libc's subtest did not pass:\n%s", strict, text)
		}
	}
}

// TestChildAbsent is TestAbsent's suite, run only in the child.
func TestChildAbsent(t *testing.T) {
	if !testexec.InChild() {
		testenv.Skip(t, "run by TestAbsent in a child process (with and without CTYPES_REQUIRE)")
	}
	ffitest.Run(t, "absent", []ffitest.Lib{
		{Name: "nosuch", Path: "libnosuch.so.99"},
		{Name: "libc", Path: "libc.so.6"},
	}, func(t *testing.T, lib *ffitest.Loaded) {})
}

// TestEnv checks that CTYPES_TEST_LIBS adds libraries to the suites of its
// API only, and that each is named after its file and the loaded path.
func TestEnv(t *testing.T) {
	path := cbuild.Test(t, "frexp")
	t.Setenv(ffitest.EnvLibs, strings.Join([]string{"exact=" + path, "other=libnosuch.so.99", "exact=", "libm.so.6"}, string(filepath.ListSeparator)))
	got := ffitest.Candidates("exact", []ffitest.Lib{{Find: "c"}})
	want := []ffitest.Lib{{Find: "c"}, {Path: path}, {Path: "libm.so.6"}}
	if len(got) != len(want) {
		t.Fatalf("Candidates = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("candidate %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	var ran []string
	loaded := ffitest.Run(t, "exact", nil, func(t *testing.T, lib *ffitest.Loaded) {
		ran = append(ran, t.Name())
	})
	if len(loaded) != 2 || len(ran) != 2 {
		t.Fatalf("loaded %d, ran %v; want the two libraries of %s", len(loaded), ran, ffitest.EnvLibs)
	}
	abs, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := filepath.EvalSymlinks(loaded[0].Path); p != abs {
		t.Errorf("loaded path %q, want %q", loaded[0].Path, abs)
	}
	if name := filepath.Base(path); loaded[0].Name() != name || !strings.HasPrefix(ran[0], t.Name()+"/"+name+"@") {
		t.Errorf("subtest %q for %s, want it named after %s", ran[0], path, name)
	}
}

// TestErrors checks the errors of candidates that cannot be opened.
func TestErrors(t *testing.T) {
	if _, err := ffitest.Open(ffitest.Lib{Name: "empty"}); !errors.Is(err, ffitest.ErrNoLocation) {
		t.Errorf("Open without Path or Find: %v, want ErrNoLocation", err)
	}
	if _, err := ffitest.Open(ffitest.Lib{Find: "nosuchlibrary"}); !errors.Is(err, ffi.ErrLibraryNotFound) {
		t.Errorf("Open of an unknown Find name: %v, want ffi.ErrLibraryNotFound", err)
	}
	if _, err := ffitest.Open(ffitest.Lib{Path: "/nonexistent/libx.so"}); !errors.Is(err, ffi.ErrLoad) {
		t.Errorf("Open of a missing path: %v, want ffi.ErrLoad", err)
	}
}
