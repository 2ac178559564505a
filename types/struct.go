package types

import (
	"fmt"
	"strings"
	"sync"
)

var swapMu sync.Mutex

// Field is one member of a struct or union: the (name, type) or (name,
// type, bits) tuples of ctypes' _fields_. Name, Type and Bits describe the
// field; Offset, BitOffset and Index are computed by [StructOf] and
// [UnionOf] and ignored on input.
type Field struct {
	Name string
	Type *Type
	// Bits is the width of a bitfield, 0 for an ordinary field. A bitfield's
	// Type must be an integer, bool, char or wchar type.
	Bits int
	// Offset is the byte offset of the field or, for a bitfield, of the
	// storage unit that holds it: Type's size in bytes, or, for a packed
	// bitfield that spans more bytes than its Type has (GCC lays packed
	// bitfields out bit after bit: a 4-bit c_ubyte after 7 bits spans two
	// bytes), the bytes from Offset to the field's last byte,
	// (BitOffset+Bits+7)/8 of them.
	Offset uintptr
	// BitOffset is the bitfield's position inside its storage unit, counted
	// from the least significant bit of the unit's value read in the
	// struct's byte order. For little-endian structs Offset*8+BitOffset is
	// the field's first bit in memory order; for big-endian ones the first
	// bitfield takes the most significant bits.
	BitOffset int
	// Index is the field's position in declaration order.
	Index int
	// Align, when larger than Type's alignment, is the alignment the field
	// asks for, as C's _Alignas(n) or __attribute__((aligned(n))) on a
	// member: the field starts at a multiple of it and the struct is at
	// least as aligned. It never lowers an alignment.
	Align uintptr

	view *Type // the type of a Value viewing this bitfield
}

// F returns the field definition (name, typ), like the tuple
// ("name", c_type) of ctypes' _fields_.
func F(name string, typ *Type) Field { return Field{Name: name, Type: typ} }

// Bitfield returns the bitfield definition (name, typ, bits), like the tuple
// ("name", c_type, bits) of ctypes' _fields_. A bits of 0 with an empty name
// is C's "unsigned :0", which aligns the next bitfield to a new unit.
func Bitfield(name string, typ *Type, bits int) Field {
	return Field{Name: name, Type: typ, Bits: bits}
}

// IsBitfield reports whether f is a bitfield.
func (f Field) IsBitfield() bool { return f.Bits > 0 }

// Option changes how [StructOf] or [UnionOf] lay out a type.
type Option func(*layoutOptions)

type layoutOptions struct {
	pack      int
	aligned   uintptr
	bigEndian bool
	endianSet bool
}

// Pack caps the alignment of every field at n bytes, like ctypes' _pack_ or
// C's #pragma pack(n). n must be 1, 2, 4, 8 or 16. With packing, bitfields are
// laid out as GCC lays out packed bitfields: bit after bit, without moving to
// a new storage unit, so that one may straddle two units of its type (see
// [Field]); a zero-width bitfield still aligns the next one to its type.
func Pack(n int) Option { return func(o *layoutOptions) { o.pack = n } }

// Aligned raises the alignment of the struct or union to at least n bytes
// (a power of two), like C's __attribute__((aligned(n))) on the type: its
// size is rounded up to a multiple of it. It never lowers an alignment.
func Aligned(n uintptr) Option { return func(o *layoutOptions) { o.aligned = n } }

// BigEndian lays the struct or union out with big-endian scalar fields,
// like ctypes.BigEndianStructure: integers and floats are stored most
// significant byte first whatever the host is, so the type can read binary
// formats. Nested structs must themselves be big-endian.
func BigEndian() Option {
	return func(o *layoutOptions) { o.bigEndian, o.endianSet = true, true }
}

// LittleEndian lays the type out with little-endian scalar fields, like
// ctypes.LittleEndianStructure. On a little-endian host it is the default.
func LittleEndian() Option {
	return func(o *layoutOptions) { o.bigEndian, o.endianSet = false, true }
}

// StructOf returns a struct type with the given fields, laid out as the
// platform's C compiler lays out the equivalent C struct: each field at the
// next offset that is a multiple of its alignment (capped by [Pack]), the
// size rounded up to the struct's alignment, bitfields packed into storage
// units of their declared type and never spanning more units of their
// type's alignment than the type has (GCC's rule: no straddling where the
// alignment is the size; on i386 a long long bitfield may cross one 4-byte
// boundary). With [Pack], bitfields follow each other bit after bit.
// Field names must be unique and non-empty (except for a zero-width
// bitfield).
func StructOf(name string, fields []Field, opts ...Option) (*Type, error) {
	return layout(name, KindStruct, fields, opts)
}

// UnionOf returns a union type: every field at offset 0, the size that of
// the largest field rounded up to the largest alignment.
func UnionOf(name string, fields []Field, opts ...Option) (*Type, error) {
	return layout(name, KindUnion, fields, opts)
}

// MustStructOf is like [StructOf] but panics on error; it is meant for
// package-level type declarations.
func MustStructOf(name string, fields []Field, opts ...Option) *Type {
	t, err := StructOf(name, fields, opts...)
	if err != nil {
		panic(err)
	}
	return t
}

// MustUnionOf is like [UnionOf] but panics on error.
func MustUnionOf(name string, fields []Field, opts ...Option) *Type {
	t, err := UnionOf(name, fields, opts...)
	if err != nil {
		panic(err)
	}
	return t
}

func layout(name string, kind Kind, defs []Field, opts []Option) (*Type, error) {
	var o layoutOptions
	for _, opt := range opts {
		opt(&o)
	}
	what := "StructOf"
	if kind == KindUnion {
		what = "UnionOf"
	}
	fail := func(format string, args ...any) (*Type, error) {
		return nil, fmt.Errorf("%w: %s(%q): %s", ErrType, what, name, fmt.Sprintf(format, args...))
	}
	if name == "" {
		return fail("empty type name")
	}
	switch o.pack {
	case 0, 1, 2, 4, 8, 16:
	default:
		return fail("pack %d is not 0, 1, 2, 4, 8 or 16", o.pack)
	}
	if o.aligned&(o.aligned-1) != 0 {
		return fail("alignment %d is not a power of two", o.aligned)
	}
	t := &Type{name: name, kind: kind, pack: o.pack, align: 1, byName: map[string]int{}, bigEndian: o.bigEndian}
	// Positions are counted in bits, in a uint64 so that no struct of up
	// to maxTypeSize bytes overflows them, on 32-bit platforms too.
	var bitpos uint64 // next free bit (structs); largest size in bits (unions)
	// The Microsoft bitfield layout (msBitfields) fills one storage unit of
	// a bitfield's type at a time: unit is its byte offset, unitSize its
	// size (0: no unit open), unitUsed the bits taken.
	var unit, unitBytes, unitUsed uint64
	for i, d := range defs {
		if d.Type == nil {
			return fail("field %d (%q) has no type", i, d.Name)
		}
		ft := d.Type
		if ft.kind == KindVoid || ft.kind == KindInvalid {
			return fail("field %q has type %s, which has no size", d.Name, ft.name)
		}
		if o.endianSet || o.bigEndian {
			sw, err := withOrder(ft, o.bigEndian)
			if err != nil {
				return fail("field %q: %v", d.Name, err)
			}
			ft = sw
		}
		if d.Bits < 0 {
			return fail("field %q has negative bit width %d", d.Name, d.Bits)
		}
		isBitfield := d.Bits > 0 || (d.Bits == 0 && d.Name == "")
		if d.Name == "" && !isBitfield {
			return fail("field %d has no name", i)
		}
		if d.Name != "" {
			if _, dup := t.byName[d.Name]; dup {
				return fail("duplicate field name %q", d.Name)
			}
		}
		falign := ft.align
		if o.pack > 0 && uintptr(o.pack) < falign {
			falign = uintptr(o.pack)
		}
		if d.Align&(d.Align-1) != 0 {
			return fail("field %q: alignment %d is not a power of two", d.Name, d.Align)
		}
		if d.Align > falign && !isBitfield {
			falign = d.Align // _Alignas on the member: GCC applies it after #pragma pack
		}
		f := Field{Name: d.Name, Type: ft, Bits: d.Bits, Index: len(t.fields), Align: d.Align}
		if isBitfield {
			switch ft.kind {
			case KindBool, KindChar, KindWChar, KindInt8, KindUint8, KindInt16, KindUint16,
				KindInt32, KindUint32, KindInt64, KindUint64:
			default:
				return fail("bitfield %q has type %s; bitfields must be integers", d.Name, ft.name)
			}
			if uintptr(d.Bits) > ft.size*8 || (ft.kind == KindBool && d.Bits > 1) {
				return fail("bitfield %q is %d bits wide, wider than its type %s", d.Name, d.Bits, ft.name)
			}
			if unnamedBitfieldsAlign && d.Bits == 0 && ft.align > t.align {
				t.align = ft.align // AAPCS: T :0 aligns the whole struct as T, packed or not
			}
			switch {
			case kind == KindUnion && d.Bits == 0:
				continue // T :0 in a union changes no offset
			case kind == KindUnion:
				f.Offset, f.BitOffset = 0, 0
			case msBitfields && d.Bits == 0:
				// Microsoft (MSVC, and mingw's default -mms-bitfields): a
				// zero-width bitfield closes the open unit.
				unitBytes = 0
				continue
			case msBitfields:
				// A bitfield goes into the open unit when that unit is of
				// the same size and has room; otherwise a new unit of its
				// type starts at the next aligned offset.
				w := uint64(d.Bits)
				if unitBytes != uint64(ft.size) || unitUsed+w > uint64(ft.size)*8 {
					unit, unitBytes, unitUsed = roundUp64((bitpos+7)/8, uint64(falign)), uint64(ft.size), 0
					bitpos = (unit + uint64(ft.size)) * 8
				}
				f.Offset, f.BitOffset = uintptr(unit), int(unitUsed)
				unitUsed += w
			case d.Bits == 0:
				// T :0 starts the next bitfield at the next boundary of T's
				// alignment; #pragma pack does not change that (GCC).
				bitpos = roundUp64(bitpos, uint64(ft.align)*8)
				continue
			default:
				w := uint64(d.Bits)
				if o.pack == 0 && excessUnitSpan(bitpos, w, uint64(ft.align)*8, uint64(ft.size)*8) {
					bitpos = roundUp64(bitpos, uint64(ft.align)*8)
				}
				f.Offset, f.BitOffset = bitUnit(bitpos, w, uint64(falign), uint64(ft.size))
				bitpos += w
			}
			if falign > t.align && (d.Name != "" || unnamedBitfieldsAlign) {
				t.align = falign
			}
		} else {
			if kind == KindUnion {
				f.Offset = 0
			} else {
				off := roundUp64((bitpos+7)/8, uint64(falign))
				if off > maxTypeSize || uint64(ft.size) > maxTypeSize-off {
					return fail("field %q at offset %d with size %d: the type is larger than %d bytes", d.Name, off, ft.size, uint64(maxTypeSize))
				}
				f.Offset = uintptr(off)
				bitpos = (off + uint64(ft.size)) * 8
				unitBytes = 0
			}
			if falign > t.align {
				t.align = falign
			}
		}
		if kind == KindUnion {
			sz := uint64(ft.size)
			if isBitfield {
				sz = (uint64(d.Bits) + 7) / 8
			}
			if sz*8 > bitpos {
				bitpos = sz * 8
			}
		}
		if d.Name != "" {
			t.byName[d.Name] = len(t.fields)
		}
		t.fields = append(t.fields, f)
	}
	if o.aligned > t.align {
		t.align = o.aligned
	}
	size := roundUp64((bitpos+7)/8, uint64(t.align))
	if size > maxTypeSize {
		return fail("the type is larger than %d bytes", uint64(maxTypeSize))
	}
	t.size = uintptr(size)
	if t.bigEndian {
		// Big-endian bit numbering: the first bitfield takes the most significant
		// bits of its unit, as ctypes.BigEndianStructure and big-endian GCC do.
		for i := range t.fields {
			f := &t.fields[i]
			if f.Bits > 0 {
				f.BitOffset = int(unitSize(f)*8) - f.BitOffset - f.Bits
			}
		}
	}
	for i := range t.fields {
		if f := &t.fields[i]; f.Bits > 0 {
			f.view = newBitfieldView(f, t.bigEndian)
		}
	}
	return t, nil
}

// maxTypeSize is the largest size of a struct or union: half the address
// space, and at most 2^60 bytes so that sizes in bits fit in a uint64.
const maxTypeSize = uint64(^uintptr(0)>>1) & (1<<60 - 1)

// excessUnitSpan reports whether a bitfield of w bits at bit pos would span
// more units of its type's alignment (align bits) than the type itself
// (size bits) has: GCC's rule for bitfields in structs that are not packed
// (excess_unit_span in gcc/stor-layout.cc). Where a type's alignment equals
// its size, this is "never straddles a unit of its type"; on i386, where
// long long is 8 bytes aligned to 4, a long long bitfield may straddle one
// 4-byte boundary.
func excessUnitSpan(pos, w, align, size uint64) bool {
	off := pos % align
	return (off+w+align-1)/align > size/align
}

// bitUnit returns the storage unit (its byte offset) and the field's
// position inside it, counted from the unit's first byte as a little-endian
// bit stream, of a bitfield of w bits at bit pos of a struct. The unit is the
// unit of size bytes at a multiple of align that holds the field; a packed
// bitfield (GCC lays them out bit after bit) may lie across such units, and
// its unit is then the first one that holds it, moved byte by byte, or, when
// none can (a field that straddles more bytes than its type has), the bytes
// from the field's first to its last: see [Field].
func bitUnit(pos, w, align, size uint64) (uintptr, int) {
	first := pos / 8
	start := first &^ (align - 1)
	for start < first && pos+w > (start+size)*8 {
		start++
	}
	return uintptr(start), int(pos - start*8)
}

// unitSize returns the size in bytes of the storage unit of bitfield f: its
// type's size, or more for a packed bitfield that straddles more bytes than
// its type has.
func unitSize(f *Field) uintptr {
	n := (uintptr(f.BitOffset) + uintptr(f.Bits) + 7) / 8
	if f.BitOffset < 0 || n < f.Type.size {
		return f.Type.size
	}
	return n
}

func roundUp64(x, a uint64) uint64 {
	if a <= 1 {
		return x
	}
	return (x + a - 1) / a * a
}

// withOrder returns t with its scalars stored in the requested byte order.
func withOrder(t *Type, big bool) (*Type, error) {
	if t.bigEndian == big {
		return t, nil
	}
	switch {
	case t.kind == KindLongDouble:
		return nil, fmt.Errorf("type %s has no byte-swapped form", t.name)
	case t.kind.IsScalar():
		if t.size == 1 {
			return t, nil
		}
		swapMu.Lock()
		defer swapMu.Unlock()
		if t.swapped == nil {
			name := strings.TrimSuffix(t.name, "_be")
			if big {
				name += "_be"
			}
			t.swapped = &Type{name: name, kind: t.kind, size: t.size, align: t.align, bigEndian: big, swapped: t}
		}
		return t.swapped, nil
	case t.kind == KindArray:
		e, err := withOrder(t.elem, big)
		if err != nil {
			return nil, err
		}
		return ArrayOf(e, t.length)
	default:
		order := "little"
		if big {
			order = "big"
		}
		return nil, fmt.Errorf("type %s must itself be %s-endian", t.name, order)
	}
}

// newBitfieldView returns the type of the Value that views bitfield f of a
// struct of the given byte order (the order of a struct of 1-byte fields is
// not that of its field types, which have none).
func newBitfieldView(f *Field, big bool) *Type {
	t := f.Type
	return &Type{name: t.name, kind: t.kind, size: t.size, align: t.align, bigEndian: t.bigEndian,
		bf: &bitInfo{off: f.BitOffset, bits: f.Bits, signed: t.kind.IsSigned(), unit: unitSize(f), big: big}}
}
