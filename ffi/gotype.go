package ffi

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/purectypes/ctypes/types"
)

// gkind is how a Go value of a bound signature moves into a call.
type gkind uint8

// goCType maps a Go type to the C type a bound signature uses for it.
func goCType(t reflect.Type) (*types.Type, gkind, error) {
	if t == reflect.TypeFor[*Callback]() {
		return types.VoidP, gFuncPtr, nil // a callback passes as its C function pointer
	}
	if t == reflect.TypeFor[*types.Value]() {
		return types.VoidP, gValue, nil // a Value passes as the address of its memory
	}
	switch t.Kind() {
	case reflect.Int8:
		return types.Int8, gInt8, nil
	case reflect.Uint8:
		return types.Uint8, gUint8, nil
	case reflect.Int16:
		return types.Int16, gInt16, nil
	case reflect.Uint16:
		return types.Uint16, gUint16, nil
	case reflect.Int32:
		return types.Int32, gInt32, nil
	case reflect.Uint32:
		return types.Uint32, gUint32, nil
	case reflect.Int64:
		return types.Int64, gInt64, nil
	case reflect.Uint64:
		return types.Uint64, gInt64, nil
	case reflect.Int:
		return types.Long, gInt64, nil
	case reflect.Uint:
		return types.ULong, gInt64, nil
	case reflect.Uintptr, reflect.UnsafePointer:
		return types.VoidP, gInt64, nil
	case reflect.Float32:
		return types.Float, gFloat32, nil
	case reflect.Float64:
		return types.Double, gFloat64, nil
	case reflect.Bool:
		return types.Bool, gBool, nil
	case reflect.String:
		return types.CharP, gString, nil
	case reflect.Slice:
		if err := cMemory(t.Elem()); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", t, err)
		}
		e, err := memCType(t.Elem())
		if err != nil {
			return nil, 0, fmt.Errorf("slice element: %w", err)
		}
		return types.PointerTo(e), gSlice, nil
	case reflect.Pointer:
		if err := cMemory(t.Elem()); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", t, err)
		}
		e, err := memCType(t.Elem())
		if err != nil {
			return nil, 0, fmt.Errorf("pointer element: %w", err)
		}
		return types.PointerTo(e), gPtr, nil
	case reflect.Array:
		e, err := memCType(t.Elem())
		if err != nil {
			return nil, 0, err
		}
		a, err := types.ArrayOf(e, t.Len())
		return a, gStruct, err
	case reflect.Struct:
		c, err := goStructType(t)
		return c, gStruct, err
	case reflect.Func:
		if _, err := callbackFuncSig(t); err != nil {
			if i := argIndex(err); i > 0 {
				return nil, 0, fmt.Errorf("Go func type %s as a callback: parameter %d: %w", t, i, err)
			}
			return nil, 0, fmt.Errorf("Go func type %s as a callback: %w", t, err)
		}
		return types.VoidP, gGoFunc, nil
	}
	return nil, 0, fmt.Errorf("Go type %s has no C equivalent", t)
}

// memCType is goCType for a Go type in memory that C reads or writes (a
// struct field; an array, slice or pointer element), where its size must
// be its C type's: a Go int or uint is not a long where long is 4 bytes
// (Win64), though by value it converts.
func memCType(t reflect.Type) (*types.Type, error) {
	c, _, err := goCType(t)
	if err != nil {
		return nil, err
	}
	if c.Size() != t.Size() {
		return nil, fmt.Errorf("Go %s is %d bytes, its C type %s is %d here; in memory use a Go type of the C size (int32 for a 4-byte long)", t, t.Size(), c.Name(), c.Size())
	}
	return c, nil
}

// goStructType builds the C struct of a Go struct and checks that the two
// layouts agree field by field.
func goStructType(t reflect.Type) (*types.Type, error) {
	fields := make([]types.Field, t.NumField())
	for i := range fields {
		sf := t.Field(i)
		if err := cMemory(sf.Type); err != nil {
			return nil, fmt.Errorf("Go struct %s: field %s: %w", t, sf.Name, err)
		}
		ft, err := memCType(sf.Type)
		if err != nil {
			return nil, fmt.Errorf("Go struct %s: field %s: %w", t, sf.Name, err)
		}
		fields[i] = types.F(sf.Name, ft)
	}
	name := t.Name()
	if name == "" {
		name = t.String()
	}
	c, err := types.StructOf(name, fields)
	if err != nil {
		return nil, err
	}
	if c.Size() != t.Size() || c.Align() != uintptr(t.Align()) {
		return nil, fmt.Errorf("Go struct %s is %d bytes aligned to %d, the C struct is %d aligned to %d", t, t.Size(), t.Align(), c.Size(), c.Align())
	}
	for i, f := range c.Fields() {
		if off := t.Field(i).Offset; off != f.Offset {
			return nil, fmt.Errorf("Go struct %s: field %s is at offset %d in Go, %d in C", t, f.Name, off, f.Offset)
		}
	}
	return c, nil
}

// callbackFuncSig returns the C function type of a Go func type used as a
// callback (see NewCallbackFunc). Its errors say what is wrong (the caller
// adds ErrSignature), as an *argSigError where one parameter is at fault.
func callbackFuncSig(ft reflect.Type) (*types.Type, error) {
	if ft.IsVariadic() || ft.NumOut() > 1 {
		return nil, fmt.Errorf("%s: a callback takes fixed arguments and returns at most one result", ft)
	}
	// A *T parameter is the address C passes, C memory or Go memory that
	// C was handed and the caller keeps alive (T has C's layout, checked
	// by goCType); a *T result would hand C a Go pointer it may keep.
	check := func(t reflect.Type, result bool) (*types.Type, error) {
		c, k, err := goCType(t)
		switch {
		case err != nil:
		case k == gPtr && result:
			err = fmt.Errorf("Go type %s: a callback must not return a Go pointer to C; return uintptr or unsafe.Pointer", t)
		case k == gString || k == gSlice || k == gValue:
			err = fmt.Errorf("Go type %s holds Go pointers; use uintptr or unsafe.Pointer", t)
		case k == gGoFunc:
			err = fmt.Errorf("Go type %s: a callback receives a C function pointer as uintptr (call it through FuncOf)", t)
		}
		return c, err
	}
	argtypes := make([]*types.Type, ft.NumIn())
	for i := range argtypes {
		c, err := check(ft.In(i), false)
		if err != nil {
			return nil, &argSigError{arg: i + 1, err: err}
		}
		argtypes[i] = c
	}
	var rt *types.Type
	if ft.NumOut() == 1 {
		c, err := check(ft.Out(0), true)
		if err != nil {
			return nil, fmt.Errorf("result: %w", err)
		}
		rt = c
	}
	return types.FuncType(rt, argtypes...), nil
}

// argSigError is a signature error due to parameter arg (1-based).
type argSigError struct {
	arg int
	err error
}

// Error describes the error.
func (e *argSigError) Error() string { return e.err.Error() }

// Unwrap returns the sentinel or cause the error wraps, for errors.Is and errors.As.
func (e *argSigError) Unwrap() error { return e.err }

// argIndex is the parameter an error of callbackFuncSig blames, or 0.
func argIndex(err error) int {
	var a *argSigError
	if errors.As(err, &a) {
		return a.arg
	}
	return 0
}

const (
	gInt8 gkind = iota + 1
	gUint8
	gInt16
	gUint16
	gInt32
	gUint32
	gInt64 // also int, uintptr, unsafe.Pointer: one machine word
	gFloat32
	gFloat64
	gBool
	gString // const char*: a NUL-terminated copy
	gSlice  // []T: the address of the first element
	gPtr    // *T: the address (the pointee is forced onto the heap)
	gStruct // a Go struct with the C layout, by value
	gFuncPtr
	gGoFunc // a Go func: the C function pointer of a callback made for it
	gValue  // a *types.Value: the address of its memory (typed_options.go)
)

// errGoPointers is what cMemory reports.
var errGoPointers = errors.New("holds Go pointers or Go headers, which C must not receive as C data")

// cMemory is the one check of what Go memory may be handed to C as C
// data, for every path that hands it (typed bindings' slices and pointers,
// Go structs by value and by reference, callbacks' parameters): a value of
// type t must have C's layout and hold no Go pointer, as cgo's rules say.
// Strings, slices, maps, interfaces, channels, funcs and Go pointers are
// refused, directly or inside arrays and structs; unsafe.Pointer and
// uintptr pass (addresses the caller vouches for, as with cgo).
func cMemory(t reflect.Type) error {
	switch t.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.Pointer:
		return fmt.Errorf("Go type %s %w; use uintptr or unsafe.Pointer for an address", t, errGoPointers)
	case reflect.Array:
		if err := cMemory(t.Elem()); err != nil {
			return err
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if err := cMemory(t.Field(i).Type); err != nil {
				return fmt.Errorf("field %s: %w", t.Field(i).Name, err)
			}
		}
	}
	return nil
}
