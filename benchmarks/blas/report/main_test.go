package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `cpu: Test CPU
BenchmarkDgemm/4/ctypes_openblas   	 1000	       300.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkDgemm/4/cgo_openblas      	 1000	       200.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkDgemm/4/ctypes_openblas   	 1000	       100.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkDgemm/4/cgo_openblas      	 1000	       200.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkDgemm/4/ctypes_openblas   	 1000	       250.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkDgemm/1024/gonum-2        	    1	1500000000 ns/op	   53968 B/op	     516 allocs/op
BenchmarkSomethingElse             	 1000	       1.0 ns/op
PASS
`

// TestReport checks the medians and ratios of the table and that a second
// update replaces the section's table instead of appending another.
func TestReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(path, []byte("# Benchmarks\n\ntext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := run(strings.NewReader(sample), path, "cmd", "ctypes_openblas=300,cgo_openblas=200"); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, want := range []string{
		"# Benchmarks\n\ntext\n\n## BLAS",
		"(Test CPU); the median of 3 runs. Reproduce with `cmd`.",
		"| 4 | - | 250 ns | - | - | 200 ns | - | 1.25x | - |",
		"| 1024 | - | - | - | - | - | 1.5 s | - | - |",
		"ctypes_openblas 300, cgo_openblas 200: 1.50x.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if n := strings.Count(out, begin); n != 1 {
		t.Errorf("%d tables after two updates:\n%s", n, out)
	}
	if err := run(strings.NewReader("PASS\n"), path, "cmd", ""); err == nil {
		t.Error("no results: no error")
	}
	if err := run(strings.NewReader(sample), "", "cmd", "x"); err == nil {
		t.Error("a bad -instr: no error")
	}
}
