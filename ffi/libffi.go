package ffi

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/types"
)

// libffiCall is a call interface prepared with libffi: the engine on
// platforms without the fast engine, and the reference the tests compare
// the fast engine with.
type libffiCall struct {
	cif    *libffi.Cif // a heap object of its own: pinning it pins nothing else
	rtype  *libffi.Type
	atypes []*libffi.Type
	pin    *runtime.Pinner
	nargs  int
	rsize  uintptr // the result's size (0 for void)
}

// newLibffiCall prepares a call interface for rt(args...); nfixed < 0 for a
// function that is not variadic. Array arguments are passed as pointers.
func newLibffiCall(rt *types.Type, args []*types.Type, nfixed int) (*libffiCall, error) {
	if err := libffi.Load(); err != nil {
		return nil, err
	}
	c := &libffiCall{cif: new(libffi.Cif), pin: new(runtime.Pinner), nargs: len(args)}
	if rt.Kind() != types.KindVoid {
		c.rsize = rt.Size()
	}
	var err error
	if c.rtype, err = ffiType(rt, c.pin); err != nil {
		return nil, err
	}
	c.atypes = make([]*libffi.Type, len(args)+1) // +1: never empty, for &atypes[0]
	for i, a := range args {
		if a.Kind() == types.KindArray {
			a = types.PointerTo(a.Elem())
		}
		if c.atypes[i], err = ffiType(a, c.pin); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
	}
	c.pin.Pin(&c.atypes[0])
	st, err := libffi.PrepCif(c.cif, nfixed, c.rtype, c.atypes[:len(args)])
	if err != nil {
		c.pin.Unpin()
		return nil, err
	}
	if st != libffi.OK {
		c.pin.Unpin()
		return nil, fmt.Errorf("ffi_prep_cif: %v", st)
	}
	c.pin.Pin(c.cif)
	// Nothing pinned refers to c, so c can become unreachable and the
	// cleanup unpin what libffi was given.
	runtime.AddCleanup(c, func(p *runtime.Pinner) { p.Unpin() }, c.pin)
	return c, nil
}

// ffiType returns the libffi type descriptor of t. Descriptors of
// aggregates are new Go memory, pinned with pin because libffi keeps
// pointers to them in the call interface.
func ffiType(t *types.Type, pin *runtime.Pinner) (*libffi.Type, error) {
	switch k := t.Kind(); k {
	case types.KindVoid:
		return libffi.Builtin("void"), nil
	case types.KindBool, types.KindUint8, types.KindChar:
		return libffi.Builtin("uint8"), nil
	case types.KindInt8:
		return libffi.Builtin("sint8"), nil
	case types.KindInt16:
		return libffi.Builtin("sint16"), nil
	case types.KindUint16:
		return libffi.Builtin("uint16"), nil
	case types.KindInt32:
		return libffi.Builtin("sint32"), nil
	case types.KindUint32:
		return libffi.Builtin("uint32"), nil
	case types.KindWChar:
		if t.Size() == 2 {
			return libffi.Builtin("uint16"), nil
		}
		return libffi.Builtin("sint32"), nil
	case types.KindInt64:
		return libffi.Builtin("sint64"), nil
	case types.KindUint64:
		return libffi.Builtin("uint64"), nil
	case types.KindFloat32:
		return libffi.Builtin("float"), nil
	case types.KindFloat64:
		return libffi.Builtin("double"), nil
	case types.KindCharP, types.KindWCharP, types.KindVoidP, types.KindPointer, types.KindFunc:
		return libffi.Builtin("pointer"), nil
	case types.KindStruct, types.KindUnion, types.KindArray:
		elems, err := ffiElements(t, pin)
		if err != nil {
			return nil, err
		}
		elems = append(elems, nil)
		pin.Pin(&elems[0])
		ft := &libffi.Type{Kind: libffi.TypeStruct, Elements: &elems[0]}
		pin.Pin(ft)
		return ft, nil
	}
	return nil, fmt.Errorf("type %s has no libffi equivalent", t)
}

// ffiElements lists the element types libffi lays out for an aggregate. A
// plain struct lists its fields (arrays expanded, as CPython's ctypes does).
// Unions, structs with bitfields and packed structs have no libffi
// equivalent: they are described chunk by chunk of their alignment, each
// chunk a float or double where only floating-point members cover it and an
// integer otherwise, which gives libffi the same size, alignment and
// register classification.
func ffiElements(t *types.Type, pin *runtime.Pinner) ([]*libffi.Type, error) {
	var out []*libffi.Type
	if t.Kind() == types.KindArray {
		for i := 0; i < t.Len(); i++ {
			e, err := ffiType(t.Elem(), pin)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	}
	if t.Kind() == types.KindStruct && !needsChunks(t) {
		for _, f := range t.Fields() {
			if f.Type.Kind() == types.KindArray {
				sub, err := ffiElements(f.Type, pin)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
				continue
			}
			e, err := ffiType(f.Type, pin)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	}
	leaves := appendLeaves(nil, t, 0)
	if runtime.GOARCH == "arm64" {
		return aapcs64Elements(t, leaves), nil
	}
	chunk := t.Align()
	if t.Pack() > 0 && misaligned(leaves) {
		if runtime.GOARCH == "amd64" && runtime.GOOS != "windows" {
			// The x86-64 convention passes such a struct in memory because of
			// its misaligned fields, which libffi, laying out elements itself,
			// cannot be told about. (The fast engine handles it.)
			return nil, fmt.Errorf("libffi cannot pass %s by value on x86-64: it has misaligned (packed) fields", t)
		}
		chunk = 1 // elsewhere (Win64 too) only size and alignment matter: bytes
	}
	for off := uintptr(0); off < t.Size(); off += chunk {
		allFloat, any := true, false
		for _, l := range leaves {
			if l.Offset < off+chunk && l.Offset+l.Size > off {
				any = true
				if !l.Float {
					allFloat = false
				}
			}
		}
		switch {
		case any && allFloat && chunk == 8:
			out = append(out, libffi.Builtin("double"))
		case any && allFloat && chunk == 4:
			out = append(out, libffi.Builtin("float"))
		case chunk == 8:
			out = append(out, libffi.Builtin("uint64"))
		case chunk == 4:
			out = append(out, libffi.Builtin("uint32"))
		case chunk == 2:
			out = append(out, libffi.Builtin("uint16"))
		default:
			out = append(out, libffi.Builtin("uint8"))
		}
	}
	return out, nil
}

// aapcs64Elements describes to libffi an aggregate that it cannot be told
// about field by field (a union, a struct with bitfields or packing), the
// way AAPCS64 classifies it, as CPython's ctypes describes unions by an
// equivalent struct. AAPCS64 looks at the fundamental types of all members,
// not at which member covers which byte: an aggregate whose members are all
// floats, or all doubles, of at most four elements' size is a homogeneous
// floating-point aggregate, passed in v registers; it becomes a struct of
// that many floats (doubles). Any other aggregate is passed in x registers
// or by reference, by size alone; it becomes integer chunks of its
// alignment, with no floating-point element that could make libffi take it
// for a homogeneous one. (A union { float f[2]; double d; } mixes float and
// double: it is passed in x0, not in d0.)
func aapcs64Elements(t *types.Type, leaves []callconv.Leaf) []*libffi.Type {
	var out []*libffi.Type
	base := uintptr(0)
	for _, l := range leaves {
		if !l.Float || (base != 0 && l.Size != base) {
			base = 0
			break
		}
		base = l.Size
	}
	if base != 0 && t.Size()%base == 0 && t.Size()/base <= 4 {
		elem := libffi.Builtin("float")
		if base == 8 {
			elem = libffi.Builtin("double")
		}
		for off := uintptr(0); off < t.Size(); off += base {
			out = append(out, elem)
		}
		return out
	}
	chunk := t.Align()
	for off := uintptr(0); off < t.Size(); off += chunk {
		switch chunk {
		case 8:
			out = append(out, libffi.Builtin("uint64"))
		case 4:
			out = append(out, libffi.Builtin("uint32"))
		case 2:
			out = append(out, libffi.Builtin("uint16"))
		default:
			out = append(out, libffi.Builtin("uint8"))
		}
	}
	return out
}

// needsChunks reports whether a struct (or a struct nested in it) cannot
// be described to libffi field by field.
func needsChunks(t *types.Type) bool {
	if t.Pack() > 0 {
		return true
	}
	for _, f := range t.Fields() {
		if f.Bits > 0 || f.Type.Kind() == types.KindUnion {
			return true
		}
		e := f.Type
		for e.Kind() == types.KindArray {
			e = e.Elem()
		}
		if e.Kind() == types.KindStruct && needsChunks(e) {
			return true
		}
	}
	return false
}

func misaligned(leaves []callconv.Leaf) bool {
	for _, l := range leaves {
		if l.Size > 0 && l.Offset%l.Size != 0 {
			return true
		}
	}
	return false
}

// Invoke is the libffi engine's call (see invoker): ffi_call with the
// argument addresses as they are (libffi reads them before calling fn).
// The result comes back in heap memory first, never the goroutine stack: a
// callback during the call may move the stack, and libffi writes the
// result after fn returns. Integer results arrive widened to a whole word,
// whose low bytes (little-endian) are the C value.
func (c *libffiCall) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	var rp unsafe.Pointer
	var rbuf []uint64
	if c.rsize > 0 {
		rbuf = make([]uint64, (c.rsize+15)/8)
		escapes(unsafe.Pointer(&rbuf[0]))
		rp = unsafe.Pointer(&rbuf[0])
	}
	var vals []unsafe.Pointer
	if c.nargs > 0 {
		vals = unsafe.Slice(args, c.nargs)
	}
	ffiCall(c.cif, fn, rp, vals)
	if c.rsize > 0 {
		copy(unsafe.Slice((*byte)(ret), c.rsize), unsafe.Slice((*byte)(rp), c.rsize))
	}
}

// ffiCall is ffi_call: fn called per cif with the arguments at vals and the
// result stored at r.
func ffiCall(cif *libffi.Cif, fn uintptr, r unsafe.Pointer, vals []unsafe.Pointer) {
	libffi.Call(cif, fn, r, vals)
}
