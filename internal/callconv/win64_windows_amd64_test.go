//go:build windows && amd64

package callconv

import (
	"bytes"
	"math"
	"runtime"
	"syscall"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// The Win64 engine against C: testdata/win64abi.c digests the bytes each
// function received (FNV-1a), and the tests compare that digest with the
// one of the bytes they passed.

// w64Aggregates are win64abi.c's aggregates, by name, as the engine sees
// them.
var w64Aggregates = []struct {
	name string
	l    Layout
}{
	{"B1", w64agg(1, 1, false)}, {"B2", w64agg(2, 1, false)}, {"B3", w64agg(3, 1, false)},
	{"B4", w64agg(4, 1, false)}, {"B5", w64agg(5, 1, false)}, {"B6", w64agg(6, 1, false)},
	{"B7", w64agg(7, 1, false)}, {"B8", w64agg(8, 1, false)}, {"B9", w64agg(9, 1, false)},
	{"B12", w64agg(12, 1, false)}, {"B15", w64agg(15, 1, false)}, {"B16", w64agg(16, 1, false)},
	{"B17", w64agg(17, 1, false)}, {"B24", w64agg(24, 1, false)}, {"B31", w64agg(31, 1, false)},
	{"B32", w64agg(32, 1, false)}, {"B33", w64agg(33, 1, false)}, {"B48", w64agg(48, 1, false)},
	{"B63", w64agg(63, 1, false)}, {"B64", w64agg(64, 1, false)},
	{"SF1", w64agg(4, 4, true)}, {"SF2", w64agg(8, 4, true)}, {"SF3", w64agg(12, 4, true)},
	{"SD1", w64agg(8, 8, true)}, {"SD2", w64agg(16, 8, true)},
	{"SFI", Layout{Size: 8, Align: 4, Aggregate: true, Leaves: []Leaf{{0, 4, true}, {4, 4, false}}}},
	{"SCS", Layout{Size: 4, Align: 2, Aggregate: true, Leaves: []Leaf{{0, 1, false}, {2, 2, false}}}},
	{"SDC", Layout{Size: 16, Align: 8, Aggregate: true, Leaves: []Leaf{{0, 8, true}, {8, 1, false}}}},
	{"UFD", Layout{Size: 8, Align: 8, Aggregate: true, Leaves: []Leaf{{0, 4, true}, {4, 4, true}, {0, 8, true}}}},
}

const fnv0 = 14695981039346656037

// fnv is win64abi.c's digest: FNV-1a over n bytes at p, from h.
func fnv(h uint64, p unsafe.Pointer, n uintptr) uint64 {
	for _, b := range unsafe.Slice((*byte)(p), n) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return h
}

// digest is fnv over each value in turn (pointers to n[i] bytes each).
func digest(vals []unsafe.Pointer, sizes []uintptr) uint64 {
	h := uint64(fnv0)
	for k, v := range vals {
		h = fnv(h, v, sizes[k])
	}
	return h
}

var w64dll *syscall.DLL

// w64sym returns the address of win64abi.c's function name.
func w64sym(t *testing.T, name string) uintptr {
	t.Helper()
	if w64dll == nil {
		d, err := syscall.LoadDLL(cbuild.Test(t, "win64abi"))
		if err != nil {
			t.Fatal(err)
		}
		w64dll = d
	}
	p, err := w64dll.FindProc(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Addr()
}

// w64call classifies ret(args...) and calls fn through Invoke.
func w64call(t *testing.T, fn uintptr, ret Layout, args []Layout, nfixed int, vals []unsafe.Pointer, r unsafe.Pointer) {
	t.Helper()
	p, err := NewPlan(ret, args, nfixed)
	if err != nil {
		t.Fatal(err)
	}
	if p.NumArgs() != len(vals) {
		t.Fatalf("NumArgs %d, want %d", p.NumArgs(), len(vals))
	}
	var a *unsafe.Pointer
	if len(vals) > 0 {
		a = &vals[0]
	}
	p.Invoke(fn, a, r)
}

// pattern returns n bytes that differ per seed.
func pattern(n uintptr, seed int) []byte {
	b := make([]byte, n)
	for k := range b {
		b[k] = byte(seed*31 + k*7 + 1)
	}
	return b
}

// TestWin64Aggregates: each aggregate in slots 1, 3 (registers) and 5 (the
// stack) beside an int, a double and a float: C digests what it got.
func TestWin64Aggregates(t *testing.T) {
	for _, ag := range w64Aggregates {
		s, tt, u := pattern(ag.l.Size, 1), pattern(ag.l.Size, 2), pattern(ag.l.Size, 3)
		a, d, f := int32(-12345), 2.718281828, float32(-0.375)
		vals := []unsafe.Pointer{unsafe.Pointer(&a), unsafe.Pointer(&s[0]), unsafe.Pointer(&d),
			unsafe.Pointer(&tt[0]), unsafe.Pointer(&f), unsafe.Pointer(&u[0])}
		want := digest(vals, []uintptr{4, ag.l.Size, 8, ag.l.Size, 4, ag.l.Size})
		var got uint64
		w64call(t, w64sym(t, "w64_arg_"+ag.name), w64i64, []Layout{w64i32, ag.l, w64f64, ag.l, w64f32, ag.l}, -1, vals, unsafe.Pointer(&got))
		if got != want {
			t.Errorf("w64_arg_%s: C digested %#x, Go passed %#x", ag.name, got, want)
		}
	}
}

// TestWin64AggregateResults: each aggregate as a result (in rax for 1, 2, 4
// and 8 bytes, otherwise in memory through slot 0) after five arguments,
// compared with what C writes through a pointer.
func TestWin64AggregateResults(t *testing.T) {
	for k, ag := range w64Aggregates {
		seed, d, f, i, e := uint64(0x0123456789abcdef)+uint64(k), 1.25, float32(3.5), int32(-7), -6.0625
		vals := []unsafe.Pointer{unsafe.Pointer(&seed), unsafe.Pointer(&d), unsafe.Pointer(&f), unsafe.Pointer(&i), unsafe.Pointer(&e)}
		args := []Layout{w64i64, w64f64, w64f32, w64i32, w64f64}
		want := make([]byte, ag.l.Size)
		out := unsafe.Pointer(&want[0])
		w64call(t, w64sym(t, "w64_fill_"+ag.name), w64v, append([]Layout{w64i64}, args...), -1,
			append([]unsafe.Pointer{unsafe.Pointer(&out)}, vals...), nil)
		got := make([]byte, ag.l.Size+8) // guard bytes: the result is exactly Size bytes
		for j := range got {
			got[j] = 0xee
		}
		w64call(t, w64sym(t, "w64_ret_"+ag.name), ag.l, args, -1, vals, unsafe.Pointer(&got[0]))
		if !bytes.Equal(got[:ag.l.Size], want) {
			t.Errorf("w64_ret_%s: % x, C filled % x", ag.name, got[:ag.l.Size], want)
		}
		if !bytes.Equal(got[ag.l.Size:], bytes.Repeat([]byte{0xee}, 8)) {
			t.Errorf("w64_ret_%s wrote past its %d bytes: % x", ag.name, ag.l.Size, got[ag.l.Size:])
		}
	}
}

// TestWin64Scalars: floats and integers of every size sharing slots by
// position, eight arguments (four on the stack), double and float results
// in xmm0, small integer results in the low bytes of rax.
func TestWin64Scalars(t *testing.T) {
	a, b, c, d, e, f, g, h := float32(1.5), int32(-3), 1e-3, int8(-2), float32(-2.75), int64(-1)<<40, math.Pi, int16(-300)
	vals := []unsafe.Pointer{unsafe.Pointer(&a), unsafe.Pointer(&b), unsafe.Pointer(&c), unsafe.Pointer(&d),
		unsafe.Pointer(&e), unsafe.Pointer(&f), unsafe.Pointer(&g), unsafe.Pointer(&h)}
	want := float64(digest(vals, []uintptr{4, 4, 8, 1, 4, 8, 8, 2}) >> 11)
	var got float64
	w64call(t, w64sym(t, "w64_mix"), w64f64,
		[]Layout{w64f32, w64i32, w64f64, w64i8, w64f32, w64i64, w64f64, Layout{Size: 2, Align: 2}}, -1, vals, unsafe.Pointer(&got))
	if got != want {
		t.Errorf("w64_mix: %v, want %v", got, want)
	}

	x, y, z, u, v := -1.0/3, float32(0.1), int32(77), float32(1e10), float32(-1e-10)
	vals = []unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&z), unsafe.Pointer(&u), unsafe.Pointer(&v)}
	wantf := float32(digest(vals, []uintptr{8, 4, 4, 4, 4}) >> 40)
	var gotf [2]float32 // gotf[1] guards: a float result is 4 bytes
	gotf[1] = 42
	w64call(t, w64sym(t, "w64_mixf"), w64f32, []Layout{w64f64, w64f32, w64i32, w64f32, w64f32}, -1, vals, unsafe.Pointer(&gotf[0]))
	if gotf[0] != wantf || gotf[1] != 42 {
		t.Errorf("w64_mixf: %v (guard %v), want %v", gotf[0], gotf[1], wantf)
	}

	p, q := int32(-7), int32(9)
	vals = []unsafe.Pointer{unsafe.Pointer(&p), unsafe.Pointer(&q)}
	var sc [2]int8
	sc[1] = 42
	w64call(t, w64sym(t, "w64_schar"), w64i8, []Layout{w64i32, w64i32}, -1, vals, unsafe.Pointer(&sc[0]))
	if sc[0] != int8(p*q) || sc[1] != 42 {
		t.Errorf("w64_schar: %d (guard %d), want %d", sc[0], sc[1], int8(p*q))
	}
	var us [2]uint16
	us[1] = 42
	w64call(t, w64sym(t, "w64_ushort"), w64i16, []Layout{w64i32, w64i32}, -1, vals, unsafe.Pointer(&us[0]))
	if us[0] != uint16(p*q) || us[1] != 42 {
		t.Errorf("w64_ushort: %d (guard %d), want %d", us[0], us[1], uint16(p*q))
	}
}

// many20 returns twenty argument values (int, double, long long, float,
// four times over), their layouts and sizes.
func many20() ([]unsafe.Pointer, []Layout, []uintptr) {
	var vals []unsafe.Pointer
	var lays []Layout
	var sizes []uintptr
	for k := 0; k < 5; k++ {
		i, d, l, f := int32(1000*k-77), float64(k)+0.125, int64(k)<<33-5, float32(k)-0.5
		vals = append(vals, unsafe.Pointer(&i), unsafe.Pointer(&d), unsafe.Pointer(&l), unsafe.Pointer(&f))
		lays = append(lays, w64i32, w64f64, w64i64, w64f32)
		sizes = append(sizes, 4, 8, 8, 4)
	}
	return vals, lays, sizes
}

// TestWin64Many: twenty arguments (sixteen stack words), and the same with
// a result in memory, which shifts them all by a slot.
func TestWin64Many(t *testing.T) {
	vals, lays, sizes := many20()
	want := digest(vals, sizes)
	var got uint64
	w64call(t, w64sym(t, "w64_many20"), w64i64, lays, -1, vals, unsafe.Pointer(&got))
	if got != want {
		t.Errorf("w64_many20: C digested %#x, Go passed %#x", got, want)
	}
	wantb := make([]byte, 24)
	out, n := unsafe.Pointer(&wantb[0]), uintptr(24)
	w64call(t, w64sym(t, "w64_fillh"), w64v, []Layout{w64i64, w64i64, w64i64}, -1,
		[]unsafe.Pointer{unsafe.Pointer(&out), unsafe.Pointer(&n), unsafe.Pointer(&want)}, nil)
	var gotb [24]byte
	w64call(t, w64sym(t, "w64_many20ret"), w64agg(24, 1, false), lays, -1, vals, unsafe.Pointer(&gotb))
	if !bytes.Equal(gotb[:], wantb) {
		t.Errorf("w64_many20ret: % x, want % x", gotb, wantb)
	}
}

// TestWin64Variadic: doubles among the variadic arguments, in the register
// slots (where the callee's va_arg reads the integer register) and past
// them.
func TestWin64Variadic(t *testing.T) {
	for _, format := range []string{"d", "dd", "ddd", "dddd", "idld", "ddiddidd", "plidpdid"} {
		fmtz := append([]byte(format), 0)
		fp := unsafe.Pointer(&fmtz[0])
		vals := []unsafe.Pointer{unsafe.Pointer(&fp)}
		lays := []Layout{w64i64}
		var sizes []uintptr
		for k, c := range format {
			switch c {
			case 'i':
				v := int32(-k - 1)
				vals, lays, sizes = append(vals, unsafe.Pointer(&v)), append(lays, w64i32), append(sizes, 4)
			case 'l', 'p':
				v := int64(k)<<35 + 3
				vals, lays, sizes = append(vals, unsafe.Pointer(&v)), append(lays, w64i64), append(sizes, 8)
			case 'd':
				v := float64(k) + 0.5
				vals, lays, sizes = append(vals, unsafe.Pointer(&v)), append(lays, w64f64), append(sizes, 8)
			}
		}
		want := digest(vals[1:], sizes)
		var got uint64
		w64call(t, w64sym(t, "w64_vdig"), w64i64, lays, 1, vals, unsafe.Pointer(&got))
		if got != want {
			t.Errorf("w64_vdig(%q, ...): C digested %#x, Go passed %#x", format, got, want)
		}
	}
	n := int32(6)
	vals, lays := []unsafe.Pointer{unsafe.Pointer(&n)}, []Layout{w64i32}
	want := 0.0
	for k := 0; k < int(n); k++ {
		v := float64(k)*1.5 - 2
		want += v * float64(k+1)
		vals, lays = append(vals, unsafe.Pointer(&v)), append(lays, w64f64)
	}
	var got float64
	w64call(t, w64sym(t, "w64_vsumd"), w64f64, lays, 1, vals, unsafe.Pointer(&got))
	if got != want {
		t.Errorf("w64_vsumd: %v, want %v", got, want)
	}
}

// TestWin64Name: the plan reports its engine.
func TestWin64Name(t *testing.T) {
	if Name != "win64" {
		t.Errorf("Name %q", Name)
	}
}

// BenchmarkWin64Add: one call of int add(int, int) through Invoke, through
// syscall.SyscallN (the runtime's own path to a DLL) and through libffi's
// ffi_call (the libffi engine's path), each checked against C's sum.
func BenchmarkWin64Add(b *testing.B) {
	d, err := syscall.LoadDLL(cbuild.Test(b, "win64abi"))
	if err != nil {
		b.Fatal(err)
	}
	fn := d.MustFindProc("w64_add").Addr()
	x, y := int32(40), int32(2)
	want := x + y
	b.Run("invoke", func(b *testing.B) {
		p, err := NewPlan(w64i32, []Layout{w64i32, w64i32}, -1)
		if err != nil {
			b.Fatal(err)
		}
		args := [2]unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&y)}
		var r int32
		for b.Loop() {
			p.Invoke(fn, &args[0], unsafe.Pointer(&r))
		}
		if r != want {
			b.Fatalf("%d, want %d", r, want)
		}
	})
	b.Run("syscallN", func(b *testing.B) {
		var r uintptr
		for b.Loop() {
			r, _, _ = syscall.SyscallN(fn, uintptr(x), uintptr(y))
		}
		if int32(r) != want {
			b.Fatalf("%d, want %d", int32(r), want)
		}
	})
	b.Run("libffi", func(b *testing.B) {
		sint32 := libffi.Builtin("sint32")
		if sint32 == nil {
			testenv.Require(b, "libffi", libffi.Load())
		}
		cif := new(libffi.Cif)
		atypes := []*libffi.Type{sint32, sint32}
		var pin runtime.Pinner
		pin.Pin(cif)
		pin.Pin(&atypes[0])
		defer pin.Unpin()
		if st, err := libffi.PrepCif(cif, -1, sint32, atypes); err != nil || st != libffi.OK {
			b.Fatalf("ffi_prep_cif: %v %v", st, err)
		}
		xp, yp := new(int32), new(int32)
		*xp, *yp = x, y
		avalue := []unsafe.Pointer{unsafe.Pointer(xp), unsafe.Pointer(yp)}
		r := new(uint64)
		for b.Loop() {
			libffi.Call(cif, fn, unsafe.Pointer(r), avalue)
		}
		if int32(*r) != want {
			b.Fatalf("%d, want %d", int32(*r), want)
		}
	})
}

// TestWin64LastError: InvokeLastError returns the last-error value the C
// function set, read right after it returned.
func TestWin64LastError(t *testing.T) {
	p, err := NewPlan(w64i32, []Layout{w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	fn := w64sym(t, "w64_seterr")
	for _, code := range []uint32{0, 1, 5, 0x1234} {
		var set uint32
		arg := unsafe.Pointer(&code)
		got := p.InvokeLastError(fn, &arg, unsafe.Pointer(&set))
		if got != set || set != code*3+1 {
			t.Errorf("w64_seterr(%d) set %d; InvokeLastError returned %d", code, set, got)
		}
	}
}

// TestWin64LastErrorSlowCall: the capture holds for a call long enough
// that the runtime retakes the P and makes system calls of its own on the
// way back to Go, which clear the last error (measured under Wine: a TEB
// read in Go after a 30 ms call saw 0 in 40 of 40 calls).
func TestWin64LastErrorSlowCall(t *testing.T) {
	p, err := NewPlan(w64i32, []Layout{w64i32, w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	fn := w64sym(t, "w64_seterr_slow")
	for _, code := range []uint32{7, 99} {
		var set uint32
		ms := uint32(30)
		args := [2]unsafe.Pointer{unsafe.Pointer(&code), unsafe.Pointer(&ms)}
		got := p.InvokeLastError(fn, &args[0], unsafe.Pointer(&set))
		if got != set || set != code*3+1 {
			t.Errorf("w64_seterr_slow(%d, 30) set %d; InvokeLastError returned %d", code, set, got)
		}
	}
}

// TestWin64InvokeNoAlloc: Invoke allocates nothing, for a call in
// registers and for one with arguments by reference, stack words and a
// result in memory.
func TestWin64InvokeNoAlloc(t *testing.T) {
	add := w64sym(t, "w64_add")
	pa, err := NewPlan(w64i32, []Layout{w64i32, w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	x, y := int32(3), int32(4)
	args := [2]unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&y)}
	var r int32
	if n := testing.AllocsPerRun(100, func() { pa.Invoke(add, &args[0], unsafe.Pointer(&r)) }); n != 0 || r != 7 {
		t.Errorf("w64_add: %v allocations per call, result %d", n, r)
	}
	b33 := w64agg(33, 1, false)
	pr, err := NewPlan(w64i64, []Layout{w64i32, b33, w64f64, b33, w64f32, b33}, -1)
	if err != nil {
		t.Fatal(err)
	}
	fn := w64sym(t, "w64_arg_B33")
	var s [33]byte
	a, d, f := int32(1), 2.0, float32(3)
	vals := [6]unsafe.Pointer{unsafe.Pointer(&a), unsafe.Pointer(&s), unsafe.Pointer(&d), unsafe.Pointer(&s), unsafe.Pointer(&f), unsafe.Pointer(&s)}
	var h uint64
	if n := testing.AllocsPerRun(100, func() { pr.Invoke(fn, &vals[0], unsafe.Pointer(&h)) }); n != 0 {
		t.Errorf("w64_arg_B33: %v allocations per call", n)
	}
	pm, err := NewPlan(w64agg(24, 1, false), []Layout{w64i64, w64f64, w64f32, w64i32, w64f64}, -1)
	if err != nil {
		t.Fatal(err)
	}
	fm := w64sym(t, "w64_ret_B24")
	var seed uint64
	var i32 int32
	mvals := [5]unsafe.Pointer{unsafe.Pointer(&seed), unsafe.Pointer(&d), unsafe.Pointer(&f), unsafe.Pointer(&i32), unsafe.Pointer(&d)}
	var out [24]byte
	if n := testing.AllocsPerRun(100, func() { pm.Invoke(fm, &mvals[0], unsafe.Pointer(&out)) }); n != 0 {
		t.Errorf("w64_ret_B24: %v allocations per call", n)
	}
}

// TestWin64OverAligned: copies of aggregates passed by reference are
// aligned as their types ask (32 and 64 bytes; C reports the addresses it
// got modulo the alignment).
func TestWin64OverAligned(t *testing.T) {
	for _, c := range []struct {
		name        string
		size, align uintptr
	}{{"A32", 32, 32}, {"A64", 64, 64}} {
		l := Layout{Size: c.size, Align: c.align, Aggregate: true, Leaves: []Leaf{{0, 8, false}}}
		a := make([]byte, c.size)
		i := int32(1)
		vals := []unsafe.Pointer{unsafe.Pointer(&a[0]), unsafe.Pointer(&i), unsafe.Pointer(&i), unsafe.Pointer(&i), unsafe.Pointer(&i), unsafe.Pointer(&a[0])}
		var mis int32 = -1
		w64call(t, w64sym(t, "w64_align_"+c.name), w64i32, []Layout{l, w64i32, w64i32, w64i32, w64i32, l}, -1, vals, unsafe.Pointer(&mis))
		if mis != 0 {
			t.Errorf("w64_align_%s: copies at %d and %d modulo %d, want 0 and 0", c.name, mis%1000, mis/1000, c.align)
		}
	}
}
