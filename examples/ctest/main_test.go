package main

import (
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
)

// seed is the notebook's printed output of In [15], but for the first
// line, where CPython prints <__main__.Complex object at 0x7fba500b1d08>
// and we print the value.
const seed = `1-add
 Complex(x=5.0, y=7.0) 5.0 7.0
2-swap
 2.0 7.0 3.0 4.0
3-sum
 32.0
4-titlecase
 b'The Advantages Of Script Languages Over OTHER Languages'
5-tokenize
 8 [b'the', b'advantages', b'of', b'script', b'languages', b'over', b'OTHER', b'languages']
6-mult
 [[81.0, 291.0], [96.0, 356.0]]
`

func TestSeed(t *testing.T) {
	path := cbuild.Test(t, "ctest")
	var out strings.Builder
	if err := run(&out, path); err != nil {
		t.Fatal(err)
	}
	if out.String() != seed {
		t.Errorf("output differs from the notebook's\ngot:\n%s\nwant:\n%s", out.String(), seed)
	}
}
