package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestUpToDate regenerates every file into a temporary directory and
// compares it with the committed one: an edit of the generator (or of a
// generated file) without `go generate ./benchmarks` fails here.
func TestUpToDate(t *testing.T) {
	tmp := t.TempDir()
	if err := os.Mkdir(filepath.Join(tmp, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	genC(tmp)
	genFirstUse(tmp)
	genGoShared(tmp)
	genCgo(tmp)
	genTest(tmp)
	files := map[string]string{
		"testdata/matrix.c":    "../../../testdata/matrix.c",
		"testdata/firstuse.c":  "../../../testdata/firstuse.c",
		"matrix_gen.go":        "../../matrix_gen.go",
		"matrix_cgo_gen.go":    "../../matrix_cgo_gen.go",
		"matrix_export_gen.go": "../../matrix_export_gen.go",
		"matrix_gen_test.go":   "../../matrix_gen_test.go",
	}
	for gen, committed := range files {
		a, err := os.ReadFile(filepath.Join(tmp, gen))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(committed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s is not what the generator writes: run go generate ./benchmarks", committed)
		}
	}
}

// TestMatrixCoverage checks that the matrix has what issue 9 asks of it.
func TestMatrixCoverage(t *testing.T) {
	if len(sigs) < 48 {
		t.Errorf("%d signatures, want at least 48", len(sigs))
	}
	seenKind := map[string]bool{}
	var maxArgs, minStruct, maxStruct int
	minStruct = 1 << 30
	outs, memResults := 0, 0
	for _, s := range sigs {
		if len(s.args) > maxArgs {
			maxArgs = len(s.args)
		}
		for _, p := range append([]param{s.ret}, s.args...) {
			if p.k != nil {
				seenKind[p.k.tok] = true
			}
			if p.mode == "out" {
				outs++
			}
			if p.s != nil {
				n := structSize(p.s)
				minStruct, maxStruct = min(minStruct, n), max(maxStruct, n)
			}
		}
		if s.ret.s != nil && structSize(s.ret.s) > 16 {
			memResults++
		}
	}
	if len(seenKind) != len(kinds) {
		t.Errorf("kinds used: %v, want all %d", seenKind, len(kinds))
	}
	if maxArgs != 20 || minStruct != 1 || maxStruct != 64 || outs == 0 || memResults == 0 {
		t.Errorf("max args %d, structs %d..%d bytes, %d out-parameters, %d results in memory", maxArgs, minStruct, maxStruct, outs, memResults)
	}
}

// structSize is the C size of s (natural alignment, as on every ABI the
// module targets).
func structSize(s *shape) int {
	size, align := 0, 1
	for _, f := range s.fields {
		n := map[string]int{"i8": 1, "u8": 1, "i16": 2, "u16": 2, "i32": 4, "u32": 4, "f32": 4, "i64": 8, "u64": 8, "f64": 8}[f]
		size = (size + n - 1) / n * n
		size += n
		align = max(align, n)
	}
	return (size + align - 1) / align * align
}
