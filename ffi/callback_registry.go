package ffi

import (
	"errors"
	"fmt"
	"os"
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
	*callback
}

// callback is a Callback's state. The registry, which C calls reach it
// through, holds this rather than the *Callback the user holds, so that
// a Callback can become unreachable (see [Callback.FreeWhenUnreachable]).
type callback struct {
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
	regTable atomic.Pointer[[]*[cbChunk]atomic.Pointer[callback]]
	regFree  []uintptr     // freed handles, oldest first
	regNext  uintptr   = 1 // handle 0 is never used
)

func register(cb *callback) uintptr {
	regMu.Lock()
	defer regMu.Unlock()
	var h uintptr
	if len(regFree) > Quarantine {
		h = regFree[0]
		regFree = regFree[1:]
		// The callback that had h leaves quarantine: its engine part goes
		// now (a libffi closure is kept until here, so that libffi cannot
		// hand its code address to a new callback while a stale pointer
		// may still reach it).
		if p := regTable.Load(); p != nil {
			if old := (*p)[h/cbChunk][h%cbChunk].Load(); old != nil {
				old.entry.reclaim()
			}
		}
	} else {
		h = regNext
		regNext++
	}
	var t []*[cbChunk]atomic.Pointer[callback]
	if p := regTable.Load(); p != nil {
		t = *p
	}
	if int(h/cbChunk) >= len(t) {
		t = append(t[:len(t):len(t)], new([cbChunk]atomic.Pointer[callback]))
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

func lookup(h uintptr) *callback {
	p := regTable.Load()
	if p == nil || int(h/cbChunk) >= len(*p) {
		return nil
	}
	return (*p)[h/cbChunk][h%cbChunk].Load()
}

// callFast runs a fast handler, reporting a panic like dispatch does.
// The deferred function recovers only when c.fast did not return: on the
// ordinary path it costs a flag test, not a call of recover.
func (c *callback) callFast(args, ret unsafe.Pointer) {
	done := false
	defer func() {
		if !done {
			c.recoverFast(recover(), ret)
		}
	}()
	c.fast(args, ret)
	done = true
}

// recoverFast reports the panic p (if any) of a fast handler, whose
// result at ret becomes zero.
func (c *callback) recoverFast(p any, ret unsafe.Pointer) {
	if p != nil {
		clearResult(restypeOf(c.sig.Restype), ret)
		reportPanic(c, p)
	}
}

var (
	panicMu sync.Mutex
	onPanic = defaultPanicHandler
	// customPanic: SetCallbackPanicHandler installed a handler of the user's.
	customPanic bool
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

// run runs cb for one call from C: argv[i] points to the C value of
// argument i, rp to where the result goes (integers narrower than a word
// stored widened to a whole word, as libffi's ffi_arg).
func run(cb *callback, argv []unsafe.Pointer, rp unsafe.Pointer) {
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
	goArgs := callbackArgs(cb.sig.Argtypes, argv)
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
func staleCall(cb *callback) {
	fmt.Fprintf(os.Stderr, "ffi: C called freed callback %s (handle %d); it returned a zero result\n", &Callback{cb}, cb.handle)
	panicMu.Lock()
	h, custom := onPanic, customPanic
	panicMu.Unlock()
	if custom {
		h(&Callback{cb}, fmt.Errorf("%w: %s", ErrFreedCallback, &Callback{cb}), nil)
	}
}

func reportPanic(cb *callback, p any) {
	panicMu.Lock()
	h := onPanic
	panicMu.Unlock()
	h(&Callback{cb}, p, debug.Stack())
}

func addrPtr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

// callbackArgs converts the C arguments at argv to the Go values fn
// receives, as callbackArg does, the numbers in one block of words that
// their interfaces point into (types.Type.GoValueIn), where a conversion to
// any would allocate each.
func callbackArgs(ts []*types.Type, argv []unsafe.Pointer) []any {
	out := make([]any, len(ts))
	var words []uint64
	for i, t := range ts {
		switch t.Kind() {
		case types.KindStruct, types.KindUnion, types.KindPointer, types.KindFunc:
			out[i] = callbackArg(t, argv[i])
			continue
		}
		if words == nil {
			words = make([]uint64, len(ts))
		}
		out[i] = t.GoValueIn(argBits(t, argv[i]), &words[i])
	}
	return out
}

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
	return t.GoValue(argBits(t, p))
}

// argBits returns the bits of the scalar C argument at p, of t's size.
func argBits(t *types.Type, p unsafe.Pointer) uint64 {
	var bits uint64
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&bits)), t.Size()), unsafe.Slice((*byte)(p), t.Size()))
	return bits
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
	if !k.IsPointer() && k != types.KindWChar {
		// Numbers: converted as Value.Set converts them, without a Value.
		bits, err := rt.ScalarBits(r)
		if err != nil {
			return err
		}
		if k.IsFloat() {
			copy(unsafe.Slice((*byte)(rp), rt.Size()), unsafe.Slice((*byte)(unsafe.Pointer(&bits)), rt.Size()))
			return nil
		}
		*(*uint64)(rp) = bits // integers narrower than a word go back widened, as libffi's ffi_arg
		return nil
	}
	if k.IsPointer() {
		// The commonest pointer results, as Value.Set converts them,
		// without a Value.
		switch x := r.(type) {
		case nil:
			*(*uint64)(rp) = 0
			return nil
		case unsafe.Pointer:
			*(*uint64)(rp) = uint64(uintptr(x))
			return nil
		case uintptr:
			if k != types.KindPointer && k != types.KindFunc {
				*(*uint64)(rp) = uint64(x)
				return nil
			}
		}
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

// FuncAddr returns the C function pointer (it implements
// [types.FuncPointer]). It is 0 after Free.
func (c *Callback) FuncAddr() uintptr {
	if c == nil || c.callback == nil || c.freed.Load() {
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
