package ffi

import (
	"runtime"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestErrcheckKeepsArgs: Func.Call's arguments do not escape, so an output
// parameter's variable may be on the caller's stack; Errcheck gets
// arguments it may keep past the call (errcheck.go). Each call's Errcheck
// keeps its args; after the caller has returned and its stack has been
// written over and collected, every kept argument still holds what the
// call passed and C wrote (out_scale writes *io*k+1 through io), and a Go
// pointer to the heap is the caller's own pointer.
func TestErrcheckKeepsArgs(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "outparam"))
	if err != nil {
		t.Fatal(err)
	}
	scale := newFuncT(t, lib, "out_scale", types.Int64, types.PointerTo(types.Int64), types.Int64)
	var kept [][]any
	scale.Errcheck = func(result any, f *Func, args []any) (any, error) {
		kept = append(kept, args)
		return result, nil
	}
	const calls = 64
	for i := range calls {
		v, r, err := callScaleOnStack(scale, int64(i)<<20|7, int64(i%5+2))
		if err != nil || r != int64(i)<<20|7 || v != (int64(i)<<20|7)*int64(i%5+2)+1 {
			t.Fatalf("call %d: out_scale gave %v, io %v, err %v", i, r, v, err)
		}
		overwriteStack(32)
	}
	heap := new(int64)
	*heap = 5
	if _, err := scale.Call(heap, int64(3)); err != nil || *heap != 16 {
		t.Fatalf("out_scale(&5, 3): io %d, err %v", *heap, err)
	}
	runtime.GC()
	overwriteStack(64)
	runtime.GC()
	if len(kept) != calls+1 {
		t.Fatalf("Errcheck ran %d times, want %d", len(kept), calls+1)
	}
	for i, args := range kept[:calls] {
		x, k := int64(i)<<20|7, int64(i%5+2)
		io, ok := args[0].(*int64)
		if len(args) != 2 || !ok || *io != x*k+1 || args[1] != k {
			t.Errorf("call %d: Errcheck kept %#v (*io %v), want io = %d, k = %d", i, args, deref(io), x*k+1, k)
		}
	}
	if last := kept[calls]; last[0] != any(heap) {
		t.Errorf("Errcheck got %p for the caller's heap pointer %p", last[0], heap)
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// callScaleOnStack calls out_scale(&io, k) with io and k this frame's own
// (on its stack: Func.Call's arguments do not escape).
//
//go:noinline
func callScaleOnStack(f *Func, x, k int64) (io, r int64, err error) {
	io = x
	res, err := f.Call(&io, k)
	r, _ = res.(int64)
	return io, r, err
}

// overwriteStack writes over the stack below its caller, depth frames of
// 1 KiB.
//
//go:noinline
func overwriteStack(depth int) byte {
	var b [1024]byte
	for i := range b {
		b[i] = byte(0xA5 ^ depth)
	}
	if depth > 0 {
		return b[depth] ^ overwriteStack(depth-1)
	}
	return b[0]
}
