package cdecl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"strings"
	"testing"

	"fmt"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// notebookOutput is the notebook's printed output of In [15] (as
// examples/ctest checks it), but for the first line, where CPython prints
// <__main__.Complex object at 0x7fba500b1d08> and we print the value.
const notebookOutput = `1-add
 Complex(x=5.0, y=7.0) 5.0 7.0
2-swap
 2.0 7.0 3.0 4.0
3-sum
 32.0
4-titlecase
 b'The Advantages Of Script Languages Over OTHER Languages'
5-tokenize
 8 [b'the', b'advantages', b'of', b'script', b'languages', b'over', b'OTHER', b'languages']
6-mult
 [[81.0, 291.0], [96.0, 356.0]]
`

// notebookDecls are the prototypes the notebook writes in its comments
// (with the last parameter of mult renamed: the notebook's "int n, int r,
// int n" declares n twice, which C refuses), and struct Complex.
var notebook = MustParse(`
struct Complex { double x; double y; };
struct Complex add(struct Complex , struct Complex );
void swap(struct Complex *, struct Complex *);
double sum(double f[], int n);
void titlecase(char *);
int tokenize(char sep, char *str, char t[][20]);
void mult(double a[][100], double b[][100], double c[][100], int n, int r, int m);
`)

// The notebook's In [15] session, from its first comment to the last
// print, blank lines and output left out, is 71 lines: 44 of Python code
// and 27 of comments (6 of them the C prototypes it binds).
const (
	pythonSessionLines = 71
	pythonCodeLines    = 44
)

// ctestFromDecls is examples/ctest written from the declarations alone:
// no Restype, no Argtypes, no Structure definition.
func ctestFromDecls(t *testing.T, w io.Writer, path string) {
	chk := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	py := func(v *types.Value) string { f, err := v.Float(); chk(err); return types.PyFloat(f) }
	str := func(v *types.Value) string { s, err := v.Str(); chk(err); return types.PyBytes([]byte(s)) }
	lib, err := notebook.Dlopen(path)
	chk(err)
	fn := lib.Funcs
	Complex := fn["add"].Restype // struct Complex
	r, err := fn["add"].Call(Complex.MustNew(3.1, 4.2), Complex.MustNew(1.9, 2.8))
	chk(err)
	fmt.Fprintln(w, "1-add\n", r, py(r.(*types.Value).Field("x")), py(r.(*types.Value).Field("y")))
	a, b := Complex.MustNew(3, 4), Complex.MustNew(2, 7)
	_, err = fn["swap"].Call(types.Byref(a), types.Byref(b))
	chk(err)
	fmt.Fprintln(w, "2-swap\n", py(a.Field("x")), py(a.Field("y")), py(b.Field("x")), py(b.Field("y")))
	s, err := fn["sum"].Call([]float64{1, 2, 1, 6, 4, 2, 7, 3, 1, 5}, 10)
	chk(err)
	fmt.Fprintln(w, "3-sum\n", types.PyFloat(s.(float64)))
	name, err := types.CreateStringBuffer("the advantages of script languages over OTHER languages")
	chk(err)
	_, err = fn["titlecase"].Call(name)
	chk(err)
	fmt.Fprintln(w, "4-titlecase\n", str(name))
	res := types.New(types.MustArrayOf(types.MustArrayOf(types.Char, 20), 20))
	n, err := fn["tokenize"].Call(" ", "the advantages of script languages over OTHER languages", res)
	chk(err)
	var tokens []string
	for i := 0; i < int(n.(int64)); i++ {
		tokens = append(tokens, str(res.Index(i)))
	}
	fmt.Fprintln(w, "5-tokenize\n", n, "["+strings.Join(tokens, ", ")+"]")
	arrtype := types.MustArrayOf(types.MustArrayOf(types.Double, 100), 100)
	matA, matB, matC := types.New(arrtype), types.New(arrtype), types.New(arrtype)
	chk(matA.Set([][]float64{{1, 2, 3, 4, 5}, {11, 12, 13, 14, 15}}))
	chk(matB.Set([][]float64{{1, 2}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}))
	_, err = fn["mult"].Call(matA, matB, matC, 2, 5, 2)
	chk(err)
	c := func(i, j int) string { return py(matC.Index(i).Index(j)) }
	fmt.Fprintf(w, "6-mult\n [[%s, %s], [%s, %s]]\n", c(0, 0), c(1, 0), c(0, 1), c(1, 1))
}

func TestCtestFromDeclarations(t *testing.T) {
	var out strings.Builder
	ctestFromDecls(t, &out, cbuild.Test(t, "ctest"))
	if out.String() != notebookOutput {
		t.Errorf("output differs from the notebook's\ngot:\n%s\nwant:\n%s", out.String(), notebookOutput)
	}
	// Count the Go as the Python was counted, blank lines left out: the
	// declarations and the body of ctestFromDecls (without its signature
	// and closing brace, which the Python session has no equivalent of).
	src, err := os.ReadFile("ctest_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "ctest_test.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	count := func(from, to token.Pos) (code, all int) {
		for _, line := range strings.Split(string(src[fset.Position(from).Offset:fset.Position(to).Offset]), "\n") {
			if l := strings.TrimSpace(line); l != "" {
				all++
				if !strings.HasPrefix(l, "//") {
					code++
				}
			}
		}
		return code, all
	}
	var bodyCode, bodyAll, declCode int
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == "ctestFromDecls" {
				bodyCode, bodyAll = count(d.Body.Lbrace+1, d.Body.Rbrace)
			}
		case *ast.GenDecl:
			if vs, ok := d.Specs[0].(*ast.ValueSpec); ok && vs.Names[0].Name == "notebook" {
				declCode, _ = count(d.Pos(), d.End())
			}
		}
	}
	if bodyCode == 0 || declCode == 0 {
		t.Fatal("ctestFromDecls or notebook not found")
	}
	goLines := bodyAll + declCode
	t.Logf("Go: %d lines (%d of code, %d of C declarations, %d comments); the notebook's Python session: %d lines (%d of code)",
		goLines, bodyCode, declCode, bodyAll-bodyCode, pythonSessionLines, pythonCodeLines)
	if goLines >= pythonSessionLines {
		t.Errorf("the Go reproduction has %d lines, the Python session %d", goLines, pythonSessionLines)
	}
}
