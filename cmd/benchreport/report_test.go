package main

import (
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// matrixInput is two rounds of a small matrix: per-round ratios of CallAs
// to cgo are 1.1 and 1.3 (a01_x), 2 and 2 (a02_y), 1.4 and 1.6 (a08_z).
const matrixInput = `goos: linux
cpu: Test CPU
BenchmarkMatrix/a01_sin/cgo-2              1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a01_sin/ctypes_callas-2    1000   110 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a01_sin/purego-2           1000   400 ns/op  24 B/op   3 allocs/op
BenchmarkMatrix/a02_y/cgo-2                1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a02_y/ctypes_callas-2      1000   200 ns/op  16 B/op   2 allocs/op
BenchmarkMatrix/a08_z/cgo-2                1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a08_z/ctypes_callas-2      1000   140 ns/op   0 B/op   0 allocs/op
BenchmarkCallbacks/a01_intint/cgo-2           1   1000000 ns/op   1000000 calls/op   0 B/op   0 allocs/op
BenchmarkCallbacks/a01_intint/callbackfn-2         1   1500000 ns/op   1000000 calls/op   8 B/op   2000000 allocs/op
BenchmarkMatrix/a01_sin/cgo-2              1000   200 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a01_sin/ctypes_callas-2    1000   260 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a01_sin/purego-2           1000   800 ns/op  24 B/op   3 allocs/op
BenchmarkMatrix/a02_y/cgo-2                1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a02_y/ctypes_callas-2      1000   200 ns/op  16 B/op   2 allocs/op
BenchmarkMatrix/a08_z/cgo-2                1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkMatrix/a08_z/ctypes_callas-2      1000   160 ns/op   0 B/op   0 allocs/op
BenchmarkFirstUse/purego-2                   10   2000000 ns/op
BenchmarkFirstUse/typed-2                    10   1000000 ns/op
`

func mustParse(t *testing.T, s string) *dataset {
	t.Helper()
	d, err := parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParse(t *testing.T) {
	d := mustParse(t, matrixInput)
	if d.cpu != "Test CPU" {
		t.Errorf("cpu %q", d.cpu)
	}
	want := []string{"Matrix/a01_sin", "Matrix/a02_y", "Matrix/a08_z", "Callbacks/a01_intint", "FirstUse"}
	if strings.Join(d.cases, ",") != strings.Join(want, ",") {
		t.Errorf("cases %v, want %v", d.cases, want)
	}
	s := d.get("Matrix/a01_sin", "ctypes_callas")
	if s == nil || len(s.ns) != 2 || s.ns[0] != 110 || s.ns[1] != 260 || len(s.allocs) != 2 {
		t.Errorf("a01_sin/ctypes_callas: %+v", s)
	}
	if s := d.get("Callbacks/a01_intint", "callbackfn"); s == nil || len(s.calls) != 1 || s.calls[0] != 1e6 {
		t.Errorf("calls/op not parsed: %+v", s)
	}
	if s := d.get("FirstUse", "typed"); s == nil || len(s.allocs) != 0 {
		t.Errorf("FirstUse/typed: %+v", s)
	}
	// Without a GOMAXPROCS suffix (GOMAXPROCS=1) the name is whole.
	d = mustParse(t, "BenchmarkSin/typed   10   5.5 ns/op\n")
	if d.get("Sin", "typed") == nil {
		t.Errorf("no Sin/typed in %v", d.data)
	}
	for _, bad := range []string{"", "nothing\n", "BenchmarkNoSlash-2 10 5 ns/op\n", "BenchmarkA/b-2 10 5 B/op\n"} {
		if _, err := parse(strings.NewReader(bad)); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

func TestRatio(t *testing.T) {
	d := mustParse(t, matrixInput)
	// Per-round ratios 1.1 and 1.3: median 1.2 (the ratio of the medians would be 185/150).
	if r, ok := d.ratio("Matrix/a01_sin", "ctypes_callas"); !ok || math.Abs(r-1.2) > 1e-9 {
		t.Errorf("ratio %v %v, want 1.2", r, ok)
	}
	// Unequal counts: ratio of the medians.
	d2 := mustParse(t, "BenchmarkX/cgo 1 100 ns/op\nBenchmarkX/cgo 1 300 ns/op\nBenchmarkX/typed 1 300 ns/op\n")
	if r, ok := d2.ratio("X", "typed"); !ok || r != 1.5 {
		t.Errorf("ratio %v %v, want 1.5", r, ok)
	}
	if _, ok := d.ratio("Matrix/a01_sin", "typed"); ok {
		t.Error("ratio of a missing implementation")
	}
	// Allocations per callback.
	if a, ok := d.allocs("Callbacks/a01_intint", "callbackfn"); !ok || a != 2 {
		t.Errorf("allocs per callback %v %v, want 2", a, ok)
	}
	if n := arity("Matrix/a08_z"); n != 8 {
		t.Errorf("arity %d", n)
	}
	if n := arity("Sin"); n != -1 {
		t.Errorf("arity of Sin %d", n)
	}
}

func TestSummary(t *testing.T) {
	d := mustParse(t, matrixInput)
	st := summarise(d, d.group("Matrix/"), matrixAPIs[0])
	if st.n != 3 || math.Abs(st.best-1.2) > 1e-9 || st.med != 1.5 || st.worst != 2 || st.worst6 != 2 || st.worstCase != "a02_y" {
		t.Errorf("summary %+v", st)
	}
	if st.maxAllocs != 2 || st.allocating != 1 {
		t.Errorf("allocs %+v", st)
	}
	// a02_y is over 1.25x (and allocates); a08_z (8 args) is at 1.5x, within 1.5x.
	if strings.Join(st.over, ",") != "a02_y" {
		t.Errorf("over target %v", st.over)
	}
	var out strings.Builder
	report(d, &out, "benchmarks", nil, nil)
	s := out.String()
	for _, want := range []string{
		"| CallAs | 3 | 1.20x | 1.50x | 2.00x | 2.00x | a02_y | 2 allocs | 1 | ≤ 1.25x up to 6 args, ≤ 1.5x, ≤ 0 allocs | 1: a02_y |",
		"| `sin(double)` (a01_sin) | 150.0 ns | 1.20x, 0 allocs | - | - | - | - | - | 4.00x, 3 allocs | - |",
		"| typed callbacks (CallbackFn*/CallbackProc*) | 1 | 1.50x | 1.50x | 1.50x | 1.50x | a01_intint | 2 allocs | 1 | ≤ 1.3x, ≤ 0 allocs | 1: a01_intint |",
		"typed bindings 1.0 ms (0.50x purego)",
		"| FirstUse | 2.0 ms | 1.0 ms | - | - |",
		"| a08_z | 100.0 ns | 1.50x, 0 allocs | - |",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "![") {
		t.Error("a chart linked without charts requested")
	}
}

func TestOverTargetAndRerun(t *testing.T) {
	d := mustParse(t, matrixInput)
	over := overTarget(d)
	if strings.Join(over, ",") != "a02_y,a01_intint" {
		t.Errorf("over target %v", over)
	}
	if p := rerunPattern(over); p != "^Benchmark(Matrix|Callbacks)$/^(a02_y|a01_intint)$/" {
		t.Errorf("pattern %q", p)
	}
	if rerunPattern(nil) != "" {
		t.Error("pattern for no case")
	}
	d.replace(mustParse(t, "BenchmarkMatrix/a02_y/cgo-2 1 100 ns/op 0 B/op 0 allocs/op\nBenchmarkMatrix/a02_y/ctypes_callas-2 1 110 ns/op 0 B/op 0 allocs/op\n"))
	if r, _ := d.ratio("Matrix/a02_y", "ctypes_callas"); math.Abs(r-1.1) > 1e-9 {
		t.Errorf("after the re-run: %v, want 1.1", r)
	}
	var out strings.Builder
	if err := mainErr(strings.NewReader(matrixInput), &out, "", "", "", true); err != nil || !strings.Contains(out.String(), "a02_y|a01_intint") {
		t.Errorf("-overtarget: %q %v", out.String(), err)
	}
}

// TestChart checks that the chart is well-formed XML with one point per
// signature and API measured, and cgo's line.
func TestChart(t *testing.T) {
	d := mustParse(t, matrixInput)
	svg := chart("title <&>", d, d.group("Matrix/"), matrixAPIs[:3])
	dec := xml.NewDecoder(strings.NewReader(svg))
	circles := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("bad SVG: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "circle" {
			circles++
		}
	}
	// 3 CallAs points, and the legend's 3 markers.
	if circles != 3+3 {
		t.Errorf("%d circles, want 6", circles)
	}
	if !strings.Contains(svg, "cgo = 1.0") || !strings.Contains(svg, "a08_z CallAs: 1.50x") {
		t.Errorf("chart lacks cgo's line or a point:\n%s", svg)
	}
}

func TestUpdate(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "B.md")
	if err := os.Mkdir(filepath.Join(dir, "benchmarks"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(md, []byte("head\n"+beginMark+"\nold\n"+endMark+"\ntail\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := mainErr(strings.NewReader(matrixInput), io.Discard, md, "benchmarks", "", false); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(md)
	s := string(b)
	if !strings.HasPrefix(s, "head\n"+beginMark+"\nMeasured ") || !strings.HasSuffix(s, endMark+"\ntail\n") || strings.Contains(s, "old") {
		t.Errorf("section not replaced:\n%s", s)
	}
	if !strings.Contains(s, "![Ratio to cgo per signature, one series per API](benchmarks/matrix.svg)") {
		t.Errorf("no chart link:\n%s", s)
	}
	for _, f := range []string{"matrix.svg", "callbacks.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "benchmarks", f)); err != nil {
			t.Error(err)
		}
	}
	if err := os.WriteFile(md, []byte("no markers"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := mainErr(strings.NewReader(matrixInput), io.Discard, md, "benchmarks", "", false); err == nil {
		t.Error("no error for a file without the markers")
	}
}
