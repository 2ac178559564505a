// Package libffi is the few libffi functions the libffi call engine needs
// (ffi_prep_cif, ffi_prep_cif_var, ffi_call and the closure functions),
// loaded through purego on first use rather than at program start.
//
// Why not github.com/jupiterrider/ffi directly: its package init loads
// libffi and panics when the library is absent, so a program importing it
// dies before main on a machine without libffi8, even when every call it
// makes goes through the project's own engine. Here a missing libffi is an
// error, [ErrUnavailable], returned by the first call that needs it and
// naming the package to install. jupiterrider/ffi stays the oracle the
// tests compare this binding and the hand-written engines with.
//
// The library loaded is [Path] (libffi.so.8, libffi.8.dylib or
// libffi-8.dll), or $CTYPES_LIBFFI when set, which is how a test points
// the loader at a missing file.
package libffi

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// ErrUnavailable reports that libffi could not be loaded.
var ErrUnavailable = errors.New("libffi is not available")

// Status is ffi_status.
type Status uintptr

// The ffi_status values.
const (
	OK         Status = 0
	BadTypedef Status = 1
	BadABI     Status = 2
	BadArgType Status = 3
)

func (s Status) String() string {
	switch s {
	case OK:
		return "FFI_OK"
	case BadTypedef:
		return "FFI_BAD_TYPEDEF"
	case BadABI:
		return "FFI_BAD_ABI"
	case BadArgType:
		return "FFI_BAD_ARGTYPE"
	}
	return fmt.Sprintf("ffi_status(%d)", uintptr(s))
}

// Type is ffi_type. Descriptors of aggregates made in Go must stay
// reachable, and pinned, for as long as a Cif that uses them.
type Type struct {
	Size      uintptr
	Alignment uint16
	Kind      uint16
	Elements  **Type // NULL-terminated, for FFI_TYPE_STRUCT
}

// The ffi_type type codes.
const (
	TypeVoid    = 0
	TypeFloat   = 2
	TypeDouble  = 3
	TypeUint8   = 5
	TypeSint8   = 6
	TypeUint16  = 7
	TypeSint16  = 8
	TypeUint32  = 9
	TypeSint32  = 10
	TypeUint64  = 11
	TypeSint64  = 12
	TypeStruct  = 13
	TypePointer = 14
)

// Cif is ffi_cif, with room for every platform's extra fields.
type Cif struct {
	ABI      uint32
	NArgs    uint32
	ArgTypes **Type
	RType    *Type
	Bytes    uint32
	Flags    uint32
	extra    [8]uint64
}

// ClosureSize is how many bytes ClosureAlloc asks for: more than any
// platform's ffi_closure (trampoline, cif, fun, user_data).
const ClosureSize = 128

var (
	once                                      sync.Once
	loadErr                                   error
	prepCif, prepCifVar, call                 uintptr
	closureAlloc, closureFree, prepClosureLoc uintptr
	builtin                                   map[string]*Type
)

// Path is the file name libffi is loaded from on this platform.
var Path = defaultPath

// Load loads libffi once and reports whether it could; every function of
// this package calls it first.
func Load() error {
	once.Do(func() {
		name := Path
		if p := os.Getenv("CTYPES_LIBFFI"); p != "" {
			name = p
		}
		h, err := open(name)
		if err != nil {
			loadErr = fmt.Errorf("%w: cannot load %s (%v); install libffi 8 (Debian/Ubuntu: apt-get install libffi8)", ErrUnavailable, name, err)
			return
		}
		syms := []struct {
			name string
			p    *uintptr
		}{
			{"ffi_prep_cif", &prepCif}, {"ffi_prep_cif_var", &prepCifVar}, {"ffi_call", &call},
			{"ffi_closure_alloc", &closureAlloc}, {"ffi_closure_free", &closureFree},
			{"ffi_prep_closure_loc", &prepClosureLoc},
		}
		for _, s := range syms {
			if *s.p, err = sym(h, s.name); err != nil {
				loadErr = fmt.Errorf("%w: %s has no %s: %v", ErrUnavailable, name, s.name, err)
				return
			}
		}
		builtin = map[string]*Type{}
		for _, n := range []string{"void", "uint8", "sint8", "uint16", "sint16", "uint32", "sint32", "uint64", "sint64", "float", "double", "pointer"} {
			a, err := sym(h, "ffi_type_"+n)
			if err != nil {
				loadErr = fmt.Errorf("%w: %s has no ffi_type_%s: %v", ErrUnavailable, name, n, err)
				return
			}
			builtin[n] = *(**Type)(unsafe.Pointer(&a)) // libffi's own memory: never moved or freed
		}
	})
	return loadErr
}

// Builtin returns libffi's own descriptor ffi_type_<name> ("sint32",
// "double", "pointer", ...), or nil if libffi is unavailable.
func Builtin(name string) *Type {
	if Load() != nil {
		return nil
	}
	return builtin[name]
}

// PrepCif is ffi_prep_cif (nfixed < 0) or ffi_prep_cif_var (nfixed
// fixed arguments of len(args)). cif, rtype and args (and what they point
// to) must not move while libffi keeps pointers to them: Go heap memory,
// pinned by the caller.
func PrepCif(cif *Cif, nfixed int, rtype *Type, args []*Type) (Status, error) {
	if err := Load(); err != nil {
		return 0, err
	}
	var ap uintptr
	if len(args) > 0 {
		ap = uintptr(unsafe.Pointer(&args[0]))
	}
	var r uintptr
	if nfixed < 0 {
		r, _, _ = purego.SyscallN(prepCif, uintptr(unsafe.Pointer(cif)), uintptr(DefaultABI), uintptr(len(args)), uintptr(unsafe.Pointer(rtype)), ap)
	} else {
		r, _, _ = purego.SyscallN(prepCifVar, uintptr(unsafe.Pointer(cif)), uintptr(DefaultABI), uintptr(nfixed), uintptr(len(args)), uintptr(unsafe.Pointer(rtype)), ap)
	}
	runtime.KeepAlive(cif)
	runtime.KeepAlive(rtype)
	runtime.KeepAlive(args)
	return Status(uint32(r)), nil
}

// Call is ffi_call: fn called as cif says, with the argument values at
// avalue[i] and the result stored at rvalue. The caller made cif with
// PrepCif, so libffi is loaded.
func Call(cif *Cif, fn uintptr, rvalue unsafe.Pointer, avalue []unsafe.Pointer) {
	var ap uintptr
	if len(avalue) > 0 {
		ap = uintptr(unsafe.Pointer(&avalue[0]))
	}
	var own [16]unsafe.Pointer
	var cp []unsafe.Pointer
	if rewritesAvalue && len(avalue) > 0 {
		// libffi writes to the array it gets (avalue_windows.go): give it
		// a copy, not the caller's array, whose pointers would then lead to
		// dead C stack. libffi reads and writes the array before it calls
		// fn, so a copy on this goroutine stack serves even if a callback
		// moves the stack later.
		cp = own[:]
		if len(avalue) > len(own) {
			cp = make([]unsafe.Pointer, len(avalue))
		}
		copy(cp, avalue)
		ap = uintptr(unsafe.Pointer(&cp[0]))
	}
	purego.SyscallN(call, uintptr(unsafe.Pointer(cif)), fn, uintptr(rvalue), ap)
	// The uintptrs above hide these from the garbage collector: they must
	// live until libffi has read them (a collection during the call freed
	// avalue under GOGC=1 on arm64 and the call read garbage).
	runtime.KeepAlive(cif)
	runtime.KeepAlive(rvalue)
	runtime.KeepAlive(avalue)
	runtime.KeepAlive(cp)
}

// ClosureAlloc is ffi_closure_alloc(ClosureSize, &code): the writable
// closure (C memory) and its executable address.
func ClosureAlloc() (closure, code uintptr, err error) {
	if err := Load(); err != nil {
		return 0, 0, err
	}
	var c uintptr
	r, _, _ := purego.SyscallN(closureAlloc, ClosureSize, uintptr(unsafe.Pointer(&c)))
	if r == 0 {
		return 0, 0, errors.New("ffi_closure_alloc failed")
	}
	return r, c, nil
}

// PrepClosureLoc is ffi_prep_closure_loc: the closure at code calls fun(cif,
// ret, args, userData) with the C calling convention.
func PrepClosureLoc(closure uintptr, cif *Cif, fun, userData, code uintptr) Status {
	r, _, _ := purego.SyscallN(prepClosureLoc, closure, uintptr(unsafe.Pointer(cif)), fun, userData, code)
	runtime.KeepAlive(cif)
	return Status(uint32(r))
}

// ClosureFree is ffi_closure_free.
func ClosureFree(closure uintptr) {
	purego.SyscallN(closureFree, closure)
}
