package ffi

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/purectypes/ctypes/types"
)

// Sentinel errors; every error of this package wraps one of them (and
// conversion errors also wrap types.ErrConvert or types.ErrRange), so
// callers can test with errors.Is and errors.As.
var (
	// ErrLoad reports a library that dlopen could not load.
	ErrLoad = errors.New("cannot load library")
	// ErrSymbol reports a symbol that dlsym could not find.
	ErrSymbol = errors.New("symbol not found")
	// ErrClosed reports a use of a closed Library.
	ErrClosed = errors.New("library is closed")
	// ErrArgCount reports a call with the wrong number of arguments.
	ErrArgCount = errors.New("wrong number of arguments")
	// ErrArgument reports an argument that cannot be converted to its C
	// type.
	ErrArgument = errors.New("bad argument")
	// ErrSignature reports a Restype or Argtypes that cannot be called
	// (void argument, unsupported type).
	ErrSignature = errors.New("unsupported signature")
	// ErrResult reports a result that cannot be stored in the Go value asked
	// for (see [CallAs]).
	ErrResult = errors.New("bad result type")
)

// LoadError is returned when a library cannot be loaded. It wraps
// [ErrLoad].
type LoadError struct {
	Name    string // the name or path given to dlopen
	Dlerror string // dlerror's text
}

// Error describes the error.
func (e *LoadError) Error() string {
	return fmt.Sprintf("ffi: cannot load library %q: %s", e.Name, e.Dlerror)
}

// Unwrap returns [ErrLoad].
func (e *LoadError) Unwrap() error { return ErrLoad }

// SymbolError is returned when a symbol is not found. It wraps
// [ErrSymbol].
type SymbolError struct {
	Library string // the library's name
	Symbol  string
	Dlerror string // dlerror's text, if any
}

// Error describes the error.
func (e *SymbolError) Error() string {
	s := fmt.Sprintf("ffi: %s: symbol %q not found", e.Library, e.Symbol)
	if e.Dlerror != "" {
		s += ": " + e.Dlerror
	}
	return s
}

// Unwrap returns [ErrSymbol].
func (e *SymbolError) Unwrap() error { return ErrSymbol }

// CallError describes what went wrong in a call to a C function: which
// function of which library and, for argument errors, which argument (Arg
// counts from 1, as ctypes' messages do), the C type expected and the Go
// type given.
type CallError struct {
	Library  string
	Func     string
	Arg      int         // 1-based argument number; 0 when not about one argument
	Expected *types.Type // the argument's C type, when known
	Given    string      // the Go type given
	Err      error       // the cause; wraps one of the sentinels
}

// Error describes the error.
func (e *CallError) Error() string {
	s := "ffi: "
	if e.Library != "" {
		s += e.Library + ": "
	}
	s += e.Func + ": "
	if e.Arg > 0 {
		s += fmt.Sprintf("argument %d: ", e.Arg)
	}
	return s + e.Err.Error()
}

// Unwrap returns the cause.
func (e *CallError) Unwrap() error { return e.Err }

// argErr is an argument conversion error: it reads as its cause and
// matches both ErrArgument and the cause with errors.Is.
type argErr struct{ err error }

// Error describes the error.
func (e argErr) Error() string { return e.err.Error() }

// Unwrap returns the sentinel or cause the error wraps, for errors.Is and errors.As.
func (e argErr) Unwrap() []error { return []error{ErrArgument, e.err} }

// fnID names a C function in errors: its library and symbol.
type fnID struct{ lib, name string }

func (f *fnID) errorf(arg int, expected *types.Type, given string, err error) *CallError {
	return &CallError{Library: f.lib, Func: f.name, Arg: arg, Expected: expected, Given: given, Err: err}
}

func goType(x any) string {
	if v, ok := x.(*types.Value); ok && v != nil && v.Type() != nil {
		return "*types.Value of " + v.Type().Name()
	}
	if x == nil {
		return "nil"
	}
	return reflect.TypeOf(x).String() // reads only the type word: x does not escape
}
