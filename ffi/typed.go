//go:generate go run gen_typed.go

package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/types"
)

// This file is the typed call path: a Go func bound to a C symbol, its C
// signature derived from the Go types once, at bind time. A call converts
// nothing at run time beyond what the Go types already say, so it costs
// about what a cgo call costs.

// tslot is one argument or the result of a bound signature.
type tslot struct {
	k    gkind
	c    *types.Type // the C type the Go type maps to
	size uintptr
	gt   reflect.Type // gGoFunc: the Go func type
	// proto: gFuncPtr declared a C function pointer type (ArgType): a
	// callback of another prototype is refused when passed.
	proto *types.Type
}

// binding is a prepared typed call: the C function, the Go types of its
// arguments and result, and the engine's plan for the C signature they map
// to. The Go value of every argument but a string, a Go func and a
// *Callback is already the C value (the types were checked to have C's
// layout when the binding was made), so a call hands the engine its
// arguments as they are: in one Go struct of them (atBlock), or their
// addresses.
type binding struct {
	name, lib string
	addr      uintptr
	state     *libState // the library's: a call after Close panics with ErrClosed
	args      []tslot
	ret       tslot // k == 0: void
	eng       invoker
	// mode: how the closures call (atBlock): through invoke, or straight
	// into the engine with their Go struct of arguments, by plan (eng's
	// plan of that form) or leafHdr (that form of a leaf plan's
	// LeafDirect); a leaf binding's is modeClosed once the library is
	// closed, which is how it knows (it does not load state.closed).
	mode    atomic.Uint32
	plan    *callconv.Plan
	leafHdr unsafe.Pointer
	// conv: an argument or the result is converted on each call (see
	// invokeConv): a string (copied to a NUL-terminated C string), a Go
	// func or a *Callback (their C function pointers), or a Go int result
	// of a 4-byte long (widen).
	conv bool
	// widen: the result is a Go int (8 bytes) for a C long of 4 (Win64),
	// which the engine stores in its low half: invokeConv extends it.
	widen bool
}

func bindTyped(lib *Library, name string, opts []BindOption, ret reflect.Type, args ...reflect.Type) (*binding, error) {
	o := parseOptions(opts)
	libName := lib.nameOrEmpty()
	if len(o.errs) > 0 {
		return nil, &CallError{Library: libName, Func: name, Err: fmt.Errorf("%w: %w", ErrSignature, errors.Join(o.errs...))}
	}
	var addr uintptr
	var state *libState
	switch {
	case o.at != 0:
		addr = o.at
		state = noLibrary // a function pointer's: it has no library to close
		if lib != nil {
			state = lib.state
		}
	case lib == nil:
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: no library, and no address (ffi.At)", ErrSymbol)}
	default:
		var err error
		if addr, err = lib.Sym(name); err != nil {
			return nil, err
		}
		state = lib.state
	}
	ret, capt, err := resultCapture(ret)
	if err != nil {
		return nil, &CallError{Library: libName, Func: name, Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	b, err := newBinding(libName, name, addr, ret, args, &o)
	if err != nil {
		return nil, err
	}
	b.state = state
	if o.leaf {
		if b.eng, err = leafEngine(b.eng, o.leafStack, addr, libName+":"+name); err != nil {
			return nil, &CallError{Library: libName, Func: name, Err: err}
		}
	}
	if capt != nil {
		if b.eng, err = capt.wrap(b.eng); err != nil {
			return nil, &CallError{Library: libName, Func: name, Err: err}
		}
	}
	return b, nil
}

// argsAter is an engine plan that can take its arguments in a block
// (callconv.Plan.WithArgsAt).
type argsAter interface {
	WithArgsAt(offs []uintptr) (*callconv.Plan, error)
}

// atBlock sets how the closures call, for closures that pass their
// arguments in one Go struct (block1..block20 of typed_gen.go) with
// argument i at offs[i]: the engine's plan of that form, called directly
// where it has such a call and the result's Go size is its C size (the
// closure stores the register's low bytes), or its leaf plan's direct
// trampoline. It leaves modeInvoke where the binding converts or the
// engine has no such form.
func (b *binding) atBlock(offs ...uintptr) {
	if b.conv {
		return
	}
	switch e := b.eng.(type) {
	case *callconv.Plan:
		if a, ok := any(e).(argsAter); ok {
			if q, err := a.WithArgsAt(offs); err == nil {
				b.plan = q
				b.mode.Store(uint32(modePlan))
				sized := b.ret.k == 0 || b.ret.c != nil && b.ret.c.Size() == b.ret.size
				exact := b.ret.c != nil && b.ret.c.Size() == b.ret.size // a Go struct of the C result's layout
				switch d := q.Direct(); {
				case sized && (b.ret.k != 0 || d == callconv.DirectRet32):
					b.mode.Store(uint32(directMode(d)))
				case exact && (d == callconv.DirectPair || d == callconv.DirectMem):
					b.mode.Store(uint32(directMode(d))) // the engine stores the result at &r
				}
			}
		}
	case *leafInvoker:
		if a, ok := any(e.p).(argsAter); ok {
			if q, err := a.WithArgsAt(offs); err == nil {
				if b.leafHdr = q.LeafDirect(); b.leafHdr != nil {
					b.mode.Store(uint32(modeLeaf))
				}
			}
		}
	}
	if b.mode.Load() == uint32(modeLeaf) && b.state != noLibrary {
		b.state.tell(&b.mode) // its calls do not load state.closed: Close tells them
	}
}

// cString returns a NUL-terminated copy of str, argument i, for a const
// char* parameter. A string with a NUL byte of its own would reach C cut
// there: the binding, which has no error result, panics with the error
// Func.Call returns for it (pass a []byte to send bytes).
func (b *binding) cString(i int, str string) unsafe.Pointer {
	if j := strings.IndexByte(str, 0); j >= 0 {
		panic(&CallError{Library: b.lib, Func: b.name, Arg: i + 1, Expected: types.CharP, Given: "string",
			Err: fmt.Errorf("%w: %w: the string has a NUL byte at index %d, where C would see it end", ErrArgument, types.ErrConvert, j)})
	}
	buf := make([]byte, len(str)+1)
	copy(buf, str)
	return unsafe.Pointer(&buf[0])
}

// closedPanic is what a typed binding does when called after its library's
// Close: it has no error result, so it panics with the error Func.Call
// would return. It is not inlined, to keep invoke small enough to be.
//
//go:noinline
func (b *binding) closedPanic() {
	panic(&CallError{Library: b.lib, Func: b.name, Err: ErrClosed})
}

func newBinding(lib, name string, addr uintptr, ret reflect.Type, args []reflect.Type, o *bindOptions) (*binding, error) {
	b := &binding{name: name, lib: lib, addr: addr, args: make([]tslot, len(args))}
	fail := func(arg int, err error) error {
		return &CallError{Library: lib, Func: name, Arg: arg, Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	if err := o.checkArity(len(args)); err != nil {
		return nil, fail(0, err)
	}
	rt := types.Void
	if ret != nil {
		c, k, err := goCType(ret)
		if err != nil {
			return nil, fail(0, fmt.Errorf("result: %w", err))
		}
		if k == gSlice || k == gGoFunc || k == gValue {
			return nil, fail(0, fmt.Errorf("result type %s: return a pointer, uintptr or unsafe.Pointer for a C pointer (and call a function pointer through FuncOf, or bind it with ffi.At)", ret))
		}
		if k == gPtr {
			k = gInt64 // a *T result is the address C returns, one word
		}
		if d := o.result; d != nil {
			if err := declaredResult(d, ret, k); err != nil {
				return nil, fail(0, err)
			}
			c = d
		} else if ret.Kind() == reflect.Array {
			return nil, fail(0, fmt.Errorf("a C function cannot return an array (%s)", ret))
		}
		b.ret = tslot{k: k, c: c, size: ret.Size()}
		rt = c
	} else if o.result != nil {
		return nil, fail(0, fmt.Errorf("result declared %s, but the binding has no result (a Proc form)", o.result))
	}
	ctypes := make([]*types.Type, len(args))
	for i, a := range args {
		c, k, err := goCType(a)
		if err != nil {
			return nil, fail(i+1, err)
		}
		if d := o.args[i+1]; d != nil {
			if err := declaredArg(d, a, k); err != nil {
				return nil, fail(i+1, err)
			}
			c = d
		} else if a.Kind() == reflect.Array {
			return nil, fail(i+1, fmt.Errorf("a C function cannot take an array by value (%s); pass a slice or a pointer", a))
		}
		if o.variadic && i >= o.nfixed {
			if err := variadicArg(c, a); err != nil {
				return nil, fail(i+1, err)
			}
		}
		b.args[i] = tslot{k: k, c: c, size: a.Size()}
		if k == gGoFunc {
			b.args[i].gt = a
		}
		if k == gFuncPtr && c.Kind() == types.KindFunc {
			b.args[i].proto = c
		}
		ctypes[i] = c
	}
	for _, a := range b.args {
		b.conv = b.conv || a.k == gString || a.k == gGoFunc || a.k == gFuncPtr || a.k == gValue
	}
	b.widen = b.ret.k == gInt64 && b.ret.c.Size() == 4 && b.ret.c.Kind().IsSigned()
	b.conv = b.conv || b.ret.k == gString || b.widen
	nfixed := -1
	if o.variadic {
		nfixed = o.nfixed
	}
	eng, err := newEngine(rt, ctypes, nfixed)
	if errors.Is(err, libffi.ErrUnavailable) {
		return nil, &CallError{Library: lib, Func: name, Err: err} // the machine, not the signature
	}
	if err != nil {
		return nil, fail(0, err)
	}
	b.eng = eng
	return b, nil
}

// invoke is a typed call (the generated Fn and Proc closures call the
// engine themselves when the library is open and nothing needs
// converting): args points to the addresses of the Go arguments, r to the
// result.
func (b *binding) invoke(args *unsafe.Pointer, r unsafe.Pointer) {
	if b.state.closed.Load() {
		b.closedPanic()
	}
	if b.conv {
		b.invokeConv(args, r)
		return
	}
	b.eng.Invoke(b.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(args))), noescape(r))
}

// invokeConv is invoke for a signature with a string, a Go func or a
// *Callback argument, or a string result: those are converted into words
// of this frame first, which the engine reads before the C call. The
// scratch is arrays indexed directly: a store through a slice would make
// the compiler move every argument to the heap.
func (b *binding) invokeConv(args *unsafe.Pointer, r unsafe.Pointer) {
	n := len(b.args)
	if n > maxArgs {
		b.invokeConvLong(args, r)
		return
	}
	var ps [maxArgs + 1]unsafe.Pointer
	var words [maxArgs + 1]uint64
	var keep [maxArgs]unsafe.Pointer
	in := unsafe.Slice(args, n)
	for i := range b.args {
		ps[i] = in[i]
		if k := b.args[i].k; k == gString || k == gGoFunc || k == gFuncPtr || k == gValue {
			q := b.convArg(i, in[i])
			keep[i] = q
			if k == gValue {
				keep[i] = *(*unsafe.Pointer)(in[i]) // the Value: what it pins lives with it
			}
			words[i] = uint64(uintptr(q))
			ps[i] = unsafe.Pointer(&words[i])
		}
	}
	rp := r
	if b.ret.k == gString {
		rp = unsafe.Pointer(&words[n])
	}
	b.eng.Invoke(b.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(rp))
	b.convResult(r, uintptr(words[n]))
	runtime.KeepAlive(&keep)
}

// convResult converts a result the engine left in its C form: a string
// result's char* (at word), a 4-byte long's low half of a Go int.
func (b *binding) convResult(r unsafe.Pointer, word uintptr) {
	switch {
	case b.ret.k == gString:
		*(*string)(r) = goString(word)
	case b.widen:
		*(*int64)(r) = int64(*(*int32)(r))
	}
}

// invokeConvLong is invokeConv for BindFunc signatures longer than
// maxArgs (which allocate anyway).
func (b *binding) invokeConvLong(args *unsafe.Pointer, r unsafe.Pointer) {
	n := len(b.args)
	ps, words, keep := make([]unsafe.Pointer, n+1), make([]uint64, n+1), make([]unsafe.Pointer, n)
	// argv is the argument array seen through noescape's uintptr, which
	// the stack copier does not adjust: it is derived anew after every
	// conversion (convArg allocates, and an allocation may grow and move
	// this goroutine's stack, where the array is), and the pointers it
	// holds are taken only after the last one.
	argv := func() []unsafe.Pointer {
		return unsafe.Slice((*unsafe.Pointer)(noescape(unsafe.Pointer(args))), n)
	}
	for i := range b.args {
		if k := b.args[i].k; k == gString || k == gGoFunc || k == gFuncPtr || k == gValue {
			q := b.convArg(i, argv()[i])
			keep[i] = q
			words[i] = uint64(uintptr(q))
			if k == gValue {
				keep[i] = *(*unsafe.Pointer)(argv()[i]) // the Value: what it pins lives with it
			}
		}
	}
	in := argv()
	for i := range b.args {
		ps[i] = in[i]
		if k := b.args[i].k; k == gString || k == gGoFunc || k == gFuncPtr || k == gValue {
			ps[i] = unsafe.Pointer(&words[i])
		}
	}
	rp := r
	if b.ret.k == gString {
		rp = unsafe.Pointer(&words[n])
	}
	b.eng.Invoke(b.addr, &ps[0], noescape(rp))
	b.convResult(r, uintptr(words[n]))
	runtime.KeepAlive(keep)
}

// convArg converts argument i, a string, Go func, *Callback or
// *types.Value at p, into the C pointer the call passes: a NUL-terminated
// copy of the string (Go memory kept alive by the caller until C returns),
// a function pointer (C memory, never Go's), or the Value's memory.
func (b *binding) convArg(i int, p unsafe.Pointer) unsafe.Pointer {
	switch b.args[i].k {
	case gString:
		return b.cString(i, *(*string)(p))
	case gGoFunc:
		return addrPtr(b.goFuncAddr(i, p))
	case gValue:
		return valueArg(b.lib, b.name, i, b.args[i].c, *(**types.Value)(p))
	}
	cb := *(**Callback)(p)
	if b.args[i].proto != nil {
		checkProto(b.lib, b.name, i, b.args[i].proto, cb) // declared with ArgType (typed_options.go)
	}
	return addrPtr(cb.FuncAddr()) // 0 for nil or freed
}

// goFuncCallbacks holds the callbacks made for Go func values passed to
// typed bindings, keyed by the func value (its funcval pointer): made on a
// func value's first use, kept for the life of the program, so that C may
// keep and call the function pointer later, as a callback it registers.
var goFuncCallbacks sync.Map // unsafe.Pointer -> *Callback

// goFuncAddr returns the C function pointer for the Go func value at p,
// argument i of the binding: 0 for a nil func.
func (b *binding) goFuncAddr(i int, p unsafe.Pointer) uintptr {
	key := *(*unsafe.Pointer)(p)
	if key == nil {
		return 0
	}
	if cb, ok := goFuncCallbacks.Load(key); ok {
		return cb.(*Callback).FuncAddr()
	}
	return b.newGoFuncCallback(i, key)
}

// newGoFuncCallback is goFuncAddr's first use of a func value. It takes the
// func value (its funcval pointer) by value: the address of the caller's
// argument must not escape, or every typed call would allocate.
func (b *binding) newGoFuncCallback(i int, key unsafe.Pointer) uintptr {
	fn := key
	cb, err := NewCallbackFunc(reflect.NewAt(b.args[i].gt, unsafe.Pointer(&fn)).Elem().Interface())
	if err != nil {
		// The type was checked at bind time: only running out of
		// closure memory gets here, and a typed call has no error result.
		panic(&CallError{Library: b.lib, Func: b.name, Arg: i + 1, Err: err})
	}
	if prev, loaded := goFuncCallbacks.LoadOrStore(key, cb); loaded {
		cb.Free() // another goroutine made one first
		return prev.(*Callback).FuncAddr()
	}
	return cb.FuncAddr()
}

func typeFor[T any]() reflect.Type { return reflect.TypeFor[T]() }

// goString copies the C string at addr ("" for NULL).
func goString(addr uintptr) string {
	if addr == 0 {
		return ""
	}
	s, _ := types.StringAt(addr, -1)
	return s
}

// BindFunc binds the C function name of lib to the Go func variable fptr
// points to, like purego.RegisterLibFunc: fptr is a pointer to a variable
// of func type, whose parameter and result types give the C signature as
// for [Fn1] (a string result is a char* copied into a Go string). It works
// for any number of arguments; it goes through reflect on each call, so
// [Fn0]..[Fn20] and [Proc0]..[Proc20] are faster where they fit. A signature
// that cannot be bound is an error, not a panic.
func BindFunc(lib *Library, name string, fptr any, opts ...BindOption) error {
	pv := reflect.ValueOf(fptr)
	if pv.Kind() != reflect.Pointer || pv.IsNil() || pv.Elem().Kind() != reflect.Func {
		return &CallError{Library: lib.nameOrEmpty(), Func: name, Err: fmt.Errorf("%w: BindFunc wants a pointer to a func variable, got %T", ErrSignature, fptr)}
	}
	ft := pv.Elem().Type()
	if ft.IsVariadic() {
		return &CallError{Library: lib.nameOrEmpty(), Func: name, Err: fmt.Errorf("%w: BindFunc: Go variadic funcs cannot be bound; declare the C function's ... with ffi.Variadic and bind a fixed Go signature", ErrSignature)}
	}
	if ft.NumOut() > 1 {
		return &CallError{Library: lib.nameOrEmpty(), Func: name, Err: fmt.Errorf("%w: BindFunc: a C function has at most one result, %s has %d", ErrSignature, ft, ft.NumOut())}
	}
	var rt reflect.Type
	if ft.NumOut() == 1 {
		rt = ft.Out(0)
	}
	ins := make([]reflect.Type, ft.NumIn())
	for i := range ins {
		ins[i] = ft.In(i)
	}
	b, err := bindTyped(lib, name, opts, rt, ins...)
	if err != nil {
		return err
	}
	// Each call's arguments and result go into one pointer-free block of
	// words (an argument's value at offs[i], the result after them):
	// one allocation for them all. What the arguments point to (a
	// string's bytes, a slice's elements, a Go pointer's target) is kept
	// alive by args, which the caller holds until the call returns; the
	// result reaches Go by MakeFunc's typed copy (a string result, whose
	// bytes are new, is made in a Value of its own).
	offs := make([]uintptr, len(ins))
	nw := uintptr(0)
	for i, t := range ins {
		offs[i] = nw
		nw += (t.Size() + 7) / 8
	}
	roff := nw
	if rt != nil {
		nw += (rt.Size()+7)/8 + 1
	}
	fn := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		words := make([]uint64, max(nw, 1))
		var psa [maxArgs + 1]unsafe.Pointer
		ps := psa[:]
		if len(args) > maxArgs {
			ps = make([]unsafe.Pointer, len(args)+1)
		}
		for i, a := range args {
			p := unsafe.Pointer(&words[offs[i]])
			reflect.NewAt(ins[i], p).Elem().Set(a)
			ps[i] = p
		}
		var res reflect.Value
		var rp unsafe.Pointer
		switch {
		case rt == nil:
		case b.ret.k == gString:
			res = reflect.New(rt) // a Go string: written with a typed store
			rp = res.UnsafePointer()
		default:
			rp = unsafe.Pointer(&words[roff])
			res = reflect.NewAt(rt, rp)
		}
		b.invoke(&ps[0], rp)
		runtime.KeepAlive(args)
		if rt == nil {
			return nil
		}
		return []reflect.Value{res.Elem()}
	})
	pv.Elem().Set(fn)
	return nil
}
