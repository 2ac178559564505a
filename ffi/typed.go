//go:generate go run gen_typed.go

package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
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
	slot int         // fast engine: register/stack slot (scalars)
	size uintptr
	gt   reflect.Type // gGoFunc: the Go func type
	// nreg > 0: a struct travelling in nreg registers, word k read from
	// offset regOff[k] into slot regSlot[k] (see callconv.Plan.RegWords).
	nreg    int
	regSlot [2]int
	regOff  [2]uintptr
}

// binding is a prepared typed call.
type binding struct {
	name, lib string
	addr      uintptr
	state     *libState // the library's: a call after Close panics with ErrClosed
	args      []tslot
	ret       tslot // k == 0: void
	plan      *callconv.Plan
	lf        *libffiCall
	// simple: no stack words and no string copies, so a call needs nothing
	// but the register frame.
	simple bool
	// scalar: simple, and every argument and the result a number or an
	// address (no slices, pointers, structs): the inlined fast path.
	scalar bool
	// regs: not scalar, but every argument a number or a struct in
	// registers, and the result a number or a struct in registers (rw):
	// the registers are loaded and stored without the general path.
	regs bool
	rw   retWords
	// ints: scalar, with integer and pointer arguments and result only
	// (callconv.Plan.Ints): the call uses the smaller IntFrame.
	ints bool
}

func bindTyped(lib *Library, name string, ret reflect.Type, args ...reflect.Type) (*binding, error) {
	addr, err := lib.Sym(name)
	if err != nil {
		return nil, err
	}
	b, err := newBinding(lib.name, name, addr, ret, args)
	if err != nil {
		return nil, err
	}
	b.state = lib.state
	return b, nil
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
// would return.
func (b *binding) closedPanic() {
	panic(&CallError{Library: b.lib, Func: b.name, Err: ErrClosed})
}

func newBinding(lib, name string, addr uintptr, ret reflect.Type, args []reflect.Type) (*binding, error) {
	b := &binding{name: name, lib: lib, addr: addr, args: make([]tslot, len(args))}
	fail := func(arg int, err error) error {
		return &CallError{Library: lib, Func: name, Arg: arg, Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	rt := types.Void
	if ret != nil {
		c, k, err := goCType(ret)
		if err != nil {
			return nil, fail(0, fmt.Errorf("result: %w", err))
		}
		if k == gSlice || k == gGoFunc {
			return nil, fail(0, fmt.Errorf("result type %s: return a pointer, uintptr or unsafe.Pointer for a C pointer (and call a function pointer through FuncOf)", ret))
		}
		if k == gPtr {
			k = gInt64 // a *T result is the address C returns, one word
		}
		if ret.Kind() == reflect.Array {
			return nil, fail(0, fmt.Errorf("a C function cannot return an array (%s)", ret))
		}
		b.ret = tslot{k: k, c: c, size: ret.Size()}
		rt = c
	}
	ctypes := make([]*types.Type, len(args))
	for i, a := range args {
		c, k, err := goCType(a)
		if err != nil {
			return nil, fail(i+1, err)
		}
		if a.Kind() == reflect.Array {
			return nil, fail(i+1, fmt.Errorf("a C function cannot take an array by value (%s); pass a slice or a pointer", a))
		}
		b.args[i] = tslot{k: k, c: c, size: a.Size()}
		if k == gGoFunc {
			b.args[i].gt = a
		}
		ctypes[i] = c
	}
	if callconv.Supported && !forceLibffi {
		lays := make([]callconv.Layout, len(ctypes))
		for i, c := range ctypes {
			lays[i] = layoutOf(c)
		}
		plan, err := callconv.NewPlan(layoutOf(rt), lays, -1)
		if err != nil {
			return nil, fail(0, err)
		}
		b.plan = plan
		b.simple = plan.StackWords() == 0
		b.scalar = plan.Simple()
		for _, a := range b.args {
			if a.k == gString {
				b.simple = false
			}
			if a.k >= gString {
				b.scalar = false
			}
		}
		if b.ret.k >= gString {
			b.scalar = false
		}
		b.ints = b.scalar && plan.Ints() && b.ret.k != gFloat32 && b.ret.k != gFloat64
		b.regs = !b.scalar && plan.StackWords() == 0
		for i := range b.args {
			a := &b.args[i]
			if a.k != gStruct {
				a.slot = plan.ArgSlot(i)
			} else if n, slots, offs, ok := plan.RegWords(i); ok {
				a.nreg, a.regSlot, a.regOff = n, slots, offs
			}
			if !(a.k < gString || a.k == gFuncPtr || a.nreg > 0) {
				b.regs = false
			}
		}
		if b.ret.k == gStruct {
			var ok bool
			b.rw.n, b.rw.reg, b.rw.off, ok = plan.RetWords()
			b.regs = b.regs && ok
		} else if b.ret.k >= gString {
			b.regs = false
		}
		return b, nil
	}
	lf, err := newLibffiCall(rt, ctypes, -1)
	if errors.Is(err, libffi.ErrUnavailable) {
		return nil, &CallError{Library: lib, Func: name, Err: err} // the machine, not the signature
	}
	if err != nil {
		return nil, fail(0, err)
	}
	b.lf = lf
	return b, nil
}

// argWord is word with the commonest kinds inlined into the caller.
func argWord(k gkind, p unsafe.Pointer) uint64 {
	switch k {
	case gInt64, gFloat64:
		return *(*uint64)(p)
	case gInt32:
		return uint64(int64(*(*int32)(p)))
	}
	return word(k, p)
}

func word(k gkind, p unsafe.Pointer) uint64 {
	switch k {
	case gInt8:
		return uint64(int64(*(*int8)(p)))
	case gUint8:
		return uint64(*(*uint8)(p))
	case gInt16:
		return uint64(int64(*(*int16)(p)))
	case gUint16:
		return uint64(*(*uint16)(p))
	case gInt32:
		return uint64(int64(*(*int32)(p)))
	case gUint32:
		return uint64(*(*uint32)(p))
	case gFloat32:
		return uint64(*(*uint32)(p))
	case gBool:
		if *(*bool)(p) {
			return 1
		}
		return 0
	case gFuncPtr:
		return uint64((*(**Callback)(p)).FuncAddr()) // 0 for nil or freed
	}
	return *(*uint64)(p) // gInt64, gFloat64 and pointer-sized words
}

// callState is the scratch of a typed call whose signature needs stack
// words or string copies. It lives on the caller's stack; signatures of
// register arguments only (the common case) do without it.
type callState struct {
	stack [inlineStack]uint64
	keep  [4]unsafe.Pointer
	nk    int
	more  []unsafe.Pointer
	big   []uint64
}

func (s *callState) hold(p unsafe.Pointer) {
	if s.nk < len(s.keep) {
		s.keep[s.nk] = p
		s.nk++
		return
	}
	s.more = append(s.more, p)
}

// release keeps what the call was given alive up to this point.
func (s *callState) release() {
	runtime.KeepAlive(&s.keep)
	runtime.KeepAlive(s.more)
}

func (b *binding) stackWords(s *callState) []uint64 {
	if n := b.plan.StackWords(); n > inlineStack {
		s.big = make([]uint64, n)
		return s.big
	}
	return s.stack[:]
}

// set puts argument i, the Go value at p, into the call. s is nil for
// simple signatures (see binding.simple).
func (b *binding) set(fr *callconv.Frame, stack []uint64, s *callState, i int, p unsafe.Pointer) {
	a := &b.args[i]
	switch a.k {
	case gStruct:
		if a.nreg == 0 {
			b.plan.SetArgMem(fr, stack, i, p)
			return
		}
		fr.SetReg(a.regSlot[0], *(*uint64)(unsafe.Add(p, a.regOff[0])))
		if a.nreg == 2 {
			fr.SetReg(a.regSlot[1], *(*uint64)(unsafe.Add(p, a.regOff[1])))
		}
		return
	case gString:
		q := b.cString(i, *(*string)(p))
		s.hold(q)
		callconv.SetWord(fr, stack, a.slot, uint64(uintptr(q)))
		return
	case gSlice, gPtr:
		q := *(*unsafe.Pointer)(p) // the slice's data pointer, or the pointer
		escapes(q)
		callconv.SetWord(fr, stack, a.slot, uint64(uintptr(q)))
		return
	case gGoFunc:
		callconv.SetWord(fr, stack, a.slot, uint64(b.goFuncAddr(i, p)))
		return
	}
	callconv.SetWord(fr, stack, a.slot, word(a.k, p))
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

// call runs the prepared call and stores the result at r.
func (b *binding) call(fr *callconv.Frame, stack []uint64, r unsafe.Pointer) {
	switch {
	case b.ret.k == gStruct:
		// Results of the MEMORY class too: the callee writes them on the
		// system stack and the trampoline copies them to r.
		b.plan.Call(fr, b.addr, stack, r)
		return
	}
	b.plan.Call(fr, b.addr, stack, nil)
	b.result(fr, r)
}

// result stores a scalar result, left in fr by the call, at r.
// intResult stores an integer, pointer or bool result, rax, at r.
func intResult(k gkind, rax uint64, r unsafe.Pointer) {
	switch k {
	case 0:
	case gInt8, gUint8:
		*(*uint8)(r) = uint8(rax)
	case gBool:
		*(*bool)(r) = uint8(rax) != 0
	case gInt16, gUint16:
		*(*uint16)(r) = uint16(rax)
	case gInt32, gUint32:
		*(*uint32)(r) = uint32(rax)
	default:
		*(*uint64)(r) = rax
	}
}

func (b *binding) result(fr *callconv.Frame, r unsafe.Pointer) {
	switch b.ret.k {
	case 0:
	case gFloat64:
		*(*uint64)(r) = fr.RetFloat()
	case gString:
		*(*string)(r) = goString(uintptr(fr.RetInt()))
	case gFloat32:
		*(*uint32)(r) = uint32(fr.RetFloat())
	case gInt8, gUint8:
		*(*uint8)(r) = uint8(fr.RetInt())
	case gBool:
		*(*bool)(r) = uint8(fr.RetInt()) != 0
	case gInt16, gUint16:
		*(*uint16)(r) = uint16(fr.RetInt())
	case gInt32, gUint32:
		*(*uint32)(r) = uint32(fr.RetInt())
	default:
		*(*uint64)(r) = fr.RetInt()
	}
}

// callSlow is the libffi path of a typed call: ps point to the Go
// arguments, r to the result.
func (b *binding) callSlow(ps []unsafe.Pointer, r unsafe.Pointer) {
	// Heap memory (see invokeLibffi): a callback may move the stack.
	vals := make([]unsafe.Pointer, len(ps)+1)
	words := make([]uint64, len(ps)+1)
	escapes(unsafe.Pointer(&vals[0]))
	escapes(unsafe.Pointer(&words[0]))
	var keep []any
	for i, p := range ps {
		switch b.args[i].k {
		case gString:
			q := b.cString(i, *(*string)(p))
			keep = append(keep, q)
			words[i] = uint64(uintptr(q))
			vals[i] = unsafe.Pointer(&words[i])
		case gSlice, gPtr:
			words[i] = uint64(uintptr(*(*unsafe.Pointer)(p)))
			vals[i] = unsafe.Pointer(&words[i])
		case gStruct:
			vals[i] = p
		case gGoFunc:
			words[i] = uint64(b.goFuncAddr(i, p))
			vals[i] = unsafe.Pointer(&words[i])
		default:
			words[i] = word(b.args[i].k, p)
			vals[i] = unsafe.Pointer(&words[i])
		}
	}
	var rbuf []uint64
	var rp unsafe.Pointer
	if b.ret.k != 0 {
		rbuf = make([]uint64, (b.ret.size+15)/8)
		escapes(unsafe.Pointer(&rbuf[0]))
		rp = unsafe.Pointer(&rbuf[0])
	}
	ffiCall(b.lf.cif, b.addr, rp, vals[:len(ps)])
	if b.ret.k != 0 {
		src := unsafe.Slice((*byte)(rp), 8+b.ret.size)
		if b.ret.k == gString {
			*(*string)(r) = goString(uintptr(rbuf[0]))
		} else if b.ret.k == gFloat32 || b.ret.k == gStruct || b.ret.k == gFloat64 {
			copy(unsafe.Slice((*byte)(r), b.ret.size), src)
		} else {
			// Integer results come back widened to a full ffi_arg word.
			w := rbuf[0]
			switch b.ret.size {
			case 1:
				*(*uint8)(r) = uint8(w)
			case 2:
				*(*uint16)(r) = uint16(w)
			case 4:
				*(*uint32)(r) = uint32(w)
			default:
				*(*uint64)(r) = w
			}
		}
	}
	runtime.KeepAlive(keep)
	runtime.KeepAlive(ps)
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
func BindFunc(lib *Library, name string, fptr any) error {
	pv := reflect.ValueOf(fptr)
	if pv.Kind() != reflect.Pointer || pv.IsNil() || pv.Elem().Kind() != reflect.Func {
		return &CallError{Library: lib.name, Func: name, Err: fmt.Errorf("%w: BindFunc wants a pointer to a func variable, got %T", ErrSignature, fptr)}
	}
	ft := pv.Elem().Type()
	if ft.IsVariadic() {
		return &CallError{Library: lib.name, Func: name, Err: fmt.Errorf("%w: BindFunc: Go variadic funcs cannot be bound; use Func with Variadic", ErrSignature)}
	}
	if ft.NumOut() > 1 {
		return &CallError{Library: lib.name, Func: name, Err: fmt.Errorf("%w: BindFunc: a C function has at most one result, %s has %d", ErrSignature, ft, ft.NumOut())}
	}
	var rt reflect.Type
	if ft.NumOut() == 1 {
		rt = ft.Out(0)
	}
	ins := make([]reflect.Type, ft.NumIn())
	for i := range ins {
		ins[i] = ft.In(i)
	}
	b, err := bindTyped(lib, name, rt, ins...)
	if err != nil {
		return err
	}
	fn := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		if b.state.closed.Load() {
			b.closedPanic()
		}
		ps := make([]unsafe.Pointer, len(args))
		for i, a := range args {
			c := reflect.New(a.Type())
			c.Elem().Set(a)
			ps[i] = c.UnsafePointer()
		}
		var res reflect.Value
		var rp unsafe.Pointer
		switch {
		case rt == nil:
		case b.ret.k == gString:
			res = reflect.New(rt) // a Go string: written with a typed store
			rp = res.UnsafePointer()
		default:
			// Words from C (numbers, C pointers) land in pointer-free
			// memory first, then reach res by a typed copy, which the
			// garbage collector sees.
			buf := make([]uint64, (rt.Size()+7)/8+1)
			rp = unsafe.Pointer(&buf[0])
		}
		if b.plan == nil {
			b.callSlow(ps, rp)
		} else {
			var fr callconv.Frame
			var s callState
			stack := b.stackWords(&s)
			for i, p := range ps {
				b.set(&fr, stack, &s, i, p)
			}
			b.call(&fr, stack, rp)
			s.release()
		}
		runtime.KeepAlive(ps)
		if rt == nil {
			return nil
		}
		if !res.IsValid() {
			res = reflect.New(rt)
			res.Elem().Set(reflect.NewAt(rt, rp).Elem())
		}
		return []reflect.Value{res.Elem()}
	})
	pv.Elem().Set(fn)
	return nil
}
