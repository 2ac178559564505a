package ffi

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// Go arrays and slices for POINTER(T) arguments: a []G or a *[N]G whose
// element type G has T's C layout (a []float64 or *[3]float64 for
// POINTER(c_double), a []Pt of a Go struct Pt for POINTER(struct pt))
// passes the address of its first element, without copying, as C's
// array-to-pointer decay does; a *G of a Go struct G passes as a *[1]G
// (&pt for a struct pt*: an output parameter, or a struct passed by
// reference). G holds no Go pointer (cMemory); an empty
// slice, a nil slice, a nil pointer and a *[0]G pass NULL (as a []float64
// for a double* always has: there is no first element).
//
// Where the memory is: a slice's elements are on the heap (CallAs's
// arguments' boxes do not escape, but what they point to does), so C gets
// their address. A *[N]G is the interface's data word itself, which may
// point into the caller's frame (the arguments of Func.Call and CallAs do
// not escape): the call copies the array (or struct) into the plan's
// cells (heap memory where they cannot hold it) and back after it, as it
// does for scalar output parameters (a goroutine stack moves when a
// callback grows it, and C would keep the old address).

// arrayKind is a Go type accepted for a typed pointer argument.
type arrayKind struct {
	typ   uintptr // the Go type's type word
	slice bool    // []G (else *[N]G or *G)
	size  uintptr // *[N]G: N*sizeof(G); *G: sizeof(G)
	align uintptr // G's alignment
}

// loadArrayKind returns the Go type last accepted for a's arrays, or nil.
func loadArrayKind(a *argPlan) *arrayKind {
	return (*arrayKind)(atomic.LoadPointer(&a.arrays))
}

// arrayFor returns how the Go value x passes for the typed pointer
// argument a when it is a slice or an array pointer of the pointee's
// layout: ok false when x is neither (the caller reports the usual
// error), err set when it is one of another layout or of Go memory.
func arrayFor(a *argPlan, x any) (k *arrayKind, ok bool, err error) {
	tw := (*eface)(unsafe.Pointer(&x)).typ
	if k := loadArrayKind(a); k != nil && k.typ == tw {
		return k, true, nil
	}
	g := reflect.TypeOf(x)
	var elem reflect.Type
	switch {
	case g == nil:
		return nil, false, nil
	case g.Kind() == reflect.Slice:
		elem = g.Elem()
	case g.Kind() == reflect.Pointer && g.Elem().Kind() == reflect.Array:
		elem = g.Elem().Elem()
	case g.Kind() == reflect.Pointer && g.Elem().Kind() == reflect.Struct:
		elem = g.Elem() // one element
	default:
		return nil, false, nil
	}
	want := a.pt.Elem()
	if err := cMemory(elem); err != nil {
		return nil, true, fmt.Errorf("%w: %s as %s: element %w", types.ErrConvert, g, a.pt.Name(), err)
	}
	c, _, err := goCType(elem)
	if err != nil {
		return nil, true, fmt.Errorf("%w: %s as %s: %w", types.ErrConvert, g, a.pt.Name(), err)
	}
	if !sameLayout(c, want) || c.Size() != want.Size() {
		return nil, true, fmt.Errorf("%w: %s as %s: the Go element type %s does not have the C layout of %s (%d bytes aligned to %d in Go, %d aligned to %d in C)",
			types.ErrConvert, g, a.pt.Name(), elem, want.Name(), elem.Size(), elem.Align(), want.Size(), want.Align())
	}
	k = &arrayKind{typ: tw, slice: g.Kind() == reflect.Slice, align: uintptr(elem.Align())}
	if !k.slice {
		k.size = g.Elem().Size()
	}
	atomic.StorePointer(&a.arrays, unsafe.Pointer(k))
	if g.Elem() == elem && a.outSize == k.size && a.out == noType {
		// A *S for a struct pointer: an output parameter from now on
		// (outGo), copied by the engine or the plan's cells.
		atomic.StoreUintptr(&a.outGo, tw)
	}
	return k, true, nil
}

// sliceFirst returns the address of the first element of the slice x
// (nil when it has none). The elements are on the heap: see the comment
// at the top.
func sliceFirst(x any) unsafe.Pointer {
	s := (*struct {
		data     unsafe.Pointer
		len, cap int
	})((*eface)(unsafe.Pointer(&x)).data)
	if s.len == 0 {
		return nil
	}
	return s.data
}

// arrayArg converts argument i, x, of the Go type k describes, into *word:
// the address of its first element, kept alive in keep, or copied (see the
// comment at the top) into the call's cells where it fits them, else into
// heap memory kept in keep.
func (p *prepared) arrayArg(i int, k *arrayKind, x any, cells *outCells, keep *keepSet, word *uint64) {
	if k.slice {
		p := sliceFirst(x)
		if p != nil {
			keep.add(p)
		}
		*word = uint64(uintptr(p))
		return
	}
	// The array pointer is the interface's data word: hidden from escape
	// analysis, which would otherwise move every argument's box to the heap.
	d := noescape((*eface)(unsafe.Pointer(&x)).data)
	switch {
	case d == nil || k.size == 0:
		*word = 0
	case k.align <= 8:
		if c := cells.add(p, i, d, k.size); c != nil {
			*word = uint64(uintptr(c))
			return
		}
		fallthrough
	default:
		c := heapCopy(d, k.size, k.align)
		keep.addCopy(i, c, k.size)
		*word = uint64(uintptr(c))
	}
}

// heapCopy returns new heap memory holding a copy of the size bytes at
// src, aligned for align.
func heapCopy(src unsafe.Pointer, size, align uintptr) unsafe.Pointer {
	var p unsafe.Pointer
	if align > 8 {
		b := make([][2]uint64, (size+15)/16)
		p = unsafe.Pointer(&b[0])
	} else {
		b := make([]uint64, (size+7)/8)
		p = unsafe.Pointer(&b[0])
	}
	copy(unsafe.Slice((*byte)(p), size), unsafe.Slice((*byte)(src), size))
	return p
}
