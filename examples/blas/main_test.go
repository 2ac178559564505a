package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// TestRun checks the program's output: a line per Debian implementation,
// with the product computed in Go for those present (an absent one is
// skipped, or a failure under CTYPES_REQUIRE=1).
func TestRun(t *testing.T) {
	var out strings.Builder
	err := run(&out, nil)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	impls := cblas.Debian()
	if len(lines) != len(impls) {
		t.Fatalf("%d lines for %d implementations:\n%s", len(lines), len(impls), out.String())
	}
	var want [4]float64
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			for k := 0; k < 3; k++ {
				want[i*2+j] += a[i*3+k] * b[k*2+j]
			}
		}
	}
	for i, im := range impls {
		t.Run(im.Name, func(t *testing.T) {
			_, lerr := ffi.CDLL(im.Path)
			testenv.Require(t, im.Name, lerr)
			if w := fmt.Sprintf("%-10s A·B = %v  %s", im.Name, want[:], im.Path); lines[i] != w {
				t.Errorf("got  %q\nwant %q", lines[i], w)
			}
		})
	}
	if err != nil {
		testenv.Require(t, "a CBLAS implementation", err)
	}
}
