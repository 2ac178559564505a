// Command genmatrix writes the signature matrix of the benchmarks package:
// the C source of its test libraries (testdata/matrix.c, testdata/firstuse.c),
// the cgo counterparts that call the same shared object through dlsym
// (benchmarks/matrix_cgo_gen.go, benchmarks/matrix_export_gen.go), the Go
// types and callback bodies both sides share (benchmarks/matrix_gen.go) and
// the tables the ffi side runs (benchmarks/matrix_gen_test.go).
//
// It is deterministic: the same program writes the same files. Run it with
// `go generate ./benchmarks` from the module root.
//
// Every C function computes its result from all of its arguments (an
// order-sensitive hash and a weighted sum), so a misplaced or truncated
// argument changes the result, and every function has a C reference,
// ref_<name>, that calls it with the same arguments the Go side passes and
// returns a digest of the result and of the out-parameters: the check that
// works without cgo.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// kind is a fundamental C type of the matrix.
type kind struct {
	tok    string // spec token: i8 ... f64
	c      string // C type
	gt     string // Go type
	ft     string // types package descriptor
	jt     string // jupiterrider/ffi type
	cg     string // cgo type
	signed bool
	float  bool
}

var kinds = makeKinds()

func makeKinds() map[string]*kind {
	m := map[string]*kind{}
	for _, k := range []*kind{
		{"i8", "int8_t", "int8", "types.Int8", "jffi.TypeSint8", "C.int8_t", true, false},
		{"i16", "int16_t", "int16", "types.Int16", "jffi.TypeSint16", "C.int16_t", true, false},
		{"i32", "int32_t", "int32", "types.Int32", "jffi.TypeSint32", "C.int32_t", true, false},
		{"i64", "int64_t", "int64", "types.Int64", "jffi.TypeSint64", "C.int64_t", true, false},
		{"u8", "uint8_t", "uint8", "types.Uint8", "jffi.TypeUint8", "C.uint8_t", false, false},
		{"u16", "uint16_t", "uint16", "types.Uint16", "jffi.TypeUint16", "C.uint16_t", false, false},
		{"u32", "uint32_t", "uint32", "types.Uint32", "jffi.TypeUint32", "C.uint32_t", false, false},
		{"u64", "uint64_t", "uint64", "types.Uint64", "jffi.TypeUint64", "C.uint64_t", false, false},
		{"f32", "float", "float32", "types.Float", "jffi.TypeFloat", "C.float", true, true},
		{"f64", "double", "float64", "types.Double", "jffi.TypeDouble", "C.double", true, true},
	} {
		m[k.tok] = k
	}
	return m
}

// shape is a C struct of the matrix.
type shape struct {
	name   string
	fields []string // kind tokens
}

// The structs: 1 to 64 bytes, float-only and mixed, in registers and in
// memory (over 16 bytes).
var shapes = []*shape{
	{"SB1", []string{"i8"}},                                                                  // 1 byte
	{"SM3", []string{"u8", "i16"}},                                                           // 4 bytes, padded
	{"SF4", []string{"f32"}},                                                                 // 4, float
	{"SI8", []string{"i32", "i32"}},                                                          // 8, integer
	{"SF8", []string{"f32", "f32"}},                                                          // 8, float
	{"SM12", []string{"f32", "i32", "f32"}},                                                  // 12, mixed
	{"SD16", []string{"f64", "f64"}},                                                         // 16, float (struct Complex)
	{"SM16", []string{"i64", "f64"}},                                                         // 16, one integer and one SSE register
	{"SD24", []string{"f64", "f64", "f64"}},                                                  // 24, in memory
	{"SI32", []string{"i64", "i64", "i64", "i64"}},                                           // 32, in memory
	{"SM40", []string{"i32", "f64", "i16", "f32", "i64", "u8", "f64"}},                       // 40, mixed, in memory
	{"SD64", []string{"f64", "f64", "f64", "f64", "f64", "f64", "f64", "f64"}},               // 64, float
	{"SM64", []string{"i32", "i32", "i32", "i32", "f64", "f64", "f64", "f64", "i64", "i64"}}, // 64, mixed
}

var shapeByName = func() map[string]*shape {
	m := map[string]*shape{}
	for _, s := range shapes {
		m[s.name] = s
	}
	return m
}()

// param is one argument or the result.
type param struct {
	mode string // "val", "in" (const T*), "out" (T* written by C), "vp" (void* to a uint64), "void"
	k    *kind
	s    *shape
}

func parse(tok string) param {
	switch {
	case tok == "void":
		return param{mode: "void"}
	case tok == "vp":
		return param{mode: "vp", k: kinds["u64"]}
	case strings.HasPrefix(tok, "&"):
		p := parse(tok[1:])
		p.mode = "in"
		return p
	case strings.HasPrefix(tok, "*"):
		p := parse(tok[1:])
		p.mode = "out"
		return p
	}
	if k := kinds[tok]; k != nil {
		return param{mode: "val", k: k}
	}
	if s := shapeByName[tok]; s != nil {
		return param{mode: "val", s: s}
	}
	log.Fatalf("bad token %q", tok)
	return param{}
}

// sig is one signature of the matrix.
type sig struct {
	name  string // aNN_tag
	named bool   // a named shape: also run through purego and jupiterrider
	// noPurego: purego v0.11.3 crashes (SIGSEGV in C) on this signature
	// instead of refusing it, so it is not run through purego.
	noPurego bool
	ret      param
	args     []param
	body     string // C body replacing the generic one (named shapes)
}

func mk(tag string, named bool, ret string, args string, body string) *sig {
	s := &sig{named: named, ret: parse(ret), body: body}
	if args != "" {
		for _, a := range strings.Fields(args) {
			s.args = append(s.args, parse(a))
		}
	}
	s.name = fmt.Sprintf("a%02d_%s", len(s.args), tag)
	return s
}

func noPurego(s *sig) *sig { s.noPurego = true; return s }

func rep(tok string, n int) string { return strings.TrimSpace(strings.Repeat(tok+" ", n)) }

var sigs = []*sig{
	// The named shapes.
	mk("sin", true, "f64", "f64", "return sin(a1);"),
	mk("iadd", true, "i32", "i32 i32", "return a1 + a2;"),
	mk("add", true, "SD16", "SD16 SD16", "struct SD16 r = {a1.f0 + a2.f0, a1.f1 + a2.f1}; return r;"),
	mk("sret3d", true, "SD24", "f64 f64 f64", ""),
	mk("frexp", true, "f64", "f64 *i32", "return frexp(a1, a2);"),
	mk("i10d10", true, "f64", rep("i64", 10)+" "+rep("f64", 10), ""),
	noPurego(mk("mixed", true, "i64", "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 &i64 *i32 SM16 f32 f64 vp i32 SD16 u64 *f64", "")),
	// No arguments, one argument of every kind.
	mk("i64", false, "i64", "", ""),
	mk("f64", false, "f64", "", ""),
	mk("void", false, "void", "*i64", ""),
	mk("i8", false, "i8", "i8", ""),
	mk("u8", false, "u8", "u8", ""),
	mk("i16", false, "i16", "i16", ""),
	mk("u16", false, "u16", "u16", ""),
	mk("i32", false, "i32", "u32", ""),
	mk("u32", false, "u32", "i32", ""),
	mk("i64", false, "i64", "i64", ""),
	mk("u64", false, "u64", "u64", ""),
	mk("f32", false, "f32", "f32", ""),
	mk("ptr", false, "f64", "&f64", ""),
	mk("vp", false, "u64", "vp", ""),
	mk("sf8", false, "SF8", "SF8", ""),
	mk("sd64", false, "SD64", "SD64", ""),
	mk("sm64", false, "SM64", "SM64", ""),
	// Two to six.
	mk("ff", false, "f32", "f32 f32", ""),
	mk("id", false, "f64", "i32 f64", ""),
	mk("ui", false, "u32", "u8 i64", ""),
	mk("out", false, "void", "f64 *f64", ""),
	mk("sf4", false, "SF4", "SF4 f32", ""),
	mk("sm16", false, "SM16", "SM16 SM16", ""),
	mk("sm3", false, "SM3", "SM3 u8", ""),
	mk("outs", false, "i32", "SI32 *SD16", ""),
	mk("mix", false, "i64", "i8 f32 u16", ""),
	mk("outs", false, "i32", "*i32 *f64 *u8", ""),
	mk("si8", false, "SI8", "SI8 SI8 i32", ""),
	mk("ints", false, "i32", rep("i32", 4), ""),
	mk("dbl", false, "f64", rep("f64", 4), ""),
	mk("mix", false, "u64", "u64 f32 i16 &i64", ""),
	mk("sm12", false, "SM12", "SM12 f32 i32 f64", ""),
	mk("mix", false, "f64", "i8 u16 f32 f64 *i64", ""),
	mk("sb1", false, "SB1", "SB1 SM3 i8 u8 i16", ""),
	mk("ints", false, "i64", rep("i64", 6), ""),
	mk("dbl", false, "f64", rep("f64", 6), ""),
	mk("mix", false, "f32", "i32 f64 u8 f32 i64 *f32", ""),
	mk("si32", false, "SI32", "SI32 i32 i32 i32 i32 i32", ""),
	mk("sd64", false, "SD64", "SD64 f64 f64 f64 f64 f64", ""),
	mk("sm40", false, "SM40", "SM40 SM16 SF8 i32 f64 *i64", ""),
	// Seven to twenty: stack arguments.
	mk("ints", false, "i32", rep("i32", 7), ""),
	mk("dbl", false, "f64", rep("f64", 8), ""),
	mk("dbl", false, "f64", rep("f64", 9), ""),
	mk("mix", false, "i64", "i8 i16 i32 i64 u8 u16 u32 u64", ""),
	mk("mix", false, "f64", "f32 f64 i32 i64 f32 f64 u16 *i32 &f64 i8", ""),
	mk("ints", false, "i64", rep("i64", 12), ""),
	mk("structs", false, "SM16", "SM16 SD16 SF8 SI8 SM12 SB1 SM3 SF4 i32 f64 f32 i64", ""),
	mk("dbl", false, "f64", rep("f64", 14), ""),
	mk("mix", false, "SD24", rep("i32 f64", 8), ""),
	mk("outs", false, "i32", "*i8 *i16 *i32 *i64 *u8 *u16 *u32 *u64 *f32 *f64 "+rep("i32", 6), ""),
	mk("mix", false, "f32", "u8 i16 f32 u32 i64 f64 "+rep("i32 f32", 6), ""),
	mk("dbl", false, "f64", rep("f64", 20), ""),
	mk("structs", false, "SI32", rep("SD16 SM16", 10), ""),
}

// cbsig is a callback signature: C calls the Go function n times in a loop.
type cbsig struct {
	name  string
	named bool
	n     int // calls (or qsort elements) per benchmark operation
	ret   param
	args  []param
}

func mkcb(tag string, named bool, n int, ret, args string) *cbsig {
	s := &cbsig{named: named, n: n, ret: parse(ret)}
	for _, a := range strings.Fields(args) {
		s.args = append(s.args, parse(a))
	}
	s.name = fmt.Sprintf("a%02d_%s", len(s.args), tag)
	return s
}

var cbsigs = []*cbsig{
	mkcb("intint", true, 1_000_000, "i32", "i32"),
	{name: "a02_qsort", named: true, n: 1_000_000}, // libc qsort of n int32 with a Go comparator
	mkcb("dd", false, 1000, "f64", "f64"),
	mkcb("ff", false, 1000, "f32", "f32 f32"),
	mkcb("mix", false, 1000, "i64", "i8 u16 f64"),
	mkcb("iu", false, 1000, "u64", "i64 u64"),
	mkcb("sd16", false, 1000, "SD16", "SD16"),
	mkcb("sm16", false, 1000, "SM16", "SM16 i32"),
	mkcb("sd24", false, 1000, "SD24", "f64"),
	mkcb("ints", false, 1000, "i32", rep("i32", 6)),
	mkcb("mix", false, 1000, "f64", "i32 f64 i64 f32 u8 f64 i16 f64"),
	mkcb("i5d5", false, 1000, "f64", rep("i64", 5)+" "+rep("f64", 5)),
	mkcb("mix", false, 1000, "i64", "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 SM16 i32"),
	mkcb("i10d10", false, 1000, "f64", rep("i64", 10)+" "+rep("f64", 10)),
	mkcb("i8", false, 1000, "i8", "i8"),
	mkcb("u16", false, 1000, "u16", "u16 u8"),
	mkcb("f32", false, 1000, "f32", "f64"),
	mkcb("sf8", false, 1000, "SF8", "SF8"),
	mkcb("sb1", false, 1000, "SB1", "SB1"),
	mkcb("sm40", false, 1000, "SM40", "SM40 i32"),
	mkcb("sd64", false, 1000, "f64", "SD64"),
	mkcb("structs", false, 1000, "SM12", "SM12 f32 i64 SI8"),
	mkcb("ints", false, 1000, "i64", rep("i64", 7)),
	mkcb("dbl", false, 1000, "f64", rep("f64", 9)),
}

// maxFn is the largest arity of ffi's generated typed bindings (Fn0..Fn20,
// Proc0..Proc20); the typed binding of a longer signature is ffi.BindFunc.
// Raise it when ffi gains longer forms, and go generate.
const maxFn = 20

// rng is a small deterministic generator of argument values.
type rng uint64

func (r *rng) next() uint64 {
	*r = *r*6364136223846793005 + 1442695040888963407
	return uint64(*r >> 11)
}

// value returns a literal of kind k for C and for Go (the same number).
func (r *rng) value(k *kind, small bool) (string, string) {
	v := r.next()
	var s string
	switch k.tok {
	case "i8":
		s = fmt.Sprint(int64(v%201) - 100)
	case "u8":
		s = fmt.Sprint(v % 251)
	case "i16":
		s = fmt.Sprint(int64(v%60001) - 30000)
	case "u16":
		s = fmt.Sprint(v % 65001)
	case "i32":
		if small {
			s = fmt.Sprint(int64(v%20001) - 10000)
		} else {
			s = fmt.Sprint(int64(v%4_000_000_001) - 2_000_000_000)
		}
	case "u32":
		s = fmt.Sprint(v % 4_000_000_001)
	case "i64":
		if small {
			s = fmt.Sprint(int64(v%(1<<41)) - 1<<40)
		} else {
			s = fmt.Sprint(int64(v%(1<<53)) - 1<<52)
		}
	case "u64":
		if small {
			s = fmt.Sprint(v % (1 << 50))
		} else {
			s = fmt.Sprint(v | 1<<63)
		}
	case "f32":
		s = fmt.Sprintf("%.3f", float64(int64(v%16001)-8000)/8)
	case "f64":
		s = fmt.Sprintf("%.6f", float64(int64(v%1_000_001)-500_000)/64)
	}
	c := s
	switch k.tok {
	case "i64":
		c += "LL"
	case "u64":
		c += "ULL"
	case "u32":
		c += "U"
	case "i32":
		if strings.HasPrefix(s, "-") {
			c = "(" + s + ")"
		}
	}
	return c, s
}

func (p param) cType() string {
	base := ""
	if p.s != nil {
		base = "struct " + p.s.name
	} else if p.k != nil {
		base = p.k.c
	}
	switch p.mode {
	case "void":
		return "void"
	case "in":
		return "const " + base + " *"
	case "out":
		return base + " *"
	case "vp":
		return "const void *"
	}
	return base
}

func (p param) goBase() string {
	if p.s != nil {
		return p.s.name
	}
	return p.k.gt
}

func (p param) goType() string {
	switch p.mode {
	case "in", "out":
		return "*" + p.goBase()
	case "vp":
		return "unsafe.Pointer"
	case "void":
		return ""
	}
	return p.goBase()
}

func (p param) ffiType() string {
	var base string
	if p.s != nil {
		base = "t" + p.s.name
	} else if p.k != nil {
		base = p.k.ft
	}
	switch p.mode {
	case "in", "out":
		return "types.PointerTo(" + base + ")"
	case "vp":
		return "types.VoidP"
	case "void":
		return "types.Void"
	}
	return base
}

func (p param) jffiType() string {
	switch p.mode {
	case "in", "out", "vp":
		return "&jffi.TypePointer"
	case "void":
		return "&jffi.TypeVoid"
	}
	if p.s != nil {
		return "&j" + p.s.name
	}
	return "&" + p.k.jt
}

// mix writes the C statements that fold the value e of kind k into h and d.
func mix(b *bytes.Buffer, k *kind, e string, w int) {
	switch {
	case k.float:
		fmt.Fprintf(b, "\th = h * 31 + (uint64_t)(int64_t)((double)(%s) * 8.0); d += (double)(%s) * %d.0;\n", e, e, w)
	case k.signed:
		fmt.Fprintf(b, "\th = h * 31 + (uint64_t)(int64_t)(%s); d += (double)(%s) * %d.0;\n", e, e, w)
	default:
		fmt.Fprintf(b, "\th = h * 31 + (uint64_t)(%s); d += (double)(%s) * %d.0;\n", e, e, w)
	}
}

// result writes the C expression of the value of kind k number j.
func resultExpr(k *kind, j int) string {
	if k.float {
		return fmt.Sprintf("RF(%s, %d)", k.c, j)
	}
	return fmt.Sprintf("RI(%s, %d)", k.c, j)
}

// digest writes the C statements folding value e (of param p's base type) into g.
func digestC(b *bytes.Buffer, p param, e string) {
	if p.s != nil {
		for i, f := range p.s.fields {
			digestC(b, param{mode: "val", k: kinds[f]}, fmt.Sprintf("%s.f%d", e, i))
		}
		return
	}
	switch {
	case p.k.float:
		fmt.Fprintf(b, "\tg = dgf(g, (double)(%s));\n", e)
	case p.k.signed:
		fmt.Fprintf(b, "\tg = dgu(g, (uint64_t)(int64_t)(%s));\n", e)
	default:
		fmt.Fprintf(b, "\tg = dgu(g, (uint64_t)(%s));\n", e)
	}
}

func cProto(name string, ret param, args []param) string {
	var as []string
	for i, a := range args {
		as = append(as, fmt.Sprintf("%s a%d", a.cType(), i+1))
	}
	if len(as) == 0 {
		as = []string{"void"}
	}
	return fmt.Sprintf("%s %s(%s)", ret.cType(), name, strings.Join(as, ", "))
}

func cFnType(ret param, args []param) (string, string) {
	var as []string
	for _, a := range args {
		as = append(as, a.cType())
	}
	if len(as) == 0 {
		as = []string{"void"}
	}
	return ret.cType(), strings.Join(as, ", ")
}

const cHeader = `// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.

// The signature matrix of the benchmarks package: every function computes
// its result from all its arguments (an order-sensitive hash h and a
// weighted sum d), so that a misplaced or truncated argument shows, and
// ref_<name> calls it with the arguments the Go side passes and returns a
// digest of the result and the out-parameters. cb_<name> calls a callback
// n times and digests its results; cbref_<name> does it with a C callback
// computing what the Go callbacks compute.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RI(T, j) ((T)((h ^ (uint64_t)(int64_t)fmod(d, 1e15)) * (2 * (j) + 1) + (j)))
#define RF(T, j) ((T)(fmod(d, 1e6) + (double)((h >> (j)) % 1024) + 0.25 * (j)))

static uint64_t dgu(uint64_t g, uint64_t v) { return (g ^ v) * 1099511628211ULL; }
static uint64_t dgf(uint64_t g, double v) { uint64_t u; memcpy(&u, &v, 8); return dgu(g, u); }
#define DG0 14695981039346656037ULL

`

func structDefsC(b *bytes.Buffer) {
	for _, s := range shapes {
		fmt.Fprintf(b, "struct %s {", s.name)
		for i, f := range s.fields {
			fmt.Fprintf(b, " %s f%d;", kinds[f].c, i)
		}
		b.WriteString(" };\n")
	}
}

// canon holds the canonical argument values of a signature.
type canon struct {
	c, g []string // per argument: C expression and Go expression (for struct/in/out/vp: a variable)
	decl []string // Go declarations before the calls
	cdcl []string // C declarations before the call in ref_
	outs []int    // indices of out-parameters
}

func structLits(r *rng, s *shape, small bool) (string, string) {
	var cs, gs []string
	for i, f := range s.fields {
		c, g := r.value(kinds[f], small)
		cs = append(cs, c)
		gs = append(gs, fmt.Sprintf("F%d: %s", i, g))
	}
	return "{" + strings.Join(cs, ", ") + "}", s.name + "{" + strings.Join(gs, ", ") + "}"
}

func canonical(s *sig, r *rng) canon {
	var cn canon
	for i, a := range s.args {
		v := fmt.Sprintf("a%d", i+1)
		switch a.mode {
		case "val":
			if a.s != nil {
				c, g := structLits(r, a.s, false)
				cn.cdcl = append(cn.cdcl, fmt.Sprintf("struct %s %s = %s;", a.s.name, v, c))
				cn.decl = append(cn.decl, fmt.Sprintf("%s := %s", v, g))
				cn.c = append(cn.c, v)
				cn.g = append(cn.g, v)
				continue
			}
			c, g := r.value(a.k, false)
			if s.name == "a01_sin" {
				c, g = "0.5", "0.5"
			}
			cn.c = append(cn.c, c)
			cn.g = append(cn.g, fmt.Sprintf("%s(%s)", a.k.gt, g))
		case "in", "vp":
			var c, g string
			if a.s != nil {
				c, g = structLits(r, a.s, false)
			} else {
				c, g = r.value(a.k, false)
				g = a.k.gt + "(" + g + ")"
			}
			cn.cdcl = append(cn.cdcl, fmt.Sprintf("static const %s %s = %s;", a.cTypeBase(), v, c))
			cn.c = append(cn.c, "&"+v)
			if a.mode == "vp" {
				// Heap memory: an unsafe.Pointer into the goroutine stack
				// is refused (the stack may move while C holds it).
				cn.decl = append(cn.decl, fmt.Sprintf("%s := onHeap(%s)", v, g))
				cn.g = append(cn.g, "unsafe.Pointer("+v+")")
			} else {
				cn.decl = append(cn.decl, fmt.Sprintf("%s := %s", v, g))
				cn.g = append(cn.g, "&"+v)
			}
		case "out":
			cn.cdcl = append(cn.cdcl, fmt.Sprintf("%s %s; memset(&%s, 0, sizeof %s);", a.cTypeBase(), v, v, v))
			cn.decl = append(cn.decl, fmt.Sprintf("var %s %s", v, a.goBase()))
			cn.c = append(cn.c, "&"+v)
			cn.g = append(cn.g, "&"+v)
			cn.outs = append(cn.outs, i)
		}
	}
	return cn
}

func (p param) cTypeBase() string {
	if p.s != nil {
		return "struct " + p.s.name
	}
	return p.k.c
}

func genC(root string) {
	var b bytes.Buffer
	b.WriteString(cHeader)
	structDefsC(&b)
	b.WriteString("\n")
	r := rng(1)
	for _, s := range sigs {
		cn := canonical(s, &r)
		fmt.Fprintf(&b, "%s {\n", cProto(s.name, s.ret, s.args))
		if s.body != "" {
			fmt.Fprintf(&b, "\t%s\n}\n", s.body)
		} else {
			b.WriteString("\tuint64_t h = 7; double d = 0.5;\n")
			w := 1
			for i, a := range s.args {
				v := fmt.Sprintf("a%d", i+1)
				switch a.mode {
				case "val":
					if a.s != nil {
						for j, f := range a.s.fields {
							mix(&b, kinds[f], fmt.Sprintf("%s.f%d", v, j), w)
							w++
						}
						continue
					}
					mix(&b, a.k, v, w)
				case "in":
					if a.s != nil {
						for j, f := range a.s.fields {
							mix(&b, kinds[f], fmt.Sprintf("%s->f%d", v, j), w)
							w++
						}
						continue
					}
					mix(&b, a.k, "*"+v, w)
				case "vp":
					mix(&b, a.k, "*(const uint64_t *)"+v, w)
				default:
					continue
				}
				w++
			}
			j := 0
			for i, a := range s.args {
				if a.mode != "out" {
					continue
				}
				v := fmt.Sprintf("a%d", i+1)
				if a.s != nil {
					for fi, f := range a.s.fields {
						fmt.Fprintf(&b, "\t%s->f%d = %s;\n", v, fi, resultExpr(kinds[f], j))
						j++
					}
					continue
				}
				fmt.Fprintf(&b, "\t*%s = %s;\n", v, resultExpr(a.k, j))
				j++
			}
			switch {
			case s.ret.mode == "void":
			case s.ret.s != nil:
				fmt.Fprintf(&b, "\tstruct %s r;\n", s.ret.s.name)
				for fi, f := range s.ret.s.fields {
					fmt.Fprintf(&b, "\tr.f%d = %s;\n", fi, resultExpr(kinds[f], j))
					j++
				}
				b.WriteString("\treturn r;\n")
			default:
				fmt.Fprintf(&b, "\treturn %s;\n", resultExpr(s.ret.k, j))
			}
			b.WriteString("}\n")
		}
		// The reference: the same call from C, digested.
		fmt.Fprintf(&b, "uint64_t ref_%s(void) {\n", s.name)
		for _, d := range cn.cdcl {
			fmt.Fprintf(&b, "\t%s\n", d)
		}
		call := fmt.Sprintf("%s(%s)", s.name, strings.Join(cn.c, ", "))
		b.WriteString("\tuint64_t g = DG0;\n")
		if s.ret.mode == "void" {
			fmt.Fprintf(&b, "\t%s;\n", call)
		} else {
			fmt.Fprintf(&b, "\t%s r = %s;\n", s.ret.cType(), call)
			digestC(&b, s.ret, "r")
		}
		for _, i := range cn.outs {
			digestC(&b, s.args[i], fmt.Sprintf("a%d", i+1))
		}
		b.WriteString("\treturn g;\n}\n\n")
	}

	// Callbacks.
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			b.WriteString(qsortC)
			continue
		}
		rt, at := cFnType(s.ret, s.args)
		fmt.Fprintf(&b, "typedef %s (*cbt_%s)(%s);\n", rt, s.name, at)
		// The C twin of the Go callback.
		fmt.Fprintf(&b, "static %s {\n", cProto("cbimpl_"+s.name, s.ret, s.args))
		b.WriteString("\tuint64_t h = 7; double d = 0.5;\n")
		w := 1
		for i, a := range s.args {
			v := fmt.Sprintf("a%d", i+1)
			if a.s != nil {
				for j, f := range a.s.fields {
					mix(&b, kinds[f], fmt.Sprintf("%s.f%d", v, j), w)
					w++
				}
				continue
			}
			mix(&b, a.k, v, w)
			w++
		}
		if s.ret.s != nil {
			fmt.Fprintf(&b, "\tstruct %s r;\n", s.ret.s.name)
			for fi, f := range s.ret.s.fields {
				fmt.Fprintf(&b, "\tr.f%d = %s;\n", fi, cbResultC(kinds[f], fi))
			}
			b.WriteString("\treturn r;\n}\n")
		} else {
			fmt.Fprintf(&b, "\treturn %s;\n}\n", cbResultC(s.ret.k, 0))
		}
		// The loop.
		fmt.Fprintf(&b, "uint64_t cb_%s(cbt_%s fn, int32_t n) {\n\tuint64_t g = DG0;\n", s.name, s.name)
		b.WriteString("\tfor (int32_t i = 0; i < n; i++) {\n")
		var callArgs []string
		for i, a := range s.args {
			v := fmt.Sprintf("a%d", i+1)
			if a.s != nil {
				var fs []string
				for _, f := range a.s.fields {
					c, _ := r.value(kinds[f], true)
					fs = append(fs, varied(kinds[f], c))
				}
				fmt.Fprintf(&b, "\t\tstruct %s %s = {%s};\n", a.s.name, v, strings.Join(fs, ", "))
				callArgs = append(callArgs, v)
				continue
			}
			c, _ := r.value(a.k, true)
			callArgs = append(callArgs, varied(a.k, c))
		}
		fmt.Fprintf(&b, "\t\t%s r = fn(%s);\n", s.ret.cType(), strings.Join(callArgs, ", "))
		var db bytes.Buffer
		digestC(&db, s.ret, "r")
		b.WriteString(strings.ReplaceAll(db.String(), "\tg =", "\t\tg ="))
		b.WriteString("\t}\n\treturn g;\n}\n")
		fmt.Fprintf(&b, "uint64_t cbref_%s(int32_t n) { return cb_%s(cbimpl_%s, n); }\n\n", s.name, s.name, s.name)
	}
	write(filepath.Join(root, "testdata", "matrix.c"), b.Bytes())
}

// varied is the C expression of a callback argument in iteration i.
func varied(k *kind, lit string) string {
	if k.float {
		return fmt.Sprintf("(%s)(%s + i * 0.5)", k.c, lit)
	}
	return fmt.Sprintf("(%s)(%s + i)", k.c, lit)
}

func cbResultC(k *kind, j int) string {
	if k.float {
		return fmt.Sprintf("(%s)(d + (double)(h %% 1024) + 0.25 * %d)", k.c, j)
	}
	return fmt.Sprintf("(%s)(h + (uint64_t)(int64_t)d * 3 + %d)", k.c, j)
}

const qsortC = `// qsort of n int32 with the comparator given; the digest of the sorted
// values (0 if they are not sorted).
static int32_t *qs_data;
static int32_t qs_cap;
uint64_t cb_a02_qsort(int (*cmp)(const void *, const void *), int32_t n) {
	if (n > qs_cap) {
		free(qs_data);
		qs_data = malloc(sizeof(int32_t) * (size_t)n);
		qs_cap = n;
	}
	for (int32_t j = 0; j < n; j++) qs_data[j] = (int32_t)(((uint32_t)j * 7919u) % 1000003u) - 500000;
	qsort(qs_data, (size_t)n, sizeof(int32_t), cmp);
	uint64_t g = DG0;
	for (int32_t j = 0; j < n; j++) {
		if (j > 0 && qs_data[j - 1] > qs_data[j]) return 0;
		if (j % 997 == 0) g = dgu(g, (uint64_t)(int64_t)qs_data[j]);
	}
	return g;
}
static int cbimpl_a02_qsort(const void *a, const void *b) {
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}
uint64_t cbref_a02_qsort(int32_t n) { return cb_a02_qsort(cbimpl_a02_qsort, n); }

// The number of comparisons the sort of n makes (the calls of a callback
// per operation, to report allocations per call).
static int64_t qs_count;
static int cbcount_a02_qsort(const void *a, const void *b) { qs_count++; return cbimpl_a02_qsort(a, b); }
int64_t qsort_compares(int32_t n) {
	qs_count = 0;
	cb_a02_qsort(cbcount_a02_qsort, n);
	return qs_count;
}

`

// ---- Go: shared types and callback bodies ----

func genGoShared(dir string) {
	var b bytes.Buffer
	b.WriteString("// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.\n\npackage benchmarks\n\n")
	b.WriteString("import (\n\t\"unsafe\"\n\n\t\"github.com/purectypes/ctypes/types\"\n)\n\n")
	b.WriteString("var _ unsafe.Pointer\n\n")
	for _, s := range shapes {
		fmt.Fprintf(&b, "// %s has the layout of testdata/matrix.c's struct %s.\ntype %s struct {\n", s.name, s.name, s.name)
		for i, f := range s.fields {
			fmt.Fprintf(&b, "\tF%d %s\n", i, kinds[f].gt)
		}
		b.WriteString("}\n\n")
	}
	b.WriteString("// The C descriptors of the structs.\nvar (\n")
	for _, s := range shapes {
		var fs []string
		for i, f := range s.fields {
			fs = append(fs, fmt.Sprintf("types.F(\"f%d\", %s)", i, kinds[f].ft))
		}
		fmt.Fprintf(&b, "\tt%s = types.MustStructOf(%q, []types.Field{%s})\n", s.name, s.name, strings.Join(fs, ", "))
	}
	b.WriteString(")\n\n")
	// Callback bodies: the Go twins of cbimpl_*.
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			continue
		}
		fmt.Fprintf(&b, "// cbgo_%s computes what testdata/matrix.c's cbimpl_%s computes.\n", s.name, s.name)
		fmt.Fprintf(&b, "func cbgo_%s(%s) %s {\n", s.name, goParams(s.args), s.ret.goType())
		b.WriteString("\th, d := uint64(7), 0.5\n")
		w := 1
		for i, a := range s.args {
			v := fmt.Sprintf("a%d", i+1)
			if a.s != nil {
				for j, f := range a.s.fields {
					mixGo(&b, kinds[f], fmt.Sprintf("%s.F%d", v, j), w)
					w++
				}
				continue
			}
			mixGo(&b, a.k, v, w)
			w++
		}
		if s.ret.s != nil {
			fmt.Fprintf(&b, "\treturn %s{", s.ret.s.name)
			for fi, f := range s.ret.s.fields {
				fmt.Fprintf(&b, "%s, ", cbResultGo(kinds[f], fi))
			}
			b.WriteString("}\n}\n\n")
		} else {
			fmt.Fprintf(&b, "\treturn %s\n}\n\n", cbResultGo(s.ret.k, 0))
		}
	}
	write(filepath.Join(dir, "matrix_gen.go"), b.Bytes())
}

func goParams(args []param) string {
	var ps []string
	for i, a := range args {
		ps = append(ps, fmt.Sprintf("a%d %s", i+1, a.goType()))
	}
	return strings.Join(ps, ", ")
}

func mixGo(b *bytes.Buffer, k *kind, e string, w int) {
	switch {
	case k.float:
		fmt.Fprintf(b, "\th = h*31 + uint64(int64(float64(%s)*8))\n", e)
	case k.signed:
		fmt.Fprintf(b, "\th = h*31 + uint64(int64(%s))\n", e)
	default:
		fmt.Fprintf(b, "\th = h*31 + uint64(%s)\n", e)
	}
	// The explicit conversion rounds the product: no fused multiply-add.
	fmt.Fprintf(b, "\td += float64(float64(%s) * %d)\n", e, w)
}

func cbResultGo(k *kind, j int) string {
	if k.float {
		return fmt.Sprintf("%s(d + float64(h%%1024) + 0.25*%d)", k.gt, j)
	}
	return fmt.Sprintf("%s(h + uint64(int64(d))*3 + %d)", k.gt, j)
}

// ---- Go: cgo counterparts ----

func cgoType(p param) string {
	switch p.mode {
	case "in", "out":
		if p.s != nil {
			return "*C.struct_" + p.s.name
		}
		return "*" + p.k.cg
	case "vp":
		return "unsafe.Pointer"
	}
	if p.s != nil {
		return "C.struct_" + p.s.name
	}
	return p.k.cg
}

// toC converts the Go expression e of param p to its cgo type.
func toC(p param, e string) string {
	switch p.mode {
	case "in", "out":
		return fmt.Sprintf("(%s)(unsafe.Pointer(%s))", cgoType(p), e)
	case "vp":
		return e
	}
	if p.s != nil {
		return fmt.Sprintf("*(*C.struct_%s)(unsafe.Pointer(&%s))", p.s.name, e)
	}
	return fmt.Sprintf("%s(%s)", p.k.cg, e)
}

func fromC(p param, e string) string {
	if p.s != nil {
		return fmt.Sprintf("*(*%s)(unsafe.Pointer(&%s))", p.s.name, e)
	}
	return fmt.Sprintf("%s(%s)", p.k.gt, e)
}

func genCgo(dir string) {
	var b bytes.Buffer
	b.WriteString("// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.\n\n//go:build cgo\n\npackage benchmarks\n\n")
	b.WriteString("/*\n#cgo LDFLAGS: -ldl\n#include <dlfcn.h>\n#include <stdint.h>\n\n")
	structDefsC(&b)
	b.WriteString("\n// Pointers from dlsym into the same shared object the FFIs load, as in cgo.go.\n")
	for _, s := range sigs {
		rt, at := cFnType(s.ret, s.args)
		fmt.Fprintf(&b, "static %s (*p_%s)(%s);\n", rt, s.name, at)
	}
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			b.WriteString("static uint64_t (*pcb_a02_qsort)(int (*)(const void *, const void *), int32_t);\n")
			continue
		}
		rt, at := cFnType(s.ret, s.args)
		fmt.Fprintf(&b, "static uint64_t (*pcb_%s)(%s (*)(%s), int32_t);\n", s.name, rt, at)
	}
	b.WriteString("\nstatic int matrix_load(const char *path) {\n\tvoid *h = dlopen(path, RTLD_NOW);\n\tif (!h) return 0;\n")
	for _, s := range sigs {
		fmt.Fprintf(&b, "\tif (!(p_%s = dlsym(h, %q))) return 0;\n", s.name, s.name)
	}
	for _, s := range cbsigs {
		fmt.Fprintf(&b, "\tif (!(pcb_%s = dlsym(h, %q))) return 0;\n", s.name, "cb_"+s.name)
	}
	b.WriteString("\treturn 1;\n}\n\n")
	for _, s := range sigs {
		var names []string
		for i := range s.args {
			names = append(names, fmt.Sprintf("a%d", i+1))
		}
		ret := "return "
		if s.ret.mode == "void" {
			ret = ""
		}
		fmt.Fprintf(&b, "static %s { %sp_%s(%s); }\n", cProto("call_"+s.name, s.ret, s.args), ret, s.name, strings.Join(names, ", "))
	}
	b.WriteString("\n// The Go callbacks exported to C (matrix_export_gen.go).\n")
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			b.WriteString("extern int goCb_a02_qsort(void *, void *);\n")
			b.WriteString("static uint64_t callcb_a02_qsort(int32_t n) { return pcb_a02_qsort((int (*)(const void *, const void *))goCb_a02_qsort, n); }\n")
			continue
		}
		rt, at := cFnType(s.ret, s.args)
		fmt.Fprintf(&b, "extern %s goCb_%s(%s);\n", rt, s.name, at)
		fmt.Fprintf(&b, "static uint64_t callcb_%s(int32_t n) { return pcb_%s(goCb_%s, n); }\n", s.name, s.name, s.name)
	}
	b.WriteString("*/\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\n")
	b.WriteString(`func init() {
	cgoMatrixLoad = func(path string) error {
		cp := C.CString(path)
		defer C.free(unsafe.Pointer(cp))
		if C.matrix_load(cp) == 0 {
			return fmt.Errorf("cgo baseline: cannot load %s", path)
		}
		return nil
	}
`)
	r := rng(1)
	for _, s := range sigs {
		cn := canonical(s, &r)
		fmt.Fprintf(&b, "\tcgoMatrix[%q] = func(n int) uint64 {\n", s.name)
		for _, d := range cn.decl {
			fmt.Fprintf(&b, "\t\t%s\n", d)
		}
		call := fmt.Sprintf("cgo_%s(%s)", s.name, strings.Join(cn.g, ", "))
		loopAndDigest(&b, s, cn, call, "")
		b.WriteString("\t}\n")
	}
	for _, s := range cbsigs {
		fmt.Fprintf(&b, "\tcgoCallbacks[%q] = func(n int) uint64 { return uint64(C.callcb_%s(C.int32_t(n))) }\n", s.name, s.name)
	}
	b.WriteString("}\n\n")
	for _, s := range sigs {
		var ps, cs []string
		for i, a := range s.args {
			v := fmt.Sprintf("a%d", i+1)
			ps = append(ps, v+" "+a.goType())
			cs = append(cs, toC(a, v))
		}
		call := fmt.Sprintf("C.call_%s(%s)", s.name, strings.Join(cs, ", "))
		if s.ret.mode == "void" {
			fmt.Fprintf(&b, "func cgo_%s(%s) { %s }\n", s.name, strings.Join(ps, ", "), call)
		} else if s.ret.s != nil {
			fmt.Fprintf(&b, "func cgo_%s(%s) %s { r := %s; return %s }\n", s.name, strings.Join(ps, ", "), s.ret.goType(), call, fromC(s.ret, "r"))
		} else {
			fmt.Fprintf(&b, "func cgo_%s(%s) %s { return %s }\n", s.name, strings.Join(ps, ", "), s.ret.goType(), fromC(s.ret, call))
		}
	}
	src := b.Bytes()
	src = bytes.Replace(src, []byte("#include <stdint.h>\n"), []byte("#include <stdint.h>\n#include <stdlib.h>\n"), 1)
	write(filepath.Join(dir, "matrix_cgo_gen.go"), src)

	// The exported callbacks: a preamble of declarations only.
	b.Reset()
	b.WriteString("// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.\n\n//go:build cgo\n\npackage benchmarks\n\n")
	b.WriteString("/*\n#include <stdint.h>\n\n")
	structDefsC(&b)
	b.WriteString("*/\nimport \"C\"\n\nimport \"unsafe\"\n\n")
	b.WriteString(`// goCb_a02_qsort is the qsort comparator, exported to C.
//
//export goCb_a02_qsort
func goCb_a02_qsort(a, b unsafe.Pointer) C.int { return C.int(cmpInt32(a, b)) }

`)
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			continue
		}
		var ps, gs []string
		for i, a := range s.args {
			v := fmt.Sprintf("a%d", i+1)
			ps = append(ps, v+" "+cgoType(a))
			gs = append(gs, fromC(a, v))
		}
		fmt.Fprintf(&b, "// goCb_%s is cbgo_%s, exported to C.\n//\n//export goCb_%s\n", s.name, s.name, s.name)
		fmt.Fprintf(&b, "func goCb_%s(%s) %s {\n", s.name, strings.Join(ps, ", "), cgoType(s.ret))
		fmt.Fprintf(&b, "\tr := cbgo_%s(%s)\n\treturn %s\n}\n\n", s.name, strings.Join(gs, ", "), toC(s.ret, "r"))
	}
	write(filepath.Join(dir, "matrix_export_gen.go"), b.Bytes())
}

// loopAndDigest writes the timed loop around call and the digest after it.
// errs is "err" when call returns (r, err) (or "errv" for (err) only).
func loopAndDigest(b *bytes.Buffer, s *sig, cn canon, call, errs string) {
	void := s.ret.mode == "void"
	var dig []string
	if !void {
		dig = append(dig, "r")
	}
	for _, i := range cn.outs {
		dig = append(dig, fmt.Sprintf("a%d", i+1))
	}
	switch errs {
	case "":
		if void {
			fmt.Fprintf(b, "\t\tfor i := 0; i < n; i++ {\n\t\t\t%s\n\t\t}\n", call)
		} else {
			fmt.Fprintf(b, "\t\tvar r %s\n\t\tfor i := 0; i < n; i++ {\n\t\t\tr = %s\n\t\t}\n", s.ret.goType(), call)
		}
		fmt.Fprintf(b, "\t\treturn digest(%s)\n", strings.Join(dig, ", "))
	}
}

// ---- Go: the ffi side tables ----

func genTest(dir string) {
	var b bytes.Buffer
	// Not on Windows: the matrix loads its library with purego.Dlopen.
	b.WriteString("// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.\n\n//go:build (amd64 || arm64) && (linux || darwin || freebsd)\n\npackage benchmarks\n\n")
	b.WriteString("import (\n\t\"unsafe\"\n\n\t\"github.com/ebitengine/purego\"\n\tjffi \"github.com/jupiterrider/ffi\"\n\t\"github.com/purectypes/ctypes/ffi\"\n\t\"github.com/purectypes/ctypes/types\"\n)\n\n")
	b.WriteString("var (\n\t_ unsafe.Pointer\n\t_ = purego.Dlsym\n\t_ jffi.Type\n)\n\n")
	b.WriteString("// matrixCases are the signatures of testdata/matrix.c, each with its calls\n// through every API; each caller loops n times and returns the digest of\n// the last result and out-parameters (compared with C's ref_<name>).\nvar matrixCases = []matrixCase{\n")
	r := rng(1)
	for _, s := range sigs {
		cn := canonical(s, &r)
		var ats []string
		for _, a := range s.args {
			ats = append(ats, a.ffiType())
		}
		fmt.Fprintf(&b, "\t{\n\t\tname: %q, nargs: %d, named: %v, proto: %q,\n", s.name, len(s.args), s.named, cProto(s.name, s.ret, s.args))
		fmt.Fprintf(&b, "\t\trestype: %s, argtypes: []*types.Type{%s},\n", s.ret.ffiType(), strings.Join(ats, ", "))
		void := s.ret.mode == "void"
		var dig []string
		if !void {
			dig = append(dig, "r")
		}
		for _, i := range cn.outs {
			dig = append(dig, fmt.Sprintf("a%d", i+1))
		}
		decls := func(ind string) {
			for _, d := range cn.decl {
				fmt.Fprintf(&b, "%s%s\n", ind, d)
			}
		}
		args := strings.Join(cn.g, ", ")
		rt := s.ret.goType()
		if void {
			rt = "*types.Value" // what CallAs accepts for a void restype
		}
		// CallAs
		b.WriteString("\t\tcallas: func(f *ffi.Func, n int) (uint64, error) {\n")
		decls("\t\t\t")
		fmt.Fprintf(&b, "\t\t\tvar r %s\n\t\t\tvar err error\n", rt)
		fmt.Fprintf(&b, "\t\t\tfor i := 0; i < n; i++ {\n\t\t\t\tr, err = ffi.CallAs[%s](f, %s)\n\t\t\t}\n", rt, args)
		if void {
			b.WriteString("\t\t\t_ = r\n")
		}
		fmt.Fprintf(&b, "\t\t\treturn digest(%s), err\n\t\t},\n", strings.Join(dig, ", "))
		// Func.Call
		b.WriteString("\t\tcall: func(f *ffi.Func, n int) (uint64, error) {\n")
		decls("\t\t\t")
		b.WriteString("\t\t\tvar res any\n\t\t\tvar err error\n")
		fmt.Fprintf(&b, "\t\t\tfor i := 0; i < n; i++ {\n\t\t\t\tres, err = f.Call(%s)\n\t\t\t}\n", args)
		b.WriteString("\t\t\tif err != nil {\n\t\t\t\treturn 0, err\n\t\t\t}\n")
		if void {
			b.WriteString("\t\t\t_ = res\n")
		} else if s.ret.s != nil {
			fmt.Fprintf(&b, "\t\t\tr, err := fromValue[%s](res)\n\t\t\tif err != nil {\n\t\t\t\treturn 0, err\n\t\t\t}\n", rt)
		} else {
			b.WriteString("\t\t\tr := res\n")
		}
		fmt.Fprintf(&b, "\t\t\treturn digest(%s), nil\n\t\t},\n", strings.Join(dig, ", "))
		// Typed binding.
		var gts []string
		for _, a := range s.args {
			gts = append(gts, a.goType())
		}
		b.WriteString("\t\ttyped: func(lib *ffi.Library, opts ...ffi.BindOption) (func(n int) uint64, error) {\n")
		ftype := fmt.Sprintf("func(%s) %s", strings.Join(gts, ", "), s.ret.goType())
		if len(s.args) <= maxFn {
			if void {
				tps := ""
				if len(gts) > 0 {
					tps = "[" + strings.Join(gts, ", ") + "]"
				}
				fmt.Fprintf(&b, "\t\t\tt, err := ffi.Proc%d%s(lib, %q, opts...)\n", len(s.args), tps, s.name)
			} else {
				fmt.Fprintf(&b, "\t\t\tt, err := ffi.Fn%d[%s](lib, %q, opts...)\n", len(s.args), strings.Join(append([]string{s.ret.goType()}, gts...), ", "), s.name)
			}
		} else {
			fmt.Fprintf(&b, "\t\t\tvar t %s\n\t\t\terr := ffi.BindFunc(lib, %q, &t, opts...)\n", ftype, s.name)
		}
		b.WriteString("\t\t\tif err != nil {\n\t\t\t\treturn nil, err\n\t\t\t}\n\t\t\treturn func(n int) uint64 {\n")
		tcall := fmt.Sprintf("t(%s)", args)
		var lb bytes.Buffer
		loopAndDigest(&lb, s, cn, tcall, "")
		for _, d := range cn.decl {
			fmt.Fprintf(&b, "\t\t\t\t%s\n", d)
		}
		b.WriteString(indent(lb.String(), "\t\t"))
		b.WriteString("\t\t\t}, nil\n\t\t},\n")
		// funcVar writes an implementation that binds the Go func type to a
		// variable t with bind (a statement that sets err) and runs the
		// typed binding's loop through it.
		funcVar := func(field, params, bind string) {
			fmt.Fprintf(&b, "\t\t%s: func(%s) (func(n int) uint64, error) {\n", field, params)
			fmt.Fprintf(&b, "\t\t\tvar t %s\n\t\t\tif err := %s; err != nil {\n\t\t\t\treturn nil, err\n\t\t\t}\n", ftype, bind)
			b.WriteString("\t\t\treturn func(n int) uint64 {\n")
			for _, d := range cn.decl {
				fmt.Fprintf(&b, "\t\t\t\t%s\n", d)
			}
			b.WriteString(indent(lb.String(), "\t\t"))
			b.WriteString("\t\t\t}, nil\n\t\t},\n")
		}
		if s.named {
			// BindFunc: the same binding through reflect.MakeFunc, for a
			// Go func type of any arity.
			funcVar("bindfunc", "lib *ffi.Library", fmt.Sprintf("ffi.BindFunc(lib, %q, &t)", s.name))
		}
		if s.named && !s.noPurego {
			funcVar("purego", "h uintptr", fmt.Sprintf("registerLibFunc(&t, h, %q)", s.name))
		}
		if s.named {
			// jupiterrider/ffi
			b.WriteString("\t\tjffi: func(addr uintptr) (func(n int) uint64, error) {\n")
			var jts []string
			for _, a := range s.args {
				jts = append(jts, a.jffiType())
			}
			used := map[string]bool{}
			for _, p := range append([]param{s.ret}, s.args...) {
				if p.s != nil && p.mode == "val" && !used[p.s.name] {
					used[p.s.name] = true
					var fs []string
					for _, f := range p.s.fields {
						fs = append(fs, "&"+kinds[f].jt)
					}
					fmt.Fprintf(&b, "\t\t\tj%s := jffi.NewType(%s)\n", p.s.name, strings.Join(fs, ", "))
				}
			}
			b.WriteString("\t\t\tcif := new(jffi.Cif)\n")
			fmt.Fprintf(&b, "\t\t\tif st := jffi.PrepCif(cif, jffi.DefaultAbi, %d, %s); st != jffi.OK {\n\t\t\t\treturn nil, jffiError(st)\n\t\t\t}\n",
				len(s.args), strings.Join(append([]string{s.ret.jffiType()}, jts...), ", "))
			b.WriteString("\t\t\treturn func(n int) uint64 {\n")
			for _, d := range cn.decl {
				fmt.Fprintf(&b, "\t\t\t\t%s\n", d)
			}
			var avs []string
			for i, a := range s.args {
				v := fmt.Sprintf("a%d", i+1)
				switch {
				case a.mode == "val" && a.s != nil:
					avs = append(avs, "unsafe.Pointer(&"+v+")")
				case a.mode == "val":
					fmt.Fprintf(&b, "\t\t\t\tv%d := %s\n", i+1, cn.g[i])
					avs = append(avs, fmt.Sprintf("unsafe.Pointer(&v%d)", i+1))
				default:
					fmt.Fprintf(&b, "\t\t\t\tv%d := unsafe.Pointer(%s)\n", i+1, strings.TrimPrefix(strings.TrimSuffix(cn.g[i], ")"), "unsafe.Pointer("))
					avs = append(avs, fmt.Sprintf("unsafe.Pointer(&v%d)", i+1))
				}
			}
			rv := "nil"
			if !void {
				b.WriteString("\t\t\t\tvar rbuf [8]uint64 // libffi widens small integer results to 8 bytes\n")
				rv = "unsafe.Pointer(&rbuf)"
			}
			fmt.Fprintf(&b, "\t\t\t\tfor i := 0; i < n; i++ {\n\t\t\t\t\tjffi.Call(cif, addr, %s, %s)\n\t\t\t\t}\n", rv, strings.Join(avs, ", "))
			if !void {
				fmt.Fprintf(&b, "\t\t\t\tr := *(*%s)(unsafe.Pointer(&rbuf))\n", s.ret.goType())
			}
			fmt.Fprintf(&b, "\t\t\t\treturn digest(%s)\n", strings.Join(dig, ", "))
			b.WriteString("\t\t\t}, nil\n\t\t},\n")
		}
		b.WriteString("\t},\n")
	}
	b.WriteString("}\n\n")

	// Callbacks.
	b.WriteString("// callbackCases are the callback signatures of testdata/matrix.c: C's\n// cb_<name>(fn, n) calls fn n times and digests the results.\nvar callbackCases = []callbackCase{\n")
	for _, s := range cbsigs {
		if s.name == "a02_qsort" {
			b.WriteString(`	{
		name: "a02_qsort", nargs: 2, named: true, n: 1000000, proto: "int cmp(const void *, const void *) (libc qsort of n int32)",
		sig:   types.FuncType(types.Int, types.VoidP, types.VoidP),
		gofn:  cmpInt32,
		dyn:   func(args []any) any { return cmpInt32(anyPointer(args[0]), anyPointer(args[1])) },
		callbackFn: func() (*ffi.Callback, error) {
			return ffi.CallbackFn2[int32, unsafe.Pointer, unsafe.Pointer](cmpInt32)
		},
		typed: func(lib *ffi.Library) (func(n int) uint64, error) {
			t, err := ffi.Fn2[uint64, func(unsafe.Pointer, unsafe.Pointer) int32, int32](lib, "cb_a02_qsort")
			if err != nil {
				return nil, err
			}
			return func(n int) uint64 { return t(cmpInt32, int32(n)) }, nil
		},
	},
`)
			continue
		}
		var ats, gts, dyn []string
		for i, a := range s.args {
			ats = append(ats, a.ffiType())
			gts = append(gts, a.goType())
			if a.s != nil {
				dyn = append(dyn, fmt.Sprintf("mustFromValue[%s](args[%d])", a.s.name, i))
			} else if a.k.float {
				dyn = append(dyn, fmt.Sprintf("%s(anyFloat(args[%d]))", a.k.gt, i))
			} else {
				dyn = append(dyn, fmt.Sprintf("%s(anyInt(args[%d]))", a.k.gt, i))
			}
		}
		var cbproto []string
		for _, a := range s.args {
			cbproto = append(cbproto, a.cType())
		}
		fmt.Fprintf(&b, "\t{\n\t\tname: %q, nargs: %d, named: %v, n: %d, proto: %q,\n", s.name, len(s.args), s.named, s.n,
			fmt.Sprintf("%s cb(%s)", s.ret.cType(), strings.Join(cbproto, ", ")))
		fmt.Fprintf(&b, "\t\tsig:  types.FuncType(%s),\n", strings.Join(append([]string{s.ret.ffiType()}, ats...), ", "))
		fmt.Fprintf(&b, "\t\tgofn: cbgo_%s,\n", s.name)
		ret := fmt.Sprintf("cbgo_%s(%s)", s.name, strings.Join(dyn, ", "))
		if s.ret.s != nil {
			ret = fmt.Sprintf("toValue(t%s, %s)", s.ret.s.name, ret)
		}
		fmt.Fprintf(&b, "\t\tdyn:  func(args []any) any { return %s },\n", ret)
		ftype := fmt.Sprintf("func(%s) %s", strings.Join(gts, ", "), s.ret.goType())
		if s.ret.mode == "void" {
			tps := ""
			if len(gts) > 0 {
				tps = "[" + strings.Join(gts, ", ") + "]"
			}
			fmt.Fprintf(&b, "\t\tcallbackFn: func() (*ffi.Callback, error) { return ffi.CallbackProc%d%s(cbgo_%s) },\n", len(gts), tps, s.name)
		} else {
			fmt.Fprintf(&b, "\t\tcallbackFn: func() (*ffi.Callback, error) { return ffi.CallbackFn%d[%s](cbgo_%s) },\n", len(gts), strings.Join(append([]string{s.ret.goType()}, gts...), ", "), s.name)
		}
		fmt.Fprintf(&b, "\t\ttyped: func(lib *ffi.Library) (func(n int) uint64, error) {\n\t\t\tt, err := ffi.Fn2[uint64, %s, int32](lib, %q)\n", ftype, "cb_"+s.name)
		fmt.Fprintf(&b, "\t\t\tif err != nil {\n\t\t\t\treturn nil, err\n\t\t\t}\n\t\t\treturn func(n int) uint64 { return t(cbgo_%s, int32(n)) }, nil\n\t\t},\n\t},\n", s.name)
	}
	b.WriteString("}\n")
	write(filepath.Join(dir, "matrix_gen_test.go"), b.Bytes())
}

func indent(s, ind string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = ind + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// ---- First use: 1000 distinct functions ----

// FirstUseN is the number of functions of testdata/firstuse.c.
const firstUseN = 1000

func genFirstUse(root string) {
	var b bytes.Buffer
	b.WriteString(`// Code generated by benchmarks/internal/genmatrix; DO NOT EDIT.

// 1000 distinct functions for the first-use benchmark, in four shapes
// (function i has shape i % 4); first_total calls each once with the
// arguments the Go side uses and sums the results.
#include <stdint.h>

`)
	for i := 0; i < firstUseN; i++ {
		k := i + 1
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "int32_t f%04d(int32_t a, int32_t b) { return a * %d + b; }\n", i, k)
		case 1:
			fmt.Fprintf(&b, "double f%04d(double a) { return a * %d.0 + 0.5; }\n", i, k)
		case 2:
			fmt.Fprintf(&b, "int64_t f%04d(int64_t a, int64_t b, int64_t c) { return (a * %d) ^ (b + c); }\n", i, k)
		case 3:
			fmt.Fprintf(&b, "double f%04d(double a, int32_t b) { return a * %d.0 - b; }\n", i, k)
		}
	}
	b.WriteString("\nint64_t first_total(void) {\n\tint64_t t = 0;\n")
	for i := 0; i < firstUseN; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "\tt += f%04d(3, 4);\n", i)
		case 1:
			fmt.Fprintf(&b, "\tt += (int64_t)(f%04d(1.5) * 16);\n", i)
		case 2:
			fmt.Fprintf(&b, "\tt += f%04d(5, 6, 7);\n", i)
		case 3:
			fmt.Fprintf(&b, "\tt += (int64_t)(f%04d(2.5, 3) * 16);\n", i)
		}
	}
	b.WriteString("\treturn t;\n}\n")
	write(filepath.Join(root, "testdata", "firstuse.c"), b.Bytes())
}

func write(path string, src []byte) {
	if strings.HasSuffix(path, ".go") {
		f, err := format.Source(src)
		if err != nil {
			os.WriteFile(path+".broken", src, 0o644)
			log.Fatalf("%s: %v", path, err)
		}
		src = f
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func main() {
	seen := map[string]bool{}
	for _, s := range sigs {
		if seen[s.name] {
			log.Fatalf("two signatures named %s", s.name)
		}
		seen[s.name] = true
	}
	seen = map[string]bool{}
	for _, s := range cbsigs {
		if seen[s.name] {
			log.Fatalf("two callback signatures named %s", s.name)
		}
		seen[s.name] = true
	}
	root := flag.String("root", "..", "the module root (testdata/ is written there)")
	dir := flag.String("dir", ".", "the benchmarks package directory")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genmatrix: ")
	genC(*root)
	genFirstUse(*root)
	genGoShared(*dir)
	genCgo(*dir)
	genTest(*dir)
}
