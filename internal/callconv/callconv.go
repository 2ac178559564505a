// Package callconv is the fast call engine: it places a C call's arguments
// in registers and stack slots itself, per the platform's C calling
// convention, and calls the function through a small assembly trampoline
// run with runtime.cgocall, as cgo does. The classification work happens
// once per signature (NewPlan) into moves, each loading one register or
// stack word from an argument's C value; a call ([Plan.Invoke]) runs them.
//
// It exists for speed: libffi's ffi_call reached through purego costs
// several times a cgo call. Where the engine is not implemented (Supported
// is false) the ffi package uses libffi.
//
// The unsafe part is small: the trampolines (exec_amd64.s, leaf_amd64.s),
// the loaders (the moves as code, loader_amd64.go), the linkname to
// runtime.cgocall (cgocall.go) and the copies between Go memory and the
// frame in this package. Everything above it is safe Go.
//
// The engines: System V x86-64 on linux/amd64 (plan_amd64.go,
// invoke_amd64.go, exec_amd64.s, loader_amd64.go, leaf_amd64.go/.s,
// callback_amd64.go/.s) and AAPCS64 on linux/arm64 and, in
// Apple's variant, darwin/arm64 (classify_aapcs64.go, the classifier in
// plain Go; plan_arm64.go, call_arm64.s, callback_arm64.go/.s).
package callconv

// Leaf is one scalar inside an aggregate passed by value.
type Leaf struct {
	Offset uintptr // byte offset inside the aggregate
	Size   uintptr // 1, 2, 4 or 8 (a bitfield's storage unit counts as one integer leaf)
	Float  bool    // float (Size 4) or double (Size 8)
}

// Layout describes a C type as far as passing it is concerned.
type Layout struct {
	Size, Align uintptr
	Aggregate   bool   // struct, union or array passed or returned by value
	Float       bool   // scalar float or double (ignored for aggregates)
	Signed      bool   // scalar signed integer: extended with its sign when widened
	Leaves      []Leaf // aggregates only: every scalar inside, union members overlapping
	// MemberAlign, for aggregates, is the largest alignment of their
	// members (each member's type alignment, raised by an aligned
	// attribute of the member's own): AAPCS64 passes a composite by it,
	// not by an aligned attribute on the composite's type, which raises
	// Align only. 0 means Align.
	MemberAlign uintptr
	Void        bool // only valid as a return type
}

// OutCopy names an output parameter for a plan that copies it on the
// system stack (Plan.WithOutCopies, where the engine has it): argument
// Arg (0-based), a pointer to a scalar of Size bytes (1, 2, 4 or 8).
type OutCopy struct {
	Arg  int
	Size uintptr
}
