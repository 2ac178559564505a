package ffi

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// Callback is a Go function callable from C through a C function pointer,
// like a ctypes CFUNCTYPE instance. Make one with [NewCallback] or
// [NewCallbackFunc]; pass it where a [types.FuncType] or void* argument is
// expected (it implements [types.FuncPointer]) or store it in a field of
// such a type. C may call it from any thread, including threads C created.
//
// A Callback lives until [Callback.Free]: keep it (and do not free it)
// while C may call it. There is no limit on how many exist at once: each
// is a libffi closure, and all of them enter Go through one dispatcher.
type Callback struct {
	typ    *types.Type
	sig    *types.FuncSig
	fn     func(args []any) any
	handle uintptr

	code  uintptr // the C function pointer
	entry entry   // the engine's part: see callback_entry_*.go
	freed atomic.Bool
	// fast, when set, runs the Go function for the commonest typed
	// signatures without reflect: it reads the C arguments from args
	// (libffi's array of argument addresses) and writes the result at ret.
	fast func(args, ret unsafe.Pointer)
}

// The registry of callbacks, indexed by handle: chunks of atomic
// pointers, so that the dispatcher finds a callback without a lock. The
// handle is what a callback's C entry carries (its thunk index with the
// engine's own entries, the closure's user data with libffi's).
//
// A freed callback stays in its slot, marked freed, while its handle is in
// quarantine: the handle is reused only after Quarantine later frees, so a
// stale C pointer to a freed callback meets the freed callback (a zero
// result and a message) rather than whatever callback came next. Past the
// quarantine a stale pointer runs the callback that took the handle, as a
// dangling C function pointer would.
const cbChunk = 1024

// Quarantine is how many later frees a freed callback's entry waits
// before it is reused.
const Quarantine = 1024

var (
	regMu    sync.Mutex
	regTable atomic.Pointer[[]*[cbChunk]atomic.Pointer[Callback]]
	regFree  []uintptr     // freed handles, oldest first
	regNext  uintptr   = 1 // handle 0 is never used
)

func register(cb *Callback) uintptr {
	regMu.Lock()
	defer regMu.Unlock()
	var h uintptr
	if len(regFree) > Quarantine {
		h = regFree[0]
		regFree = regFree[1:]
	} else {
		h = regNext
		regNext++
	}
	var t []*[cbChunk]atomic.Pointer[Callback]
	if p := regTable.Load(); p != nil {
		t = *p
	}
	if int(h/cbChunk) >= len(t) {
		t = append(t[:len(t):len(t)], new([cbChunk]atomic.Pointer[Callback]))
		regTable.Store(&t)
	}
	t[h/cbChunk][h%cbChunk].Store(cb)
	return h
}

// unregister puts a freed callback's handle in quarantine. The callback
// stays in its slot (marked freed) until the handle is reused.
func unregister(h uintptr) {
	regMu.Lock()
	defer regMu.Unlock()
	regFree = append(regFree, h)
	if len(regFree) > 4*Quarantine && cap(regFree) > 8*Quarantine {
		regFree = append([]uintptr(nil), regFree...) // let the old array go
	}
}

func lookup(h uintptr) *Callback {
	p := regTable.Load()
	if p == nil || int(h/cbChunk) >= len(*p) {
		return nil
	}
	return (*p)[h/cbChunk][h%cbChunk].Load()
}

// callFast runs a fast handler, reporting a panic like dispatch does.
func (c *Callback) callFast(args, ret unsafe.Pointer) {
	defer func() {
		if p := recover(); p != nil {
			clearResult(restypeOf(c.sig.Restype), ret)
			reportPanic(c, p)
		}
	}()
	c.fast(args, ret)
}

// fastHandler returns a reflect-free handler for the commonest Go
// callback signatures, or nil. Integer results are stored widened to a
// full word, as libffi reads them (ffi_arg).
func fastHandler(fn any) func(args, ret unsafe.Pointer) {
	arg := func(args unsafe.Pointer, i int) unsafe.Pointer {
		return *(*unsafe.Pointer)(unsafe.Add(args, uintptr(i)*unsafe.Sizeof(uintptr(0))))
	}
	switch f := fn.(type) {
	case func(unsafe.Pointer, unsafe.Pointer) int32: // qsort, bsearch comparators
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*unsafe.Pointer)(arg(args, 0)), *(*unsafe.Pointer)(arg(args, 1))))
		}
	case func(uintptr, uintptr) int32:
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*uintptr)(arg(args, 0)), *(*uintptr)(arg(args, 1))))
		}
	case func(float64) float64:
		return func(args, ret unsafe.Pointer) { *(*float64)(ret) = f(*(*float64)(arg(args, 0))) }
	case func(float64, float64) float64:
		return func(args, ret unsafe.Pointer) {
			*(*float64)(ret) = f(*(*float64)(arg(args, 0)), *(*float64)(arg(args, 1)))
		}
	case func(int32) int32:
		return func(args, ret unsafe.Pointer) { *(*int64)(ret) = int64(f(*(*int32)(arg(args, 0)))) }
	case func(int32, int32) int32:
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*int32)(arg(args, 0)), *(*int32)(arg(args, 1))))
		}
	case func(int64) int64:
		return func(args, ret unsafe.Pointer) { *(*int64)(ret) = f(*(*int64)(arg(args, 0))) }
	case func(unsafe.Pointer):
		return func(args, ret unsafe.Pointer) { f(*(*unsafe.Pointer)(arg(args, 0))) }
	}
	return nil
}

var (
	panicMu sync.Mutex
	onPanic = defaultPanicHandler
	// customPanic: SetCallbackPanicHandler installed a handler of the user's.
	customPanic bool
	errFreed    = fmt.Errorf("%w: callback was freed", ErrSignature)
)

// SetCallbackPanicHandler sets what happens when a Go callback panics (or
// returns a value its C result type cannot hold). A panic must not unwind
// through C frames, so the dispatcher recovers it, returns a zero result
// to C and calls h with the callback, the panic value and the stack. The
// default handler prints "ffi: panic in callback <type>: <value>" and the
// stack to standard error and exits the process with status 2, as an
// unrecovered panic does. A handler that returns lets the C code go on
// with the zero result.
func SetCallbackPanicHandler(h func(cb *Callback, value any, stack []byte)) {
	panicMu.Lock()
	defer panicMu.Unlock()
	customPanic = h != nil
	if h == nil {
		h = defaultPanicHandler
	}
	onPanic = h
}

func defaultPanicHandler(cb *Callback, value any, stack []byte) {
	fmt.Fprintf(os.Stderr, "ffi: panic in callback %s: %v\n\n%s", cb.typ, value, stack)
	os.Exit(2)
}

// NewCallback returns a C function pointer of the function pointer type
// sig (made with [types.FuncType]) that calls fn.
//
// fn receives the C arguments as Go values, converted as [Func.Call]
// converts results: int64, uint64, float64, bool, byte, rune, uintptr for
// void*, string (or nil for NULL) for char*, a *types.Value holding the
// address for typed pointers (use Elem), and a *types.Value copy for
// structs and unions passed by value. What fn returns is converted to
// sig's result type as [types.Value.Set] converts (for pointers: uintptr,
// unsafe.Pointer, a *types.Value or nil; for structs: a *types.Value of
// that type); for void results it is ignored.
func NewCallback(sig *types.Type, fn func(args []any) any) (*Callback, error) {
	if sig == nil || sig.Func() == nil {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: %v is not a function pointer type (use types.FuncType)", ErrSignature, sig)}
	}
	if fn == nil {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: nil function", ErrSignature)}
	}
	fs := sig.Func()
	if fs.Variadic {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: a callback cannot be variadic", ErrSignature)}
	}
	plans := make([]argPlan, len(fs.Argtypes))
	for i, t := range fs.Argtypes {
		if t == nil || t.Kind() == types.KindVoid || t.Kind() == types.KindArray {
			return nil, &CallError{Func: "NewCallback", Arg: i + 1, Err: fmt.Errorf("%w: argument type %v cannot be passed by value", ErrSignature, t)}
		}
		plans[i] = argPlan{t: t, pt: t}
	}
	rt := restypeOf(fs.Restype)
	if rt.Kind() == types.KindArray {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: a C function cannot return an array", ErrSignature)}
	}
	cb := &Callback{typ: sig, sig: fs, fn: fn}
	cb.handle = register(cb)
	if err := cb.entry.make(cb, rt, plans); err != nil {
		cb.freed.Store(true)
		unregister(cb.handle)
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	return cb, nil
}

// NewCallbackFunc is [NewCallback] for a Go func whose parameter and
// result types give the C signature, as for [Fn1]: int8..int64,
// uint8..uint64, int and uint (long), float32, float64, bool, uintptr and
// unsafe.Pointer (void*), and Go structs with the C layout. At most one
// result. The types are checked once, here; each call goes through
// reflect.
func NewCallbackFunc(fn any) (*Callback, error) {
	fv := reflect.ValueOf(fn)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return nil, &CallError{Func: "NewCallbackFunc", Err: fmt.Errorf("%w: want a func, got %T", ErrSignature, fn)}
	}
	ft := fv.Type()
	sig, err := callbackFuncSig(ft)
	if err != nil {
		return nil, &CallError{Func: "NewCallbackFunc", Arg: argIndex(err), Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	rt := sig.Func().Restype
	in := make([]reflect.Type, ft.NumIn())
	for i := range in {
		in[i] = ft.In(i)
	}
	cb, err := NewCallback(sig, func(args []any) any {
		vals := make([]reflect.Value, len(args))
		for i, a := range args {
			vals[i] = goArg(a, in[i])
		}
		out := fv.Call(vals)
		if len(out) == 0 {
			return nil
		}
		r := out[0]
		if r.Kind() == reflect.Struct || r.Kind() == reflect.Array {
			v := types.New(rt)
			p := reflect.New(r.Type())
			p.Elem().Set(r)
			copy(v.Bytes(), unsafe.Slice((*byte)(p.UnsafePointer()), r.Type().Size()))
			return v
		}
		return r.Interface()
	})
	if err == nil {
		cb.fast = fastHandler(fn)
	}
	return cb, err
}

// callbackFuncSig returns the C function type of a Go func type used as a
// callback (see NewCallbackFunc). Its errors say what is wrong (the caller
// adds ErrSignature), as an *argSigError where one parameter is at fault.
func callbackFuncSig(ft reflect.Type) (*types.Type, error) {
	if ft.IsVariadic() || ft.NumOut() > 1 {
		return nil, fmt.Errorf("%s: a callback takes fixed arguments and returns at most one result", ft)
	}
	check := func(t reflect.Type) (*types.Type, error) {
		c, k, err := goCType(t)
		switch {
		case err != nil:
		case k == gString || k == gSlice || k == gPtr:
			err = fmt.Errorf("Go type %s holds Go pointers; use uintptr or unsafe.Pointer", t)
		case k == gGoFunc:
			err = fmt.Errorf("Go type %s: a callback receives a C function pointer as uintptr (call it through FuncOf)", t)
		}
		return c, err
	}
	argtypes := make([]*types.Type, ft.NumIn())
	for i := range argtypes {
		c, err := check(ft.In(i))
		if err != nil {
			return nil, &argSigError{arg: i + 1, err: err}
		}
		argtypes[i] = c
	}
	var rt *types.Type
	if ft.NumOut() == 1 {
		c, err := check(ft.Out(0))
		if err != nil {
			return nil, fmt.Errorf("result: %w", err)
		}
		rt = c
	}
	return types.FuncType(rt, argtypes...), nil
}

// argSigError is a signature error due to parameter arg (1-based).
type argSigError struct {
	arg int
	err error
}

// Error describes the error.
func (e *argSigError) Error() string { return e.err.Error() }

// Unwrap returns the sentinel or cause the error wraps, for errors.Is and errors.As.
func (e *argSigError) Unwrap() error { return e.err }

// argIndex is the parameter an error of callbackFuncSig blames, or 0.
func argIndex(err error) int {
	var a *argSigError
	if errors.As(err, &a) {
		return a.arg
	}
	return 0
}

// goArg converts a callback argument, as NewCallback delivers it, to the
// Go type of a NewCallbackFunc parameter.
func goArg(a any, t reflect.Type) reflect.Value {
	switch v := a.(type) {
	case *types.Value:
		if t.Kind() == reflect.Struct || t.Kind() == reflect.Array {
			p := reflect.New(t)
			copy(unsafe.Slice((*byte)(p.UnsafePointer()), t.Size()), v.Bytes())
			return p.Elem()
		}
		addr, _ := v.Address()
		a = addr
	case nil:
		return reflect.Zero(t)
	}
	if t.Kind() == reflect.UnsafePointer {
		u := a.(uintptr)
		return reflect.ValueOf(*(*unsafe.Pointer)(unsafe.Pointer(&u)))
	}
	return reflect.ValueOf(a).Convert(t)
}

// FuncAddr returns the C function pointer (it implements
// [types.FuncPointer]). It is 0 after Free.
func (c *Callback) FuncAddr() uintptr {
	if c == nil || c.freed.Load() {
		return 0
	}
	return c.code
}

// Type returns the callback's function pointer type.
func (c *Callback) Type() *types.Type { return c.typ }

// String describes the callback like ctypes: <CFunctionType object at 0x...>.
func (c *Callback) String() string {
	return fmt.Sprintf("<%s object at %#x>", c.typ, c.code)
}

// Free releases the callback. C must not call the function pointer
// afterwards. A call that still arrives while the callback's entry is in
// quarantine (until [Quarantine] later frees) returns a zero result and
// writes a line naming the freed callback to standard error (and calls the
// handler [SetCallbackPanicHandler] installed, if one is); past the
// quarantine the entry may belong to a new callback, which such a call
// would run, as a dangling C function pointer would. Freeing twice is a
// no-op.
func (c *Callback) Free() error {
	if c == nil || c.freed.Swap(true) {
		return nil
	}
	c.entry.free()
	unregister(c.handle)
	return nil
}

// run runs cb for one call from C: argv[i] points to the C value of
// argument i, rp to where the result goes (integers narrower than a word
// stored widened to a whole word, as libffi's ffi_arg).
func run(cb *Callback, argv []unsafe.Pointer, rp unsafe.Pointer) {
	if cb.freed.Load() {
		clearResult(restypeOf(cb.sig.Restype), rp)
		staleCall(cb)
		return
	}
	if cb.fast != nil {
		cb.callFast(unsafe.Pointer(&argv[0]), rp)
		return
	}
	rt := restypeOf(cb.sig.Restype)
	clearResult(rt, rp)
	goArgs := make([]any, len(cb.sig.Argtypes))
	for i, t := range cb.sig.Argtypes {
		goArgs[i] = callbackArg(t, argv[i])
	}
	defer func() {
		if p := recover(); p != nil {
			clearResult(rt, rp)
			reportPanic(cb, p)
		}
	}()
	r := cb.fn(goArgs)
	if err := storeCallbackResult(rt, rp, r); err != nil {
		panic(fmt.Sprintf("callback result %T cannot be returned as %s: %v", r, rt, err))
	}
}

// ErrFreedCallback is the value a custom panic handler (see
// [SetCallbackPanicHandler]) receives when C calls a callback after its
// Free, while its entry is in quarantine.
var ErrFreedCallback = errors.New("ffi: C called a freed callback")

// staleCall reports a call of a freed callback.
func staleCall(cb *Callback) {
	fmt.Fprintf(os.Stderr, "ffi: C called freed callback %s (handle %d); it returned a zero result\n", cb, cb.handle)
	panicMu.Lock()
	h, custom := onPanic, customPanic
	panicMu.Unlock()
	if custom {
		h(cb, fmt.Errorf("%w: %s", ErrFreedCallback, cb), nil)
	}
}

func reportPanic(cb *Callback, p any) {
	panicMu.Lock()
	h := onPanic
	panicMu.Unlock()
	h(cb, p, debug.Stack())
}

func addrPtr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

// callbackArg converts the C argument at p to the Go value fn receives.
func callbackArg(t *types.Type, p unsafe.Pointer) any {
	switch k := t.Kind(); {
	case k == types.KindStruct || k == types.KindUnion:
		v := types.New(t)
		copy(v.Bytes(), unsafe.Slice((*byte)(p), t.Size()))
		return v
	case k == types.KindPointer || k == types.KindFunc:
		v, _ := types.Cast(uintptr(*(*uint64)(p)), t)
		return v
	}
	var bits uint64
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&bits)), t.Size()), unsafe.Slice((*byte)(p), t.Size()))
	return t.GoValue(bits)
}

// resultSize is how many bytes libffi reads back from a closure's result:
// a full ffi_arg word for integers narrower than it.
func resultSize(rt *types.Type) uintptr {
	if rt.Kind() == types.KindVoid {
		return 0
	}
	if rt.Kind().IsAggregate() || rt.Kind().IsFloat() {
		return rt.Size()
	}
	return 8
}

func clearResult(rt *types.Type, rp unsafe.Pointer) {
	if n := resultSize(rt); n > 0 {
		clear(unsafe.Slice((*byte)(rp), n))
	}
}

// storeCallbackResult converts r to rt and writes it at rp.
func storeCallbackResult(rt *types.Type, rp unsafe.Pointer, r any) error {
	k := rt.Kind()
	if k == types.KindVoid {
		return nil
	}
	if k == types.KindStruct || k == types.KindUnion {
		v, ok := r.(*types.Value)
		if !ok || v == nil || v.Type() != rt {
			return fmt.Errorf("a *types.Value of %s is required", rt)
		}
		copy(unsafe.Slice((*byte)(rp), rt.Size()), v.Bytes())
		return nil
	}
	v := types.New(rt)
	if err := v.Set(r); err != nil {
		return err
	}
	var bits uint64
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&bits)), rt.Size()), v.Bytes())
	if k.IsFloat() {
		copy(unsafe.Slice((*byte)(rp), rt.Size()), v.Bytes())
		return nil
	}
	// Integers narrower than a word go back widened, as libffi's ffi_arg.
	switch x := rt.GoValue(bits).(type) {
	case int64:
		bits = uint64(x)
	case rune:
		bits = uint64(int64(x))
	}
	*(*uint64)(rp) = bits
	return nil
}
