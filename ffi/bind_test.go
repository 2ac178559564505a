package ffi

import (
	"errors"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestBind fills a struct of *Func and func fields from testdata/ctest.c
// and calls them; every field that cannot be bound is reported, by field,
// in one error, and the others are bound all the same.
func TestBind(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "ctest"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	var c struct {
		Add, Sum *Func
		Plus     func(a, b int32) int32 `ffi:"iadd"`
		Skipped  *Func                  `ffi:"-"`
		private  *Func
	}
	if err := lib.Bind(&c); err != nil {
		t.Fatal(err)
	}
	if c.Skipped != nil || c.private != nil {
		t.Error("Bind filled a field tagged ffi:\"-\" or unexported")
	}
	if f, _ := lib.Func("add"); c.Add != f {
		t.Errorf("Add is %v, not lib.Func(\"add\")", c.Add)
	}
	c.Sum.Restype, c.Sum.Argtypes = types.Double, []*types.Type{types.PointerTo(types.Double), types.Int}
	if s, err := CallAs[float64](c.Sum, []float64{1, 2, 3.5}, 3); s != 6.5 || err != nil {
		t.Errorf("sum: %v %v", s, err)
	}
	if n := c.Plus(40, 2); n != 42 {
		t.Errorf("iadd(40, 2) = %d", n)
	}

	var bad struct {
		Swap    *Func
		Nope    *Func
		Alsonot func() int32
		Wrong   int
		Sig     func(chan int) `ffi:"titlecase"`
	}
	err = lib.Bind(&bad)
	if bad.Swap == nil {
		t.Error("Swap not bound beside the failures")
	}
	if !errors.Is(err, ErrSymbol) || !errors.Is(err, ErrSignature) {
		t.Errorf("Bind: %v; want ErrSymbol and ErrSignature", err)
	}
	for _, field := range []string{"field Nope", "field Alsonot", "field Wrong", "field Sig"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Bind's error does not name %s: %v", field, err)
		}
	}
	for _, dst := range []any{nil, bad, &bad.Wrong, (*struct{})(nil)} {
		if err := lib.Bind(dst); !errors.Is(err, ErrSignature) {
			t.Errorf("Bind(%T): %v, want ErrSignature", dst, err)
		}
	}
}
