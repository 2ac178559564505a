package ffi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

// TestCallStackMovesBeforeC: Func.Call of a function returning a struct
// makes the result's Value (an allocation, which may grow the goroutine
// stack and so move it) after the arguments' C values are in scratch on
// that stack. The address of that scratch must be taken after the Value
// is made: taken before it, it was kept across the allocation in a
// uintptr temporary (noescape's), which the stack copier does not adjust,
// and C read the arguments from the freed old stack (seen as garbage
// results and faults in TestStressGOGC1 with CTYPES_LONG=1, on every
// engine and platform). The child runs with GODEBUG=efence=1, which makes
// a freed stack fault when touched, and makes the call from fresh
// goroutines at every stack depth up to 16 KiB in steps of 32 bytes, so
// that at some depths the stack grows inside the result's allocation.
// It also passes an output parameter on its stack (&io, CallAs's
// arguments do not escape) to an ordinary call and to a leaf call, whose
// trampolines grow the stack on the way to C, and to the first call of a
// new Func (stackMoveFirst): what C reads and writes must be the variable
// where it is then (outparams.go).
func TestCallStackMovesBeforeC(t *testing.T) {
	cmd := testexec.Command(t, "stackmove", cbuild.Test(t, "ctest"), cbuild.Test(t, "outparam"))
	cmd.Env = append(cmd.Env, "GODEBUG=efence=1")
	cmd.Stderr = nil
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok ") {
		t.Fatalf("child: %v\n%s", err, tail(out, 3000))
	}
	t.Logf("child: %s", strings.TrimSpace(string(out)))
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// stackMoveChild is TestCallStackMovesBeforeC's child: add (struct
// Complex by value, returned by value) called through Func.Call and
// CallAs from a fresh goroutine at each stack depth, every result checked.
func stackMoveChild(args []string) int {
	lib, err := CDLL(args[0])
	if err != nil {
		fmt.Println("CDLL:", err)
		return 2
	}
	add, err := lib.Func("add")
	if err != nil {
		fmt.Println("Func:", err)
		return 2
	}
	add.Restype, add.Argtypes = complexT, []*types.Type{complexT, complexT}
	olib, err := CDLL(args[1])
	if err != nil {
		fmt.Println("CDLL:", err)
		return 2
	}
	var scale [2]*Func // out_scale, ordinary and leaf
	addr, err := olib.Sym("out_scale")
	if err != nil {
		fmt.Println("Sym:", err)
		return 2
	}
	for i := range scale {
		if scale[i], err = NewFunc(addr, "out_scale", types.Int64, types.PointerTo(types.Int64), types.Int64); err != nil {
			fmt.Println("NewFunc:", err)
			return 2
		}
		scale[i].Leaf = i == 1
	}
	calls := 0
	for depth := 0; depth < 512; depth++ {
		// A Func of its own too: its first call plans, then takes
		// invoke's way to the engine (CallAs's slow path).
		fresh, err := NewFunc(addr, "out_scale", types.Int64, types.PointerTo(types.Int64), types.Int64)
		if err != nil {
			fmt.Println("NewFunc:", err)
			return 2
		}
		errc := make(chan error)
		go func() {
			errc <- atDepth(depth, func() error {
				if err := stackMoveFirst(fresh, scale[0], depth); err != nil {
					return err // first: where the fresh stack grows
				}
				if err := stackMoveCall(add, depth); err != nil {
					return err
				}
				return stackMoveOut(scale, depth)
			})
		}()
		if err := <-errc; err != nil {
			fmt.Printf("depth %d: %v\n", depth, err)
			return 1
		}
		calls++
	}
	fmt.Printf("ok %d calls at stack depths of 0 to 16 KiB\n", calls)
	return 0
}

// atDepth runs f under n frames of 32 bytes or more.
//
//go:noinline
func atDepth(n int, f func() error) error {
	var pad [2]uint64
	if n > 0 {
		return atDepth(n-1, f)
	}
	_ = pad
	return f()
}

func stackMoveCall(add *Func, i int) error {
	a, b := complexT.MustNew(float64(i), 0.5), complexT.MustNew(2.0, float64(-i))
	v, err := add.Call(a, b)
	if err != nil {
		return err
	}
	x, _ := v.(*types.Value).Field("x").Float()
	y, _ := v.(*types.Value).Field("y").Float()
	if x != float64(i)+2 || y != 0.5-float64(i) {
		return fmt.Errorf("Call add = (%v, %v), want (%v, %v)", x, y, float64(i)+2, 0.5-float64(i))
	}
	r, err := CallAs[goComplex](add, a, b)
	if err != nil || r != (goComplex{float64(i) + 2, 0.5 - float64(i)}) {
		return fmt.Errorf("CallAs add = %v, %v", r, err)
	}
	return nil
}

// stackMoveOut calls out_scale(&io, k) through each of scale with io on
// this goroutine's stack.
func stackMoveOut(scale [2]*Func, i int) error {
	for _, f := range scale {
		io := int64(i)
		got, err := CallAs[int64](f, &io, int64(3))
		if err != nil {
			return err
		}
		if got != int64(i) || io != int64(i)*3+1 {
			return fmt.Errorf("out_scale(&%d, 3) (leaf %v) = %d, io %d; want %d, io %d", i, f.Leaf, got, io, i, i*3+1)
		}
	}
	return nil
}

// stackMoveFirst calls out_scale(&io, k) with io on this goroutine's stack
// through the first call of fresh, and through CallAs with an R that warm,
// an ordinary Func, has not seen: both take CallAs's slow path, planning
// or checking the result, then invoke's boxed call. There, noescape kept
// the argument array's address in a uintptr in memory, which a stack copy
// on the way did not adjust (under -race), and C wrote the output
// parameter into the freed old stack.
func stackMoveFirst(fresh, warm *Func, i int) error {
	io := int64(i)
	got, err := CallAs[int64](fresh, &io, int64(5))
	if err != nil {
		return err
	}
	if got != int64(i) || io != int64(i)*5+1 {
		return fmt.Errorf("first call: out_scale(&%d, 5) = %d, io %d; want %d, io %d", i, got, io, i, i*5+1)
	}
	io = int64(i)
	r, err := CallAs[int](warm, &io, int64(7))
	if err != nil {
		return err
	}
	if r != i || io != int64(i)*7+1 {
		return fmt.Errorf("a new R: out_scale(&%d, 7) = %d, io %d; want %d, io %d", i, r, io, i, i*7+1)
	}
	return nil
}
