package main

import (
	"math/big"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestCallLongDouble: long double arguments are read from their text
// exactly and rounded once, out-parameters print as the shortest decimal
// that reads back as the same long double; C's multiplication is compared
// with Go's rounding of the exact product. A long double by value is a
// one-line error.
func TestCallLongDouble(t *testing.T) {
	lib := cbuild.Test(t, "longdouble")
	rc, out, errOut := ctypes("call", lib, "void ld_mul(const long double *a, const long double *b, long double *out)", "0.1", "3", "-")
	if rc != 0 {
		t.Fatalf("ld_mul: %d %s", rc, errOut)
	}
	tenth, _, _ := big.ParseFloat("0.1", 10, 200, big.ToNearestEven)
	a, err := types.LongDouble.New(tenth)
	if err != nil {
		t.Fatal(err)
	}
	ax, _ := a.BigFloat()
	p, err := types.LongDouble.New(new(big.Float).SetPrec(300).Mul(ax, big.NewFloat(3)))
	if err != nil {
		t.Fatal(err)
	}
	px, _ := p.BigFloat()
	if want := "arg3 = " + px.Text('g', -1) + "\n"; !strings.HasSuffix(out, want) {
		t.Errorf("ld_mul(0.1, 3) printed\n%s\nwant a line %q", out, want)
	}
	rc, out, _ = ctypes("call", lib, "void ld_struct(struct LD1 { char c; long double x; int i; } *s, int c, int i)", "-", "65", "14")
	if rc != 0 || !strings.Contains(out, `"x": 2,`) {
		t.Errorf("ld_struct: %d %s", rc, out)
	}
	if types.LongDouble.Kind() == types.KindLongDouble {
		rc, _, errOut = ctypes("call", lib, "long double ld_half(long double x)", "1")
		if rc != 1 || !strings.Contains(errOut, "long double") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("ld_half by value: %d %q", rc, errOut)
		}
	}
}
