package ffi

import (
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// Func is a C function: an address and the signature to call it with, like
// a ctypes function object. Set Restype and Argtypes before calling, as in
// ctypes; the signature work (classification, conversion plan, libffi call
// interface) is done once, on the first call after they change, so later
// calls only convert the arguments and call.
//
// Setting the fields while another goroutine calls the Func is a data race,
// as for any Go struct; calling one Func from many goroutines is safe.
type Func struct {
	// Restype is the C return type; nil or [types.Void] means void. It starts
	// as [types.Int], as in ctypes, so a function returning double must have
	// it set (libm's sin without it returns the bits left in eax).
	Restype *types.Type
	// Argtypes are the C types of the (fixed) arguments. When nil, every
	// argument is converted from its Go type as ctypes converts Python
	// values (see [Func.Call]). When set, calls must pass at least that many
	// arguments; extra ones are converted from their Go types, as in
	// ctypes.
	Argtypes []*types.Type
	// Variadic declares a C function with "..." after Argtypes: the extra
	// arguments get C's default argument promotions (float to double,
	// integers narrower than int to int) and are passed as variadic
	// arguments.
	Variadic bool
	// Errcheck, when set, is called after every successful call with the
	// converted result, the Func and the arguments; what it returns is what
	// the call returns, like ctypes' errcheck. The arguments are copies
	// that Errcheck may keep: a Go pointer is the caller's own, except one
	// to a variable on the caller's goroutine stack, which points to a
	// copy of that variable as C left it.
	Errcheck func(result any, f *Func, args []any) (any, error)
	// UseErrno makes [Func.Call] swap the OS thread's private errno copy
	// ([GetErrno], [SetErrno]) with C's errno around each call, like
	// ctypes' use_errno. [Func.CallErrno] is the goroutine-safe way to the
	// same value.
	UseErrno bool
	// Leaf declares the C function a leaf, like Java's
	// Linker.Option.critical(): short (microseconds at most), never
	// blocking, never calling back into Go, using at most LeafStack bytes
	// of C stack (0: [DefaultLeafStack]). Calls then run directly on the
	// goroutine stack, without the scheduler hand-off of every other call
	// (cgo's too): an integer add or sin costs a few nanoseconds instead of
	// tens. While C runs the goroutine keeps its thread and cannot be
	// preempted, so a leaf call of 20 µs delays the garbage collector and
	// the goroutines waiting for that thread as a 20 µs Go loop would: never
	// declare leaf what may block, take a lock held elsewhere, do I/O or run
	// longer. A callback into Go during a leaf call, or a fault inside one,
	// ends the program with a fatal error naming the function. Goroutine
	// stacks have no guard page: C using more than LeafStack overwrites
	// memory below the goroutine stack, undetected; declare what the
	// function needs. Where the engine has no leaf trampoline (libffi, and
	// platforms other than linux/amd64, linux/arm64 and windows/amd64 for
	// now), Leaf makes ordinary calls.
	Leaf bool
	// LeafStack is the C stack bound of a leaf call (see Leaf), rounded up
	// to 16 KiB, 64 KiB, 256 KiB or 1 MiB; over 1 MiB is an error.
	LeafStack uintptr

	target
	state *libState // shared with the library: closed or not

	cur atomic.Pointer[prepared] // the plan for the declared signature
	dyn sync.Map                 // dynamic signatures: key string -> *prepared
}

func newFunc(lib, name string, addr uintptr, st *libState) *Func {
	return &Func{Restype: types.Int, target: target{fnID{lib, name}, addr}, state: st}
}

// NewFunc returns a Func for the C function at addr, like ctypes'
// CFUNCTYPE(restype, *argtypes)(addr): for function pointers a C library
// returns or stores in a struct. name is used in error messages. restype nil
// means void. The address must be a function with this signature; nothing
// can check it.
func NewFunc(addr uintptr, name string, restype *types.Type, argtypes ...*types.Type) (*Func, error) {
	if addr == 0 {
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: NULL function pointer", ErrSymbol)}
	}
	if restype == nil {
		restype = types.Void
	}
	f := &Func{Restype: restype, Argtypes: argtypes, target: target{fnID{name: name}, addr}, state: new(libState)}
	if argtypes == nil {
		f.Argtypes = []*types.Type{}
	}
	if _, err := f.prepareDeclared(); err != nil {
		return nil, err
	}
	return f, nil
}

// FuncOf returns a Func calling the function pointer held by v, a Value of
// a [types.FuncType] type (or void*), with the signature of that type.
func FuncOf(v *types.Value, name string) (*Func, error) {
	if err := v.Err(); err != nil {
		return nil, err
	}
	addr, err := v.Address()
	if err != nil {
		return nil, err
	}
	sig := v.Type().Func()
	if sig == nil {
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: %s is not a function pointer type", ErrSignature, v.Type())}
	}
	f, err := NewFunc(addr, name, sig.Restype, sig.Argtypes...)
	if err != nil {
		return nil, err
	}
	f.Variadic = sig.Variadic
	return f, nil
}

// Name returns the function's symbol name.
func (f *Func) Name() string { return f.name }

// Library returns the name of the library the function comes from.
func (f *Func) Library() string { return f.lib }

// Addr returns the function's address.
func (f *Func) Addr() uintptr { return f.addr }

// String describes the function like ctypes: <_FuncPtr object 'sin' at 0x...>.
func (f *Func) String() string {
	return fmt.Sprintf("<_FuncPtr object '%s' at %#x>", f.name, f.addr)
}

// prepareDeclared returns the plan for the declared Restype/Argtypes,
// building it when they changed since the last call.
func (f *Func) prepareDeclared() (*prepared, error) {
	rt := restypeOf(f.Restype)
	if p := f.cur.Load(); p != nil && p.current(f) {
		return p, nil
	}
	var kbuf [192]byte
	var key []byte
	if !f.Leaf && !forceLibffi {
		key = declaredKey(kbuf[:0], f.Restype, f.Argtypes, f.Variadic, f.LeafStack)
		if p := sharedDeclared(key); p != nil { // another Func's (prepcache.go)
			f.cur.Store(p)
			return p, nil
		}
	}
	fixed := len(f.Argtypes)
	if !f.Variadic {
		fixed = -1
	}
	p, err := f.build(rt, f.Argtypes, fixed)
	if err != nil {
		return nil, err
	}
	p.declared = append([]*types.Type(nil), f.Argtypes...)
	p.given = f.Restype
	p.variadic = f.Variadic
	p.leaf, p.leafStack = f.Leaf, f.LeafStack
	if f.Leaf {
		if p.eng, err = leafEngine(p.eng, f.LeafStack, f.addr, f.lib+":"+f.name); err != nil {
			return nil, f.errorf(0, nil, "", err)
		}
	}
	p.setOuts() // the engine's derived plans, for the final p.eng
	if key != nil {
		shareDeclared(key, p)
	}
	f.cur.Store(p)
	return p, nil
}

func sameTypes(a, b []*types.Type) bool {
	if len(a) != len(b) {
		return false
	}
	b = b[:len(a)] // no bounds checks in the loop
	for i, t := range a {
		if t != b[i] {
			return false
		}
	}
	return true
}

// prepareDynamic returns the plan for a call whose argument types (some or
// all) come from the Go values given.
func (f *Func) prepareDynamic(args []any) (*prepared, error) {
	rt := restypeOf(f.Restype)
	all := make([]*types.Type, len(args))
	copy(all, f.Argtypes)
	key := make([]byte, 0, 64)
	key = fmt.Appendf(key, "%p|%t|%p|%t|%d", rt, f.Variadic, unsafe.SliceData(f.Argtypes), f.Leaf, f.LeafStack)
	for i := len(f.Argtypes); i < len(args); i++ {
		t, err := defaultType(args[i], f.Variadic)
		if err != nil {
			return nil, f.errorf(i+1, nil, goType(args[i]), err)
		}
		all[i] = t
	}
	for _, t := range all {
		key = fmt.Appendf(key, "|%p", t)
	}
	if p, ok := f.dyn.Load(string(key)); ok {
		p := p.(*prepared)
		if sameTypes(p.declared, f.Argtypes) {
			return p, nil
		}
	}
	fixed := -1
	if f.Variadic {
		fixed = len(f.Argtypes)
	}
	p, err := f.build(rt, all, fixed)
	if err != nil {
		return nil, err
	}
	p.declared = append([]*types.Type(nil), f.Argtypes...)
	if f.Leaf {
		if p.eng, err = leafEngine(p.eng, f.LeafStack, f.addr, f.lib+":"+f.name); err != nil {
			return nil, f.errorf(0, nil, "", err)
		}
	}
	p.setOuts() // the engine's derived plans, for the final p.eng
	f.dyn.Store(string(key), p)
	return p, nil
}

// Call calls the C function with Go values and returns its result as a Go
// value, like calling a ctypes function.
//
// Each argument is converted to its Argtypes entry as [types.Value.Set]
// converts, and for pointer types also: a *types.Value of the pointed-to
// type or an array of it (passed by address, as ctypes does), a
// [types.Ref] from [types.Byref], a Go slice or pointer of a matching Go
// type ([]float64 for POINTER(c_double)), which passes without copying.
// Struct and union arguments take a *types.Value of that type.
//
// Arguments beyond Argtypes (or all of them, when Argtypes is nil) are
// converted by their Go type, as ctypes converts Python values: int, int8,
// int16, int32 and bool to c_int (range-checked), int64 to c_longlong,
// uint, uint8, uint16 and uint32 to c_uint, uint64 to c_ulonglong, float64
// to c_double, float32 to c_float (to c_double in a variadic call), string
// to c_char_p, []byte and unsafe.Pointer and uintptr to c_void_p, nil to
// NULL, a *types.Value to its own type (by value for structs, as in
// ctypes; arrays decay to pointers), a types.Ref to a pointer.
//
// The result is converted by [types.Type.GoValue] for scalar restypes (so
// the default c_int gives an int64), a new *types.Value for struct, union
// and array restypes, a *types.Value holding the address for typed
// pointer and function pointer restypes, and nil for void. Go memory passed
// to C is kept alive for the duration of the call; C must not keep
// pointers to it afterwards unless the caller keeps it alive.
//
// The arguments do not escape: a variable passed, or one a Go pointer
// among them points to, may stay on the caller's goroutine stack, which
// moves when it grows. Go pointers to such variables therefore reach C as
// copies (output parameters, *[N]T), and an unsafe.Pointer into that
// stack is refused ([types.ErrConvert], before C runs); pass heap memory,
// a slice or a *types.Value to let C use Go memory in place.
func (f *Func) Call(args ...any) (any, error) {
	if p := f.cur.Load(); p != nil && f.Errcheck == nil && !f.UseErrno && p.ready(f, args, atomic.LoadUintptr(&p.retDirect)) && p.readyOffStack(args) {
		// The commonest call, CallAs's (any R will do: the result goes
		// to a word of its own, or to the Value a struct result is
		// returned in), on the boxed path; output parameters are copied
		// by the engine rather than passed in place.
		var out result
		ret := unsafe.Pointer(&out.bits)
		switch p.resKind {
		case types.KindVoid:
			ret = nil
		case types.KindStruct, types.KindUnion:
			ret = p.resultMem(&out) // allocates: before args' address is taken
			// The boxed plan's direct calls written out here and for a
			// scalar below, as in CallAs: one dispatch in callBoxed for all
			// of them cost Func.Call 30-80 instructions more per call
			// (measured: iadd 610 -> 641, add(struct, struct) 937 -> 1018).
			a := unsafe.Pointer(unsafe.SliceData(args))
			switch p.boxedMode {
			case modeRet32: // an aggregate of 1, 2 or 4 bytes in eax: its low bytes (little-endian)
				w := uint64(p.boxed.CallRet32(f.addr, a))
				copyScalar(ret, unsafe.Pointer(&w), p.resSize)
			case modeRAX: // 4 or 8 bytes
				w := p.boxed.CallRAX(f.addr, a)
				copyScalar(ret, unsafe.Pointer(&w), p.resSize)
			case modeXMM0:
				w := p.boxed.CallXMM0(f.addr, a)
				copyScalar(ret, unsafe.Pointer(&w), p.resSize)
			case modePair:
				p.boxed.CallPair(f.addr, a, ret)
			case modeMem:
				p.boxed.CallMem(f.addr, a, ret)
			default:
				p.callBoxed(f.addr, args, ret)
			}
			runtime.KeepAlive(args) // the boxes C reads
			return out.val, nil
		default:
			// A scalar result of a direct call (CallAs's): the whole
			// register, of which goResult reads the result's bytes.
			a := unsafe.Pointer(unsafe.SliceData(args))
			switch p.boxedMode {
			case modeRet32:
				out.bits = uint64(p.boxed.CallRet32(f.addr, a))
			case modeRAX:
				out.bits = p.boxed.CallRAX(f.addr, a)
			case modeXMM0:
				out.bits = p.boxed.CallXMM0(f.addr, a)
			default:
				p.callBoxed(f.addr, args, ret)
			}
			runtime.KeepAlive(args) // the boxes C reads
			return p.goResult(&out), nil
		}
		p.callBoxed(f.addr, args, ret)
		return p.goResult(&out), nil
	}
	p, err := f.plan(args)
	if err != nil {
		return nil, err
	}
	var out result
	if f.UseErrno {
		err = swapErrno(func() error { return p.invoke(&f.target, args, &out) })
	} else {
		err = p.invoke(&f.target, args, &out)
	}
	if err != nil {
		return nil, err
	}
	res := p.goResult(&out)
	if f.Errcheck != nil {
		return f.Errcheck(res, f, keptArgs(args))
	}
	return res, nil
}

func (f *Func) plan(args []any) (*prepared, error) {
	// The commonest case first: the declared signature, unchanged since
	// the last call.
	if p := f.cur.Load(); p != nil && len(args) == len(p.declared) && p.current(f) {
		return p, nil
	}
	return f.planSlow(args)
}

// current reports whether p, built for f's declared signature, still
// matches it (Restype, Argtypes and Variadic may change between calls, as
// in ctypes) and f's library is open.
func (p *prepared) current(f *Func) bool {
	return p.given == f.Restype && p.variadic == f.Variadic && f.Argtypes != nil &&
		p.leaf == f.Leaf && p.leafStack == f.LeafStack && sameTypes(p.declared, f.Argtypes) && !f.state.closed.Load()
}

// ready reports, in one pass over the arguments, whether a CallAs call
// of f with args and a result of type word tw (the *R) takes the boxed
// path of p (boxed.go) with the result stored into R itself: p.current(f),
// tw is p.retDirect, every argument is of its declared type and its box
// (p.boxes), and no output parameter is nil. It is CallAs's commonest
// check, written out rather than made of those, and without calls; an
// argument of another accepted box (boxedOther) is left to CallAs's
// slower way, which learns a Go struct's. (f.Argtypes nil with no
// argument is a dynamic plan of none: the same call.)
func (p *prepared) ready(f *Func, args []any, tw uintptr) bool {
	at := f.Argtypes
	if len(args) != p.readyN {
		return false
	}
	if len(at) != len(args) {
		return false
	}
	if tw != atomic.LoadUintptr(&p.retDirect) {
		return false
	}
	if p.given != f.Restype {
		return false
	}
	if p.variadic != f.Variadic {
		return false
	}
	if p.leaf != f.Leaf {
		return false
	}
	if p.leafStack != f.LeafStack {
		return false
	}
	want := p.boxes[:len(at)] // no bounds checks in the loop
	for i, t := range at {
		w := &want[i]
		if t != w.t || (*eface)(unsafe.Pointer(&args[i])).typ != atomic.LoadUintptr(&w.tw) {
			return false
		}
	}
	return p.outsGiven(args) && !f.state.closed.Load()
}

func (f *Func) planSlow(args []any) (*prepared, error) {
	if f.state.closed.Load() {
		return nil, f.errorf(0, nil, "", ErrClosed)
	}
	if f.Argtypes == nil || len(args) > len(f.Argtypes) {
		if f.Argtypes != nil && len(args) < len(f.Argtypes) {
			return nil, f.argCountError(len(args))
		}
		return f.prepareDynamic(args)
	}
	if len(args) != len(f.Argtypes) {
		return nil, f.argCountError(len(args))
	}
	return f.prepareDeclared()
}

func (f *Func) argCountError(n int) error {
	return f.errorf(0, nil, "", fmt.Errorf("%w: this function takes %d argument(s) (%d given)", ErrArgCount, len(f.Argtypes), n))
}

// CallAs calls f like [Func.Call] and returns the result as a Go value of
// type R without boxing it, so a call with scalar arguments and a scalar
// result allocates nothing. R must suit f.Restype: a Go integer type for
// integer, bool, char and wchar restypes (range-checked), float64 or
// float32 for float and double, bool for c_bool, uintptr or
// unsafe.Pointer for pointers, string for char* and wchar_t*, a Go struct
// with the C layout of a struct restype (no allocation), and *types.Value
// for anything. Errcheck and UseErrno are not applied (see
// [CallAsErrno]).
func CallAs[R any](f *Func, args ...any) (R, error) {
	var r R
	p := f.cur.Load()
	if p != nil && p.ready(f, args, typeWord(any(&r))) && p.readyOffStack(args) {
		// The commonest call, checked in one pass (ready). callBoxed's
		// commonest cases written out: callBoxed is too big to inline.
		// (ready saw as many arguments as the plan takes: none, for a
		// nil a, which the trampolines then do not read.)
		a := unsafe.Pointer(unsafe.SliceData(args))
		switch p.boxedMode {
		case modeLeaf:
			fr := callconv.LeafFrame{Fn: f.addr, Args: a, Hdr: p.boxedLeaf, Ret: unsafe.Pointer(&r)}
			callconv.LeafStore64K(&fr)
		case modeRet32:
			setRet32(&r, p.boxed.CallRet32(f.addr, a))
		case modeRAX:
			setReg(&r, p.boxed.CallRAX(f.addr, a))
		case modeXMM0:
			setReg(&r, p.boxed.CallXMM0(f.addr, a))
		case modePair:
			p.boxed.CallPair(f.addr, a, unsafe.Pointer(&r))
		case modeMem:
			p.boxed.CallMem(f.addr, a, unsafe.Pointer(&r))
		case modePlan:
			p.boxed.Invoke(f.addr, (*unsafe.Pointer)(a), unsafe.Pointer(&r))
		default:
			p.callBoxed(f.addr, args, unsafe.Pointer(&r))
			return r, nil
		}
		runtime.KeepAlive(args) // the boxes C reads
		return r, nil
	}
	return callAs[R](f, p, args)
}

// callAs is CallAs's way when ready's is not: the plan made or checked,
// R checked, the call converting what it must. (A function of its own:
// CallAs's frame, and what it spills around ready, stay small.)
func callAs[R any](f *Func, p *prepared, args []any) (R, error) {
	var r R
	if p == nil || len(args) != len(p.declared) || !p.current(f) {
		var err error
		if p, err = f.planSlow(args); err != nil {
			return r, err
		}
	}
	d := any(&r)
	tw := typeWord(d)
	if tw == atomic.LoadUintptr(&p.retDirect) {
		// R is the result's C value itself: the engine stores it there.
		if p.boxes != nil && p.allBoxed(args) && p.offStack(args) { // a boxed form (setOuts)
			p.callBoxed(f.addr, args, unsafe.Pointer(&r))
			return r, nil
		}
		if p.boxedS != nil && p.allBoxedS(args) && p.offStack(args) { // Go struct pointers copied too
			// (Written out, as above: a helper costs 188 against the
			// inliner's 80.)
			p.boxedS.Invoke(f.addr, (*unsafe.Pointer)(unsafe.Pointer(&args[0])), unsafe.Pointer(&r))
			runtime.KeepAlive(args) // the boxes C reads
			return r, nil
		}
		dout := result{dst: unsafe.Pointer(&r)}
		err := p.invoke(&f.target, args, &dout)
		return r, err
	}
	// Whether R can hold the result at all is known before the call: C
	// does not run when it cannot.
	if tw != atomic.LoadUintptr(&p.retOK) {
		if err := p.checkResult(d, any(r)); err != nil {
			return r, f.errorf(0, p.restype, reflect.TypeFor[R]().String(), err)
		}
		if resultDirect(p.restype, d) ||
			((p.resKind == types.KindStruct || p.resKind == types.KindUnion) && goStructFits(&p.goRet, any(r), p.restype)) {
			// The engine writes R itself: a scalar of R's layout, or a Go
			// struct of the C layout.
			atomic.StoreUintptr(&p.retDirect, tw)
			dout := result{dst: unsafe.Pointer(&r)}
			err := p.invoke(&f.target, args, &dout)
			return r, err
		}
		atomic.StoreUintptr(&p.retOK, tw)
	}
	var out result
	switch k := p.resKind; k {
	case types.KindVoid:
		// R is *types.Value (checkResult): nil, as r already is.
		return r, p.invoke(&f.target, args, &out)
	case types.KindStruct, types.KindUnion:
		if goStructFits(&p.goRet, any(r), p.restype) {
			// A Go struct of the C layout: the result goes straight into r.
			// (A result of its own: out's address escapes below, and r's
			// with it if out held it.)
			sout := result{dst: unsafe.Pointer(&r)}
			err := p.invoke(&f.target, args, &sout)
			return r, err
		}
	}
	if err := p.invoke(&f.target, args, &out); err != nil {
		return r, err
	}
	if p.resKind == types.KindInt32 {
		// A C int into a wider Go integer: no range to check.
		switch d := d.(type) {
		case *int:
			*d = int(int32(out.bits))
			return r, nil
		case *int64:
			*d = int64(int32(out.bits))
			return r, nil
		}
	}
	if err := p.storeResult(&out, &r); err != nil {
		return r, f.errorf(0, p.restype, reflect.TypeFor[R]().String(), err)
	}
	return r, nil
}
