package types

import (
	"math"
	"reflect"
	"testing"
)

// TestGoValueIn checks that GoValueIn gives GoValue's value and Go type for
// every fundamental type but long double, and keeps a number at *w without
// an allocation of its own.
func TestGoValueIn(t *testing.T) {
	w := new(uint64)
	for _, ft := range Fundamentals() {
		if ft.Kind() == KindLongDouble || ft.Kind() == KindCharP || ft.Kind() == KindWCharP {
			continue
		}
		for _, bits := range []uint64{0, 1, 0x80, 0xffff, 0x80000000, 0x3ff0000000000000, 1 << 63, math.MaxUint64} {
			got, want := ft.GoValueIn(bits, w), ft.GoValue(bits)
			same := reflect.DeepEqual(got, want)
			if g, ok := got.(float64); ok {
				wf, _ := want.(float64)
				same = math.Float64bits(g) == math.Float64bits(wf) // NaNs too
			}
			if reflect.TypeOf(got) != reflect.TypeOf(want) || !same {
				t.Errorf("%s from %#x: %T(%v), want %T(%v)", ft.Name(), bits, got, got, want, want)
			}
		}
	}
	var sink any
	if n := testing.AllocsPerRun(100, func() { sink = Int64.GoValueIn(1<<40, w) }); n != 0 {
		t.Errorf("GoValueIn of an int64: %v allocations, want 0", n)
	}
	if sink.(int64) != 1<<40 || *w != 1<<40 {
		t.Errorf("GoValueIn: %v, *w %#x", sink, *w)
	}
}
