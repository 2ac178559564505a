package callconv

import "fmt"

// The classifier of the Arm 64-bit procedure call standard (AAPCS64,
// "Procedure Call Standard for the Arm 64-bit Architecture", stage C of
// the parameter passing rules, section 6.8), in plain Go so that its table
// tests run on every platform; the arm64 engine (plan_arm64.go) turns its
// result into the steps a call and a callback follow.
//
// Apple's arm64 ABI ("Writing ARM64 code for Apple platforms") differs in
// three ways, selected by the apple flag: arguments on the stack take their
// natural size and alignment instead of 8-byte slots (a char after eight
// register arguments takes one byte), variadic arguments always go on the
// stack, in 8-byte slots, and char is signed (which only the types package
// sees: it decides Layout.Signed).

// a64Loc says where a piece of a value travels.
type a64Loc uint8

const (
	a64X     a64Loc = iota // general register x<reg>
	a64V                   // SIMD and floating-point register v<reg> (s<reg> or d<reg>)
	a64Stack               // the outgoing stack, at byte offset off from the callee's SP
)

// a64Piece is where bytes [from, from+size) of a value go: register reg
// or the stack at off. width is how many bytes the destination takes: 8
// for a register or an 8-byte stack slot, where an integer scalar is
// sign- or zero-extended (signed) to the full word, and size for bytes
// copied as they are (aggregates on the stack, Apple's packed scalars).
type a64Piece struct {
	from, size uintptr
	loc        a64Loc
	reg        int
	off        uintptr
	width      uintptr
	signed     bool
}

// a64Arg is where one argument goes. An aggregate over 16 bytes that is
// not a homogeneous floating-point aggregate is passed by reference
// (byRef): the caller copies it to memory of its own and passes the
// copy's address, which is then the one 8-byte piece.
type a64Arg struct {
	size   uintptr
	align  uintptr
	byRef  bool
	pieces []a64Piece
}

// a64RetKind says how a result comes back.
type a64RetKind uint8

const (
	a64RetVoid     a64RetKind = iota
	a64RetRegs                // in x0-x1 or v0-v3: the pieces say which bytes where
	a64RetIndirect            // in memory whose address the caller passes in x8
)

// a64Sig is a classified signature.
type a64Sig struct {
	args      []a64Arg
	ret       a64RetKind
	retSize   uintptr
	retPieces []a64Piece // a64RetRegs: from is the offset in the result
	retScalar bool       // the result is a scalar (not an aggregate)
	// stackBytes is the size of the outgoing argument area (not rounded).
	stackBytes uintptr
}

// a64NumRegs is how many argument registers of each kind there are
// (x0-x7, v0-v7).
const a64NumRegs = 8

// a64HFA reports whether l is a homogeneous floating-point aggregate: an
// aggregate whose members are all floats or all doubles (nested structs,
// arrays and union members included), with at most four uniquely
// addressable members and no padding. base is the member size (4 or 8), n
// the member count. A union counts by its members: union { float f[2];
// struct { float x, y; } p; } is an HFA of two floats, union { float
// f[2]; double d; } is none (the members' types differ).
func a64HFA(l Layout) (base uintptr, n int, ok bool) {
	if !l.Aggregate || len(l.Leaves) == 0 || l.Size == 0 {
		return 0, 0, false
	}
	base = l.Leaves[0].Size
	if base != 4 && base != 8 || l.Size%base != 0 || l.Size/base > 4 {
		return 0, 0, false
	}
	n = int(l.Size / base)
	var covered [4]bool
	for _, lf := range l.Leaves {
		if !lf.Float || lf.Size != base || lf.Offset%base != 0 || lf.Offset >= l.Size {
			return 0, 0, false
		}
		covered[lf.Offset/base] = true
	}
	for k := 0; k < n; k++ {
		if !covered[k] {
			return 0, 0, false // padding between or after the members
		}
	}
	return base, n, true
}

// a64Natural is the alignment an aggregate is passed by: AAPCS64's
// natural alignment of a composite, the largest of its members' (GCC and
// Clang on Linux: an aligned attribute on the composite's own type does
// not count, one on a member does), or on Apple's the type's alignment,
// attribute included (which there only places it on the stack: no even
// registers).
func a64Natural(l Layout, apple bool) uintptr {
	if apple || l.MemberAlign == 0 {
		return l.Align
	}
	return l.MemberAlign
}

func a64AlignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

// classifyAAPCS64 classifies ret(args...) per AAPCS64 (apple: Apple's
// variant). nfixed < 0: not variadic; otherwise the arguments from
// nfixed on are variadic, already promoted by the caller (float to
// double, small integers to int).
func classifyAAPCS64(ret Layout, args []Layout, nfixed int, apple bool) (*a64Sig, error) {
	s := &a64Sig{args: make([]a64Arg, len(args))}
	if err := s.classifyResult(ret); err != nil {
		return nil, err
	}
	ngrn, nsrn, nsaa := 0, 0, uintptr(0) // next general register, SIMD register, stacked argument address

	// onStack places a whole value (or a by-reference pointer, or a
	// scalar) at the next stack address aligned to align, taking width
	// bytes there, and advances the address by advance.
	onStack := func(a *a64Arg, p a64Piece, align, advance uintptr) {
		nsaa = a64AlignUp(nsaa, align)
		p.loc, p.off = a64Stack, nsaa
		a.pieces = append(a.pieces, p)
		nsaa += advance
	}
	// scalarOnStack places a scalar (or a pointer) of size bytes.
	scalarOnStack := func(a *a64Arg, p a64Piece, packed bool) {
		if packed {
			p.width = p.size
			onStack(a, p, p.size, p.size)
			return
		}
		p.width = 8
		onStack(a, p, 8, 8)
	}
	// stackAlign is the alignment of an aggregate copied to the stack: 8,
	// or 16 for a 16-byte aligned one (a64Natural); an HFA on Apple's
	// stack takes its members' alignment only.
	stackAlign := func(l Layout, hfaBase uintptr) uintptr {
		switch {
		case apple && hfaBase != 0:
			return hfaBase
		case a64Natural(l, apple) >= 16:
			return 16
		}
		return 8
	}

	for i, l := range args {
		a := &s.args[i]
		a.size, a.align = l.Size, max(l.Align, 1)
		if l.Void || l.Size == 0 {
			return nil, fmt.Errorf("callconv: argument %d has no size", i+1)
		}
		if !l.Aggregate && l.Size > 8 {
			return nil, fmt.Errorf("callconv: unsupported scalar argument %d of %d bytes", i+1, l.Size)
		}
		if !l.Aggregate && l.Size&(l.Size-1) != 0 {
			return nil, fmt.Errorf("callconv: unsupported scalar argument %d of %d bytes", i+1, l.Size)
		}
		if apple && nfixed >= 0 && i >= nfixed {
			// Apple: every variadic argument on the stack, in 8-byte slots.
			switch {
			case !l.Aggregate:
				scalarOnStack(a, a64Piece{size: l.Size, signed: l.Signed && !l.Float}, false)
			case l.Size > 16:
				a.byRef = true
				scalarOnStack(a, a64Piece{size: 8}, false)
			default:
				onStack(a, a64Piece{size: l.Size, width: l.Size}, stackAlign(l, 0), a64AlignUp(l.Size, 8))
			}
			continue
		}
		if !l.Aggregate {
			p := a64Piece{size: l.Size, width: 8, signed: l.Signed && !l.Float}
			switch {
			case l.Float && nsrn < a64NumRegs:
				p.loc, p.reg = a64V, nsrn
				nsrn++
				a.pieces = append(a.pieces, p)
			case !l.Float && ngrn < a64NumRegs:
				p.loc, p.reg = a64X, ngrn
				ngrn++
				a.pieces = append(a.pieces, p)
			default:
				scalarOnStack(a, p, apple)
			}
			continue
		}
		if base, n, ok := a64HFA(l); ok {
			if nsrn+n <= a64NumRegs {
				for k := 0; k < n; k++ {
					a.pieces = append(a.pieces, a64Piece{from: uintptr(k) * base, size: base, loc: a64V, reg: nsrn + k, width: 8})
				}
				nsrn += n
				continue
			}
			nsrn = a64NumRegs // C.11: no later argument takes a v register
			advance := a64AlignUp(l.Size, 8)
			if apple {
				advance = l.Size
			}
			onStack(a, a64Piece{size: l.Size, width: l.Size}, stackAlign(l, base), advance)
			continue
		}
		if l.Size > 16 {
			a.byRef = true
			p := a64Piece{size: 8, width: 8}
			if ngrn < a64NumRegs {
				p.loc, p.reg = a64X, ngrn
				ngrn++
				a.pieces = append(a.pieces, p)
				continue
			}
			scalarOnStack(a, p, apple)
			continue
		}
		words := int((l.Size + 7) / 8)
		if !apple && a64Natural(l, apple) >= 16 {
			ngrn = (ngrn + 1) &^ 1 // C.8: an even register (not on Apple's)
		}
		if ngrn+words <= a64NumRegs {
			for k := 0; k < words; k++ {
				off := uintptr(k) * 8
				a.pieces = append(a.pieces, a64Piece{from: off, size: min(8, l.Size-off), loc: a64X, reg: ngrn + k, width: 8})
			}
			ngrn += words
			continue
		}
		ngrn = a64NumRegs // C.10: not split between registers and stack
		onStack(a, a64Piece{size: l.Size, width: l.Size}, stackAlign(l, 0), a64AlignUp(l.Size, 8))
	}
	s.stackBytes = nsaa
	return s, nil
}

// classifyResult decides where the result comes back: a scalar in x0 or
// v0, an HFA in v0-v3, another aggregate of up to 16 bytes in x0-x1, any
// other in memory the caller provides (x8).
func (s *a64Sig) classifyResult(ret Layout) error {
	s.retSize = ret.Size
	switch {
	case ret.Void:
		s.ret = a64RetVoid
	case !ret.Aggregate:
		if ret.Size == 0 || ret.Size > 8 || ret.Size&(ret.Size-1) != 0 {
			return fmt.Errorf("callconv: unsupported scalar result of %d bytes", ret.Size)
		}
		s.ret, s.retScalar = a64RetRegs, true
		p := a64Piece{size: ret.Size, loc: a64X, width: 8, signed: ret.Signed && !ret.Float}
		if ret.Float {
			p.loc = a64V
		}
		s.retPieces = []a64Piece{p}
	default:
		if base, n, ok := a64HFA(ret); ok {
			s.ret = a64RetRegs
			for k := 0; k < n; k++ {
				s.retPieces = append(s.retPieces, a64Piece{from: uintptr(k) * base, size: base, loc: a64V, reg: k, width: 8})
			}
			return nil
		}
		if ret.Size == 0 {
			return fmt.Errorf("callconv: result has no size")
		}
		if ret.Size > 16 {
			s.ret = a64RetIndirect
			return nil
		}
		s.ret = a64RetRegs
		for off := uintptr(0); off < ret.Size; off += 8 {
			s.retPieces = append(s.retPieces, a64Piece{from: off, size: min(8, ret.Size-off), loc: a64X, reg: int(off / 8), width: 8})
		}
	}
	return nil
}

// String describes where a piece goes, for tests and messages: "x0",
// "v3", "sp+16" (with ":n" when it takes n bytes there other than 8).
func (p a64Piece) String() string {
	switch p.loc {
	case a64X:
		return fmt.Sprintf("x%d", p.reg)
	case a64V:
		return fmt.Sprintf("v%d", p.reg)
	}
	if p.width != 8 {
		return fmt.Sprintf("sp+%d:%d", p.off, p.width)
	}
	return fmt.Sprintf("sp+%d", p.off)
}

// String describes where an argument goes: its pieces joined by ",",
// prefixed by "&" when it is passed by reference.
func (a a64Arg) String() string {
	s := ""
	if a.byRef {
		s = "&"
	}
	for k, p := range a.pieces {
		if k > 0 {
			s += ","
		}
		s += p.String()
	}
	return s
}
