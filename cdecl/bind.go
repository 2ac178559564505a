package cdecl

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"modernc.org/cc/v4"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// Func binds the function that the C declarations decl declare last, in
// lib, in one line: the symbol named by the prototype, with Restype,
// Argtypes and Variadic set from it, ready to call.
//
//	sin, err := cdecl.Func(libm, "double sin(double)")
//	add, err := cdecl.Func(lib, "struct Complex { double x, y; }; struct Complex add(struct Complex, struct Complex);")
//
// decl may define the types the prototype uses before it; the trailing
// semicolon may be left out. Declarations used more than once are better
// read once with [Parse].
func Func(lib *ffi.Library, decl string, opts ...Option) (*ffi.Func, error) {
	if lib == nil {
		return nil, fmt.Errorf("%w: nil *ffi.Library", ffi.ErrClosed)
	}
	decl = strings.TrimSpace(decl)
	if !strings.HasSuffix(decl, ";") && !strings.HasSuffix(decl, "}") {
		decl += ";"
	}
	// A prototype has no #define constants to evaluate.
	d, err := Parse(decl, append(opts, func(o *options) { o.noMacros = true })...)
	if err != nil {
		return nil, err
	}
	name, err := d.lastFunc()
	if err != nil {
		return nil, err
	}
	return d.Func(lib, name)
}

// lastFunc returns the function declared last in the user's source.
func (d *Decls) lastFunc() (string, error) {
	var best string
	bestPos := -1
	for name, nodes := range d.ast.Scope.Nodes {
		for _, n := range nodes {
			dd, ok := n.(*cc.Declarator)
			if !ok || dd.IsTypename() || d.isInternal(dd.Position().Filename) {
				continue
			}
			if _, ok := dd.Type().(*cc.FunctionType); !ok {
				continue
			}
			p := dd.Position()
			if pos := p.Line<<20 | p.Column; pos > bestPos {
				best, bestPos = name, pos
			}
		}
	}
	if best == "" {
		return "", fmt.Errorf("%w: the declarations declare no function", ErrNotDeclared)
	}
	return best, nil
}

// Func returns the function name of lib with the signature the
// declarations give it: an *ffi.Func with Restype, Argtypes and Variadic
// set, ready to call. Each call returns a new Func, so its fields may be
// changed (Errcheck, UseErrno) without affecting other users.
func (d *Decls) Func(lib *ffi.Library, name string) (*ffi.Func, error) {
	if lib == nil {
		return nil, fmt.Errorf("%w: %s: nil *ffi.Library", ffi.ErrClosed, name)
	}
	sig, err := d.Signature(name)
	if err != nil {
		return nil, err
	}
	if err := errLongDoubleByValue(name, sig); err != nil {
		return nil, err
	}
	addr, err := lib.Sym(name)
	if err != nil {
		return nil, err
	}
	f, err := ffi.NewFunc(addr, name, sig.Restype, sig.Argtypes...)
	if err != nil {
		return nil, fmt.Errorf("cdecl: %s: %w", name, err)
	}
	f.Variadic = sig.Variadic
	return f, nil
}

// BindError lists the declared functions that [Decls.Bind] could not bind
// although the library exports them, each with its reason (an
// [UnsupportedError] for a va_list or long double parameter, for example).
// errors.Is and errors.As see each of the reasons.
type BindError struct {
	Errs map[string]error
}

// Error lists the functions and their reasons, sorted by name.
func (e *BindError) Error() string {
	names := make([]string, 0, len(e.Errs))
	for n := range e.Errs {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "cdecl: %d function(s) not bound:", len(names))
	for _, n := range names {
		fmt.Fprintf(&b, "\n\t%s: %v", n, e.Errs[n])
	}
	return b.String()
}

// Unwrap returns the reasons.
func (e *BindError) Unwrap() []error {
	errs := make([]error, 0, len(e.Errs))
	for _, err := range e.Errs {
		errs = append(errs, err)
	}
	return errs
}

// Bind binds every declared function that lib exports, by name. A declared
// function lib does not export is left out (a header declares more than
// one library has); one lib exports but whose signature cannot be called
// is reported by name in a *BindError, with the map still holding all the
// others.
func (d *Decls) Bind(lib *ffi.Library) (map[string]*ffi.Func, error) {
	if lib == nil {
		return nil, fmt.Errorf("%w: nil *ffi.Library", ffi.ErrClosed)
	}
	funcs := map[string]*ffi.Func{}
	bad := map[string]error{}
	for _, name := range d.Funcs() {
		f, err := d.Func(lib, name)
		var se *ffi.SymbolError
		switch {
		case err == nil:
			funcs[name] = f
		case errors.As(err, &se) || errors.Is(err, ffi.ErrSymbol):
			// not in this library
		default:
			if _, serr := lib.Sym(name); serr == nil {
				bad[name] = err
			}
		}
	}
	if len(bad) > 0 {
		return funcs, &BindError{Errs: bad}
	}
	return funcs, nil
}

// Var returns the global variable name of lib as a Value of its declared
// type, viewing the library's memory (see [ffi.InDll]).
func (d *Decls) Var(lib *ffi.Library, name string) (*types.Value, error) {
	if lib == nil {
		return nil, fmt.Errorf("%w: %s: nil *ffi.Library", ffi.ErrClosed, name)
	}
	for _, n := range d.ast.Scope.Nodes[name] {
		if dd, ok := n.(*cc.Declarator); ok && !dd.IsTypename() {
			if _, isFunc := dd.Type().(*cc.FunctionType); isFunc {
				continue
			}
			d.mu.Lock()
			t, err := d.conv.typ(name, dd.Type())
			d.mu.Unlock()
			if err != nil {
				return nil, err
			}
			return ffi.InDll(lib, t, name)
		}
	}
	return nil, fmt.Errorf("%w: no variable %q", ErrNotDeclared, name)
}

// Lib is a library with the functions of a declaration set bound by name,
// like the object cffi's dlopen returns.
type Lib struct {
	*ffi.Library
	// Funcs holds every declared function the library exports, ready to
	// call.
	Funcs map[string]*ffi.Func
}

// Dlopen loads the library name (as [ffi.CDLL] does) and binds every
// declared function it exports (as [Decls.Bind] does); a *BindError for
// functions it cannot bind comes with the Lib holding all the others.
func (d *Decls) Dlopen(name string, mode ...ffi.Mode) (*Lib, error) {
	lib, err := ffi.CDLL(name, mode...)
	if err != nil {
		return nil, err
	}
	funcs, err := d.Bind(lib)
	return &Lib{Library: lib, Funcs: funcs}, err
}
