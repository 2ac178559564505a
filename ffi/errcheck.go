package ffi

import (
	"reflect"
	"unsafe"

	"github.com/purectypes/ctypes/internal/gostack"
)

// The arguments Errcheck gets. Func.Call's arguments do not escape (as
// CallAs's do not): the compiler may keep their interface boxes, and the
// variables their Go pointers point to (&n for an int*), on the caller's
// stack. Errcheck may keep what it is given past the call, so it gets
// copies that live on the heap, made after C returned (keptArgs).

// keptArgs returns a copy of a call's arguments that Errcheck may keep: a
// pointer-shaped value as it is, except a Go pointer into the calling
// goroutine's stack, which becomes a pointer to a heap copy of what it
// points to as C left it; any other value in a heap box of its own.
// Errcheck's args[i] therefore holds what the caller passed, but writing
// through a pointer to a copy does not reach the caller's variable. (An
// unsafe.Pointer is passed on as it is: one into the stack was refused
// before the call.)
func keptArgs(args []any) []any {
	kept := make([]any, len(args))
	for i := range args {
		// Hidden from escape analysis: storing args[i] itself would move
		// every caller's arguments to the heap.
		a := *(*any)(noescape(unsafe.Pointer(&args[i])))
		kept[i] = keptArg(a)
	}
	return kept
}

func keptArg(a any) any {
	if a == nil {
		return nil
	}
	t := reflect.TypeOf(a)
	e := (*eface)(unsafe.Pointer(&a))
	switch {
	case t.Kind() == reflect.Pointer:
		if e.data == nil || !gostack.Contains(e.data) {
			return a // heap or static memory: it stays where it is
		}
		c := reflect.New(t.Elem())
		c.Elem().Set(reflect.NewAt(t.Elem(), e.data).Elem())
		return c.Interface()
	case directIface(t):
		return a // unsafe.Pointer, and types the call refuses (chan, map, func)
	}
	c := reflect.New(t)
	c.Elem().Set(reflect.ValueOf(a))
	return *(*any)(unsafe.Pointer(&eface{typ: e.typ, data: c.UnsafePointer()}))
}
