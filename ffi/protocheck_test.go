package ffi

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestCheckCallbackProto: a callback is accepted where its own prototype
// (or one the same in C's terms, or void*) is declared, and refused, naming
// both prototypes, where another is.
func TestCheckCallbackProto(t *testing.T) {
	cmpT := types.FuncType(types.Int, types.VoidP, types.VoidP)
	cmp, err := NewCallback(cmpT, func(args []any) any { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	defer cmp.Free()
	cmpGo, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	defer cmpGo.Free()
	type Point struct{ X, Y int32 }
	byPoint, err := NewCallbackFunc(func(p Point) float64 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	defer byPoint.Free()
	point := types.MustStructOf("Point", []types.Field{types.F("x", types.Int), types.F("y", types.Int)})

	for _, c := range []struct {
		want *types.Type
		cb   *Callback
		diff string
	}{
		{cmpT, cmp, ""},
		{cmpT, cmpGo, ""}, // int32 is c_int; unsafe.Pointer is void*
		{types.VoidP, cmp, ""},
		{types.FuncType(types.Double, point), byPoint, ""}, // a Go struct's layout is the declared struct's
		{types.FuncType(types.Double, types.Double), cmp, "2 arguments, not 1"},
		{types.FuncType(types.UInt, types.VoidP, types.VoidP), cmpGo, "the result is"},
		{types.FuncType(types.Double, types.MustStructOf("P", []types.Field{types.F("x", types.Double)})), byPoint, "argument 1"},
	} {
		err := checkCallbackProto(c.want, c.cb)
		if c.diff == "" {
			if err != nil {
				t.Errorf("%v where %v is declared: %v", c.cb.Type(), c.want, err)
			}
			continue
		}
		var pe *ProtoError
		if !errors.As(err, &pe) || !errors.Is(err, types.ErrConvert) || !strings.Contains(err.Error(), c.diff) ||
			!strings.Contains(err.Error(), c.want.Name()) || !strings.Contains(err.Error(), c.cb.Type().Name()) {
			t.Errorf("%v where %v is declared: %v; want a *ProtoError naming both and saying %q", c.cb.Type(), c.want, err, c.diff)
		}
	}
	if err := checkCallbackProto(types.Int, cmp); !errors.Is(err, types.ErrConvert) {
		t.Errorf("a callback where c_int is declared: %v", err)
	}
	if err := checkCallbackProto(cmpT, nil); !errors.Is(err, types.ErrConvert) {
		t.Errorf("a nil callback: %v", err)
	}
	freed, _ := NewCallback(cmpT, func(args []any) any { return 0 })
	freed.Free()
	if err := checkCallbackProto(cmpT, freed); !errors.Is(err, types.ErrConvert) {
		t.Errorf("a freed callback: %v", err)
	}
	// Stored into a struct's function pointer field, a callback is held to
	// the field's prototype (types.Value.Set).
	S := types.MustStructOf("S", []types.Field{types.F("cmp", cmpT)})
	s := types.New(S)
	if err := s.Field("cmp").Set(cmpGo); err != nil {
		t.Errorf("Set of the same prototype: %v", err)
	}
	if err := s.Field("cmp").Set(byPoint); !errors.Is(err, types.ErrConvert) {
		t.Errorf("Set of another prototype: %v", err)
	}
}

// TestCallbackProtoInCall: a callback of another prototype passed to a
// Func whose Argtypes declare the function pointer is refused before C
// runs, naming both prototypes (c_uint is not c_int, though they pass
// alike).
func TestCallbackProtoInCall(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "callback"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := lib.Func("call_int")
	if err != nil {
		t.Fatal(err)
	}
	f.Restype = types.Int
	f.Argtypes = []*types.Type{types.FuncType(types.Int, types.Int), types.Int}
	good, _ := NewCallbackFunc(func(x int32) int32 { return x + 1 })
	defer good.Free()
	if v, err := CallAs[int32](f, good, 1); err != nil || v != 2 {
		t.Fatalf("the declared prototype: %v %v", v, err)
	}
	bad, _ := NewCallbackFunc(func(x uint32) int32 { return 0 })
	defer bad.Free()
	_, err = CallAs[int32](f, bad, 1)
	var pe *ProtoError
	if !errors.As(err, &pe) || !errors.Is(err, types.ErrConvert) || !strings.Contains(err.Error(), "c_uint") || !strings.Contains(err.Error(), "c_int") {
		t.Errorf("a c_uint callback where c_int is declared: %v; want a *ProtoError naming both", err)
	}
}
