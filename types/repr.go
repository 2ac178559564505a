package types

import (
	"math"
	"strconv"
	"strings"
)

// maxReprElems caps how many array elements String shows.
const maxReprElems = 16

// String returns a ctypes-like representation of v: c_double(3.5),
// c_int(-1), c_char(b'a'), c_char_p(b'text'), LP_c_int(0xc000012345),
// Complex(x=5.0, y=7.0), c_double_Array_3([1.0, 2.0, 3.0]). Floats print as
// Python prints them; long arrays are cut after 16 elements.
func (v *Value) String() string {
	if v == nil {
		return "<nil *types.Value>"
	}
	if v.err != nil {
		return "<invalid Value: " + (*v.err).Error() + ">"
	}
	var b strings.Builder
	v.repr(&b)
	return b.String()
}

func (v *Value) repr(b *strings.Builder) {
	t := v.typ
	switch t.kind {
	case KindStruct, KindUnion:
		b.WriteString(t.name)
		b.WriteByte('(')
		for i, f := range t.fields {
			if f.Name == "" {
				continue
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Name)
			b.WriteByte('=')
			v.FieldAt(i).reprElem(b)
		}
		b.WriteByte(')')
		return
	case KindArray:
		b.WriteString(t.name)
		b.WriteByte('(')
		if t.elem.kind == KindChar {
			x, _ := v.Get()
			b.WriteString(PyBytes([]byte(x.(string))))
			b.WriteByte(')')
			return
		}
		b.WriteByte('[')
		for i := 0; i < t.length; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if i == maxReprElems {
				b.WriteString("...")
				break
			}
			v.Index(i).reprElem(b)
		}
		b.WriteString("])")
		return
	}
	b.WriteString(t.name)
	b.WriteByte('(')
	v.reprElem(b)
	b.WriteByte(')')
}

// reprElem writes the bare value, as Python shows list elements and fields.
func (v *Value) reprElem(b *strings.Builder) {
	t := v.typ
	if !t.kind.IsScalar() && t.kind != KindLongDouble {
		v.repr(b)
		return
	}
	x, err := v.Get()
	if err != nil {
		b.WriteString("<" + err.Error() + ">")
		return
	}
	switch x := x.(type) {
	case float64:
		b.WriteString(PyFloat(x))
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case byte:
		b.WriteString(PyBytes([]byte{x}))
	case rune:
		b.WriteString(strconv.QuoteRune(x))
	case string:
		if t.kind == KindCharP {
			b.WriteString(PyBytes([]byte(x)))
		} else {
			b.WriteString(strconv.Quote(x))
		}
	case nil:
		b.WriteString("None")
	case uintptr:
		if x == 0 {
			b.WriteString("None")
		} else {
			b.WriteString("0x" + strconv.FormatUint(uint64(x), 16))
		}
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	}
}

// PyFloat formats f as Python's repr(float) does: the shortest digits that
// read back to f, "5.0" for whole numbers, exponent form below 1e-4 and from
// 1e16 on ("1e+16", "-1.0206823934513925e-11"), "inf", "nan".
func PyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddddde±XX
	_, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// PyBytes formats b as a Python bytes literal: b'text', with \n, \t, \\,
// \' and \xNN escapes as Python writes them.
func PyBytes(b []byte) string {
	var s strings.Builder
	quote := byte('\'')
	if strings.IndexByte(string(b), '\'') >= 0 && strings.IndexByte(string(b), '"') < 0 {
		quote = '"'
	}
	s.WriteString("b")
	s.WriteByte(quote)
	for _, c := range b {
		switch {
		case c == '\\':
			s.WriteString(`\\`)
		case c == quote:
			s.WriteByte('\\')
			s.WriteByte(c)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\t':
			s.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			s.WriteString(`\x`)
			s.WriteString(strconv.FormatUint(uint64(c)|0x100, 16)[1:])
		default:
			s.WriteByte(c)
		}
	}
	s.WriteByte(quote)
	return s.String()
}
