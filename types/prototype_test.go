package types_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/types"
)

func TestPrototypeDiff(t *testing.T) {
	pt := types.MustStructOf("Point", []types.Field{types.F("x", types.Int), types.F("y", types.Int)})
	pt2 := types.MustStructOf("main.Point", []types.Field{types.F("X", types.Int32), types.F("Y", types.Int32)})
	pf := types.MustStructOf("PointF", []types.Field{types.F("x", types.Float), types.F("y", types.Float)})
	cmp := types.FuncType(types.Int, types.VoidP, types.VoidP)
	longFixed := types.Int64 // the fixed-width integer of c_long's size: 4 bytes on Windows (LLP64)
	if types.Long.Size() == 4 {
		longFixed = types.Int32
	}
	for _, c := range []struct {
		want, got *types.Type
		diff      string // "" for the same prototype, else a part of the difference
	}{
		{cmp, cmp, ""},
		{cmp, types.FuncType(types.Int32, types.VoidP, types.VoidP), ""},
		{cmp, types.FuncType(types.Int, types.PointerTo(types.Int), types.CharP), ""}, // void* matches data pointers
		{types.FuncType(types.Long, types.Char), types.FuncType(longFixed, types.UByte), ""},
		{types.FuncType(nil, pt), types.FuncType(types.Void, pt2), ""}, // by layout, not name
		{types.FuncType(nil, types.PointerTo(pt)), types.FuncType(nil, types.PointerTo(pt2)), ""},
		{types.FuncType(nil, types.FuncType(types.Int, types.Int)), types.FuncType(nil, types.FuncType(types.Int32, types.Int32)), ""},
		{types.FuncType(nil, types.VoidP), types.FuncType(nil, types.FuncType(types.Int)), ""},
		{types.FuncType(types.Double, types.Double), types.FuncType(types.Int, types.Double), "the result is c_int, not c_double"},
		{types.FuncType(types.Int, types.Int), types.FuncType(types.Int, types.UInt), "argument 1 is c_uint, not c_int"},
		{types.FuncType(types.Int, types.Int), types.FuncType(types.Int, types.Int, types.Int), "2 arguments, not 1"},
		{types.FuncType(types.Int, types.Int), types.VariadicFuncType(types.Int, types.Int), "variadic, not fixed"},
		{types.FuncType(nil, types.PointerTo(types.Int)), types.FuncType(nil, types.PointerTo(types.Double)), "argument 1 is LP_c_double, not LP_c_int"},
		{types.FuncType(nil, pt), types.FuncType(nil, pf), "argument 1 is PointF, not Point"},
		{types.FuncType(nil, types.Float), types.FuncType(nil, types.Double), "argument 1"},
		{types.FuncType(nil, types.Int), types.FuncType(nil, types.Float), "argument 1"},
		{types.FuncType(nil, types.FuncType(types.Int, types.Int)), types.FuncType(nil, types.FuncType(types.Int, types.Double)), "argument 1"},
		{types.FuncType(nil, types.FuncType(types.Int)), types.FuncType(nil, types.PointerTo(types.Int)), "argument 1"},
		{types.FuncType(nil, types.MustArrayOf(types.Int, 3)), types.FuncType(nil, types.MustArrayOf(types.Int, 4)), "argument 1"},
		{types.Int, cmp, "c_int is not a function pointer type"},
		{cmp, types.VoidP, "c_void_p is not a function pointer type"},
	} {
		d := types.PrototypeDiff(c.want, c.got)
		if c.diff == "" && d != "" || c.diff != "" && !strings.Contains(d, c.diff) {
			t.Errorf("PrototypeDiff(%v, %v) = %q, want %q", c.want, c.got, d, c.diff)
		}
	}
}

// fakeCallback is a function pointer that knows its prototype, as
// *ffi.Callback does.
type fakeCallback struct{ typ *types.Type }

func (f fakeCallback) FuncAddr() uintptr { return 0x1000 }
func (f fakeCallback) Type() *types.Type { return f.typ }
func (f addrOnly) FuncAddr() uintptr     { return 0x2000 }

type addrOnly struct{}

// TestSetCallbackPrototype: a function pointer field takes a callback of
// its prototype, refuses one of another, naming both; void* takes either.
func TestSetCallbackPrototype(t *testing.T) {
	cmp := types.FuncType(types.Int, types.VoidP, types.VoidP)
	S := types.MustStructOf("S", []types.Field{types.F("cmp", cmp), types.F("any", types.VoidP)})
	s := types.New(S)
	good := fakeCallback{types.FuncType(types.Int32, types.VoidP, types.VoidP)}
	bad := fakeCallback{types.FuncType(types.Double, types.Double)}
	if err := s.Field("cmp").Set(good); err != nil {
		t.Errorf("a callback of the same prototype: %v", err)
	}
	err := s.Field("cmp").Set(bad)
	if !errors.Is(err, types.ErrConvert) || !strings.Contains(err.Error(), bad.typ.Name()) || !strings.Contains(err.Error(), cmp.Name()) {
		t.Errorf("a callback of another prototype: %v; want ErrConvert naming both", err)
	}
	if a, _ := s.Field("cmp").Address(); a != 0x1000 {
		t.Errorf("the refused Set changed the field: %#x", a)
	}
	if err := s.Field("any").Set(bad); err != nil {
		t.Errorf("void* refused a callback: %v", err)
	}
	if err := s.Field("cmp").Set(addrOnly{}); err != nil {
		t.Errorf("a function pointer without a prototype: %v", err)
	}
}
