package main

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
)

// seriesColors are the colours of the series, in the order of the APIs.
var seriesColors = []string{"#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b"}

// chart draws the ratio to cgo of each API over cases as an SVG line chart
// on a log scale: one point per signature and API, a series per API,
// cgo's 1.0 drawn as a thick dashed line, and each API's time target (up
// to 6 arguments) as a thin dotted line of its colour.
func chart(title string, d *dataset, cases []string, apis []api) string {
	const (
		left, right, top, bottom = 64.0, 150.0, 40.0, 80.0
		height                   = 360.0
	)
	// Fewest arguments first: the targets differ up to 6 arguments and beyond.
	cases = append([]string(nil), cases...)
	sort.SliceStable(cases, func(i, j int) bool { return arity(cases[i]) < arity(cases[j]) })
	step := math.Max(14, 560/float64(max(len(cases), 1)))
	width := step * float64(len(cases))
	lo, hi := 1.0, 1.0
	for _, c := range cases {
		for _, a := range apis {
			if r, ok := d.ratio(c, a.impl); ok {
				lo, hi = math.Min(lo, r), math.Max(hi, r)
			}
		}
	}
	lo, hi = math.Min(lo, 0.8), math.Max(hi*1.1, 2)
	y := func(r float64) float64 {
		return top + height*(1-(math.Log(r)-math.Log(lo))/(math.Log(hi)-math.Log(lo)))
	}
	x := func(i int) float64 { return left + step/2 + float64(i)*step }
	var b strings.Builder
	W, H := left+width+right, top+height+bottom
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="11">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%.0f" y="22" font-size="15" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(title))
	// Grid and y ticks.
	for _, t := range []float64{0.25, 0.5, 0.8, 1, 1.25, 1.5, 2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000} {
		if t < lo || t > hi {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, left+width, y(t), y(t))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%gx</text>`+"\n", left-6, y(t)+4, t)
	}
	fmt.Fprintf(&b, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle">time / cgo's time</text>`+"\n", top+height/2)
	// x labels.
	for i, c := range cases {
		fmt.Fprintf(&b, `<text transform="translate(%.1f %.1f) rotate(-65)" text-anchor="end" font-size="9">%s</text>`+"\n", x(i)+3, top+height+8, html.EscapeString(short(c)))
	}
	// Where the signatures of more than 6 arguments start.
	for i, c := range cases {
		if arity(c) > 6 {
			sx := x(i) - step/2
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="4 4"/>`+"\n", sx, sx, top, top+height)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#555">7+ args →</text>`+"\n", sx+4, top+14)
			break
		}
	}
	// Targets, then cgo's line.
	for k, a := range apis {
		if a.up6 > 0 && a.up6 >= lo && a.up6 <= hi {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="1 3" stroke-width="1.5"/>`+"\n", left, left+width, y(a.up6), y(a.up6), seriesColors[k%len(seriesColors)])
		}
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="black" stroke-width="2" stroke-dasharray="8 4"/>`+"\n", left, left+width, y(1), y(1))
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">cgo = 1.0</text>`+"\n", left+width+6, y(1)+4)
	// Series.
	for k, a := range apis {
		col := seriesColors[k%len(seriesColors)]
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-opacity="0.5" points="%s"/>`+"\n", col, strings.Join(seg, " "))
			}
			seg = seg[:0]
		}
		for i, c := range cases {
			r, ok := d.ratio(c, a.impl)
			if !ok {
				flush()
				continue
			}
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", x(i), y(r)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s %s: %.2fx</title></circle>`+"\n", x(i), y(r), col, html.EscapeString(short(c)), html.EscapeString(a.short), r)
		}
		flush()
		ly := top + 10 + float64(k)*18
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/><text x="%.1f" y="%.1f">%s</text>`+"\n", left+width+12, ly+30, col, left+width+20, ly+34, html.EscapeString(a.short))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="9" fill="#555">dotted: time targets</text>`+"\n", left+width+6, top+40+float64(len(apis))*18)
	fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#888"/>`+"\n", left, top, width, height)
	b.WriteString("</svg>\n")
	return b.String()
}
