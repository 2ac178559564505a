//go:build linux && amd64

package callconv

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// envLoaders, set to 0, turns loaders off in a test process: the children
// of the fatal-on-misuse tests run the moves loop so.
const envLoaders = "CTYPES_TEST_LOADERS"

func init() {
	if os.Getenv(envLoaders) == "0" {
		useLoaders = false
	}
}

// TestLoaderMade: plans get loaders (the oracle tests then check what they
// pass against libffi), and plans with the same moves share one.
func TestLoaderMade(t *testing.T) {
	i32 := Layout{Size: 4, Align: 4, Signed: true}
	i64 := Layout{Size: 8, Align: 8, Signed: true}
	f64 := Layout{Size: 8, Align: 8, Float: true}
	ptr := Layout{Size: 8, Align: 8}
	big := Layout{Size: 64, Align: 8, Aggregate: true}
	for i := 0; i < 8; i++ {
		big.Leaves = append(big.Leaves, Leaf{Offset: uintptr(i) * 8, Size: 8, Float: true})
	}
	odd := Layout{Size: 3, Align: 1, Aggregate: true, Leaves: []Leaf{{Offset: 0, Size: 1}, {Offset: 1, Size: 1}, {Offset: 2, Size: 1}}}
	dgemm := []Layout{i32, i32, i32, i32, i32, i32, f64, ptr, i32, ptr, i32, f64, ptr, i32}
	for _, c := range []struct {
		name string
		ret  Layout
		args []Layout
	}{
		{"iadd", i32, []Layout{i32, i32}},
		{"dgemm", Layout{Void: true}, dgemm},
		{"six 64-byte structs", f64, []Layout{big, big, big, big, big, big}},
		{"a 3-byte struct and 20 words", i64, append([]Layout{odd}, dgemm...)},
	} {
		p, err := NewPlan(c.ret, c.args, -1)
		if err != nil {
			t.Fatal(err)
		}
		q, err := NewPlan(c.ret, c.args, -1)
		if err != nil {
			t.Fatal(err)
		}
		if p.loader == 0 {
			t.Errorf("%s: no loader", c.name)
		}
		if p.loader != q.loader {
			t.Errorf("%s: two loaders for the same moves: %#x, %#x", c.name, p.loader, q.loader)
		}
		// Plans with a loader whose result is void or comes in registers
		// get a caller of their own (regsCaller when it stores registers
		// in the frame, not for results exec_ret32 returns), shared like
		// the loader.
		ret32 := c.ret.Void || !c.ret.Float && !c.ret.Aggregate && c.ret.Size <= 4
		switch {
		case p.exec == execRet32ABI0 || p.exec == execABI0 || p.exec == execRegsABI0:
			t.Errorf("%s: no caller", c.name)
		case p.exec != q.exec:
			t.Errorf("%s: two callers for the same plan: %#x, %#x", c.name, p.exec, q.exec)
		case p.regsCaller == ret32:
			t.Errorf("%s: regsCaller %v for a result exec_ret32 returns: %v", c.name, p.regsCaller, ret32)
		}
	}
}

// TestOracleWithoutLoaders runs the oracle with the moves loop of the
// trampolines, the path of plans without a loader.
func TestOracleWithoutLoaders(t *testing.T) {
	useLoaders = false
	defer func() { useLoaders = true }()
	TestOracle(t)
	p, err := NewPlan(Layout{Size: 4, Align: 4, Signed: true}, []Layout{{Size: 4, Align: 4, Signed: true}}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if p.loader != 0 || p.exec != execRet32ABI0 || p.regsCaller {
		t.Errorf("a loader or a caller with useLoaders off")
	}
}

// TestLeafWithoutLoaders runs the leaf tests with the leaf trampolines
// of plans without a loader (LEAF_EXEC, the plan's moves in a loop): the
// comparisons with the ordinary call, the stack moves, results with no
// destination, the stack bound, the stress under GOGC=1, deep stacks, the
// profiler's signals and errno.
func TestLeafWithoutLoaders(t *testing.T) {
	useLoaders = false
	defer func() { useLoaders = true }()
	TestLeafCalls(t)
	TestLeafStackMoves(t)
	TestLeafResultNil(t)
	TestLeafStackBound(t)
	TestLeafStressGC(t)
	TestLeafDeepStack(t)
	TestLeafProfiling(t)
	TestLeafErrno(t)
}

// TestLeafFatalWithoutLoaders: a callback or a fault inside a leaf call of
// a plan without a loader is fatal too (the children run with loaders off).
func TestLeafFatalWithoutLoaders(t *testing.T) {
	t.Setenv(envLoaders, "0")
	TestLeafCallbackFatal(t)
	TestLeafFaultFatal(t)
	lib := openLeaf(t)
	if _, out := runChild(t, "leaffault", lib.path, "leaf_deref"); !strings.Contains(out, "callconv.leafExec64K") {
		t.Errorf("with loaders off, the fault's traceback does not run through leafExec64K:\n%s", out)
	}
}

// TestOracleLeafLoaders: every oracle signature through a leaf plan gives C the
// bytes, and Go the result, that the ordinary call gives (TestOracle
// checks those against libffi), with loaders and without.
func TestOracleLeafLoaders(t *testing.T) {
	o := loadOracle(t)
	lib := loadOrLib(t)
	for _, loaders := range []bool{true, false} {
		useLoaders = loaders
		r := splitmix(11)
		n := 0
		for _, s := range o.sigs {
			ret, args := orLayouts(s)
			p, err := NewPlan(ret, args, s.nfixed)
			if err != nil {
				t.Errorf("%v: NewPlan: %v", s, err)
				continue
			}
			q, err := p.WithLeaf(0)
			if err != nil {
				continue // more stack words than a leaf call carries: refused, tested elsewhere
			}
			fn := lib.sym(t, s.name())
			ptrs := make([]unsafe.Pointer, len(s.args)+1)
			for i, a := range s.args {
				v, _ := a.value(&r)
				ptrs[i] = unsafe.Pointer(&v[0])
			}
			rv := make([]byte, max(s.ret.size, 8))
			lib.reset()
			p.Invoke(fn, &ptrs[0], unsafe.Pointer(&rv[0]))
			want := lib.recorded()
			rv2 := make([]byte, max(s.ret.size, 8)+8)
			for i := range rv2 {
				rv2[i] = 0xA5 // a result stored wider than its size shows
			}
			lib.reset()
			q.InvokeLeaf(fn, &ptrs[0], unsafe.Pointer(&rv2[0]))
			got := lib.recorded()
			n++
			for i := int(s.ret.size); i < len(rv2); i++ {
				if rv2[i] != 0xA5 {
					t.Errorf("%v (loaders %v): InvokeLeaf wrote % x past the %d bytes of the result", s, loaders, rv2[s.ret.size:], s.ret.size)
					break
				}
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%v (loaders %v): through InvokeLeaf C received\n%x\nthrough Invoke\n%x", s, loaders, got, want)
				continue
			}
			if s.ret != cVoid && !bytes.Equal(s.ret.members(rv), s.ret.members(rv2)) {
				t.Errorf("%v (loaders %v): the result is %x through InvokeLeaf, %x through Invoke", s, loaders, s.ret.members(rv2), s.ret.members(rv))
			}
		}
		t.Logf("loaders %v: %d of %d signatures called through both", loaders, n, len(o.sigs))
	}
	useLoaders = true
}
