// Package ffi loads shared libraries at run time and calls their C
// functions from Go, the way Python's ctypes does, without cgo: a program
// using it builds with CGO_ENABLED=0. The C types, and C memory, are the
// types package's.
//
//	lib, _ := ffi.CDLL("libm.so.6")
//	sin, _ := lib.Func("sin")
//	sin.Restype = types.Double
//	sin.Argtypes = []*types.Type{types.Double}
//	y, _ := ffi.CallAs[float64](sin, 1.0)
//
// # How a C function is called
//
//  1. Load (library.go, dlopen_*.go): [CDLL] opens the shared object with
//     dlopen (LoadLibrary on Windows); [Library.Close] marks it closed and
//     leaves dlclose to a cleanup that runs once nothing can call into it
//     (libstate.go).
//  2. Look up (library.go, func.go, typed.go): [Library.Func] finds the
//     symbol and makes a [Func], whose Restype and Argtypes say its C
//     signature; [Fn1] and its kin bind a Go func type instead, whose
//     parameter types give the signature (gotype.go maps Go types to C
//     types and refuses, once, any Go type whose memory C must not get;
//     typed_options.go takes the C types a binding declares where its Go
//     types cannot say them, a union or a packed struct, and checks that
//     the Go types hold them).
//  3. Plan (plan.go, layout.go, engine.go, prepcache.go): on the first
//     call after the signature changed (when a typed binding is made), the
//     signature is turned into a plan, shared by the Funcs that declare
//     it (prepcache.go): for each argument how its Go value converts, and
//     the engine's plan of the C signature (engine.go is the seam; one
//     plan per C signature, shared by all its functions):
//     internal/callconv for System V x86-64 classifies it once into moves,
//     each loading one register or stack word from an argument's C value;
//     libffi.go prepares a libffi call interface elsewhere, through
//     internal/libffi.
//  4. Convert (args.go, call.go, typed.go): each Go argument becomes the
//     address of its C value. A Go value already in C's representation
//     (every typed-binding argument but strings and funcs, a float64 for a
//     double, an int32 for an int, a Go struct of the C layout, a
//     types.Value) is passed where it is; numbers needing a range check,
//     pointers, strings (NUL-terminated copies) and callbacks (their C
//     function pointer) are converted into words of the caller's frame.
//     When every argument of a Func.Call or CallAs already is its C value
//     in its interface (boxed.go), the engine reads them through the
//     caller's []any itself. A Go pointer given for an output parameter
//     (&n for an int*) reaches C as a copy the engine makes on the system
//     stack and writes back (outparams.go), or, where the engine cannot,
//     through the plan's cells (args.go). An unsafe.Pointer passes as it
//     is, unless it points into the calling goroutine's stack, which is
//     refused (internal/gostack; boxed.go, call.go, types.PointerBits).
//  5. Keep alive (args.go, call.go): Go memory whose address C gets is
//     kept alive, and on the heap, until C returns; none of it holds a Go
//     pointer unless pinned (a types.Value pins what its pointer fields
//     point to).
//  6. Call (engine.go, direct.go): one call, invoker.Invoke, for
//     Func.Call, CallAs and typed bindings alike: the engine reads the
//     arguments' C values (callconv's assembly runs the plan's moves) and
//     calls the function through runtime.cgocall, as cgo does. Where the
//     plan says how its result comes back (in eax, rax or xmm0, in two
//     registers, in memory), the call is the plan's direct call of that
//     result (callconv.Plan.Direct), Invoke without its choices, inlined
//     for a scalar; a leaf plan's is its trampoline (leaf.go).
//  7. Convert back (result.go, resultword.go, call.go): the engine stores
//     the result's C value where it was asked to, and it becomes the Go
//     result ([Func.Call] boxes a number in a word of a per-P slab and
//     returns a struct in a types.Value; [CallAs] and typed bindings have
//     it stored in the Go type asked for, checked before the call). An
//     Errcheck gets copies of the arguments that it may keep
//     (errcheck.go): the arguments of Func.Call and CallAs do not escape.
//
// Callbacks go the other way (callback.go, callback_registry.go, and per
// platform callback_entry_*.go and callback_dispatch_*.go): a C function
// pointer whose entry decodes the C arguments with the callback's own
// plan, runs the Go function and encodes its result. errno.go and
// errno_thread.go give the errno of a call, typed_errno.go that of a typed
// call (a WithErrno result).
package ffi
