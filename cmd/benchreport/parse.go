package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// sample holds the measurements of one implementation of one case, one
// entry per run (round) in input order.
type sample struct {
	ns, allocs, calls []float64 // calls: the calls/op metric (callback loops)
}

// dataset is a parsed `go test -bench` output.
type dataset struct {
	cpu   string
	cases []string // in input order
	data  map[string]map[string]*sample
}

// benchLine matches "BenchmarkMatrix/a02_add/cgo-2   123   45.6 ns/op   0 B/op   0 allocs/op":
// the name, then the value-unit pairs.
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// parse reads benchmark output. A benchmark's name is split at its last
// slash into a case ("Sin", "Matrix/a02_add") and an implementation
// ("cgo", "typed"); names without a slash are ignored.
func parse(in io.Reader) (*dataset, error) {
	d := &dataset{data: map[string]map[string]*sample{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "cpu: ") {
			d.cpu = strings.TrimPrefix(t, "cpu: ")
		}
		m := benchLine.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		i := strings.LastIndex(m[1], "/")
		if i < 0 {
			continue
		}
		c, impl := m[1][:i], m[1][i+1:]
		f := strings.Fields(m[2])
		var ns, allocs, calls float64
		var haveNs, haveAllocs, haveCalls bool
		for j := 0; j+1 < len(f); j += 2 {
			v, err := strconv.ParseFloat(f[j], 64)
			if err != nil {
				continue
			}
			switch f[j+1] {
			case "ns/op":
				ns, haveNs = v, true
			case "allocs/op":
				allocs, haveAllocs = v, true
			case "calls/op":
				calls, haveCalls = v, true
			}
		}
		if !haveNs {
			continue
		}
		if d.data[c] == nil {
			d.data[c] = map[string]*sample{}
			d.cases = append(d.cases, c)
		}
		s := d.data[c][impl]
		if s == nil {
			s = &sample{}
			d.data[c][impl] = s
		}
		s.ns = append(s.ns, ns)
		if haveAllocs {
			s.allocs = append(s.allocs, allocs)
		}
		if haveCalls {
			s.calls = append(s.calls, calls)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(d.cases) == 0 {
		return nil, fmt.Errorf("no benchmark lines in the input")
	}
	return d, nil
}

// replace puts the samples of every case of r in place of d's: the re-runs
// of the signatures over their targets are judged on the re-runs alone.
func (d *dataset) replace(r *dataset) {
	for _, c := range r.cases {
		if d.data[c] == nil {
			d.cases = append(d.cases, c)
		}
		d.data[c] = r.data[c]
	}
}

// get returns the sample of impl in case c, or nil.
func (d *dataset) get(c, impl string) *sample {
	return d.data[c][impl]
}

// ratio is impl's time over cgo's in case c: the median of the per-round
// ratios when both ran the same number of rounds (each round's pair ran
// close together in time, so drift between rounds cancels), otherwise the
// ratio of the medians.
func (d *dataset) ratio(c, impl string) (float64, bool) {
	return d.ratioTo(c, impl, "cgo")
}

func (d *dataset) ratioTo(c, impl, base string) (float64, bool) {
	s, b := d.get(c, impl), d.get(c, base)
	if s == nil || b == nil || len(s.ns) == 0 || len(b.ns) == 0 {
		return 0, false
	}
	if len(s.ns) == len(b.ns) {
		r := make([]float64, len(s.ns))
		for i := range r {
			r[i] = s.ns[i] / b.ns[i]
		}
		return median(r), true
	}
	return median(s.ns) / median(b.ns), true
}

// allocs is the median allocs/op of impl in case c, per call for callback
// loops (divided by calls/op); ok is false when not reported.
func (d *dataset) allocs(c, impl string) (float64, bool) {
	s := d.get(c, impl)
	if s == nil || len(s.allocs) == 0 {
		return 0, false
	}
	a := median(s.allocs)
	if len(s.calls) > 0 && median(s.calls) > 0 {
		a /= median(s.calls)
	}
	return a, true
}

// arity reads the number of arguments from a matrix case name
// ("Matrix/a02_add" is 2); -1 when the name has none.
func arity(c string) int {
	name := c[strings.LastIndex(c, "/")+1:]
	if len(name) < 4 || name[0] != 'a' || name[3] != '_' {
		return -1
	}
	n, err := strconv.Atoi(name[1:3])
	if err != nil {
		return -1
	}
	return n
}

// group returns the cases under prefix ("Matrix/"), in input order.
func (d *dataset) group(prefix string) []string {
	var out []string
	for _, c := range d.cases {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
