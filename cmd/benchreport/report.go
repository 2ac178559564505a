package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// columns orders the implementations of the classic table.
var columns = []string{"cgo", "purego", "purego_syscalln", "jupiterrider", "ctypes_call", "ctypes_callas", "ctypes", "typed", "callas_leaf", "typed_leaf", "callbackfn"}

// api is one way of calling C (or of being called back) summarised over a
// matrix, with the targets of issue 9 that it is judged against.
type api struct {
	impl, label string
	short       string  // the chart's legend
	up6, all    float64 // time targets (ratio to cgo): up to 6 arguments, any; 0 = none
	maxAllocs   float64 // allocs/op (per callback for callbacks); -1 = none
}

var matrixAPIs = []api{
	{"ctypes_callas", "CallAs", "CallAs", 1.25, 1.5, 0},
	{"typed", "typed (Fn*/Proc*)", "typed", 1.1, 1.25, 0},
	{"typed_leaf", "typed, declared leaf (Leaf)", "typed leaf", 0.5, 0.5, 0},
	{"callas_leaf", "CallAs, declared leaf (Func.Leaf)", "CallAs leaf", 0.6, 0.6, 0},
	{"ctypes_call", "Func.Call", "Func.Call", 2, 2, 2},
	{"bindfunc", "BindFunc (named shapes; reflect.MakeFunc)", "BindFunc", 0, 0, -1},
	{"purego", "purego (named shapes)", "purego", 0, 0, -1},
	{"jupiterrider", "jupiterrider/ffi (named shapes)", "jupiterrider", 0, 0, -1},
}

var callbackAPIs = []api{
	{"callbackfn", "typed callbacks (CallbackFn*/CallbackProc*)", "CallbackFn", 1.3, 1.3, 0},
	{"typed", "a Go func passed to a typed binding (NewCallbackFunc's path)", "typed", 0, 0, -1},
	{"ctypes_newcallbackfunc", "NewCallbackFunc", "NewCallbackFunc", 0, 0, -1},
	{"ctypes_newcallback", "NewCallback", "NewCallback", 0, 0, -1},
}

// named are the shapes shown as rows of their own, by the tag of their
// matrix name (a02_add is "add"), with what they are.
var named = []struct{ tag, label string }{
	{"sin", "`sin(double)`"},
	{"iadd", "`iadd(int, int)`"},
	{"add", "`add(struct Complex, struct Complex)`"},
	{"sret3d", "3-double struct returned in memory"},
	{"frexp", "`frexp(double, int*)` out-parameter"},
	{"i10d10", "10 int64 + 10 double arguments"},
	{"mixed", "20 arguments of every kind (structs, pointers, out-parameters)"},
	{"intint", "1e6 calls of an `int(int)` callback from a C loop"},
	{"qsort", "qsort of 1e6 int32 with a Go comparator"},
}

func tag(c string) string {
	name := c[strings.LastIndex(c, "/")+1:]
	if arity(c) >= 0 {
		return name[4:]
	}
	return name
}

func short(c string) string { return c[strings.LastIndex(c, "/")+1:] }

// report writes every table of the section; charts gets the SVG charts to
// write (file name -> content), shown in the text as svgDir/name.
func report(d *dataset, out io.Writer, svgDir string, charts map[string]string, reruns []string) {
	if d.cpu != "" {
		fmt.Fprintf(out, "CPU: %s\n\n", d.cpu)
	}
	if m := d.group("Matrix/"); len(m) > 0 {
		fmt.Fprintf(out, "### Calls: the signature matrix\n\n")
		fmt.Fprintf(out, "%d signatures of [testdata/matrix.c](testdata/matrix.c) (0 to 20 arguments of every kind, pointers and out-parameters, structs of 1 to 64 bytes in and out), each against a cgo call of the same C function; the ratio to cgo per signature (1.00x is cgo's time).\n\n", len(m))
		summary(d, out, m, matrixAPIs)
		fmt.Fprintln(out)
		namedRows(d, out, m, []string{"ctypes_callas", "typed", "ctypes_call", "typed_leaf", "callas_leaf", "bindfunc", "purego", "jupiterrider"},
			[]string{"CallAs", "typed", "Func.Call", "typed leaf", "CallAs leaf", "BindFunc", "purego", "jupiterrider"})
		if charts != nil {
			name := "matrix.svg"
			charts[name] = chart("Ratio to cgo per signature (log scale)", d, m, matrixAPIs[:3])
			fmt.Fprintf(out, "\n![Ratio to cgo per signature, one series per API](%s/%s)\n", svgDir, name)
		}
		fmt.Fprintln(out)
	}
	if cb := d.group("Callbacks/"); len(cb) > 0 {
		fmt.Fprintf(out, "### Callbacks: C calling Go in a loop\n\n")
		fmt.Fprintf(out, "%d callback signatures; one operation is a C loop calling the Go function (1000 times, or as the row says), against the same loop calling a cgo `//export` function; allocations are per callback.\n\n", len(cb))
		summary(d, out, cb, callbackAPIs)
		fmt.Fprintln(out)
		namedRows(d, out, cb, []string{"callbackfn", "typed", "ctypes_newcallbackfunc", "ctypes_newcallback"},
			[]string{"CallbackFn", "Go func in a typed binding", "NewCallbackFunc", "NewCallback"})
		if charts != nil {
			name := "callbacks.svg"
			charts[name] = chart("Callbacks: ratio to cgo //export per signature (log scale)", d, cb, callbackAPIs)
			fmt.Fprintf(out, "\n![Callbacks: ratio to cgo per signature, one series per API](%s/%s)\n", svgDir, name)
		}
		fmt.Fprintln(out)
	}
	if lf := d.group("Leaf/"); len(lf) > 0 {
		fmt.Fprintf(out, "### Leaf calls of short C functions\n\n")
		fmt.Fprintf(out, "The short functions of [testdata/leaf.c](testdata/leaf.c) (BenchmarkLeaf), each called in a loop through cgo, a typed binding, a typed binding declared leaf (`ffi.Leaf`), CallAs, and CallAs of a Func declared leaf (`Func.Leaf`); the ratio to cgo. `mix20` is a weighted sum of 20 arguments (about 170 instructions of C: it copies them into arrays and loops), `sum20` their plain sum (about 30). Targets (issue 11): typed leaf int add 0.25x, sin, the struct in memory and a 20-argument call 0.5x; CallAs leaf int add and sin 0.6x.\n\n")
		fmt.Fprintf(out, "| function | cgo | typed | typed leaf | CallAs | CallAs leaf |\n|---|---|---|---|---|---|\n")
		for _, c := range lf {
			fmt.Fprintf(out, "| %s | %s |", short(c), nsCell(d, c, "cgo"))
			for _, im := range []string{"typed", "typed_leaf", "callas", "callas_leaf"} {
				fmt.Fprintf(out, " %s |", ratioCell(d, c, im))
			}
			fmt.Fprintln(out)
		}
		fmt.Fprintln(out)
	}
	if fu := d.data["FirstUse"]; fu != nil {
		fmt.Fprintf(out, "### First use\n\nLoad a library of 1000 distinct functions ([testdata/firstuse.c](testdata/firstuse.c)), bind each, call each once:")
		if p := fu["purego"]; p != nil {
			fmt.Fprintf(out, " purego's `RegisterLibFunc` %s", formatNs(median(p.ns)))
		}
		for _, im := range []struct{ impl, label string }{{"typed", "typed bindings"}, {"ctypes_callas", "`lib.Func` + `CallAs`"}} {
			if s := fu[im.impl]; s != nil {
				fmt.Fprintf(out, "; %s %s", im.label, formatNs(median(s.ns)))
				if r, ok := d.ratioTo("FirstUse", im.impl, "purego"); ok {
					fmt.Fprintf(out, " (%.2fx purego)", r)
				}
			}
		}
		fmt.Fprint(out, ". Target: no slower than purego.\n\n")
	}
	if len(reruns) > 0 {
		list := reruns
		more := ""
		if len(list) > 12 {
			list, more = list[:12], fmt.Sprintf(" and %d more", len(reruns)-12)
		}
		fmt.Fprintf(out, "%d signatures were over a target in the first rounds and were re-run; they are judged on the re-runs: %s%s.\n\n", len(reruns), strings.Join(list, ", "), more)
	}
	fmt.Fprintf(out, "### Each benchmark\n\n")
	classic(d, out)
	for _, g := range []struct {
		prefix, title string
		impls         []string
	}{
		{"Matrix/", "Every signature of the matrix", []string{"ctypes_callas", "typed", "ctypes_call", "typed_leaf", "callas_leaf", "bindfunc", "purego", "jupiterrider"}},
		{"Callbacks/", "Every callback signature", []string{"callbackfn", "typed", "ctypes_newcallbackfunc", "ctypes_newcallback"}},
	} {
		cs := d.group(g.prefix)
		if len(cs) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n<details><summary>%s: ratio to cgo, allocations</summary>\n\n", g.title)
		fmt.Fprintf(out, "| signature | cgo | %s |\n|---|---|%s\n", strings.Join(g.impls, " | "), strings.Repeat("---|", len(g.impls)))
		for _, c := range cs {
			fmt.Fprintf(out, "| %s | %s |", short(c), nsCell(d, c, "cgo"))
			for _, im := range g.impls {
				fmt.Fprintf(out, " %s |", ratioCell(d, c, im))
			}
			fmt.Fprintln(out)
		}
		fmt.Fprintf(out, "\n</details>\n")
	}
}

func nsCell(d *dataset, c, impl string) string {
	s := d.get(c, impl)
	if s == nil {
		return "-"
	}
	return formatNs(median(s.ns))
}

func ratioCell(d *dataset, c, impl string) string {
	r, ok := d.ratio(c, impl)
	if !ok {
		return "-"
	}
	cell := fmt.Sprintf("%.2fx", r)
	if a, ok := d.allocs(c, impl); ok {
		cell += ", " + formatAllocs(a)
	}
	return cell
}

// formatAllocs writes a count of allocations: whole when it is within 0.05
// of a whole number (a loop of 1000 callbacks with 47999 allocations makes
// 48 per callback), else with two decimals.
func formatAllocs(a float64) string {
	if math.Abs(a-math.Round(a)) < 0.05 {
		return fmt.Sprintf("%.0f allocs", math.Round(a))
	}
	return fmt.Sprintf("%.2f allocs", a)
}

// stats summarises one API over cases.
type stats struct {
	n                        int
	best, med, worst, worst6 float64
	worstCase                string
	maxAllocs                float64
	allocating               int
	over                     []string
}

func summarise(d *dataset, cases []string, a api) stats {
	var st stats
	var rs []float64
	st.worst6 = -1
	for _, c := range cases {
		r, ok := d.ratio(c, a.impl)
		if !ok {
			continue
		}
		st.n++
		rs = append(rs, r)
		if r > st.worst {
			st.worst, st.worstCase = r, short(c)
		}
		if n := arity(c); n >= 0 && n <= 6 && r > st.worst6 {
			st.worst6 = r
		}
		al, hasAllocs := d.allocs(c, a.impl)
		if hasAllocs {
			if al > st.maxAllocs {
				st.maxAllocs = al
			}
			if al > 0 {
				st.allocating++
			}
		}
		limit := a.all
		if n := arity(c); n >= 0 && n <= 6 {
			limit = a.up6
		}
		if (limit > 0 && r > limit) || (a.maxAllocs >= 0 && hasAllocs && al > a.maxAllocs) {
			st.over = append(st.over, short(c))
		}
	}
	if st.n == 0 {
		return st
	}
	sort.Float64s(rs)
	st.best, st.med = rs[0], median(rs)
	return st
}

func summary(d *dataset, out io.Writer, cases []string, apis []api) {
	fmt.Fprintln(out, "| API | signatures | best | median | worst | worst up to 6 args | worst signature | max allocs | allocating | target | over target |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, a := range apis {
		st := summarise(d, cases, a)
		if st.n == 0 {
			continue
		}
		w6 := "-"
		if st.worst6 >= 0 {
			w6 = fmt.Sprintf("%.2fx", st.worst6)
		}
		target := "-"
		switch {
		case a.up6 > 0 && a.up6 != a.all:
			target = fmt.Sprintf("≤ %gx up to 6 args, ≤ %gx", a.up6, a.all)
		case a.up6 > 0:
			target = fmt.Sprintf("≤ %gx", a.up6)
		}
		if a.maxAllocs >= 0 {
			target += fmt.Sprintf(", ≤ %.0f allocs", a.maxAllocs)
		}
		over := "-"
		if a.up6 > 0 || a.maxAllocs >= 0 {
			over = fmt.Sprintf("%d", len(st.over))
			if len(st.over) > 0 {
				over += ": " + listOver(d, cases, a, st.over)
			}
		}
		fmt.Fprintf(out, "| %s | %d | %.2fx | %.2fx | %.2fx | %s | %s | %s | %d | %s | %s |\n",
			a.label, st.n, st.best, st.med, st.worst, w6, st.worstCase, formatAllocs(st.maxAllocs), st.allocating, target, over)
	}
}

// listOver names the signatures over target, the slowest first, at most
// maxListed of them.
func listOver(d *dataset, cases []string, a api, over []string) string {
	const maxListed = 8
	full := map[string]string{}
	for _, c := range cases {
		full[short(c)] = c
	}
	o := append([]string(nil), over...)
	sort.SliceStable(o, func(i, j int) bool {
		ri, _ := d.ratio(full[o[i]], a.impl)
		rj, _ := d.ratio(full[o[j]], a.impl)
		return ri > rj
	})
	if len(o) > maxListed {
		return strings.Join(o[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(o)-maxListed)
	}
	return strings.Join(o, ", ")
}

// overTarget returns the cases of the matrices over a target of any API.
func overTarget(d *dataset) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range []struct {
		prefix string
		apis   []api
	}{{"Matrix/", matrixAPIs}, {"Callbacks/", callbackAPIs}} {
		for _, a := range g.apis {
			for _, c := range summarise(d, d.group(g.prefix), a).over {
				if !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func namedRows(d *dataset, out io.Writer, cases []string, impls, labels []string) {
	var rows [][]string
	for _, n := range named {
		for _, c := range cases {
			if tag(c) != n.tag {
				continue
			}
			row := []string{n.label + " (" + short(c) + ")", nsCell(d, c, "cgo")}
			for _, im := range impls {
				row = append(row, ratioCell(d, c, im))
			}
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(out, "| named shape | cgo | %s |\n|---|---|%s\n", strings.Join(labels, " | "), strings.Repeat("---|", len(labels)))
	for _, r := range rows {
		fmt.Fprintf(out, "| %s |\n", strings.Join(r, " | "))
	}
}

// classic writes the table of the benchmarks outside the matrices, as
// BENCHMARKS.md has always shown them.
func classic(d *dataset, out io.Writer) {
	var cases []string
	for _, c := range d.cases {
		if !strings.HasPrefix(c, "Matrix/") && !strings.HasPrefix(c, "Callbacks/") && !strings.HasPrefix(c, "Leaf/") {
			cases = append(cases, c)
		}
	}
	var used []string
	for _, col := range columns {
		for _, c := range cases {
			if d.data[c][col] != nil {
				used = append(used, col)
				break
			}
		}
	}
	if len(cases) == 0 {
		return
	}
	fmt.Fprintf(out, "| case | %s | ctypes_callas / cgo | typed / cgo |\n|---|", strings.Join(used, " | "))
	fmt.Fprint(out, strings.Repeat("---|", len(used)+2), "\n")
	for _, c := range cases {
		fmt.Fprintf(out, "| %s |", c)
		for _, col := range used {
			s := d.data[c][col]
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
			if s, base := d.data[c][col], d.data[c]["cgo"]; s != nil && base != nil {
				fmt.Fprintf(out, " %.2fx |", median(s.ns)/median(base.ns))
			} else {
				fmt.Fprint(out, " - |")
			}
		}
		fmt.Fprintln(out)
	}
}

func formatNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.1f ns", ns)
}
