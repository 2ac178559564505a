package callconv

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// The oracle's signatures and its C checker, testdata/oracle.c, generated
// from them (committed: no C compiler runs inside Wine, where
// scripts/test-windows.sh builds it beforehand; TestOracleSource checks it
// is up to date, -update rewrites it). The C types are csigs_test.go's
// (ctype, cAgg), so both generators describe C the same way.
//
// The signatures are every one of the benchmark matrix (its calls and its
// callbacks, read from benchmarks/internal/genmatrix/main.go, the matrix's
// own description) and random ones drawn from a fixed seed: scalars of
// every size and signedness, pointers, structs and unions of 1 to 64 bytes
// with mixed members, arrays in structs, float and double structs (HFAs and
// near misses), packed structs, 0 to 20 arguments, and variadic functions.
//
// For signature N, oracle.c has
//   - o<N>, which records the bytes of the members of each argument as it
//     received them (oc_buf), computes its result from a hash of those
//     bytes, records the result's members too and returns it;
//   - d<N> (not for variadic signatures), which builds the arguments of
//     signature N from bytes it is given, calls a function pointer of that
//     signature with them and stores the members of the result it got back.
//
// oracle_test.go drives both through the engine and through libffi.

// oracleSourcePath is the generated checker, relative to the package.
var oracleSourcePath = filepath.Join("testdata", "oracle.c")

// matrixSource is the benchmark matrix's generator, whose signature list
// the oracle reads.
var matrixSource = filepath.Join("..", "..", "benchmarks", "internal", "genmatrix", "main.go")

// osig is one signature of the oracle.
type osig struct {
	n      int
	ret    *ctype
	args   []*ctype
	nfixed int    // -1: not variadic; else the number of fixed arguments
	from   string // "matrix a05_mix", "callback matrix a01_dd", "random"
}

func (s *osig) name() string { return fmt.Sprintf("o%d", s.n) }

// String spells the signature as C.
func (s *osig) String() string {
	var as []string
	for k, a := range s.args {
		if k == s.nfixed {
			as = append(as, "...")
		}
		as = append(as, a.c)
	}
	if s.nfixed == len(s.args) {
		as = append(as, "...")
	}
	return fmt.Sprintf("o%d [%s]: %s(%s)", s.n, s.from, s.ret.c, strings.Join(as, ", "))
}

// cPacked defines a packed struct (alignment 1, no padding).
func cPacked(tag string, fields ...any) *ctype {
	t := &ctype{c: "struct " + tag, align: 1, packed: true}
	var b strings.Builder
	fmt.Fprintf(&b, "%s {", t.c)
	for k := 0; k < len(fields); k += 2 {
		ft, n := fields[k].(*ctype), fields[k+1].(int)
		f := cfield{name: fmt.Sprintf("m%d", k/2), t: ft, n: n, off: t.size}
		t.size += ft.size * uintptr(max(n, 1))
		t.fields = append(t.fields, f)
		if n > 0 {
			fmt.Fprintf(&b, " %s %s[%d];", ft.c, f.name, n)
		} else {
			fmt.Fprintf(&b, " %s %s;", ft.c, f.name)
		}
	}
	b.WriteString(" } __attribute__((packed));")
	t.def = b.String()
	return t
}

// oracleSet is the oracle's types (in definition order) and signatures.
type oracleSet struct {
	types []*ctype
	sigs  []*osig
}

// oracleRandom is how many random signatures the checker has.
const oracleRandom = 240

// makeOracle builds the signatures: the matrix's (from its generator's
// source), then the random ones.
func makeOracle() (*oracleSet, error) {
	o := &oracleSet{}
	seen := map[string]bool{}
	add := func(from string, ret *ctype, nfixed int, args ...*ctype) {
		s := &osig{n: len(o.sigs), ret: ret, args: args, nfixed: nfixed, from: from}
		key := strings.TrimPrefix(s.String(), fmt.Sprintf("o%d [%s]: ", s.n, from))
		if seen[key] {
			return
		}
		seen[key] = true
		o.sigs = append(o.sigs, s)
	}
	if err := o.matrix(add); err != nil {
		return nil, err
	}
	o.random(add)
	return o, nil
}

func (o *oracleSet) def(t *ctype) *ctype { o.types = append(o.types, t); return t }

// matrix adds the signatures of the benchmark matrix, read from the calls
// mk(tag, named, ret, args, body) and mkcb(tag, named, n, ret, args) in
// its generator: the kinds i8...f64 and the shapes S* as C types, the
// pointer parameters (&T, *T, vp) as void *.
func (o *oracleSet) matrix(add func(string, *ctype, int, ...*ctype)) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, matrixSource, nil, 0)
	if err != nil {
		return fmt.Errorf("the benchmark matrix's signatures: %w", err)
	}
	kinds := map[string]*ctype{
		"i8": cChar, "u8": cUChar, "i16": cShort, "u16": cUShort, "i32": cInt, "u32": cUInt,
		"i64": cLong, "u64": cULong, "f32": cFloat, "f64": cDouble, "void": cVoid, "vp": cPtr,
	}
	var eval func(e ast.Expr) (string, error)
	eval = func(e ast.Expr) (string, error) {
		switch e := e.(type) {
		case *ast.BasicLit:
			return strconv.Unquote(e.Value)
		case *ast.BinaryExpr:
			x, err := eval(e.X)
			if err != nil {
				return "", err
			}
			y, err := eval(e.Y)
			return x + y, err
		case *ast.CallExpr: // rep(tok, n)
			if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "rep" && len(e.Args) == 2 {
				tok, err := eval(e.Args[0])
				if err != nil {
					return "", err
				}
				lit, ok := e.Args[1].(*ast.BasicLit)
				if !ok {
					break
				}
				n, err := strconv.Atoi(lit.Value)
				if err != nil {
					return "", err
				}
				return strings.TrimSpace(strings.Repeat(tok+" ", n)), nil
			}
		}
		return "", fmt.Errorf("%s: cannot evaluate %T", fset.Position(e.Pos()), e)
	}
	// The shapes: {"SB1", []string{"i8"}}.
	shapes := map[string]*ctype{}
	var firstErr error
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "shapes" || len(vs.Values) != 1 {
			return true
		}
		for _, el := range vs.Values[0].(*ast.CompositeLit).Elts {
			cl := el.(*ast.CompositeLit)
			name, err := eval(cl.Elts[0])
			if err != nil {
				firstErr = err
				return false
			}
			var fields []any
			for _, fe := range cl.Elts[1].(*ast.CompositeLit).Elts {
				tok, err := eval(fe)
				if err != nil || kinds[tok] == nil {
					firstErr = fmt.Errorf("shape %s: field %q: %v", name, tok, err)
					return false
				}
				fields = append(fields, kinds[tok], 0)
			}
			shapes[name] = o.def(cAgg("m_"+name, false, fields...))
		}
		return false
	})
	if firstErr != nil {
		return firstErr
	}
	if len(shapes) == 0 {
		return fmt.Errorf("%s: no shapes found", matrixSource)
	}
	param := func(tok string) (*ctype, error) {
		if strings.HasPrefix(tok, "&") || strings.HasPrefix(tok, "*") {
			return cPtr, nil
		}
		if t := kinds[tok]; t != nil {
			return t, nil
		}
		if t := shapes[tok]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("matrix parameter %q unknown", tok)
	}
	count := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if firstErr != nil {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || (id.Name != "mk" || len(call.Args) != 5) && (id.Name != "mkcb" || len(call.Args) != 5) {
			return true
		}
		if _, lit := call.Args[0].(*ast.BasicLit); !lit {
			return true // the definition's own calls
		}
		strs := map[string][3]int{"mk": {0, 2, 3}, "mkcb": {0, 3, 4}}[id.Name]
		var v [3]string
		for k, i := range strs {
			s, err := eval(call.Args[i])
			if err != nil {
				firstErr = err
				return false
			}
			v[k] = s
		}
		ret, err := param(v[1])
		if err != nil {
			firstErr = err
			return false
		}
		var args []*ctype
		for _, tok := range strings.Fields(v[2]) {
			a, err := param(tok)
			if err != nil {
				firstErr = err
				return false
			}
			args = append(args, a)
		}
		from := fmt.Sprintf("matrix a%02d_%s", len(args), v[0])
		if id.Name == "mkcb" {
			from = fmt.Sprintf("callback matrix a%02d_%s", len(args), v[0])
		}
		add(from, ret, -1, args...)
		count++
		return false
	})
	if firstErr != nil {
		return firstErr
	}
	if count < 60 {
		return fmt.Errorf("%s: only %d matrix signatures found", matrixSource, count)
	}
	return nil
}

// random adds oracleRandom signatures drawn from a fixed seed.
func (o *oracleSet) random(add func(string, *ctype, int, ...*ctype)) {
	r := splitmix(2026)
	ints := []*ctype{cChar, cUChar, cShort, cUShort, cInt, cUInt, cLong, cULong}
	var pool []*ctype
	fit := func(t *ctype) bool { return t.size >= 1 && t.size <= 64 }
	// Float and double structs: HFAs of 1 to 4 members, nested, and five
	// members (none).
	for _, e := range []*ctype{cFloat, cDouble} {
		for n := 1; n <= 5; n++ {
			pool = append(pool, o.def(cAgg(fmt.Sprintf("h%s%d", e.c[:1], n), false, e, n)))
		}
	}
	pool = append(pool, o.def(cAgg("hnest", false, cFloat, 0, pool[1], 0, cFloat, 0)))
	// Byte arrays of 1 to 64 bytes.
	for _, n := range []int{1, 2, 3, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 33, 48, 63, 64} {
		pool = append(pool, o.def(cAgg(fmt.Sprintf("b%d", n), false, cUChar, n)))
	}
	member := func() (*ctype, int) {
		var ft *ctype
		if r.intn(4) == 0 && len(pool) > 0 {
			ft = pool[r.intn(len(pool))]
		} else {
			ft = cScalars[r.intn(len(cScalars))]
		}
		n := 0
		if r.intn(4) == 0 {
			n = 1 + r.intn(4)
		}
		return ft, n
	}
	// Mixed structs and unions of 1 to 64 bytes, and packed structs.
	var packed []*ctype
	for k := 0; len(pool)+len(packed) < 90; k++ {
		var t *ctype
		var fields []any
		switch k % 5 {
		case 0, 1, 2:
			for j, nf := 0, 1+r.intn(6); j < nf; j++ {
				ft, n := member()
				fields = append(fields, ft, n)
			}
			t = cAgg(fmt.Sprintf("s%d", k), false, fields...)
		case 3:
			for j, nf := 0, 2+r.intn(3); j < nf; j++ {
				ft, n := member()
				fields = append(fields, ft, n)
			}
			t = cAgg(fmt.Sprintf("u%d", k), true, fields...)
		case 4:
			// Integers only: libffi is told about a packed struct byte by
			// byte, which floats would not survive.
			for j, nf := 0, 1+r.intn(5); j < nf; j++ {
				n := 0
				if r.intn(4) == 0 {
					n = 1 + r.intn(3)
				}
				fields = append(fields, ints[r.intn(len(ints))], n)
			}
			t = cPacked(fmt.Sprintf("p%d", k), fields...)
		}
		switch {
		case !fit(t):
		case t.packed:
			packed = append(packed, o.def(t))
		default:
			pool = append(pool, o.def(t))
		}
	}
	// Packed structs go into one signature in six only: on x86-64 System V
	// libffi cannot be told about their misaligned members, so those
	// signatures are checked against C alone there.
	all := append(append([]*ctype{}, cScalars...), pool...)
	withPacked := append(append([]*ctype{}, all...), packed...)
	// Variadic arguments are promoted: no float, no integer under int.
	var promoted []*ctype
	for _, t := range all {
		if t != cFloat && (t.aggregate() || t.size >= 4) {
			promoted = append(promoted, t)
		}
	}
	for k := 0; k < oracleRandom; k++ {
		n := r.intn(21)
		if r.intn(3) == 0 {
			n = r.intn(7)
		}
		from := all
		if k%6 == 5 {
			from = withPacked
		}
		var args []*ctype
		for j := 0; j < n; j++ {
			args = append(args, from[r.intn(len(from))])
		}
		ret := cVoid
		if r.intn(8) != 0 {
			ret = from[r.intn(len(from))]
		}
		nfixed := -1
		if k%8 == 7 {
			nfixed = 1 + r.intn(3)
			if len(args) < nfixed {
				args = append(args, cInt, cInt, cInt)[:nfixed]
			}
			for j := nfixed; j < len(args); j++ {
				args[j] = promoted[r.intn(len(promoted))]
			}
		}
		add("random", ret, nfixed, args...)
	}
}

// table is the name of t's member table in the checker: the offset, size
// and kind (0 integer or pointer, 1 floating point) of each member of t
// that the checker records, fills and reads ([ctype.leaves] with
// all=false: the first member of a union), in order.
func table(t *ctype) string {
	if t.aggregate() {
		return "oc_t_" + strings.TrimPrefix(strings.TrimPrefix(t.c, "struct "), "union ")
	}
	return "oc_t_" + strings.NewReplacer(" ", "_", "*", "p").Replace(t.c)
}

// tableDef defines t's member table, with offsetof so that C's layout,
// not the generator's, places the members.
func tableDef(t *ctype) string {
	var b strings.Builder
	lvs := t.leaves("", 0, false, nil)
	fmt.Fprintf(&b, "static const unsigned short %s[] __attribute__((unused)) = {%d", table(t), len(lvs))
	for _, lf := range lvs {
		kind := 0
		if lf.t.float {
			kind = 1
		}
		if t.aggregate() {
			fmt.Fprintf(&b, ", offsetof(%s, %s), sizeof(((%s *)0)->%s), %d", t.c, lf.path[1:], t.c, lf.path[1:], kind)
		} else {
			fmt.Fprintf(&b, ", 0, sizeof(%s), %d", t.c, kind)
		}
	}
	b.WriteString("};")
	return b.String()
}

// oraclePrelude is the fixed part of testdata/oracle.c.
const oraclePrelude = `// Code generated by TestOracleSource (internal/callconv/oracle_gen_test.go); DO NOT EDIT.
// Regenerate: go test ./internal/callconv -run TestOracleSource -update

// The C checker of the engines' oracle test (oracle_test.go): each o<N>
// records the members of its arguments as it received them, and its
// result, in oc_buf; each d<N> calls a function pointer of o<N>'s
// signature with arguments made from bytes it is given and stores the
// members of the result it got back. A member table (oc_t_*) lists the
// offset, size and kind (0 integer, 1 floating point) of each member of a
// type that is recorded, filled and read, after its count.

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static unsigned char oc_buf[1 << 16];
static int oc_n;

unsigned char *oc_record(void) { return oc_buf; }
int oc_len(void) { return oc_n; }
void oc_reset(void) { oc_n = 0; }

// oc_word0 returns its first argument register as a whole word: how the
// caller widened a smaller integer there (TestOracleExtends).
unsigned long long oc_word0(unsigned long long a) { return a; }

static void oc_rec(const void *p, size_t n) {
	if (oc_n + n <= sizeof oc_buf) {
		memcpy(oc_buf + oc_n, p, n);
		oc_n += (int)n;
	}
}

// oc_put records the members of the value at p.
static void oc_put(const void *p, const unsigned short *t) {
	for (int i = 0; i < t[0]; i++)
		oc_rec((const unsigned char *)p + t[1 + 3 * i], t[2 + 3 * i]);
}

// oc_get fills the members of the value at p from *in, advancing it.
static void oc_get(void *p, const unsigned short *t, const unsigned char **in) {
	for (int i = 0; i < t[0]; i++) {
		memcpy((unsigned char *)p + t[1 + 3 * i], *in, t[2 + 3 * i]);
		*in += t[2 + 3 * i];
	}
}

// oc_out stores the members of the value at p at *out, advancing it.
static void oc_out(const void *p, const unsigned short *t, unsigned char **out) {
	for (int i = 0; i < t[0]; i++) {
		memcpy(*out, (const unsigned char *)p + t[1 + 3 * i], t[2 + 3 * i]);
		*out += t[2 + 3 * i];
	}
}

static uint64_t oc_hash(void) {
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < oc_n; i++) {
		h ^= oc_buf[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t oc_mix(uint64_t h, int k) {
	h += 0x9e3779b97f4a7c15ull * (uint64_t)(k + 1);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 29);
}

// oc_fill fills the members of the value at p (zeroed) with values made
// from h: floats and doubles hold theirs exactly, integers and pointers
// take the low bytes of a mix of h.
static void oc_fill(void *p, const unsigned short *t, uint64_t h) {
	for (int i = 0; i < t[0]; i++) {
		unsigned char *m = (unsigned char *)p + t[1 + 3 * i];
		uint64_t x = oc_mix(h, i);
		float f = (float)(int)(x % 200001 - 100000) / 64;
		double d = f;
		if (t[3 + 3 * i] && t[2 + 3 * i] == 4)
			memcpy(m, &f, 4);
		else if (t[3 + 3 * i])
			memcpy(m, &d, 8);
		else
			memcpy(m, &x, t[2 + 3 * i]);
	}
}
`

// source returns testdata/oracle.c.
func (o *oracleSet) source() string {
	var b strings.Builder
	b.WriteString(oraclePrelude)
	b.WriteString("\n")
	for _, t := range cScalars {
		fmt.Fprintf(&b, "%s\n", tableDef(t))
	}
	for _, t := range o.types {
		fmt.Fprintf(&b, "\n%s\n%s", t.def, tableDef(t))
	}
	b.WriteString("\n")
	for _, s := range o.sigs {
		var params, names []string
		for i, a := range s.args {
			if i == s.nfixed {
				break
			}
			params = append(params, fmt.Sprintf("%s a%d", a.c, i))
			names = append(names, fmt.Sprintf("a%d", i))
		}
		if s.nfixed >= 0 {
			params = append(params, "...")
		}
		plist := strings.Join(params, ", ")
		if plist == "" {
			plist = "void"
		}
		fmt.Fprintf(&b, "\n// %s\n%s o%d(%s) {\n", s.from, s.ret.c, s.n, plist)
		if s.nfixed >= 0 {
			fmt.Fprintf(&b, "\tva_list ap;\n\tva_start(ap, a%d);\n", s.nfixed-1)
			for i := s.nfixed; i < len(s.args); i++ {
				fmt.Fprintf(&b, "\t%s a%d = va_arg(ap, %s);\n", s.args[i].c, i, s.args[i].c)
			}
			b.WriteString("\tva_end(ap);\n")
		}
		for i, a := range s.args {
			fmt.Fprintf(&b, "\toc_put(&a%d, %s);\n", i, table(a))
		}
		if s.ret != cVoid {
			fmt.Fprintf(&b, "\t%s r;\n\tmemset(&r, 0, sizeof r);\n\toc_fill(&r, %s, oc_hash());\n\toc_put(&r, %s);\n\treturn r;\n",
				s.ret.c, table(s.ret), table(s.ret))
		}
		b.WriteString("}\n")
		if s.nfixed >= 0 {
			continue
		}

		// The driver.
		fmt.Fprintf(&b, "void d%d(%s (*fp)(%s), const unsigned char *in, unsigned char *out) {\n", s.n, s.ret.c, plist)
		for i, a := range s.args {
			fmt.Fprintf(&b, "\t%s a%d;\n\tmemset(&a%d, 0, sizeof a%d);\n\toc_get(&a%d, %s, &in);\n", a.c, i, i, i, i, table(a))
		}
		call := fmt.Sprintf("fp(%s)", strings.Join(names, ", "))
		if s.ret == cVoid {
			fmt.Fprintf(&b, "\t%s;\n\t(void)in;\n\t(void)out;\n", call)
		} else {
			fmt.Fprintf(&b, "\t%s r = %s;\n\toc_out(&r, %s, &out);\n\t(void)in;\n", s.ret.c, call, table(s.ret))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// value (shared with the AAPCS64 tests) makes the C value of t in a buffer of its size, its members
// filled from r (floats with values that float and double hold exactly),
// and returns it with the bytes of those members in order (what the C
// functions record).
func (t *ctype) value(r *splitmix) (val, members []byte) {
	val = make([]byte, max(t.size, 1))
	for _, lf := range t.leaves("", 0, false, nil) {
		b := val[lf.off : lf.off+lf.t.size]
		x := r.next()
		switch {
		case lf.t == cFloat:
			*(*float32)(unsafe.Pointer(&b[0])) = float32(int(x%200001)-100000) / 64
		case lf.t == cDouble:
			*(*float64)(unsafe.Pointer(&b[0])) = float64(int(x%2000001)-1000000) / 1024
		default:
			for k := range b {
				b[k] = byte(x >> (8 * k))
			}
		}
		members = append(members, b...)
	}
	return val, members
}

// members returns the bytes of t's recorded members in the value at v.
func (t *ctype) members(v []byte) []byte {
	var out []byte
	for _, lf := range t.leaves("", 0, false, nil) {
		out = append(out, v[lf.off:lf.off+lf.t.size]...)
	}
	return out
}

// loadOracle returns the oracle's signatures, failing the test if the
// matrix's description cannot be read.
func loadOracle(t *testing.T) *oracleSet {
	t.Helper()
	o, err := makeOracle()
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOracleSource checks that testdata/oracle.c is what the signatures
// generate (-update rewrites it), and that every signature is one the
// classifiers of all three engines take.
func TestOracleSource(t *testing.T) {
	o := loadOracle(t)
	want := o.source()
	if *updateC {
		if err := os.WriteFile(oracleSourcePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(oracleSourcePath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not what oracle_gen_test.go generates: run go test ./internal/callconv -run TestOracleSource -update", oracleSourcePath)
	}
	var variadic, drivers int
	for _, s := range o.sigs {
		args := make([]Layout, len(s.args))
		for i, a := range s.args {
			args[i] = a.layout()
		}
		for _, apple := range []bool{false, true} {
			if _, err := classifyAAPCS64(s.ret.layout(), args, s.nfixed, apple); err != nil {
				t.Errorf("%v (AAPCS64, apple %v): %v", s, apple, err)
			}
		}
		if _, err := classifyWin64(s.ret.layout(), args, s.nfixed); err != nil {
			t.Errorf("%v (Win64): %v", s, err)
		}
		if s.nfixed >= 0 {
			variadic++
		} else {
			drivers++
		}
	}
	t.Logf("%d signatures (%d types), %d variadic, %d with a callback driver", len(o.sigs), len(o.types), variadic, drivers)
}
