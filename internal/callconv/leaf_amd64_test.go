//go:build linux && amd64

package callconv

import (
	"errors"
	"testing"
	"unsafe"
)

// The System V engine's part of the leaf tests (leaf_test.go has the
// rest): the ordinary call they are compared with, the stack-argument
// limit.

// invokeOrdinary is the ordinary call, through runtime.cgocall: the
// reference the leaf calls are compared with.
func invokeOrdinary(p *Plan, fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	p.Invoke(fn, args, ret)
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
		t.Errorf("WithLeaf of %d stack words: %v, want ErrLeafArgs", p.stackWords, err)
	}
	p, err = NewPlan(agg(leafArgs+8, 8, i(0, 8)), nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Errorf("WithLeaf of a %d-byte result in memory: %v, want ErrLeafArgs", leafArgs+8, err)
	}
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

// TestLeafManyStackWords: a variadic call with up to the 256 stack words
// a leaf call carries (leaf_vsum of n doubles, n-8 on the stack), with
// loaders and without (the moves loop of LEAF_EXEC), every bound, from a
// new goroutine whose stack the trampoline's prologue grows: C gets every
// word (the sum Go computes) as in an ordinary call.
func TestLeafManyStackWords(t *testing.T) {
	lib := openLeaf(t)
	fn := lib.sym(t, "leaf_vsum")
	defer func() { useLoaders = true }()
	for _, loaders := range []bool{true, false} {
		useLoaders = loaders
		for _, n := range []int{100, 130, 200, 8 + leafArgs/8} {
			ls := []Layout{i32}
			xs := make([]float64, n)
			cnt := int32(n)
			ptrs := []unsafe.Pointer{unsafe.Pointer(&cnt)}
			want := 0.0
			for k := range xs {
				ls = append(ls, f64)
				xs[k] = float64(k%17) - 3.25
				ptrs = append(ptrs, unsafe.Pointer(&xs[k]))
				want += xs[k] * float64(k+1)
			}
			p, leaves := plans(t, f64, ls, 1)
			// (Over about 180 stack words a loader would pass its page:
			// those plans run their moves even with loaders on.)
			if p.stackWords != n-8 || !loaders && p.loader != 0 {
				t.Fatalf("%d doubles: %d stack words, loader %#x", n, p.stackWords, p.loader)
			}
			var r float64
			invokeOrdinary(p, fn, &ptrs[0], unsafe.Pointer(&r))
			if r != want {
				t.Fatalf("%d doubles, ordinary call: %v, want %v", n, r, want)
			}
			leaves["plain"] = p
			for name, q := range leaves {
				got := make(chan float64)
				go func() {
					var r float64
					q.InvokeLeaf(fn, &ptrs[0], unsafe.Pointer(&r))
					got <- r
				}()
				if r := <-got; r != want {
					t.Errorf("%d doubles, loaders %v, leaf %s: %v, want %v", n, loaders, name, r, want)
				}
			}
		}
	}
}

// TestLeafPlainOverLimit: a plan not made by WithLeaf whose stack words
// WithLeaf refuses (ErrLeafArgs) is called by InvokeLeaf as an ordinary
// call, its result right, and a result in memory with no destination
// (ret nil) goes to a buffer of its own: leaf_vsum of 8+257 doubles, and
// leaf_vec3_scale with 260 more words on the stack that it does not read.
func TestLeafPlainOverLimit(t *testing.T) {
	lib := openLeaf(t)
	defer func() { useLoaders = true }()
	for _, loaders := range []bool{true, false} {
		useLoaders = loaders
		n := 8 + leafArgs/8 + 1
		ls := []Layout{i32}
		xs := make([]float64, n)
		cnt := int32(n)
		ptrs := []unsafe.Pointer{unsafe.Pointer(&cnt)}
		want := 0.0
		for k := range xs {
			ls = append(ls, f64)
			xs[k] = float64(k%13) + 0.5
			ptrs = append(ptrs, unsafe.Pointer(&xs[k]))
			want += xs[k] * float64(k+1)
		}
		p, err := NewPlan(f64, ls, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
			t.Fatalf("WithLeaf of %d stack words: %v, want ErrLeafArgs", p.stackWords, err)
		}
		var r float64
		p.InvokeLeaf(lib.sym(t, "leaf_vsum"), &ptrs[0], unsafe.Pointer(&r))
		if r != want {
			t.Errorf("loaders %v: vsum of %d doubles through InvokeLeaf of a plain plan: %v, want %v", loaders, n, r, want)
		}

		x, y, z, k := 1.5, -2.0, 0.25, 3.0
		ls = []Layout{f64, f64, f64, f64}
		ptrs = []unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&z), unsafe.Pointer(&k)}
		extra := int64(7)
		for j := 0; j < 260; j++ {
			ls = append(ls, i64)
			ptrs = append(ptrs, unsafe.Pointer(&extra))
		}
		p, err = NewPlan(vec3L, ls, -1)
		if err != nil {
			t.Fatal(err)
		}
		fn := lib.sym(t, "leaf_vec3_scale")
		var v vec3
		p.InvokeLeaf(fn, &ptrs[0], unsafe.Pointer(&v))
		if v != (vec3{4.5, -12, 2.25}) {
			t.Errorf("loaders %v: vec3_scale through InvokeLeaf of a plain plan over the limit: %v", loaders, v)
		}
		p.InvokeLeaf(fn, &ptrs[0], nil)
	}
}
