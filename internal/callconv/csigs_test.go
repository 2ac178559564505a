package callconv

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The signatures the engines' behaviour tests call (testdata/callconv.c
// of this package, generated from them; not in the repository's testdata/,
// whose every source the cdecl tests parse and bind): C types described once, giving the C source, the
// Layout the engine classifies, and the leaves the tests fill and compare.
//
// Every generated function records the bytes of each argument's members
// as it received them (cc_buf, cc_n), then computes its result from a hash
// of those bytes, records the result's members too and returns it. Each
// driver d<N> builds the arguments of signature N from bytes it is given,
// calls a function pointer of that signature with them (in a new C thread
// when asked) and stores the members of the result it got back.

var updateC = flag.Bool("update", false, "rewrite testdata/callconv.c from the signatures in csigs_test.go")

// cSourcePath is the generated C source, relative to the package.
var cSourcePath = filepath.Join("testdata", "callconv.c")

// ctype is a C type the tests use.
type ctype struct {
	c           string // its C spelling: "int", "struct s3"
	size, align uintptr
	float       bool
	signed      bool
	union       bool
	packed      bool     // __attribute__((packed)): alignment 1, no padding
	fields      []cfield // aggregates
	def         string   // the definition of an aggregate
	overAligned bool     // its type or a member (or one nested) has an aligned attribute
	memberAlign uintptr  // aggregates: the largest alignment of the members
}

// cAligned, in place of an array length in cAgg's fields, gives the
// member that alignment (C's aligned attribute).
type cAligned uintptr

// cfield is a member: n > 0 for an array of n.
type cfield struct {
	name string
	t    *ctype
	n    int
	off  uintptr
}

func (t *ctype) aggregate() bool { return t.fields != nil }

var (
	cChar   = &ctype{c: "signed char", size: 1, align: 1, signed: true}
	cUChar  = &ctype{c: "unsigned char", size: 1, align: 1}
	cShort  = &ctype{c: "short", size: 2, align: 2, signed: true}
	cUShort = &ctype{c: "unsigned short", size: 2, align: 2}
	cInt    = &ctype{c: "int", size: 4, align: 4, signed: true}
	cUInt   = &ctype{c: "unsigned int", size: 4, align: 4}
	cLong   = &ctype{c: "long long", size: 8, align: 8, signed: true}
	cULong  = &ctype{c: "unsigned long long", size: 8, align: 8}
	cPtr    = &ctype{c: "void *", size: 8, align: 8}
	cFloat  = &ctype{c: "float", size: 4, align: 4, float: true}
	cDouble = &ctype{c: "double", size: 8, align: 8, float: true}
	cVoid   = &ctype{c: "void"}

	cScalars = []*ctype{cChar, cUChar, cShort, cUShort, cInt, cUInt, cLong, cULong, cPtr, cFloat, cDouble}
)

// cAgg defines struct (or union) tag with the fields given (type, array
// length: 0 for none), laid out as C does.
func cAgg(tag string, union bool, fields ...any) *ctype {
	kw := "struct"
	if union {
		kw = "union"
	}
	t := &ctype{c: kw + " " + tag, union: union, align: 1}
	var b strings.Builder
	fmt.Fprintf(&b, "%s {", t.c)
	for k := 0; k < len(fields); k += 2 {
		ft, n := fields[k].(*ctype), 0
		falign, attr := ft.align, ""
		switch x := fields[k+1].(type) {
		case int:
			n = x
		case cAligned: // a member of a higher alignment, which the aggregate takes
			falign, attr = uintptr(x), fmt.Sprintf(" __attribute__((aligned(%d)))", x)
			t.overAligned = true
		}
		f := cfield{name: fmt.Sprintf("m%d", k/2), t: ft, n: n}
		size := ft.size * uintptr(max(n, 1))
		if !union {
			t.size = a64AlignUp(t.size, falign)
			f.off = t.size
			t.size += size
		} else {
			t.size = max(t.size, size)
		}
		t.align = max(t.align, falign)
		t.overAligned = t.overAligned || ft.overAligned
		t.fields = append(t.fields, f)
		if n > 0 {
			fmt.Fprintf(&b, " %s %s[%d]%s;", ft.c, f.name, n, attr)
		} else {
			fmt.Fprintf(&b, " %s %s%s;", ft.c, f.name, attr)
		}
	}
	t.memberAlign = t.align
	t.size = a64AlignUp(t.size, t.align)
	b.WriteString(" };")
	t.def = b.String()
	return t
}

// cAlignedType is t with an aligned attribute on its type, raising its
// alignment to align (not its members').
func cAlignedType(t *ctype, align uintptr) *ctype {
	c := *t
	c.align, c.size, c.overAligned = align, a64AlignUp(t.size, align), true
	c.def = strings.TrimSuffix(t.def, ";") + fmt.Sprintf(" __attribute__((aligned(%d)));", align)
	return &c
}

// cLeaf is one scalar member: its C access path below a value, offset and type.
type cLeaf struct {
	path string
	off  uintptr
	t    *ctype
}

// leaves returns the scalar members of t: every member for the Layout
// (all), or only the first member of each union (the members the tests
// fill and record; each union's first member covers it).
func (t *ctype) leaves(path string, off uintptr, all bool, out []cLeaf) []cLeaf {
	if !t.aggregate() {
		return append(out, cLeaf{path, off, t})
	}
	for k, f := range t.fields {
		if t.union && k > 0 && !all {
			break
		}
		if f.n == 0 {
			out = f.t.leaves(path+"."+f.name, off+f.off, all, out)
			continue
		}
		for e := 0; e < f.n; e++ {
			out = f.t.leaves(fmt.Sprintf("%s.%s[%d]", path, f.name, e), off+f.off+uintptr(e)*f.t.size, all, out)
		}
	}
	return out
}

// layout describes t to the engine.
func (t *ctype) layout() Layout {
	if t == cVoid {
		return Layout{Void: true}
	}
	l := Layout{Size: t.size, Align: t.align, Float: t.float, Signed: t.signed}
	if t.aggregate() {
		l.Aggregate, l.MemberAlign = true, t.memberAlign
		for _, lf := range t.leaves("", 0, true, nil) {
			l.Leaves = append(l.Leaves, Leaf{Offset: lf.off, Size: lf.t.size, Float: lf.t.float})
		}
	}
	return l
}

// csig is one signature of testdata/callconv.c: function f<N> and driver d<N>.
type csig struct {
	n    int
	ret  *ctype
	args []*ctype
	note string
}

func (s *csig) name() string { return fmt.Sprintf("f%d", s.n) }

// splitmix is a small deterministic generator (the C source must not
// change with Go's math/rand).
type splitmix uint64

func (r *splitmix) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *splitmix) intn(n int) int { return int(r.next() % uint64(n)) }

// cTypes and cSigs are the types and signatures, made once.
var cTypes, cSigs = makeCSigs()

func makeCSigs() ([]*ctype, []*csig) {
	var types []*ctype
	def := func(t *ctype) *ctype { types = append(types, t); return t }
	hf1 := def(cAgg("hf1", false, cFloat, 0))
	hf2 := def(cAgg("hf2", false, cFloat, 0, cFloat, 0))
	hf3 := def(cAgg("hf3", false, cFloat, 3))
	hf4 := def(cAgg("hf4", false, cFloat, 0, hf2, 0, cFloat, 0))
	hd1 := def(cAgg("hd1", false, cDouble, 0))
	hd2 := def(cAgg("hd2", false, cDouble, 2))
	hd3 := def(cAgg("hd3", false, hd1, 0, hd2, 0))
	hd4 := def(cAgg("hd4", false, hd2, 2))
	f5 := def(cAgg("f5", false, cFloat, 5))             // five floats: no HFA, by reference
	fd := def(cAgg("fd", false, cFloat, 0, cDouble, 0)) // float and double: no HFA
	ufd := def(cAgg("ufd", true, cFloat, 2, cDouble, 0))
	uff := def(cAgg("uff", true, cFloat, 2, hf2, 0))
	uif := def(cAgg("uif", true, cInt, 0, cFloat, 0))
	udl := def(cAgg("udl", true, cDouble, 0, cLong, 0))
	u4f := def(cAgg("u4f", true, hf4, 0, cFloat, 4, hf2, 0))
	ubig := def(cAgg("ubig", true, cChar, 20, cInt, 0))
	big := def(cAgg("big", false, cLong, 3))
	big64 := def(cAgg("big64", false, cLong, 0, cChar, 3, cDouble, 4, cShort, 0, hf2, 2))
	c3 := def(cAgg("c3", false, cChar, 3))
	s12 := def(cAgg("s12", false, cInt, 0, cShort, 0, cChar, 0, cDouble, 0))
	al16 := def(cAgg("al16", false, cLong, cAligned(16), cLong, 0))
	al16f := def(cAgg("al16f", false, cFloat, cAligned(16), cInt, 0))
	al16t := def(cAlignedType(cAgg("al16t", false, cLong, 2), 16))
	hf4t := def(cAlignedType(cAgg("hf4t", false, cFloat, 4), 16))
	hf4m := def(cAgg("hf4m", false, cFloat, cAligned(16), cFloat, 3))

	r := splitmix(13)
	pool := []*ctype{hf1, hf2, hf3, hf4, hd1, hd2, hd3, hd4, f5, fd, ufd, uff, uif, udl, u4f, ubig, big, big64, c3, s12}
	// Mixed structs of 1 to 64 bytes: scalars, arrays and the aggregates above.
	for len(pool) < 60 {
		var fields []any
		for k, nf := 0, 1+r.intn(6); k < nf; k++ {
			var ft *ctype
			if r.intn(4) == 0 {
				ft = pool[r.intn(len(pool))]
			} else {
				ft = cScalars[r.intn(len(cScalars))]
			}
			n := 0
			if r.intn(4) == 0 {
				n = 1 + r.intn(4)
			}
			fields = append(fields, ft, n)
		}
		t := cAgg(fmt.Sprintf("r%d", len(pool)), false, fields...)
		if t.size > 64 {
			continue
		}
		pool = append(pool, def(t))
	}

	var sigs []*csig
	add := func(note string, ret *ctype, args ...*ctype) {
		sigs = append(sigs, &csig{n: len(sigs), ret: ret, args: args, note: note})
	}
	rep := func(t *ctype, n int) []*ctype {
		out := make([]*ctype, n)
		for k := range out {
			out[k] = t
		}
		return out
	}
	add("float HFAs of 1-4 members, nested", hf2, hf1, hf2, hf3, hf4)
	add("double HFAs of 1-4 members, nested", hd4, hd2, hd3, cDouble, hd1)
	add("an HFA that does not fit: on the stack, and the double after it", hd3, append(rep(cDouble, 6), hd3, cDouble)...)
	add("a float HFA on the stack", hf4, append(rep(cFloat, 7), hf2, hf3, cFloat, cInt)...)
	add("no HFAs: five floats, float and double", fd, f5, fd, cFloat)
	add("unions by their members", ufd, ufd, uff, uif, udl, u4f, ubig)
	add("union results: HFA", u4f, cInt)
	add("union results: float and double", uff, ufd)
	add("more than 8 integers, small ones extended", cLong, cChar, cUChar, cShort, cUShort, cInt, cUInt, cLong, cULong, cChar, cShort, cInt, cUChar)
	add("more than 8 floats", cDouble, append(rep(cFloat, 5), append(rep(cDouble, 5), cFloat, cDouble)...)...)
	add("20 arguments", cInt, cChar, cDouble, hf2, cInt, big, cFloat, s12, cLong, hd2, cShort, c3, cPtr, cDouble, uif, cUInt, hf3, cFloat, cLong, ufd, cChar)
	add("indirect results", big, big, cInt)
	add("a 64-byte indirect result", big64, cDouble, big64)
	add("a 3-byte result", c3, c3, c3)
	add("aggregates once the x registers are full", s12, append(rep(cLong, 7), s12, c3, big, cChar)...)
	add("over 256 bytes of stack arguments", cLong, rep(s12, 26)...)
	add("over 4 KB of stack arguments", s12, append(rep(big, 8), rep(s12, 260)...)...)
	add("16-byte aligned aggregates: at even registers, at 16 on the stack (C.8)", al16, cInt, al16, cInt, al16, cInt, al16, al16f)
	add("16-byte aligned aggregates once the x registers are full", al16f, append(rep(cLong, 7), al16, cInt, al16f)...)
	add("an aligned attribute on the type does not count", al16t, append([]*ctype{cInt, al16t, cInt, al16t, cInt, al16t}, cLong, cLong, cInt, al16t)...)
	add("aligned HFAs on the stack", hf4m, append(rep(cFloat, 8), cFloat, hf4t, cFloat, hf4m, cInt)...)
	add("no arguments", cDouble)
	add("void", cVoid, cInt, cFloat)
	// Random signatures of up to 20 arguments.
	all := append(append([]*ctype{}, cScalars...), pool...)
	for len(sigs) < 100 {
		n := r.intn(17)
		var args []*ctype
		for k := 0; k < n; k++ {
			args = append(args, all[r.intn(len(all))])
		}
		ret := cVoid
		if r.intn(8) != 0 {
			ret = all[r.intn(len(all))]
		}
		add("", ret, args...)
	}
	return types, sigs
}

// cPrelude is the fixed part of testdata/callconv.c.
const cPrelude = `// Code generated by TestCallconvSource (internal/callconv/csigs_test.go); DO NOT EDIT.
// Regenerate: go test ./internal/callconv -run TestCallconvSource -update

// Functions of many signatures for the call engines' tests (see
// csigs_test.go): each records the members of its arguments as received,
// and its result, in cc_buf; each driver calls a function pointer of the
// same signature with arguments made from bytes it is given.

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

unsigned char cc_buf[1 << 16];
int cc_n;

static void cc_rec(const void *p, size_t n) {
	memcpy(cc_buf + cc_n, p, n);
	cc_n += (int)n;
}

#define REC(x) cc_rec(&(x), sizeof(x))
#define GET(x) (memcpy(&(x), in, sizeof(x)), in += sizeof(x))
#define PUT(x) (memcpy(out, &(x), sizeof(x)), out += sizeof(x))

static uint64_t cc_hash(void) {
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < cc_n; i++) {
		h ^= cc_buf[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t cc_mix(uint64_t h, int k) {
	h += 0x9e3779b97f4a7c15ull * (uint64_t)(k + 1);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 29);
}

// A float result member: a value a float holds exactly.
#define FMIX(h, k) ((float)(int)(cc_mix(h, k) % 200001 - 100000) / 64)

static void *cc_thread(void *p) {
	void **a = p;
	((void (*)(void *))a[0])(a[1]);
	return 0;
}

// cc_run runs body(arg), in a new thread when thread is set.
static void cc_run(void (*body)(void *), void *arg, int thread) {
	if (!thread) {
		body(arg);
		return;
	}
	void *a[2] = {(void *)body, arg};
	pthread_t t;
	pthread_create(&t, 0, cc_thread, a);
	pthread_join(t, 0);
}

struct ccpair { long long a, b; };
struct cctriple { long long a, b, c; };

// cc_vrec records its variadic arguments as fmt says (i int, l long long,
// d double, p pointer, P struct ccpair, T struct cctriple) and returns a
// hash of all it recorded.
double cc_vrec(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	for (const char *c = fmt; *c; c++) {
		switch (*c) {
		case 'i': { int v = va_arg(ap, int); REC(v); break; }
		case 'l': { long long v = va_arg(ap, long long); REC(v); break; }
		case 'd': { double v = va_arg(ap, double); REC(v); break; }
		case 'p': { void *v = va_arg(ap, void *); REC(v); break; }
		case 'P': { struct ccpair v = va_arg(ap, struct ccpair); REC(v); break; }
		case 'T': { struct cctriple v = va_arg(ap, struct cctriple); REC(v); break; }
		}
	}
	va_end(ap);
	return (double)(cc_hash() % 1000003);
}

// cc_raw0 and cc_raw8 return their first argument (x0) and their ninth
// (the first stack slot) as whole words: how a caller extended a smaller
// integer there.
long long cc_raw0(long long a) { return a; }
long long cc_raw8(long long a0, long long a1, long long a2, long long a3, long long a4, long long a5, long long a6,
	long long a7, long long s) {
	return s;
}

// cc_align64 returns where the copies of its aggregates passed by
// reference lie modulo their alignment: a's (its address in x0) plus 1000
// times b's (its address on the stack).
struct cca64 { _Alignas(64) unsigned char b[24]; };
int cc_align64(struct cca64 a, long long i1, long long i2, long long i3, long long i4, long long i5, long long i6,
	long long i7, struct cca64 b) {
	volatile uintptr_t pa = (uintptr_t)&a, pb = (uintptr_t)&b;
	return (int)(pa % 64) + 1000 * (int)(pb % 64) + (a.b[0] != 1 || b.b[23] != 2 || i7 != 7);
}

struct ccbig { long long x[5]; };
struct cchfa { double a, b, c, d; };

// cc_then_big and cc_then_hfa call cb(k) (which may grow the Go stack)
// and return a result made from k: in memory (x8) and in d0-d3.
struct ccbig cc_then_big(void (*cb)(int), int k) {
	cb(k);
	struct ccbig r;
	for (int i = 0; i < 5; i++)
		r.x[i] = (long long)k * (i + 1) + i;
	return r;
}

struct cchfa cc_then_hfa(void (*cb)(int), int k) {
	cb(k);
	struct cchfa r = {k + 0.5, k * 2.0, -k, k / 4.0};
	return r;
}
`

// cSource returns testdata/callconv.c.
func cSource() string {
	var b strings.Builder
	b.WriteString(cPrelude)
	for _, t := range cTypes {
		fmt.Fprintf(&b, "\n%s", t.def)
	}
	b.WriteString("\n")
	for _, s := range cSigs {
		var params, names []string
		for i, a := range s.args {
			params = append(params, fmt.Sprintf("%s a%d", a.c, i))
			names = append(names, fmt.Sprintf("a%d", i))
		}
		plist := strings.Join(params, ", ")
		if plist == "" {
			plist = "void"
		}
		b.WriteString("\n")
		if s.note != "" {
			fmt.Fprintf(&b, "// %s\n", s.note)
		}
		fmt.Fprintf(&b, "%s f%d(%s) {\n", s.ret.c, s.n, plist)
		for i, a := range s.args {
			for _, lf := range a.leaves(fmt.Sprintf("a%d", i), 0, false, nil) {
				fmt.Fprintf(&b, "\tREC(%s);\n", lf.path)
			}
		}
		if s.ret != cVoid {
			fmt.Fprintf(&b, "\tuint64_t h = cc_hash();\n\t%s r;\n\tmemset(&r, 0, sizeof r);\n", s.ret.c)
			for k, lf := range s.ret.leaves("r", 0, false, nil) {
				switch {
				case lf.t.float:
					fmt.Fprintf(&b, "\t%s = FMIX(h, %d);\n", lf.path, k)
				case lf.t == cPtr:
					fmt.Fprintf(&b, "\t%s = (void *)(uintptr_t)cc_mix(h, %d);\n", lf.path, k)
				default:
					fmt.Fprintf(&b, "\t%s = (%s)cc_mix(h, %d);\n", lf.path, lf.t.c, k)
				}
				fmt.Fprintf(&b, "\tREC(%s);\n", lf.path)
			}
			b.WriteString("\treturn r;\n")
		}
		b.WriteString("}\n")

		// The driver.
		fmt.Fprintf(&b, "struct cc_d%d { %s (*fp)(%s); const unsigned char *in; unsigned char *out; };\n", s.n, s.ret.c, plist)
		fmt.Fprintf(&b, "static void cc_body%d(void *p) {\n\tstruct cc_d%d *d = p;\n\tconst unsigned char *in = d->in;\n\tunsigned char *out = d->out;\n\t(void)in;\n\t(void)out;\n", s.n, s.n)
		for i, a := range s.args {
			fmt.Fprintf(&b, "\t%s a%d;\n\tmemset(&a%d, 0, sizeof a%d);\n", a.c, i, i, i)
			for _, lf := range a.leaves(fmt.Sprintf("a%d", i), 0, false, nil) {
				fmt.Fprintf(&b, "\tGET(%s);\n", lf.path)
			}
		}
		call := fmt.Sprintf("d->fp(%s)", strings.Join(names, ", "))
		if s.ret == cVoid {
			fmt.Fprintf(&b, "\t%s;\n", call)
		} else {
			fmt.Fprintf(&b, "\t%s r = %s;\n", s.ret.c, call)
			for _, lf := range s.ret.leaves("r", 0, false, nil) {
				fmt.Fprintf(&b, "\tPUT(%s);\n", lf.path)
			}
		}
		b.WriteString("}\n")
		fmt.Fprintf(&b, "void d%d(void *fp, const unsigned char *in, unsigned char *out, int thread) {\n", s.n)
		fmt.Fprintf(&b, "\tstruct cc_d%d d = {fp, in, out};\n\tcc_run(cc_body%d, &d, thread);\n}\n", s.n, s.n)
	}
	return b.String()
}

// TestCallconvSource checks that testdata/callconv.c is what the
// signatures above generate (-update rewrites it).
func TestCallconvSource(t *testing.T) {
	path := cSourcePath
	want := cSource()
	if *updateC {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not what csigs_test.go generates: run go test ./internal/callconv -run TestCallconvSource -update", path)
	}
	// Every signature is one the AAPCS64 classifier takes, in both variants.
	for _, s := range cSigs {
		args := make([]Layout, len(s.args))
		for i, a := range s.args {
			args[i] = a.layout()
		}
		for _, apple := range []bool{false, true} {
			if _, err := classifyAAPCS64(s.ret.layout(), args, -1, apple); err != nil {
				t.Errorf("%s (apple %v): %v", s.name(), apple, err)
			}
		}
	}
}
