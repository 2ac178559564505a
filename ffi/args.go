package ffi

import (
	"fmt"
	"math"
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// argError wraps a conversion error of argument i (0-based).
func (f *fnID) argError(i int, a *argPlan, x any, err error) error {
	return f.errorf(i+1, a.t, goType(x), argErr{err})
}

// scalarBits converts argument x for a non-pointer, non-aggregate slot.
// The commonest pairs (a Go int or int32 for a C int, a float64 for a
// double) take a short path; everything else goes through
// types.Type.ScalarBits, which has the same rules.
func scalarBits(a *argPlan, x any) (uint64, error) {
	switch a.how {
	case convF64:
		if f, ok := x.(float64); ok {
			return math.Float64bits(f), nil
		}
	case convInt32:
		switch i := x.(type) {
		case int:
			if i >= math.MinInt32 && i <= math.MaxInt32 {
				return uint64(i), nil
			}
		case int32:
			return uint64(int64(i)), nil
		}
	case convInt64:
		switch i := x.(type) {
		case int:
			return uint64(i), nil
		case int64:
			return uint64(i), nil
		}
	}
	return a.pt.ScalarBits(x)
}

// aggregateArg returns the memory of a struct or union argument passed by
// value.
func aggregateArg(a *argPlan, x any) (*types.Value, error) {
	v, ok := x.(*types.Value)
	if !ok || v == nil {
		if x != nil && goStructFits(&a.goStruct, x, a.t) {
			return nil, nil // a Go struct of the C layout: see aggregateArgMem
		}
		return nil, &types.ConvError{Type: a.t, GoType: goType(x), Reason: "a *types.Value of " + a.t.Name() + " or a Go struct of its layout is required (struct passed by value)", Err: types.ErrConvert}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if v.Type() != a.t {
		return nil, &types.ConvError{Type: a.t, GoType: goType(x), Reason: "wrong struct type", Err: types.ErrConvert}
	}
	return v, nil
}

// aggregateArgMem returns the memory of a struct argument: a Value's, or
// the Go struct's own (the interface's data word) when aggregateArg
// accepted a Go struct.
func aggregateArgMem(v *types.Value, x any) unsafe.Pointer {
	if v != nil {
		return v.UnsafePointer()
	}
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1]
}

// goStructFits reports whether the Go value x is a struct with the layout
// of the C type c (checked once per Go type, remembered in *cache).
func goStructFits(cache *uintptr, x any, c *types.Type) bool {
	tw := uintptr((*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0])
	if atomic.LoadUintptr(cache) == tw {
		return true
	}
	if !goLayoutMatches(reflect.TypeOf(x), c) {
		return false
	}
	atomic.StoreUintptr(cache, tw)
	return true
}

// goLayoutMatches reports whether the Go type g is a struct with the
// layout of the C type c, its value held in an interface through a
// pointer (not a pointer-shaped struct, which an interface holds directly:
// such a value passes as a *types.Value or through a typed binding).
func goLayoutMatches(g reflect.Type, c *types.Type) bool {
	if g.Kind() != reflect.Struct || directIface(g) {
		return false
	}
	gc, err := goStructType(g)
	return err == nil && sameLayout(gc, c)
}

// directIface reports whether an interface holds a value of type t in its
// data word itself rather than through a pointer: pointer-shaped types,
// and structs of one field and arrays of one element of such a type.
func directIface(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan, reflect.Map, reflect.Func:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && directIface(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && directIface(t.Elem())
	}
	return false
}

var errTooManyOut = fmt.Errorf("%w: more than %d Go pointers passed as output parameters in one call; pass types.Value or slices", types.ErrConvert, maxOut)

// callbackArgAddr returns the function pointer of a callback passed for a
// function pointer (or void*) argument, after checking its signature.
func callbackArgAddr(a *argPlan, cb *Callback) (uintptr, error) {
	if cb == nil || cb.freed.Load() {
		return 0, fmt.Errorf("%w: a freed or nil *Callback", types.ErrConvert)
	}
	switch a.pt.Kind() {
	case types.KindVoidP:
	case types.KindFunc:
		if err := checkCallbackProto(a.pt, cb); err != nil {
			return 0, err // names both prototypes and what differs
		}
	default:
		return 0, &types.ConvError{Type: a.t, GoType: "*ffi.Callback", Reason: "a function pointer cannot be used as " + a.t.Name(), Err: types.ErrConvert}
	}
	return cb.code, nil
}

func sameLayout(a, b *types.Type) bool {
	if a == b {
		return true
	}
	ka, kb := a.Kind(), b.Kind()
	if ka.IsPointer() && kb.IsPointer() {
		return ka == types.KindVoidP || kb == types.KindVoidP || ka != types.KindPointer || kb != types.KindPointer || sameLayout(a.Elem(), b.Elem())
	}
	if a.Size() != b.Size() || a.Align() != b.Align() {
		return false
	}
	if ka != kb {
		// Scalars of one size and class are one layout: c_char, c_byte
		// and c_ubyte; c_int, c_int32 and c_wchar (4 bytes); and so on.
		return ka.IsScalar() && kb.IsScalar() && !ka.IsPointer() && !kb.IsPointer() &&
			ka.IsFloat() == kb.IsFloat() && a.IsBigEndian() == b.IsBigEndian()
	}
	switch ka {
	case types.KindArray:
		return a.Len() == b.Len() && sameLayout(a.Elem(), b.Elem())
	case types.KindStruct, types.KindUnion:
		fa, fb := a.Fields(), b.Fields()
		if len(fa) != len(fb) {
			return false
		}
		for i := range fa {
			if fa[i].Offset != fb[i].Offset || fa[i].Bits != fb[i].Bits || fa[i].BitOffset != fb[i].BitOffset || !sameLayout(fa[i].Type, fb[i].Type) {
				return false
			}
		}
	}
	return true
}

// quickAggregate returns the memory of a struct argument given as a Go
// struct of a type already checked to have the C layout (the commonest
// case once a call has been made), or nil.
func quickAggregate(a *argPlan, x any) unsafe.Pointer {
	e := (*[2]unsafe.Pointer)(unsafe.Pointer(&x))
	if tw := uintptr(e[0]); tw != 0 && tw == atomic.LoadUintptr(&a.goStruct) {
		return e[1]
	}
	return nil
}

// pointerArg converts x for a pointer argument: the address C gets and the
// Go memory to keep alive until C returns (nil if none). For a Go pointer
// to a scalar (an output parameter, &e for an int*) it returns that
// pointer as out instead, and the size of its pointee: the caller passes it
// in place or through a cell (see outCells); a nil one is NULL.
func pointerArg(a *argPlan, x any) (addr uintptr, keep, out unsafe.Pointer, size uintptr, err error) {
	if cb, ok := x.(*Callback); ok {
		addr, err = callbackArgAddr(a, cb)
		return addr, nil, nil, 0, err
	}
	if a.pt.Kind() == types.KindPointer {
		if p, ok := types.ScalarPointer(a.pt.Elem(), x); ok {
			if p == nil {
				return 0, nil, nil, 0, nil // a nil Go pointer is NULL, as nil is
			}
			return 0, nil, p, a.pt.Elem().Size(), nil
		}
	}
	addr, keep, err = a.pt.PointerBits(x)
	return addr, keep, nil, 0, err
}

// outCells are the cells of one call's output parameters: Go pointers to
// scalars (&e for an int*), and CallAs's Go pointers to arrays and structs
// that fit (&arr, &pt: see arrayarg.go), whose values C reads and writes
// in cells that do not move, copied in before the call and back after it.
// A pointer into the caller's frame never reaches C, so a goroutine stack
// that moves during a callback cannot leave C writing to a stale address
// (the arguments do not escape: such pointers are often on the stack). The
// cells are the plan's own when no other call is using them (claimed with
// one compare-and-swap), so a call allocates nothing; a call made while
// another goroutine is inside the same plan gets heap cells.
type outCells struct {
	cells *[maxOut]uint64
	n     int            // entries
	used  int            // cells taken by them
	arg   [maxOut]int32  // the argument of each entry
	at    [maxOut]uint8  // its first cell
	size  [maxOut]uint16 // its size in bytes
}

// fits reports whether the cells left can hold size bytes.
func (o *outCells) fits(size uintptr) bool {
	return o.n < maxOut && size <= uintptr(maxOut-o.used)*8
}

// add copies the size bytes at src into the next cells and returns their
// address, or nil when the cells left cannot hold them.
func (o *outCells) add(p *prepared, i int, src unsafe.Pointer, size uintptr) unsafe.Pointer {
	need := int((size + 7) / 8)
	if o.n == maxOut || size == 0 || size > maxOut*8 || o.used+need > maxOut || i > math.MaxInt32 {
		return nil
	}
	if o.cells == nil {
		if p.cells != nil && p.cellBusy.CompareAndSwap(0, 1) {
			o.cells = p.cells
		} else {
			o.cells = new([maxOut]uint64)
			escapes(unsafe.Pointer(o.cells))
		}
	}
	c := unsafe.Pointer(&o.cells[o.used])
	copyScalar(c, src, size)
	o.arg[o.n], o.at[o.n], o.size[o.n] = int32(i), uint8(o.used), uint16(size)
	o.n++
	o.used += need
	return c
}

// copyBack copies each entry's cells back to its Go pointer (args[i]'s
// data word) and releases the cells.
func (o *outCells) copyBack(p *prepared, args []any) {
	for k := 0; k < o.n; k++ {
		dst := (*eface)(unsafe.Pointer(&args[o.arg[k]])).data
		copyScalar(dst, unsafe.Pointer(&o.cells[o.at[k]]), uintptr(o.size[k]))
	}
	o.release(p)
}

// release gives the plan's cells back (after the call, or on an error
// before it).
func (o *outCells) release(p *prepared) {
	if o.cells != nil && o.cells == p.cells {
		p.cellBusy.Store(0)
	}
	o.cells = nil
}

// copyScalar copies size bytes: a scalar of 1, 2, 4 or 8 in one move.
func copyScalar(dst, src unsafe.Pointer, size uintptr) {
	switch size {
	case 8:
		*(*uint64)(dst) = *(*uint64)(src)
	case 4:
		*(*uint32)(dst) = *(*uint32)(src)
	case 2:
		*(*uint16)(dst) = *(*uint16)(src)
	case 1:
		*(*uint8)(dst) = *(*uint8)(src)
	default:
		copy(unsafe.Slice((*byte)(dst), size), unsafe.Slice((*byte)(src), size))
	}
}
