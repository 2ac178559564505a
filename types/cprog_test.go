package types_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// This file runs C programs that print C's own layout of types (in the
// format of testdata/layoutdump.h) and compares it with this package's.
// The programs are compiled for the platform the tests run on (gcc -m32
// when GOARCH=386) and run as executables, so the tests need no FFI and
// run with CGO_ENABLED=0 on every platform with a C compiler.

var (
	ccOnce sync.Once
	ccArgv []string
	ccErr  error
	ssoErr error // nil when the compiler has GCC's scalar_storage_order
)

// ssoProbe stores 1 in a big-endian int: its last byte must be 1.
const ssoProbe = `struct __attribute__((scalar_storage_order("big-endian"))) S { int x; };
int main(void) { struct S s = {1}; return ((unsigned char *)&s)[sizeof s - 1] == 1 ? 0 : 1; }
`

// cCompiler returns the command line of the C compiler for the running
// GOARCH: $CC (with its flags) or cbuild's compiler, plus -m32 on 386. A
// missing compiler goes through testenv.Require.
func cCompiler(tb testing.TB) []string {
	tb.Helper()
	ccOnce.Do(func() {
		if cc := strings.Fields(os.Getenv("CC")); len(cc) > 0 {
			ccArgv = cc
		} else {
			p, err := cbuild.Compiler()
			if err != nil {
				ccErr = err
				return
			}
			ccArgv = []string{p}
		}
		if runtime.GOARCH == "386" {
			ccArgv = append(ccArgv, "-m32")
		}
		// A probe, so that a compiler that cannot build for this GOARCH (no
		// gcc-multilib for -m32) is told apart from a bad test program.
		dir, err := os.MkdirTemp("", "ctypes-cc")
		if err != nil {
			ccErr = err
			return
		}
		defer os.RemoveAll(dir)
		src := filepath.Join(dir, "probe.c")
		os.WriteFile(src, []byte("#include <stdio.h>\nint main(void) { return printf(\"%d\", (int)sizeof(void *)) < 0; }\n"), 0o644)
		out, err := exec.Command(ccArgv[0], append(ccArgv[1:], "-o", filepath.Join(dir, "probe"), src)...).CombinedOutput()
		if err != nil {
			ccErr = fmt.Errorf("%s cannot build a program for %s: %v\n%s", strings.Join(ccArgv, " "), runtime.GOARCH, err, out)
			return
		}
		out, err = exec.Command(filepath.Join(dir, "probe")).Output()
		if err != nil || string(out) != strconv.Itoa(strconv.IntSize/8) {
			ccErr = fmt.Errorf("%s builds programs with %q-byte pointers for %s (%v)", strings.Join(ccArgv, " "), out, runtime.GOARCH, err)
			return
		}
		sso := filepath.Join(dir, "sso.c")
		os.WriteFile(sso, []byte(ssoProbe), 0o644)
		if out, err := exec.Command(ccArgv[0], append(ccArgv[1:], "-w", "-o", filepath.Join(dir, "sso"), sso)...).CombinedOutput(); err != nil {
			ssoErr = fmt.Errorf("%s: %v\n%s", strings.Join(ccArgv, " "), err, out)
		} else if err := exec.Command(filepath.Join(dir, "sso")).Run(); err != nil {
			ssoErr = fmt.Errorf("%s ignores scalar_storage_order (clang does)", strings.Join(ccArgv, " "))
		}
	})
	what := "C compiler"
	if runtime.GOARCH == "386" {
		what = "32-bit C compiler (gcc -m32: Debian package gcc-multilib)"
	}
	testenv.Require(tb, what, ccErr)
	return ccArgv
}

// cBigEndian returns nil when the C compiler lays out big-endian structs
// (GCC's scalar_storage_order attribute; clang has none), the error
// otherwise. A missing compiler goes through testenv.Require.
func cBigEndian(tb testing.TB) error {
	tb.Helper()
	cCompiler(tb)
	return ssoErr
}

// runC compiles the C program src (which may include testdata headers) and
// returns what it prints.
func runC(tb testing.TB, src []byte) string {
	tb.Helper()
	cc := cCompiler(tb)
	td, err := cbuild.TestdataDir()
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	file, exe := filepath.Join(dir, "prog.c"), filepath.Join(dir, "prog")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		tb.Fatal(err)
	}
	args := append(append([]string{}, cc[1:]...), "-w", "-O0", "-I", td, "-o", exe, file)
	if out, err := exec.Command(cc[0], args...).CombinedOutput(); err != nil {
		tb.Fatalf("%s %s: %v\n%s", cc[0], strings.Join(args, " "), err, out)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(exe)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s: %v\n%s", exe, err, stderr.String())
	}
	return stdout.String()
}

// runCFile is runC for a file in testdata.
func runCFile(tb testing.TB, name string) string {
	tb.Helper()
	td, err := cbuild.TestdataDir()
	if err != nil {
		tb.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(td, name))
	if err != nil {
		tb.Fatal(err)
	}
	return runC(tb, src)
}

// cLayout is what C printed about one type.
type cLayout struct {
	size, align uintptr
	lines       [][]string // the type's field lines, split at tabs
}

func parseLayouts(tb testing.TB, out string) (map[string]*cLayout, []string) {
	tb.Helper()
	all := map[string]*cLayout{}
	var order []string
	var cur *cLayout
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		if f[0] == "type" {
			if len(f) != 4 {
				tb.Fatalf("bad line %q", line)
			}
			size, err1 := strconv.ParseUint(f[2], 10, 64)
			align, err2 := strconv.ParseUint(f[3], 10, 64)
			if err1 != nil || err2 != nil {
				tb.Fatalf("bad line %q", line)
			}
			cur = &cLayout{size: uintptr(size), align: uintptr(align)}
			all[f[1]] = cur
			order = append(order, f[1])
			continue
		}
		if cur == nil {
			tb.Fatalf("field line %q before any type", line)
		}
		cur.lines = append(cur.lines, f)
	}
	return all, order
}

// checkLayout compares typ with what C printed for it: size, alignment,
// the offset of every ordinary field and, for bitfields and the integer and
// float fields C set, the bytes that setting each value gives, what
// reading it back gives, and that a value one past the field's range is
// refused and leaves the memory alone.
func checkLayout(t *testing.T, name string, typ *types.Type, c *cLayout) {
	t.Helper()
	if typ.Size() != c.size {
		t.Errorf("sizeof(%s): C %d, Go %d", name, c.size, typ.Size())
	}
	if typ.Align() != c.align {
		t.Errorf("_Alignof(%s): C %d, Go %d", name, c.align, typ.Align())
	}
	if t.Failed() {
		return // field bytes cannot match either
	}
	seen := map[string]bool{}
	for _, l := range c.lines {
		fname := l[1]
		seen[fname] = true
		f, ok := typ.FieldByName(fname)
		if !ok {
			t.Errorf("%s: C field %q missing in Go", name, fname)
			continue
		}
		switch l[0] {
		case "field":
			off, _ := strconv.ParseUint(l[2], 10, 64)
			if f.Bits != 0 {
				t.Errorf("%s.%s: a bitfield in Go, not in C", name, fname)
			} else if uintptr(off) != f.Offset {
				t.Errorf("offsetof(%s, %s): C %d, Go %d", name, fname, off, f.Offset)
			}
		case "bits", "int":
			checkIntLine(t, name, typ, f, l)
		case "float":
			val, _ := strconv.ParseFloat(l[2], 64)
			v := types.New(typ)
			if err := v.Field(fname).Set(val); err != nil {
				t.Errorf("%s.%s.Set(%v): %v", name, fname, val, err)
			} else if got := hex.EncodeToString(v.Bytes()); got != l[3] {
				t.Errorf("%s.%s = %v: C bytes %s, Go %s", name, fname, val, l[3], got)
			}
		default:
			t.Fatalf("unknown line %q", l)
		}
	}
	for _, f := range typ.Fields() {
		if f.Name != "" && !seen[f.Name] {
			t.Errorf("%s: Go field %q missing in C", name, f.Name)
		}
	}
}

func checkIntLine(t *testing.T, name string, typ *types.Type, f types.Field, l []string) {
	t.Helper()
	if len(l) != 7 {
		t.Fatalf("bad line %q", l)
	}
	w, _ := strconv.Atoi(l[2])
	signed := l[3] == "1"
	u, err := strconv.ParseUint(l[4], 16, 64)
	if err != nil {
		t.Fatalf("bad line %q", l)
	}
	if l[0] == "bits" && f.Bits != w {
		t.Errorf("%s.%s: C width %d, Go %d", name, f.Name, w, f.Bits)
		return
	}
	if l[0] == "int" && f.Bits != 0 {
		t.Errorf("%s.%s: a bitfield in Go, not in C", name, f.Name)
		return
	}
	var x any = u
	if signed {
		x = int64(u<<(64-w)) >> (64 - w)
	}
	v := types.New(typ)
	fv := v.Field(f.Name)
	if err := fv.Set(x); err != nil {
		t.Errorf("%s.%s.Set(%v): %v", name, f.Name, x, err)
		return
	}
	if got := hex.EncodeToString(v.Bytes()); got != l[6] {
		t.Errorf("%s.%s = %v: C bytes %s, Go %s (Offset %d, BitOffset %d)", name, f.Name, x, l[6], got, f.Offset, f.BitOffset)
	}
	back, err := fv.Get()
	if err != nil {
		t.Errorf("%s.%s.Get: %v", name, f.Name, err)
	}
	if b, ok := back.(bool); ok {
		back = 0
		if b {
			back = 1
		}
	}
	if fmt.Sprint(back) != l[5] {
		t.Errorf("%s.%s = %v reads back %v in Go, %s in C", name, f.Name, x, back, l[5])
	}
	if l[0] == "bits" && u == 1 {
		checkBitOffset(t, name, typ, f, v.Bytes())
	}
	// One past the range: refused, and the memory stays as it was.
	if k := f.Type.Kind(); w < 64 && k != types.KindBool && k != types.KindChar { // c_char takes a byte, as in ctypes
		before := bytes.Clone(v.Bytes())
		var over any = uint64(1) << w
		if signed {
			over = int64(1) << (w - 1)
		}
		if err := fv.Set(over); !errors.Is(err, types.ErrRange) {
			t.Errorf("%s.%s.Set(%v) (out of range) = %v, want ErrRange", name, f.Name, over, err)
		}
		if !bytes.Equal(before, v.Bytes()) {
			t.Errorf("%s.%s: a refused Set changed the memory", name, f.Name)
		}
	}
}

// checkBitOffset checks what Field documents: with the value 1 stored, the
// one set bit is bit BitOffset of the storage unit at Offset, read in the
// struct's byte order.
func checkBitOffset(t *testing.T, name string, typ *types.Type, f types.Field, mem []byte) {
	t.Helper()
	unit := int(f.Type.Size())
	if n := (f.BitOffset + f.Bits + 7) / 8; n > unit {
		unit = n
	}
	if f.BitOffset < 0 || f.BitOffset+f.Bits > unit*8 {
		t.Errorf("%s.%s: BitOffset %d of a %d-bit field outside its %d-byte unit", name, f.Name, f.BitOffset, f.Bits, unit)
		return
	}
	i := f.BitOffset / 8
	if typ.IsBigEndian() {
		i = unit - 1 - i
	}
	at := int(f.Offset) + i
	want := make([]byte, len(mem))
	if at < len(want) {
		want[at] = 1 << (f.BitOffset % 8)
	}
	if !bytes.Equal(mem, want) {
		t.Errorf("%s.%s = 1: bytes %x, but Offset %d and BitOffset %d say %x", name, f.Name, mem, f.Offset, f.BitOffset, want)
	}
}
