package ffi

import (
	"fmt"
	"strings"
	"sync"
)

// DefaultMode is the mode [CDLL] uses when none is given.
const DefaultMode = ModeNow | ModeLocal

// Library is a loaded shared object, like a ctypes.CDLL instance. It is
// safe for concurrent use.
type Library struct {
	name   string
	handle uintptr

	state *libState

	mu     sync.Mutex
	closed bool
	funcs  map[string]*Func
}

// CDLL loads the shared library name with dlopen, like ctypes.CDLL(name,
// mode): name is a path ("./libctest.so", "/usr/lib/x86_64-linux-gnu/libm.so.6")
// or a soname searched the way dlopen searches ("libm.so.6"); use
// [FindLibrary] to turn "m" into a soname. With no mode, [DefaultMode] is
// used. A library that cannot be loaded gives a [*LoadError] carrying
// dlerror's text.
func CDLL(name string, mode ...Mode) (*Library, error) {
	m := DefaultMode
	if len(mode) > 0 {
		m = 0
		for _, x := range mode {
			m |= x
		}
		if m&(ModeLazy|ModeNow) == 0 {
			m |= ModeNow
		}
	}
	if name == "" {
		return nil, &LoadError{Name: name, Dlerror: "empty library name"}
	}
	h, err := dlopen(name, m)
	if err != nil {
		return nil, &LoadError{Name: name, Dlerror: dlerrorText(err)}
	}
	return &Library{name: name, handle: h, state: new(libState), funcs: map[string]*Func{}}, nil
}

// Name returns the name the library was loaded with.
func (l *Library) Name() string { return l.name }

// Handle returns the dlopen handle.
func (l *Library) Handle() uintptr { return l.handle }

// String describes the library like ctypes: <CDLL 'libm.so.6', handle 5f...>.
func (l *Library) String() string {
	return fmt.Sprintf("<CDLL '%s', handle %x>", l.name, l.handle)
}

// Close closes the library: every later call through its functions, of
// every kind, gets [ErrClosed] (a typed binding, which has no error
// result, panics with a *CallError wrapping it), and Sym and Func fail.
// Closing twice is a no-op.
//
// Close does not wait for calls in flight on other goroutines, and it does
// not unmap the library's code at once: dlclose runs once no Func, typed
// binding or call of the library remains reachable, so a call that is
// still running keeps its code mapped. Values that view the library's own
// memory ([InDll]) and its function pointers held elsewhere must not be
// used after Close.
func (l *Library) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.state.close(l.handle)
	return nil
}

// Sym returns the address of the symbol name (a function or a global
// variable), like dlsym. A missing symbol gives a [*SymbolError].
func (l *Library) Sym(name string) (uintptr, error) {
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed {
		return 0, fmt.Errorf("ffi: %s: symbol %q: %w", l.name, name, ErrClosed)
	}
	if strings.IndexByte(name, 0) >= 0 {
		return 0, &SymbolError{Library: l.name, Symbol: name, Dlerror: "the name has a NUL byte, where C would see it end"}
	}
	addr, err := dlsym(l.handle, name)
	if err != nil || addr == 0 {
		text := ""
		if err != nil {
			text = dlerrorText(err)
		}
		return 0, &SymbolError{Library: l.name, Symbol: name, Dlerror: text}
	}
	return addr, nil
}

// Func returns the C function name, like ctypes' lib.name attribute: the
// same *Func every time for the same name, so Restype and Argtypes set on
// it stay set. Its Restype is [types.Int] until changed, as in ctypes.
func (l *Library) Func(name string) (*Func, error) {
	l.mu.Lock()
	if f, ok := l.funcs[name]; ok {
		l.mu.Unlock()
		return f, nil
	}
	l.mu.Unlock()
	addr, err := l.Sym(name)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.funcs[name]; ok {
		return f, nil
	}
	f := newFunc(l.name, name, addr, l.state)
	l.funcs[name] = f
	return f, nil
}
