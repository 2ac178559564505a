//go:build linux && amd64

package ffi

// callbackEntryABI0 is the address of purectypes_callback_entry
// (callback_entry_amd64.s), the C entry of every closure.
var callbackEntryABI0 uintptr

// callbackEntryFunc holds callbackEntry as a func value, so that the
// assembly can take its code pointer (the ABIInternal entry cgocallback
// wants) from it.
var callbackEntryFunc = callbackEntry

// cbFrame is what purectypes_callback_entry passes: the closure's
// arguments, as libffi gives them.
type cbFrame struct {
	cif, ret, args, userData uintptr
}

// callbackEntry runs on the calling goroutine (or an extra M's) for every
// call of a closure.
func callbackEntry(f *cbFrame) {
	dispatch(f.cif, f.ret, f.args, f.userData)
}

// closureEntry returns the C function every closure calls.
func closureEntry() uintptr { return callbackEntryABI0 }
