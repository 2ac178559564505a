package types

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// Sentinel errors; every error this package returns wraps one of them, so
// callers can test with errors.Is.
var (
	// ErrType reports an invalid type definition (a bad field, a negative
	// array length, an unsupported bitfield type).
	ErrType = errors.New("types: invalid type")
	// ErrConvert reports a Go value that cannot be converted to a C type.
	ErrConvert = errors.New("types: cannot convert")
	// ErrRange reports a Go value out of the range of a C type, or an index
	// out of an array's bounds.
	ErrRange = errors.New("types: out of range")
	// ErrNull reports a dereference of a NULL pointer.
	ErrNull = errors.New("types: NULL pointer")
	// ErrNoField reports a field name the struct or union does not have.
	ErrNoField = errors.New("types: no such field")
)

// ConvError describes a Go value that cannot be stored in a C type. It
// wraps [ErrConvert] or [ErrRange].
type ConvError struct {
	Type   *Type  // the C type
	GoType string // the Go type of the value given, e.g. "float64"
	Value  string // the value, when short enough to print
	Reason string // why, e.g. "out of range"
	Err    error  // ErrConvert or ErrRange
}

// Error describes the error.
func (e *ConvError) Error() string {
	tn := "<nil>"
	if e.Type != nil {
		tn = e.Type.name
	}
	s := fmt.Sprintf("expected %s, got %s", tn, e.GoType)
	if e.Value != "" {
		s += " " + e.Value
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Unwrap returns ErrConvert or ErrRange.
func (e *ConvError) Unwrap() error { return e.Err }

func convErr(t *Type, x any, reason string) error {
	return &ConvError{Type: t, GoType: goTypeName(x), Reason: reason, Err: ErrConvert}
}

// rangeErr reports an integer (mag, neg) out of the range of t. The value
// is formatted from the numbers, never from x: x must not escape (see the
// ffi package's call path).
func rangeErr(t *Type, x any, mag uint64, neg bool) error {
	v := strconv.FormatUint(mag, 10)
	if neg {
		v = "-" + v
	}
	return &ConvError{Type: t, GoType: goTypeName(x), Value: v, Reason: "out of range for " + t.name, Err: ErrRange}
}

func floatRangeErr(t *Type, x any, f float64) error {
	return &ConvError{Type: t, GoType: goTypeName(x), Value: strconv.FormatFloat(f, 'g', -1, 64), Reason: "out of range for " + t.name, Err: ErrRange}
}

func goTypeName(x any) string {
	if x == nil {
		return "nil"
	}
	if v, ok := x.(*Value); ok && v != nil && v.typ != nil {
		return "*types.Value of " + v.typ.name
	}
	return reflect.TypeOf(x).String() // reads only the type word: x does not escape
}

// stackPointer is why an unsafe.Pointer into the calling goroutine's stack
// is refused (PointerBits): the stack moves when it grows, during a
// callback into Go for one, and C would keep the old address.
const stackPointer = "it points into the calling goroutine's stack, which moves when it grows " +
	"(in a callback into Go, for one) while C would keep the old address; " +
	"pass heap memory (new, make), a slice, a typed pointer (copied in and out) or a *types.Value"
