package main

import (
	"os"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
)

// TestSameOutputAsCtest checks that the generated bindings print what
// examples/ctest prints: the notebook's output (its seed, read from
// examples/ctest's test so that the two cannot drift apart).
func TestSameOutputAsCtest(t *testing.T) {
	src, err := os.ReadFile("../ctest/main_test.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	start := strings.Index(s, "const seed = `")
	if start < 0 {
		t.Fatal("examples/ctest/main_test.go has no seed")
	}
	seed := s[start+len("const seed = `"):]
	seed = seed[:strings.Index(seed, "`")]
	path := cbuild.Test(t, "ctest")
	var out strings.Builder
	if err := run(&out, path); err != nil {
		t.Fatal(err)
	}
	if out.String() != seed {
		t.Errorf("output differs from examples/ctest's\ngot:\n%s\nwant:\n%s", out.String(), seed)
	}
}
