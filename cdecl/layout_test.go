package cdecl

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

// cLayout compiles a program that includes the header inc and prints, for
// each C type name, sizeof and _Alignof and, for each named field, its
// offset or, for a bitfield, the position of its lowest bit (found by
// setting the field to all ones in a zeroed object). It returns what C
// printed: "T" -> "size align", "T.f" -> "off N" or "bit N".
func cLayout(t *testing.T, inc string, names map[string][]types.Field) map[string]string {
	t.Helper()
	compiler, err := cbuild.Compiler()
	testenv.Require(t, "C compiler", err)
	var b strings.Builder
	// A .c file included may have a main of its own: renamed out of the way.
	fmt.Fprintf(&b, "#include <stdio.h>\n#include <string.h>\n#include <stddef.h>\n#define main included_main\n#include %q\n#undef main\n", inc)
	b.WriteString("static long firstbit(const void *p, size_t n) {\n\tconst unsigned char *b = p;\n\tfor (size_t i = 0; i < n * 8; i++)\n\t\tif (b[i / 8] >> (i % 8) & 1)\n\t\t\treturn (long)i;\n\treturn -1;\n}\n")
	b.WriteString("int main(void) {\n")
	for name, fields := range names {
		fmt.Fprintf(&b, "\tprintf(\"%%s=%%zu %%zu\\n\", %q, sizeof(%s), _Alignof(%s));\n", name, name, name)
		for _, f := range fields {
			if strings.HasPrefix(f.Name, "_") {
				continue // an anonymous member or unnamed bitfield
			}
			if f.Bits > 0 {
				fmt.Fprintf(&b, "\t{ %s v; memset(&v, 0, sizeof v); v.%s = -1; printf(\"%%s.%%s=bit %%ld\\n\", %q, %q, firstbit(&v, sizeof v)); }\n", name, f.Name, name, f.Name)
			} else {
				fmt.Fprintf(&b, "\tprintf(\"%%s.%%s=off %%zu\\n\", %q, %q, offsetof(%s, %s));\n", name, f.Name, name, f.Name)
			}
		}
	}
	b.WriteString("\treturn 0;\n}\n")
	dir := t.TempDir()
	src, exe := filepath.Join(dir, "layout.c"), filepath.Join(dir, "layout")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(compiler, "-w", "-o", exe, src).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s\n%s", compiler, err, out, b.String())
	}
	out, err = exec.Command(exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		got[k] = v
	}
	return got
}

// checkLayouts parses header and compares every named type's layout, as
// the types package built it from the front end's declarations, with what
// the C compiler says.
func checkLayouts(t *testing.T, header string, names []string, opts ...Option) {
	t.Helper()
	d, err := ParseFile(header, opts...)
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]*types.Type{}
	fields := map[string][]types.Field{}
	for _, n := range names {
		ty, err := d.Type(n)
		if err != nil {
			t.Errorf("Type(%q): %v", n, err)
			continue
		}
		built[n] = ty
		fields[n] = ty.Fields()
	}
	abs, _ := filepath.Abs(header)
	c := cLayout(t, abs, fields)
	t.Logf("%s: C printed %d layout facts", header, len(c))
	for n, ty := range built {
		if want, got := c[n], fmt.Sprintf("%d %d", ty.Size(), ty.Align()); want != got {
			t.Errorf("%s: size, align %s in C, %s from the declarations", n, want, got)
		}
		for _, f := range ty.Fields() {
			if strings.HasPrefix(f.Name, "_") {
				continue
			}
			want := c[n+"."+f.Name]
			got := fmt.Sprintf("off %d", f.Offset)
			if f.Bits > 0 {
				got = "bit " + strconv.Itoa(int(f.Offset)*8+f.BitOffset)
			}
			if want != got {
				t.Errorf("%s.%s: %s in C, %s from the declarations", n, f.Name, want, got)
			}
		}
	}
}

func TestLayoutMatchesC(t *testing.T) {
	checkLayouts(t, "../testdata/cdecl.h", []string{
		"struct cd_point", "cd_point", "struct cd_shape", "struct cd_flags", "struct cd_packed",
		"struct cd_packed2", "struct cd_pack2", "struct cd_packbits", "union cd_num", "struct cd_scalars",
		"struct cd_ptrs", "cd_binop", "enum cd_color", "cd_size", "char *[4]", "int (*)(double)",
		"unsigned long long", "size_t", "ssize_t", "wchar_t", "bool", "int8_t", "uint64_t", "intptr_t",
		"long", "double[2][3]",
	})
}

// TestLayoutOfLayoutC reads the structs of testdata/layout.c, the types
// package's own layout test library, from its source.
func TestLayoutOfLayoutC(t *testing.T) {
	checkLayouts(t, "../testdata/layout.c", []string{
		"struct Pad", "struct Nested", "struct WithArray", "union Num", "struct HasUnion", "struct Packed1",
		"struct Packed2", "struct Bits", "struct BitsMixed", "struct BitsZero", "struct Pointers",
		"struct Complex", "struct Tail", "struct Empty2", "union Mixed", "struct PackedStraddle",
	}, Flags("-DNO_WIDE_PACKED_BITFIELDS"))
}
