// Command testsummary reads the output of `go test -json` on its standard
// input, prints what go test would print for each package (the output of
// failed tests, and the ok/FAIL lines), and ends with a count of the tests
// that passed, failed and skipped, and why each skipped test skipped. It
// exits with status 1 if a test or a package failed. CI runs:
//
//	go test -json ./... | go run ./internal/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

type key struct{ pkg, test string }

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

func run(in io.Reader, out io.Writer) int {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	output := map[key][]string{}
	var passed, failed, skipped int
	var failedNames []string
	skips := map[string][]string{} // reason -> tests
	bad := false
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			fmt.Fprintln(out, string(line)) // build errors come as plain text
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output":
			output[k] = append(output[k], e.Output)
			if e.Test == "" && (strings.HasPrefix(e.Output, "ok ") || strings.HasPrefix(e.Output, "FAIL") || strings.HasPrefix(e.Output, "?")) {
				fmt.Fprint(out, e.Output)
			}
		case "pass":
			if e.Test != "" {
				passed++
			}
		case "fail":
			if e.Test == "" {
				bad = true
				// Tests of the package that never ended (a timeout, a crash
				// of the test binary): their output, which says where it
				// stopped, then the package's.
				var open []string
				for ok := range output {
					if ok.pkg == e.Package && ok.test != "" {
						open = append(open, ok.test)
					}
				}
				sort.Strings(open)
				for _, t := range open {
					fmt.Fprintf(out, "--- unfinished: %s %s\n%s", e.Package, t, strings.Join(output[key{e.Package, t}], ""))
					failedNames = append(failedNames, e.Package+" "+t+" (unfinished)")
				}
				if len(output[k]) > 0 && !strings.Contains(strings.Join(output[k], ""), "FAIL\t") || len(open) > 0 {
					fmt.Fprint(out, strings.Join(output[k], ""))
				}
				continue
			}
			failed++
			bad = true
			failedNames = append(failedNames, e.Package+" "+e.Test)
			fmt.Fprint(out, strings.Join(output[k], ""))
		case "skip":
			if e.Test == "" {
				continue
			}
			skipped++
			reason := "(no reason given)"
			for _, o := range output[k] {
				if i := strings.Index(o, "skipping"); i >= 0 {
					reason = strings.TrimSpace(o[i:])
					break
				}
			}
			skips[reason] = append(skips[reason], strings.TrimPrefix(e.Package, "github.com/purectypes/ctypes/")+" "+e.Test)
		}
		if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
			if e.Test != "" {
				delete(output, k)
			}
		}
	}
	fmt.Fprintf(out, "\ntests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	reasons := make([]string, 0, len(skips))
	for r := range skips {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(out, "  skipped %d: %s\n", len(skips[r]), r)
		for _, t := range skips[r] {
			fmt.Fprintf(out, "    %s\n", t)
		}
	}
	for _, f := range failedNames {
		fmt.Fprintf(out, "  FAILED: %s\n", f)
	}
	if bad {
		return 1
	}
	return 0
}
