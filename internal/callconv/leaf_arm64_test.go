//go:build linux && arm64

package callconv

import (
	"errors"
	"testing"
	"unsafe"
)

// The AAPCS64 engine's part of the leaf tests (leaf_test.go has the rest):
// the layouts they use, the ordinary call they are compared with, the
// fault forms, the stack-area limit.

func agg(size, align uintptr, leaves ...Leaf) Layout {
	return Layout{Size: size, Align: align, Aggregate: true, Leaves: leaves}
}

func i(off, size uintptr) Leaf { return Leaf{Offset: off, Size: size} }
func f(off, size uintptr) Leaf { return Leaf{Offset: off, Size: size, Float: true} }

var (
	i32 = Layout{Size: 4, Align: 4, Signed: true}
	i64 = Layout{Size: 8, Align: 8, Signed: true}
	f64 = Layout{Size: 8, Align: 8, Float: true}
)

// invokeOrdinary is the ordinary call, through runtime.cgocall: the
// reference the leaf calls are compared with.
func invokeOrdinary(p *Plan, fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	p.Invoke(fn, args, ret)
}

// leafFaultForms are the faults TestLeafFaultFatal makes inside leaf
// calls, with the signal each raises on arm64: an integer division by
// zero gives 0 there (no SIGFPE: arm64 has no trapping integer division,
// and floating-point traps are optional and off), __builtin_trap is BRK
// (SIGTRAP), an undefined instruction SIGILL.
var leafFaultForms = []struct{ form, sig string }{
	{"leaf_deref", "SIGSEGV"},
	{"leaf_deref_deep", "SIGSEGV"},
	{"leaf_deref_pc", "SIGSEGV"},
	{"leaf_deref_stack", "SIGSEGV"},
	{"leaf_trap_udf", "SIGILL"},
	{"leaf_trap", "SIGTRAP"},
}

// TestWithLeafErrors: bounds over 1 MiB, and stack arguments or a result
// through x8 that do not fit the trampoline's 2 KiB, are refused with
// their errors; bounds round up.
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
			t.Errorf("WithLeaf(%d): %v; want bound %d", c.stack, err, c.want)
			continue
		}
	}
	if p.LeafStack() != 0 {
		t.Errorf("a plain plan's LeafStack() = %d, want 0", p.LeafStack())
	}
	ok := make([]Layout, 8+(leafArgs-16)/8) // the most stack words that fit
	for k := range ok {
		ok[k] = i64
	}
	if p, err = NewPlan(i32, ok, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); err != nil {
		t.Errorf("WithLeaf of %d stack bytes: %v", p.stackBytes, err)
	}
	if p, err = NewPlan(i32, append(ok, i64, i64), -1); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Errorf("WithLeaf of %d stack bytes: %v, want ErrLeafArgs", p.stackBytes, err)
	}
	if p, err = NewPlan(agg(leafArgs, 8, i(0, 8)), nil, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Errorf("WithLeaf of a %d-byte result through x8: %v, want ErrLeafArgs", leafArgs, err)
	}
}

// TestLeafPlainTooBig: InvokeLeaf of a plain plan whose stack area
// WithLeaf refuses makes an ordinary call (leaf_add reads its two
// registers; the other 298 arguments go on the stack, unread).
func TestLeafPlainTooBig(t *testing.T) {
	lib := openLeaf(t)
	args := make([]Layout, 300)
	vals := make([]int64, len(args))
	ptrs := make([]unsafe.Pointer, len(args))
	for k := range args {
		args[k], vals[k] = i64, int64(k*k+3)
		ptrs[k] = unsafe.Pointer(&vals[k])
	}
	p, err := NewPlan(i32, args, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafArgs) {
		t.Fatalf("WithLeaf of %d stack bytes: %v, want ErrLeafArgs", p.stackBytes, err)
	}
	var want, got int32
	p.Invoke(lib.sym(t, "leaf_add"), &ptrs[0], unsafe.Pointer(&want))
	p.InvokeLeaf(lib.sym(t, "leaf_add"), &ptrs[0], unsafe.Pointer(&got))
	if got != want || want != 3+4 {
		t.Errorf("leaf_add through a 300-argument plan: InvokeLeaf %d, Invoke %d, want 7", got, want)
	}
}
