package callconv

import (
	"fmt"
	"strings"
	"testing"
)

// Layouts for the Win64 table tests (named apart from the System V tests'
// helpers, which share the package on linux/amd64).
var (
	w64i8  = Layout{Size: 1, Align: 1}
	w64i16 = Layout{Size: 2, Align: 2}
	w64i32 = Layout{Size: 4, Align: 4}
	w64i64 = Layout{Size: 8, Align: 8}
	w64f32 = Layout{Size: 4, Align: 4, Float: true}
	w64f64 = Layout{Size: 8, Align: 8, Float: true}
	w64v   = Layout{Void: true}
)

// w64agg is an aggregate of size bytes made of leaves of leaf bytes each
// (float leaves when float is set).
func w64agg(size, leaf uintptr, float bool) Layout {
	l := Layout{Size: size, Align: leaf, Aggregate: true}
	for off := uintptr(0); off+leaf <= size; off += leaf {
		l.Leaves = append(l.Leaves, Leaf{Offset: off, Size: leaf, Float: float})
	}
	return l
}

// w64String renders a classification compactly: one token per slot (i:
// integer value, f: float value, r: by reference, s: hidden result
// pointer, with the argument's size), then "->" and the result.
func w64String(s w64Sig) string {
	var b strings.Builder
	for k, sl := range s.slots {
		if k > 0 {
			b.WriteByte(' ')
		}
		switch {
		case sl.kind == w64Sret:
			b.WriteString("s")
		case sl.kind == w64Ref:
			fmt.Fprintf(&b, "r%d", sl.size)
		case sl.float:
			fmt.Fprintf(&b, "f%d", sl.size)
		default:
			fmt.Fprintf(&b, "i%d", sl.size)
		}
	}
	b.WriteString(" -> ")
	switch s.ret {
	case w64RetVoid:
		b.WriteString("void")
	case w64RetInt:
		fmt.Fprintf(&b, "rax%d", s.retSize)
	case w64RetFloat:
		fmt.Fprintf(&b, "xmm0.%d", s.retSize)
	case w64RetMemory:
		fmt.Fprintf(&b, "mem%d", s.retSize)
	}
	return b.String()
}

// TestClassifyWin64 checks the Win64 classification on the cases that
// decide it: slots shared by position, aggregates by size only (all-float
// ones included), the hidden result pointer shifting the arguments.
func TestClassifyWin64(t *testing.T) {
	cases := []struct {
		name string
		ret  Layout
		args []Layout
		want string
	}{
		{"ints and floats share the four slots by position",
			w64i32, []Layout{w64i32, w64f64, w64i64, w64f32}, "i4 f8 i8 f4 -> rax4"},
		{"a fifth argument is a stack word",
			w64f64, []Layout{w64f64, w64f64, w64f64, w64f64, w64f64, w64i8}, "f8 f8 f8 f8 f8 i1 -> xmm0.8"},
		{"float result in xmm0", w64f32, nil, " -> xmm0.4"},
		{"char and short results in rax", w64i16, []Layout{w64i8}, "i1 -> rax2"},
		{"void", w64v, []Layout{w64i64}, "i8 -> void"},
		{"{float}: an integer of 4 bytes, in rax",
			w64agg(4, 4, true), []Layout{w64agg(4, 4, true)}, "i4 -> rax4"},
		{"{float, float} and {double}: integers of 8 bytes",
			w64agg(8, 4, true), []Layout{w64agg(8, 4, true), w64agg(8, 8, true)}, "i8 i8 -> rax8"},
		{"{char x3}: 3 bytes, by reference; the result in memory",
			w64agg(3, 1, false), []Layout{w64agg(3, 1, false)}, "s r3 -> mem3"},
		{"{double, double}: 16 bytes, by reference",
			w64v, []Layout{w64agg(16, 8, true), w64i32}, "r16 i4 -> void"},
		{"sizes 1, 2, 4, 8 by value, 5, 6, 7, 9, 64 by reference",
			w64v, []Layout{w64agg(1, 1, false), w64agg(2, 1, false), w64agg(4, 2, false), w64agg(8, 4, false),
				w64agg(5, 1, false), w64agg(6, 2, false), w64agg(7, 1, false), w64agg(9, 1, false), w64agg(64, 8, false)},
			"i1 i2 i4 i8 r5 r6 r7 r9 r64 -> void"},
		{"a 16-byte result takes slot 0: the arguments shift by one",
			w64agg(16, 8, false), []Layout{w64f64, w64i32, w64f64, w64i64}, "s f8 i4 f8 i8 -> mem16"},
		{"an 8-byte struct result stays in rax", w64agg(8, 2, false), []Layout{w64f64}, "f8 -> rax8"},
	}
	for _, c := range cases {
		s, err := classifyWin64(c.ret, c.args, -1)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := w64String(s); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		for i := range c.args {
			if sl := s.slots[s.argSlot[i]]; sl.arg != i {
				t.Errorf("%s: argument %d's slot %d carries argument %d", c.name, i, s.argSlot[i], sl.arg)
			}
		}
	}
}

// TestClassifyWin64Stack: twenty arguments take four registers and sixteen
// stack words, in order; a hidden result pointer adds one.
func TestClassifyWin64Stack(t *testing.T) {
	args := make([]Layout, 20)
	for k := range args {
		args[k] = w64i32
		if k%2 == 1 {
			args[k] = w64f64
		}
	}
	s, err := classifyWin64(w64i64, args, -1)
	if err != nil {
		t.Fatal(err)
	}
	if s.stackWords() != 16 || s.argSlot[19] != 19 {
		t.Errorf("20 arguments: %d stack words, last in slot %d; want 16 and 19", s.stackWords(), s.argSlot[19])
	}
	s, err = classifyWin64(w64agg(24, 8, false), args, -1)
	if err != nil {
		t.Fatal(err)
	}
	if s.stackWords() != 17 || s.argSlot[0] != 1 || s.argSlot[19] != 20 {
		t.Errorf("20 arguments and a memory result: %d stack words, slots %d..%d; want 17, 1..20", s.stackWords(), s.argSlot[0], s.argSlot[19])
	}
	if s, _ := classifyWin64(w64v, nil, -1); s.stackWords() != 0 || len(s.slots) != 0 {
		t.Errorf("no arguments: %d slots", len(s.slots))
	}
}

// TestClassifyWin64Variadic: the fixed-argument count changes no slot (the
// engine loads every register slot into both register files).
func TestClassifyWin64Variadic(t *testing.T) {
	args := []Layout{w64i64, w64f64, w64f64, w64i32, w64f64}
	fixed, err := classifyWin64(w64i32, args, -1)
	if err != nil {
		t.Fatal(err)
	}
	variadic, err := classifyWin64(w64i32, args, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := w64String(fixed), w64String(variadic); a != b {
		t.Errorf("variadic %q, fixed %q", b, a)
	}
}

// TestClassifyWin64Errors: what cannot be passed is an error, not a panic.
func TestClassifyWin64Errors(t *testing.T) {
	cases := []struct {
		name string
		ret  Layout
		args []Layout
	}{
		{"a void argument", w64v, []Layout{w64v}},
		{"a 16-byte scalar argument (long double)", w64v, []Layout{{Size: 16, Align: 16, Float: true}}},
		{"a 16-byte scalar result", Layout{Size: 16, Align: 16}, nil},
		{"an empty aggregate result", Layout{Aggregate: true}, nil},
		{"an empty aggregate argument", w64v, []Layout{{Aggregate: true}}},
	}
	for _, c := range cases {
		if _, err := classifyWin64(c.ret, c.args, -1); err == nil {
			t.Errorf("%s: no error", c.name)
		} else if !strings.HasPrefix(err.Error(), "callconv: ") {
			t.Errorf("%s: error %q does not say it comes from callconv", c.name, err)
		}
	}
}
