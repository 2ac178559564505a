package ffi

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/jupiterrider/ffi"
	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// libffiCall is a call interface prepared with libffi: the engine on
// platforms without the fast engine, and the reference the tests compare
// the fast engine with.
type libffiCall struct {
	cif    ffi.Cif
	rtype  *ffi.Type
	atypes []*ffi.Type
	pin    *runtime.Pinner
}

func newLibffiCall(rt *types.Type, args []argPlan, nfixed int) (*libffiCall, error) {
	c := &libffiCall{pin: new(runtime.Pinner)}
	var err error
	if c.rtype, err = ffiType(rt, c.pin); err != nil {
		return nil, err
	}
	c.atypes = make([]*ffi.Type, len(args)+1) // +1: never empty, for &atypes[0]
	for i, a := range args {
		if c.atypes[i], err = ffiType(a.pt, c.pin); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
	}
	c.pin.Pin(&c.atypes[0])
	var st ffi.Status
	if nfixed >= 0 {
		st = ffi.PrepCifVar(&c.cif, ffi.DefaultAbi, uint32(nfixed), uint32(len(args)), c.rtype, c.atypes[:len(args)]...)
	} else {
		st = ffi.PrepCif(&c.cif, ffi.DefaultAbi, uint32(len(args)), c.rtype, c.atypes[:len(args)]...)
	}
	if st != ffi.OK {
		c.pin.Unpin()
		return nil, fmt.Errorf("ffi_prep_cif: %v", st)
	}
	c.pin.Pin(&c.cif)
	runtime.AddCleanup(c, func(p *runtime.Pinner) { p.Unpin() }, c.pin)
	return c, nil
}

// ffiType returns the libffi type descriptor of t. Descriptors of
// aggregates are new Go memory, pinned with pin because libffi keeps
// pointers to them in the call interface.
func ffiType(t *types.Type, pin *runtime.Pinner) (*ffi.Type, error) {
	switch k := t.Kind(); k {
	case types.KindVoid:
		return &ffi.TypeVoid, nil
	case types.KindBool, types.KindUint8, types.KindChar:
		return &ffi.TypeUint8, nil
	case types.KindInt8:
		return &ffi.TypeSint8, nil
	case types.KindInt16:
		return &ffi.TypeSint16, nil
	case types.KindUint16:
		return &ffi.TypeUint16, nil
	case types.KindInt32:
		return &ffi.TypeSint32, nil
	case types.KindUint32:
		return &ffi.TypeUint32, nil
	case types.KindWChar:
		if t.Size() == 2 {
			return &ffi.TypeUint16, nil
		}
		return &ffi.TypeSint32, nil
	case types.KindInt64:
		return &ffi.TypeSint64, nil
	case types.KindUint64:
		return &ffi.TypeUint64, nil
	case types.KindFloat32:
		return &ffi.TypeFloat, nil
	case types.KindFloat64:
		return &ffi.TypeDouble, nil
	case types.KindCharP, types.KindWCharP, types.KindVoidP, types.KindPointer, types.KindFunc:
		return &ffi.TypePointer, nil
	case types.KindStruct, types.KindUnion, types.KindArray:
		elems, err := ffiElements(t, pin)
		if err != nil {
			return nil, err
		}
		elems = append(elems, nil)
		pin.Pin(&elems[0])
		ft := &ffi.Type{Type: ffi.Struct, Elements: &elems[0]}
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
func ffiElements(t *types.Type, pin *runtime.Pinner) ([]*ffi.Type, error) {
	var out []*ffi.Type
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
			out = append(out, &ffi.TypeDouble)
		case any && allFloat && chunk == 4:
			out = append(out, &ffi.TypeFloat)
		case chunk == 8:
			out = append(out, &ffi.TypeUint64)
		case chunk == 4:
			out = append(out, &ffi.TypeUint32)
		case chunk == 2:
			out = append(out, &ffi.TypeUint16)
		default:
			out = append(out, &ffi.TypeUint8)
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
func aapcs64Elements(t *types.Type, leaves []callconv.Leaf) []*ffi.Type {
	var out []*ffi.Type
	base := uintptr(0)
	for _, l := range leaves {
		if !l.Float || (base != 0 && l.Size != base) {
			base = 0
			break
		}
		base = l.Size
	}
	if base != 0 && t.Size()%base == 0 && t.Size()/base <= 4 {
		elem := &ffi.TypeFloat
		if base == 8 {
			elem = &ffi.TypeDouble
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
			out = append(out, &ffi.TypeUint64)
		case 4:
			out = append(out, &ffi.TypeUint32)
		case 2:
			out = append(out, &ffi.TypeUint16)
		default:
			out = append(out, &ffi.TypeUint8)
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

// invokeLibffi calls through ffi_call. It allocates; it serves platforms
// without the fast engine and tests.
func (p *prepared) invokeLibffi(f *Func, args []any, out *result) error {
	n := len(p.args)
	words := make([]uint64, n+1)
	ptrs := make([]unsafe.Pointer, n+1)
	keep := make([]unsafe.Pointer, 0, n)
	var outs [maxOut]outParam
	nOut := 0
	for i := range p.args {
		a := &p.args[i]
		x := args[i]
		switch a.how {
		case convPtr:
			if cb, ok := x.(*Callback); ok {
				addr, err := callbackArgAddr(a, cb)
				if err != nil {
					return f.argError(i, a, x, err)
				}
				words[i] = uint64(addr)
				ptrs[i] = unsafe.Pointer(&words[i])
				continue
			}
			addr, k, err := a.pt.PointerBits(x)
			if err != nil {
				dst, tmp, size, ok := newOutParam(a, x)
				if !ok {
					return f.argError(i, a, x, err)
				}
				if nOut == maxOut {
					return f.argError(i, a, x, errTooManyOut)
				}
				outs[nOut] = outParam{dst: dst, tmp: tmp, size: size}
				nOut++
				addr, k = uintptr(tmp), tmp
			}
			words[i] = uint64(addr)
			keep = append(keep, k)
			ptrs[i] = unsafe.Pointer(&words[i])
		case convAgg:
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			if v != nil {
				ptrs[i] = v.UnsafePointer()
			} else {
				// A Go struct: copied, so that the caller's value (in an
				// interface box that may live on its stack) is only read
				// here, never handed to C while a callback could move
				// that stack.
				ptrs[i] = copyToHeap(aggregateArgMem(nil, x), a.t.Size())
			}
		default:
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			words[i] = bits
			ptrs[i] = unsafe.Pointer(&words[i])
		}
	}
	var rp unsafe.Pointer
	rbits := new(uint64) // libffi writes the result here (out stays on the caller's stack)
	switch p.restype.Kind() {
	case types.KindVoid:
	case types.KindStruct, types.KindUnion:
		out.val = types.New(p.restype)
		rp = out.val.UnsafePointer()
	default:
		rp = unsafe.Pointer(rbits)
	}
	ffiCall(&p.lf.cif, f.addr, rp, ptrs[:n])
	for i := 0; i < nOut; i++ {
		outs[i].copyBack()
	}
	out.bits = *rbits
	runtime.KeepAlive(args)
	runtime.KeepAlive(keep)
	runtime.KeepAlive(words)
	return nil
}

// copyToHeap returns a new heap copy of the size bytes at src.
func copyToHeap(src unsafe.Pointer, size uintptr) unsafe.Pointer {
	buf := make([]uint64, (size+7)/8)
	dst := unsafe.Pointer(&buf[0])
	copy(unsafe.Slice((*byte)(dst), size), unsafe.Slice((*byte)(src), size))
	return dst
}

// ffiCall is ffi_call: fn called per cif with the arguments at vals and the
// result stored at r.
func ffiCall(cif *ffi.Cif, fn uintptr, r unsafe.Pointer, vals []unsafe.Pointer) {
	ffi.Call(cif, fn, r, vals...)
}
