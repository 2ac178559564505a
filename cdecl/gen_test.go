package cdecl

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// genMain calls the generated bindings of testdata/cdecl.h and prints what
// C returns, one value a line.
const genMain = `package main

import (
	"fmt"
	"os"
	"unsafe"
)

func main() {
	l, err := Load(os.Args[1])
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer l.Close()
	p := l.CdAdd(CdPoint{X: 1, Y: 2}, CdPoint{X: 30, Y: 40})
	fmt.Println(p.X, p.Y)
	fmt.Println(l.CdApply(func(a, b int32) int32 { return a*100 + b }, 7, 9))
	fmt.Println(l.CdSum([]int32{1, 2, 3, 4}, 4))
	fmt.Println(l.CdTrace([][3]float64{{1, 0, 0}, {0, 2, 0}, {0, 0, 3.5}}, 3))
	var f CdFlags
	l.CdFlagsSet(&f, 'd', 4000)
	fmt.Println(l.CdFlagsGet(&f, 'd'), unsafe.Sizeof(f))
	var s CdShape
	s.Kind = 'r'
	s.Corners[1].X, s.Corners[2].Y = 4, 5
	fmt.Println(l.CdShapeArea(&s), unsafe.Offsetof(s.Matrix))
	fmt.Println(l.CdUll(1<<63, 3), l.CdIsEven(10), l.CdNeg(-5), l.CdName(), l.CdNext(CD_GREEN) == CD_BLUE)
	fmt.Println(CD_VERSION, CD_MASK, CD_NEG, CD_BIG, CD_SMALL)
	fmt.Println(l.CdNotInTheLibrary == nil)
}
`

// TestGenerateRuns generates the bindings of testdata/cdecl.h, builds them
// with CGO_ENABLED=0 and runs them against testdata/cdecl.c; what they print
// must be what the same calls through cdecl and ffi.Func return.
func TestGenerateRuns(t *testing.T) {
	// The header, and one more declaration the library does not export.
	d, err := Parse("#include \"cdecl.h\"\nint cd_not_in_the_library(int);\n", Flags("-I../testdata"))
	if err != nil {
		t.Fatal(err)
	}
	funcs := append(d.FuncsIn("cdecl.h"), "cd_not_in_the_library")
	src, err := Generate(d, GenOptions{Package: "main", Library: "libcdecl.so", Header: "cdecl.h", Funcs: funcs})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := format.Source(src); err != nil || !bytes.Equal(f, src) {
		t.Fatalf("generated code is not gofmt-clean (%v)", err)
	}
	for _, want := range []string{
		`//\tstruct cd_point cd_add\(struct cd_point a, struct cd_point b\)`,
		`int cd_sprintf\(char \*buf, size_t size, const char \*format, \.\.\.\): variadic`,
		`union cd_num cd_num_of\(double d\): result: a union by value`,
		`CD_GREEN\s+= 5\s+// enum cd_color`,
		`CD_MASK\s+= 127\n`,
	} {
		if !regexp.MustCompile(want).Match(src) {
			t.Errorf("generated code lacks %s", want)
		}
	}
	if bytes.Contains(src, []byte("CD_NAME")) || bytes.Contains(src, []byte("CD_EXPR")) {
		t.Errorf("a string #define or an expression became a constant")
	}
	lib := cbuild.Test(t, "cdecl")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gen.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(genMain), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goCommand(), "run", filepath.Join(dir, "gen.go"), filepath.Join(dir, "main.go"), lib)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}

	// The same calls, through the declarations and ffi.Func.
	l := openLib(t, "cdecl")
	point, _ := d.Type("struct cd_point")
	p := call(t, d, l, "cd_add", point.MustNew(1, 2), point.MustNew(30, 40)).(*types.Value)
	flagsT, _ := d.Type("struct cd_flags")
	flags := types.New(flagsT)
	call(t, d, l, "cd_flags_set", types.Byref(flags), "d", 4000)
	shapeT, _ := d.Type("struct cd_shape")
	shape := types.New(shapeT)
	_ = shape.Field("kind").Set("r")
	_ = shape.Field("corners").Index(1).Field("x").Set(4)
	_ = shape.Field("corners").Index(2).Field("y").Set(5)
	matrix, _ := shapeT.FieldByName("matrix")
	c := func(name string) int64 { v, _ := d.Const(name); return v }
	want := strings.Join([]string{
		sprint(mustInt(t, p.Field("x")), mustInt(t, p.Field("y"))),
		"709",
		sprint(call(t, d, l, "cd_sum", []int32{1, 2, 3, 4}, 4)),
		"6.5",
		sprint(call(t, d, l, "cd_flags_get", types.Byref(flags), "d"), flagsT.Size()),
		sprint(call(t, d, l, "cd_shape_area", types.Byref(shape)), matrix.Offset),
		sprint(call(t, d, l, "cd_ull", uint64(1)<<63, uint64(3)), call(t, d, l, "cd_is_even", 10), call(t, d, l, "cd_neg", -5),
			call(t, d, l, "cd_name"), true),
		sprint(c("CD_VERSION"), c("CD_MASK"), c("CD_NEG"), c("CD_BIG"), c("CD_SMALL")),
		"true",
	}, "\n") + "\n"
	if string(out) != want {
		t.Errorf("generated bindings printed\n%s\nthe same calls through ffi.Func\n%s", out, want)
	}
}

func sprint(xs ...any) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(fmtAny(x), "\n", "")))
	}
	return b.String()
}

func fmtAny(x any) string { return fmt.Sprint(x) }

// TestGenerateSqlite generates a binding of a few sqlite3 functions and
// runs an sqlite3_exec whose callback is a Go func, through it.
func TestGenerateSqlite(t *testing.T) {
	d, lib := realHeader(t, "/usr/include/sqlite3.h", "libsqlite3-dev", "sqlite3")
	src, err := Generate(d, GenOptions{Package: "main", Library: "libsqlite3.so.0", Header: "/usr/include/sqlite3.h",
		Funcs: []string{"sqlite3_open", "sqlite3_close", "sqlite3_exec", "sqlite3_libversion"}})
	if err != nil {
		t.Fatal(err)
	}
	main := `package main

import (
	"fmt"
	"unsafe"
)

func main() {
	l, err := Load("")
	if err != nil {
		panic(err)
	}
	var db uintptr
	fmt.Println(l.Sqlite3Libversion(), l.Sqlite3Open(":memory:", &db))
	var sum int32
	cb := func(_ unsafe.Pointer, n int32, vals, cols unsafe.Pointer) int32 {
		v := *(**byte)(vals)
		sum += int32(*v - '0')
		return 0
	}
	fmt.Println(l.Sqlite3Exec(unsafe.Pointer(db), "SELECT 2 UNION SELECT 3 UNION SELECT 4", cb, nil, nil), sum)
	fmt.Println(l.Sqlite3Close(unsafe.Pointer(db)))
}
`
	dir := t.TempDir()
	for name, text := range map[string][]byte{"gen.go": src, "main.go": []byte(main)} {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCommand(), "run", filepath.Join(dir, "gen.go"), filepath.Join(dir, "main.go"))
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	version := call(t, d, lib, "sqlite3_libversion")
	if want := fmt.Sprintf("%v 0\n0 9\n0\n", version); string(out) != want {
		t.Errorf("generated sqlite3 binding printed\n%s\nwant\n%s", out, want)
	}
}

// goCommand is the go command running the tests: the one on PATH.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// TestScalarGoLong checks the Go type generated for C's long and unsigned
// long: int and uint where long is Go int's size (a struct field of them
// binds), int32 and uint32 where it is 4 bytes (Win64).
func TestScalarGoLong(t *testing.T) {
	want, uwant := "int", "uint"
	if types.Long.Size() == 4 {
		want, uwant = "int32", "uint32"
	}
	if got := scalarGo(types.Long); got != want {
		t.Errorf("long: %s, want %s", got, want)
	}
	if got := scalarGo(types.ULong); got != uwant {
		t.Errorf("unsigned long: %s, want %s", got, uwant)
	}
	if got := scalarGo(types.SizeT); got != "uint" {
		t.Errorf("size_t: %s, want uint", got)
	}
}
