package ffi

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

// ownEngines names the engine of internal/callconv that makes the calls and
// callbacks on each platform that has one; everywhere else libffi makes
// them. Written out here rather than taken from callconv, so that a
// platform losing (or gaining) its engine fails the test.
var ownEngines = map[string]string{
	"linux/amd64":   "sysv-amd64",
	"linux/arm64":   "aapcs64",
	"darwin/arm64":  "aapcs64",
	"windows/amd64": "win64",
}

// wantEngine is the engine this platform's calls and callbacks must use.
func wantEngine() string {
	if name, ok := ownEngines[testenv.Platform()]; ok {
		return name
	}
	return "libffi"
}

// engineName names the engine an invoker (the plan of a Func's signature or
// of a typed binding) belongs to: callconv's own, by its name, or libffi.
func engineName(e invoker) string {
	switch e.(type) {
	case *callconv.Plan:
		return callconv.Name
	case *libffiCall:
		return "libffi"
	}
	return fmt.Sprintf("unknown engine %T", e)
}

// Dispatchers: the Go function through which C enters a callback, one per
// engine (callback_dispatch_*.go).
const (
	engineDispatcher = "github.com/purectypes/ctypes/ffi.callbackEntry"
	libffiDispatcher = "github.com/purectypes/ctypes/ffi.libffiDispatch"
)

// dispatcherOnStack returns which callback dispatcher is on the calling
// goroutine's stack: "engine", "libffi", or "" for neither.
func dispatcherOnStack() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		switch f.Function {
		case engineDispatcher:
			return "engine"
		case libffiDispatcher:
			return "libffi"
		}
		if !more {
			return ""
		}
	}
}

// TestEngineMakesCalls: on linux/amd64, linux/arm64 and windows/amd64 the
// project's own engine, named, makes Func.Call's and CallAs's calls, a
// typed binding's calls and the callbacks C makes (C enters Go through the
// engine's dispatcher, seen on the callback's stack); elsewhere libffi
// makes them all. Each call's result is checked against C's.
func TestEngineMakesCalls(t *testing.T) {
	want := wantEngine()
	t.Logf("platform %s: engine %q (callconv.Name %q, callconv.Supported %v)", testenv.Platform(), want, callconv.Name, callconv.Supported)
	libm, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	defer libm.Close()

	// Func.Call and CallAs: the plan of the declared signature.
	sin, err := libm.Func("sin")
	if err != nil {
		t.Fatal(err)
	}
	sin.Restype, sin.Argtypes = types.Double, []*types.Type{types.Double}
	if y, err := CallAs[float64](sin, 1.0); err != nil || y != math.Sin(1) {
		t.Fatalf("CallAs sin(1) = %v, %v; want %v", y, err, math.Sin(1))
	}
	if got := engineName(sin.cur.Load().eng); got != want {
		t.Errorf("Func.Call's plan is made by %s, want %s", got, want)
	}
	// A dynamic signature (no Argtypes) is planned by the same engine.
	floor, err := libm.Func("floor")
	if err != nil {
		t.Fatal(err)
	}
	floor.Restype = types.Double
	if y, err := floor.Call(2.5); err != nil || y != 2.0 {
		t.Fatalf("floor(2.5) = %v, %v", y, err)
	}
	floor.dyn.Range(func(_, p any) bool {
		if got := engineName(p.(*prepared).eng); got != want {
			t.Errorf("a dynamic signature's plan is made by %s, want %s", got, want)
		}
		return true
	})

	// A typed binding.
	tsin, err := Fn1[float64, float64](libm, "sin")
	if err != nil {
		t.Fatal(err)
	}
	if y := tsin(1); y != math.Sin(1) {
		t.Fatalf("typed sin(1) = %v, want %v", y, math.Sin(1))
	}
	b, err := bindTyped(libm, "sin", nil, reflect.TypeFor[float64](), reflect.TypeFor[float64]())
	if err != nil {
		t.Fatal(err)
	}
	if got := engineName(b.eng); got != want {
		t.Errorf("a typed binding is made by %s, want %s", got, want)
	}

	// A callback, called by C's qsort.
	libc, err := CDLL(testLibc)
	if err != nil {
		t.Fatal(err)
	}
	defer libc.Close()
	qsort, err := libc.Func("qsort")
	if err != nil {
		t.Fatal(err)
	}
	qsort.Restype = nil
	qsort.Argtypes = []*types.Type{types.VoidP, types.SizeT, types.SizeT, types.FuncType(types.Int, types.VoidP, types.VoidP)}
	var seen []string
	cmp, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 {
		if d := dispatcherOnStack(); !slices.Contains(seen, d) {
			seen = append(seen, d)
		}
		return *(*int32)(a) - *(*int32)(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cmp.Free()
	data := []int32{5, -1, 3, 9, 0}
	if _, err := qsort.Call(data, len(data), 4, cmp); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(data) {
		t.Fatalf("qsort with the callback: %v", data)
	}
	wantDispatch := "libffi"
	if want != "libffi" {
		wantDispatch = "engine"
	}
	if len(seen) != 1 || seen[0] != wantDispatch {
		t.Errorf("C entered the callback through %q, want only %q (%s)", seen, wantDispatch, want)
	}
	if got := callbackEngine(t, cmp); got != want {
		t.Errorf("the callback's entry is made by %s, want %s", got, want)
	}
}

// TestEngineNameLibffi: a signature planned with libffi (forced, as the
// oracle tests do) is named libffi, and its call still gives C's result:
// engineName tells the engines apart.
func TestEngineNameLibffi(t *testing.T) {
	testenv.Require(t, "libffi", libffi.Load())
	libm, err := CDLL(testLibm)
	if err != nil {
		t.Fatal(err)
	}
	defer libm.Close()
	addr, err := libm.Sym("sin")
	if err != nil {
		t.Fatal(err)
	}
	forceLibffi = true
	f, err := NewFunc(addr, "sin", types.Double, types.Double)
	if err == nil {
		_, err = CallAs[float64](f, 1.0) // plans the signature (with libffi)
	}
	forceLibffi = false
	if err != nil {
		t.Fatal(err)
	}
	if y, err := CallAs[float64](f, 1.0); err != nil || y != math.Sin(1) {
		t.Fatalf("sin(1) through libffi = %v, %v", y, err)
	}
	if got := engineName(f.cur.Load().eng); got != "libffi" {
		t.Errorf("a forced libffi plan is named %s", got)
	}
	if strings.HasPrefix(engineName(nil), "libffi") {
		t.Errorf("engineName(nil) = %q", engineName(nil))
	}
}

// TestEngineLoadsNoLibffi: where the project's own engine makes the calls
// and callbacks, a program that makes them never loads libffi, neither at
// start-up (no package init loads it) nor on its calls: the child process
// (engineOnlyChild) looks at what is loaded into it, then loads libffi
// itself to show that the look sees it.
func TestEngineLoadsNoLibffi(t *testing.T) {
	if wantEngine() == "libffi" {
		testenv.Skip(t, "this platform's calls and callbacks all go through libffi")
	}
	if _, err := libffiLoaded(); err != nil {
		t.Fatal(err)
	}
	// The child loads libffi last, to show that its look sees it.
	testenv.Require(t, "libffi", libffi.Load())
	cmd := testexec.Command(t, "engineonly")
	cmd.Stderr = nil
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	for _, want := range []string{"ok start-up", "ok calls", "ok libffi seen"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("child output lacks %q", want)
		}
	}
}

// engineOnlyChild makes a call, a typed call and a callback C calls, and
// checks that libffi was loaded neither at start-up nor by them; then it
// loads libffi and checks that libffiLoaded sees it.
func engineOnlyChild([]string) int {
	fail := func(format string, a ...any) int {
		fmt.Printf("FAIL "+format+"\n", a...)
		return 1
	}
	if loaded, err := libffiLoaded(); err != nil || loaded {
		return fail("libffi loaded at start-up: %v %v", loaded, err)
	}
	fmt.Println("ok start-up: libffi not loaded")
	libm, err := CDLL(testLibm)
	if err != nil {
		return fail("CDLL: %v", err)
	}
	sin, _ := libm.Func("sin")
	sin.Restype, sin.Argtypes = types.Double, []*types.Type{types.Double}
	if y, err := CallAs[float64](sin, 1.0); err != nil || y != math.Sin(1) {
		return fail("CallAs sin: %v %v", y, err)
	}
	// Func.Call and the typed binding give what CallAs, checked above,
	// gives.
	want, _ := CallAs[float64](sin, 2.0)
	if y, err := sin.Call(2.0); err != nil || y != want {
		return fail("Call sin: %v %v, want %v", y, err, want)
	}
	tsin, err := Fn1[float64, float64](libm, "sin")
	if err != nil || tsin(2) != want {
		return fail("typed sin: %v", err)
	}
	libc, err := CDLL(testLibc)
	if err != nil {
		return fail("CDLL libc: %v", err)
	}
	qsort, _ := libc.Func("qsort")
	qsort.Restype = nil
	qsort.Argtypes = []*types.Type{types.VoidP, types.SizeT, types.SizeT, types.FuncType(types.Int, types.VoidP, types.VoidP)}
	cmp, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 { return *(*int32)(a) - *(*int32)(b) })
	if err != nil {
		return fail("NewCallbackFunc: %v", err)
	}
	data := []int32{5, -1, 3, 9, 0}
	if _, err := qsort.Call(data, len(data), 4, cmp); err != nil || !slices.IsSorted(data) {
		return fail("qsort with a callback: %v %v", data, err)
	}
	if loaded, err := libffiLoaded(); err != nil || loaded {
		return fail("libffi loaded by the calls: %v %v", loaded, err)
	}
	fmt.Println("ok calls, a typed call and a callback: libffi not loaded")
	if err := libffi.Load(); err != nil {
		return fail("libffi.Load: %v", err)
	}
	if loaded, err := libffiLoaded(); err != nil || !loaded {
		return fail("libffi loaded, but libffiLoaded says %v %v", loaded, err)
	}
	fmt.Println("ok libffi seen once loaded")
	return 0
}
