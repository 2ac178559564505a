package types

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/purectypes/ctypes/internal/testenv"
)

// Regression tests for bugs the fuzz targets found (fuzz_test.go).

// A bitfield Value used as the source of a Set gives its own bits, not the
// whole storage unit it shares with its neighbours.
func TestBitfieldAsSource(t *testing.T) {
	s := MustStructOf("S", []Field{Bitfield("a", UInt, 3), Bitfield("b", Int, 5), F("c", Int), F("d", Double)})
	v := New(s)
	if err := v.Field("a").Set(2); err != nil {
		t.Fatal(err)
	}
	if err := v.Field("b").Set(-7); err != nil {
		t.Fatal(err)
	}
	if err := v.Field("c").Set(v.Field("b")); err != nil {
		t.Fatal(err)
	}
	if c, err := v.Field("c").Int(); err != nil || c != -7 {
		t.Errorf("c = b: %d, %v; want -7", c, err)
	}
	if err := v.Field("d").Set(v.Field("a")); err != nil {
		t.Fatal(err)
	}
	if d, err := v.Field("d").Float(); err != nil || d != 2 {
		t.Errorf("d = a: %v, %v; want 2", d, err)
	}
}

// Lengths that run past the end of the address space are ErrRange errors,
// not a panic in unsafe.Slice or a fault.
func TestSpanPastAddressSpace(t *testing.T) {
	hi := ^uintptr(0) - 3 // 4 bytes to the end
	var buf [8]byte
	if _, err := StringAt(hi, 5); !errors.Is(err, ErrRange) {
		t.Errorf("StringAt: %v", err)
	}
	if err := Memset(hi, 0, 5); !errors.Is(err, ErrRange) {
		t.Errorf("Memset: %v", err)
	}
	if err := Memmove(buf[:], hi, 5); !errors.Is(err, ErrRange) {
		t.Errorf("Memmove src: %v", err)
	}
	if err := Memmove(hi, buf[:], 5); !errors.Is(err, ErrRange) {
		t.Errorf("Memmove dst: %v", err)
	}
	if err := FromAddress(Double, hi).Err(); !errors.Is(err, ErrRange) {
		t.Errorf("FromAddress(c_double, %#x): %v", hi, err)
	}
	if err := FromAddress(Int, hi).Err(); err != nil {
		t.Errorf("FromAddress(c_int, %#x), the last 4 bytes: %v", hi, err)
	}
}

// A negative size is an error, not "the default size".
func TestCreateBufferNegativeSize(t *testing.T) {
	for _, f := range []func() (*Value, error){
		func() (*Value, error) { return CreateStringBuffer("abc", -1) },
		func() (*Value, error) { return CreateStringBuffer(-5) },
		func() (*Value, error) { return CreateUnicodeBuffer("abc", -1) },
		func() (*Value, error) { return CreateUnicodeBuffer(-5) },
	} {
		if _, err := f(); !errors.Is(err, ErrRange) {
			t.Errorf("negative size: %v, want ErrRange", err)
		}
	}
	if b, err := CreateStringBuffer("abc", 3); err != nil || b.Len() != 3 {
		t.Errorf("CreateStringBuffer(abc, 3) = %v, %v (ctypes allows no room for the NUL)", b, err)
	}
}

// Sizes no Go allocation can have are errors: New returns an invalid
// Value instead of make's panic, and a struct larger than the address space
// allows is an ErrType error instead of a size that wrapped around.
func TestHugeTypes(t *testing.T) {
	third, err := ArrayOf(Char, int(maxTypeSize/3+1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StructOf("S", []Field{F("a", third), F("b", third), F("c", third)}); !errors.Is(err, ErrType) {
		t.Errorf("a struct over %d bytes: %v, want ErrType", uint64(maxTypeSize), err)
	}
	if ptrSize < 8 {
		testenv.Skip(t, "on 32-bit platforms such sizes fail as out of memory, as make does")
	}
	b, err := ArrayOf(Char, int(^uint(0)>>2))
	if err != nil {
		t.Fatal(err)
	}
	if err := New(b).Err(); !errors.Is(err, ErrRange) {
		t.Errorf("New(%s) = %v, want ErrRange", b, err)
	}
}

// KeepAlive keeps every object it is given, and a pointer stored in a
// packed struct does not displace them (the kept objects had one slot, the
// address after the Value's, which is where a packed pointer field at
// offset 1 keeps its own).
func TestKeepAliveKeepsEverything(t *testing.T) {
	s := MustStructOf("P", []Field{F("c", Char), F("p", VoidP)}, Pack(1))
	v := New(s)
	var freed atomic.Int32
	for i := 0; i < 2; i++ {
		x := new([64]byte) // not pinned: only the Value keeps it
		runtime.AddCleanup(x, func(int) { freed.Add(1) }, i)
		v.KeepAlive(x)
	}
	if err := v.Field("p").Set([]byte("x\x00")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5 && freed.Load() == 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
	if n := freed.Load(); n != 0 {
		t.Errorf("%d objects given to KeepAlive were collected while the Value lives", n)
	}
	runtime.KeepAlive(v)
}

// TestPinningValuesFreed: Values made one after the other, each keeping
// (and so pinning) the next one's memory, are collected once unreachable,
// and what they keep with them. (Values from shared slabs leaked here: a
// pin on one Value's memory kept its slab, the keeping Value and the
// cleanup that unpins among them, alive for ever.)
func TestPinningValuesFreed(t *testing.T) {
	s := MustStructOf("N", []Field{F("p", VoidP), F("x", Int64)})
	var freed atomic.Int32
	const n = 50
	for i := 0; i < n; i++ {
		v, o := New(s), New(s)
		v.KeepAlive(o) // pins o's memory until v's block is collected
		x := new([64]byte)
		runtime.AddCleanup(x, func(int) { freed.Add(1) }, i)
		v.KeepAlive(x)
	}
	for i := 0; i < 100 && freed.Load() < n; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
	if got := freed.Load(); got < n {
		t.Errorf("%d of %d objects kept by unreachable Values were collected", got, n)
	}
}

// A Set of several elements or fields is all or nothing: one value out of
// range leaves every element and field as it was.
func TestAggregateSetAllOrNothing(t *testing.T) {
	arr := MustArrayOf(Byte, 4)
	v := arr.MustNew(1, 2, 3, 4)
	if err := v.Set([]int{9, 9, 300}); !errors.Is(err, ErrRange) {
		t.Fatalf("Set: %v, want ErrRange", err)
	}
	if got := v.Bytes(); got[0] != 1 || got[1] != 2 || got[2] != 3 || got[3] != 4 {
		t.Errorf("a refused array Set changed the memory: %v", got)
	}
	s := MustStructOf("S", []Field{F("p", CharP), F("n", Short), Bitfield("b", UInt, 3)})
	w := s.MustNew("kept", 5, 1)
	if err := w.Set([]any{"new", 6, 8}); !errors.Is(err, ErrRange) {
		t.Fatalf("Set: %v, want ErrRange", err)
	}
	if p, _ := w.Field("p").Str(); p != "kept" {
		t.Errorf("a refused struct Set changed p to %q", p)
	}
	if n, _ := w.Field("n").Int(); n != 5 {
		t.Errorf("a refused struct Set changed n to %d", n)
	}
	if err := w.Set([]any{"new", 6, 7}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	if p, _ := w.Field("p").Str(); p != "new" {
		t.Errorf("p = %q after a Set, want new", p)
	}
}
