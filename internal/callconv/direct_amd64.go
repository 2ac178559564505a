//go:build linux && amd64

package callconv

import "unsafe"

// Direct calls: Invoke's two commonest ways, as calls small enough to be
// inlined into their caller (ffi's typed closures), so that a typed call
// of a scalar result has one Go frame between the caller and
// runtime.cgocall, as a cgo call has. What Invoke's frame being below ret
// is for (execFrame.sp: out copies, results in memory) does not concern
// them: their trampolines read the frame before the C call and write
// nothing to Go memory but the frame itself (a register caller follows
// the goroutine stack, compileRegsCaller).
const (
	DirectNone  uint8 = iota // the plan is called through Invoke
	DirectRet32              // CallRet32: a void result, or an integer of at most 4 bytes
	DirectRAX                // CallRAX: the result in rax (4 or 8 bytes)
	DirectXMM0               // CallXMM0: the result in xmm0 (4 or 8 bytes)
	DirectPair               // CallPair: a 16-byte aggregate in two registers
	DirectMem                // CallMem: a MEMORY-class result
)

// Direct returns how p can be called directly, or DirectNone.
func (p *Plan) Direct() uint8 {
	switch {
	case p.retOp == retEAX || p.retOp == retEAX4:
		return DirectRet32
	case p.regsCaller && (p.retOp == retRAX8 || p.retOp == retRAX4):
		return DirectRAX
	case p.regsCaller && (p.retOp == retXMM8 || p.retOp == retXMM4):
		return DirectXMM0
	case p.regsCaller && p.retOp == retPair:
		return DirectPair
	case p.ret == retMemory && p.outRecs == nil:
		return DirectMem
	}
	return DirectNone
}

// CallRet32 calls fn with the arguments at args, as Invoke does, for a
// plan of DirectRet32: the result is the low bytes of what it returns.
func (p *Plan) CallRet32(fn uintptr, args unsafe.Pointer) int32 {
	fr := execFrame32{fn: fn, args: args, hdr: &p.hdr}
	return runtime_cgocall(p.exec, unsafe.Pointer(&fr))
}

// CallRAX calls fn with the arguments at args, as Invoke does, for a
// plan of DirectRAX, and returns rax after the call: the result is its
// low bytes.
func (p *Plan) CallRAX(fn uintptr, args unsafe.Pointer) uint64 {
	fr := directFrame{fn: fn, args: args, hdr: &p.hdr}
	runtime_cgocall(p.exec, unsafe.Pointer(&fr))
	return fr.rax
}

// CallXMM0 is CallRAX for a plan of DirectXMM0: it returns xmm0.
func (p *Plan) CallXMM0(fn uintptr, args unsafe.Pointer) uint64 {
	fr := directFrame{fn: fn, args: args, hdr: &p.hdr}
	runtime_cgocall(p.exec, unsafe.Pointer(&fr))
	return fr.xmm0
}

// CallPair calls fn with the arguments at args, as Invoke does, for a
// plan of DirectPair, and stores the result's two eightbytes at ret, from
// the registers the plan says (Plan.pair: their byte offsets in the
// frame's registers). (Too big to inline: Invoke without its choices.)
func (p *Plan) CallPair(fn uintptr, args, ret unsafe.Pointer) {
	fr := directFrame{fn: fn, args: args, hdr: &p.hdr}
	runtime_cgocall(p.exec, unsafe.Pointer(&fr))
	r := unsafe.Pointer(&fr.rax)
	*(*[2]uint64)(ret) = [2]uint64{*(*uint64)(unsafe.Add(r, p.pair[0])), *(*uint64)(unsafe.Add(r, p.pair[1]))}
}

// CallMem calls fn with the arguments at args, as Invoke does, for a plan
// of DirectMem: the trampoline copies the result to ret. Like Invoke it is
// not inlined: its frame lies below every frame that can hold ret
// (execFrame.sp).
//
//go:noinline
func (p *Plan) CallMem(fn uintptr, args, ret unsafe.Pointer) {
	fr := execFrame{fn: fn, args: args, hdr: &p.hdr, ret: ret}
	fr.sp = uintptr(unsafe.Pointer(&fr))
	runtime_cgocall(p.exec, unsafe.Pointer(&fr))
}

// directFrame is execFrameR with its registers named: an array's element
// costs the inliner more than a field, and CallRAX would be over budget.
type directFrame struct {
	fn                   uintptr
	args                 unsafe.Pointer
	hdr                  *execHdr
	rax, rdx, xmm0, xmm1 uint64
}

var _ = [1]struct{}{}[unsafe.Sizeof(directFrame{})-unsafe.Sizeof(execFrameR{})+
	unsafe.Offsetof(directFrame{}.rax)-unsafe.Offsetof(execFrameR{}.res)+
	unsafe.Offsetof(directFrame{}.xmm0)-unsafe.Offsetof(execFrameR{}.res)-16]
