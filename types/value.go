package types

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Value is a typed view of memory: a C value, like a ctypes instance. A
// Value made by [New] owns zeroed Go memory; one made by [FromAddress]
// views C memory; [Value.Field], [Value.Index] and [Value.Elem] return views
// into the same memory that keep its owner alive.
//
// Methods that can fail return an error; [Value.Field], [Value.Index] and
// [Value.Elem] return an invalid Value that carries the error instead, so
// that accesses chain (v.Field("inner").Field("x").Float()) and the first
// error comes out at the end. A Value is not safe for concurrent mutation,
// like the memory it views.
type Value struct {
	typ *Type
	ptr unsafe.Pointer // address of the value's memory
	blk *block         // owner of the memory and of Go objects it points to
	err *error         // non-nil for an invalid Value (a pointer: a word, not an interface's two)
}

// block owns a Value's memory and the Go objects whose addresses were
// written into it (the ctypes _objects), pinned while the block lives.
type block struct {
	mem unsafe.Pointer // the start of its Go-owned storage (words); nil for C memory
	// held is what the block keeps alive, nil until it keeps anything:
	// most blocks (a struct result, a scratch buffer) never do, and are
	// 16 bytes rather than 64 (Func.Call allocates one per struct result).
	held atomic.Pointer[holdings]
}

// holdings are the Go objects a block keeps alive and pinned.
type holdings struct {
	mu     sync.Mutex
	keep   map[uintptr]any // address slot -> object referenced from there
	copies map[keepKey]any // memory copied from a Value -> that Value (its kept objects)
	extra  []any           // objects kept by KeepAlive and FromBuffer, never replaced
	pinner *runtime.Pinner
}

// holdings returns b's holdings, made at the first use.
func (b *block) holdings() *holdings {
	if h := b.held.Load(); h != nil {
		return h
	}
	b.held.CompareAndSwap(nil, new(holdings))
	return b.held.Load()
}

// keepKey names a view (address and type) that a whole Value was copied
// into: a later copy into the same view replaces it, other views keep theirs.
type keepKey struct {
	addr uintptr
	typ  *Type
}

func newBlock(size uintptr) *block {
	n := (size + 7) / 8
	if n == 0 {
		n = 1
	}
	// Small memory in the block's own allocation: one allocation, not
	// two.
	switch {
	case n <= 2:
		return newBlockIn[[2]uint64]()
	case n <= 4:
		return newBlockIn[[4]uint64]()
	case n <= 8:
		return newBlockIn[[8]uint64]()
	}
	return &block{mem: unsafe.Pointer(unsafe.SliceData(make([]uint64, n)))}
}

// newBlockIn is newBlock with room M, an array of enough words.
func newBlockIn[M any]() *block {
	s := new(struct {
		b block
		m M
	})
	s.b.mem = unsafe.Pointer(&s.m)
	return &s.b
}

// hold keeps obj (Go memory whose address is stored at slot) alive and
// pinned as long as the block lives, replacing what slot held before.
func (b *block) hold(slot unsafe.Pointer, obj any) {
	if b == nil {
		return
	}
	h := b.holdings()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.keep == nil {
		h.keep = map[uintptr]any{}
	}
	if obj == nil {
		delete(h.keep, uintptr(slot))
		return
	}
	h.keep[uintptr(slot)] = obj
	h.pin(b, obj)
}

// holdCopy keeps src, whose memory was copied into the view k, alive as
// long as the block lives, replacing what an earlier copy into k kept.
func (b *block) holdCopy(k keepKey, src any) {
	if b == nil {
		return
	}
	h := b.holdings()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.copies == nil {
		h.copies = map[keepKey]any{}
	}
	h.copies[k] = src
	h.pin(b, src)
}

// holdsAny reports whether the block keeps any Go object.
func (b *block) holdsAny() bool {
	h := b.held.Load()
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.keep) > 0 || len(h.copies) > 0 || len(h.extra) > 0
}

// holdAlso keeps obj alive (and pinned) as long as the block lives.
func (b *block) holdAlso(obj any) {
	if b == nil || obj == nil {
		return
	}
	h := b.holdings()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.extra = append(h.extra, obj)
	h.pin(b, obj)
}

// pin pins obj's memory, when it is Go memory, until b, whose holdings h
// are, is collected. h.mu is held.
func (h *holdings) pin(b *block, obj any) {
	if p := pinnable(obj); p != nil {
		if h.pinner == nil {
			h.pinner = new(runtime.Pinner)
			runtime.AddCleanup(b, func(p *runtime.Pinner) { p.Unpin() }, h.pinner)
		}
		h.pinner.Pin(p)
	}
}

// pinnable returns the pointer to pin for a kept object.
func pinnable(obj any) unsafe.Pointer {
	switch o := obj.(type) {
	case []byte:
		return unsafe.Pointer(unsafe.SliceData(o))
	case []int32:
		return unsafe.Pointer(unsafe.SliceData(o))
	case *Value:
		if o.blk != nil && o.blk.mem != nil {
			return o.blk.mem
		}
	case unsafe.Pointer:
		return o
	}
	return nil
}

// New returns a new zeroed value of type t in Go memory, like calling a
// ctypes type with no arguments (Complex(), (c_int * 10)()).
func New(t *Type) *Value {
	if t == nil {
		return invalid(fmt.Errorf("%w: New(nil)", ErrType))
	}
	if t.kind == KindVoid || t.kind == KindInvalid {
		return invalid(fmt.Errorf("%w: New(%s): type has no size", ErrType, t.name))
	}
	if v := newSmall(t); v != nil {
		return v
	}
	b, err := allocBlock(t.size)
	if err != nil {
		return invalid(fmt.Errorf("%w: New(%s): %v", ErrRange, t.name, err))
	}
	return &Value{typ: t, ptr: b.mem, blk: b}
}

// newSmall returns a new Value of t, of at most 64 bytes, whose block and
// memory are in the same allocation as the Value itself: one allocation
// for Func.Call's struct result (64 bytes for a 16-byte struct). It
// returns nil for larger types. (Not from shared slabs, as Func.Call's
// number boxes are: a block pins what its memory points to until a
// cleanup attached to it runs, and a pin on one Value of a slab would
// keep the whole slab, and with it that cleanup, alive for ever.)
func newSmall(t *Type) *Value {
	n := (t.size + 7) / 8
	switch {
	case n <= 2:
		return newSmallIn[[2]uint64](t)
	case n <= 4:
		return newSmallIn[[4]uint64](t)
	case n <= 8:
		return newSmallIn[[8]uint64](t)
	}
	return nil
}

// smallValue is a Value with its block and memory M, an array of words.
type smallValue[M any] struct {
	b block
	v Value
	m M
}

// newSmallIn is newSmall with room M.
func newSmallIn[M any](t *Type) *Value {
	s := new(smallValue[M])
	s.b.mem = unsafe.Pointer(&s.m)
	s.v = Value{typ: t, ptr: unsafe.Pointer(&s.m), blk: &s.b}
	return &s.v
}

// allocBlock is newBlock for sizes the caller chose: a size no Go
// allocation can have is an error rather than make's panic. (A size Go
// accepts but the machine cannot back is, as for make, a fatal error.)
func allocBlock(size uintptr) (b *block, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%d bytes cannot be allocated: %v", size, r)
		}
	}()
	return newBlock(size), nil
}

// New returns a new value of type t initialised from Go values, like
// calling a ctypes type: Double.New(3.5) is c_double(3.5),
// Complex.New(3.1, 4.2) sets the fields in order, an array type takes its
// elements (or one Go slice of them), a char array takes a string. Fewer
// initialisers than fields or elements leave the rest zero; more is an
// error.
func (t *Type) New(init ...any) (*Value, error) {
	v := New(t)
	if v.err != nil {
		return nil, *v.err
	}
	switch {
	case len(init) == 0:
		return v, nil
	case t.kind == KindStruct || t.kind == KindUnion:
		if len(init) > len(t.fields) {
			return nil, fmt.Errorf("%w: %s has %d fields, %d initialisers given", ErrRange, t.name, len(t.fields), len(init))
		}
		for i, x := range init {
			if err := v.FieldAt(i).Set(x); err != nil {
				return nil, fmt.Errorf("%s field %q: %w", t.name, t.fields[i].Name, err)
			}
		}
	case t.kind == KindArray && len(init) > 1:
		if len(init) > t.length {
			return nil, fmt.Errorf("%w: %s has %d elements, %d initialisers given", ErrRange, t.name, t.length, len(init))
		}
		for i, x := range init {
			if err := v.Index(i).Set(x); err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", t.name, i, err)
			}
		}
	default:
		if len(init) != 1 {
			return nil, fmt.Errorf("%w: %s takes one initialiser, %d given", ErrRange, t.name, len(init))
		}
		if err := v.Set(init[0]); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// MustNew is like [Type.New] but panics on error; it is meant for
// constants and tests.
func (t *Type) MustNew(init ...any) *Value {
	v, err := t.New(init...)
	if err != nil {
		panic(err)
	}
	return v
}

// FromAddress returns a Value of type t viewing the C memory at addr, like
// ctypes' T.from_address. The caller owns the memory and must keep it valid
// while the Value is used; nothing is freed when the Value is collected.
// addr 0 gives an error-carrying Value ([ErrNull]), and so does an address
// whose Sizeof(t) bytes would run past the end of the address space
// ([ErrRange]).
func FromAddress(t *Type, addr uintptr) *Value {
	if t == nil || t.kind == KindVoid {
		return invalid(fmt.Errorf("%w: FromAddress: type has no size", ErrType))
	}
	if addr == 0 {
		return invalid(fmt.Errorf("%w: FromAddress(%s, 0)", ErrNull, t.name))
	}
	if t.size > 0 && t.size-1 > ^uintptr(0)-addr {
		return invalid(fmt.Errorf("%w: FromAddress(%s, %#x): %d bytes run past the end of the address space", ErrRange, t.name, addr, t.size))
	}
	return &Value{typ: t, ptr: addrPtr(addr), blk: &block{}}
}

// FromBuffer returns a Value of type t sharing the memory of buf, like
// ctypes' T.from_buffer: writes through the Value change buf and the other
// way round. buf must hold at least Sizeof(t) bytes at an address aligned
// for t; offset skips bytes at the start.
func FromBuffer(t *Type, buf []byte, offset int) (*Value, error) {
	if t == nil || t.kind == KindVoid {
		return nil, fmt.Errorf("%w: FromBuffer: type has no size", ErrType)
	}
	if offset < 0 || offset > len(buf) || uintptr(len(buf)-offset) < t.size {
		return nil, fmt.Errorf("%w: FromBuffer(%s): buffer of %d bytes at offset %d is smaller than %d bytes",
			ErrRange, t.name, len(buf), offset, t.size)
	}
	if t.size == 0 {
		return New(t), nil
	}
	p := unsafe.Pointer(&buf[offset])
	if uintptr(p)%t.align != 0 {
		return nil, fmt.Errorf("%w: FromBuffer(%s): address %#x is not %d-byte aligned", ErrRange, t.name, uintptr(p), t.align)
	}
	b := &block{}
	b.holdAlso(buf)
	return &Value{typ: t, ptr: p, blk: b}, nil
}

// FromBufferCopy returns a new Value of type t holding a copy of the first
// Sizeof(t) bytes of buf after offset, like ctypes' T.from_buffer_copy.
func FromBufferCopy(t *Type, buf []byte, offset int) (*Value, error) {
	if t == nil || t.kind == KindVoid {
		return nil, fmt.Errorf("%w: FromBufferCopy: type has no size", ErrType)
	}
	if offset < 0 || offset > len(buf) || uintptr(len(buf)-offset) < t.size {
		return nil, fmt.Errorf("%w: FromBufferCopy(%s): buffer of %d bytes at offset %d is smaller than %d bytes",
			ErrRange, t.name, len(buf), offset, t.size)
	}
	v := New(t)
	copy(v.Bytes(), buf[offset:])
	return v, nil
}

func invalid(err error) *Value { return &Value{err: &err} }

// addrPtr converts a C address to a pointer without tripping go vet: the
// memory is not Go's, so the GC ignores it.
func addrPtr(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}

// Err returns the error an invalid Value carries, or nil.
func (v *Value) Err() error {
	if v == nil {
		return fmt.Errorf("%w: nil *Value", ErrConvert)
	}
	if v.err == nil {
		return nil
	}
	return *v.err
}

// Type returns v's type (nil for an invalid Value).
func (v *Value) Type() *Type { return v.typ }

// Addr returns the address of v's memory, like ctypes.addressof.
func (v *Value) Addr() uintptr { return uintptr(v.ptr) }

// Pointer returns v's memory address as an unsafe.Pointer.
func (v *Value) UnsafePointer() unsafe.Pointer { return v.ptr }

// Bytes returns v's memory as a byte slice sharing it (ctypes' bytes(v) or
// .raw, but without copying). It is nil for an invalid Value.
func (v *Value) Bytes() []byte {
	if v.err != nil || v.typ == nil || v.ptr == nil {
		return nil
	}
	return unsafe.Slice((*byte)(v.ptr), v.typ.size)
}

// KeepAlive records that v's memory refers to obj, so obj stays alive (and
// pinned, when it is Go memory) as long as v's memory does. Use it when C
// keeps a pointer obtained from a Go object that v's memory also points
// to. Storing Go values with [Value.Set] does this itself.
// Every object given is kept (a later call does not replace an earlier one).
func (v *Value) KeepAlive(obj any) {
	if v.blk != nil {
		v.blk.holdAlso(obj)
	}
}

func (v *Value) loadScalar() uint64 {
	return loadBits(v.ptr, v.typ.size, v.typ.bigEndian)
}

// loadInt is loadScalar for an integer that may be a bitfield: its bits,
// not its unit's.
func (v *Value) loadInt() uint64 {
	if v.typ.bf != nil {
		return v.typ.load(v)
	}
	return v.loadScalar()
}

func (v *Value) check() error {
	if v == nil {
		return fmt.Errorf("%w: nil *Value", ErrConvert)
	}
	if v.err != nil {
		return *v.err
	}
	return nil
}

// Field returns the field called name of a struct or union value, as a
// Value sharing its memory (bitfields included). An unknown name gives an
// invalid Value whose error wraps [ErrNoField].
func (v *Value) Field(name string) *Value {
	if err := v.check(); err != nil {
		return invalid(err)
	}
	if v.typ.kind != KindStruct && v.typ.kind != KindUnion {
		return invalid(fmt.Errorf("%w: %s is not a struct or union (field %q)", ErrNoField, v.typ.name, name))
	}
	i, ok := v.typ.byName[name]
	if !ok {
		return invalid(fmt.Errorf("%w: %s has no field %q", ErrNoField, v.typ.name, name))
	}
	return v.FieldAt(i)
}

// FieldAt returns field number i (declaration order) of a struct or union
// value.
func (v *Value) FieldAt(i int) *Value {
	if err := v.check(); err != nil {
		return invalid(err)
	}
	if v.typ.kind != KindStruct && v.typ.kind != KindUnion {
		return invalid(fmt.Errorf("%w: %s is not a struct or union", ErrNoField, v.typ.name))
	}
	if i < 0 || i >= len(v.typ.fields) {
		return invalid(fmt.Errorf("%w: field index %d of %s (%d fields)", ErrRange, i, v.typ.name, len(v.typ.fields)))
	}
	f := &v.typ.fields[i]
	fv := &Value{typ: f.Type, ptr: unsafe.Add(v.ptr, f.Offset), blk: v.blk}
	if f.Bits > 0 {
		return &Value{typ: f.view, ptr: fv.ptr, blk: v.blk}
	}
	return fv
}

// Index returns element i of an array value, or the i-th element after the
// address held by a pointer value (ctypes' p[i]), as a Value sharing that
// memory. Arrays are bounds-checked; pointers cannot be.
func (v *Value) Index(i int) *Value {
	if err := v.check(); err != nil {
		return invalid(err)
	}
	switch v.typ.kind {
	case KindArray:
		if i < 0 || i >= v.typ.length {
			return invalid(fmt.Errorf("%w: index %d of %s (length %d)", ErrRange, i, v.typ.name, v.typ.length))
		}
		return &Value{typ: v.typ.elem, ptr: unsafe.Add(v.ptr, uintptr(i)*v.typ.elem.size), blk: v.blk}
	case KindPointer:
		addr := uintptr(v.loadScalar())
		if addr == 0 {
			return invalid(fmt.Errorf("%w: index %d of NULL %s", ErrNull, i, v.typ.name))
		}
		return &Value{typ: v.typ.elem, ptr: addrPtr(addr + uintptr(i)*v.typ.elem.size), blk: v.blk}
	case KindCharP:
		addr := uintptr(v.loadScalar())
		if addr == 0 {
			return invalid(fmt.Errorf("%w: index %d of NULL %s", ErrNull, i, v.typ.name))
		}
		return &Value{typ: Char, ptr: addrPtr(addr + uintptr(i)), blk: v.blk}
	}
	return invalid(fmt.Errorf("%w: %s cannot be indexed", ErrConvert, v.typ.name))
}

// Len returns the number of elements of an array value, the number of
// fields of a struct or union value, and 0 otherwise.
func (v *Value) Len() int {
	if v.err != nil || v.typ == nil {
		return 0
	}
	switch v.typ.kind {
	case KindArray:
		return v.typ.length
	case KindStruct, KindUnion:
		return len(v.typ.fields)
	}
	return 0
}

// Elem dereferences a pointer value, like ctypes' p.contents or p[0]: the
// result views the memory the pointer holds the address of. NULL gives an
// invalid Value wrapping [ErrNull].
func (v *Value) Elem() *Value {
	if err := v.check(); err != nil {
		return invalid(err)
	}
	switch v.typ.kind {
	case KindPointer, KindCharP:
		return v.Index(0)
	}
	return invalid(fmt.Errorf("%w: %s is not a typed pointer", ErrConvert, v.typ.name))
}

// IsNull reports whether v is a pointer value holding NULL.
func (v *Value) IsNull() bool {
	return v.err == nil && v.typ != nil && v.typ.kind.IsPointer() && v.loadScalar() == 0
}

// Get returns v's content as a Go value: for scalars what [Type.GoValue]
// gives (int64, uint64, float64, bool, byte, rune, uintptr, or a string or
// nil for char* and wchar_t*); for char and wchar arrays the string up to
// the first NUL (ctypes' .value); for other arrays a []any of the elements;
// for structs and unions v itself.
func (v *Value) Get() (any, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	t := v.typ
	switch {
	case t.kind == KindLongDouble:
		return v.longDoubleFloat64(), nil
	case t.kind.IsScalar():
		if bt, ok := bitfieldOf(t); ok {
			return bt.get(v)
		}
		return t.GoValue(v.loadScalar()), nil
	case t.kind == KindArray:
		switch t.elem.kind {
		case KindChar:
			b := v.Bytes()
			for i, c := range b {
				if c == 0 {
					return string(b[:i]), nil
				}
			}
			return string(b), nil
		case KindWChar:
			return wString(uintptr(v.ptr), t.length), nil
		}
		out := make([]any, t.length)
		for i := range out {
			x, err := v.Index(i).Get()
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	return v, nil
}

// Int returns the value of an integer, bool, char or wchar value as an
// int64. An unsigned value above math.MaxInt64 is an [ErrRange] error.
func (v *Value) Int() (int64, error) {
	x, err := v.Get()
	if err != nil {
		return 0, err
	}
	switch x := x.(type) {
	case int64:
		return x, nil
	case uint64:
		if x > math.MaxInt64 {
			return 0, fmt.Errorf("%w: %d does not fit in int64", ErrRange, x)
		}
		return int64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case byte:
		return int64(x), nil
	case rune:
		return int64(x), nil
	}
	return 0, fmt.Errorf("%w: %s is not an integer", ErrConvert, v.typ.name)
}

// Uint returns the value of an unsigned integer (or a non-negative signed
// one) as a uint64.
func (v *Value) Uint() (uint64, error) {
	x, err := v.Get()
	if err != nil {
		return 0, err
	}
	switch x := x.(type) {
	case uint64:
		return x, nil
	case uintptr:
		return uint64(x), nil
	}
	i, err := v.Int()
	if err != nil {
		return 0, err
	}
	if i < 0 {
		return 0, fmt.Errorf("%w: %d is negative", ErrRange, i)
	}
	return uint64(i), nil
}

// Float returns the value of a float, double or long double value; a long
// double rounded to the nearest float64 (ties to even, beyond float64's
// range ±Inf). [Value.BigFloat] gives a long double exactly.
func (v *Value) Float() (float64, error) {
	if err := v.check(); err != nil {
		return 0, err
	}
	if f, ok := floatOf(v); ok && (v.typ.kind.IsFloat() || v.typ.kind == KindLongDouble) {
		return f, nil
	}
	return 0, fmt.Errorf("%w: %s is not a float type", ErrConvert, v.typ.name)
}

// Bool returns the value of a bool value (or whether an integer is
// nonzero).
func (v *Value) Bool() (bool, error) {
	x, err := v.Get()
	if err != nil {
		return false, err
	}
	if b, ok := x.(bool); ok {
		return b, nil
	}
	i, err := v.Uint()
	return i != 0, err
}

// Str returns the text of a char*, wchar_t*, char array, wchar array, char
// or wchar value (up to the first NUL), like ctypes' .value. A NULL char*
// gives "" and an [ErrNull] error.
func (v *Value) Str() (string, error) {
	x, err := v.Get()
	if err != nil {
		return "", err
	}
	switch x := x.(type) {
	case string:
		return x, nil
	case byte:
		return string([]byte{x}), nil
	case rune:
		return string(x), nil
	case nil:
		return "", fmt.Errorf("%w: %s is NULL", ErrNull, v.typ.name)
	}
	return "", fmt.Errorf("%w: %s is not text", ErrConvert, v.typ.name)
}

// Address returns the address held by a pointer value (char*, void*,
// typed or function pointer).
func (v *Value) Address() (uintptr, error) {
	if err := v.check(); err != nil {
		return 0, err
	}
	if !v.typ.kind.IsPointer() {
		return 0, fmt.Errorf("%w: %s is not a pointer", ErrConvert, v.typ.name)
	}
	return uintptr(v.loadScalar()), nil
}

// Set stores the Go value x into v, converting it as ctypes converts Python
// values: integers (range-checked) for integer types, numbers (and
// *big.Float, big.Float, rounded to nearest) for float, double and long
// double, a 1-byte string or a byte for char, a rune or 1-rune string for
// wchar, a string, []byte, *Value, Ref, uintptr, unsafe.Pointer or nil for
// pointers (Go memory stays alive and pinned as long as v's memory lives),
// a Value of the same type for any type (copied), a string or []byte for
// char arrays, a Go slice or []any for other arrays, and a []any of field
// values for structs. A value that cannot be stored (out of range, of the
// wrong kind, in any element or field) is an error, and v is left as it was.
func (v *Value) Set(x any) error { return v.set(x, true) }

// set is Set; top marks the outermost call, which makes a Set of several
// elements or fields all-or-nothing (see atomically); the calls it makes for
// the elements and fields do not repeat that.
func (v *Value) set(x any, top bool) error {
	if err := v.check(); err != nil {
		return err
	}
	t := v.typ
	if src, ok := x.(*Value); ok && src != nil && src.err == nil && src.typ != nil &&
		!t.kind.IsScalar() && compatible(t, src.typ) {
		copy(v.Bytes(), src.Bytes())
		if src.blk != nil && src.blk != v.blk {
			// Pointers inside src may refer to src's kept objects.
			v.blk.holdCopy(keepKey{uintptr(v.ptr), t}, src)
		}
		return nil
	}
	if bt, ok := bitfieldOf(t); ok {
		return bt.set(v, x)
	}
	switch {
	case t.kind == KindLongDouble:
		return v.setLongDouble(x)
	case t.kind.IsPointer():
		if fp, ok := x.(FuncPointer); ok {
			if t.kind != KindFunc && t.kind != KindVoidP {
				return convErr(t, x, "a function pointer where "+t.name+" is expected")
			}
			if typed, ok := fp.(interface{ Type() *Type }); ok && t.kind == KindFunc && typed.Type() != nil && typed.Type().fn != nil {
				// A callback made for another prototype (ctypes refuses a
				// CFUNCTYPE instance of another class).
				if d := PrototypeDiff(t, typed.Type()); d != "" {
					return convErr(t, x, "a function pointer of prototype "+typed.Type().name+" where "+t.name+" is expected: "+d)
				}
			}
			storeBits(v.ptr, t.size, uint64(fp.FuncAddr()), false)
			v.blk.hold(v.ptr, fp) // the callback stays alive while v's memory does
			return nil
		}
		if src, ok := x.(*Value); ok && src != nil && src.typ == t {
			storeBits(v.ptr, t.size, src.loadScalar(), false)
			v.blk.hold(v.ptr, src)
			return nil
		}
		addr, keep, owner, err := t.pointerBits(x)
		if err != nil && t.kind == KindPointer {
			// Set may keep Go pointers (they escape here anyway): *float64 for
			// POINTER(c_double), unsafe.Pointer for any pointer type.
			if p, ok := goScalarPointer(t.elem, x); ok {
				addr, keep, err = uintptr(p), p, nil
			}
		}
		if up, ok := x.(unsafe.Pointer); ok && err == nil {
			keep = up
		}
		if err != nil {
			return err
		}
		storeBits(v.ptr, t.size, uint64(addr), false)
		if owner != nil {
			v.blk.hold(v.ptr, owner)
		} else if keep != nil {
			v.blk.hold(v.ptr, keep)
		} else {
			v.blk.hold(v.ptr, nil)
		}
		return nil
	case t.kind.IsScalar():
		bits, err := t.ScalarBits(x)
		if err != nil {
			return err
		}
		storeBits(v.ptr, t.size, bits, t.bigEndian)
		return nil
	case t.kind == KindArray:
		switch x.(type) {
		case string, []byte:
			return v.setArray(x) // checked before anything is written
		}
		if top {
			return v.atomically(x)
		}
		return v.setArray(x)
	case t.kind == KindStruct || t.kind == KindUnion:
		if list, ok := x.([]any); ok {
			if len(list) > len(t.fields) {
				return fmt.Errorf("%w: %s has %d fields, %d values given", ErrRange, t.name, len(t.fields), len(list))
			}
			if top {
				return v.atomically(x)
			}
			for i, fx := range list {
				if err := v.FieldAt(i).set(fx, false); err != nil {
					return fmt.Errorf("%s field %q: %w", t.name, t.fields[i].Name, err)
				}
			}
			return nil
		}
	}
	return convErr(t, x, "")
}

// atomically stores x, a list of elements or fields, into a scratch copy
// of v's memory and copies the result back only when every element or field
// converted, so that a refused value leaves v as it was. Go objects the
// scratch copy's pointers refer to are kept with v.
func (v *Value) atomically(x any) error {
	w := New(v.typ)
	if w.err != nil {
		return *w.err
	}
	copy(w.Bytes(), v.Bytes())
	if err := w.set(x, false); err != nil {
		return err
	}
	copy(v.Bytes(), w.Bytes())
	if w.blk.holdsAny() {
		v.blk.holdCopy(keepKey{uintptr(v.ptr), v.typ}, w)
	}
	return nil
}

func (v *Value) setArray(x any) error {
	t := v.typ
	switch s := x.(type) {
	case string:
		if t.elem.kind == KindWChar {
			w := wideString(s)
			if len(w)-1 > t.length {
				return fmt.Errorf("%w: %d characters do not fit in %s", ErrRange, len(w)-1, t.name)
			}
			for i := range t.length {
				var r int32
				if i < len(w) {
					r = int32(w[i])
				}
				storeBits(unsafe.Add(v.ptr, uintptr(i)*t.elem.size), t.elem.size, uint64(uint32(r)), t.elem.bigEndian)
			}
			return nil
		}
		return v.setArray([]byte(s))
	case []byte:
		if t.elem.size == 1 && t.elem.kind != KindBool {
			if len(s) > t.length {
				return fmt.Errorf("%w: %d bytes do not fit in %s", ErrRange, len(s), t.name)
			}
			b := v.Bytes()
			n := copy(b, s)
			clear(b[n:])
			return nil
		}
	case []any:
		return v.setElems(len(s), func(i int) any { return s[i] })
	}
	if n, at, ok := sliceElems(x); ok {
		return v.setElems(n, at)
	}
	return convErr(t, x, "")
}

func (v *Value) setElems(n int, at func(int) any) error {
	if n > v.typ.length {
		return fmt.Errorf("%w: %d elements do not fit in %s", ErrRange, n, v.typ.name)
	}
	for i := range n {
		if err := v.Index(i).set(at(i), false); err != nil {
			return fmt.Errorf("%s[%d]: %w", v.typ.name, i, err)
		}
	}
	for i := n; i < v.typ.length; i++ {
		clear(v.Index(i).Bytes())
	}
	return nil
}

func sliceElems(x any) (int, func(int) any, bool) {
	switch s := x.(type) {
	case []float64:
		return len(s), func(i int) any { return s[i] }, true
	case []float32:
		return len(s), func(i int) any { return s[i] }, true
	case []int:
		return len(s), func(i int) any { return s[i] }, true
	case []int64:
		return len(s), func(i int) any { return s[i] }, true
	case []int32:
		return len(s), func(i int) any { return s[i] }, true
	case []int16:
		return len(s), func(i int) any { return s[i] }, true
	case []int8:
		return len(s), func(i int) any { return s[i] }, true
	case []uint:
		return len(s), func(i int) any { return s[i] }, true
	case []uint64:
		return len(s), func(i int) any { return s[i] }, true
	case []uint32:
		return len(s), func(i int) any { return s[i] }, true
	case []uint16:
		return len(s), func(i int) any { return s[i] }, true
	case []uintptr:
		return len(s), func(i int) any { return s[i] }, true
	case []bool:
		return len(s), func(i int) any { return s[i] }, true
	case []string:
		return len(s), func(i int) any { return s[i] }, true
	case []*Value:
		return len(s), func(i int) any { return s[i] }, true
	case [][]float64:
		return len(s), func(i int) any { return s[i] }, true
	case [][]int:
		return len(s), func(i int) any { return s[i] }, true
	}
	return 0, nil, false
}
