//go:build (linux && amd64) || (arm64 && (linux || darwin)) || (windows && amd64)

package callconv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// The engine of this platform against libffi, the oracle, over every
// signature of oracle_gen_test.go (the benchmark matrix and random ones),
// through the C checker testdata/oracle.c:
//
//   - calls: o<N> is called through Plan.Invoke and through ffi_call with
//     the same argument values; what C recorded (the members of every
//     argument as it received them, then the members of the result it
//     computed from them) and the result each engine handed back must be
//     the same bytes, and the arguments' bytes must be the ones passed;
//   - callbacks: d<N> calls, with arguments made from given bytes, once an
//     entry of the engine's (SetCallbackHandler, EntryAddr, Decode or
//     ArgAddr) and once a libffi closure; what each decoded must be the
//     bytes C passed, and what C got back the result each returned (a
//     function of what it decoded).
//
// CTYPES_LONG=1 repeats every signature with 25 sets of values instead of 2.

// orLib is testdata/oracle.c loaded.
type orLib struct {
	h                      uintptr
	record, length, resetF uintptr
}

// orLibPath builds testdata/oracle.c, or finds it prebuilt (as
// oracle.dll or liboracle.so) in $CTYPES_PREBUILT.
func orLibPath(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv(cbuild.EnvPrebuilt); dir != "" {
		name := "liboracle.so"
		if runtime.GOOS == "windows" {
			name = "oracle.dll"
		}
		p, err := filepath.Abs(filepath.Join(dir, name))
		if err == nil {
			_, err = os.Stat(p)
		}
		if err != nil {
			t.Fatalf("%s=%s has no prebuilt %s (scripts/test-windows.sh builds it): %v", cbuild.EnvPrebuilt, dir, name, err)
		}
		return p
	}
	src, err := filepath.Abs(oracleSourcePath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cbuild.Build(src)
	if errors.Is(err, cbuild.ErrNoCompiler) {
		testenv.Require(t, "C compiler", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func loadOrLib(t *testing.T) *orLib {
	t.Helper()
	h, err := orOpen(orLibPath(t))
	if err != nil {
		t.Fatal(err)
	}
	l := &orLib{h: h}
	l.record, l.length, l.resetF = l.sym(t, "oc_record"), l.sym(t, "oc_len"), l.sym(t, "oc_reset")
	return l
}

func (l *orLib) sym(t *testing.T, name string) uintptr {
	t.Helper()
	p, err := orSym(l.h, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recorded returns a copy of what the checker recorded since the last reset.
func (l *orLib) recorded() []byte {
	p, _, _ := purego.SyscallN(l.record)
	n, _, _ := purego.SyscallN(l.length)
	return append([]byte(nil), unsafe.Slice((*byte)(addrPtr(p)), int(int32(n)))...)
}

func (l *orLib) reset() { purego.SyscallN(l.resetF) }

// orChunky reports whether libffi cannot be told about t member by member
// (a union or a packed struct, in t or in a member): then it is described
// chunk by chunk, as ffi/libffi.go does.
func orChunky(t *ctype) bool {
	if t.union || t.packed {
		return true
	}
	for _, f := range t.fields {
		if f.t.aggregate() && orChunky(f.t) {
			return true
		}
	}
	return false
}

// orScalar names libffi's descriptor of each scalar.
var orScalar = map[*ctype]string{
	cChar: "sint8", cUChar: "uint8", cShort: "sint16", cUShort: "uint16", cInt: "sint32", cUInt: "uint32",
	cLong: "sint64", cULong: "uint64", cPtr: "pointer", cFloat: "float", cDouble: "double", cVoid: "void",
}

// orFFI describes t to libffi, or reports that libffi cannot be told about
// it: a struct with misaligned (packed) members on x86-64 System V, which
// the convention passes in memory and libffi, laying out its elements
// itself, in registers. Descriptors are pinned.
func orFFI(t *ctype, pin *runtime.Pinner) (*libffi.Type, bool) {
	if !t.aggregate() {
		return libffi.Builtin(orScalar[t]), true
	}
	var elems []*libffi.Type
	if !orChunky(t) {
		for _, f := range t.fields {
			e, ok := orFFI(f.t, pin)
			if !ok {
				return nil, false
			}
			for k := 0; k < max(f.n, 1); k++ {
				elems = append(elems, e)
			}
		}
	} else {
		var ok bool
		if elems, ok = orChunks(t); !ok {
			return nil, false
		}
	}
	elems = append(elems, nil)
	pin.Pin(&elems[0])
	ft := &libffi.Type{Kind: libffi.TypeStruct, Elements: &elems[0]}
	pin.Pin(ft)
	return ft, true
}

// orChunks describes a union or packed struct as a struct of chunks of its
// alignment that libffi classifies as the convention does: on AAPCS64 an
// HFA as that many floats or doubles and anything else as integers; on
// x86-64 each chunk a float or double where only floating-point members
// cover it, an integer otherwise (bytes where members are misaligned).
func orChunks(t *ctype) ([]*libffi.Type, bool) {
	l := t.layout()
	ints := map[uintptr]string{1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64"}
	var out []*libffi.Type
	if runtime.GOARCH == "arm64" {
		if base, n, ok := a64HFA(l); ok {
			for k := 0; k < n; k++ {
				out = append(out, libffi.Builtin(map[uintptr]string{4: "float", 8: "double"}[base]))
			}
			return out, true
		}
		for off := uintptr(0); off < t.size; off += t.align {
			out = append(out, libffi.Builtin(ints[t.align]))
		}
		return out, true
	}
	chunk := t.align
	for _, lf := range l.Leaves {
		if lf.Offset%lf.Size != 0 {
			if runtime.GOOS != "windows" {
				return nil, false
			}
			chunk = 1 // Win64 looks at the size alone
		}
	}
	for off := uintptr(0); off < t.size; off += chunk {
		allFloat, any := true, false
		for _, lf := range l.Leaves {
			if lf.Offset < off+chunk && lf.Offset+lf.Size > off {
				any = true
				allFloat = allFloat && lf.Float
			}
		}
		switch {
		case any && allFloat && chunk == 8:
			out = append(out, libffi.Builtin("double"))
		case any && allFloat && chunk == 4:
			out = append(out, libffi.Builtin("float"))
		default:
			out = append(out, libffi.Builtin(ints[chunk]))
		}
	}
	return out, true
}

// orCif prepares libffi's call interface for s, or reports that libffi
// cannot be told about one of its types.
func orCif(t *testing.T, s *osig, pin *runtime.Pinner) (*libffi.Cif, bool) {
	t.Helper()
	rt, ok := orFFI(s.ret, pin)
	if !ok {
		return nil, false
	}
	at := make([]*libffi.Type, len(s.args)+1)
	for k, a := range s.args {
		if at[k], ok = orFFI(a, pin); !ok {
			return nil, false
		}
	}
	pin.Pin(&at[0])
	cif := new(libffi.Cif)
	pin.Pin(cif)
	if st, err := libffi.PrepCif(cif, s.nfixed, rt, at[:len(s.args)]); err != nil || st != libffi.OK {
		t.Fatalf("%v: ffi_prep_cif: %v %v", s, st, err)
	}
	return cif, true
}

// orLayouts is s as the engine sees it.
func orLayouts(s *osig) (Layout, []Layout) {
	args := make([]Layout, len(s.args))
	for k, a := range s.args {
		args[k] = a.layout()
	}
	return s.ret.layout(), args
}

// orRounds is how many sets of argument values each signature is tried with.
func orRounds() int {
	if os.Getenv("CTYPES_LONG") == "1" {
		return 25
	}
	return 2
}

// orFNV hashes b (the seed of a callback's result).
func orFNV(b []byte) uint64 {
	h := uint64(1469598103934665603)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// orCallback is one callback under test: its signature and what its
// handler (the engine's, or the libffi closure's) saw and returned.
type orCallback struct {
	sig   *osig
	plan  *Plan
	calls int
	got   []byte // the members of the arguments as decoded
	ret   []byte // the result's C value returned
}

// decoded records the arguments at argv and returns the result's C value,
// computed from them.
func (c *orCallback) decoded(argv []unsafe.Pointer) []byte {
	c.calls++
	c.got = c.got[:0]
	for i, a := range c.sig.args {
		c.got = append(c.got, a.members(unsafe.Slice((*byte)(argv[i]), a.size))...)
	}
	c.ret = nil
	if c.sig.ret != cVoid {
		r := splitmix(orFNV(c.got))
		c.ret, _ = c.sig.ret.value(&r)
	}
	return c.ret
}

var (
	orMu      sync.Mutex
	orEntries = map[uintptr]*orCallback{} // by entry index
	orClos    = map[uintptr]*orCallback{} // by closure user data
	orClosFn  uintptr
	orClosNew sync.Once
)

// orEntryBase is the first entry index the oracle uses, above the other
// tests' indexes.
const orEntryBase = 2048

// orHandler is the engine's callback handler while the oracle runs.
func orHandler(cf *CallbackFrame) {
	orMu.Lock()
	c := orEntries[cf.Index]
	orMu.Unlock()
	if c == nil {
		return
	}
	n := len(c.sig.args)
	argv := make([]unsafe.Pointer, n)
	av, rp, ok := c.plan.Decode(cf)
	var bufs [][2]uint64
	var rbuf [2]uint64
	if ok {
		copy(argv, unsafe.Slice((*unsafe.Pointer)(av), n))
	} else {
		bufs = make([][2]uint64, n)
		for i := range argv {
			argv[i] = c.plan.ArgAddr(cf, i, &bufs[i])
		}
		rp = c.plan.ResultAddr(cf, &rbuf)
	}
	if r := c.decoded(argv); r != nil {
		copy(unsafe.Slice((*byte)(rp), len(r)), r)
	}
	if ok {
		c.plan.Encode(cf)
	} else {
		c.plan.SetResult(cf, &rbuf)
	}
}

// orClosure is every libffi closure's function: fun(cif, ret, args,
// user_data). An integer result narrower than a word is stored widened to
// ffi_arg, as libffi asks.
func orClosure(cif, ret, args, ud uintptr) uintptr {
	orMu.Lock()
	c := orClos[ud]
	orMu.Unlock()
	argv := unsafe.Slice((*unsafe.Pointer)(addrPtr(args)), len(c.sig.args)+1)
	r := c.decoded(argv[:len(c.sig.args)])
	if r == nil {
		return 0
	}
	if t := c.sig.ret; !t.aggregate() && !t.float && t.size < 8 {
		w := make([]byte, 8)
		copy(w, r)
		if t.signed && r[len(r)-1]&0x80 != 0 {
			for k := len(r); k < 8; k++ {
				w[k] = 0xff
			}
		}
		r = w
	}
	copy(unsafe.Slice((*byte)(addrPtr(ret)), len(r)), r)
	return 0
}

// TestOracle runs every signature of the oracle through the engine and
// through libffi, as calls and as callbacks (see above).
func TestOracle(t *testing.T) {
	o := loadOracle(t)
	lib := loadOrLib(t)
	testenv.Require(t, "libffi", libffi.Load())
	prev := callbackHandler
	SetCallbackHandler(orHandler)
	t.Cleanup(func() { SetCallbackHandler(prev) })
	orClosNew.Do(func() { orClosFn = purego.NewCallback(orClosure) })
	drive, err := NewPlan(Layout{Void: true}, []Layout{cPtr.layout(), cPtr.layout(), cPtr.layout()}, -1)
	if err != nil {
		t.Fatal(err)
	}

	rounds := orRounds()
	var calls, ffiCalls, callbacks, ffiCallbacks, noFFI, failed int
	ffiWrong := map[int]bool{} // signatures libffi's ffi_call passed wrongly
	r := splitmix(7)
	for _, s := range o.sigs {
		var pin runtime.Pinner
		ret, args := orLayouts(s)
		p, err := NewPlan(ret, args, s.nfixed)
		if err != nil {
			t.Errorf("%v: NewPlan: %v", s, err)
			continue
		}
		cif, ffiOK := orCif(t, s, &pin)
		if !ffiOK {
			noFFI++
		}
		fn := lib.sym(t, s.name())
		bad := func(format string, a ...any) {
			failed++
			if failed <= 20 {
				t.Errorf("%v: %s", s, fmt.Sprintf(format, a...))
			}
		}
		for round := 0; round < rounds; round++ {
			// The call, through Invoke and through ffi_call.
			ptrs := make([]unsafe.Pointer, len(s.args)+1)
			var want []byte
			for i, a := range s.args {
				v, m := a.value(&r)
				ptrs[i] = unsafe.Pointer(&v[0])
				want = append(want, m...)
			}
			rv := make([]byte, max(s.ret.size, 8))
			lib.reset()
			p.Invoke(fn, &ptrs[0], unsafe.Pointer(&rv[0]))
			calls++
			got := lib.recorded()
			if len(got) < len(want) || !bytes.Equal(got[:len(want)], want) {
				bad("Invoke: C received\n%x\nGo passed\n%x\n(first difference in %s)", got, want, orWhere(s, got, want))
				continue
			}
			if s.ret != cVoid && !bytes.Equal(s.ret.members(rv), got[len(want):]) {
				bad("Invoke: the result is %x, C returned %x", s.ret.members(rv), got[len(want):])
			}
			if ffiOK {
				rv2 := make([]byte, max(s.ret.size, 8))
				lib.reset()
				libffi.Call(cif, fn, unsafe.Pointer(&rv2[0]), ptrs[:len(s.args)])
				ffiCalls++
				got2 := lib.recorded()
				switch {
				case bytes.Equal(got, got2):
					if s.ret != cVoid && !bytes.Equal(s.ret.members(rv), s.ret.members(rv2)) {
						bad("the result is %x through Invoke, %x through ffi_call", s.ret.members(rv), s.ret.members(rv2))
					}
				case len(got2) >= len(want) && !bytes.Equal(got2[:len(want)], want) && orLibffiCollides(s):
					// libffi, not the engine, passed what Go did not give it.
					ffiWrong[s.n] = true
				default:
					bad("through ffi_call C recorded\n%x\nthrough Invoke\n%x\n(first difference in %s)", got2, got, orWhere(s, got, got2))
				}
			}
			if s.nfixed >= 0 {
				continue // a variadic signature has no driver
			}

			// The callback, to an engine entry and to a libffi closure.
			var in []byte
			for _, a := range s.args {
				_, m := a.value(&r)
				in = append(in, m...)
			}
			inb := append(in, 0) // never empty
			drv := lib.sym(t, fmt.Sprintf("d%d", s.n))
			callThrough := func(fp uintptr) []byte {
				out := make([]byte, 8+s.ret.size)
				ip, op := unsafe.Pointer(&inb[0]), unsafe.Pointer(&out[0])
				dargs := []unsafe.Pointer{unsafe.Pointer(&fp), unsafe.Pointer(&ip), unsafe.Pointer(&op)}
				drive.Invoke(drv, &dargs[0], nil)
				return out
			}
			ce := &orCallback{sig: s, plan: p}
			idx := orEntryBase + s.n
			orMu.Lock()
			orEntries[uintptr(idx)] = ce
			orMu.Unlock()
			code, err := EntryAddr(idx)
			if err != nil {
				t.Fatal(err)
			}
			outE := callThrough(code)
			callbacks++
			nres := 0
			if s.ret != cVoid {
				nres = len(s.ret.members(ce.ret))
			}
			switch {
			case ce.calls != 1:
				bad("callback entry: the handler ran %d times", ce.calls)
			case !bytes.Equal(ce.got, in):
				bad("callback entry: the handler decoded\n%x\nC passed\n%x\n(first difference in %s)", ce.got, in, orWhere(s, ce.got, in))
			case s.ret != cVoid && !bytes.Equal(outE[:nres], s.ret.members(ce.ret)):
				bad("callback entry: C got back %x, the handler returned %x", outE[:nres], s.ret.members(ce.ret))
			}
			if !ffiOK {
				continue
			}
			cf := &orCallback{sig: s}
			closure, ccode, err := libffi.ClosureAlloc()
			if err != nil {
				t.Fatal(err)
			}
			ud := uintptr(s.n + 1)
			orMu.Lock()
			orClos[ud] = cf
			orMu.Unlock()
			if st := libffi.PrepClosureLoc(closure, cif, orClosFn, ud, ccode); st != libffi.OK {
				t.Fatalf("%v: ffi_prep_closure_loc: %v", s, st)
			}
			outF := callThrough(ccode)
			libffi.ClosureFree(closure)
			ffiCallbacks++
			switch {
			case cf.calls != 1:
				bad("libffi closure: it ran %d times", cf.calls)
			case !bytes.Equal(cf.got, ce.got):
				bad("the libffi closure decoded\n%x\nthe callback entry\n%x", cf.got, ce.got)
			case !bytes.Equal(outF[:nres], outE[:nres]):
				bad("C got back %x from the libffi closure, %x from the callback entry", outF[:nres], outE[:nres])
			}
		}
		pin.Unpin()
	}
	for _, s := range o.sigs {
		if ffiWrong[s.n] {
			t.Logf("%v: libffi's ffi_call passed arguments C did not receive as given (its known AArch64 defect: by-reference copies and stack arguments collide); Invoke passed them right", s)
		}
	}
	if failed > 20 {
		t.Errorf("... %d failures in all", failed)
	}
	t.Logf("%s: %d signatures (%d variadic, no libffi description for %d, libffi wrong on %d), %d rounds: %d calls through Invoke and %d through ffi_call, %d callbacks to engine entries and %d to libffi closures",
		runtime.GOOS+"/"+runtime.GOARCH, len(o.sigs), countVariadic(o), noFFI, len(ffiWrong), rounds, calls, ffiCalls, callbacks, ffiCallbacks)
}

// orLibffiCollides reports whether s is a signature where libffi's
// ffi_call on AArch64 (Linux) may corrupt an argument: a composite over 16
// bytes, not an HFA, is passed by reference, and an argument goes on the
// stack. ffi_call copies such composites into the same area as the stack
// arguments, which libffi (3.4.4, Debian's, seen here) sizes without the
// by-reference pointers, so that the two can overlap (fixed in later
// libffi sources by reserving 8 more bytes per such argument in
// ffi_prep_cif_machdep). Seen on o206: the bytes of its last argument
// over the first of a by-reference one.
func orLibffiCollides(s *osig) bool {
	if runtime.GOARCH != "arm64" || runtime.GOOS != "linux" {
		return false
	}
	ngrn, nsrn := 0, 0
	byRef, stack := false, false
	for _, a := range s.args {
		l := a.layout()
		switch _, n, hfa := a64HFA(l); {
		case hfa || (!l.Aggregate && l.Float):
			n = max(n, 1)
			if nsrn+n > 8 {
				stack, nsrn = true, 8
			} else {
				nsrn += n
			}
		case l.Size > 16:
			byRef = true
			if ngrn >= 8 {
				stack = true
			}
			ngrn++
		default:
			w := int((l.Size + 7) / 8)
			if ngrn+w > 8 {
				stack, ngrn = true, 8
			} else {
				ngrn += w
			}
		}
	}
	return byRef && stack
}

// orWhere names the argument whose recorded members hold the first byte
// where a and b differ.
func orWhere(s *osig, a, b []byte) string {
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	off := 0
	for i, t := range s.args {
		n := len(t.members(make([]byte, t.size)))
		if k < off+n {
			return fmt.Sprintf("argument %d (%s), member byte %d", i, t.c, k-off)
		}
		off += n
	}
	return "the result"
}

func countVariadic(o *oracleSet) int {
	n := 0
	for _, s := range o.sigs {
		if s.nfixed >= 0 {
			n++
		}
	}
	return n
}

// TestOracleExtends: a C function taking a whole word returns the first
// argument register as the engine and libffi filled it for a signed or
// unsigned char or short: its low 32 bits must be the value sign- or
// zero-extended, as C callers on Linux leave it (and as clang-built
// callees on x86-64 rely on), through both engines; on Win64 only the
// value's own bytes are defined. (A callee declared with the small
// type cannot see those bits: the checker's o<N> do not.)
func TestOracleExtends(t *testing.T) {
	lib := loadOrLib(t)
	testenv.Require(t, "libffi", libffi.Load())
	fn := lib.sym(t, "oc_word0")
	var pin runtime.Pinner
	defer pin.Unpin()
	n := 0
	for _, ty := range []*ctype{cChar, cUChar, cShort, cUShort} {
		s := &osig{n: -1, ret: cULong, args: []*ctype{ty}, nfixed: -1, from: "extension"}
		ret, args := orLayouts(s)
		p, err := NewPlan(ret, args, -1)
		if err != nil {
			t.Fatal(err)
		}
		cif, _ := orCif(t, s, &pin)
		bits := 8 * ty.size
		seen := map[uint64]bool{}
		for _, x := range []uint64{0x01, 0x7f, 0x80, 0xff, 0xa5, 0x7fff, 0x8000, 0xffff, 0xa5a5} {
			x &= 1<<bits - 1
			if seen[x] {
				continue
			}
			seen[x] = true
			want, mask := uint32(x), ^uint32(0)
			if ty.signed && x>>(bits-1) != 0 {
				want |= ^uint32(0) << bits
			}
			if runtime.GOOS == "windows" {
				// Win64 leaves the bits above a small integer undefined
				// (its callees extend what they receive): only the value's
				// own bytes count.
				want, mask = uint32(x), 1<<bits-1
			}
			val := new(uint64)
			*val = x | 0xdead0000_00000000 // bytes past the value that must not reach C
			ptrs := []unsafe.Pointer{unsafe.Pointer(val), nil}
			var got, got2 uint64
			p.Invoke(fn, &ptrs[0], unsafe.Pointer(&got))
			libffi.Call(cif, fn, unsafe.Pointer(&got2), ptrs[:1])
			n++
			if uint32(got)&mask != want {
				t.Errorf("%s %#x: Invoke left %#x in the register, want low bits %#x", ty.c, x, got, want)
			}
			if uint32(got2)&mask != want {
				t.Errorf("%s %#x: ffi_call left %#x in the register, want low bits %#x", ty.c, x, got2, want)
			}
		}
	}
	t.Logf("%s/%s: %d small integers passed through both engines", runtime.GOOS, runtime.GOARCH, n)
}
