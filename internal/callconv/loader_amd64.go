//go:build linux && amd64

package callconv

import (
	"encoding/binary"
	"sync"
	"syscall"
	"unsafe"
)

// Loaders: the plan's moves compiled to machine code, once per distinct
// signature. A loader is what the trampolines' MOVES loop does, written
// out: for each move, two or three instructions loading the argument's
// pointer from the argument array and its value straight into its
// register or outgoing stack word, with no dispatch on the move's kind.
// It is derived from the moves (the plan stays the one description of the
// call) and falls back to them: a plan whose loader cannot be made (a
// kind of move it does not encode, code pages refused by the system) runs
// its moves in the trampoline's loop, which also remains the reference
// that the tests compare loaders with.
//
// Measured with callgrind (benchmarks, per call): the moves loop spends
// 14 to 20 instructions per move (a 14-argument cblas_dgemm 373 in the
// trampoline); a loader 2 or 3.
//
// The contract, known to exec_amd64.s and leaf_amd64.s: the trampoline
// CALLs the loader with R11 = the argument array (execFrame.args). The
// loader loads rdi, rsi, rdx, rcx, r8, r9 and xmm0-xmm7 as the plan's
// moves say, writes the outgoing stack words at 8(SP) and up (the caller's
// SP before the CALL: where the C function will find them), and returns.
// It uses R10 and RAX besides, and nothing else: the trampoline's
// callee-saved registers and its frame are untouched. The hidden pointer of
// a MEMORY-class result (rdi) is the trampoline's to set.
//
// Code pages are written, then made read+execute (never writable and
// executable at once), like the callback thunks; a page holds one loader
// and is never freed. Plans with the same moves share a loader, so the
// memory is a page per distinct signature, not per function.

// useLoaders makes NewPlan compile loaders; tests turn it off to run the
// moves loop instead.
var useLoaders = true

// maxLoader bounds a loader's code: one page.
const maxLoader = 4096

var loaders struct {
	sync.Mutex
	byMoves map[string]uintptr // the moves' bytes -> their loader
	page    []byte             // the rest of the current code mapping
}

// buildLoader sets p.loader to the loader of p's moves, made or found, or
// leaves it 0 if there is none.
// A plan without arguments gets one too, a bare return, so that its
// leaf form has a direct trampoline (LeafDirect) like any other's
// (measured: a leaf call of int64(void) through CallAs 488 instructions
// without it, through the general leaf path).
func (p *Plan) buildLoader() {
	if !useLoaders {
		return
	}
	key := movesKey(p.moves)
	loaders.Lock()
	defer loaders.Unlock()
	if addr, ok := loaders.byMoves[key]; ok {
		p.loader = addr
		return
	}
	code, ok := compileMoves(p.moves)
	if !ok {
		return
	}
	addr, err := placeCode(code)
	if err != nil {
		return
	}
	if loaders.byMoves == nil {
		loaders.byMoves = make(map[string]uintptr)
	}
	loaders.byMoves[string([]byte(key))] = addr
	p.loader = addr
}

// placeCode copies code into a page of its own and makes the page read+
// execute. The pages come from mappings of 16, mapped writable and sealed
// one at a time.
func placeCode(code []byte) (uintptr, error) {
	const pages = 16
	ps := syscall.Getpagesize()
	if len(code) > ps {
		return 0, syscall.E2BIG
	}
	if len(loaders.page) < ps {
		mem, err := syscall.Mmap(-1, 0, pages*ps, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			return 0, err
		}
		loaders.page = mem
	}
	pg := loaders.page[:ps:ps]
	copy(pg, code)
	if err := syscall.Mprotect(pg, syscall.PROT_READ|syscall.PROT_EXEC); err != nil {
		// Leave the page writable and unused; the plan keeps its moves.
		loaders.page = loaders.page[ps:]
		return 0, err
	}
	loaders.page = loaders.page[ps:]
	return uintptr(unsafe.Pointer(&pg[0])), nil
}

// Registers as x86-64 encodes them.
const (
	regAX  = 0
	regCX  = 1
	regDX  = 2
	regBX  = 3
	regSI  = 6
	regDI  = 7
	regR8  = 8
	regR9  = 9
	regR10 = 10
	regR11 = 11
)

// intArgReg maps the integer argument slots to their registers.
var intArgReg = [numInt]byte{regDI, regSI, regDX, regCX, regR8, regR9}

// asm is a loader being written.
type asm struct{ b []byte }

func (a *asm) bytes(bs ...byte) { a.b = append(a.b, bs...) }
func (a *asm) d32(v uint32)     { a.b = binary.LittleEndian.AppendUint32(a.b, v) }

// rex emits a REX prefix for a 64-bit (w) or 32-bit operation with reg and
// base as the ModRM reg and r/m registers, when one is needed.
func (a *asm) rex(w bool, reg, base byte) {
	r := byte(0x40)
	if w {
		r |= 8
	}
	r |= (reg >> 3) << 2
	r |= base >> 3
	if r != 0x40 {
		a.bytes(r)
	}
}

// modDisp emits ModRM (and SIB for an SP base) for reg, [base+disp32].
func (a *asm) modDisp(reg, base byte, disp uint32) {
	a.bytes(0x80 | (reg&7)<<3 | base&7)
	if base&7 == 4 { // rsp, r12: a SIB byte
		a.bytes(0x24)
	}
	a.d32(disp)
}

// load emits reg = the size bytes at [base+disp], extended as op says.
func (a *asm) load(op uint32, reg, base byte, disp uint32) {
	switch uint8(op) {
	case opW8:
		a.rex(true, reg, base)
		a.bytes(0x8B)
	case opS4:
		a.rex(true, reg, base)
		a.bytes(0x63)
	case opU4:
		a.rex(false, reg, base)
		a.bytes(0x8B)
	case opS2:
		a.rex(true, reg, base)
		a.bytes(0x0F, 0xBF)
	case opU2:
		a.rex(false, reg, base)
		a.bytes(0x0F, 0xB7)
	case opS1:
		a.rex(true, reg, base)
		a.bytes(0x0F, 0xBE)
	case opU1:
		a.rex(false, reg, base)
		a.bytes(0x0F, 0xB6)
	}
	a.modDisp(reg, base, disp)
}

// store emits the size bytes (8, 4, 2, 1) of reg to [base+disp].
func (a *asm) store(size uintptr, reg, base byte, disp uint32) {
	switch size {
	case 8:
		a.rex(true, reg, base)
		a.bytes(0x89)
	case 4:
		a.rex(false, reg, base)
		a.bytes(0x89)
	case 2:
		a.bytes(0x66)
		a.rex(false, reg, base)
		a.bytes(0x89)
	case 1:
		a.rex(false, reg, base)
		a.bytes(0x88)
	}
	a.modDisp(reg, base, disp)
}

// loadXMM emits xmm x = the 8 (opW8) or 4 (opU4) bytes at [base+disp].
func (a *asm) loadXMM(op uint32, x, base byte, disp uint32) bool {
	switch uint8(op) {
	case opW8: // movq xmm, m64
		a.bytes(0xF3)
		a.rex(false, x, base)
		a.bytes(0x0F, 0x7E)
	case opU4: // movd xmm, m32
		a.bytes(0x66)
		a.rex(false, x, base)
		a.bytes(0x0F, 0x6E)
	default:
		return false
	}
	a.modDisp(x, base, disp)
	return true
}

// gather emits rax = the n (< 8) bytes at [base+disp], zero-extended.
func (a *asm) gather(n uintptr, base byte, disp uint32) {
	a.bytes(0x31, 0xC0) // xor eax, eax
	for i := int(n) - 1; i >= 0; i-- {
		if i != int(n)-1 {
			a.bytes(0x48, 0xC1, 0xE0, 0x08) // shl rax, 8
		}
		a.rex(false, regAX, base) // mov al, [base+disp+i]
		a.bytes(0x8A)
		a.modDisp(regAX, base, disp+uint32(i))
	}
}

// compileMoves writes the loader of moves; false if one of them has no
// encoding here.
func compileMoves(moves []move) ([]byte, bool) {
	var a asm
	if !a.moves(moves, 8) { // past the return address
		return nil, false
	}
	a.bytes(0xC3) // ret
	return a.b, true
}

// moves appends the loads of moves, the stack words at rsp+stackBase and
// up; false if one of them has no encoding here.
func (a *asm) moves(moves []move, stackBase uint32) bool {
	const sp = 4 // rsp
	loaded := -1 // the argument whose pointer R10 holds
	for _, m := range moves {
		// The argument's C value is at base+argOff: R10 holding the
		// pointer read from the argument array, or, for a move marked
		// movAddr (boxed_amd64.go), R11 itself.
		base := byte(regR10)
		switch {
		case m.argOff&movAddr != 0:
			base = regR11
			m.off += m.argOff &^ movAddr
		case int(m.argOff) == loaded:
		default: // mov r10, [r11+argOff]
			a.rex(true, regR10, regR11)
			a.bytes(0x8B)
			a.modDisp(regR10, regR11, m.argOff)
			loaded = int(m.argOff)
		}
		slot := int(m.dstOff / 8)
		stackDisp := stackBase + uint32((slot-numRegs)*8)
		switch {
		case uint8(m.op) == opMem:
			if slot < numRegs {
				return false
			}
			n, k := uintptr(m.n), uintptr(0)
			for ; k+8 <= n; k += 8 {
				a.load(uint32(opW8), regAX, base, m.off+uint32(k))
				a.store(8, regAX, sp, stackDisp+uint32(k))
			}
			for _, w := range []struct {
				size uintptr
				op   uint8
			}{{4, opU4}, {2, opU2}, {1, opU1}} {
				if n-k >= w.size {
					a.load(uint32(w.op), regAX, base, m.off+uint32(k))
					a.store(w.size, regAX, sp, stackDisp+uint32(k))
					k += w.size
				}
			}
		case uint8(m.op) == opBytes:
			if m.n == 0 || m.n >= 8 {
				return false
			}
			a.gather(uintptr(m.n), base, m.off)
			switch {
			case slot < firstSSE: // mov reg, rax
				r := intArgReg[slot]
				a.rex(true, regAX, r)
				a.bytes(0x89, 0xC0|(r&7))
			case slot < numRegs: // movq xmm, rax
				a.bytes(0x66, 0x48, 0x0F, 0x6E, 0xC0|byte(slot-firstSSE)<<3)
			default:
				a.store(8, regAX, sp, stackDisp)
			}
		case slot < firstSSE:
			a.load(m.op, intArgReg[slot], base, m.off)
		case slot < numRegs:
			if !a.loadXMM(m.op, byte(slot-firstSSE), base, m.off) {
				return false
			}
		default:
			a.load(m.op, regAX, base, m.off)
			a.store(8, regAX, sp, stackDisp)
		}
		if len(a.b) > maxLoader-1 {
			return false
		}
	}
	return true
}

// Callers: for plans of exec_ret32 with a loader (a void or ≤32-bit
// integer result, the commonest), the whole trampoline is compiled too,
// the loads inline: exec_ret32's reading of the header, its test for a
// loader, the call of it and the spills of fn and %al around it are
// spared (24 instructions and the loader's call and return, against 8).
// A caller is what runtime.cgocall runs (Plan.exec) with DI = the
// execFrame32: it pushes rbp, keeps fn below it, reserves the stack words
// (16-byte rounded, so the C function is called with rsp 16-aligned),
// loads the argument registers and words from the argument array, sets
// %al and calls fn; C's eax is its result. Callers are deduplicated like
// loaders (same moves, stack words and %al), a page each.

var callers struct {
	sync.Mutex
	byKey map[string]uintptr
}

// buildCaller sets p.exec to p's caller, made or found, if p is a plan
// of exec_ret32 with a loader, or one with a loader whose result comes in
// registers (regsCaller); it leaves p.exec alone otherwise.
func (p *Plan) buildCaller() {
	if p.loader == 0 && (len(p.moves) > 0 || !useLoaders) {
		return // no loader: the trampoline's moves loop (a plan without arguments needs none)
	}
	regs := false
	switch {
	case p.exec == execRet32ABI0:
	case p.ret == retInt || p.ret == retSSE || p.ret == retParts:
		regs = true
	case p.ret == retMemory && p.retSize <= maxMemCaller:
		p.buildMemCaller()
		return
	default:
		return
	}
	key := movesKey(p.moves) + string([]byte{byte(p.nsse), byte(p.stackWords), byte(p.stackWords >> 8), b2b(regs)})
	compile := compileCaller
	if regs {
		compile = compileRegsCaller
	}
	if addr, ok := callerFor(key, func() ([]byte, bool) { return compile(p.moves, p.stackWords, p.nsse) }); ok {
		p.exec, p.regsCaller = addr, regs
	}
}

// callerFor returns the caller of key, compiled by compile and placed in
// a code page once; false if it cannot be made.
func callerFor(key string, compile func() ([]byte, bool)) (uintptr, bool) {
	callers.Lock()
	defer callers.Unlock()
	if addr, ok := callers.byKey[key]; ok {
		return addr, true
	}
	code, ok := compile()
	if !ok {
		return 0, false
	}
	loaders.Lock()
	addr, err := placeCode(code)
	loaders.Unlock()
	if err != nil {
		return 0, false
	}
	if callers.byKey == nil {
		callers.byKey = make(map[string]uintptr)
	}
	callers.byKey[key] = addr
	return addr, true
}

// movesKey is moves' bytes, the key of their loader and callers.
func movesKey(moves []move) string {
	if len(moves) == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Pointer(&moves[0])), len(moves)*int(unsafe.Sizeof(move{})))
}

func b2b(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// compileCaller writes the caller of a plan with these moves, nstack
// outgoing stack words and nsse vector registers.
func compileCaller(moves []move, nstack, nsse int) ([]byte, bool) {
	var a asm
	a.bytes(0x55)             // push rbp
	a.bytes(0x48, 0x89, 0xE5) // mov rbp, rsp
	if !a.call(moves, nstack, nsse, regDI, 0xF8, nil, 0) {
		return nil, false
	}
	a.bytes(0xC9) // leave
	a.bytes(0xC3) // ret
	return a.b, len(a.b) <= maxLoader
}

// compileRegsCaller writes the caller of a plan whose result comes in
// registers: it runs with DI = an execFrameR and stores rax, rdx, xmm0 and
// xmm1 in its res after the call. C may call back into Go, and the
// goroutine stack, which holds the frame, move: like the trampolines, it
// asks _cgo_topofstack before and after the call (it clobbers rax and rcx
// only) and moves its frame pointer by the difference.
func compileRegsCaller(moves []move, nstack, nsse int) ([]byte, bool) {
	return compileResCaller(moves, nstack, nsse, nil, uint32(unsafe.Offsetof(execFrameR{}.res)))
}

// compileResCaller writes a caller that stores the result registers at
// res in its frame after the call, through the frame pointer moved with
// the goroutine stack, and, with outs, copies the output parameters back
// (compileOutCaller).
func compileResCaller(moves []move, nstack, nsse int, outs []outRec, res uint32) ([]byte, bool) {
	var a asm
	a.movingPrologue()
	if !a.call(moves, nstack, nsse, regBX, 0xE8, outs, 0) {
		return nil, false
	}
	a.bytes(0x49, 0x89, 0xC2) // mov r10, rax
	a.topOfStack()
	a.bytes(0x4C, 0x29, 0xE0)       // sub rax, r12: how far the goroutine stack moved
	a.bytes(0x48, 0x01, 0xC3)       // add rbx, rax: the frame with it
	a.store(8, regR10, regBX, res)  // res[0] = rax
	a.store(8, regDX, regBX, res+8) // res[1] = rdx
	a.bytes(0x66, 0x0F, 0xD6, 0x83) // movq [rbx+res+16], xmm0
	a.d32(res + 16)
	a.bytes(0x66, 0x0F, 0xD6, 0x8B) // movq [rbx+res+24], xmm1
	a.d32(res + 24)
	a.outsBack(outs)
	a.movingEpilogue()
	return a.b, len(a.b) <= maxLoader
}

// call appends a caller's call of the C function, after its prologue
// (rsp 16-aligned, rbp set): it reserves fn's word at rbp+fnDisp (a
// negative disp8 just below what the prologue pushed), a spare word and
// the nstack stack words, loads fn and the argument array from the frame
// at base (its words 0 and 1), runs the moves, sets %al (vector
// registers, for variadic callees) and calls fn. With outs (an out
// caller, outcopy_amd64.go) it reserves their area too, below the spare
// word, and gives C their copies (outsIn). With room (a mem caller, a
// multiple of 16) it reserves that many bytes below the spare word for a
// MEMORY-class result and passes their address in rdi.
func (a *asm) call(moves []move, nstack, nsse int, base, fnDisp byte, outs []outRec, room uint32) bool {
	a.bytes(0x48, 0x81, 0xEC) // sub rsp, 16 + the outs' area + the result's room + the stack words, 16-byte rounded
	a.d32(16 + outArea(outs) + uint32(nstack*8+15)&^15 + room)
	a.bytes(0x48, 0x8B, base)            // mov rax, [base] (fn)
	a.bytes(0x48, 0x89, 0x45, fnDisp)    // mov [rbp+fnDisp], rax
	a.bytes(0x4C, 0x8B, 0x58|base, 0x08) // mov r11, [base+8] (args)
	if room != 0 {
		// The result's destination as it is now, kept in the spare word:
		// what compileMemCaller moves with the stack after the call.
		a.load(uint32(opW8), regAX, base, frameRet)
		a.store(8, regAX, 5, spareDisp)
	}
	if !a.moves(moves, 0) {
		return false
	}
	if !a.outsIn(outs, outSpare) { // outs only with fnDisp -24 (compileOutCaller)
		return false
	}
	if room != 0 { // room only with fnDisp -24 (compileMemCaller)
		a.rex(true, regDI, 5) // lea rdi, [rbp+outSpare-room]
		a.bytes(0x8D)
		a.modDisp(regDI, 5, uint32(outSpare-int32(room)))
	}
	a.bytes(0xB8) // mov eax, nsse
	a.d32(uint32(nsse))
	a.bytes(0xFF, 0x55, fnDisp) // call [rbp+fnDisp]
	return true
}

// spareDisp is outSpare as an instruction's 32-bit displacement.
const spareDisp = uint32(1<<32 + outSpare)

// maxMemCaller is the largest MEMORY-class result a mem caller copies
// (compileMemCaller); larger ones take the general trampoline.
const maxMemCaller = 64

// buildMemCaller sets p.exec to p's mem caller, made or found; it leaves
// p.exec alone if none can be made.
func (p *Plan) buildMemCaller() {
	key := movesKey(p.moves) + string([]byte{byte(p.nsse), byte(p.stackWords), byte(p.stackWords >> 8), 'm', byte(p.retSize)})
	if addr, ok := callerFor(key, func() ([]byte, bool) {
		return compileMemCaller(p.moves, p.stackWords, p.nsse, p.retSize)
	}); ok {
		p.exec = addr
	}
}

// compileMemCaller writes the caller of a plan whose result, of size
// bytes (16 < size <= maxMemCaller), is of the MEMORY class: it runs with
// DI = an execFrame, gives C room in its own frame (on the system stack)
// as the hidden result pointer, and copies the result to frame.ret after
// the call. Like the out callers it asks _cgo_topofstack before and after
// the call: the frame moved as far as the goroutine stack did, and so did
// frame.ret if it lay between frame.sp and the stack's old top. It reads
// frame.ret before the call (a.call keeps it in the spare word), not from
// the moved frame: the runtime adjusts a pointer into the stack it copies,
// so the moved frame's ret may already point into the new stack, which
// after a second move can lie where an old one was.
func compileMemCaller(moves []move, nstack, nsse int, size uintptr) ([]byte, bool) {
	if size <= 16 || size > maxMemCaller {
		return nil, false
	}
	const bp = 5
	room := uint32(size+15) &^ 15
	at := uint32(outSpare - int32(room)) // the result's room, rbp-relative
	var a asm
	a.movingPrologue()
	if !a.call(moves, nstack, nsse, regBX, 0xE8, nil, room) {
		return nil, false
	}
	a.topOfStack()
	a.bytes(0x4C, 0x29, 0xE0) // sub rax, r12: how far the goroutine stack moved
	a.bytes(0x48, 0x01, 0xC3) // add rbx, rax: the frame with it
	a.stackRange()
	a.load(uint32(opW8), regSI, bp, spareDisp) // rsi = frame.ret as it was before the call
	a.followStack()
	// The result's words; the last one ends at size (it may overlap the
	// one before: size > 16, so it starts inside the result).
	for off := uint32(0); ; off += 8 {
		if off+8 > uint32(size) {
			off = uint32(size) - 8
		}
		a.load(uint32(opW8), regCX, bp, at+off)
		a.store(8, regCX, regSI, off)
		if off+8 >= uint32(size) {
			break
		}
	}
	a.movingEpilogue()
	return a.b, len(a.b) <= maxLoader
}

// stackRange appends, after a moving caller's call (rbx = the moved
// frame, r12 = the goroutine stack's old top), r11 = frame.sp and r8 =
// old top - frame.sp: the range of the old stack that can hold Go
// memory the call was given (followStack).
func (a *asm) stackRange() {
	a.load(uint32(opW8), regR11, regBX, frameSP) // r11 = frame.sp
	a.bytes(0x4D, 0x89, 0xE0)                    // mov r8, r12
	a.bytes(0x4D, 0x29, 0xD8)                    // sub r8, r11: old top - sp
}

// followStack appends the move of rsi, an address taken before the call,
// by rax (how far the goroutine stack moved) if it lay in the old stack's
// range (stackRange). It uses rdx.
func (a *asm) followStack() {
	a.bytes(0x48, 0x89, 0xF2) // mov rdx, rsi
	a.bytes(0x4C, 0x29, 0xDA) // sub rdx, r11
	a.bytes(0x4C, 0x39, 0xC2) // cmp rdx, r8
	a.bytes(0x73, 0x03)       // jae +3: not on the goroutine stack
	a.bytes(0x48, 0x01, 0xC6) // add rsi, rax
}

// movingPrologue appends the prologue of a caller that follows the
// goroutine stack (compileResCaller, compileMemCaller): rbp set, rbx and
// r12 saved, rbx = the frame (rdi), r12 = the goroutine stack's top before
// the call.
func (a *asm) movingPrologue() {
	a.bytes(0x55)             // push rbp
	a.bytes(0x48, 0x89, 0xE5) // mov rbp, rsp
	a.bytes(0x53)             // push rbx
	a.bytes(0x41, 0x54)       // push r12
	a.bytes(0x48, 0x89, 0xFB) // mov rbx, rdi
	a.topOfStack()
	a.bytes(0x49, 0x89, 0xC4) // mov r12, rax
}

// movingEpilogue appends movingPrologue's undoing and a return of 0 to
// cgocall.
func (a *asm) movingEpilogue() {
	a.bytes(0x48, 0x8D, 0x65, 0xF0) // lea rsp, [rbp-16]
	a.bytes(0x41, 0x5C)             // pop r12
	a.bytes(0x5B)                   // pop rbx
	a.bytes(0x5D)                   // pop rbp
	a.bytes(0x31, 0xC0)             // xor eax, eax
	a.bytes(0xC3)                   // ret
}

// topOfStack appends a call of _cgo_topofstack (rax: the goroutine
// stack's top; it clobbers rcx too).
func (a *asm) topOfStack() {
	a.bytes(0x48, 0xB8) // mov rax, _cgo_topofstack
	a.b = binary.LittleEndian.AppendUint64(a.b, uint64(cgoTopOfStackABI0))
	a.bytes(0xFF, 0xD0) // call rax
}

// The frame compileRegsCaller reads fn and args from (a.call: words 0 and 1).
var _ = [1]struct{}{}[unsafe.Offsetof(execFrameR{}.args)-8]
