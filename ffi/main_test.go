package ffi

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

func TestMain(m *testing.M) {
	testexec.Main(m, testexec.Roles{
		"nolibffi":     noLibffiChild,
		"leafcallback": leafCallbackChild,
		"engineonly":   engineOnlyChild,
		"stackmove":    stackMoveChild,
		"leaffault":    leafFaultChild,
	})
}

// noLibffiChild runs in a process whose libffi cannot be loaded
// (CTYPES_LIBFFI points at a missing file): calls and callbacks that the
// project's own engine makes work, and what needs libffi gets a clear
// error. It prints one line per check and exits 1 on a failure.
func noLibffiChild(args []string) int {
	fail := func(format string, a ...any) int {
		fmt.Printf("FAIL "+format+"\n", a...)
		return 1
	}
	libm, err := CDLL(testLibm)
	if err != nil {
		return fail("CDLL: %v", err)
	}
	sin, _ := libm.Func("sin")
	sin.Restype, sin.Argtypes = types.Double, []*types.Type{types.Double}
	if y, err := CallAs[float64](sin, 1.0); err != nil || y != math.Sin(1) {
		return fail("CallAs sin: %v %v", y, err)
	}
	fmt.Println("ok CallAs without libffi")
	tsin, err := Fn1[float64, float64](libm, "sin")
	if err != nil || tsin(1) != math.Sin(1) {
		return fail("typed sin: %v", err)
	}
	fmt.Println("ok typed call without libffi")
	libc, err := CDLL(libcName)
	if err != nil {
		return fail("CDLL libc: %v", err)
	}
	qsort, _ := libc.Func("qsort")
	qsort.Restype = nil
	cmpT := types.FuncType(types.Int, types.VoidP, types.VoidP)
	qsort.Argtypes = []*types.Type{types.VoidP, types.SizeT, types.SizeT, cmpT}
	cmp, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 { return *(*int32)(a) - *(*int32)(b) })
	if err != nil {
		return fail("NewCallbackFunc: %v", err)
	}
	data := []int32{5, -1, 3, 9, 0}
	if _, err := qsort.Call(data, len(data), 4, cmp); err != nil || !sort.SliceIsSorted(data, func(i, j int) bool { return data[i] < data[j] }) {
		return fail("qsort with a callback: %v %v", data, err)
	}
	fmt.Println("ok callback without libffi")
	// What needs libffi: the libffi engine (forced here, as on a platform
	// without an engine of our own).
	forceLibffi = true
	f, err := NewFunc(sin.Addr(), "sin", types.Double, types.Double)
	forceLibffi = false
	if err == nil {
		_, err = CallAs[float64](f, 1.0)
	}
	if !errors.Is(err, libffi.ErrUnavailable) || !strings.Contains(err.Error(), "apt-get install libffi8") {
		return fail("libffi engine without libffi: %v", err)
	}
	fmt.Printf("ok libffi engine: %v\n", err)
	return 0
}

// TestWithoutLibffi: a process that cannot load libffi still makes the
// calls and callbacks of the project's own engine, and gets a clear error,
// naming the package to install, where it needs libffi; it never panics at
// start-up (as importing jupiterrider/ffi would).
func TestWithoutLibffi(t *testing.T) {
	if !engineOwnCallbacks {
		t.Skip("skipping: this platform's calls and callbacks all go through libffi")
	}
	cmd := testexec.Command(t, "nolibffi")
	cmd.Env = append(cmd.Env, "CTYPES_LIBFFI=/nonexistent/libffi.so.8")
	cmd.Stderr = nil
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	for _, want := range []string{"ok CallAs", "ok typed call", "ok callback", "ok libffi engine"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("child output lacks %q", want)
		}
	}
}
