// Command benchreport turns the output of the benchmarks package's
// `go test -bench` run (any -count) into the Markdown tables of
// BENCHMARKS.md: the median ns/op and allocs/op of every case and
// implementation, and this project's ratio to cgo.
//
//	go test ./benchmarks -run '^$' -bench . -benchmem -count 5 | go run ./cmd/benchreport
//
// With -update FILE it replaces the part of FILE between the lines
// "<!-- begin table -->" and "<!-- end table -->" with the tables, the
// date and the Go version, instead of printing them.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// line matches "BenchmarkSin/cgo-2   123   45.6 ns/op   0 B/op   0 allocs/op".
var line = regexp.MustCompile(`^Benchmark([^/\s]+)/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+[\d.]+ B/op\s+([\d.]+) allocs/op)?`)

type sample struct{ ns, allocs []float64 }

// columns orders the implementations.
var columns = []string{"cgo", "purego", "purego_syscalln", "jupiterrider", "ctypes_call", "ctypes_callas", "ctypes", "typed"}

func main() {
	update := flag.String("update", "", "rewrite the table section of this Markdown file")
	flag.Parse()
	var buf bytes.Buffer
	if err := run(os.Stdin, &buf); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	if *update == "" {
		os.Stdout.Write(buf.Bytes())
		return
	}
	if err := replaceSection(*update, buf.String()); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

const beginMark, endMark = "<!-- begin table -->", "<!-- end table -->"

// replaceSection puts table between the markers of the Markdown file.
func replaceSection(path, table string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(text)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s ... %s section", path, beginMark, endMark)
	}
	section := fmt.Sprintf("%s\nMeasured %s with %s on %s/%s.\n\n%s%s", beginMark,
		time.Now().UTC().Format("2006-01-02"), runtime.Version(), runtime.GOOS, runtime.GOARCH, table, endMark)
	return os.WriteFile(path, []byte(s[:i]+section+s[j+len(endMark):]), 0o644)
}

func run(in io.Reader, out io.Writer) error {
	data := map[string]map[string]*sample{}
	var cases []string
	var cpu string
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "cpu: ") {
			cpu = strings.TrimPrefix(t, "cpu: ")
		}
		m := line.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		c, impl := m[1], m[2]
		if data[c] == nil {
			data[c] = map[string]*sample{}
			cases = append(cases, c)
		}
		s := data[c][impl]
		if s == nil {
			s = &sample{}
			data[c][impl] = s
		}
		ns, _ := strconv.ParseFloat(m[3], 64)
		s.ns = append(s.ns, ns)
		if m[4] != "" {
			a, _ := strconv.ParseFloat(m[4], 64)
			s.allocs = append(s.allocs, a)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(cases) == 0 {
		return fmt.Errorf("no benchmark lines in the input")
	}
	if cpu != "" {
		fmt.Fprintf(out, "CPU: %s\n\n", cpu)
	}
	var used []string
	for _, col := range columns {
		for _, c := range cases {
			if data[c][col] != nil {
				used = append(used, col)
				break
			}
		}
	}
	fmt.Fprintf(out, "| case | %s | ctypes_callas / cgo | typed / cgo |\n|---|", strings.Join(used, " | "))
	fmt.Fprint(out, strings.Repeat("---|", len(used)+2), "\n")
	for _, c := range cases {
		fmt.Fprintf(out, "| %s |", c)
		for _, col := range used {
			s := data[c][col]
			if s == nil {
				fmt.Fprint(out, " - |")
				continue
			}
			cell := formatNs(median(s.ns))
			if len(s.allocs) > 0 {
				cell += fmt.Sprintf(", %.0f allocs", median(s.allocs))
			}
			fmt.Fprintf(out, " %s |", cell)
		}
		for _, col := range []string{"ctypes_callas", "typed"} {
			if s, base := data[c][col], data[c]["cgo"]; s != nil && base != nil {
				fmt.Fprintf(out, " %.2fx |", median(s.ns)/median(base.ns))
			} else {
				fmt.Fprint(out, " - |")
			}
		}
		fmt.Fprintln(out)
	}
	return nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func formatNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.1f ns", ns)
}
