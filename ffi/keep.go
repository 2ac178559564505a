package ffi

import "unsafe"

// The Go memory one call's arguments needed made (string copies, heap
// copies of array arguments), kept until C returns.

// keepSet holds the Go memory made for one call's arguments (string
// copies) until C returns: two in place, more in a slice. The memory is on
// the heap (escapes), as C gets its address.
type keepSet struct {
	few    [2]unsafe.Pointer
	n      int
	more   []unsafe.Pointer
	copies []arrayCopy // CallAs's array pointers copied for the call (arrayArg)
}

func (k *keepSet) add(p unsafe.Pointer) {
	escapes(p)
	if k.n < len(k.few) {
		k.few[k.n] = p
		k.n++
		return
	}
	k.more = append(k.more, p)
}

// arrayCopy is a *[N]G argument of CallAs copied into heap memory for the
// call (see arrayarg.go), copied back after it to the array
// argument arg points to (read again from the arguments after the call:
// the stack may have moved).
type arrayCopy struct {
	arg  int
	tmp  unsafe.Pointer
	size uintptr
}

// addCopy records an array argument's heap copy.
func (k *keepSet) addCopy(arg int, tmp unsafe.Pointer, size uintptr) {
	k.copies = append(k.copies, arrayCopy{arg: arg, tmp: tmp, size: size})
}

// copyBack copies the heap copies of array arguments back to the arrays.
func (k *keepSet) copyBack(args []any) {
	for _, c := range k.copies {
		dst := (*eface)(unsafe.Pointer(&args[c.arg])).data
		copy(unsafe.Slice((*byte)(dst), c.size), unsafe.Slice((*byte)(c.tmp), c.size))
	}
}
