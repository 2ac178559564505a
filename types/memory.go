package types

import (
	"fmt"
	"unsafe"
)

// StringAt returns a copy of the C string at addr, like ctypes.string_at:
// size bytes, or up to the first NUL when size < 0. addr 0 is an [ErrNull]
// error; any other address must be valid for reading.
func StringAt(addr uintptr, size int) (string, error) {
	if addr == 0 {
		return "", fmt.Errorf("%w: StringAt(0)", ErrNull)
	}
	if size < 0 {
		return cString(addr), nil
	}
	if err := checkSpan("StringAt", addr, size); err != nil {
		return "", err
	}
	return string(unsafe.Slice((*byte)(addrPtr(addr)), size)), nil
}

// checkSpan refuses n bytes at addr that would run past the end of the
// address space: no memory holds them, and unsafe.Slice would panic.
func checkSpan(what string, addr uintptr, n int) error {
	if n > 0 && uint64(n-1) > uint64(^uintptr(0)-addr) {
		return fmt.Errorf("%w: %s: %d bytes at %#x run past the end of the address space", ErrRange, what, n, addr)
	}
	return nil
}

// WStringAt returns the wide (wchar_t) string at addr as a Go string, like
// ctypes.wstring_at: size characters, or up to the first NUL when size < 0.
func WStringAt(addr uintptr, size int) (string, error) {
	if addr == 0 {
		return "", fmt.Errorf("%w: WStringAt(0)", ErrNull)
	}
	return wString(addr, size), nil
}

// addressOf accepts what Memmove and Memset take: a *Value (its memory), a
// Ref, a uintptr, an unsafe.Pointer or a []byte.
func addressOf(x any) (uintptr, error) {
	switch v := x.(type) {
	case *Value:
		if err := v.check(); err != nil {
			return 0, err
		}
		return uintptr(v.ptr), nil
	case Ref:
		return v.Addr(), nil
	case uintptr:
		return v, nil
	case unsafe.Pointer:
		return uintptr(v), nil
	case []byte:
		return uintptr(sliceAddr(v)), nil
	}
	return 0, fmt.Errorf("%w: %T is not an address", ErrConvert, x)
}

// Memmove copies n bytes from src to dst, which may overlap, like
// ctypes.memmove. dst and src are *Value, Ref, uintptr, unsafe.Pointer or
// []byte. When either side is a *Value or a []byte, n is checked against
// its size.
func Memmove(dst, src any, n int) error {
	d, err := addressOf(dst)
	if err != nil {
		return fmt.Errorf("Memmove dst: %w", err)
	}
	s, err := addressOf(src)
	if err != nil {
		return fmt.Errorf("Memmove src: %w", err)
	}
	if err := checkRoom("Memmove dst", dst, n); err != nil {
		return err
	}
	if err := checkRoom("Memmove src", src, n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if d == 0 || s == 0 {
		return fmt.Errorf("%w: Memmove with a NULL address", ErrNull)
	}
	if err := checkSpan("Memmove dst", d, n); err != nil {
		return err
	}
	if err := checkSpan("Memmove src", s, n); err != nil {
		return err
	}
	copy(unsafe.Slice((*byte)(addrPtr(d)), n), unsafe.Slice((*byte)(addrPtr(s)), n))
	return nil
}

// Memset fills n bytes at dst with c, like ctypes.memset.
func Memset(dst any, c byte, n int) error {
	d, err := addressOf(dst)
	if err != nil {
		return fmt.Errorf("Memset dst: %w", err)
	}
	if err := checkRoom("Memset dst", dst, n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if d == 0 {
		return fmt.Errorf("%w: Memset with a NULL address", ErrNull)
	}
	if err := checkSpan("Memset dst", d, n); err != nil {
		return err
	}
	b := unsafe.Slice((*byte)(addrPtr(d)), n)
	for i := range b {
		b[i] = c
	}
	return nil
}

func checkRoom(what string, x any, n int) error {
	if n < 0 {
		return fmt.Errorf("%w: %s: negative length %d", ErrRange, what, n)
	}
	limit := -1
	switch v := x.(type) {
	case *Value:
		limit = int(v.typ.size)
	case Ref:
		if v.v != nil && v.v.typ != nil {
			limit = int(v.v.typ.size) - int(v.off)
		}
	case []byte:
		limit = len(v)
	}
	if limit >= 0 && n > limit {
		return fmt.Errorf("%w: %s: %d bytes do not fit in %d", ErrRange, what, n, limit)
	}
	return nil
}

// CreateStringBuffer returns a new mutable char array, like
// ctypes.create_string_buffer: from a string or []byte init it holds a copy
// plus a NUL terminator (len(init)+1 bytes); from an int, that many zero
// bytes. With both, size is the array's length and must be at least
// len(init) (with no room for the NUL when equal, as in ctypes). A
// negative size is an [ErrRange] error.
func CreateStringBuffer(init any, size ...int) (*Value, error) {
	var data []byte
	n, given := -1, false
	switch v := init.(type) {
	case string:
		data = []byte(v)
	case []byte:
		data = v
	case int:
		n, given = v, true
	default:
		return nil, fmt.Errorf("%w: CreateStringBuffer(%T): want a string, []byte or int size", ErrConvert, init)
	}
	if len(size) > 0 {
		n, given = size[0], true
	}
	if given && n < 0 {
		return nil, fmt.Errorf("%w: CreateStringBuffer: negative size %d", ErrRange, n)
	}
	if !given {
		n = len(data) + 1
	}
	if n < len(data) {
		return nil, fmt.Errorf("%w: CreateStringBuffer: %d bytes do not fit in %d", ErrRange, len(data), n)
	}
	t, err := ArrayOf(Char, n)
	if err != nil {
		return nil, err
	}
	v := New(t)
	copy(v.Bytes(), data)
	return v, nil
}

// CreateUnicodeBuffer returns a new mutable wchar_t array, like
// ctypes.create_unicode_buffer: from a string it holds its characters plus
// a NUL; from an int, that many zero characters. size, as for
// [CreateStringBuffer], is the length in characters.
func CreateUnicodeBuffer(init any, size ...int) (*Value, error) {
	var data []wcharUnit
	n, given := -1, false
	switch v := init.(type) {
	case string:
		data = wideString(v)
		data = data[:len(data)-1]
	case int:
		n, given = v, true
	default:
		return nil, fmt.Errorf("%w: CreateUnicodeBuffer(%T): want a string or int size", ErrConvert, init)
	}
	if len(size) > 0 {
		n, given = size[0], true
	}
	if given && n < 0 {
		return nil, fmt.Errorf("%w: CreateUnicodeBuffer: negative size %d", ErrRange, n)
	}
	if !given {
		n = len(data) + 1
	}
	if n < len(data) {
		return nil, fmt.Errorf("%w: CreateUnicodeBuffer: %d characters do not fit in %d", ErrRange, len(data), n)
	}
	t, err := ArrayOf(WChar, n)
	if err != nil {
		return nil, err
	}
	v := New(t)
	for i, r := range data {
		storeBits(unsafe.Add(v.ptr, uintptr(i)*wcharSize), wcharSize, uint64(uint32(r)), false)
	}
	return v, nil
}
