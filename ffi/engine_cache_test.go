package ffi

import (
	"errors"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// TestPlanCache checks that signatures with the same layouts share one
// engine plan and that every difference a plan depends on (signedness,
// float or integer, a struct's members, variadic) gives another.
func TestPlanCache(t *testing.T) {
	if !callconv.Supported {
		t.Skip("no engine of our own on this platform: calls go through libffi, which plans each signature itself")
	}
	plan := func(rt *types.Type, nfixed int, args ...*types.Type) invoker {
		t.Helper()
		eng, err := newEngine(rt, args, nfixed)
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	fi := types.MustStructOf("fi", []types.Field{types.F("a", types.Float), types.F("b", types.Int32)})
	ff := types.MustStructOf("ff", []types.Field{types.F("a", types.Float), types.F("b", types.Float)})
	fi2 := types.MustStructOf("fi2", []types.Field{types.F("x", types.Float), types.F("y", types.Int32)})
	base := plan(types.Int32, -1, types.Int32, types.Int32)
	if plan(types.Int32, -1, types.Int32, types.Int32) != base {
		t.Error("the same signature planned twice gave two plans")
	}
	if plan(fi, -1, fi) != plan(fi2, -1, fi2) {
		t.Error("two structs of one layout gave two plans")
	}
	differ := map[string]invoker{
		"unsigned argument":     plan(types.Int32, -1, types.Uint32, types.Int32),
		"float argument":        plan(types.Int32, -1, types.Float, types.Int32),
		"unsigned result":       plan(types.Uint32, -1, types.Int32, types.Int32),
		"void result":           plan(types.Void, -1, types.Int32, types.Int32),
		"one argument less":     plan(types.Int32, -1, types.Int32),
		"variadic":              plan(types.Int32, 1, types.Int32, types.Int32),
		"struct {float, int}":   plan(fi, -1, fi),
		"struct {float, float}": plan(ff, -1, ff),
	}
	seen := map[invoker]string{base: "int32(int32, int32)"}
	for name, p := range differ {
		if other, ok := seen[p]; ok {
			t.Errorf("%s shares the plan of %s", name, other)
		}
		seen[p] = name
	}
}

// TestSymNUL checks that a symbol name with a NUL byte is refused, not cut
// at the NUL (which would find another symbol).
func TestSymNUL(t *testing.T) {
	lib := ctestLib(t)
	_, err := lib.Sym("iadd\x00junk")
	var se *SymbolError
	if !errors.As(err, &se) || !errors.Is(err, ErrSymbol) || !strings.Contains(se.Dlerror, "NUL") {
		t.Fatalf("Sym(\"iadd\\x00junk\"): got %v, want a *SymbolError naming the NUL byte", err)
	}
}
