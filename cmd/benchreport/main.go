// Command benchreport turns the output of the benchmarks package's
// `go test -bench` runs (any number of rounds, concatenated) into the
// Markdown of BENCHMARKS.md and its SVG charts:
//
//   - the signature matrix (BenchmarkMatrix) as the best, median and worst
//     ratio to cgo per API (CallAs, typed bindings, Func.Call), with the
//     allocations and the targets of issue 9, the named shapes (sin, iadd,
//     add, a struct returned in memory, an out-parameter, 20 arguments) as
//     rows, and a chart of the ratio per signature (matrix.svg);
//   - the callback matrix (BenchmarkCallbacks) likewise, per callback API
//     (callbacks.svg), allocations per callback;
//   - first use (BenchmarkFirstUse) against purego;
//   - the table of every other benchmark (median ns/op and allocs/op per
//     implementation, ratio to cgo), and per-signature tables.
//
// A ratio is the median over rounds of each round's ratio to the cgo run
// of the same case (rounds are interleaved, so a pair ran close together);
// when the counts differ, the ratio of the medians.
//
//	go test ./benchmarks -run '^$' -bench . -benchmem -count 1 > r1; ... | go run ./cmd/benchreport
//
// With -update FILE it replaces the part of FILE between the lines
// "<!-- begin table -->" and "<!-- end table -->" with the report, the
// date and the Go version, and writes the charts into -svgdir, instead of
// printing the report. -overtarget prints a -bench pattern selecting the
// signatures over a target (for re-runs), and -rerun FILE replaces those
// cases' samples by the re-runs' before reporting. benchmarks/report.sh
// does all of it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	update := flag.String("update", "", "rewrite the table section of this Markdown file (and write the charts)")
	svgDir := flag.String("svgdir", "benchmarks", "directory of the SVG charts, relative to the Markdown file's")
	rerun := flag.String("rerun", "", "benchmark output of re-runs: replaces the samples of the cases it holds")
	over := flag.Bool("overtarget", false, "print a -bench pattern of the matrix signatures over a target, and exit")
	flag.Parse()
	if err := mainErr(os.Stdin, os.Stdout, *update, *svgDir, *rerun, *over); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func mainErr(in io.Reader, stdout io.Writer, update, svgDir, rerun string, over bool) error {
	d, err := parse(in)
	if err != nil {
		return err
	}
	if over {
		if p := rerunPattern(overTarget(d)); p != "" {
			fmt.Fprintln(stdout, p)
		}
		return nil
	}
	var reruns []string
	if rerun != "" {
		f, err := os.Open(rerun)
		if err != nil {
			return err
		}
		r, err := parse(f)
		f.Close()
		if err == nil {
			seen := map[string]bool{}
			for _, c := range r.cases {
				if !seen[short(c)] {
					seen[short(c)] = true
					reruns = append(reruns, short(c))
				}
			}
			d.replace(r)
		}
	}
	var buf bytes.Buffer
	if update == "" {
		report(d, &buf, svgDir, nil, reruns)
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	charts := map[string]string{}
	report(d, &buf, svgDir, charts, reruns)
	dir := filepath.Join(filepath.Dir(update), svgDir)
	for name, svg := range charts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(svg), 0o644); err != nil {
			return err
		}
	}
	return replaceSection(update, buf.String())
}

// rerunPattern is the -bench pattern running the cases given (short
// names) in both matrices.
func rerunPattern(cases []string) string {
	if len(cases) == 0 {
		return ""
	}
	return "^Benchmark(Matrix|Callbacks)$/^(" + strings.Join(cases, "|") + ")$/"
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

// run writes the report of the benchmark output in to out (no charts).
func run(in io.Reader, out io.Writer) error {
	return mainErr(in, out, "", "benchmarks", "", false)
}
