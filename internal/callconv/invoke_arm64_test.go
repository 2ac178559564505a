//go:build arm64 && (linux || darwin)

package callconv

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// cLib is testdata/callconv.c loaded, with its record buffer.
type cLib struct {
	h   uintptr
	buf []byte
	n   *int32
}

func loadCLib(t *testing.T) *cLib {
	t.Helper()
	src, err := filepath.Abs(cSourcePath)
	if err != nil {
		t.Fatal(err)
	}
	path, err := cbuild.Build(src)
	if errors.Is(err, cbuild.ErrNoCompiler) {
		testenv.Require(t, "C compiler", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		t.Fatal(err)
	}
	l := &cLib{h: h}
	l.buf = unsafe.Slice((*byte)(addrPtr(l.sym(t, "cc_buf"))), 1<<16)
	l.n = (*int32)(addrPtr(l.sym(t, "cc_n")))
	return l
}

func (l *cLib) sym(t *testing.T, name string) uintptr {
	t.Helper()
	p, err := purego.Dlsym(l.h, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recorded returns a copy of what the C functions recorded since the last reset.
func (l *cLib) recorded() []byte { return append([]byte(nil), l.buf[:*l.n]...) }

func (l *cLib) reset() { *l.n = 0 }

func requireLibffi(t *testing.T) {
	t.Helper()
	testenv.Require(t, "libffi", libffi.Load())
}

// ffiType describes t to libffi, the way ffi/libffi.go does (unions as
// their AAPCS64 equivalent); keep holds what must stay reachable.
func (t *ctype) ffiType(keep *[]any) *libffi.Type {
	if !t.aggregate() {
		name := map[*ctype]string{
			cChar: "sint8", cUChar: "uint8", cShort: "sint16", cUShort: "uint16", cInt: "sint32", cUInt: "uint32",
			cLong: "sint64", cULong: "uint64", cPtr: "pointer", cFloat: "float", cDouble: "double", cVoid: "void",
		}[t]
		return libffi.Builtin(name)
	}
	var elems []*libffi.Type
	if t.union {
		base, n, ok := a64HFA(t.layout())
		for k := 0; k < n && ok; k++ {
			elems = append(elems, libffi.Builtin(map[uintptr]string{4: "float", 8: "double"}[base]))
		}
		for k := uintptr(0); !ok && k < t.size/t.align; k++ {
			elems = append(elems, libffi.Builtin(map[uintptr]string{1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64"}[t.align]))
		}
	} else {
		for _, f := range t.fields {
			for e := 0; e < max(f.n, 1); e++ {
				elems = append(elems, f.t.ffiType(keep))
			}
		}
	}
	elems = append(elems, nil)
	ft := &libffi.Type{Kind: libffi.TypeStruct, Elements: &elems[0]}
	if t.overAligned { // libffi would compute a smaller alignment from the elements
		ft.Size, ft.Alignment = t.size, uint16(t.align)
	}
	*keep = append(*keep, elems, ft)
	return ft
}

// ffiCall calls fn through libffi: the oracle.
func ffiCall(t *testing.T, ret *ctype, args []*ctype, nfixed int, fn uintptr, ptrs []unsafe.Pointer, rv []byte) {
	t.Helper()
	var keep []any
	atypes := make([]*libffi.Type, len(args))
	for i, a := range args {
		atypes[i] = a.ffiType(&keep)
	}
	var cif libffi.Cif
	st, err := libffi.PrepCif(&cif, nfixed, ret.ffiType(&keep), atypes)
	if err != nil || st != libffi.OK {
		t.Fatalf("ffi_prep_cif: %v %v", st, err)
	}
	libffi.Call(&cif, fn, unsafe.Pointer(&rv[0]), ptrs)
	runtime.KeepAlive(keep)
	runtime.KeepAlive(atypes)
}

// overAligned reports whether the signature has an over-aligned aggregate.
func (s *csig) overAligned() bool {
	for _, a := range s.args {
		if a.overAligned {
			return true
		}
	}
	return s.ret.overAligned
}

func layouts(args []*ctype) []Layout {
	out := make([]Layout, len(args))
	for i, a := range args {
		out[i] = a.layout()
	}
	return out
}

// TestInvokeSignatures calls every function of testdata/callconv.c
// through Invoke and through libffi with the same arguments: what C
// received must be the arguments' members, what it returned must be what
// it recorded, and both engines must agree.
func TestInvokeSignatures(t *testing.T) {
	lib := loadCLib(t)
	requireLibffi(t)
	r := splitmix(99)
	for _, s := range cSigs {
		fn := lib.sym(t, s.name())
		p, err := NewPlan(s.ret.layout(), layouts(s.args), -1)
		if err != nil {
			t.Fatalf("%s: %v", s.name(), err)
		}
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
		got := lib.recorded()
		if len(got) < len(want) || !bytes.Equal(got[:len(want)], want) {
			t.Errorf("%s (%s): C received\n%x\nwant\n%x", s.name(), s.note, got, want)
			continue
		}
		if s.ret != cVoid {
			if m := s.ret.members(rv); !bytes.Equal(got[len(want):], m) {
				t.Errorf("%s (%s): result %x, C returned %x", s.name(), s.note, m, got[len(want):])
			}
		}
		lib.reset()
		p.Invoke(fn, &ptrs[0], nil) // a result nobody reads: ignored
		if got0 := lib.recorded(); !bytes.Equal(got0, got) {
			t.Errorf("%s (%s): with a nil result C recorded\n%x\nwith one\n%x", s.name(), s.note, got0, got)
		}
		if s.overAligned() {
			// libffi's aarch64 port does not start a 16-byte aligned
			// aggregate at an even register (AAPCS64 C.8, which GCC
			// follows): C's record above is the oracle here.
			continue
		}
		rv2 := make([]byte, max(s.ret.size, 8))
		lib.reset()
		ffiCall(t, s.ret, s.args, -1, fn, ptrs, rv2)
		if got2 := lib.recorded(); !bytes.Equal(got, got2) {
			t.Errorf("%s (%s): through libffi C recorded\n%x\nthrough Invoke\n%x", s.name(), s.note, got2, got)
		}
		if s.ret != cVoid && !bytes.Equal(s.ret.members(rv), s.ret.members(rv2)) {
			t.Errorf("%s: result %x through Invoke, %x through libffi", s.name(), rv, rv2)
		}
	}
}

// TestInvokeVariadic calls cc_vrec (recording its variadic arguments)
// and snprintf with doubles, integers, pointers and structs after the
// fixed arguments, through Invoke and libffi.
func TestInvokeVariadic(t *testing.T) {
	lib := loadCLib(t)
	requireLibffi(t)
	pair := cAgg("ccpair", false, cLong, 0, cLong, 0)
	triple := cAgg("cctriple", false, cLong, 3)
	codes := map[byte]*ctype{'i': cInt, 'l': cLong, 'd': cDouble, 'p': cPtr, 'P': pair, 'T': triple}
	r := splitmix(5)
	for _, f := range []string{"d", "i", "dddddddddd", "idldpd", "PdTi", "llllllllllid", "dPdPdPdPdT", "ddddddddidddd"} {
		fmtStr := append([]byte(f), 0)
		args := []*ctype{cPtr}
		fp := unsafe.Pointer(&fmtStr[0])
		ptrs := []unsafe.Pointer{unsafe.Pointer(&fp)}
		var want []byte
		for k := 0; k < len(f); k++ {
			a := codes[f[k]]
			v, m := a.value(&r)
			args = append(args, a)
			ptrs = append(ptrs, unsafe.Pointer(&v[0]))
			want = append(want, m...)
		}
		fn := lib.sym(t, "cc_vrec")
		p, err := NewPlan(cDouble.layout(), layouts(args), 1)
		if err != nil {
			t.Fatal(err)
		}
		var res, res2 float64
		lib.reset()
		p.Invoke(fn, &ptrs[0], unsafe.Pointer(&res))
		if got := lib.recorded(); !bytes.Equal(got, want) {
			t.Errorf("cc_vrec(%q, ...) received\n%x\nwant\n%x", f, got, want)
		}
		rv := make([]byte, 8)
		lib.reset()
		ffiCall(t, cDouble, args, 1, fn, ptrs, rv)
		res2 = math.Float64frombits(*(*uint64)(unsafe.Pointer(&rv[0])))
		if res != res2 {
			t.Errorf("cc_vrec(%q, ...) = %v through Invoke, %v through libffi", f, res, res2)
		}
	}

	// snprintf(buf, n, format, ...) with doubles.
	snprintf := lib.sym(t, "snprintf")
	format := []byte("%d|%.3f|%s|%g|%lld|%.2e|%c|%f|%f|%f|%f|%f|%f|%f|%f\x00")
	word := []byte("arm64\x00")
	buf := make([]byte, 256)
	n := uint64(len(buf))
	bp, fp, wp := unsafe.Pointer(&buf[0]), unsafe.Pointer(&format[0]), unsafe.Pointer(&word[0])
	i1, d1, d2, l1, d3, c1 := int32(-42), 3.14159, 2.5e-10, int64(1)<<40, 6.02e23, int32('x')
	ds := []float64{1, 2.5, -3.25, 4.125, 5e5, 6e-3, 7, 8.5}
	args := []*ctype{cPtr, cULong, cPtr, cInt, cDouble, cPtr, cDouble, cLong, cDouble, cInt}
	ptrs := []unsafe.Pointer{unsafe.Pointer(&bp), unsafe.Pointer(&n), unsafe.Pointer(&fp), unsafe.Pointer(&i1),
		unsafe.Pointer(&d1), unsafe.Pointer(&wp), unsafe.Pointer(&d2), unsafe.Pointer(&l1), unsafe.Pointer(&d3), unsafe.Pointer(&c1)}
	for k := range ds {
		args = append(args, cDouble)
		ptrs = append(ptrs, unsafe.Pointer(&ds[k]))
	}
	p, err := NewPlan(cInt.layout(), layouts(args), 3)
	if err != nil {
		t.Fatal(err)
	}
	var cnt int32
	p.Invoke(snprintf, &ptrs[0], unsafe.Pointer(&cnt))
	got := string(buf[:max(cnt, 0)])
	clear(buf)
	rv := make([]byte, 8)
	ffiCall(t, cInt, args, 3, snprintf, ptrs, rv)
	want := string(buf[:max(*(*int32)(unsafe.Pointer(&rv[0])), 0)])
	if got != want || got == "" {
		t.Errorf("snprintf through Invoke: %q, through libffi: %q", got, want)
	}
	t.Logf("snprintf: %s", got)
}

// TestInvokeAllocs: a call allocates nothing, for register, stack (up to
// 4 KB), by-reference and indirect-result signatures alike.
func TestInvokeAllocs(t *testing.T) {
	lib := loadCLib(t)
	r := splitmix(7)
	for _, s := range cSigs[:19] {
		if s.note == "over 4 KB of stack arguments" {
			continue // a buffer from the heap
		}
		fn := lib.sym(t, s.name())
		p, err := NewPlan(s.ret.layout(), layouts(s.args), -1)
		if err != nil {
			t.Fatal(err)
		}
		ptrs := make([]unsafe.Pointer, len(s.args)+1)
		for i, a := range s.args {
			v, _ := a.value(&r)
			ptrs[i] = unsafe.Pointer(&v[0])
		}
		rv := make([]byte, max(s.ret.size, 8))
		if n := testing.AllocsPerRun(20, func() {
			lib.reset()
			p.Invoke(fn, &ptrs[0], unsafe.Pointer(&rv[0]))
		}); n != 0 {
			t.Errorf("%s (%s): %v allocations per call", s.name(), s.note, n)
		}
	}
}

// TestInvokeErrors: signatures the engine cannot pass are errors.
func TestInvokeErrors(t *testing.T) {
	if _, err := NewPlan(Layout{Void: true}, []Layout{{Size: 16, Align: 16}}, -1); err == nil {
		t.Error("a 16-byte scalar argument: no error")
	}
	if _, err := NewPlan(Layout{Aggregate: true, Align: 1}, nil, -1); err == nil {
		t.Error("an empty struct result: no error")
	}
	if fmt.Sprint(Name) != "aapcs64" {
		t.Errorf("Name = %q", Name)
	}
}

// TestInvokeExtends: integers smaller than a word reach C sign- or
// zero-extended to the whole register or stack slot, which Apple's ABI
// requires (to 32 bits) and Linux's tolerates.
func TestInvokeExtends(t *testing.T) {
	lib := loadCLib(t)
	raw0, raw8 := lib.sym(t, "cc_raw0"), lib.sym(t, "cc_raw8")
	cases := []struct {
		t    *ctype
		v    uint64 // the value's bytes
		want int64
	}{
		{cChar, 0xff, -1}, {cUChar, 0xff, 255}, {cShort, 0x8000, -32768}, {cUShort, 0xffff, 65535},
		{cInt, 0xfffffffe, -2}, {cUInt, 0xfffffffe, 0xfffffffe},
	}
	for _, c := range cases {
		v := c.v
		var got int64
		p, err := NewPlan(cLong.layout(), []Layout{c.t.layout()}, -1)
		if err != nil {
			t.Fatal(err)
		}
		vp := unsafe.Pointer(&v)
		p.Invoke(raw0, &vp, unsafe.Pointer(&got))
		if got != c.want {
			t.Errorf("%s %#x in x0: %#x, want %#x", c.t.c, c.v, got, c.want)
		}
		if appleABI {
			continue // packed on the stack: not a word
		}
		args := append(layouts([]*ctype{cLong, cLong, cLong, cLong, cLong, cLong, cLong, cLong}), c.t.layout())
		var zero int64
		ptrs := make([]unsafe.Pointer, 9)
		for k := range ptrs[:8] {
			ptrs[k] = unsafe.Pointer(&zero)
		}
		ptrs[8] = vp
		p8, err := NewPlan(cLong.layout(), args, -1)
		if err != nil {
			t.Fatal(err)
		}
		p8.Invoke(raw8, &ptrs[0], unsafe.Pointer(&got))
		if got != c.want {
			t.Errorf("%s %#x on the stack: %#x, want %#x", c.t.c, c.v, got, c.want)
		}
	}
}

// TestInvokeCopiesAligned: the copies of aggregates passed by reference
// are aligned as their type asks (here 64 bytes), in an x register and on
// the stack alike.
func TestInvokeCopiesAligned(t *testing.T) {
	lib := loadCLib(t)
	a64 := Layout{Size: 64, Align: 64, MemberAlign: 64, Aggregate: true}
	for k := uintptr(0); k < 24; k++ {
		a64.Leaves = append(a64.Leaves, Leaf{Offset: k, Size: 1})
	}
	args := append(append([]Layout{a64}, layouts(make7(cLong))...), a64)
	p, err := NewPlan(cInt.layout(), args, -1)
	if err != nil {
		t.Fatal(err)
	}
	va, vb := make([]byte, 64), make([]byte, 64)
	va[0], vb[23] = 1, 2
	longs := [7]int64{1, 2, 3, 4, 5, 6, 7}
	ptrs := []unsafe.Pointer{unsafe.Pointer(&va[0])}
	for k := range longs {
		ptrs = append(ptrs, unsafe.Pointer(&longs[k]))
	}
	ptrs = append(ptrs, unsafe.Pointer(&vb[0]))
	var got int32
	p.Invoke(lib.sym(t, "cc_align64"), &ptrs[0], unsafe.Pointer(&got))
	if got != 0 {
		t.Errorf("cc_align64 = %d: the copies are misaligned (a%%64 + 1000*(b%%64)) or their values wrong (+1)", got)
	}
}

func make7(t *ctype) []*ctype { return []*ctype{t, t, t, t, t, t, t} }
