//go:build linux && amd64

package callconv

import (
	"errors"
	"math"
	"testing"
	"unsafe"
)

// The System V engine's part of the leaf tests (leaf_test.go has the
// rest): the ordinary call they are compared with, the Frame APIs' leaf
// calls, the stack-argument limit.

// invokeOrdinary is Invoke's contract made with Plan.Call, through
// runtime.cgocall: the reference the leaf calls are compared with (and
// benchmarked against) until Plan.Invoke lands.
func invokeOrdinary(p *Plan, fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.stackWords != 0 {
		invokeOrdinaryStack(p, fn, args, ret)
		return
	}
	var fr Frame
	p.leafFill(&fr, nil, args)
	p.Call(&fr, fn, nil, ret)
	if p.ret != retMemory {
		p.leafResult(&fr, ret)
	}
}

//go:noinline
func invokeOrdinaryStack(p *Plan, fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	var fr Frame
	if p.stackWords <= 16 {
		var stack [16]uint64
		p.leafFill(&fr, stack[:p.stackWords], args)
		p.Call(&fr, fn, stack[:], ret)
	} else {
		var stack [leafArgs / 8]uint64
		p.leafFill(&fr, stack[:p.stackWords], args)
		p.Call(&fr, fn, stack[:], ret)
	}
	if p.ret != retMemory {
		p.leafResult(&fr, ret)
	}
}

// TestCallIntsLeaf: the IntFrame leaf call gives what CallInts gives, for
// every bound.
func TestCallIntsLeaf(t *testing.T) {
	lib := openLeaf(t)
	fn := lib.sym(t, "leaf_add")
	p, leaves := plans(t, i32, []Layout{i32, i32}, -1)
	if !p.Ints() {
		t.Fatal("int(int, int) is not Ints")
	}
	var fr IntFrame
	a, b := int32(-5), int32(1<<30)
	fr.Regs[0], fr.Regs[1] = uint64(uint32(a)), uint64(uint32(b))
	p.CallInts(&fr, fn)
	want := int32(fr.RetInt())
	if want != a+b {
		t.Fatalf("CallInts: %d, want %d", want, a+b)
	}
	leaves["plain"] = p
	for name, q := range leaves {
		fr.Regs[0], fr.Regs[1] = uint64(uint32(a)), uint64(uint32(b))
		q.CallIntsLeaf(&fr, fn)
		if got := int32(fr.RetInt()); got != want {
			t.Errorf("CallIntsLeaf, bound %s: %d, want %d", name, got, want)
		}
	}
}

// TestCallSimpleLeaf: the register-frame leaf call gives what CallSimple
// gives (integers, a double, a variadic call with %al), for every bound.
func TestCallSimpleLeaf(t *testing.T) {
	lib := openLeaf(t)
	type simpleCase struct {
		name  string
		ret   Layout
		args  []Layout
		fixed int
		words []uint64
		float bool
	}
	vs := []uint64{3}
	for k := 0; k < 3; k++ {
		vs = append(vs, math.Float64bits(float64(k)+0.25))
	}
	cases := []simpleCase{
		{"leaf_add", i32, []Layout{i32, i32}, -1, []uint64{7, 1 << 31}, false},
		{"leaf_sin", f64, []Layout{f64}, -1, []uint64{math.Float64bits(2)}, true},
		{"leaf_vsum", f64, []Layout{i32, f64, f64, f64}, 1, vs, true},
	}
	for _, c := range cases {
		fn := lib.sym(t, c.name)
		p, leaves := plans(t, c.ret, c.args, c.fixed)
		if !p.Simple() {
			t.Fatalf("%s is not simple", c.name)
		}
		fill := func(fr *Frame) {
			for k, w := range c.words {
				fr.SetReg(p.ArgSlot(k), w)
			}
		}
		res := func(fr *Frame) uint64 {
			if c.float {
				return fr.RetFloat()
			}
			return uint64(uint32(fr.RetInt()))
		}
		var fr Frame
		fill(&fr)
		p.CallSimple(&fr, fn)
		want := res(&fr)
		leaves["plain"] = p
		for name, q := range leaves {
			var fr Frame
			fill(&fr)
			q.CallSimpleLeaf(&fr, fn)
			if got := res(&fr); got != want {
				t.Errorf("%s, CallSimpleLeaf bound %s: %#x, CallSimple %#x", c.name, name, got, want)
			}
		}
	}
}

// TestWithLeafErrors: bounds over 1 MiB and stack arguments over 2 KiB
// are refused with their errors.
func TestWithLeafErrors(t *testing.T) {
	p, err := NewPlan(i32, []Layout{i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(LeafStack1M + 1); !errors.Is(err, ErrLeafStack) {
		t.Errorf("WithLeaf(1 MiB + 1): %v, want ErrLeafStack", err)
	}
	for _, c := range []struct {
		stack, want uintptr
	}{{0, DefaultLeafStack}, {1, LeafStack16K}, {LeafStack16K + 1, LeafStack64K}, {LeafStack64K + 1, LeafStack256K}, {LeafStack1M, LeafStack1M}} {
		q, err := p.WithLeaf(c.stack)
		if err != nil || q.LeafStack() != c.want {
			t.Errorf("WithLeaf(%d): bound %d, %v; want %d", c.stack, q.LeafStack(), err, c.want)
		}
	}
	if p.LeafStack() != 0 {
		t.Errorf("a plain plan's LeafStack() = %d, want 0", p.LeafStack())
	}
	many := make([]Layout, 6+leafArgs/8+1)
	for k := range many {
		many[k] = i64
	}
	p, err = NewPlan(i32, many, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Errorf("WithLeaf of %d stack words: %v, want ErrLeafArgs", p.StackWords(), err)
	}
	p, err = NewPlan(agg(leafArgs+8, 8, i(0, 8)), nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Errorf("WithLeaf of a %d-byte result in memory: %v, want ErrLeafArgs", leafArgs+8, err)
	}
}

// BenchmarkLeafInts: an integer add through an IntFrame, CallInts against
// CallIntsLeaf.
func BenchmarkLeafInts(b *testing.B) {
	lib := openLeaf(b)
	fn := lib.sym(b, "leaf_add")
	p, err := NewPlan(i32, []Layout{i32, i32}, -1)
	if err != nil {
		b.Fatal(err)
	}
	q, err := p.WithLeaf(0)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ordinary", func(b *testing.B) {
		b.ReportAllocs()
		var fr IntFrame
		for k := 0; k < b.N; k++ {
			fr.Regs[0], fr.Regs[1] = 1, 2
			p.CallInts(&fr, fn)
		}
	})
	b.Run("leaf", func(b *testing.B) {
		b.ReportAllocs()
		var fr IntFrame
		for k := 0; k < b.N; k++ {
			fr.Regs[0], fr.Regs[1] = 1, 2
			q.CallIntsLeaf(&fr, fn)
		}
	})
}

// BenchmarkLeafSimple: sin through a register Frame, CallSimple against
// CallSimpleLeaf.
func BenchmarkLeafSimple(b *testing.B) {
	lib := openLeaf(b)
	fn := lib.sym(b, "leaf_sin")
	p, err := NewPlan(f64, []Layout{f64}, -1)
	if err != nil {
		b.Fatal(err)
	}
	q, err := p.WithLeaf(0)
	if err != nil {
		b.Fatal(err)
	}
	x := math.Float64bits(0.5)
	b.Run("ordinary", func(b *testing.B) {
		b.ReportAllocs()
		var fr Frame
		for k := 0; k < b.N; k++ {
			fr.SetReg(firstSSE, x)
			p.CallSimple(&fr, fn)
		}
	})
	b.Run("leaf", func(b *testing.B) {
		b.ReportAllocs()
		var fr Frame
		for k := 0; k < b.N; k++ {
			fr.SetReg(firstSSE, x)
			q.CallSimpleLeaf(&fr, fn)
		}
	})
}

// leafFaultForms are the faults TestLeafFaultFatal makes inside leaf
// calls, with the signal each raises on x86-64.
var leafFaultForms = []struct{ form, sig string }{
	{"leaf_deref", "SIGSEGV"},
	{"leaf_deref_deep", "SIGSEGV"},
	{"leaf_deref_pc", "SIGSEGV"},
	{"leaf_deref_stack", "SIGSEGV"},
	{"leaf_div", "SIGFPE"},
	{"leaf_trap", "SIGILL"},
}
