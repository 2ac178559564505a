package types_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/purectypes/ctypes/types"
)

// This file generates random struct and union declarations, both as C
// source and as this package's types, for the layout tests and fuzz
// targets (layoutgen_test.go, fuzz_test.go).

// chooser is a source of choices: a seeded generator, or a fuzz input.
type chooser interface {
	IntN(n int) int
}

// byteChooser makes its choices from a fuzz input's bytes, then zeros.
type byteChooser struct{ b []byte }

func (c *byteChooser) IntN(n int) int {
	if n <= 1 {
		return 0
	}
	var x uint32
	for i := 0; i < 2 && len(c.b) > 0; i++ {
		x = x<<8 | uint32(c.b[0])
		c.b = c.b[1:]
	}
	return int(x % uint32(n))
}

func (c *byteChooser) Uint64() uint64 {
	var x uint64
	for i := 0; i < 8 && len(c.b) > 0; i++ {
		x = x<<8 | uint64(c.b[0])
		c.b = c.b[1:]
	}
	return x
}

// genScalar is a C scalar type and its Go description.
type genScalar struct {
	c        string
	t        *types.Type
	bitfield bool // allowed as a bitfield type
	pointer  bool
}

var genScalars = []genScalar{
	{"_Bool", types.Bool, true, false},
	{"char", types.Char, false, false},
	{"signed char", types.Byte, true, false},
	{"unsigned char", types.UByte, true, false},
	{"short", types.Short, true, false},
	{"unsigned short", types.UShort, true, false},
	{"int", types.Int, true, false},
	{"unsigned int", types.UInt, true, false},
	{"long", types.Long, true, false},
	{"unsigned long", types.ULong, true, false},
	{"long long", types.LongLong, true, false},
	{"unsigned long long", types.ULongLong, true, false},
	{"wchar_t", types.WChar, true, false},
	{"float", types.Float, false, false},
	{"double", types.Double, false, false},
	{"void *", types.VoidP, false, true},
}

type genField struct {
	name    string // "" for an unnamed bitfield
	cdecl   string // the C declaration, without the ';'
	def     types.Field
	kind    string // "bits", "int", "float", "bool" or "other": what the C dump prints
	scalarT *types.Type
}

type genStruct struct {
	name   string
	union  bool
	pack   int
	big    bool
	fields []genField
	typ    *types.Type
}

// genStructs returns n random declarations; later ones may nest earlier
// ones of the same byte order. Big-endian ones only when big is set.
func genStructs(r chooser, n int, prefix string, big bool) ([]*genStruct, error) {
	var out []*genStruct
	for i := 0; i < n; i++ {
		s := genOne(r, fmt.Sprintf("%s%d", prefix, i), out, big)
		var opts []types.Option
		if s.pack > 0 {
			opts = append(opts, types.Pack(s.pack))
		}
		if s.big {
			opts = append(opts, types.BigEndian())
		}
		defs := make([]types.Field, len(s.fields))
		for j, f := range s.fields {
			defs[j] = f.def
		}
		var err error
		if s.union {
			s.typ, err = types.UnionOf(s.name, defs, opts...)
		} else {
			s.typ, err = types.StructOf(s.name, defs, opts...)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", s.name, err, s.cSource())
		}
		out = append(out, s)
	}
	return out, nil
}

func genOne(r chooser, name string, earlier []*genStruct, big bool) *genStruct {
	s := &genStruct{name: name, union: r.IntN(6) == 0, big: r.IntN(3) == 0 && big}
	s.pack = []int{0, 0, 0, 1, 1, 2, 4, 8, 16}[r.IntN(9)]
	nf := 1 + r.IntN(8)
	named := 0
	for j := 0; j < nf; j++ {
		fname := fmt.Sprintf("f%d", j)
		var f genField
		switch k := r.IntN(10); {
		case k < 5: // a bitfield
			sc := genScalars[r.IntN(len(genScalars))]
			for !sc.bitfield {
				sc = genScalars[r.IntN(len(genScalars))]
			}
			max := int(sc.t.Size() * 8)
			if sc.t == types.Bool {
				max = 1
			}
			w := 1 + r.IntN(max)
			if r.IntN(2) == 0 {
				w = 1 + r.IntN(min(max, 9))
			}
			switch {
			case r.IntN(12) == 0:
				f = genField{cdecl: sc.c + " : 0", def: types.Bitfield("", sc.t, 0), kind: "none"}
			case r.IntN(10) == 0:
				f = genField{cdecl: fmt.Sprintf("%s : %d", sc.c, w), def: types.Bitfield("", sc.t, w), kind: "none"}
			default:
				f = genField{name: fname, cdecl: fmt.Sprintf("%s %s : %d", sc.c, fname, w),
					def: types.Bitfield(fname, sc.t, w), kind: "bits", scalarT: sc.t}
			}
		case k < 8: // a scalar
			sc := genScalars[r.IntN(len(genScalars))]
			for sc.pointer && s.big {
				sc = genScalars[r.IntN(len(genScalars))]
			}
			f = genField{name: fname, cdecl: sc.c + " " + fname, def: types.F(fname, sc.t), kind: "int", scalarT: sc.t}
			switch {
			case sc.t.Kind().IsFloat():
				f.kind = "float"
			case sc.t == types.Bool || sc.pointer:
				f.kind = "other"
			}
		case k < 9: // an array of scalars
			sc := genScalars[r.IntN(len(genScalars))]
			for sc.pointer && s.big {
				sc = genScalars[r.IntN(len(genScalars))]
			}
			n := 1 + r.IntN(4)
			f = genField{name: fname, cdecl: fmt.Sprintf("%s %s[%d]", sc.c, fname, n),
				def: types.F(fname, types.MustArrayOf(sc.t, n)), kind: "other"}
		default: // an earlier struct of the same byte order
			var same []*genStruct
			for _, e := range earlier {
				if e.big == s.big {
					same = append(same, e)
				}
			}
			if len(same) == 0 {
				f = genField{name: fname, cdecl: "int " + fname, def: types.F(fname, types.Int), kind: "int", scalarT: types.Int}
				break
			}
			e := same[r.IntN(len(same))]
			kw := "struct"
			if e.union {
				kw = "union"
			}
			f = genField{name: fname, cdecl: fmt.Sprintf("%s %s %s", kw, e.name, fname), def: types.F(fname, e.typ), kind: "other"}
		}
		if f.name != "" {
			named++
		}
		s.fields = append(s.fields, f)
	}
	if named == 0 {
		s.fields = append(s.fields, genField{name: "last", cdecl: "int last", def: types.F("last", types.Int), kind: "int", scalarT: types.Int})
	}
	return s
}

// cSource returns the C declaration of s.
func (s *genStruct) cSource() string {
	var b strings.Builder
	if s.pack > 0 {
		fmt.Fprintf(&b, "#pragma pack(push, %d)\n", s.pack)
	}
	kw := "struct"
	if s.union {
		kw = "union"
	}
	attr := ""
	if s.big {
		attr = `__attribute__((scalar_storage_order("big-endian"))) `
	}
	fmt.Fprintf(&b, "%s %s%s {", kw, attr, s.name)
	for _, f := range s.fields {
		fmt.Fprintf(&b, " %s;", f.cdecl)
	}
	b.WriteString(" };\n")
	if s.pack > 0 {
		b.WriteString("#pragma pack(pop)\n")
	}
	return b.String()
}

// cDump returns the statements that print s's layout (layoutdump.h).
func (s *genStruct) cDump() string {
	kw := "struct"
	if s.union {
		kw = "union"
	}
	T := kw + " " + s.name
	var b strings.Builder
	fmt.Fprintf(&b, "    LD_TYPE(%s, %q);\n", T, s.name)
	for _, f := range s.fields {
		switch f.kind {
		case "bits":
			fmt.Fprintf(&b, "    LD_BITS(%s, %s);\n", T, f.name)
		case "int":
			fmt.Fprintf(&b, "    LD_FIELD(%s, %s); LD_INT(%s, %s);\n", T, f.name, T, f.name)
		case "float":
			fmt.Fprintf(&b, "    LD_FIELD(%s, %s); LD_FLOAT(%s, %s, -1.25e3);\n", T, f.name, T, f.name)
		case "other":
			fmt.Fprintf(&b, "    LD_FIELD(%s, %s);\n", T, f.name)
		}
	}
	return b.String()
}

// cProgram returns a C program that prints the layout of every struct.
func cProgram(all []*genStruct) []byte {
	var b strings.Builder
	b.WriteString("#include <wchar.h>\n#include \"layoutdump.h\"\n\n")
	for _, s := range all {
		b.WriteString(s.cSource())
	}
	b.WriteString("\nint main(void) {\n")
	for _, s := range all {
		b.WriteString(s.cDump())
	}
	b.WriteString("    return 0;\n}\n")
	return []byte(b.String())
}

// seeded returns a seeded generator.
func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
