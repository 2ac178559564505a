package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	in := `cpu: Test CPU
BenchmarkSin/cgo-2   100   40.0 ns/op   0 B/op   0 allocs/op
BenchmarkSin/cgo-2   100   50.0 ns/op   0 B/op   0 allocs/op
BenchmarkSin/cgo-2   100   45.0 ns/op   0 B/op   0 allocs/op
BenchmarkSin/typed-2 100   54.0 ns/op   0 B/op   0 allocs/op
BenchmarkSum1M/cgo-2 10 1000000 ns/op
`
	var out strings.Builder
	if err := run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"CPU: Test CPU", "| Sin | 45.0 ns, 0 allocs | 54.0 ns, 0 allocs | - | 1.20x |", "| Sum1M | 1.0 ms | - |"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if err := run(strings.NewReader("nothing"), &out); err == nil {
		t.Error("no error for input without benchmarks")
	}
}
