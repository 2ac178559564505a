//go:build linux && arm64

package callconv

import (
	"errors"
	"fmt"
	"testing"
	"unsafe"
)

// The AAPCS64 engine's part of the leaf tests (leaf_test.go has the rest):
// the layouts they use, the ordinary call they are compared with, the
// signatures particular to AAPCS64 (aggregates passed by reference to a
// copy, in a register and on the stack, and a result through x8), the
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

type big3 struct{ a, b, c int64 }

var bigL = agg(24, 8, i(0, 8), i(8, 8), i(16, 8))

// archLeafCases: a struct over 16 bytes of integers passed by reference
// (the callee gets a copy, and may write it) and returned through x8,
// and one whose copy's address goes on the stack after eight integers.
func archLeafCases() []leafCase {
	return []leafCase{
		{"leaf_big_mix", bigL, []Layout{bigL, bigL, i32}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				u, v, k := big3{3, -5, 0x70}, big3{11, 13, -17}, int32(6)
				var r big3
				invoke(p, fn, argv(unsafe.Pointer(&u), unsafe.Pointer(&v), unsafe.Pointer(&k)), unsafe.Pointer(&r))
				if u != (big3{3, -5, 0x70}) || v != (big3{11, 13, -17}) {
					return []byte(fmt.Sprintf("the caller's structs changed: %v %v", u, v))
				}
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*big3)(unsafe.Pointer(&b[0])); r != (big3{3*6 - 17, -5 - 13*6, 0x70 ^ 11}) {
					return fmt.Errorf("big_mix = %v", r)
				}
				return nil
			}},
		{"leaf_big_late", i64, []Layout{i64, i64, i64, i64, i64, i64, i64, i64, bigL}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				var a [8]int64
				ptrs := make([]unsafe.Pointer, 0, 9)
				for k := range a {
					a[k] = int64(k + 1)
					ptrs = append(ptrs, unsafe.Pointer(&a[k]))
				}
				x := big3{4, 5, 6}
				ptrs = append(ptrs, unsafe.Pointer(&x))
				var r int64
				invoke(p, fn, &ptrs[0], unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				want := int64(0)
				for k := int64(1); k <= 8; k++ {
					want += k * k
				}
				want = want*1000 + 456
				if r := *(*int64)(unsafe.Pointer(&b[0])); r != want {
					return fmt.Errorf("big_late = %d, want %d", r, want)
				}
				return nil
			}},
	}
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
