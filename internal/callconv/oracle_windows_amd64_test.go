//go:build windows && amd64

package callconv

import (
	"bytes"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// The Win64 engine against libffi over random signatures, both ways:
// Invoke calls a libffi closure (libffi is the callee that decodes the
// arguments and returns the result), and libffi's ffi_call calls one of
// the engine's callback entries (libffi is the caller). Under Wine the
// libffi-8.dll in the prefix serves (scripts/test-windows.sh).

// oType is one C type of a random signature, for both the engine and
// libffi.
type oType struct {
	name  string
	l     Layout
	ffi   *libffi.Type
	float bool // a float or double scalar: random values are finite numbers
}

// oTypes builds the types random signatures draw from: the scalars, byte
// arrays of 1 to 64 bytes, structs of 1 to 4 floats and of 1 to 4 doubles,
// and {float, int}. Aggregate descriptors are pinned Go memory.
func oTypes(t *testing.T, pin *runtime.Pinner) []oType {
	b := func(name string) *libffi.Type {
		ft := libffi.Builtin(name)
		if ft == nil {
			testenv.Require(t, "libffi", libffi.Load())
			t.Fatalf("libffi has no ffi_type_%s", name)
		}
		return ft
	}
	agg := func(elems ...*libffi.Type) *libffi.Type {
		el := append(append([]*libffi.Type{}, elems...), nil)
		pin.Pin(&el[0])
		ft := &libffi.Type{Kind: libffi.TypeStruct, Elements: &el[0]}
		pin.Pin(ft)
		return ft
	}
	repeat := func(ft *libffi.Type, n int) []*libffi.Type {
		s := make([]*libffi.Type, n)
		for k := range s {
			s[k] = ft
		}
		return s
	}
	ts := []oType{
		{"int8", w64i8, b("sint8"), false}, {"uint16", w64i16, b("uint16"), false},
		{"int32", w64i32, b("sint32"), false}, {"int64", w64i64, b("sint64"), false},
		{"pointer", w64i64, b("pointer"), false},
		{"float", w64f32, b("float"), true}, {"double", w64f64, b("double"), true},
		{"{float, int}", Layout{Size: 8, Align: 4, Aggregate: true, Leaves: []Leaf{{0, 4, true}, {4, 4, false}}},
			agg(b("float"), b("sint32")), false},
	}
	for n := 1; n <= 64; n++ {
		ts = append(ts, oType{fmt.Sprintf("B%d", n), w64agg(uintptr(n), 1, false), agg(repeat(b("uint8"), n)...), false})
	}
	for n := 1; n <= 4; n++ {
		ts = append(ts,
			oType{fmt.Sprintf("{float x%d}", n), w64agg(uintptr(4*n), 4, true), agg(repeat(b("float"), n)...), false},
			oType{fmt.Sprintf("{double x%d}", n), w64agg(uintptr(8*n), 8, true), agg(repeat(b("double"), n)...), false})
	}
	return ts
}

// oSig is a random signature with argument values.
type oSig struct {
	ret  *oType // nil: void
	args []*oType
	vals [][]byte
}

func (s *oSig) String() string {
	var b strings.Builder
	if s.ret == nil {
		b.WriteString("void")
	} else {
		b.WriteString(s.ret.name)
	}
	b.WriteString(" f(")
	for k, a := range s.args {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.name)
	}
	b.WriteString(")")
	return b.String()
}

// randomSig draws a signature of 0 to 20 arguments and values for them.
func randomSig(rng *rand.Rand, ts []oType) *oSig {
	s := &oSig{}
	if rng.Intn(8) != 0 {
		s.ret = &ts[rng.Intn(len(ts))]
	}
	n := rng.Intn(21)
	for k := 0; k < n; k++ {
		a := &ts[rng.Intn(len(ts))]
		v := make([]byte, a.l.Size)
		switch {
		case a.float && a.l.Size == 4:
			*(*float32)(unsafe.Pointer(&v[0])) = float32(rng.NormFloat64() * 1e3)
		case a.float:
			*(*float64)(unsafe.Pointer(&v[0])) = rng.NormFloat64() * 1e6
		default:
			rng.Read(v)
		}
		s.args, s.vals = append(s.args, a), append(s.vals, v)
	}
	return s
}

// layouts returns the signature as the engine sees it.
func (s *oSig) layouts() (Layout, []Layout) {
	ret := w64v
	if s.ret != nil {
		ret = s.ret.l
	}
	args := make([]Layout, len(s.args))
	for k, a := range s.args {
		args[k] = a.l
	}
	return ret, args
}

// cif prepares a libffi call interface for s (pinned).
func (s *oSig) cif(t *testing.T, pin *runtime.Pinner) *libffi.Cif {
	t.Helper()
	rt := libffi.Builtin("void")
	if s.ret != nil {
		rt = s.ret.ffi
	}
	at := make([]*libffi.Type, len(s.args)+1)
	for k, a := range s.args {
		at[k] = a.ffi
	}
	pin.Pin(&at[0])
	cif := new(libffi.Cif)
	pin.Pin(cif)
	if st, err := libffi.PrepCif(cif, -1, rt, at[:len(s.args)]); err != nil || st != libffi.OK {
		t.Fatalf("%v: ffi_prep_cif: %v %v", s, st, err)
	}
	return cif
}

// sizes returns the argument sizes.
func (s *oSig) sizes() []uintptr {
	z := make([]uintptr, len(s.args))
	for k, a := range s.args {
		z[k] = a.l.Size
	}
	return z
}

// resultBytes are the result a callee returns for arguments with digest
// h: n bytes made from h.
func resultBytes(h uint64, n uintptr) []byte {
	b := make([]byte, n)
	for k := range b {
		b[k] = byte(h>>(8*(k%8))) ^ byte(k)
		if k%8 == 7 {
			h = h*6364136223846793005 + 1442695040888963407
		}
	}
	return b
}

// oClosure is what the libffi closures' Go function records, by user data.
var (
	oMu      sync.Mutex
	oSeen    = map[uintptr]uint64{} // user data -> digest of the arguments libffi decoded
	oSigs    = map[uintptr]*oSig{}
	oClosFn  uintptr
	oClosure sync.Once
)

// oClosureFn is the function every test closure calls (through
// syscall.NewCallback): fun(cif, ret, args, user_data).
func oClosureFn(cif, ret, args, ud uintptr) uintptr {
	oMu.Lock()
	s := oSigs[ud]
	oMu.Unlock()
	argv := unsafe.Slice((*unsafe.Pointer)(addrPtr(args)), len(s.args)+1)
	h := digest(argv[:len(s.args)], s.sizes())
	oMu.Lock()
	oSeen[ud] = h
	oMu.Unlock()
	if s.ret != nil {
		r := resultBytes(h, s.ret.l.Size)
		copy(unsafe.Slice((*byte)(addrPtr(ret)), len(r)), r)
	}
	return 0
}

// TestWin64InvokeVsLibffi: Invoke calls libffi closures of 400 random
// signatures; what libffi decoded and what Invoke got back must be what
// was passed and returned.
func TestWin64InvokeVsLibffi(t *testing.T) {
	var pin runtime.Pinner
	defer pin.Unpin()
	ts := oTypes(t, &pin)
	oClosure.Do(func() { oClosFn = syscall.NewCallback(oClosureFn) })
	rng := rand.New(rand.NewSource(13))
	for k := 0; k < 400; k++ {
		s := randomSig(rng, ts)
		cif := s.cif(t, &pin)
		closure, code, err := libffi.ClosureAlloc()
		if err != nil {
			t.Fatal(err)
		}
		ud := uintptr(k + 1)
		oMu.Lock()
		oSigs[ud] = s
		oMu.Unlock()
		if st := libffi.PrepClosureLoc(closure, cif, oClosFn, ud, code); st != libffi.OK {
			t.Fatalf("%v: ffi_prep_closure_loc: %v", s, st)
		}
		ret, args := s.layouts()
		vals := make([]unsafe.Pointer, len(s.vals))
		for j, v := range s.vals {
			vals[j] = unsafe.Pointer(&v[0])
		}
		got := make([]byte, ret.Size+8)
		w64call(t, code, ret, args, -1, vals, unsafe.Pointer(&got[0]))
		libffi.ClosureFree(closure)
		want := digest(vals, s.sizes())
		oMu.Lock()
		seen := oSeen[ud]
		oMu.Unlock()
		if seen != want {
			t.Errorf("%v: libffi decoded digest %#x, Invoke passed %#x", s, seen, want)
			continue
		}
		if s.ret != nil {
			if r := resultBytes(want, ret.Size); !bytes.Equal(got[:ret.Size], r) {
				t.Errorf("%v: Invoke got % x, libffi returned % x", s, got[:ret.Size], r)
			}
		}
	}
}

// TestWin64CallbackVsLibffi: libffi's ffi_call calls the engine's callback
// entries with 400 random signatures; what the callback decoded and what
// libffi got back must be what was passed and returned.
func TestWin64CallbackVsLibffi(t *testing.T) {
	var pin runtime.Pinner
	defer pin.Unpin()
	ts := oTypes(t, &pin)
	rng := rand.New(rand.NewSource(31))
	for k := 0; k < 400; k++ {
		s := randomSig(rng, ts)
		cif := s.cif(t, &pin)
		ret, args := s.layouts()
		var seen uint64
		sizes := s.sizes()
		code := w64newCallback(t, ret, args, func(argv []unsafe.Pointer, rp unsafe.Pointer) {
			seen = digest(argv, sizes)
			if s.ret != nil {
				r := resultBytes(seen, ret.Size)
				copy(unsafe.Slice((*byte)(rp), len(r)), r)
			}
		})
		vals := make([]unsafe.Pointer, len(s.vals))
		for j, v := range s.vals {
			// Heap memory, not the goroutine stack (where the compiler
			// puts a new that does not escape): libffi passes large
			// structs by reference to these, and a callback that grows
			// the stack would leave it pointing at the old one (seen
			// under GOGC=1).
			p := new([64]byte)
			heapSink = p
			copy(p[:], v)
			vals[j] = unsafe.Pointer(p)
		}
		got := new([72]byte)
		heapSink = got
		before := append([]unsafe.Pointer(nil), vals...)
		libffi.Call(cif, code, unsafe.Pointer(got), vals)
		for j := range vals {
			if vals[j] != before[j] {
				// libffi's win64 ffi_call rewrites the array it gets
				// (internal/libffi/avalue_windows.go): the pointer now
				// leads to dead C stack.
				t.Fatalf("%v: avalue[%d] replaced by ffi_call", s, j)
			}
		}
		want := digest(vals, sizes)
		if seen != want {
			t.Errorf("%v: the callback decoded digest %#x, libffi passed %#x", s, seen, want)
			continue
		}
		if s.ret != nil {
			if r := resultBytes(want, ret.Size); !bytes.Equal(got[:ret.Size], r) {
				t.Errorf("%v: libffi got % x, the callback returned % x", s, got[:ret.Size], r)
			}
		}
	}
}

// heapSink makes what is stored in it escape to the heap.
var heapSink any
