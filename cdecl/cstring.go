package cdecl

import (
	"strings"

	"modernc.org/cc/v4"
)

// prototype spells the declaration of the function name of type ft as C
// does, with typedef names kept: "int compress(Bytef *dest, uLongf *destLen,
// const Bytef *source, uLong sourceLen)".
func prototype(name string, ft *cc.FunctionType) string {
	return declString(ft, name, true)
}

// declString spells a declaration of inner with type t.
func declString(t cc.Type, inner string, top bool) string {
	if !top {
		if td := t.Typedef(); td != nil {
			return qual(t) + td.Name() + pad(inner)
		}
	}
	switch x := t.(type) {
	case *cc.PointerType:
		elem := x.Elem()
		q := ""
		if x.Attributes().IsConst() {
			q = " const"
		}
		s := "*" + strings.TrimPrefix(q+pad(inner), " ")
		if inner == "" && q == "" {
			s = "*"
		}
		switch elem.(type) {
		case *cc.FunctionType, *cc.ArrayType:
			if elem.Typedef() == nil {
				s = "(" + s + ")"
			}
		}
		return declString(elem, s, false)
	case *cc.ArrayType:
		n := ""
		if !x.IsIncomplete() && x.Len() >= 0 {
			n = itoa(x.Len())
		}
		return declString(x.Elem(), inner+"["+n+"]", false)
	case *cc.FunctionType:
		var ps []string
		for _, p := range x.Parameters() {
			pt := p.Type()
			if pt.Kind() == cc.Void && len(x.Parameters()) == 1 {
				ps = append(ps, "void")
				break
			}
			ps = append(ps, strings.TrimSpace(declString(pt.Undecay(), p.Name(), false)))
		}
		if x.IsVariadic() {
			ps = append(ps, "...")
		}
		if len(ps) == 0 {
			ps = []string{"void"}
		}
		return declString(x.Result(), inner+"("+strings.Join(ps, ", ")+")", false)
	case *cc.StructType:
		return qual(t) + "struct " + tagOr(x.Tag(), "{...}") + pad(inner)
	case *cc.UnionType:
		return qual(t) + "union " + tagOr(x.Tag(), "{...}") + pad(inner)
	case *cc.EnumType:
		return qual(t) + "enum " + tagOr(x.Tag(), "{...}") + pad(inner)
	}
	s := t.String()
	s = strings.TrimPrefix(s, "const ")
	s = strings.TrimPrefix(s, "volatile ")
	return qual(t) + s + pad(inner)
}

func qual(t cc.Type) string {
	var q string
	if a := t.Attributes(); a != nil {
		if a.IsConst() {
			q += "const "
		}
		if a.IsVolatile() {
			q += "volatile "
		}
	}
	return q
}

func tagOr(tok cc.Token, alt string) string {
	if s := tok.SrcStr(); s != "" {
		return s
	}
	return alt
}

func pad(inner string) string {
	if inner == "" || strings.HasPrefix(inner, "[") || strings.HasPrefix(inner, "(") && !strings.HasPrefix(inner, "(*") {
		return inner
	}
	return " " + inner
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
