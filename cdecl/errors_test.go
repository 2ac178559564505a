package cdecl

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

func TestErrors(t *testing.T) {
	// A syntax error names the line and column, what was found and what
	// was expected.
	_, err := Parse("int f(int x;\n")
	var se *SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "<cdecl>:1:") || !strings.Contains(err.Error(), "expected") {
		t.Errorf("syntax error: %v", err)
	}
	_, err = Parse("struct S { int a; };\nstruct S { int b; };\n")
	if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "<cdecl>:2:") {
		t.Errorf("redefinition: %v", err)
	}
	_, err = Parse("unknown_t f(void);")
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("undeclared type name: %v", err)
	}
	// An untyped parameter (a misspelt type name reads so) is refused,
	// with its position.
	d0 := MustParse("double sin(dble);")
	if _, err := d0.Signature("sin"); !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "<cdecl>:1:12:") {
		t.Errorf("old-style parameter list: %v", err)
	}
	// What the front end does not handle yet is an error, not a panic.
	if _, err := Parse("volatile int *counter(void);"); err != nil && !errors.Is(err, ErrSyntax) {
		t.Errorf("volatile result: %v", err)
	}

	d, err := Parse(`
		long double ld(long double);
		__int128 wide(void);
		_Complex double cplx(void);
		#include <stdarg.h>
		int vf(const char *, va_list);
		struct Opaque;
		struct Opaque byval(void);
		int takes_opaque(struct Opaque *);
		struct Aligned { char c; int x __attribute__((aligned(16))); };
		struct Aligned aligned(void);
	`)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]error{
		"wide": ErrUnsupported, "cplx": ErrUnsupported, "vf": ErrUnsupported,
		"byval": ErrIncomplete, "nosuch": ErrNotDeclared,
	} {
		_, err := d.Signature(name)
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
		if ue := (*UnsupportedError)(nil); want == ErrUnsupported && (!errors.As(err, &ue) || ue.Name == "") {
			t.Errorf("%s: %v is not an *UnsupportedError naming the declaration", name, err)
		}
	}
	if sig, err := d.Signature("ld"); err != nil || sig.Restype != types.LongDouble || sig.Argtypes[0] != types.LongDouble {
		t.Errorf("long double ld(long double): %v, %v", sig, err)
	}
	// An over-aligned member is laid out as C does (it was a layout error
	// before types had Field.Align).
	if at, err := d.Type("struct Aligned"); err != nil || at.Size() != 32 || at.Align() != 16 || at.Fields()[1].Offset != 16 {
		t.Errorf("struct Aligned: %v, %v", at, err)
	}
	if _, err := d.Signature("takes_opaque"); err != nil {
		t.Errorf("a pointer to an opaque struct: %v", err)
	}
	for _, name := range []string{"struct Nope", "int int", "int){0}; int x = (int", "", "struct Opaque"} {
		if _, err := d.Type(name); err == nil {
			t.Errorf("Type(%q): no error", name)
		}
	}
	if _, err := Parse("int x;", Flags("-O2")); !errors.Is(err, ErrSyntax) {
		t.Errorf("bad flag: %v", err)
	}
	if _, err := Parse("int x;", Flags("-I")); !errors.Is(err, ErrSyntax) {
		t.Errorf("-I without a directory: %v", err)
	}
	if _, err := ParseFile("/nonexistent/x.h"); !errors.Is(err, ErrSyntax) {
		t.Errorf("missing header: %v", err)
	}
	if _, err := Parse("int x;"); err != nil {
		t.Fatal(err)
	}
}

func TestFuncErrors(t *testing.T) {
	d := MustParse("int f(void); int v;")
	if _, err := d.Func(nil, "f"); err == nil {
		t.Error("Func(nil library): no error")
	}
	if _, err := d.Bind(nil); err == nil {
		t.Error("Bind(nil library): no error")
	}
	if _, err := d.Var(nil, "v"); err == nil {
		t.Error("Var(nil library): no error")
	}
	if _, err := Func(nil, "int f(void)"); err == nil {
		t.Error("cdecl.Func(nil library): no error")
	}
	if _, err := Generate(nil, GenOptions{Header: "x.h"}); err == nil {
		t.Error("Generate(nil): no error")
	}
	if _, err := Generate(d, GenOptions{}); err == nil {
		t.Error("Generate without a header: no error")
	}
	lib := openLib(t, "ctest")
	if _, err := Func(lib, "int no_such_function(void)"); !errors.Is(err, ffi.ErrSymbol) {
		t.Errorf("missing symbol: %v", err)
	}
	if _, err := Func(lib, "struct Complex; int x;"); !errors.Is(err, ErrNotDeclared) {
		t.Errorf("no function: %v", err)
	}
	if _, err := Func(lib, "struct Complex add(struct Complex, struct Complex)"); !errors.Is(err, ErrIncomplete) {
		t.Errorf("incomplete struct by value: %v", err)
	}
}

// TestFlagsAndNoHost reads declarations with -D and -I and without the host
// compiler, as on a machine that has none.
func TestFlagsAndNoHost(t *testing.T) {
	src := "#ifdef WIDE\ntypedef long long num;\n#else\ntypedef int num;\n#endif\nnum twice(num);\nsize_t len(const char *);\nuint8_t u8; bool b; wchar_t w; ssize_t ss; int64_t i64;\n"
	for _, opts := range [][]Option{{NoHostCompiler()}, {}} {
		d, err := Parse(src, append(opts, Flags("-D", "WIDE"))...)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := d.Signature("twice")
		if err != nil || sig.Restype.Size() != 8 {
			t.Errorf("num with -D WIDE: %v %v", sig, err)
		}
		for name, size := range map[string]uintptr{"size_t": 8, "uint8_t": 1, "bool": 1, "wchar_t": 4, "ssize_t": 8, "int64_t": 8} {
			if ty, err := d.Type(name); err != nil || ty.Size() != size {
				t.Errorf("%s: %v %v", name, ty, err)
			}
		}
	}
	// A self-contained header parses without the host compiler, found
	// through -I.
	for _, parse := range []func() (*Decls, error){
		func() (*Decls, error) { return ParseFile("../testdata/ctest.h", NoHostCompiler()) },
		func() (*Decls, error) {
			return Parse("#include \"ctest.h\"\n", NoHostCompiler(), Flags("-I../testdata"))
		},
		func() (*Decls, error) {
			return Parse("#include \"ctest.h\"\n", NoHostCompiler(), Flags("-I", "../testdata"))
		},
	} {
		d, err := parse()
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := d.Signature("tokenize"); err != nil || len(sig.Argtypes) != 3 {
			t.Errorf("tokenize: %v %v", sig, err)
		}
	}
	// A header that needs the system's headers says which one is missing.
	if _, err := Parse("#include <no_such_header.h>\n"); !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "no_such_header.h") {
		t.Errorf("missing include: %v", err)
	}
}

// TestWithoutCompiler runs the package's no-compiler path for real: a
// child test process whose $CC names no compiler and whose $PATH has none.
func TestWithoutCompiler(t *testing.T) {
	if os.Getenv("CDECL_NO_CC_CHILD") == "1" {
		if _, err := hostConfig(); err == nil {
			t.Fatal("the host compiler was found")
		}
		d, err := Parse("size_t f(int8_t, wchar_t *, bool);")
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := d.Signature("f"); err != nil || sig.Restype != types.SizeT || sig.Argtypes[0] != types.Int8 {
			t.Fatalf("f: %v %v", sig, err)
		}
		if _, err := ParseFile("../testdata/ctest.h"); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("#include <stdio.h>\n"); !errors.Is(err, ErrSyntax) {
			t.Fatalf("stdio.h without a compiler's include paths: %v", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWithoutCompiler$", "-test.v")
	cmd.Env = append(os.Environ(), "CDECL_NO_CC_CHILD=1", "CC=/nonexistent/cc", "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestWithoutCompiler") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
