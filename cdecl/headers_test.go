package cdecl

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// realHeader parses an installed header and opens its library.
func realHeader(t *testing.T, header, pkg, libname string) (*Decls, *ffi.Library) {
	t.Helper()
	_, err := os.Stat(header)
	testenv.Require(t, header+" (apt-get install "+pkg+")", err)
	soname, err := ffi.FindLibrary(libname)
	testenv.Require(t, "lib"+libname, err)
	start := time.Now()
	d, err := ParseFile(header)
	if err != nil {
		t.Fatalf("%s: %v", header, err)
	}
	t.Logf("%s: parsed in %v, %d functions declared in it", header, time.Since(start).Round(time.Millisecond), len(d.FuncsIn(header)))
	lib, err := ffi.CDLL(soname)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return d, lib
}

// checkBindsAll checks that every function the header declares that the
// library exports binds, except the ones named in unsupported, which must be
// reported as unsupported (by name, with the reason).
func checkBindsAll(t *testing.T, d *Decls, lib *ffi.Library, header string, unsupported ...string) map[string]*ffi.Func {
	t.Helper()
	funcs, err := d.Bind(lib)
	var be *BindError
	if err != nil && !errors.As(err, &be) {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range unsupported {
		want[n] = true
	}
	var bound, absent int
	for _, name := range d.FuncsIn(header) {
		_, exported := lib.Sym(name)
		switch {
		case funcs[name] != nil:
			bound++
			if want[name] {
				t.Errorf("%s bound, expected unsupported", name)
			}
		case exported != nil:
			absent++ // declared, not in this build of the library
		case be != nil && be.Errs[name] != nil:
			if !want[name] {
				t.Errorf("%s: %v", name, be.Errs[name])
			} else if !errors.Is(be.Errs[name], ErrUnsupported) {
				t.Errorf("%s: %v is not ErrUnsupported", name, be.Errs[name])
			}
			delete(want, name)
		default:
			t.Errorf("%s exported but neither bound nor reported", name)
		}
	}
	var missing []string
	for n := range want {
		missing = append(missing, n)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("expected unsupported, not reported: %v", missing)
	}
	t.Logf("%s: %d functions bound, %d declared but not exported, %d unsupported", header, bound, absent, len(unsupported))
	return funcs
}

func TestZlibHeader(t *testing.T) {
	d, lib := realHeader(t, "/usr/include/zlib.h", "zlib1g-dev", "z")
	funcs := checkBindsAll(t, d, lib, "/usr/include/zlib.h", "gzvprintf")
	if p, _ := d.Prototype("compress"); p != "int compress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)" {
		t.Errorf("compress prototype: %s", p)
	}
	src := bytes.Repeat([]byte("the advantages of script languages over OTHER languages "), 50)
	bound, err := funcs["compressBound"].Call(uint64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, bound.(uint64))
	dstLen := uint64(len(dst))
	ret, err := funcs["compress"].Call(dst, &dstLen, src, uint64(len(src)))
	if zok, _ := d.Const("Z_OK"); err != nil || ret != zok {
		t.Fatalf("compress = %v, %v", ret, err)
	}
	if dstLen >= uint64(len(src)) {
		t.Errorf("compressed %d bytes to %d", len(src), dstLen)
	}
	back := make([]byte, len(src))
	backLen := uint64(len(back))
	ret, err = funcs["uncompress"].Call(back, &backLen, dst[:dstLen], dstLen)
	if err != nil || ret != int64(0) || !bytes.Equal(back[:backLen], src) {
		t.Fatalf("uncompress = %v, %v; round trip equal: %v", ret, err, bytes.Equal(back[:backLen], src))
	}
	// A struct of the header, with the layout the C front end computed.
	zs, err := d.Type("z_stream")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := zs.FieldByName("zalloc"); !ok || f.Type.Kind() != types.KindFunc {
		t.Errorf("z_stream.zalloc: %v %v", f.Type, ok)
	}
	version, err := funcs["zlibVersion"].Call()
	if err != nil || !strings.HasPrefix(version.(string), "1.") {
		t.Errorf("zlibVersion = %v, %v", version, err)
	}
}

func TestSqliteHeader(t *testing.T) {
	d, lib := realHeader(t, "/usr/include/sqlite3.h", "libsqlite3-dev", "sqlite3")
	funcs := checkBindsAll(t, d, lib, "/usr/include/sqlite3.h",
		"sqlite3_vmprintf", "sqlite3_vsnprintf", "sqlite3_str_vappendf")
	var db uintptr
	if ret, err := funcs["sqlite3_open"].Call(":memory:", &db); err != nil || ret != int64(0) {
		t.Fatalf("sqlite3_open = %v, %v", ret, err)
	}
	defer funcs["sqlite3_close"].Call(db)
	// int (*callback)(void*, int, char**, char**): the callback's type comes
	// from the prototype.
	sig, err := d.Signature("sqlite3_exec")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	cb, err := ffi.NewCallback(sig.Argtypes[2], func(a []any) any {
		n := int(a[1].(int64))
		vals := a[2].(*types.Value)
		addr, err := vals.Address()
		if err != nil {
			return 1
		}
		cols := types.FromAddress(types.MustArrayOf(types.CharP, n), addr)
		var row []string
		for i := 0; i < n; i++ {
			s, _ := cols.Index(i).Str()
			row = append(row, s)
		}
		rows = append(rows, strings.Join(row, "|"))
		return 0
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	sql := "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'one'), (2, 'two'); SELECT a, b, a * 21 FROM t ORDER BY a;"
	if ret, err := funcs["sqlite3_exec"].Call(db, sql, cb, nil, nil); err != nil || ret != int64(0) {
		t.Fatalf("sqlite3_exec = %v, %v", ret, err)
	}
	if got := strings.Join(rows, ";"); got != "1|one|21;2|two|42" {
		t.Errorf("rows = %q", got)
	}
}

func TestExpatHeader(t *testing.T) {
	d, lib := realHeader(t, "/usr/include/expat.h", "libexpat1-dev", "expat")
	funcs := checkBindsAll(t, d, lib, "/usr/include/expat.h")
	parser, err := funcs["XML_ParserCreate"].Call(nil)
	if err != nil || parser == uintptr(0) {
		t.Fatalf("XML_ParserCreate = %v, %v", parser, err)
	}
	defer funcs["XML_ParserFree"].Call(parser)
	startT, err := d.Type("XML_StartElementHandler")
	if err != nil {
		t.Fatal(err)
	}
	endT, err := d.Type("XML_EndElementHandler")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []string
	start, err := ffi.NewCallback(startT, func(a []any) any {
		name, _ := a[1].(string)
		attrs, err := a[2].(*types.Value).Address()
		if err != nil {
			return nil
		}
		var kv []string
		for i := 0; ; i++ {
			at := types.FromAddress(types.CharP, attrs+uintptr(i)*types.Sizeof(types.CharP))
			if at.IsNull() {
				break
			}
			s, _ := at.Str()
			kv = append(kv, s)
		}
		mu.Lock()
		events = append(events, "<"+name+strings.Join(append([]string{""}, kv...), " "))
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer start.Free()
	end, err := ffi.NewCallback(endT, func(a []any) any {
		name, _ := a[1].(string)
		mu.Lock()
		events = append(events, "/"+name)
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer end.Free()
	if _, err := funcs["XML_SetElementHandler"].Call(parser, start, end); err != nil {
		t.Fatal(err)
	}
	doc := `<lib name="expat"><fn arity="4">XML_Parse</fn></lib>`
	status, err := funcs["XML_Parse"].Call(parser, doc, len(doc), 1)
	if ok, _ := d.Const("XML_STATUS_OK"); err != nil || status != ok {
		t.Fatalf("XML_Parse = %v, %v", status, err)
	}
	if got := strings.Join(events, ","); got != "<lib name expat,<fn arity 4,/fn,/lib" {
		t.Errorf("events = %q", got)
	}
}

func TestStdioHeader(t *testing.T) {
	d, lib := realHeader(t, "/usr/include/stdio.h", "libc6-dev", "c")
	funcs := checkBindsAll(t, d, lib, "/usr/include/stdio.h",
		"vfprintf", "vprintf", "vsprintf", "vsnprintf", "vdprintf", "vfscanf", "vscanf", "vsscanf")
	buf := make([]byte, 32)
	n, err := funcs["snprintf"].Call(buf, len(buf), "%s=%d", "x", 42)
	if err != nil || n != int64(4) || string(buf[:4]) != "x=42" {
		t.Errorf("snprintf = %v, %v, %q", n, err, buf)
	}
}

// TestTestdataSources reads every C test library of testdata/ from its
// source: each parses, and every function it defines has a signature the
// types package represents and binds in the built library.
func TestTestdataSources(t *testing.T) {
	sources, err := filepath.Glob("../testdata/*.c")
	if err != nil || len(sources) < 6 {
		t.Fatalf("testdata/*.c: %v %v", sources, err)
	}
	for _, src := range sources {
		name := strings.TrimSuffix(filepath.Base(src), ".c")
		t.Run(name, func(t *testing.T) {
			// layout.c hides what the front end cannot lay out behind
			// NO_WIDE_PACKED_BITFIELDS (bitfields wider than 8 bytes).
			d, err := ParseFile(src, Flags("-DNO_WIDE_PACKED_BITFIELDS"))
			if err != nil {
				t.Fatal(err)
			}
			lib := openLib(t, name)
			funcs := d.FuncsIn(src)
			if len(funcs) == 0 { // declared first in its header
				funcs = d.FuncsIn(name + ".h")
			}
			if len(funcs) == 0 {
				t.Fatal("no functions")
			}
			for _, f := range funcs {
				dd, _, _ := d.funcDecl(f)
				if dd.IsStatic() {
					continue
				}
				if _, err := d.Func(lib, f); errors.Is(err, ErrUnsupported) {
					// A type the types package does not have yet (a
					// library added for it, say): named, not silent.
					t.Logf("%s: %v", f, err)
				} else if err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			t.Logf("%s: %d functions bound from the source", src, len(funcs))
		})
	}
}
