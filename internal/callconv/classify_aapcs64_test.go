package callconv

import (
	"strings"
	"testing"
)

// Layouts for the AAPCS64 classifier's tables (named apart from the
// x86-64 tests' helpers, which share the package on linux/amd64).
var (
	a64char   = Layout{Size: 1, Align: 1, Signed: true}
	a64short  = Layout{Size: 2, Align: 2, Signed: true}
	a64int    = Layout{Size: 4, Align: 4, Signed: true}
	a64long   = Layout{Size: 8, Align: 8, Signed: true}
	a64ptr    = Layout{Size: 8, Align: 8}
	a64float  = Layout{Size: 4, Align: 4, Float: true}
	a64double = Layout{Size: 8, Align: 8, Float: true}
	a64void   = Layout{Void: true}
)

// a64agg is an aggregate of size and align with the leaves given.
func a64agg(size, align uintptr, leaves ...Leaf) Layout {
	return Layout{Size: size, Align: align, Aggregate: true, Leaves: leaves}
}

// a64floats is an aggregate of n leaves of size bytes each (float or
// double), one after the other.
func a64floats(n int, size uintptr) Layout {
	l := a64agg(uintptr(n)*size, size)
	for k := 0; k < n; k++ {
		l.Leaves = append(l.Leaves, Leaf{Offset: uintptr(k) * size, Size: size, Float: true})
	}
	return l
}

// a64bytes is a struct of n chars.
func a64bytes(n int) Layout {
	l := a64agg(uintptr(n), 1)
	for k := 0; k < n; k++ {
		l.Leaves = append(l.Leaves, Leaf{Offset: uintptr(k), Size: 1})
	}
	return l
}

func a64rep(l Layout, n int) []Layout {
	out := make([]Layout, n)
	for k := range out {
		out[k] = l
	}
	return out
}

func a64cat(ls ...[]Layout) []Layout {
	var out []Layout
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

func a64one(l ...Layout) []Layout { return l }

var (
	// struct { long a, b; }
	a64LL = a64agg(16, 8, Leaf{0, 8, false}, Leaf{8, 8, false})
	// a 16-byte aligned struct of two longs (__attribute__((aligned(16))))
	a64LL16 = a64agg(16, 16, Leaf{0, 8, false}, Leaf{8, 8, false})
	// struct __attribute__((aligned(16))) { long a, b; }: the type's
	// attribute, not a member's
	a64LL16T = Layout{Size: 16, Align: 16, MemberAlign: 8, Aggregate: true, Leaves: []Leaf{{0, 8, false}, {8, 8, false}}}
	// struct __attribute__((aligned(16))) { float f[4]; } and struct {
	// float f[4] __attribute__((aligned(16))); }: HFAs
	a64F4T = Layout{Size: 16, Align: 16, MemberAlign: 4, Aggregate: true, Leaves: a64floats(4, 4).Leaves}
	a64F4M = Layout{Size: 16, Align: 16, MemberAlign: 16, Aggregate: true, Leaves: a64floats(4, 4).Leaves}
	// struct { int a, b; }
	a64II = a64agg(8, 4, Leaf{0, 4, false}, Leaf{4, 4, false})
	// union { float f[2]; double d; }
	a64UFD = a64agg(8, 8, Leaf{0, 4, true}, Leaf{4, 4, true}, Leaf{0, 8, true})
	// union { float f[2]; struct { float x, y; } p; }
	a64UFF = a64agg(8, 4, Leaf{0, 4, true}, Leaf{4, 4, true}, Leaf{0, 4, true}, Leaf{4, 4, true})
	// union { int i; float f; }
	a64UIF = a64agg(4, 4, Leaf{0, 4, false}, Leaf{0, 4, true})
	// struct { struct { float x, y; } p; float z; }
	a64Nested = a64agg(12, 4, Leaf{0, 4, true}, Leaf{4, 4, true}, Leaf{8, 4, true})
	// struct __attribute__((packed)) { char c; int i; }
	a64Packed = a64agg(5, 1, Leaf{0, 1, false}, Leaf{1, 4, false})
)

// TestAAPCS64HFA checks which aggregates are homogeneous floating-point
// aggregates (AAPCS64 5.9.5), with their base size and member count.
func TestAAPCS64HFA(t *testing.T) {
	cases := []struct {
		name string
		l    Layout
		base uintptr
		n    int
	}{
		{"{float}", a64floats(1, 4), 4, 1},
		{"{float, float}", a64floats(2, 4), 4, 2},
		{"{float[4]}", a64floats(4, 4), 4, 4},
		{"{float[5]}: five members", a64floats(5, 4), 0, 0},
		{"{double x3}", a64floats(3, 8), 8, 3},
		{"{double x4}", a64floats(4, 8), 8, 4},
		{"{{float x, y}, float z}: nested", a64Nested, 4, 3},
		{"union {float f[2]; struct {float x, y}}", a64UFF, 4, 2},
		{"union {float f[2]; double d}: float and double", a64UFD, 0, 0},
		{"union {int; float}", a64UIF, 0, 0},
		{"{float, double}", a64agg(16, 8, Leaf{0, 4, true}, Leaf{8, 8, true}), 0, 0},
		{"{float x3} padded to 16 (aligned(16))", a64agg(16, 16, Leaf{0, 4, true}, Leaf{4, 4, true}, Leaf{8, 4, true}), 0, 0},
		{"{int, int}", a64II, 0, 0},
		{"empty", a64agg(0, 1), 0, 0},
		{"double (a scalar)", a64double, 0, 0},
	}
	for _, c := range cases {
		base, n, ok := a64HFA(c.l)
		if ok != (c.n > 0) || base != c.base || n != c.n {
			t.Errorf("%s: a64HFA = %d, %d, %v; want %d, %d", c.name, base, n, ok, c.base, c.n)
		}
	}
}

// TestAAPCS64Classify checks where arguments and results go, per the
// rules of AAPCS64 stage C (6.8.2) and Apple's differences, one case per
// rule that decides it. (The Linux cases are also what GCC does: the
// behaviour tests on linux/arm64 call C compiled by it. The Apple cases
// were checked by hand against the calls clang 16 compiles for
// arm64-apple-macos11, which CI does not install.)
func TestAAPCS64Classify(t *testing.T) {
	ints8 := a64rep(a64long, 8)
	doubles8 := a64rep(a64double, 8)
	cases := []struct {
		name   string
		apple  bool
		ret    Layout
		args   []Layout
		nfixed int
		want   string // each argument's places, " | " between arguments, then "-> " and the result's
	}{
		{"integers and pointers in x registers", false, a64int,
			a64one(a64int, a64long, a64char, a64ptr), -1, "x0 | x1 | x2 | x3 -> x0"},
		{"the ninth integer on the stack", false, a64void,
			a64cat(ints8, a64one(a64char, a64int)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0 | sp+8 -> void"},
		{"floats and integers count apart", false, a64double,
			a64one(a64int, a64double, a64int, a64float), -1, "x0 | v0 | x1 | v1 -> v0"},
		{"the ninth double on the stack", false, a64float,
			a64cat(doubles8, a64one(a64double, a64float)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0 | sp+8 -> v0"},
		{"HFAs in consecutive v registers", false, a64void,
			a64one(a64floats(2, 4), a64floats(4, 8), a64Nested), -1, "v0,v1 | v2,v3,v4,v5 | sp+0:12 -> void"},
		{"an HFA that does not fit goes to the stack, and so does every later float (C.11)", false, a64void,
			a64cat(a64rep(a64double, 6), a64one(a64floats(3, 8), a64double)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | sp+0:24 | sp+24 -> void"},
		{"a float HFA on the stack takes 8-byte rounded room", false, a64void,
			a64cat(a64rep(a64float, 8), a64one(a64floats(3, 4), a64float)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0:12 | sp+16 -> void"},
		{"aggregates of up to 16 bytes in x registers", false, a64void,
			a64one(a64LL, a64bytes(1), a64bytes(12), a64II), -1, "x0,x1 | x2 | x3,x4 | x5 -> void"},
		{"over 16 bytes: by reference", false, a64void,
			a64one(a64floats(5, 8), a64bytes(17), a64int), -1, "&x0 | &x1 | x2 -> void"},
		{"an aggregate is not split, and no later argument takes an x register (C.10)", false, a64void,
			a64cat(a64rep(a64int, 7), a64one(a64LL, a64int)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | sp+0:16 | sp+16 -> void"},
		{"16-byte aligned aggregates start at an even register (C.8)", false, a64void,
			a64one(a64int, a64LL16, a64int, a64LL16), -1, "x0 | x2,x3 | x4 | x6,x7 -> void"},
		{"an aligned attribute on the type itself does not count (GCC and Clang)", false, a64void,
			a64one(a64int, a64LL16T), -1, "x0 | x1,x2 -> void"},
		{"... nor on the stack", false, a64void,
			a64cat(ints8, a64one(a64int, a64LL16T)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0 | sp+8:16 -> void"},
		{"HFAs on the stack at 16 for an aligned member only", false, a64void,
			a64cat(a64rep(a64float, 8), a64one(a64float, a64F4T, a64float, a64F4M)), -1,
			"v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0 | sp+8:16 | sp+24 | sp+32:16 -> void"},
		{"16-byte aligned aggregates on the stack at 16", false, a64void,
			a64cat(ints8, a64one(a64int, a64LL16)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0 | sp+16:16 -> void"},
		{"by reference with the x registers full: the pointer on the stack", false, a64void,
			a64cat(ints8, a64one(a64bytes(20))), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | &sp+0 -> void"},
		{"unions by their members", false, a64UFD,
			a64one(a64UFD, a64UFF, a64UIF), -1, "x0 | v0,v1 | x1 -> x0"},
		{"a packed struct by its size", false, a64Packed,
			a64one(a64Packed), -1, "x0 -> x0"},
		{"variadic arguments like fixed ones (Linux)", false, a64int,
			a64one(a64ptr, a64double, a64int, a64LL), 1, "x0 | v0 | x1 | x2,x3 -> x0"},
		{"an HFA result in v0-v3", false, a64floats(4, 8), nil, -1, "-> v0,v1,v2,v3"},
		{"a float HFA result", false, a64Nested, nil, -1, "-> v0,v1,v2"},
		{"a 16-byte result in x0-x1", false, a64LL, nil, -1, "-> x0,x1"},
		{"a 3-byte result in x0", false, a64bytes(3), nil, -1, "-> x0"},
		{"over 16 bytes: through x8", false, a64agg(24, 8, Leaf{0, 8, false}, Leaf{8, 8, false}, Leaf{16, 8, false}), a64one(a64int), -1, "x0 -> &x8"},
		{"five floats are no HFA: through x8", false, a64floats(5, 4), nil, -1, "-> &x8"},

		// Apple's arm64 ABI.
		{"Apple: stack arguments packed at natural alignment", true, a64void,
			a64cat(ints8, a64one(a64char, a64char, a64short, a64int, a64ptr)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0:1 | sp+1:1 | sp+2:2 | sp+4:4 | sp+8"},
		{"Apple: a float and a double on the stack", true, a64void,
			a64cat(doubles8, a64one(a64float, a64double)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0:4 | sp+8"},
		{"Apple: an HFA on the stack at its natural alignment, unrounded", true, a64void,
			a64cat(a64rep(a64float, 8), a64one(a64floats(3, 4), a64float)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0:12 | sp+12:4"},
		{"Apple: small aggregates on the stack in 8-byte units", true, a64void,
			a64cat(ints8, a64one(a64char, a64II, a64bytes(3))), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0:1 | sp+8 | sp+16:3"},
		{"Apple: variadic arguments on the stack in 8-byte slots", true, a64int,
			a64one(a64ptr, a64double, a64int, a64LL, a64bytes(20), a64II), 1, "x0 | sp+0 | sp+8 | sp+16:16 | &sp+32 | sp+40 -> x0"},
		{"Apple: an HFA that does not fit leaves no v register to later floats (C.11)", true, a64void,
			a64cat(a64rep(a64float, 6), a64one(a64floats(3, 4), a64float)), -1, "v0 | v1 | v2 | v3 | v4 | v5 | sp+0:12 | sp+12:4"},
		{"Apple: no even register for 16-byte aligned aggregates", true, a64void,
			a64one(a64int, a64LL16, a64int, a64LL16T), -1, "x0 | x1,x2 | x3 | x4,x5"},
		{"Apple: 16-byte aligned aggregates on the stack at 16, the type's attribute included", true, a64void,
			a64cat(ints8, a64one(a64int, a64LL16, a64int, a64LL16T)), -1, "x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7 | sp+0:4 | sp+16:16 | sp+32:4 | sp+48:16"},
		{"Apple: an aligned HFA on the stack at its members' alignment", true, a64void,
			a64cat(a64rep(a64float, 8), a64one(a64float, a64F4T, a64float, a64F4M)), -1,
			"v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7 | sp+0:4 | sp+4:16 | sp+20:4 | sp+24:16"},
		{"Apple: 16-byte aligned variadic aggregates at 16", true, a64int,
			a64one(a64int, a64int, a64LL16, a64LL16T), 1, "x0 | sp+0 | sp+16:16 | sp+32:16 -> x0"},
		{"Apple: fixed arguments of a variadic function as usual", true, a64void,
			a64one(a64int, a64double, a64int), 2, "x0 | v0 | sp+0"},
	}
	for _, c := range cases {
		s, err := classifyAAPCS64(c.ret, c.args, c.nfixed, c.apple)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := a64Describe(s)
		want := c.want
		if !strings.Contains(want, "->") {
			want += " -> void"
		}
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, want)
		}
	}
}

// a64Describe renders a classification as the tables above write it.
func a64Describe(s *a64Sig) string {
	var parts []string
	for _, a := range s.args {
		parts = append(parts, a.String())
	}
	r := ""
	switch s.ret {
	case a64RetVoid:
		r = "void"
	case a64RetIndirect:
		r = "&x8"
	default:
		r = a64Arg{pieces: s.retPieces}.String()
	}
	out := strings.Join(parts, " | ")
	if out != "" {
		out += " "
	}
	return out + "-> " + r
}

// TestAAPCS64StackSize checks the size of the outgoing argument area.
func TestAAPCS64StackSize(t *testing.T) {
	cases := []struct {
		apple bool
		args  []Layout
		want  uintptr
	}{
		{false, a64rep(a64int, 8), 0},
		{false, a64rep(a64char, 10), 16},
		{true, a64rep(a64char, 10), 2},
		{false, a64cat(a64rep(a64long, 8), a64one(a64int, a64LL16)), 32},
	}
	for k, c := range cases {
		s, err := classifyAAPCS64(a64void, c.args, -1, c.apple)
		if err != nil {
			t.Fatal(err)
		}
		if s.stackBytes != c.want {
			t.Errorf("case %d: %d stack bytes, want %d", k, s.stackBytes, c.want)
		}
	}
}

// TestAAPCS64Errors: what the engine cannot pass is an error, not a
// wrong call.
func TestAAPCS64Errors(t *testing.T) {
	cases := []struct {
		name string
		ret  Layout
		args []Layout
	}{
		{"an empty struct argument", a64void, a64one(a64agg(0, 1))},
		{"a void argument", a64void, a64one(a64void)},
		{"a 16-byte scalar argument", a64void, a64one(Layout{Size: 16, Align: 16})},
		{"a 3-byte scalar argument", a64void, a64one(Layout{Size: 3, Align: 1})},
		{"a 16-byte scalar result", Layout{Size: 16, Align: 16}, nil},
		{"an empty struct result", a64agg(0, 1), nil},
	}
	for _, c := range cases {
		if _, err := classifyAAPCS64(c.ret, c.args, -1, false); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
