package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"unicode"
	"unicode/utf8"
)

// Bind looks up several of lib's functions at once and reports every
// failure in one error, so that a program binding a library's functions
// checks one error instead of one per function. dst points to a struct;
// each of its exported fields of one of these types is filled:
//
//   - *Func: lib.Func(name), whose Restype and Argtypes are then set as for
//     any Func;
//   - a func type: a typed binding of name, as [BindFunc] makes it (the Go
//     parameter and result types give the C signature).
//
// name is the field's `ffi:"name"` tag, or else the field's name with its
// first letter in lower case (Add binds "add", Titlecase "titlecase"). A
// field tagged `ffi:"-"`, or unexported, is left alone; a field of another
// type is an error. Every field that can be bound is, whatever the others
// do; the error joins one error per field that could not be (each names the
// field and wraps the cause: errors.Is(err, ErrSymbol) for a missing
// symbol).
//
//	var c struct {
//		Add, Swap *ffi.Func
//		Sin       func(float64) float64 `ffi:"sin"`
//	}
//	if err := lib.Bind(&c); err != nil {
//		return err
//	}
func (l *Library) Bind(dst any) error {
	pv := reflect.ValueOf(dst)
	if pv.Kind() != reflect.Pointer || pv.IsNil() || pv.Elem().Kind() != reflect.Struct {
		return &CallError{Library: l.name, Func: "Bind", Err: fmt.Errorf("%w: Bind wants a pointer to a struct, got %T", ErrSignature, dst)}
	}
	sv := pv.Elem()
	st := sv.Type()
	var errs []error
	for i := 0; i < st.NumField(); i++ {
		sf := st.Field(i)
		name, ok := bindName(sf)
		if !ok {
			continue
		}
		fv := sv.Field(i)
		switch {
		case sf.Type == reflect.TypeFor[*Func]():
			f, err := l.Func(name)
			if err != nil {
				errs = append(errs, fmt.Errorf("field %s: %w", sf.Name, err))
				continue
			}
			fv.Set(reflect.ValueOf(f))
		case sf.Type.Kind() == reflect.Func:
			if err := BindFunc(l, name, fv.Addr().Interface()); err != nil {
				errs = append(errs, fmt.Errorf("field %s: %w", sf.Name, err))
			}
		default:
			errs = append(errs, &CallError{Library: l.name, Func: name,
				Err: fmt.Errorf("%w: field %s is a %s: Bind fills *ffi.Func and func-typed fields", ErrSignature, sf.Name, sf.Type)})
		}
	}
	return errors.Join(errs...)
}

// bindName is the C name Bind gives struct field sf, and whether it binds
// sf at all.
func bindName(sf reflect.StructField) (string, bool) {
	if !sf.IsExported() {
		return "", false
	}
	tag, tagged := sf.Tag.Lookup("ffi")
	switch {
	case tag == "-":
		return "", false
	case tagged && tag != "":
		return tag, true
	}
	r, n := utf8.DecodeRuneInString(sf.Name)
	return string(unicode.ToLower(r)) + sf.Name[n:], true
}
