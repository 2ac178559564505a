//go:build linux && amd64

#include "textflag.h"
#include "funcdata.h"
#include "go_asm.h"

// Leaf trampolines: call a C function on the goroutine stack, without
// runtime.cgocall (see leaf_amd64.go for the contract).
//
// Each variant is an ABI0 function with a large frame and NOT NOSPLIT: its
// prologue compares the frame size with the goroutine's stack guard and
// grows the stack through morestack, like any Go function's. The frame,
// from its bottom (lo) up:
//
//	lo ..               the C function's own stack, at least the bound
//	top-leafTop ..      the outgoing stack words (and the scratch for a
//	                    MEMORY result with no destination), leafArgs bytes
//	top-32 ..           the leaf record: leafMagic^SP, the frame
//	top                 (the saved BP, the return PC and the argument above)
//
// The trampoline raises SP to top-leafTop, or 8 bytes below for a 16-byte
// aligned SP, with ADJSP on one of two paths (Go's SP is only 8-aligned;
// never a direct write to SP: the assembler would mark the function
// SPWRITE and the profiler's unwinder would stop there; so would it for
// any instruction with SP as destination, TESTQ included), places the
// arguments (the plan's loader, or its moves), writes the record, calls
// the C function, clears the record and stores the result registers. The
// compiler reloads g (R14) and zeroes X15 after every call to an ABI0
// function, so C clobbering them is harmless.
//
// The record is how the fault handler and the callback entry recognise a
// leaf call in progress (leafsig below, callback_amd64.s): a word equal
// to leafMagic XOR the SP of the C call, leafArgs or leafArgs+8 bytes above
// that SP, followed by the frame (an execFrame or a leafStoreFrame, whose
// first word is the C function's address).
//
// The bodies below run with SP 16-aligned, the record OFF bytes above it,
// BX = the frame, whose pointers the runtime adjusted if the prologue
// moved the stack. (A macro expanded twice in one function cannot hold
// labels: the one jump is relative, loops are called.)

#define LEAF_MARK(OFF) \
	MOVQ $const_leafMagic, AX \
	XORQ SP, AX \
	MOVQ AX, (OFF)(SP) \
	MOVQ BX, (OFF+8)(SP)

// LEAF_EXEC is the body of the leaf trampolines of plans without a loader
// (useLoaders off, code pages refused, a loader over its page): BX is an
// execFrame. The plan's moves fill a word block (the 14 registers, then
// the stack words) in the C stack's area, 16 bytes below SP, where nothing
// is written before the registers are loaded from it (signals run on the
// signal stack); the stack words are then copied up to SP, where the
// callee finds them, so a plan may have as many as leafArgs holds. R12
// (callee-saved in C) keeps the plan's execHdr; the results go to
// execFrame.res.
#define LEAF_EXEC(OFF) \
	MOVQ execFrame_hdr(BX), R12 \
	MOVQ execHdr_nstack(R12), CX \
	SHLQ $3, CX \
	MOVQ $-(14*8+16), R10 \
	SUBQ CX, R10 \
	ADDQ SP, R10 \
	MOVQ execFrame_args(BX), R8 \
	MOVQ execHdr_nmoves(R12), CX \
	MOVQ execHdr_moves(R12), R9 \
	CALL purectypes_callconv_execmoves(SB) \
	MOVQ execHdr_nstack(R12), CX \
	LEAQ (14*8)(R10), SI \
	CALL purectypes_callconv_execwords(SB) \
	LEAF_MARK(OFF) \
	MOVQ 48(R10), X0 \
	MOVQ 56(R10), X1 \
	MOVQ 64(R10), X2 \
	MOVQ 72(R10), X3 \
	MOVQ 80(R10), X4 \
	MOVQ 88(R10), X5 \
	MOVQ 96(R10), X6 \
	MOVQ 104(R10), X7 \
	MOVQ 0(R10), DI \
	MOVQ 8(R10), SI \
	MOVQ 16(R10), DX \
	MOVQ 24(R10), CX \
	MOVQ 32(R10), R8 \
	MOVQ 40(R10), R9 \
	CALL purectypes_callconv_leafret(SB) \
	MOVQ execHdr_nsse(R12), AX \
	MOVQ execFrame_fn(BX), R11 \
	CALL R11 \
	MOVQ $0, (OFF)(SP) \
	MOVQ AX, (execFrame_res+0*8)(BX) \
	MOVQ DX, (execFrame_res+1*8)(BX) \
	MOVQ X0, (execFrame_res+2*8)(BX) \
	MOVQ X1, (execFrame_res+3*8)(BX)

// LEAF_LOAD is the body of the leaf trampolines of plans with a loader
// (loader_amd64.go): BX is an execFrame. The loader loads the argument
// registers and writes the stack words at SP; the results go to
// execFrame.res. R12 (callee-saved in C) keeps the plan's execHdr.
#define LEAF_LOAD(OFF) \
	MOVQ execFrame_hdr(BX), R12 \
	MOVQ execFrame_args(BX), R11 \
	MOVQ execHdr_loader(R12), AX \
	CALL AX \
	CALL purectypes_callconv_leafret(SB) \
	LEAF_MARK(OFF) \
	MOVQ execHdr_nsse(R12), AX \
	MOVQ execFrame_fn(BX), R10 \
	CALL R10 \
	MOVQ $0, (OFF)(SP) \
	MOVQ AX, (execFrame_res+0*8)(BX) \
	MOVQ DX, (execFrame_res+1*8)(BX) \
	MOVQ X0, (execFrame_res+2*8)(BX) \
	MOVQ X1, (execFrame_res+3*8)(BX)

// LEAF_STORE is LEAF_LOAD for results in registers, which it stores
// at the frame's ret itself: a 4-byte integer, a double or an 8-byte
// integer, the commonest, in place (measured: an int add's leaf call
// 0.27x cgo's time with the call, 0.22x without), the others through
// purectypes_callconv_leafstore, not called for a void or MEMORY result
// (their kinds are the last, JCC being an unsigned >=): BX is a
// leafStoreFrame.
#define LEAF_STORE(OFF) \
	MOVQ execFrame_hdr(BX), R12 \
	MOVQ execFrame_args(BX), R11 \
	MOVQ execHdr_loader(R12), AX \
	CALL AX \
	LEAF_MARK(OFF) \
	MOVQ execHdr_nsse(R12), AX \
	MOVQ execFrame_fn(BX), R10 \
	CALL R10 \
	MOVQ $0, (OFF)(SP) \
	MOVQ execFrame_ret(BX), DI \
	MOVQ execHdr_leafRet(R12), CX \
	CMPB CX, $const_leafStoreEAX \
	JNE  3(PC) \
	MOVL AX, (DI) \
	JMP  12(PC) \
	CMPB CX, $const_leafStoreXMM8 \
	JNE  3(PC) \
	MOVQ X0, (DI) \
	JMP  8(PC) \
	CMPB CX, $const_leafStoreRAX \
	JNE  3(PC) \
	MOVQ AX, (DI) \
	JMP  4(PC) \
	CMPB CX, $const_leafStoreNone \
	JCC  2(PC) \
	CALL purectypes_callconv_leafstore(SB)

// purectypes_callconv_leafret points rdi, for a result of the MEMORY class
// (execHdr.sret; R12 = the execHdr), at the frame's ret (BX = the
// execFrame; nothing moves while C runs), or when that is nil at the
// scratch above the stack words at the caller's SP. Clobbers R10 only:
// the argument registers are loaded.
TEXT purectypes_callconv_leafret(SB), NOSPLIT|NOFRAME, $0
	CMPQ  execHdr_sret(R12), $0
	JEQ   done
	MOVQ  execFrame_ret(BX), DI
	TESTQ DI, DI
	JNE   done
	MOVQ  execHdr_nstack(R12), R10
	LEAQ  8(SP)(R10*8), DI
done:
	RET

// purectypes_callconv_leafstore stores the result of a leaf call at DI as
// CX (execHdr.leafRet, leaf_amd64.go) says, for the kinds LEAF_STORE does
// not store itself: a float from X0, an integer of 1 or 2 bytes from AX,
// or a small aggregate's parts (purectypes_callconv_leafparts).
TEXT purectypes_callconv_leafstore(SB), NOSPLIT|NOFRAME, $0
	CMPQ CX, $const_leafStoreXMM4
	JNE  notXMM4
	MOVSS X0, (DI)
	RET
notXMM4:
	CMPQ CX, $const_leafStoreAL
	JNE  notAL
	MOVB AX, (DI)
	RET
notAL:
	CMPQ CX, $const_leafStoreAX
	JNE  notAX
	MOVW AX, (DI)
	RET
notAX:
	CMPB CX, $const_leafStoreParts
	JNE  none
	JMP  purectypes_callconv_leafparts(SB)
none:
	RET

// purectypes_callconv_leafparts stores a small aggregate result at DI
// from AX, DX, X0 and X1, as CX (leafStoreParts and a byte per part,
// leafParts in leaf_amd64.go) says: each part its exact size, so nothing
// past the result is written. Clobbers CX, SI, R8-R10.
TEXT purectypes_callconv_leafparts(SB), NOSPLIT|NOFRAME, $0
	SHRQ $8, CX
part:
	TESTQ CX, CX
	JEQ   done
	MOVQ  CX, R8
	ANDQ  $3, R8    // the register
	MOVQ  AX, R10
	CMPQ  R8, $1
	JNE   2(PC)
	MOVQ  DX, R10
	CMPQ  R8, $2
	JNE   2(PC)
	MOVQ  X0, R10
	CMPQ  R8, $3
	JNE   2(PC)
	MOVQ  X1, R10
	MOVQ  CX, R9
	SHRQ  $2, R9
	ANDQ  $7, R9
	INCQ  R9        // the size
	MOVQ  CX, SI
	SHRQ  $5, SI
	ANDQ  $1, SI
	LEAQ  (DI)(SI*8), SI
	CMPQ  R9, $8
	JNE   notq
	MOVQ  R10, (SI)
	JMP   next
notq:
	CMPQ  R9, $4
	JNE   bytes
	MOVL  R10, (SI)
	JMP   next
bytes:
	MOVB  R10, (SI)
	SHRQ  $8, R10
	INCQ  SI
	DECQ  R9
	JNZ   bytes
next:
	SHRQ  $8, CX
	JMP   part
done:
	RET

// purectypes_callconv_execwords copies CX words from SI to the caller's
// 0(SP) and up (LEAF_EXEC's stack words). Clobbers AX, DX.
TEXT purectypes_callconv_execwords(SB), NOSPLIT|NOFRAME, $0
	XORQ DX, DX
ecopy:
	CMPQ DX, CX
	JGE  ecopied
	MOVQ (SI)(DX*8), AX
	MOVQ AX, 8(SP)(DX*8)
	INCQ DX
	JMP  ecopy
ecopied:
	RET

// LEAF(NAME, FRAME, BODY): a trampoline whose frame is FRAME bytes, with
// one argument, the frame (fr).
#define LEAF(NAME, FRAME, BODY) \
TEXT NAME(SB), 0, $FRAME-8 \
	NO_LOCAL_POINTERS \
	MOVQ  fr+0(FP), BX \
	MOVQ  SP, AX \
	TESTQ $8, AX \
	JNZ   odd \
	ADJSP $-(FRAME-const_leafTop) \
	BODY(const_leafArgs) \
	ADJSP $(FRAME-const_leafTop) \
	RET \
odd: \
	ADJSP $-(FRAME-const_leafTop-8) \
	BODY(const_leafArgs+8) \
	ADJSP $(FRAME-const_leafTop-8) \
	RET

LEAF(·leafStore16K, const_leafFrame16K, LEAF_STORE)
LEAF(·LeafStore64K, const_leafFrame64K, LEAF_STORE)
LEAF(·leafStore256K, const_leafFrame256K, LEAF_STORE)
LEAF(·leafStore1M, const_leafFrame1M, LEAF_STORE)
LEAF(·leafLoad16K, const_leafFrame16K, LEAF_LOAD)
LEAF(·leafLoad64K, const_leafFrame64K, LEAF_LOAD)
LEAF(·leafLoad256K, const_leafFrame256K, LEAF_LOAD)
LEAF(·leafLoad1M, const_leafFrame1M, LEAF_LOAD)
LEAF(·leafExec16K, const_leafFrame16K, LEAF_EXEC)
LEAF(·leafExec64K, const_leafFrame64K, LEAF_EXEC)
LEAF(·leafExec256K, const_leafFrame256K, LEAF_EXEC)
LEAF(·leafExec1M, const_leafFrame1M, LEAF_EXEC)

// leafFind looks for a live leaf record above a stack pointer: in R8 the
// stack pointer, in AX the thread's g; out R9 the record's address, or 0.
// It reads only inside the goroutine's stack, between the stack pointer
// and at most leafScan bytes above it. Clobbers CX, R8, R10.
TEXT purectypes_callconv_leaffind(SB), NOSPLIT|NOFRAME, $0
	XORL R9, R9
	CMPQ R8, 0(AX) // g.stack.lo
	JB   none
	MOVQ 8(AX), R10 // g.stack.hi
	CMPQ R8, R10
	JAE  none
	SUBQ $16, R10   // the record's two words lie below the top
	MOVQ ·leafScan(SB), CX
	ADDQ R8, CX
	CMPQ CX, R10
	JBE  2(PC)
	MOVQ R10, CX    // CX = min(sp+leafScan, hi-16)
	ANDQ $~7, R8

scan:
	CMPQ R8, CX
	JA   none
	MOVQ $const_leafMagic, R9
	XORQ 0(R8), R9  // the SP of the C call, if this is a record
	MOVQ R8, R10
	SUBQ R9, R10    // how far above that SP the record lies
	CMPQ R10, $const_leafArgs
	JEQ  found
	CMPQ R10, $(const_leafArgs+8)
	JEQ  found
	ADDQ $8, R8
	JMP  scan

found:
	MOVQ R8, R9
	RET

none:
	XORL R9, R9
	RET

// purectypes_callconv_leafsig is the handler of SIGSEGV, SIGBUS, SIGFPE and
// SIGILL put in front of Go's own (leaf_amd64.go): a C function called
// void h(int sig, siginfo_t *info, ucontext_t *ctx). A signal on a user
// goroutine (g.stackguard1 is ~0 only there) with a live leaf record
// above the interrupted SP is a fault inside a leaf call: the handler
// rewrites the context so that, when the kernel returns, the thread runs
// ·leafFault on the goroutine stack as if the trampoline had called it
// where it called C (the C frames are dropped), with the frame, the
// signal, the fault address and the faulting PC as arguments. Anything
// else goes to Go's handler unchanged (a jump, with DI, SI, DX intact).
//
// ucontext_t offsets (x86-64 Linux): uc_mcontext.gregs at 40; rdi 104, rsi
// 112, rdx 136, rcx 152, rsp 160, rip 168. siginfo_t.si_addr at 16.
GLOBL ·leafSigABI0(SB), NOPTR|RODATA, $8
DATA ·leafSigABI0(SB)/8, $purectypes_callconv_leafsig(SB)

TEXT purectypes_callconv_leafsig(SB), NOSPLIT|NOFRAME, $0
	MOVQ  TLS, AX
	MOVQ  0(AX)(TLS*1), AX // the interrupted thread's g, 0 on a thread Go never saw
	TESTQ AX, AX
	JZ    forward
	CMPQ  24(AX), $-1 // g.stackguard1: ~0 on user goroutines only
	JNE   forward
	MOVQ  160(DX), R8
	CALL  purectypes_callconv_leaffind(SB)
	TESTQ R9, R9
	JZ    forward
	MOVQ  $const_leafMagic, R10
	XORQ  0(R9), R10
	SUBQ  $8, R10   // the C call's return address: ·leafFault returns there
	MOVQ  R10, 160(DX)
	MOVQ  168(DX), R10
	MOVQ  R10, 152(DX) // rcx = the faulting PC
	MOVQ  8(R9), R10
	MOVQ  R10, 104(DX) // rdi = the frame
	MOVL  DI, R10
	MOVQ  R10, 112(DX) // rsi = the signal
	MOVQ  16(SI), R10
	MOVQ  R10, 136(DX) // rdx = the fault address
	MOVQ  $·leafFault(SB), R10
	MOVQ  R10, 168(DX)
	RET

forward:
	LEAQ  ·leafSigFwd(SB), AX
	MOVL  DI, R10
	MOVQ  (AX)(R10*8), AX
	JMP   AX

// leafFault ends the program from a leaf call gone wrong: a fault inside
// it (reached from purectypes_callconv_leafsig with SP at the C call's
// return address, so that the traceback shows the trampoline and its Go
// callers) or a callback during it (from callback_amd64.s). DI = the frame
// (0 if unknown), SI = the signal (0: a callback), DX = the fault address
// or the callback's index, CX = the faulting PC. It does not return.
TEXT ·leafFault(SB), NOSPLIT, $32-0
	NO_LOCAL_POINTERS
	MOVQ DI, 0(SP)
	MOVQ SI, 8(SP)
	MOVQ DX, 16(SP)
	MOVQ CX, 24(SP)
	CALL ·leafFatal(SB)
	INT  $3
	RET
