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
	// storage unit (of Type's size) that holds it.
	Offset uintptr
	// BitOffset is the bitfield's position inside its storage unit, counted
	// from the least significant bit of the unit's value.
	BitOffset int
	// Index is the field's position in declaration order.
	Index int

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
	bigEndian bool
	endianSet bool
}

// Pack caps the alignment of every field at n bytes, like ctypes' _pack_ or
// C's #pragma pack(n). n must be 1, 2, 4, 8 or 16. With packing, bitfields are
// laid out as GCC lays out packed bitfields: bit after bit, without moving to
// a new storage unit.
func Pack(n int) Option { return func(o *layoutOptions) { o.pack = n } }

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
// units of their declared type and never straddling one (GCC's rule).
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
	t := &Type{name: name, kind: kind, pack: o.pack, align: 1, byName: map[string]int{}, bigEndian: o.bigEndian}
	var bitpos uintptr // next free bit (structs)
	// The Microsoft bitfield layout (msBitfields) fills one storage unit of
	// a bitfield's type at a time: unit is its byte offset, unitSize its
	// size (0: no unit open), unitUsed the bits taken.
	var unit, unitSize, unitUsed uintptr
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
		f := Field{Name: d.Name, Type: ft, Bits: d.Bits, Index: len(t.fields)}
		if isBitfield {
			switch ft.kind {
			case KindBool, KindChar, KindWChar, KindInt8, KindUint8, KindInt16, KindUint16,
				KindInt32, KindUint32, KindInt64, KindUint64:
			default:
				return fail("bitfield %q has type %s; bitfields must be integers", d.Name, ft.name)
			}
			unitBits := ft.size * 8
			if uintptr(d.Bits) > unitBits || (ft.kind == KindBool && d.Bits > 1) {
				return fail("bitfield %q is %d bits wide, wider than its type %s", d.Name, d.Bits, ft.name)
			}
			if kind == KindUnion {
				f.Offset, f.BitOffset = 0, 0
			} else if msBitfields {
				// Microsoft (MSVC, and mingw's default -mms-bitfields): a
				// bitfield goes into the open unit when that unit is of
				// the same size and has room; otherwise a new unit of its
				// type starts at the next aligned offset. A zero-width
				// bitfield closes the unit.
				w := uintptr(d.Bits)
				if d.Bits == 0 {
					unitSize = 0
					continue
				}
				if unitSize != ft.size || unitUsed+w > ft.size*8 {
					unit, unitSize, unitUsed = roundUp((bitpos+7)/8, falign), ft.size, 0
					bitpos = (unit + ft.size) * 8
				}
				f.Offset, f.BitOffset = unit, int(unitUsed)
				unitUsed += w
			} else if d.Bits == 0 {
				// unsigned :0 — the next bitfield starts at the next unit of this type.
				bitpos = roundUp(bitpos, ft.align*8)
				continue
			} else {
				w := uintptr(d.Bits)
				if o.pack == 0 {
					// GCC: a bitfield never straddles a boundary of its type's alignment.
					if bitpos/(ft.align*8) != (bitpos+w-1)/(ft.align*8) {
						bitpos = roundUp(bitpos, ft.align*8)
					}
				}
				// The storage unit is the aligned unit of ft's size containing the field
				// (with packing the unit may start unaligned; it is then byte-aligned).
				unitAlign := falign
				if o.pack == 0 {
					unitAlign = ft.align
				}
				start := (bitpos / 8) &^ (unitAlign - 1)
				for bitpos+w > (start+ft.size)*8 {
					start++ // packed: slide the unit so the field fits in it
				}
				f.Offset = start
				f.BitOffset = int(bitpos - start*8)
				bitpos += w
			}
			if falign > t.align && d.Name != "" {
				t.align = falign
			}
		} else {
			if kind == KindUnion {
				f.Offset = 0
			} else {
				off := roundUp((bitpos+7)/8, falign)
				f.Offset = off
				bitpos = (off + ft.size) * 8
				unitSize = 0
			}
			if falign > t.align {
				t.align = falign
			}
		}
		if kind == KindUnion {
			sz := ft.size
			if isBitfield {
				sz = (uintptr(d.Bits) + 7) / 8
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
	t.size = roundUp((bitpos+7)/8, t.align)
	if t.bigEndian {
		// Big-endian bit numbering: the first bitfield takes the most significant
		// bits of its unit, as ctypes.BigEndianStructure and big-endian GCC do.
		for i := range t.fields {
			f := &t.fields[i]
			if f.Bits > 0 {
				f.BitOffset = int(f.Type.size*8) - f.BitOffset - f.Bits
			}
		}
	}
	for i := range t.fields {
		if f := &t.fields[i]; f.Bits > 0 {
			f.view = newBitfieldView(f)
		}
	}
	return t, nil
}

func roundUp(x, a uintptr) uintptr {
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
