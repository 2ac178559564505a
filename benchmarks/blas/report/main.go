// Command report turns the output of the benchmarks/blas benchmarks (one or
// more `go test -bench` runs, on standard input) into a markdown table of
// medians, and writes it into a file between the lines
//
//	<!-- begin blas table -->
//	<!-- end blas table -->
//
// appending a section with them at the end of the file when they are not
// there yet:
//
//	go run ./benchmarks/blas/report -update BENCHMARKS.md < bench.txt
//
// bash benchmarks/blas/report.sh runs the benchmarks and this.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	begin = "<!-- begin blas table -->"
	end   = "<!-- end blas table -->"
)

// columns are the benchmark variants, in the table's order.
var columns = []string{"ctypes_reference", "ctypes_openblas", "ctypes_blis", "ctypes_atlas", "cgo_openblas", "gonum"}

func main() {
	update := flag.String("update", "", "the markdown file to write the table into (default: print it)")
	command := flag.String("command", "bash benchmarks/blas/report.sh", "the command the table says reproduces it")
	instr := flag.String("instr", "", "instructions per 4×4 call, as variant=count,variant=count (from callgrind)")
	flag.Parse()
	if err := run(os.Stdin, *update, *command, *instr); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, update, command, instr string) error {
	res, cpu, err := parse(in)
	if err != nil {
		return err
	}
	counts, err := parseInstr(instr)
	if err != nil {
		return err
	}
	table := format(res, cpu, command, counts)
	if update == "" {
		fmt.Print(table)
		return nil
	}
	old, err := os.ReadFile(update)
	if err != nil {
		return err
	}
	return os.WriteFile(update, splice(old, table), 0o644)
}

// results maps a matrix size and a variant to the ns/op of every run.
type results map[int]map[string][]float64

// parse reads lines such as
//
//	BenchmarkDgemm/64/ctypes_openblas-2   9225   125057 ns/op   0 B/op   0 allocs/op
func parse(in io.Reader) (results, string, error) {
	res := results{}
	cpu := ""
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			cpu = strings.TrimSpace(c)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "BenchmarkDgemm/") || f[3] != "ns/op" {
			continue
		}
		parts := strings.Split(f[0], "/")
		if len(parts) != 3 {
			continue
		}
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			return nil, "", fmt.Errorf("size in %q: %w", f[0], err)
		}
		variant := parts[2]
		if i := strings.LastIndexByte(variant, '-'); i > 0 {
			variant = variant[:i] // the GOMAXPROCS suffix
		}
		ns, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, "", fmt.Errorf("ns/op in %q: %w", line, err)
		}
		if res[n] == nil {
			res[n] = map[string][]float64{}
		}
		res[n][variant] = append(res[n][variant], ns)
	}
	if err := sc.Err(); err != nil {
		return nil, "", err
	}
	if len(res) == 0 {
		return nil, "", errors.New("no BenchmarkDgemm results on standard input")
	}
	return res, cpu, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// duration prints ns with three significant digits in a fitting unit.
func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3g s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	}
	return fmt.Sprintf("%.3g ns", ns)
}

// parseInstr reads "ctypes_openblas=3679,cgo_openblas=1339".
func parseInstr(s string) (map[string]int, error) {
	counts := map[string]int{}
	if s == "" {
		return counts, nil
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n <= 0 {
			return nil, fmt.Errorf("-instr: %q is not variant=count", kv)
		}
		counts[k] = n
	}
	return counts, nil
}

func format(res results, cpu, command string, counts map[string]int) string {
	var b strings.Builder
	runs := 0
	for _, byVariant := range res {
		for _, v := range byVariant {
			runs = max(runs, len(v))
		}
	}
	fmt.Fprintf(&b, "%s\nMeasured %s with %s on %s/%s", begin, time.Now().UTC().Format("2006-01-02"), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if cpu != "" {
		fmt.Fprintf(&b, " (%s)", cpu)
	}
	fmt.Fprintf(&b, "; the median of %d runs. Reproduce with `%s`.\n\n", runs, command)
	b.WriteString("| n×n dgemm |")
	for _, c := range columns {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString(" ctypes_openblas / cgo_openblas | gonum / ctypes_openblas |\n|---|")
	for range len(columns) + 2 {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	sizes := make([]int, 0, len(res))
	for n := range res {
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	for _, n := range sizes {
		fmt.Fprintf(&b, "| %d |", n)
		for _, c := range columns {
			if v := res[n][c]; len(v) > 0 {
				fmt.Fprintf(&b, " %s |", duration(median(v)))
			} else {
				b.WriteString(" - |")
			}
		}
		for _, r := range [][2]string{{"ctypes_openblas", "cgo_openblas"}, {"gonum", "ctypes_openblas"}} {
			x, y := res[n][r[0]], res[n][r[1]]
			if len(x) > 0 && len(y) > 0 {
				fmt.Fprintf(&b, " %.2fx |", median(x)/median(y))
			} else {
				b.WriteString(" - |")
			}
		}
		b.WriteString("\n")
	}
	if c, g := counts["ctypes_openblas"], counts["cgo_openblas"]; c > 0 && g > 0 {
		fmt.Fprintf(&b, "\nInstructions per 4×4 call (callgrind; unlike the times, independent of the machine's load): ctypes_openblas %d, cgo_openblas %d: %.2fx.\n", c, g, float64(c)/float64(g))
	}
	b.WriteString(end + "\n")
	return b.String()
}

// splice replaces the table between the markers in old, or appends a
// section holding it.
func splice(old []byte, table string) []byte {
	i, j := bytes.Index(old, []byte(begin)), bytes.Index(old, []byte(end))
	if i >= 0 && j > i {
		j += len(end)
		if j < len(old) && old[j] == '\n' {
			j++
		}
		return slices.Concat(old[:i], []byte(table), old[j:])
	}
	out := bytes.TrimRight(old, "\n")
	return slices.Concat(out, []byte("\n\n"+section+"\n"+table))
}

// section is the text above the table, written once, when the section is
// appended.
const section = `## BLAS: cblas_dgemm through the toolkit, gonum and cgo

Square matrix products C = A·B (row-major, no transposes) of the
[benchmarks/blas](benchmarks/blas) package: **ctypes_*** is cblas_dgemm
called through this toolkit (examples/blas/cblas: ` + "`ffi.Func`" + ` with
` + "`Restype`/`Argtypes`" + `, Go slices passed without copying, the
arguments checked in Go first) on each Debian implementation;
**cgo_openblas** is a cgo call of the same OpenBLAS function, through a
pointer from dlsym on the same file; **gonum** is gonum's pure-Go BLAS
(gonum.org/v1/gonum/blas/gonum). Every benchmark first checks its
product against gonum's, and gonum's against the reference BLAS's.

All run on one core (` + "`OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1`" + `,
` + "`-cpu 1`" + ` so gonum uses one goroutine at a time), in rounds that
interleave the variants, on a virtual machine shared with other work: the
ratios within one run mean more than the absolute times. At 4×4 the time
is mostly the call: 14 arguments, six of them on the stack. This section
is written by ` + "`go run ./benchmarks/blas/report`" + `, not by
cmd/benchreport.
`
