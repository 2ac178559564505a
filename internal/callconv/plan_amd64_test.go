//go:build linux && amd64

package callconv

import "testing"

// agg is the Layout of an aggregate of size and align with the leaves
// given (i: an integer leaf, f: a float one).
func agg(size, align uintptr, leaves ...Leaf) Layout {
	return Layout{Size: size, Align: align, Aggregate: true, Leaves: leaves}
}

func i(off, size uintptr) Leaf { return Leaf{Offset: off, Size: size} }
func f(off, size uintptr) Leaf { return Leaf{Offset: off, Size: size, Float: true} }

var (
	i32 = Layout{Size: 4, Align: 4}
	i64 = Layout{Size: 8, Align: 8}
	f64 = Layout{Size: 8, Align: 8, Float: true}
	f32 = Layout{Size: 4, Align: 4, Float: true}
)

// TestClassify checks the System V x86-64 classification of aggregates
// (ABI 3.2.3) on the cases that decide it.
func TestClassify(t *testing.T) {
	cases := []struct {
		name    string
		l       Layout
		classes []class
		memory  bool
	}{
		{"{double, double}", agg(16, 8, f(0, 8), f(8, 8)), []class{classSSE, classSSE}, false},
		{"{long, double}", agg(16, 8, i(0, 8), f(8, 8)), []class{classInteger, classSSE}, false},
		{"{float, float, float}", agg(12, 4, f(0, 4), f(4, 4), f(8, 4)), []class{classSSE, classSSE}, false},
		{"{int, float}: INTEGER wins in one eightbyte", agg(8, 4, i(0, 4), f(4, 4)), []class{classInteger}, false},
		{"{char, double}", agg(16, 8, i(0, 1), f(8, 8)), []class{classInteger, classSSE}, false},
		{"union {float f[2]; double d}", agg(8, 8, f(0, 4), f(4, 4), f(0, 8)), []class{classSSE}, false},
		{"union {int i; float f}", agg(4, 4, i(0, 4), f(0, 4)), []class{classInteger}, false},
		{"{double x3}: over 16 bytes", agg(24, 8, f(0, 8), f(8, 8), f(16, 8)), nil, true},
		{"packed {char; int}: a misaligned field", agg(5, 1, i(0, 1), i(1, 4)), nil, true},
		{"packed bitfield bytes (1-byte leaves)", agg(5, 1, i(0, 1), i(1, 1), i(2, 1)), []class{classInteger}, false},
		{"empty", agg(0, 1), nil, true},
	}
	for _, c := range cases {
		classes, n, mem := classify(c.l)
		if mem != c.memory {
			t.Errorf("%s: memory %v, want %v", c.name, mem, c.memory)
			continue
		}
		if mem {
			continue
		}
		if n != len(c.classes) {
			t.Errorf("%s: %d eightbytes, want %d", c.name, n, len(c.classes))
			continue
		}
		for k := range c.classes {
			if classes[k] != c.classes[k] {
				t.Errorf("%s: eightbyte %d is class %d, want %d", c.name, k, classes[k], c.classes[k])
			}
		}
	}
}

// TestNewPlanSlots checks where arguments go: integer registers, vector
// registers, then the stack in order; an aggregate that does not fit in the
// registers left goes to the stack whole; a MEMORY result takes rdi.
func TestNewPlanSlots(t *testing.T) {
	// Seven integers and nine doubles: the 7th integer and the 9th double
	// on the stack, in argument order.
	args := []Layout{i64, i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, f64, i64, f64}
	p, err := NewPlan(Layout{Void: true}, args, -1)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, numRegs, numRegs + 1}
	for k, w := range want {
		if got := p.args[k].slot; got != w {
			t.Errorf("argument %d: slot %d, want %d", k+1, got, w)
		}
	}
	if p.stackWords != 2 || p.nsse != 8 {
		t.Errorf("stack words %d, SSE registers %d; want 2 and 8", p.stackWords, p.nsse)
	}

	// A {long, long} struct after five integers: needs two integer
	// registers, one is left, so the whole struct goes on the stack and
	// the next integer still takes r9.
	pair := agg(16, 8, i(0, 8), i(8, 8))
	p, err = NewPlan(i32, []Layout{i64, i64, i64, i64, i64, pair, i64}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if loc := p.args[5]; !loc.inMem || loc.slot != numRegs {
		t.Errorf("struct after five integers: inMem %v slot %d, want on the stack at the first stack word", loc.inMem, loc.slot)
	}
	if got := p.args[6].slot; got != 5 {
		t.Errorf("integer after the spilled struct: slot %d, want 5 (r9)", got)
	}

	// A MEMORY-class result: the hidden pointer takes rdi, the first
	// integer argument moves to rsi.
	big := agg(24, 8, f(0, 8), f(8, 8), f(16, 8))
	p, err = NewPlan(big, []Layout{i32, f32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if p.ret != retMemory || p.args[0].slot != 1 || p.args[1].slot != firstSSE {
		t.Errorf("MEMORY result: in memory %v, slots %d %d; want true, 1 (rsi), %d (xmm0)", p.ret == retMemory, p.args[0].slot, p.args[1].slot, firstSSE)
	}

	// A {double, long} result comes back in xmm0 and rax.
	p, err = NewPlan(agg(16, 8, f(0, 8), i(8, 8)), nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	// (result parts: slot 0 rax, 1 rdx, 2 xmm0, 3 xmm1)
	if pt := p.retParts; p.ret != retParts || p.nretParts != 2 || pt[0] != (part{0, 8, 2}) || pt[1] != (part{8, 8, 0}) {
		t.Errorf("{double, long} result: kind %d, %d parts %v; want xmm0 then rax", p.ret, p.nretParts, pt)
	}
}

// TestRetOp checks which store Invoke makes of each kind of result: the
// common ones written out (a register's word, a pair of eightbytes), the
// rest storeRes's, and the small-integer results exec_ret32's.
func TestRetOp(t *testing.T) {
	u8, u16 := Layout{Size: 1, Align: 1}, Layout{Size: 2, Align: 2}
	cases := []struct {
		name string
		ret  Layout
		args []Layout
		want uint8
	}{
		{"void", Layout{Void: true}, nil, retEAX},
		{"uint8", u8, nil, retEAX},
		{"uint16", u16, []Layout{i64}, retEAX},
		{"int32", i32, []Layout{i64, f64}, retEAX4},
		{"int64", i64, nil, retRAX8},
		{"double", f64, nil, retXMM8},
		{"float", f32, nil, retXMM4},
		{"{int32}", agg(4, 4, i(0, 4)), nil, retEAX4},
		{"{int8}", agg(1, 1, i(0, 1)), []Layout{i64}, retEAX},
		{"{int8, int8}", agg(2, 1, i(0, 1), i(1, 1)), nil, retEAX},
		{"{int8, int8, int8}", agg(3, 1, i(0, 1), i(1, 1), i(2, 1)), nil, retOther},
		{"{int16, float}", agg(8, 4, i(0, 2), f(4, 4)), nil, retRAX8},
		{"{double}", agg(8, 8, f(0, 8)), nil, retXMM8},
		{"{float, float}", agg(8, 4, f(0, 4), f(4, 4)), nil, retXMM8},
		{"{long, double}", agg(16, 8, i(0, 8), f(8, 8)), nil, retPair},
		{"{double, long}", agg(16, 8, f(0, 8), i(8, 8)), nil, retPair},
		{"{float, int32, float}", agg(12, 4, f(0, 4), i(4, 4), f(8, 4)), nil, retPair4},
		{"{long, int32}", agg(12, 8, i(0, 8), i(8, 4)), nil, retPair4},
		{"{long, int16}", agg(10, 8, i(0, 8), i(8, 2)), nil, retOther},
		{"{int16}", agg(2, 2, i(0, 2)), nil, retEAX},
		{"{int16}, 7 stack words", agg(2, 2, i(0, 2)), []Layout{i64, i64, i64, i64, i64, i64, i64}, retEAX},
		{"{double, double, double}", agg(24, 8, f(0, 8), f(8, 8), f(16, 8)), nil, retNone},
		// With a stack word too: the plan's loader places it.
		{"int32, a stack word", i32, []Layout{i64, i64, i64, i64, i64, i64, i64}, retEAX4},
		{"{long, int32}, a stack word", agg(12, 8, i(0, 8), i(8, 4)), []Layout{i64, i64, i64, i64, i64, i64, i64}, retPair4},
	}
	for _, c := range cases {
		p, err := NewPlan(c.ret, c.args, -1)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.retOp != c.want {
			t.Errorf("%s: retOp %d, want %d", c.name, p.retOp, c.want)
		}
	}
}
