//go:build linux && (amd64 || arm64)

package callconv

import (
	"bytes"
	"errors"
	"testing"
	"unsafe"
)

// TestOracleLeaf: every signature of the oracle (testdata/oracle.c, see
// oracle_test.go: random mixes of scalars, structs, unions, HFAs, packed
// and over-aligned members, many arguments, variadic calls) called as a
// leaf call gives C the bytes an ordinary Invoke gives it, and the same
// result, with the same values, writing nothing past it. Signatures whose stack area does not fit a
// leaf trampoline must be refused with ErrLeafArgs.
func TestOracleLeaf(t *testing.T) {
	o := loadOracle(t)
	lib := loadOrLib(t)
	r := splitmix(11)
	var calls, refused int
	for _, s := range o.sigs {
		ret, args := orLayouts(s)
		p, err := NewPlan(ret, args, s.nfixed)
		if err != nil {
			t.Errorf("%v: NewPlan: %v", s, err)
			continue
		}
		q, err := p.WithLeaf(LeafStack16K)
		if errors.Is(err, ErrLeafArgs) {
			refused++
			continue
		}
		if err != nil {
			t.Fatalf("%v: WithLeaf: %v", s, err)
		}
		fn := lib.sym(t, s.name())
		for round := 0; round < orRounds(); round++ {
			ptrs := make([]unsafe.Pointer, len(s.args)+1)
			for i, a := range s.args {
				v, _ := a.value(&r)
				ptrs[i] = unsafe.Pointer(&v[0])
			}
			want := make([]byte, max(s.ret.size, 8))
			lib.reset()
			p.Invoke(fn, &ptrs[0], unsafe.Pointer(&want[0]))
			wantRec := lib.recorded()
			// Past the result a canary, which the call must leave.
			got := bytes.Repeat([]byte{0xa5}, int(max(s.ret.size, 8))+16)
			lib.reset()
			q.InvokeLeaf(fn, &ptrs[0], unsafe.Pointer(&got[0]))
			calls++
			if tail := got[s.ret.size:]; bytes.Count(tail, []byte{0xa5}) != len(tail) {
				t.Errorf("%v: InvokeLeaf wrote past the result's %d bytes: %x", s, s.ret.size, tail)
			}
			if gotRec := lib.recorded(); !bytes.Equal(gotRec, wantRec) {
				t.Errorf("%v: through InvokeLeaf C recorded\n%x\nthrough Invoke\n%x", s, gotRec, wantRec)
				continue
			}
			if !bytes.Equal(s.ret.members(got), s.ret.members(want)) {
				t.Errorf("%v: the result is %x through InvokeLeaf, %x through Invoke", s, s.ret.members(got), s.ret.members(want))
			}
		}
	}
	t.Logf("%d leaf calls of %d signatures agree with Invoke; %d refused (stack area over %d bytes)", calls, len(o.sigs), refused, leafArgs)
	if calls == 0 {
		t.Fatal("no leaf call made")
	}
}
