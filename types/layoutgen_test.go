package types_test

import (
	"os"
	"strconv"
	"testing"
)

// TestRandomLayoutsMatchC generates random struct and union declarations
// (fields of every fundamental type, bitfields of every width including
// unnamed and zero-width ones, arrays, nested structs, every packing, both
// byte orders), compiles them as C in one program and compares C's layout
// with this package's: sizes, alignments, offsets, and the bytes of every
// bitfield and integer field C sets. CTYPES_LAYOUT_SEED picks another seed;
// CTYPES_LAYOUT_N another count.
func TestRandomLayoutsMatchC(t *testing.T) {
	seed, n := uint64(1), 400
	if s := os.Getenv("CTYPES_LAYOUT_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	if s := os.Getenv("CTYPES_LAYOUT_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		n = 50
	}
	checkGenerated(t, seeded(seed), n)
}

func checkGenerated(t *testing.T, r chooser, n int) {
	t.Helper()
	all, err := genStructs(r, n, "G", cBigEndian(t) == nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := parseLayouts(t, runC(t, cProgram(all)))
	for _, s := range all {
		cl, ok := c[s.name]
		if !ok {
			t.Fatalf("the C program does not print %s", s.name)
		}
		ok = t.Run(s.name, func(t *testing.T) { checkLayout(t, s.name, s.typ, cl) })
		if !ok {
			t.Logf("C declaration:\n%s", s.cSource())
		}
	}
}
