//go:build linux && amd64

package callconv

import (
	"bytes"
	"errors"
	"testing"
	"unsafe"
)

// TestOracleArgsAt: every signature of the oracle (testdata/oracle.c, see
// oracle_test.go) called with its arguments in a block (WithArgsAt, each
// value at its alignment after the one before, and, in a second layout,
// after a gap that leaves them misaligned for their type) gives C the
// bytes an ordinary Invoke gives it and the same result, through Invoke
// and as a leaf call (InvokeLeaf, and LeafStore64K where the plan has a
// direct leaf form), writing nothing past the result.
func TestOracleArgsAt(t *testing.T) {
	o := loadOracle(t)
	lib := loadOrLib(t)
	r := splitmix(23)
	var calls, leafCalls, direct int
	for _, s := range o.sigs {
		ret, args := orLayouts(s)
		p, err := NewPlan(ret, args, s.nfixed)
		if err != nil {
			t.Errorf("%v: NewPlan: %v", s, err)
			continue
		}
		fn := lib.sym(t, s.name())
		for _, gap := range []uintptr{0, 3} {
			offs := make([]uintptr, len(args))
			end := uintptr(0)
			for i, a := range args {
				al := max(a.Align, 1)
				end = (end+gap+al-1)&^(al-1) + gap
				offs[i] = end
				end += a.Size
			}
			q, err := p.WithArgsAt(offs)
			if err != nil {
				t.Fatalf("%v: WithArgsAt(%v): %v", s, offs, err)
			}
			lq, err := q.WithLeaf(LeafStack64K)
			if err != nil && !errors.Is(err, ErrLeafArgs) {
				t.Fatalf("%v: WithLeaf of WithArgsAt: %v", s, err)
			}
			for round := 0; round < orRounds(); round++ {
				ptrs := make([]unsafe.Pointer, len(s.args)+1)
				block := make([]uint64, end/8+2)
				bb := unsafe.Slice((*byte)(unsafe.Pointer(&block[0])), len(block)*8)
				for i, a := range s.args {
					v, _ := a.value(&r)
					ptrs[i] = unsafe.Pointer(&v[0])
					copy(bb[offs[i]:], v)
				}
				want := make([]byte, max(s.ret.size, 8))
				lib.reset()
				p.Invoke(fn, &ptrs[0], unsafe.Pointer(&want[0]))
				wantRec := lib.recorded()
				check := func(how string, call func(ret unsafe.Pointer)) {
					got := bytes.Repeat([]byte{0xa5}, int(max(s.ret.size, 8))+16)
					lib.reset()
					call(unsafe.Pointer(&got[0]))
					if gotRec := lib.recorded(); !bytes.Equal(gotRec, wantRec) {
						t.Errorf("%v, offsets %v: through %s C recorded\n%x\nthrough Invoke\n%x", s, offs, how, gotRec, wantRec)
						return
					}
					if !bytes.Equal(s.ret.members(got), s.ret.members(want)) {
						t.Errorf("%v, offsets %v: the result is %x through %s, %x through Invoke", s, offs, s.ret.members(got), how, s.ret.members(want))
					}
					if tail := got[s.ret.size:]; s.ret.size > 0 && bytes.Count(tail, []byte{0xa5}) != len(tail) {
						t.Errorf("%v: %s wrote past the result's %d bytes: %x", s, how, s.ret.size, tail)
					}
				}
				args := (*unsafe.Pointer)(unsafe.Pointer(&block[0]))
				check("WithArgsAt's Invoke", func(ret unsafe.Pointer) { q.Invoke(fn, args, ret) })
				calls++
				if lq == nil {
					continue
				}
				check("WithArgsAt's InvokeLeaf", func(ret unsafe.Pointer) { lq.InvokeLeaf(fn, args, ret) })
				leafCalls++
				if h := lq.LeafDirect(); h != nil {
					check("WithArgsAt's LeafStore64K", func(ret unsafe.Pointer) {
						fr := LeafFrame{Fn: fn, Args: unsafe.Pointer(args), Hdr: h, Ret: ret}
						LeafStore64K(&fr)
					})
					direct++
				}
			}
		}
	}
	t.Logf("%d calls of %d signatures with their arguments in a block agree with Invoke; %d leaf calls, %d of them direct", calls, len(o.sigs), leafCalls, direct)
	if calls == 0 || leafCalls == 0 || direct == 0 {
		t.Fatal("a form was never called")
	}
}
