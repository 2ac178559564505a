//go:build linux && (amd64 || arm64)

package callconv_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/cdecl"
	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// TestOracleTestdata calls every function of the repository's C test
// libraries (testdata/*.c) whose signature is plain, scalars only (integers
// of every size, float, double; no pointers, no aggregates: their
// functions read and write through them), through Plan.Invoke and through
// libffi's ffi_call with the same random arguments, and compares the
// results byte for byte. A function whose two libffi calls disagree keeps
// state between calls and is left out, as are misuse.c (it sleeps and
// misbehaves on purpose), matrix.c (its functions are the oracle's
// signatures already, and its drivers call callbacks registered before)
// and functions named for sleeping or crashing. The declarations
// come from cdecl, which needs the host C compiler's headers: on Windows
// under Wine (no compiler there) this test does not build; oracle_test.go
// covers Win64.
func TestOracleTestdata(t *testing.T) {
	testenv.Require(t, "libffi", libffi.Load())
	td, err := cbuild.TestdataDir()
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := filepath.Glob(filepath.Join(td, "*.c"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(9))
	var files, funcs, plain, stateful int
	for _, src := range srcs {
		name := strings.TrimSuffix(filepath.Base(src), ".c")
		if name == "misuse" || name == "matrix" {
			continue
		}
		d, err := cdecl.ParseFile(src)
		if errors.Is(err, cbuild.ErrNoCompiler) {
			testenv.Require(t, "C compiler", err)
		}
		if err != nil {
			t.Logf("%s: cdecl cannot read it (%v): skipped", name, err)
			continue
		}
		lib, err := purego.Dlopen(cbuild.Test(t, name), purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			t.Fatal(err)
		}
		files++
		for _, fname := range d.FuncsIn(src) {
			funcs++
			sig, err := d.Signature(fname)
			if err != nil || sig.Variadic || tdAvoid(fname) {
				continue
			}
			ret, args, ok := tdLayouts(sig)
			if !ok {
				continue
			}
			fn, err := purego.Dlsym(lib, fname)
			if err != nil {
				continue // declared, not defined (a header's prototype)
			}
			plain++
			if !tdCompare(t, name+"."+fname, fn, sig, ret, args, rng) {
				stateful++
			}
		}
	}
	t.Logf("%s/%s: %d test libraries, %d functions, %d with plain signatures called (%d keep state between calls: results not compared)",
		runtime.GOOS, runtime.GOARCH, files, funcs, plain, stateful)
	if plain == 0 {
		t.Error("no plain function found in testdata/*.c")
	}
}

// tdAvoid reports whether a function's name says it sleeps or crashes on
// purpose (leaf_trap, misuse.c's wait_ms, win64abi.c's w64_seterr_slow).
func tdAvoid(name string) bool {
	for _, w := range []string{"sleep", "slow", "wait", "trap", "crash", "abort", "fault", "segv"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// tdScalar reports whether t is a scalar the test passes (an integer of
// 1 to 8 bytes, float or double), with its libffi descriptor's name.
func tdScalar(t *types.Type) (string, bool) {
	k := t.Kind()
	switch {
	case k == types.KindFloat32:
		return "float", true
	case k == types.KindFloat64:
		return "double", true
	case k.IsInteger() || k == types.KindChar || k == types.KindBool:
		sign := "uint"
		if k.IsSigned() || k == types.KindChar {
			sign = "sint"
		}
		if t.Size() == 0 || t.Size() > 8 {
			return "", false
		}
		return fmt.Sprintf("%s%d", sign, 8*t.Size()), true
	}
	return "", false
}

func tdLayout(t *types.Type) callconv.Layout {
	k := t.Kind()
	return callconv.Layout{Size: t.Size(), Align: t.Align(), Float: k.IsFloat(), Signed: k.IsSigned() || k == types.KindChar}
}

// tdLayouts returns sig as the engine sees it, if it is plain.
func tdLayouts(sig *types.FuncSig) (callconv.Layout, []callconv.Layout, bool) {
	ret := callconv.Layout{Void: true}
	if sig.Restype != nil && sig.Restype.Kind() != types.KindVoid {
		if _, ok := tdScalar(sig.Restype); !ok {
			return ret, nil, false
		}
		ret = tdLayout(sig.Restype)
	}
	args := make([]callconv.Layout, len(sig.Argtypes))
	for i, a := range sig.Argtypes {
		if _, ok := tdScalar(a); !ok {
			return ret, nil, false
		}
		args[i] = tdLayout(a)
	}
	return ret, args, true
}

// tdCompare calls fn with random arguments through libffi twice and
// through Invoke, and reports whether the function was deterministic (its
// results then compared).
func tdCompare(t *testing.T, name string, fn uintptr, sig *types.FuncSig, ret callconv.Layout, args []callconv.Layout, rng *rand.Rand) bool {
	t.Helper()
	p, err := callconv.NewPlan(ret, args, -1)
	if err != nil {
		t.Errorf("%s: NewPlan: %v", name, err)
		return true
	}
	var pin runtime.Pinner
	defer pin.Unpin()
	rt := libffi.Builtin("void")
	if !ret.Void {
		n, _ := tdScalar(sig.Restype)
		rt = libffi.Builtin(n)
	}
	at := make([]*libffi.Type, len(args)+1)
	for i, a := range sig.Argtypes {
		n, _ := tdScalar(a)
		at[i] = libffi.Builtin(n)
	}
	pin.Pin(&at[0])
	cif := new(libffi.Cif)
	pin.Pin(cif)
	if st, err := libffi.PrepCif(cif, -1, rt, at[:len(args)]); err != nil || st != libffi.OK {
		t.Fatalf("%s: ffi_prep_cif: %v %v", name, st, err)
	}
	// Small values (no zero: no division by it, no empty loop bounds).
	ptrs := make([]unsafe.Pointer, len(args)+1)
	for i, a := range args {
		v := new(uint64)
		x := int64(1 + rng.Intn(15))
		if a.Signed && rng.Intn(2) == 0 {
			x = -x
		}
		switch {
		case a.Float && a.Size == 4:
			*(*float32)(unsafe.Pointer(v)) = float32(x) / 4
		case a.Float:
			*(*float64)(unsafe.Pointer(v)) = float64(x) / 4
		default:
			*v = uint64(x) // little-endian: the low Size bytes are the value
		}
		ptrs[i] = unsafe.Pointer(v)
	}
	f1, f2, inv := make([]byte, 16), make([]byte, 16), make([]byte, 16)
	libffi.Call(cif, fn, unsafe.Pointer(&f1[0]), ptrs[:len(args)])
	libffi.Call(cif, fn, unsafe.Pointer(&f2[0]), ptrs[:len(args)])
	n := ret.Size
	if !bytes.Equal(f1[:n], f2[:n]) {
		return false
	}
	p.Invoke(fn, &ptrs[0], unsafe.Pointer(&inv[0]))
	if !bytes.Equal(inv[:n], f1[:n]) && !(ret.Float && tdNaN(inv[:n]) && tdNaN(f1[:n])) {
		t.Errorf("%s: Invoke returned % x, ffi_call % x", name, inv[:n], f1[:n])
	}
	return true
}

// tdNaN reports whether b holds a float or double NaN (whose bits a
// function may compute differently each time).
func tdNaN(b []byte) bool {
	if len(b) == 4 {
		return math.IsNaN(float64(*(*float32)(unsafe.Pointer(&b[0]))))
	}
	return math.IsNaN(*(*float64)(unsafe.Pointer(&b[0])))
}
