// Package cdecl reads C declarations, the way C writes them, into the types
// and functions of the ctypes packages: cffi's cdef for Go.
//
//	add, err := cdecl.Func(lib, "struct Complex { double x, y; }; struct Complex add(struct Complex, struct Complex);")
//	r, err := add.Call(a, b) // Restype and Argtypes come from the prototype
//
// The declarations are read by a real C front end, modernc.org/cc/v4 (pure
// Go, C11 with the GNU extensions glibc's headers use, with its own
// preprocessor), and sizes, alignments and field offsets come from its
// per-platform ABI tables (with Config.ABILayout, so __attribute__((packed))
// and #pragma pack are honoured). Every struct and union is then built with
// [types.StructOf] or [types.UnionOf] and its layout checked against the
// front end's: a struct the types package cannot lay out the same way
// (for example one with an aligned(16) member) is an error naming it, never
// a silently different layout.
//
// [Parse] reads a set of declarations ([Decls], cffi's cdef) from a string,
// [ParseFile] from a header; a set is reusable across libraries:
// [Decls.Type] gives the types ("struct Complex", "uLong", "char *[4]"),
// [Decls.Func] binds one function of a library, [Decls.Bind] all of them.
// [Func] binds one prototype in one line.
//
// With a host C compiler, the include paths and predefined macros are the
// compiler's (as cc.NewConfig finds them; the flags given with [Flags] are
// -I, -D and -U). Without one, a small built-in prelude declares what a
// declaration string commonly uses: size_t, ssize_t, ptrdiff_t, wchar_t,
// bool and the stdint.h names, for the platform's data model (LP64 on
// linux/amd64); self-contained headers still parse.
//
// C types map to the types package as ctypes maps them: char* (and
// const char*) is c_char_p, wchar_t* is c_wchar_p, void* is c_void_p,
// a pointer to a function is a [types.FuncType], a pointer to an incomplete
// (opaque) struct or union, or to the struct being defined, is c_void_p,
// an enum is its underlying integer type, arrays as parameters are pointers
// (as in C). An anonymous struct or union member, and an unnamed bitfield,
// is a field named "_N", N its position in the struct. long double is
// [types.LongDouble] (a function taking or returning one by value is an
// [UnsupportedError] when it is bound, where long double is not double:
// the call engines do not pass it yet). __int128, _Complex, _Float128 and
// the decimal types are not in the types package yet: a declaration using
// them is an [UnsupportedError], and so is a function taking a va_list.
//
// This package links the C front end (several megabytes); a program that
// imports only ffi and types does not.
package cdecl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"modernc.org/cc/v4"

	"github.com/purectypes/ctypes/types"
)

// Sentinel errors; every error of this package wraps one of them.
var (
	// ErrSyntax reports declarations the C front end cannot read: a syntax
	// error, an undeclared type name, a missing header. The message names
	// the file, line and column.
	ErrSyntax = errors.New("cdecl: bad declaration")
	// ErrNotDeclared reports a name the declarations do not declare.
	ErrNotDeclared = errors.New("cdecl: not declared")
	// ErrUnsupported reports a C type the types package cannot represent
	// yet (long double, __int128, _Complex, va_list, ...).
	ErrUnsupported = errors.New("cdecl: unsupported C type")
	// ErrLayout reports a struct or union whose layout, as the C front end
	// computes it, the types package cannot reproduce.
	ErrLayout = errors.New("cdecl: layout differs")
	// ErrIncomplete reports a struct or union used by value whose members
	// were never declared.
	ErrIncomplete = errors.New("cdecl: incomplete type")
)

// UnsupportedError names a declaration whose C type this package cannot map
// to the types package. It wraps [ErrUnsupported].
type UnsupportedError struct {
	Name   string // the declaration: a function, a field, a type
	CType  string // the C type, as the front end prints it
	Reason string
}

// Error describes the error.
func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("cdecl: %s: unsupported C type %s: %s", e.Name, e.CType, e.Reason)
}

// Unwrap returns [ErrUnsupported].
func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }

// An Option changes how declarations are read.
type Option func(*options)

type options struct {
	flags    []string
	noHost   bool
	noMacros bool // no #define constants wanted: skip evaluating every macro
}

// Flags passes C compiler flags: -I dir (or -Idir) adds an include
// directory, -D name[=value] defines a macro, -U name undefines one, as on a
// cc command line. Other flags are an error.
func Flags(flags ...string) Option {
	return func(o *options) { o.flags = append(o.flags, flags...) }
}

// NoHostCompiler reads the declarations without asking the host C compiler
// for its include paths and predefined macros, as on a machine without one:
// only the built-in prelude and the -I directories are there.
func NoHostCompiler() Option { return func(o *options) { o.noHost = true } }

// expansionLimit bounds the preprocessor's work on one declaration set, so
// that a small hostile input cannot take hours (see cc.Config.ExpansionLimit).
const expansionLimit = 1_000_000

// sourceCache keeps the headers, the built-ins and the prelude scanned and
// parsed across declaration sets: a later Parse that reads them again (a
// one-line Func, a Type name, the same header) does not scan them again.
// A generation is bounded to 8 MiB of sources read (glibc's stdio.h and
// what it includes are about 0.3 MiB), some 160 MiB of memory at worst.
var sourceCache = cc.SourceCache{MaxBytes: 8 << 20}

var (
	hostOnce sync.Once
	hostCfg  *cc.Config
	hostErr  error
)

// hostConfig returns the host C compiler's configuration, found once.
func hostConfig() (*cc.Config, error) {
	hostOnce.Do(func() {
		hostCfg, hostErr = cc.NewConfig(runtime.GOOS, runtime.GOARCH)
	})
	return hostCfg, hostErr
}

// config builds the front end's configuration for one parse.
func config(o *options) (*cc.Config, error) {
	cfg := &cc.Config{}
	if h, err := hostConfig(); err == nil && !o.noHost {
		cfg.Predefined = h.Predefined
		cfg.IncludePaths = append([]string{""}, h.IncludePaths...)
		cfg.SysIncludePaths = append([]string(nil), h.SysIncludePaths...)
		cfg.HostIncludePaths = append([]string(nil), h.HostIncludePaths...)
		cfg.HostSysIncludePaths = append([]string(nil), h.HostSysIncludePaths...)
		cfg.ABI = h.ABI
		cfg.CC = h.CC
	} else {
		abi, err := cc.NewABI(runtime.GOOS, runtime.GOARCH)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
		}
		cfg.ABI = abi
		cfg.Predefined = noHostPredefined(abi, runtime.GOOS, runtime.GOARCH)
		cfg.IncludePaths = []string{""}
	}
	var defs strings.Builder
	for i := 0; i < len(o.flags); i++ {
		f := o.flags[i]
		arg := func(prefix string) (string, error) {
			if v := strings.TrimPrefix(f, prefix); v != "" {
				return v, nil
			}
			if i+1 >= len(o.flags) {
				return "", fmt.Errorf("%w: flag %s needs an argument", ErrSyntax, f)
			}
			i++
			return o.flags[i], nil
		}
		switch {
		case strings.HasPrefix(f, "-I"):
			dir, err := arg("-I")
			if err != nil {
				return nil, err
			}
			cfg.IncludePaths = append(cfg.IncludePaths, dir)
			cfg.SysIncludePaths = append([]string{dir}, cfg.SysIncludePaths...)
		case strings.HasPrefix(f, "-D"):
			d, err := arg("-D")
			if err != nil {
				return nil, err
			}
			name, val, ok := strings.Cut(d, "=")
			if !ok {
				val = "1"
			}
			fmt.Fprintf(&defs, "#define %s %s\n", name, val)
		case strings.HasPrefix(f, "-U"):
			u, err := arg("-U")
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&defs, "#undef %s\n", u)
		default:
			return nil, fmt.Errorf("%w: unknown flag %q (use -I, -D or -U)", ErrSyntax, f)
		}
	}
	cfg.Predefined += "\n" + defs.String()
	cfg.ABILayout = true
	cfg.EvalAllMacros = !o.noMacros
	cfg.Header = true
	cfg.ExpansionLimit = expansionLimit
	cfg.SourceCache = &sourceCache
	if err := cfg.ApplyOptions(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	return cfg, nil
}

// Decls is a set of C declarations, like a cffi FFI object after cdef:
// the types, functions, variables and constants they declare. A Decls is
// safe for concurrent use and reusable across libraries.
type Decls struct {
	ast     *cc.AST
	sources []cc.Source
	opts    options
	user    map[string]bool // the files whose declarations are the user's

	mu    sync.Mutex
	conv  *converter
	extra map[string]*types.Type // Type results for type names parsed later
}

// Parse reads C declarations from src: prototypes, struct, union and enum
// definitions, typedefs, variables, #define constants, #include lines.
// The built-in prelude (size_t, ssize_t, wchar_t, bool, the stdint.h names)
// comes first, so a declaration string needs no #include for them.
func Parse(src string, opts ...Option) (*Decls, error) {
	return parse("<cdecl>", src, true, opts)
}

// ParseFile reads the C header at path (and what it includes), with the
// host C compiler's include paths and the flags given.
func ParseFile(path string, opts ...Option) (*Decls, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	// The header's own directory first, as cc -I$(dirname path) would.
	opts = append([]Option{Flags("-I" + filepath.Dir(abs))}, opts...)
	return parse(abs, string(b), false, opts)
}

func parse(name, src string, prelude bool, opts []Option) (d *Decls, err error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := config(&o)
	if err != nil {
		return nil, err
	}
	sources := []cc.Source{
		{Name: "<predefined>", Value: cfg.Predefined},
		{Name: "<builtin>", Value: cc.Builtin},
	}
	if prelude {
		sources = append(sources, cc.Source{Name: "<prelude>", Value: preludeFor(cfg)})
	}
	sources = append(sources, cc.Source{Name: name, Value: src})
	ast, err := translate(cfg, sources)
	if err != nil {
		return nil, err
	}
	d = &Decls{ast: ast, sources: sources, opts: o, user: map[string]bool{name: true}}
	d.conv = newConverter(ast)
	return d, nil
}

// translate runs the front end, turning its errors (and, defensively, its
// panics) into ErrSyntax errors.
func translate(cfg *cc.Config, sources []cc.Source) (ast *cc.AST, err error) {
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, fmt.Errorf("%w: C front end failed: %v", ErrSyntax, r)
		}
	}()
	if err := checkComplete(cfg, sources); err != nil {
		return nil, err
	}
	ast, err = cc.Translate(cfg, sources)
	if err != nil {
		return nil, &SyntaxError{Msg: strings.TrimSpace(err.Error())}
	}
	return ast, nil
}

// SyntaxError is a C front end error: the message names the file, line
// and column, what was found and what was expected. It wraps [ErrSyntax].
type SyntaxError struct {
	Msg string
}

// Error describes the error.
func (e *SyntaxError) Error() string { return "cdecl: " + e.Msg }

// Unwrap returns [ErrSyntax].
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// isInternal reports whether pos names the prelude or the front end's
// built-ins rather than a file of the user's.
func (d *Decls) isInternal(pos string) bool {
	return strings.HasPrefix(pos, "<") && !d.user[pos]
}

// funcDecl returns the declarator of the function name.
func (d *Decls) funcDecl(name string) (*cc.Declarator, *cc.FunctionType, error) {
	for _, n := range d.ast.Scope.Nodes[name] {
		if dd, ok := n.(*cc.Declarator); ok && !dd.IsTypename() {
			if ft, ok := dd.Type().(*cc.FunctionType); ok {
				if err := identifierList(dd.DirectDeclarator); err != nil {
					return nil, nil, err
				}
				return dd, ft, nil
			}
		}
	}
	return nil, nil, fmt.Errorf("%w: no function %q", ErrNotDeclared, name)
}

// identifierList refuses an old-style parameter list, "double sin(x)":
// C gives its parameters no types, so a call could not be built (a typo in
// a type name reads this way too).
func identifierList(n *cc.DirectDeclarator) error {
	for n != nil {
		if n.Case == cc.DirectDeclaratorFuncIdent && n.IdentifierList != nil {
			pos := n.IdentifierList.Token.Position()
			if !pos.IsValid() {
				pos = n.IdentifierList.Token2.Position()
			}
			return &SyntaxError{Msg: fmt.Sprintf("%v: %s: a parameter without a type (an old-style identifier list), expected a parameter type",
				pos, cc.NodeSource(n.IdentifierList))}
		}
		if n.Case == cc.DirectDeclaratorDecl && n.Declarator != nil {
			n = n.Declarator.DirectDeclarator
			continue
		}
		n = n.DirectDeclarator
	}
	return nil
}

// Funcs returns the names of the functions the declarations declare,
// sorted (the functions of included headers too, but not the front end's
// built-ins).
func (d *Decls) Funcs() []string {
	var names []string
	for name, nodes := range d.ast.Scope.Nodes {
		for _, n := range nodes {
			dd, ok := n.(*cc.Declarator)
			if !ok || dd.IsTypename() || d.isInternal(dd.Position().Filename) {
				continue
			}
			if _, ok := dd.Type().(*cc.FunctionType); ok && !strings.HasPrefix(name, "__builtin_") {
				names = append(names, name)
				break
			}
		}
	}
	sort.Strings(names)
	return names
}

// FuncsIn returns the functions declared in the file path itself (not in
// the headers it includes), sorted; path is as given to [ParseFile], or
// its base name.
func (d *Decls) FuncsIn(path string) []string {
	var names []string
	for _, name := range d.Funcs() {
		dd, _, _ := d.funcDecl(name)
		if sameFile(dd.Position().Filename, path) {
			names = append(names, name)
		}
	}
	return names
}

func sameFile(pos, path string) bool {
	if pos == path {
		return true
	}
	if abs, err := filepath.Abs(path); err == nil && abs == pos {
		return true
	}
	return !strings.ContainsRune(path, filepath.Separator) && filepath.Base(pos) == path
}

// Signature returns the signature of the function name.
func (d *Decls) Signature(name string) (*types.FuncSig, error) {
	_, ft, err := d.funcDecl(name)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conv.funcSig(name, ft)
}

// Prototype returns the C prototype of the function name, as C would write
// it from the parsed declaration ("int compress(Bytef *dest, uLongf
// *destLen, const Bytef *source, uLong sourceLen)").
func (d *Decls) Prototype(name string) (string, error) {
	_, ft, err := d.funcDecl(name)
	if err != nil {
		return "", err
	}
	return prototype(name, ft), nil
}

// Type returns the type a C type name denotes: "struct Complex", "union U",
// "enum E", a typedef name ("uLong", "size_t"), a fundamental type
// ("unsigned long long"), or any type name C accepts in a cast
// ("char *[4]", "int (*)(double)").
func (d *Decls) Type(name string) (*types.Type, error) {
	name = strings.TrimSpace(name)
	d.mu.Lock()
	defer d.mu.Unlock()
	if t, ok := d.extra[name]; ok {
		return t, nil
	}
	if ct, ok := d.lookupType(name); ok {
		return d.conv.typ(name, ct)
	}
	if name == "void" {
		return types.Void, nil
	}
	// Any other type name: read "typedef NAME __cdecl_t;" after the
	// declarations.
	ct, err := d.typeName(name)
	if err != nil {
		return nil, err
	}
	t, err := d.conv.typ(name, ct)
	if err != nil {
		return nil, err
	}
	if d.extra == nil {
		d.extra = map[string]*types.Type{}
	}
	d.extra[name] = t
	return t, nil
}

// lookupType finds tags and typedef names in the file scope.
func (d *Decls) lookupType(name string) (cc.Type, bool) {
	kw, tag, hasTag := strings.Cut(name, " ")
	if hasTag && (kw == "struct" || kw == "union" || kw == "enum") && isIdent(strings.TrimSpace(tag)) {
		tag = strings.TrimSpace(tag)
		for _, n := range d.ast.Scope.Nodes[tag] {
			switch x := n.(type) {
			case *cc.StructOrUnionSpecifier:
				t := x.Type()
				if (kw == "struct") == (t.Kind() == cc.Struct) && kw != "enum" {
					return t, true
				}
			case *cc.EnumSpecifier:
				if kw == "enum" {
					return x.Type(), true
				}
			}
		}
		return nil, false
	}
	if !isIdent(name) {
		return nil, false
	}
	for _, n := range d.ast.Scope.Nodes[name] {
		if dd, ok := n.(*cc.Declarator); ok && dd.IsTypename() {
			return dd.Type(), true
		}
	}
	return nil, false
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// typeName reads an arbitrary C type name by translating the declarations
// again with a typedef of it at the end.
func (d *Decls) typeName(name string) (cc.Type, error) {
	if strings.ContainsAny(name, ";{}#\n") {
		return nil, fmt.Errorf("%w: %q is not a C type name", ErrSyntax, name)
	}
	cfg, err := config(&d.opts)
	if err != nil {
		return nil, err
	}
	const tname = "__cdecl_type_name"
	src := append(append([]cc.Source(nil), d.sources...), cc.Source{
		Name:  "<type>",
		Value: "typedef __typeof__((" + name + "){0}) " + tname + ";\n",
	})
	ast, err := translate(cfg, src)
	if err != nil {
		return nil, fmt.Errorf("%w: %q is not a C type name: %v", ErrSyntax, name, err)
	}
	for _, n := range ast.Scope.Nodes[tname] {
		if dd, ok := n.(*cc.Declarator); ok {
			// The converter keys structs by where they are defined, so
			// the types of this second translation map to the same
			// *types.Type as the first's.
			return dd.Type(), nil
		}
	}
	return nil, fmt.Errorf("%w: %q is not a C type name", ErrSyntax, name)
}

// Const returns the value of the integer constant name: an enumerator, or a
// #define whose replacement is an integer constant expression.
func (d *Decls) Const(name string) (int64, bool) {
	for _, n := range d.ast.Scope.Nodes[name] {
		if e, ok := n.(*cc.Enumerator); ok {
			return intValue(e.Value())
		}
	}
	if m, ok := d.ast.Macros[name]; ok && !m.IsFnLike {
		return intValue(m.Value())
	}
	return 0, false
}

func intValue(v cc.Value) (int64, bool) {
	switch x := v.(type) {
	case cc.Int64Value:
		return int64(x), true
	case cc.UInt64Value:
		return int64(x), true
	}
	return 0, false
}

// A Constant is an integer constant of a declaration set: an enumerator or
// an object-like #define of an integer constant expression.
type Constant struct {
	Name     string
	Value    int64
	Unsigned bool   // the constant has an unsigned type (print it as uint64)
	Enum     string // the enum's tag or typedef name, "" for a #define
	File     string // the file that declares it
	Line     int
	Column   int
}

// Constants returns the integer constants declared in the file path (as
// given to [ParseFile], or its base name; "" for all the user's own
// declarations), sorted by position.
func (d *Decls) Constants(path string) []Constant {
	var cs []Constant
	in := func(file string) bool {
		if path == "" {
			return !d.isInternal(file) && d.user[file]
		}
		return sameFile(file, path)
	}
	// Which enum each enumerator belongs to: by tag, else by typedef name.
	enumOf := map[*cc.Enumerator]string{}
	for name, nodes := range d.ast.Scope.Nodes {
		for _, n := range nodes {
			var et *cc.EnumType
			label := name
			switch x := n.(type) {
			case *cc.EnumSpecifier:
				et, _ = x.Type().(*cc.EnumType)
			case *cc.Declarator:
				if x.IsTypename() {
					et, _ = x.Type().(*cc.EnumType)
				}
			}
			if et == nil {
				continue
			}
			for _, e := range et.Enumerators() {
				if _, ok := enumOf[e]; !ok || label == enumName(et) {
					enumOf[e] = label
				}
			}
		}
	}
	for name, nodes := range d.ast.Scope.Nodes {
		for _, n := range nodes {
			e, ok := n.(*cc.Enumerator)
			if !ok || !in(e.Position().Filename) {
				continue
			}
			v, ok := intValue(e.Value())
			if !ok {
				continue
			}
			_, uns := e.Value().(cc.UInt64Value)
			cs = append(cs, Constant{Name: name, Value: v, Unsigned: uns && v < 0, Enum: enumOf[e],
				File: e.Position().Filename, Line: e.Position().Line, Column: e.Position().Column})
		}
	}
	for name, m := range d.ast.Macros {
		if m.IsFnLike || !in(m.Position().Filename) || strings.HasPrefix(name, "__") {
			continue
		}
		if !isIntegerLiteralMacro(m) {
			continue
		}
		v, ok := intValue(m.Value())
		if !ok {
			continue
		}
		_, uns := m.Value().(cc.UInt64Value)
		cs = append(cs, Constant{Name: name, Value: v, Unsigned: uns && v < 0, File: m.Position().Filename, Line: m.Position().Line, Column: m.Position().Column})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].File != cs[j].File {
			return cs[i].File < cs[j].File
		}
		if cs[i].Line != cs[j].Line {
			return cs[i].Line < cs[j].Line
		}
		if cs[i].Column != cs[j].Column {
			return cs[i].Column < cs[j].Column
		}
		return cs[i].Name < cs[j].Name
	})
	return cs
}

// isIntegerLiteralMacro reports whether m's replacement is an integer
// literal, possibly negated and parenthesised: "42", "(-1)", "0x7fU".
func isIntegerLiteralMacro(m *cc.Macro) bool {
	toks := m.ReplacementList()
	var lits int
	for _, t := range toks {
		s := t.SrcStr()
		switch {
		case s == "(" || s == ")" || s == "-" || s == "+":
		case len(s) > 0 && s[0] >= '0' && s[0] <= '9':
			lits++
		default:
			return false
		}
	}
	return lits == 1
}

func enumName(t cc.Type) string {
	if td := t.Typedef(); td != nil {
		return td.Name()
	}
	if e, ok := t.(*cc.EnumType); ok {
		tag := e.Tag()
		return tag.SrcStr()
	}
	return ""
}

// MustParse is like [Parse] but panics on error. It is meant for
// package-level declarations, like regexp.MustCompile.
func MustParse(src string, opts ...Option) *Decls {
	d, err := Parse(src, opts...)
	if err != nil {
		panic(err)
	}
	return d
}
