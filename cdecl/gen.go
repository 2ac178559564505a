package cdecl

import (
	"bytes"
	"fmt"
	"go/format"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unsafe"

	"modernc.org/cc/v4"

	"github.com/purectypes/ctypes/types"
)

// maxTypedArgs is the most parameters of ffi's typed bindings (Fn20,
// Proc20); a function with more is bound with ffi.BindFunc.
const maxTypedArgs = 20

// GenOptions says what [Generate] writes.
type GenOptions struct {
	// Package is the Go package name; by default the header's base name.
	Package string
	// Library is the shared library Load opens by default ("libz.so.1").
	Library string
	// Header is the header whose own declarations are bound (not those of
	// the headers it includes); it is the file given to [ParseFile].
	Header string
	// Funcs are the functions to bind; by default every function the
	// header declares.
	Funcs []string
	// Command is quoted in the "Code generated" line.
	Command string
}

// Generate writes a Go source file of typed bindings for the declarations
// of opts.Header: Go struct types with the C layout (checked when the
// package initialises, against the layout the C front end computed), the
// integer constants of its enums and #defines, and a Lib struct of Go
// funcs bound with the typed bindings of package ffi (ffi.Fn0..Fn20,
// ffi.Proc0..Proc20 and, beyond 20 parameters, ffi.BindFunc), each with a doc comment quoting the
// C prototype. The file is gofmt-clean, needs no cgo and imports only ffi.
//
// A struct the Go type system cannot lay out as C does (a union, bitfields,
// packing) becomes an opaque Go struct of the right size and alignment, for
// use through pointers; a function that passes one by value, takes "..."
// or a va_list, or uses a type the types package lacks is left out with a
// comment saying why.
func Generate(d *Decls, opts GenOptions) ([]byte, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil *Decls", ErrNotDeclared)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	g := &generator{d: d, opts: opts, structs: map[*types.Type]*genStruct{}, names: map[string]bool{}}
	if g.opts.Header == "" {
		return nil, fmt.Errorf("%w: GenOptions.Header is empty", ErrNotDeclared)
	}
	if g.opts.Package == "" {
		g.opts.Package = goPackageName(filepath.Base(g.opts.Header))
	}
	funcs := opts.Funcs
	if len(funcs) == 0 {
		funcs = d.FuncsIn(g.opts.Header)
		if len(funcs) == 0 {
			return nil, fmt.Errorf("%w: %s declares no function", ErrNotDeclared, g.opts.Header)
		}
	}
	for _, name := range funcs {
		if err := g.addFunc(name); err != nil {
			return nil, err
		}
	}
	src := g.write(d.Constants(g.opts.Header))
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("cdecl: generated Go does not parse (a bug): %v\n%s", err, src)
	}
	return out, nil
}

type generator struct {
	d        *Decls
	opts     GenOptions
	funcs    []*genFunc
	skipped  []string // "name: reason"
	structs  map[*types.Type]*genStruct
	order    []*genStruct
	names    map[string]bool // Go names taken
	typedefs map[*types.Type]string
}

type genStruct struct {
	t      *types.Type
	goName string
	cName  string
	opaque string // why the Go struct has no fields, "" if it has them
	fields []genField
}

type genField struct {
	goName, goType, cName string
	offset                uintptr
}

type genFunc struct {
	cName, goName, proto string
	params               []string // "name type"
	paramTypes           []string
	result               string // "" for void
}

// addFunc adds the binding of one function, or records why not.
func (g *generator) addFunc(name string) error {
	_, ft, err := g.d.funcDecl(name)
	if err != nil {
		return err
	}
	proto := prototype(name, ft)
	sig, err := g.d.conv.funcSig(name, ft)
	if err != nil {
		g.skipped = append(g.skipped, fmt.Sprintf("%s: %v", proto, err))
		return nil
	}
	if sig.Variadic {
		g.skipped = append(g.skipped, fmt.Sprintf("%s: variadic (call it through cdecl and ffi.Func)", proto))
		return nil
	}
	f := &genFunc{cName: name, goName: g.goName(exported(name)), proto: proto}
	params := ft.Parameters()
	if len(params) == 1 && params[0].Type().Kind() == cc.Void {
		params = nil
	}
	used := map[string]bool{}
	for i, at := range sig.Argtypes {
		gt, why := g.paramType(at, params[i].Type())
		if why != "" {
			g.skipped = append(g.skipped, fmt.Sprintf("%s: parameter %d: %s", proto, i+1, why))
			return nil
		}
		pn := paramName(params[i].Name(), i, used)
		f.params = append(f.params, pn+" "+gt)
		f.paramTypes = append(f.paramTypes, gt)
	}
	if sig.Restype.Kind() != types.KindVoid {
		gt, why := g.resultType(sig.Restype, ft.Result())
		if why != "" {
			g.skipped = append(g.skipped, fmt.Sprintf("%s: result: %s", proto, why))
			return nil
		}
		f.result = gt
	}
	g.funcs = append(g.funcs, f)
	return nil
}

// scalarGo is the Go type of a scalar C type, as the typed bindings map it
// (long as int where the two are one size: in a struct field or behind a
// pointer a Go int must be; elsewhere, Win64's 4-byte long is int32).
func scalarGo(t *types.Type) string {
	intSize := unsafe.Sizeof(int(0))
	switch {
	case t == types.Long && t.Size() == intSize:
		return "int"
	case t == types.ULong && t.Size() == intSize:
		return "uint"
	}
	switch t {
	case types.SizeT:
		return "uint"
	case types.SSizeT:
		return "int"
	}
	switch t.Kind() {
	case types.KindBool:
		return "bool"
	case types.KindChar, types.KindUint8:
		return "byte"
	case types.KindWChar:
		return "int32"
	case types.KindInt8:
		return "int8"
	case types.KindInt16:
		return "int16"
	case types.KindUint16:
		return "uint16"
	case types.KindInt32:
		return "int32"
	case types.KindUint32:
		return "uint32"
	case types.KindInt64:
		return "int64"
	case types.KindUint64:
		return "uint64"
	case types.KindFloat32:
		return "float32"
	case types.KindFloat64:
		return "float64"
	}
	return ""
}

// fieldType is the Go type of a struct field: pointers are uintptr (C
// addresses, which the garbage collector must not follow).
func (g *generator) fieldType(t *types.Type) (string, string) {
	if s := scalarGo(t); s != "" {
		return s, ""
	}
	switch t.Kind() {
	case types.KindCharP, types.KindWCharP, types.KindVoidP, types.KindPointer, types.KindFunc:
		return "uintptr", ""
	case types.KindArray:
		e, why := g.fieldType(t.Elem())
		if why != "" {
			return "", why
		}
		return fmt.Sprintf("[%d]%s", t.Len(), e), ""
	case types.KindStruct, types.KindUnion:
		s, err := g.addStruct(t)
		if err != "" {
			return "", err
		}
		return s.goName, ""
	}
	return "", "no Go type for " + t.Name()
}

// paramType is the Go type of a parameter.
func (g *generator) paramType(t *types.Type, ct cc.Type) (string, string) {
	if s := scalarGo(t); s != "" {
		return s, ""
	}
	switch t.Kind() {
	case types.KindCharP:
		if p, ok := ct.Decay().(*cc.PointerType); ok && p.Elem().Attributes().IsConst() {
			return "string", "" // const char *: a NUL-terminated copy
		}
		return "[]byte", "" // char *: a buffer C may write
	case types.KindWCharP, types.KindVoidP:
		return "unsafe.Pointer", ""
	case types.KindFunc:
		return g.funcType(t)
	case types.KindPointer:
		elem := t.Elem()
		if _, isArray := ct.Undecay().(*cc.ArrayType); isArray {
			// double f[], char t[][20]: a Go slice of the elements.
			if e, why := g.fieldType(elem); why == "" {
				return "[]" + e, ""
			}
		}
		switch elem.Kind() {
		case types.KindUint8, types.KindInt8, types.KindChar:
			return "[]" + scalarGo(elem), ""
		case types.KindCharP, types.KindWCharP, types.KindVoidP, types.KindPointer, types.KindFunc:
			return "*uintptr", ""
		}
		e, why := g.fieldType(elem)
		if why != "" {
			return "", why
		}
		return "*" + e, ""
	case types.KindStruct:
		s, why := g.addStruct(t)
		if why != "" {
			return "", why
		}
		if s.opaque != "" {
			return "", fmt.Sprintf("%s by value: %s", s.cName, s.opaque)
		}
		return s.goName, ""
	case types.KindUnion:
		return "", "a union by value"
	}
	return "", "no Go type for " + t.Name()
}

// resultType is the Go type of a result.
func (g *generator) resultType(t *types.Type, ct cc.Type) (string, string) {
	switch t.Kind() {
	case types.KindCharP:
		if p, ok := ct.(*cc.PointerType); ok && p.Elem().Attributes().IsConst() {
			return "string", "" // a copy of the C string
		}
		return "unsafe.Pointer", ""
	case types.KindPointer:
		if e, why := g.fieldType(t.Elem()); why == "" && t.Elem().Kind() != types.KindPointer {
			return "*" + e, ""
		}
		return "unsafe.Pointer", ""
	case types.KindFunc:
		return "uintptr", ""
	}
	return g.paramType(t, ct)
}

// funcType is the Go func type of a C function pointer parameter: its
// pointers are unsafe.Pointer, as callbacks receive them.
func (g *generator) funcType(t *types.Type) (string, string) {
	sig := t.Func()
	if sig.Variadic {
		return "", "a pointer to a variadic function"
	}
	var ps []string
	for _, a := range sig.Argtypes {
		s, why := callbackType(a)
		if why != "" {
			return "", "function pointer parameter: " + why
		}
		ps = append(ps, s)
	}
	res := ""
	if sig.Restype != nil && sig.Restype.Kind() != types.KindVoid {
		s, why := callbackType(sig.Restype)
		if why != "" {
			return "", "function pointer result: " + why
		}
		res = " " + s
	}
	return "func(" + strings.Join(ps, ", ") + ")" + res, ""
}

func callbackType(t *types.Type) (string, string) {
	if s := scalarGo(t); s != "" {
		return s, ""
	}
	if t.Kind().IsPointer() {
		return "unsafe.Pointer", ""
	}
	return "", t.Name() + " in a callback"
}

// addStruct adds the Go struct of a C struct or union.
func (g *generator) addStruct(t *types.Type) (*genStruct, string) {
	if s, ok := g.structs[t]; ok {
		return s, ""
	}
	s := &genStruct{t: t, cName: t.Name(), goName: g.goName(exported(g.typedefOf(t)))}
	g.structs[t] = s
	switch {
	case t.Kind() == types.KindUnion:
		s.opaque = "a union"
	case t.Pack() > 0:
		s.opaque = fmt.Sprintf("packed (pack %d)", t.Pack())
	case t.Align() > 8:
		delete(g.structs, t)
		return nil, fmt.Sprintf("%s is aligned to %d", t.Name(), t.Align())
	}
	used := map[string]bool{}
	if s.opaque == "" {
		for i, f := range t.Fields() {
			if f.Bits > 0 || f.Name == "" {
				s.opaque, s.fields = "bitfields", nil
				break
			}
			gt, why := g.fieldType(f.Type)
			if why != "" {
				s.opaque, s.fields = why, nil
				break
			}
			name := exported(f.Name)
			if strings.HasPrefix(f.Name, "_") && isDigits(f.Name[1:]) {
				name = fmt.Sprintf("Anon%d", i)
			}
			for used[name] {
				name += "_"
			}
			used[name] = true
			s.fields = append(s.fields, genField{goName: name, goType: gt, cName: f.Name, offset: f.Offset})
		}
	}
	g.order = append(g.order, s)
	return s, ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// typedefOf returns the typedef name of a struct or union type if the
// declarations have one for it ("z_stream" for struct z_stream_s), and its
// tag otherwise.
func (g *generator) typedefOf(t *types.Type) string {
	if g.typedefs == nil {
		g.typedefs = map[*types.Type]string{}
		var names []string
		for name := range g.d.ast.Scope.Nodes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, n := range g.d.ast.Scope.Nodes[name] {
				dd, ok := n.(*cc.Declarator)
				if !ok || !dd.IsTypename() {
					continue
				}
				k := dd.Type().Kind()
				if k != cc.Struct && k != cc.Union {
					continue
				}
				if rt, ok := g.d.conv.records[recordKey(dd.Type())]; ok {
					if _, taken := g.typedefs[rt]; !taken && name != rt.Name() {
						g.typedefs[rt] = name
					}
				}
			}
		}
	}
	if name, ok := g.typedefs[t]; ok {
		return name
	}
	return t.Name()
}

// goName reserves a Go identifier, adding "_" until it is free.
func (g *generator) goName(name string) string {
	for g.names[name] || reservedTop[name] {
		name += "_"
	}
	g.names[name] = true
	return name
}

var reservedTop = map[string]bool{"Lib": true, "Load": true, "Bind": true, "Library": true, "Close": true}

// exported turns a C name into an exported Go name: "z_stream" is ZStream,
// "zlibVersion" ZlibVersion, "next_in" NextIn.
func exported(c string) string {
	var b strings.Builder
	up := true
	for _, r := range c {
		if r == '_' {
			up = true
			continue
		}
		if up {
			b.WriteRune(unicode.ToUpper(r))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		s = "X" + s
	}
	return s
}

var goReserved = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true, "defer": true,
	"else": true, "fallthrough": true, "for": true, "func": true, "go": true, "goto": true, "if": true,
	"import": true, "interface": true, "map": true, "package": true, "range": true, "return": true,
	"select": true, "struct": true, "switch": true, "type": true, "var": true,
	"bool": true, "byte": true, "int": true, "uint": true, "string": true, "uintptr": true, "rune": true,
	"int8": true, "int16": true, "int32": true, "int64": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "float32": true, "float64": true, "unsafe": true, "ffi": true, "fmt": true, "error": true,
	"len": true, "cap": true, "new": true, "make": true, "copy": true, "append": true, "nil": true,
	"true": true, "false": true, "lib": true, "err": true,
}

func paramName(c string, i int, used map[string]bool) string {
	name := strings.TrimLeft(c, "_")
	if name == "" {
		name = fmt.Sprintf("a%d", i+1)
	}
	if goReserved[name] {
		name += "_"
	}
	for used[name] {
		name += "_"
	}
	used[name] = true
	return name
}

func goPackageName(base string) string {
	base = strings.TrimSuffix(base, filepath.Ext(base))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' && b.Len() > 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "bindings"
	}
	return b.String()
}

// write produces the (unformatted) Go source.
func (g *generator) write(consts []Constant) []byte {
	var b bytes.Buffer
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	cmd := g.opts.Command
	if cmd == "" {
		cmd = "cdecl.Generate"
	}
	header := filepath.Base(g.opts.Header)
	pf("// Code generated by %s; DO NOT EDIT.\n\n", strings.ReplaceAll(cmd, "\n", " "))
	pf("// Package %s binds the functions of %s", g.opts.Package, header)
	if g.opts.Library != "" {
		pf(" in %s", g.opts.Library)
	}
	pf(",\n// through the typed bindings of package ffi (no cgo).\n")
	pf("package %s\n\n", g.opts.Package)
	importsAt := b.Len()
	pf("// Library is the shared library [Load] opens by default.\nconst Library = %q\n\n", g.opts.Library)

	// Constants, grouped by enum; each name once.
	if len(consts) > 0 {
		pf("// The integer constants of %s: its enums and #defines.\nconst (\n", header)
		seen := map[string]bool{}
		for _, c := range consts {
			name := c.Name
			if r := []rune(name); !unicode.IsUpper(r[0]) {
				name = exported(name)
			}
			if seen[c.Name] {
				continue // an enumerator also #defined
			}
			seen[c.Name] = true
			for g.names[name] || reservedTop[name] {
				name += "_" // a type or function of the same Go name
			}
			g.names[name] = true
			val := fmt.Sprint(c.Value)
			if c.Unsigned {
				val = fmt.Sprint(uint64(c.Value))
			}
			if c.Enum != "" {
				pf("%s = %s // enum %s\n", name, val, c.Enum)
			} else {
				pf("%s = %s\n", name, val)
			}
		}
		pf(")\n\n")
	}

	// Struct types.
	for _, s := range g.order {
		kind := "struct"
		if s.t.Kind() == types.KindUnion {
			kind = "union"
		}
		pf("// %s is the C %s %s: %d bytes, aligned to %d.\n", s.goName, kind, s.cName, s.t.Size(), s.t.Align())
		if s.opaque != "" {
			pf("// Its fields are not visible in Go (%s): use it through pointers,\n// or through package types and cdecl for its fields.\n", s.opaque)
			pf("type %s struct {\n", s.goName)
			switch s.t.Align() {
			case 2:
				pf("_align [0]uint16\n")
			case 4:
				pf("_align [0]uint32\n")
			case 8:
				pf("_align [0]uint64\n")
			}
			pf("_data [%d]byte\n}\n\n", s.t.Size())
			continue
		}
		pf("type %s struct {\n", s.goName)
		for _, f := range s.fields {
			pf("%s %s // %s\n", f.goName, f.goType, f.cName)
		}
		pf("}\n\n")
	}

	// The layout check.
	pf("// layoutErr is set when a Go struct's layout differs from the C layout\n// the declarations gave (another platform or ABI than the generator's).\nvar layoutErr = checkLayout()\n\n")
	pf("func checkLayout() error {\n")
	for _, s := range g.order {
		pf("{\nvar v %s\n", s.goName)
		pf("if unsafe.Sizeof(v) != %d || unsafe.Alignof(v) != %d {\nreturn fmt.Errorf(\"%s: Go %s is %%d bytes aligned to %%d, C's is %d aligned to %d\", unsafe.Sizeof(v), unsafe.Alignof(v))\n}\n",
			s.t.Size(), s.t.Align(), g.opts.Package, s.goName, s.t.Size(), s.t.Align())
		for _, f := range s.fields {
			pf("if unsafe.Offsetof(v.%s) != %d {\nreturn fmt.Errorf(\"%s: %s.%s is at offset %%d in Go, %d in C\", unsafe.Offsetof(v.%s))\n}\n",
				f.goName, f.offset, g.opts.Package, s.goName, f.goName, f.offset, f.goName)
		}
		pf("}\n")
	}
	pf("return nil\n}\n\n")

	// The functions.
	pf("// Lib holds the functions of %s bound in one library.\ntype Lib struct {\n", header)
	pf("lib *ffi.Library\n")
	for _, f := range g.funcs {
		pf("\n// %s is\n//\n//\t%s\n%s func(%s)", f.goName, f.proto, f.goName, strings.Join(f.params, ", "))
		if f.result != "" {
			pf(" %s", f.result)
		}
		pf("\n")
	}
	pf("}\n\n")
	if len(g.skipped) > 0 {
		sort.Strings(g.skipped)
		pf("// Not bound:\n")
		for _, s := range g.skipped {
			pf("//   - %s\n", strings.ReplaceAll(s, "\n", " "))
		}
		pf("\n")
	}
	pf("// Load opens the library name (\"\" for [Library]) with ffi.CDLL and binds\n// its functions.\n")
	pf("func Load(name string) (*Lib, error) {\nif name == \"\" {\nname = Library\n}\nlib, err := ffi.CDLL(name)\nif err != nil {\nreturn nil, err\n}\nl, err := Bind(lib)\nif err != nil {\nlib.Close()\nreturn nil, err\n}\nreturn l, nil\n}\n\n")
	pf("// Close closes the library.\nfunc (l *Lib) Close() error { return l.lib.Close() }\n\n")
	pf("// Bind binds the functions of %s in lib. A function lib does not export\n// (the header declares more than this build of the library has) stays nil.\nfunc Bind(lib *ffi.Library) (*Lib, error) {\nif layoutErr != nil {\nreturn nil, layoutErr\n}\nl := &Lib{lib: lib}\nvar err error\n", header)
	for _, f := range g.funcs {
		n := len(f.paramTypes)
		switch {
		case n <= maxTypedArgs && f.result != "":
			pf("l.%s, err = ffi.Fn%d[%s](lib, %q)\n", f.goName, n, strings.Join(append([]string{f.result}, f.paramTypes...), ", "), f.cName)
		case n == 0:
			pf("l.%s, err = ffi.Proc0(lib, %q)\n", f.goName, f.cName)
		case n <= maxTypedArgs:
			pf("l.%s, err = ffi.Proc%d[%s](lib, %q)\n", f.goName, n, strings.Join(f.paramTypes, ", "), f.cName)
		default:
			pf("err = ffi.BindFunc(lib, %q, &l.%s)\n", f.cName, f.goName)
		}
		pf("if err != nil && !errors.Is(err, ffi.ErrSymbol) {\nreturn nil, err\n}\n")
	}
	pf("return l, nil\n}\n")
	body := b.String()[importsAt:]
	imports := "import (\n"
	if strings.Contains(body, "errors.") {
		imports += "\"errors\"\n"
	}
	if strings.Contains(body, "fmt.") {
		imports += "\"fmt\"\n"
	}
	if strings.Contains(body, "unsafe.") {
		imports += "\"unsafe\"\n"
	}
	imports += "\n\"github.com/purectypes/ctypes/ffi\"\n)\n\n"
	return []byte(b.String()[:importsAt] + imports + body)
}
