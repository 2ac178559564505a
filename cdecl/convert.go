package cdecl

import (
	"fmt"
	"slices"

	"modernc.org/cc/v4"

	"github.com/purectypes/ctypes/types"
)

// converter maps the front end's types to the types package, once per
// struct or union (keyed by where it is defined, so that a second
// translation of the same source maps to the same *types.Type).
type converter struct {
	ast     *cc.AST
	records map[string]*types.Type
	busy    map[string]bool // records being converted: a pointer back to one is void*
	errs    map[string]error
	funcs   map[string]*types.Type // function pointer types by signature
}

func newConverter(ast *cc.AST) *converter {
	return &converter{ast: ast, records: map[string]*types.Type{}, busy: map[string]bool{}, errs: map[string]error{}, funcs: map[string]*types.Type{}}
}

// typedefNames are the typedef names that map to a named fundamental type
// of the same kind and size (so a value prints as c_size_t, not c_ulong).
var typedefNames = map[string]*types.Type{
	"int8_t": types.Int8, "uint8_t": types.Uint8, "int16_t": types.Int16, "uint16_t": types.Uint16,
	"int32_t": types.Int32, "uint32_t": types.Uint32, "int64_t": types.Int64, "uint64_t": types.Uint64,
	"size_t": types.SizeT, "ssize_t": types.SSizeT, "wchar_t": types.WChar,
}

// vaListNames are the typedef names of va_list, which a call cannot build.
var vaListNames = map[string]bool{"va_list": true, "__gnuc_va_list": true, "__builtin_va_list": true, "__va_list_tag": true}

func unsupported(name string, t cc.Type, reason string) error {
	return &UnsupportedError{Name: name, CType: t.String(), Reason: reason}
}

// typ converts t; name names the declaration in errors.
func (c *converter) typ(name string, t cc.Type) (*types.Type, error) {
	if td := t.Typedef(); td != nil {
		if vaListNames[td.Name()] {
			return nil, unsupported(name, t, "va_list cannot be built by a call (pass the arguments to the \"...\" function instead)")
		}
		if ft, ok := typedefNames[td.Name()]; ok && int64(ft.Size()) == t.Size() && isIntegerKind(t.Kind()) {
			return ft, nil
		}
	}
	switch t.Kind() {
	case cc.Void:
		return types.Void, nil
	case cc.Bool:
		return types.Bool, nil
	case cc.Char:
		return types.Char, nil
	case cc.SChar:
		return types.Byte, nil
	case cc.UChar:
		return types.UByte, nil
	case cc.Short:
		return sized(name, t, types.Short)
	case cc.UShort:
		return sized(name, t, types.UShort)
	case cc.Int:
		return sized(name, t, types.Int)
	case cc.UInt:
		return sized(name, t, types.UInt)
	case cc.Long:
		return sized(name, t, types.Long)
	case cc.ULong:
		return sized(name, t, types.ULong)
	case cc.LongLong:
		return sized(name, t, types.LongLong)
	case cc.ULongLong:
		return sized(name, t, types.ULongLong)
	case cc.Float:
		return sized(name, t, types.Float)
	case cc.Double:
		return sized(name, t, types.Double)
	case cc.Enum:
		e := t.(*cc.EnumType)
		return c.typ(name, e.UnderlyingType())
	case cc.LongDouble:
		return sized(name, t, types.LongDouble)
	case cc.Float64x, cc.Float128, cc.Float128x:
		return nil, unsupported(name, t, "the types package has no _FloatNx or _Float128 types (long double is c_longdouble)")
	case cc.Int128, cc.UInt128:
		return nil, unsupported(name, t, "the types package has no 128-bit integers")
	case cc.Float16, cc.BFloat16, cc.Float32, cc.Float32x, cc.Float64:
		return nil, unsupported(name, t, "the types package has no _FloatN types")
	case cc.Decimal32, cc.Decimal64, cc.Decimal128:
		return nil, unsupported(name, t, "the types package has no decimal floating types")
	case cc.ComplexChar, cc.ComplexDouble, cc.ComplexFloat, cc.ComplexFloat16, cc.ComplexInt, cc.ComplexLong,
		cc.ComplexLongDouble, cc.ComplexLongLong, cc.ComplexShort, cc.ComplexUInt, cc.ComplexUShort:
		return nil, unsupported(name, t, "the types package has no _Complex types")
	case cc.Ptr:
		return c.pointer(name, t.(*cc.PointerType))
	case cc.Array:
		a := t.(*cc.ArrayType)
		if a.IsVLA() {
			return nil, unsupported(name, t, "variable-length array")
		}
		elem, err := c.typ(name, a.Elem())
		if err != nil {
			return nil, err
		}
		n := a.Len()
		if n < 0 || a.IsIncomplete() {
			n = 0 // a flexible array member: the struct ends where it starts
		}
		if n > 1<<40 {
			return nil, unsupported(name, t, "array too large")
		}
		at, err := types.ArrayOf(elem, int(n))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrUnsupported, name, err)
		}
		return at, nil
	case cc.Struct, cc.Union:
		return c.record(name, t)
	case cc.Function:
		// A function type (not a pointer to one) is a function designator:
		// as a parameter it decays to a pointer.
		return c.pointerToFunc(name, t.(*cc.FunctionType))
	}
	if t.VectorSize() > 0 {
		return nil, unsupported(name, t, "vector types")
	}
	return nil, unsupported(name, t, "not a C type the types package has")
}

func isIntegerKind(k cc.Kind) bool {
	switch k {
	case cc.Char, cc.SChar, cc.UChar, cc.Short, cc.UShort, cc.Int, cc.UInt, cc.Long, cc.ULong, cc.LongLong, cc.ULongLong:
		return true
	}
	return false
}

// sized returns want after checking that the front end's ABI agrees on its
// size and alignment: a disagreement is a data model this package does not
// know.
func sized(name string, t cc.Type, want *types.Type) (*types.Type, error) {
	if int64(want.Size()) != t.Size() || uintptr(t.Align()) != want.Align() {
		return nil, fmt.Errorf("%w: %s: %s is %d bytes aligned to %d for the C front end, %s is %d aligned to %d",
			ErrLayout, name, t, t.Size(), t.Align(), want.Name(), want.Size(), want.Align())
	}
	return want, nil
}

func (c *converter) pointer(name string, p *cc.PointerType) (*types.Type, error) {
	elem := p.Elem()
	if td := elem.Typedef(); td != nil && td.Name() == "wchar_t" {
		return types.WCharP, nil
	}
	switch elem.Kind() {
	case cc.Char:
		return types.CharP, nil
	case cc.Void:
		return types.VoidP, nil
	case cc.Function:
		return c.pointerToFunc(name, elem.(*cc.FunctionType))
	case cc.Struct, cc.Union:
		if elem.IsIncomplete() {
			return types.VoidP, nil // opaque: FILE *, sqlite3 *
		}
		if c.busy[recordKey(elem)] {
			return types.VoidP, nil // struct node { struct node *next; }
		}
	}
	et, err := c.typ(name, elem)
	if err != nil {
		return nil, err
	}
	return types.PointerTo(et), nil
}

func (c *converter) pointerToFunc(name string, ft *cc.FunctionType) (*types.Type, error) {
	sig, err := c.funcSig(name, ft)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%p%v", sig.Restype, sig.Variadic)
	for _, a := range sig.Argtypes {
		key += fmt.Sprintf(",%p", a)
	}
	if t, ok := c.funcs[key]; ok {
		return t, nil
	}
	t := types.FuncType(sig.Restype, sig.Argtypes...)
	if sig.Variadic {
		t = types.VariadicFuncType(sig.Restype, sig.Argtypes...)
	}
	c.funcs[key] = t
	return t, nil
}

// funcSig converts a function type to a signature.
func (c *converter) funcSig(name string, ft *cc.FunctionType) (*types.FuncSig, error) {
	res, err := c.typ(name+" result", ft.Result())
	if err != nil {
		return nil, err
	}
	if res.Kind() == types.KindArray {
		return nil, unsupported(name, ft, "a function cannot return an array")
	}
	sig := &types.FuncSig{Restype: res, Argtypes: []*types.Type{}, Variadic: ft.IsVariadic()}
	params := ft.Parameters()
	if len(params) == 1 && params[0].Type().Kind() == cc.Void {
		params = nil // f(void)
	}
	for i, p := range params {
		pname := p.Name()
		if pname == "" {
			pname = fmt.Sprintf("#%d", i+1)
		}
		pt := p.Type()
		if a, ok := pt.(*cc.ArrayType); ok {
			pt = a.Decay() // int f(int a[10]) takes an int*
		}
		at, err := c.typ(name+" parameter "+pname, pt)
		if err != nil {
			return nil, err
		}
		if at.Kind() == types.KindVoid {
			return nil, unsupported(name, ft, "a void parameter")
		}
		sig.Argtypes = append(sig.Argtypes, at)
	}
	return sig, nil
}

// recordKey identifies a struct or union by where it is defined: its tag
// and the position of its first member (or of its tag, when it has none).
func recordKey(t cc.Type) string {
	r, ok := t.(ccRecord)
	if !ok {
		return fmt.Sprintf("%v %p", t.Kind(), t)
	}
	tag := r.Tag()
	if r.NumFields() > 0 {
		if d := r.FieldByIndex(0).Declarator(); d != nil {
			return fmt.Sprintf("%v %s@%v", t.Kind(), tag.SrcStr(), d.Position())
		}
	}
	return fmt.Sprintf("%v %s@%v#%d", t.Kind(), tag.SrcStr(), tag.Position(), r.NumFields())
}

// recordName is the types name of a struct or union: its tag, else its
// typedef name, else "struct_anon".
func recordName(t cc.Type) string {
	if r, ok := t.(ccRecord); ok {
		if tag := r.Tag(); tag.SrcStr() != "" {
			return tag.SrcStr()
		}
	}
	if td := t.Typedef(); td != nil {
		return td.Name()
	}
	if t.Kind() == cc.Union {
		return "union_anon"
	}
	return "struct_anon"
}

// ccRecord is what StructType and UnionType have in common.
type ccRecord interface {
	cc.Type
	NumFields() int
	FieldByIndex(int) *cc.Field
	Tag() cc.Token
}

// record converts a struct or union, building it with StructOf/UnionOf and
// checking its layout against the front end's: the first packing that
// reproduces the front end's layout exactly (none, else 1, 2, 4, 8, 16) is
// the one C uses, since both follow the compiler's rules.
func (c *converter) record(name string, t cc.Type) (*types.Type, error) {
	key := recordKey(t)
	if rt, ok := c.records[key]; ok {
		return rt, nil
	}
	if err, ok := c.errs[key]; ok {
		return nil, err
	}
	if t.IsIncomplete() {
		return nil, fmt.Errorf("%w: %s: %s has no members declared (it can be used only through a pointer)", ErrIncomplete, name, t)
	}
	r, ok := t.(ccRecord)
	if !ok {
		return nil, unsupported(name, t, "not a struct or union")
	}
	c.busy[key] = true
	rt, err := c.buildRecord(name, r)
	delete(c.busy, key)
	if err != nil {
		c.errs[key] = err
		return nil, err
	}
	c.records[key] = rt
	return rt, nil
}

func (c *converter) buildRecord(name string, r ccRecord) (*types.Type, error) {
	rname := recordName(r)
	fields := make([]types.Field, 0, r.NumFields())
	for i := 0; i < r.NumFields(); i++ {
		f := r.FieldByIndex(i)
		fname := f.Name()
		what := rname + "." + fname
		if fname == "" {
			fname = fmt.Sprintf("_%d", i)
			what = fmt.Sprintf("%s member %d", rname, i)
		}
		if f.IsFlexibleArrayMember() {
			return nil, unsupported(what, f.Type(), "a flexible array member")
		}
		ft, err := c.typ(what, f.Type())
		if err != nil {
			return nil, err
		}
		if f.IsBitfield() {
			bits := int(f.ValueBits())
			if bits == 0 {
				fields = append(fields, types.Bitfield("", ft, 0))
				continue
			}
			fields = append(fields, types.Bitfield(fname, ft, bits))
			continue
		}
		fields = append(fields, types.F(fname, ft))
	}
	build := types.StructOf
	if r.Kind() == cc.Union {
		build = types.UnionOf
	}
	var firstErr error
	for _, pack := range []int{0, 1, 2, 4, 8, 16} {
		var opts []types.Option
		if pack > 0 {
			opts = append(opts, types.Pack(pack))
		}
		rt, err := fitAligned(r, build, rname, slices.Clone(fields), opts)
		if err == nil {
			return rt, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, fmt.Errorf("%w: %s (%s): %v", ErrLayout, name, r, firstErr)
}

// fitAligned builds the record and, where the front end places a member
// further than its type's alignment would (_Alignas or an aligned attribute
// on the member: cc does not export the alignment it asks for), gives that
// member the alignment its C offset shows, one member at a time; where the
// record is more aligned than its members make it (the attribute on the
// type), it is built aligned so. The layout then has to match the front
// end's exactly.
func fitAligned(r ccRecord, build func(string, []types.Field, ...types.Option) (*types.Type, error), rname string, fields []types.Field, opts []types.Option) (*types.Type, error) {
	for range len(fields) + 1 {
		rt, err := build(rname, fields, opts...)
		if err != nil {
			return nil, err
		}
		if i, off := firstFarMember(r, rt); i >= 0 {
			a := uintptr(off & -off) // the largest power of two dividing the offset
			if a <= fields[i].Type.Align() || a <= fields[i].Align {
				return nil, sameLayout(r, rt)
			}
			fields[i].Align = a
			continue
		}
		if uintptr(r.Align()) > rt.Align() {
			opts = append(slices.Clip(opts), types.Aligned(uintptr(r.Align())))
			if rt, err = build(rname, fields, opts...); err != nil {
				return nil, err
			}
		}
		return rt, sameLayout(r, rt)
	}
	return nil, fmt.Errorf("record %s: no layout fits", rname)
}

// firstFarMember returns the index in fields (and the C offset) of the
// first ordinary member the front end places after where rt has it, or
// -1.
func firstFarMember(r ccRecord, rt *types.Type) (int, int64) {
	tf := rt.Fields()
	j := 0
	for i := 0; i < r.NumFields(); i++ {
		f := r.FieldByIndex(i)
		if f.IsBitfield() && f.ValueBits() == 0 {
			continue
		}
		if j >= len(tf) {
			return -1, 0
		}
		g := tf[j]
		j++
		if !f.IsBitfield() && f.Offset() > int64(g.Offset) {
			return i, f.Offset()
		}
	}
	return -1, 0
}

// sameLayout compares the front end's layout of r with rt's.
func sameLayout(r ccRecord, rt *types.Type) error {
	if int64(rt.Size()) != r.Size() || uintptr(r.Align()) != rt.Align() {
		return fmt.Errorf("size %d align %d in C, %d and %d in types", r.Size(), r.Align(), rt.Size(), rt.Align())
	}
	tf := rt.Fields()
	j := 0
	for i := 0; i < r.NumFields(); i++ {
		f := r.FieldByIndex(i)
		if f.IsBitfield() && f.ValueBits() == 0 {
			continue // types keeps no field for "int :0"
		}
		if j >= len(tf) {
			return fmt.Errorf("field %d missing", i)
		}
		g := tf[j]
		j++
		cbit := f.Offset()*8 + int64(f.OffsetBits())
		gbit := int64(g.Offset)*8 + int64(g.BitOffset)
		if cbit != gbit {
			return fmt.Errorf("field %s at bit %d in C, %d in types", fieldName(f, i), cbit, gbit)
		}
	}
	return nil
}

func fieldName(f *cc.Field, i int) string {
	if f.Name() != "" {
		return f.Name()
	}
	return fmt.Sprintf("#%d", i)
}
