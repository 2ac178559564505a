package ffi

import (
	"errors"
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestLeafWindowsOrdinary: on Windows a leaf declaration makes an ordinary
// call through the Win64 engine (see leaf.go for why: C running on a
// goroutine stack is outside the thread's stack bounds in the TEB, so a
// fault there ends the process without any handler's message). Checked:
// the Win64 engine refuses the leaf plan (ErrLeafUnsafe), a Leaf(0) typed
// binding and a Func with Leaf set keep the engine's ordinary plan, and
// their results are C's (compared with undeclared bindings of the same
// functions); being ordinary calls, they may even call back into Go.
func TestLeafWindowsOrdinary(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := callconv.NewPlan(layoutOf(types.Int), []callconv.Layout{layoutOf(types.Int), layoutOf(types.Int)}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if lp, err := plan.WithLeaf(0); lp != nil || !errors.Is(err, callconv.ErrLeafUnsafe) {
		t.Fatalf("WithLeaf on %s: %v, %v; want ErrLeafUnsafe", callconv.Name, lp, err)
	}

	add, err := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(0))
	if err != nil {
		t.Fatal(err)
	}
	add0, _ := Fn2[int32, int32, int32](lib, "leaf_add")
	b, err := bindTyped(lib, "leaf_add", []BindOption{Leaf(0)}, typeFor[int32](), typeFor[int32](), typeFor[int32]())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.eng.(*callconv.Plan); !ok || isLeaf(b.eng) {
		t.Fatalf("Leaf(0) binding's engine is %T (leaf %v), want the ordinary *callconv.Plan", b.eng, isLeaf(b.eng))
	}
	f, _ := lib.Func("leaf_add")
	f.Restype, f.Argtypes, f.Leaf = types.Int, []*types.Type{types.Int, types.Int}, true
	for i := int32(-50); i < 50; i++ {
		want := add0(i, 3*i+7)
		if got := add(i, 3*i+7); got != want {
			t.Fatalf("leaf_add(%d, %d): Leaf(0) binding %d, ordinary %d", i, 3*i+7, got, want)
		}
		if got, err := CallAs[int32](f, i, 3*i+7); err != nil || got != want {
			t.Fatalf("leaf_add(%d, %d): Func.Leaf CallAs %d, %v; ordinary %d", i, 3*i+7, got, err, want)
		}
	}
	if p := f.cur.Load(); p == nil || isLeaf(p.eng) {
		t.Fatalf("Func.Leaf made a leaf plan on windows")
	}

	// An ordinary call may call back: leaf_apply(f, x) is f(x)+1.
	apply, err := Fn2[int32, func(int32) int32, int32](lib, "leaf_apply", Leaf(0))
	if err != nil {
		t.Fatal(err)
	}
	apply0, _ := Fn2[int32, func(int32) int32, int32](lib, "leaf_apply")
	double := func(x int32) int32 { return 2 * x }
	if got, want := apply(double, 20), apply0(double, 20); got != want {
		t.Fatalf("leaf_apply with a callback: Leaf(0) binding %d, ordinary %d", got, want)
	}
}
