package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/purectypes/ctypes/cdecl"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// libPath finds the file of a library given by path, soname or short name.
func libPath(name string) string {
	if strings.ContainsRune(name, '/') {
		return name
	}
	if p, err := ffi.FindLibraryPath(name); err == nil {
		return p
	}
	short := strings.TrimPrefix(name, "lib")
	if i := strings.Index(short, ".so"); i > 0 {
		short = short[:i]
	}
	if p, err := ffi.FindLibraryPath(short); err == nil {
		return p
	}
	return name
}

// openLib loads a library given by path, soname or short name.
func openLib(name string) (*ffi.Library, error) {
	lib, err := ffi.CDLL(name)
	if err == nil || strings.ContainsRune(name, '/') {
		return lib, err
	}
	if soname, ferr := ffi.FindLibrary(strings.TrimPrefix(name, "lib")); ferr == nil {
		return ffi.CDLL(soname)
	}
	return nil, err
}

// declarations reads the header (if any) and the extra declaration text.
func declarations(f *flags, extra string) (*cdecl.Decls, error) {
	opts := []cdecl.Option{cdecl.Flags(f.ccflags...)}
	if f.header == "" {
		return cdecl.Parse(extra, opts...)
	}
	if extra == "" {
		return cdecl.ParseFile(f.header, opts...)
	}
	abs, err := filepath.Abs(f.header)
	if err != nil {
		return nil, err
	}
	return cdecl.Parse(fmt.Sprintf("#include %q\n%s", abs, extra), opts...)
}

func cmdCall(args []string, w io.Writer) error {
	f, err := parseFlags(args, "--header", "-I", "-D", "-U")
	if err != nil {
		return err
	}
	if len(f.args) < 2 {
		return fmt.Errorf("%w: call needs a library and a prototype or function name", errUsage)
	}
	libName, decl, cargs := f.args[0], strings.TrimSpace(f.args[1]), f.args[2:]
	var d *cdecl.Decls
	var name string
	if strings.ContainsRune(decl, '(') {
		if !strings.HasSuffix(decl, ";") {
			decl += ";"
		}
		if d, err = declarations(f, decl); err != nil {
			return err
		}
		if name, err = lastDeclared(d, decl); err != nil {
			return err
		}
	} else {
		if f.header == "" {
			return fmt.Errorf("%w: a function name (%q) needs --header; or give its prototype", errUsage, decl)
		}
		if d, err = declarations(f, ""); err != nil {
			return err
		}
		name = decl
	}
	lib, err := openLib(libName)
	if err != nil {
		return err
	}
	defer lib.Close()
	fn, err := d.Func(lib, name)
	if err != nil {
		return err
	}
	if len(cargs) < len(fn.Argtypes) || (!fn.Variadic && len(cargs) > len(fn.Argtypes)) {
		p, _ := d.Prototype(name)
		return fmt.Errorf("%s takes %d argument(s), %d given", p, len(fn.Argtypes), len(cargs))
	}
	callArgs := make([]any, len(cargs))
	outs := map[int]*types.Value{}
	for i, a := range cargs {
		if i >= len(fn.Argtypes) {
			callArgs[i] = variadicArg(a)
			continue
		}
		v, out, err := argValue(fn.Argtypes[i], a)
		if err != nil {
			return fmt.Errorf("argument %d (%s): %w", i+1, fn.Argtypes[i].Name(), err)
		}
		callArgs[i] = v
		if out != nil {
			outs[i] = out
		}
	}
	res, err := fn.Call(callArgs...)
	if err != nil {
		return err
	}
	if fn.Restype != nil && fn.Restype.Kind() != types.KindVoid {
		s, err := format(res)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, s)
	}
	for i := range cargs {
		if out, ok := outs[i]; ok {
			s, err := format(out)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "arg%d = %s\n", i+1, s)
		}
	}
	return nil
}

// lastDeclared returns the function the text declares (its last one).
func lastDeclared(d *cdecl.Decls, decl string) (string, error) {
	best, bestAt := "", -1
	for _, name := range d.Funcs() {
		if at := strings.LastIndex(decl, name+"("); at > bestAt && (at == 0 || !isIdentByte(decl[at-1])) {
			best, bestAt = name, at
		}
		if at := strings.LastIndex(decl, name+" ("); at > bestAt && (at == 0 || !isIdentByte(decl[at-1])) {
			best, bestAt = name, at
		}
	}
	if best == "" {
		return "", fmt.Errorf("%q declares no function", decl)
	}
	return best, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// variadicArg converts an argument passed through "...": an integer
// literal is an int (a long long when it does not fit), a number a double,
// anything else a string.
func variadicArg(a string) any {
	if n, err := strconv.ParseInt(a, 0, 64); err == nil {
		if int64(int32(n)) == n {
			return int32(n)
		}
		return n
	}
	if x, err := strconv.ParseFloat(a, 64); err == nil {
		return x
	}
	return a
}

// argValue converts a command-line argument to t. For a pointer to a
// struct, union, array or scalar it returns the pointed-to value too: an
// out-parameter, printed after the call.
func argValue(t *types.Type, a string) (arg any, out *types.Value, err error) {
	k := t.Kind()
	switch {
	case (k == types.KindPointer || k == types.KindCharP) && strings.HasPrefix(a, "@"):
		// @N: an N-byte buffer C writes, printed after the call.
		n, err := strconv.Atoi(a[1:])
		if err != nil || n < 0 || n > 1<<30 {
			return nil, nil, fmt.Errorf("want @SIZE for a buffer, not %q", a)
		}
		elem := types.Char
		if k == types.KindPointer {
			elem = t.Elem()
		}
		at, err := types.ArrayOf(elem, n)
		if err != nil {
			return nil, nil, err
		}
		v := types.New(at)
		return v, v, nil
	case k == types.KindPointer && t.Elem().Size() == 1 && t.Elem().Kind() != types.KindBool:
		// Text for a pointer to bytes: a NUL-terminated copy.
		at, err := types.ArrayOf(t.Elem(), len(a)+1)
		if err != nil {
			return nil, nil, err
		}
		v := types.New(at)
		copy(v.Bytes(), a)
		return v, nil, nil
	case k == types.KindPointer && t.Elem().Kind().IsScalar() && strings.HasPrefix(strings.TrimSpace(a), "["):
		// A JSON array for a pointer to scalars: the array it points to.
		var xs []any
		if err := json.Unmarshal([]byte(a), &xs); err != nil {
			return nil, nil, fmt.Errorf("want a JSON array: %v", err)
		}
		at, err := types.ArrayOf(t.Elem(), len(xs))
		if err != nil {
			return nil, nil, err
		}
		v := types.New(at)
		if err := setJSON(v, a); err != nil {
			return nil, nil, err
		}
		return v, v, nil
	case k == types.KindPointer:
		elem := t.Elem()
		v := types.New(elem)
		if a != "-" && a != "" {
			if err := setJSON(v, a); err != nil {
				return nil, nil, err
			}
		}
		return v, v, nil
	case k.IsAggregate():
		v := types.New(t)
		if err := setJSON(v, a); err != nil {
			return nil, nil, err
		}
		return v, nil, nil
	case k == types.KindCharP || k == types.KindWCharP:
		if a == "null" || a == "NULL" {
			return nil, nil, nil
		}
		return a, nil, nil
	case k == types.KindVoidP || k == types.KindFunc:
		if a == "null" || a == "NULL" || a == "0" {
			return nil, nil, nil
		}
		n, err := strconv.ParseUint(a, 0, 64)
		if err != nil {
			return nil, nil, fmt.Errorf("a pointer argument takes an address or null, not %q", a)
		}
		return uintptr(n), nil, nil
	}
	v := types.New(t)
	if err := setScalar(v, a); err != nil {
		return nil, nil, err
	}
	return v, nil, nil
}

// setScalar sets a scalar from its text.
func setScalar(v *types.Value, a string) error {
	k := v.Type().Kind()
	switch {
	case k == types.KindBool:
		b, err := strconv.ParseBool(a)
		if err != nil {
			return fmt.Errorf("want true or false, not %q", a)
		}
		return v.Set(b)
	case k == types.KindChar && len(a) == 1 && (a[0] < '0' || a[0] > '9'):
		return v.Set(a)
	case k == types.KindWChar && len([]rune(a)) == 1:
		return v.Set(a)
	case k.IsFloat():
		x, err := strconv.ParseFloat(a, 64)
		if err != nil {
			return fmt.Errorf("want a number, not %q", a)
		}
		return v.Set(x)
	case k == types.KindLongDouble:
		// Read exactly, then rounded once to the long double.
		if x, _, err := big.ParseFloat(a, 0, 20000, big.ToNearestEven); err == nil {
			return v.Set(x)
		}
		x, err := strconv.ParseFloat(a, 64) // nan
		if err != nil {
			return fmt.Errorf("want a number, not %q", a)
		}
		return v.Set(x)
	case k.IsSigned() || k == types.KindChar || k == types.KindWChar:
		n, err := strconv.ParseInt(a, 0, 64)
		if err != nil {
			return fmt.Errorf("want an integer, not %q", a)
		}
		return v.Set(n)
	case k.IsInteger():
		n, err := strconv.ParseUint(a, 0, 64)
		if err != nil {
			return fmt.Errorf("want an unsigned integer, not %q", a)
		}
		return v.Set(n)
	}
	return v.Set(a)
}

// setJSON sets v from JSON text (or, for a scalar, plain text).
func setJSON(v *types.Value, a string) error {
	k := v.Type().Kind()
	if k.IsScalar() && k != types.KindCharP {
		return setScalar(v, strings.Trim(a, `"`))
	}
	dec := json.NewDecoder(strings.NewReader(a))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		if k == types.KindArray || k == types.KindCharP {
			return v.Set(a) // a char array or char* from plain text
		}
		return fmt.Errorf("want JSON for %s: %v", v.Type().Name(), err)
	}
	return setAny(v, x)
}

func setAny(v *types.Value, x any) error {
	t := v.Type()
	switch t.Kind() {
	case types.KindStruct, types.KindUnion:
		switch x := x.(type) {
		case map[string]any:
			for name, fx := range x {
				fv := v.Field(name)
				if err := fv.Err(); err != nil {
					return err
				}
				if err := setAny(fv, fx); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
			}
			return nil
		case []any:
			if len(x) > len(t.Fields()) {
				return fmt.Errorf("%d values for the %d fields of %s", len(x), len(t.Fields()), t.Name())
			}
			for i, fx := range x {
				if err := setAny(v.FieldAt(i), fx); err != nil {
					return fmt.Errorf("%s: %w", t.Fields()[i].Name, err)
				}
			}
			return nil
		}
		return fmt.Errorf("want a JSON object or array for %s", t.Name())
	case types.KindArray:
		if s, ok := x.(string); ok {
			return v.Set(s)
		}
		xs, ok := x.([]any)
		if !ok {
			return fmt.Errorf("want a JSON array for %s", t.Name())
		}
		if len(xs) > t.Len() {
			return fmt.Errorf("%d values for %s", len(xs), t.Name())
		}
		for i, ex := range xs {
			if err := setAny(v.Index(i), ex); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	}
	switch x := x.(type) {
	case json.Number:
		return setScalar(v, x.String())
	case string:
		if t.Kind() == types.KindCharP || t.Kind() == types.KindWCharP {
			return v.Set(x)
		}
		return setScalar(v, x)
	case bool:
		return v.Set(x)
	case nil:
		return v.Set(nil)
	}
	return fmt.Errorf("cannot store %T in %s", x, t.Name())
}

// format prints a call result or an out-parameter.
func format(x any) (string, error) {
	switch x := x.(type) {
	case *types.Value:
		j, err := toJSON(x)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		writeJSON(&b, j)
		return b.String(), nil
	case float64:
		return types.PyFloat(x), nil
	case string:
		return x, nil
	case nil:
		return "null", nil
	case uintptr:
		return fmt.Sprintf("%#x", x), nil
	case byte:
		return strconv.Quote(string(rune(x))), nil
	case rune:
		return strconv.Quote(string(x)), nil
	}
	return fmt.Sprint(x), nil
}

// field is one member of a JSON object, kept in declaration order.
type field struct {
	name string
	val  any
}

// toJSON turns a Value into Go values for writeJSON: []field for structs,
// []any for arrays.
func toJSON(v *types.Value) (any, error) {
	t := v.Type()
	switch t.Kind() {
	case types.KindLongDouble:
		// The shortest decimal that reads back as this long double.
		if x, err := v.BigFloat(); err == nil && !x.IsInf() {
			return json.Number(x.Text('g', -1)), nil
		}
		return v.Float() // inf, nan
	case types.KindStruct, types.KindUnion:
		var fs []field
		for i, f := range t.Fields() {
			if f.Name == "" {
				continue
			}
			fx, err := toJSON(v.FieldAt(i))
			if err != nil {
				return nil, err
			}
			fs = append(fs, field{f.Name, fx})
		}
		return fs, nil
	case types.KindArray:
		if ek := t.Elem().Kind(); ek == types.KindChar || ek == types.KindWChar {
			return v.Get()
		}
		xs := make([]any, t.Len())
		for i := range xs {
			x, err := toJSON(v.Index(i))
			if err != nil {
				return nil, err
			}
			xs[i] = x
		}
		return xs, nil
	case types.KindPointer:
		a, err := v.Address()
		return uintptr(a), err
	}
	return v.Get()
}

func writeJSON(b *bytes.Buffer, x any) {
	switch x := x.(type) {
	case []field:
		b.WriteByte('{')
		for i, f := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%q: ", f.name)
			writeJSON(b, f.val)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case float64:
		b.WriteString(types.PyFloat(x))
	case json.Number:
		b.WriteString(string(x))
	case string:
		s, _ := json.Marshal(x)
		b.Write(s)
	case byte:
		s, _ := json.Marshal(string(rune(x)))
		b.Write(s)
	case rune:
		s, _ := json.Marshal(string(x))
		b.Write(s)
	case nil:
		b.WriteString("null")
	case uintptr:
		fmt.Fprintf(b, "%d", x)
	default:
		fmt.Fprint(b, x)
	}
}
