//go:build arm64 && (linux || darwin)

package callconv

import (
	"bytes"
	"fmt"
	"math"
	"sync"
	"testing"
	"unsafe"
)

// A callback test case: the entry's signature, what the handler must
// receive and what it returns.
type cbCase struct {
	sig    *csig
	plan   *Plan
	ret    []byte // the result's C value
	got    []byte // the argument members the handler saw
	calls  int
	grow   bool // grow the goroutine stack in the handler
	thread bool
}

var (
	cbMu     sync.Mutex
	cbCases  = map[uintptr]*cbCase{}
	cbOnce   sync.Once
	cbNextID = 0
)

// testCallbackHandler is the handler of every entry in these tests.
func testCallbackHandler(cf *CallbackFrame) {
	cbMu.Lock()
	c := cbCases[cf.Index]
	cbMu.Unlock()
	if c == nil {
		return
	}
	c.calls++
	if c.grow {
		growStack(200)
	}
	if c.sig == nil {
		return
	}
	n := len(c.sig.args)
	argv := make([]unsafe.Pointer, n)
	var rp unsafe.Pointer
	av, r, ok := c.plan.Decode(cf)
	var bufs [][2]uint64
	var rbuf [2]uint64
	if ok {
		copy(argv, unsafe.Slice((*unsafe.Pointer)(av), n))
		rp = r
	} else {
		bufs = make([][2]uint64, n)
		for i := range argv {
			argv[i] = c.plan.ArgAddr(cf, i, &bufs[i])
		}
		rp = c.plan.ResultAddr(cf, &rbuf)
	}
	c.got = c.got[:0]
	for i, a := range c.sig.args {
		c.got = append(c.got, a.members(unsafe.Slice((*byte)(argv[i]), a.size))...)
	}
	if c.sig.ret != cVoid {
		copy(unsafe.Slice((*byte)(rp), c.sig.ret.size), c.ret)
	}
	if ok {
		c.plan.Encode(cf)
	} else {
		c.plan.SetResult(cf, &rbuf)
	}
}

// growStack uses about n KB of goroutine stack, which makes the runtime
// copy a small stack elsewhere.
//
//go:noinline
func growStack(n int) byte {
	var pad [1024]byte
	pad[n%1024] = byte(n)
	if n == 0 {
		return pad[0]
	}
	return growStack(n-1) + pad[(n*7)%1024]
}

// newEntry makes an entry for c.
func newEntry(t *testing.T, c *cbCase) uintptr {
	t.Helper()
	cbOnce.Do(func() { SetCallbackHandler(testCallbackHandler) })
	cbMu.Lock()
	id := cbNextID
	cbNextID++
	cbCases[uintptr(id)] = c
	cbMu.Unlock()
	code, err := EntryAddr(id)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestCallbackSignatures: for every signature of testdata/callconv.c,
// its driver calls an entry of that signature with arguments made from
// bytes, on the calling thread and on a new C thread; the handler must see
// those arguments and C must get back the result it returns. Signatures of
// more than MaxFrameArgs arguments go through ArgAddr.
func TestCallbackSignatures(t *testing.T) {
	lib := loadCLib(t)
	drive, err := NewPlan(Layout{Void: true}, layouts([]*ctype{cPtr, cPtr, cPtr, cInt}), -1)
	if err != nil {
		t.Fatal(err)
	}
	r := splitmix(3)
	for _, s := range cSigs {
		for _, thread := range []bool{false, true} {
			p, err := NewPlan(s.ret.layout(), layouts(s.args), -1)
			if err != nil {
				t.Fatal(err)
			}
			c := &cbCase{sig: s, plan: p, thread: thread}
			var in []byte
			for _, a := range s.args {
				_, m := a.value(&r)
				in = append(in, m...)
			}
			var wantOut []byte
			if s.ret != cVoid {
				c.ret, wantOut = s.ret.value(&r)
			}
			code := newEntry(t, c)
			inb := append(in, 0) // never empty
			out := make([]byte, len(wantOut)+1)
			fp, ip, op := code, unsafe.Pointer(&inb[0]), unsafe.Pointer(&out[0])
			th := int32(0)
			if thread {
				th = 1
			}
			args := []unsafe.Pointer{unsafe.Pointer(&fp), unsafe.Pointer(&ip), unsafe.Pointer(&op), unsafe.Pointer(&th)}
			drive.Invoke(lib.sym(t, fmt.Sprintf("d%d", s.n)), &args[0], nil)
			where := "on the calling thread"
			if thread {
				where = "on a C thread"
			}
			switch {
			case c.calls != 1:
				t.Errorf("%s %s: the handler ran %d times", s.name(), where, c.calls)
			case !bytes.Equal(c.got, in):
				t.Errorf("%s (%s) %s: the handler received\n%x\nC passed\n%x", s.name(), s.note, where, c.got, in)
			case !bytes.Equal(out[:len(wantOut)], wantOut):
				t.Errorf("%s (%s) %s: C got back %x, the handler returned %x", s.name(), s.note, where, out[:len(wantOut)], wantOut)
			}
		}
	}
}

// TestCallbackMovesStack: a callback grows the goroutine stack, which the
// runtime then copies, while a C function that returns a result in memory
// (x8) or in d0-d3 runs; the result still reaches the caller's variable
// on the (moved) stack.
func TestCallbackMovesStack(t *testing.T) {
	lib := loadCLib(t)
	code := newEntry(t, &cbCase{grow: true})
	big := cAgg("ccbig", false, cLong, 5)
	hfa := cAgg("cchfa", false, cDouble, 4)
	for _, c := range []struct {
		name string
		ret  *ctype
	}{{"cc_then_big", big}, {"cc_then_hfa", hfa}} {
		p, err := NewPlan(c.ret.layout(), layouts([]*ctype{cPtr, cInt}), -1)
		if err != nil {
			t.Fatal(err)
		}
		fn := lib.sym(t, c.name)
		done := make(chan string)
		go func() { // a new goroutine: a small stack, which must grow
			var res [5]uint64
			before := uintptr(unsafe.Pointer(&res))
			fp, k := code, int32(7)
			args := [2]unsafe.Pointer{unsafe.Pointer(&fp), unsafe.Pointer(&k)}
			p.Invoke(fn, &args[0], unsafe.Pointer(&res))
			moved := uintptr(unsafe.Pointer(&res)) != before
			done <- fmt.Sprintf("%v %v", moved, res)
		}()
		got := <-done
		want := "true [7 15 23 31 39]"
		if c.ret == hfa {
			want = fmt.Sprintf("true [%d %d %d %d 0]", f64bits(7.5), f64bits(14), f64bits(-7), f64bits(1.75))
		}
		if got != want {
			t.Errorf("%s: (stack moved, result) = %s, want %s", c.name, got, want)
		}
	}
}

func f64bits(f float64) uint64 { return *(*uint64)(unsafe.Pointer(&f)) }

// TestCallbackResultExtended: an integer result smaller than a word goes
// back extended to the whole x0 from its own bytes (Apple's callers rely
// on 32 bits), also when the handler stored only those bytes.
func TestCallbackResultExtended(t *testing.T) {
	cases := []struct {
		t    *ctype
		bits uint64
		want uint64
	}{
		{cChar, 0xff, math.MaxUint64}, {cUChar, 0xff, 0xff}, {cShort, 0x8001, 0xffffffffffff8001},
		{cUShort, 0x8001, 0x8001}, {cInt, 0x80000000, 0xffffffff80000000}, {cUInt, 0x80000000, 0x80000000},
		{cLong, 0x8000000000000000, 0x8000000000000000},
	}
	for _, c := range cases {
		p, err := NewPlan(c.t.layout(), nil, -1)
		if err != nil {
			t.Fatal(err)
		}
		var cf CallbackFrame
		_, rp, _ := p.Decode(&cf)
		copy(unsafe.Slice((*byte)(rp), c.t.size), unsafe.Slice((*byte)(unsafe.Pointer(&c.bits)), c.t.size))
		p.Encode(&cf)
		if cf.ret[0] != c.want {
			t.Errorf("%s result %#x: x0 = %#x, want %#x", c.t.c, c.bits, cf.ret[0], c.want)
		}
	}
}

// TestThunkTable: the text segment's entries (darwin's) reach the handler
// with their own index, for the first and last of them, with a result.
func TestThunkTable(t *testing.T) {
	lib := loadCLib(t)
	cbOnce.Do(func() { SetCallbackHandler(testCallbackHandler) })
	s := cSigs[0] // float HFAs, an HFA result
	drive, err := NewPlan(Layout{Void: true}, layouts([]*ctype{cPtr, cPtr, cPtr, cInt}), -1)
	if err != nil {
		t.Fatal(err)
	}
	r := splitmix(11)
	for _, index := range []int{tableThunks - 1, tableThunks - 2, tableThunks / 2} {
		p, err := NewPlan(s.ret.layout(), layouts(s.args), -1)
		if err != nil {
			t.Fatal(err)
		}
		c := &cbCase{sig: s, plan: p}
		var in []byte
		for _, a := range s.args {
			_, m := a.value(&r)
			in = append(in, m...)
		}
		var wantOut []byte
		c.ret, wantOut = s.ret.value(&r)
		cbMu.Lock()
		cbCases[uintptr(index)] = c
		cbMu.Unlock()
		code := thunkTableABI0 + uintptr(index)*tableThunkSize
		out := make([]byte, len(wantOut))
		fp, ip, op, th := code, unsafe.Pointer(&in[0]), unsafe.Pointer(&out[0]), int32(0)
		args := []unsafe.Pointer{unsafe.Pointer(&fp), unsafe.Pointer(&ip), unsafe.Pointer(&op), unsafe.Pointer(&th)}
		drive.Invoke(lib.sym(t, "d0"), &args[0], nil)
		if c.calls != 1 || !bytes.Equal(c.got, in) || !bytes.Equal(out, wantOut) {
			t.Errorf("table entry %d: %d calls, received %x (C passed %x), C got back %x (want %x)", index, c.calls, c.got, in, out, wantOut)
		}
		cbMu.Lock()
		delete(cbCases, uintptr(index))
		cbMu.Unlock()
	}
}
