package cdecl

import (
	"testing"

	"modernc.org/cc/v4"
)

// FuzzParse feeds arbitrary text to the declarations entry point: it must
// return declarations or an error, never panic or hang, and every function
// and type it declares must convert or give an error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"struct Complex { double x, y; }; struct Complex add(struct Complex a, struct Complex b);",
		"int printf(const char *, ...);",
		"typedef int (*cmp)(const void *, const void *); void qsort(void *, size_t, size_t, cmp);",
		"struct B { unsigned a : 3; unsigned : 0; int c : 7; } __attribute__((packed));",
		"#pragma pack(push, 2)\nstruct P { char c; long long l; };\n#pragma pack(pop)\n",
		"union U { int i; struct { short lo, hi; }; char b[3]; }; union U u(union U);",
		"enum E { A = 1 << 3, B, C = -1 }; #define N 42\nint arr(int a[N][2]);",
		"long double ld(long double);",
		"struct node { struct node *next; int v; }; struct node *head(void);",
		"#define X(a) a a\n#define Y X(X(X(X(1))))\nint y = Y;",
		"int f(int x;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		d, err := Parse(src, NoHostCompiler())
		if err != nil {
			return
		}
		for _, name := range d.Funcs() {
			_, _ = d.Signature(name)
			_, _ = d.Prototype(name)
		}
		for _, c := range d.Constants("") {
			_, _ = d.Type(c.Enum)
		}
		for name, nodes := range d.ast.Scope.Nodes {
			for _, n := range nodes {
				switch x := n.(type) {
				case *cc.Declarator:
					if x.IsTypename() && d.user[x.Position().Filename] {
						_, _ = d.Type(name)
					}
				case *cc.StructOrUnionSpecifier:
					if d.user[x.Position().Filename] {
						_, _ = d.Type("struct " + name)
						_, _ = d.Type("union " + name)
					}
				}
			}
		}
	})
}
