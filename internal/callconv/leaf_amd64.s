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
//	top-32 ..           the leaf record: leafMagic^SP, the *Frame
//	top                 (the saved BP, the return PC and the arguments above)
//
// The trampoline raises SP to top-leafTop, or 8 bytes below for a 16-byte
// aligned SP, with ADJSP on one of two paths (Go's SP is only 8-aligned;
// never a direct write to SP: the assembler would mark the function
// SPWRITE and the profiler's unwinder would stop there; so would it for
// any instruction with SP as destination, TESTQ included), copies
// the stack words, writes the record, loads the argument registers from
// the Frame, calls it, clears the record and stores the result registers
// in the Frame (rax and xmm0; the general kind also rdx and xmm1). The compiler reloads g (R14) and zeroes X15 after
// every call to an ABI0 function, so C clobbering them is harmless.
//
// The record is how the fault handler and the callback entry recognise a
// leaf call in progress (leafsig below, callback_amd64.s): a word equal
// to leafMagic XOR the SP of the C call, leafArgs or leafArgs+8 bytes above
// that SP, followed by the *Frame.

// The steps of a trampoline. SP is 16-aligned, the record OFF bytes above
// it, BX = the Frame. (A macro expanded twice in one function cannot hold
// labels: the one jump is relative.)
//
// LEAF_STACK (the general trampoline only): the stack words and the
// hidden result pointer come from the trampoline's arguments, typed
// pointers that the runtime adjusted if the prologue moved the stack
// (addresses kept in the Frame as plain words would point into the old
// stack).
#define LEAF_STACK \
	MOVQ Frame_nstack(BX), CX \
	ORQ  Frame_sret(BX), CX \
	JEQ  4(PC) \
	MOVQ stack+8(FP), R11 \
	MOVQ ret+16(FP), R12 \
	CALL purectypes_callconv_leafstackwords(SB)

#define LEAF_MARK(OFF) \
	MOVQ $const_leafMagic, AX \
	XORQ SP, AX \
	MOVQ AX, (OFF)(SP) \
	MOVQ BX, (OFF+8)(SP)

#define LEAF_LOADF \
	MOVQ (Frame_regs+6*8)(BX), X0 \
	MOVQ (Frame_regs+7*8)(BX), X1 \
	MOVQ (Frame_regs+8*8)(BX), X2 \
	MOVQ (Frame_regs+9*8)(BX), X3 \
	MOVQ (Frame_regs+10*8)(BX), X4 \
	MOVQ (Frame_regs+11*8)(BX), X5 \
	MOVQ (Frame_regs+12*8)(BX), X6 \
	MOVQ (Frame_regs+13*8)(BX), X7

#define LEAF_LOADI \
	MOVQ (Frame_regs+0*8)(BX), DI \
	MOVQ (Frame_regs+1*8)(BX), SI \
	MOVQ (Frame_regs+2*8)(BX), DX \
	MOVQ (Frame_regs+3*8)(BX), CX \
	MOVQ (Frame_regs+4*8)(BX), R8 \
	MOVQ (Frame_regs+5*8)(BX), R9

// Call fn with %al = the vector registers used (for variadic callees),
// clear the record, store rax and xmm0.
#define LEAF_CALL(OFF) \
	MOVQ Frame_nsse(BX), AX \
	MOVQ Frame_fn(BX), R10 \
	CALL R10 \
	MOVQ $0, (OFF)(SP) \
	MOVQ AX, (Frame_regs+0*8)(BX) \
	MOVQ X0, (Frame_regs+6*8)(BX)

// The bodies: every step (the general trampoline: stack words, a result
// in memory, rdx and xmm1 for results of two eightbytes), or only the
// registers that the plan's arguments use (InvokeLeaf's register path,
// where results are scalars).
#define LEAF_ALL(OFF) \
	LEAF_STACK \
	LEAF_MARK(OFF) \
	LEAF_LOADF \
	LEAF_LOADI \
	LEAF_CALL(OFF) \
	MOVQ DX, (Frame_regs+1*8)(BX) \
	MOVQ X1, (Frame_regs+7*8)(BX)

#define LEAF_REGS(OFF) \
	LEAF_MARK(OFF) \
	LEAF_LOADF \
	LEAF_LOADI \
	LEAF_CALL(OFF)

#define LEAF_INTS(OFF) \
	LEAF_MARK(OFF) \
	LEAF_LOADI \
	LEAF_CALL(OFF)

#define LEAF_FLOATS(OFF) \
	LEAF_MARK(OFF) \
	LEAF_LOADF \
	LEAF_CALL(OFF)

// LEAF_EXEC is the body of the leaf trampolines of plans with aggregates,
// stack words or a result in memory (Plan.InvokeLeaf's general path): BX
// is an execFrame, whose pointers the runtime adjusted if the prologue
// moved the stack. The plan's moves fill a word block at the top of the
// outgoing-argument area (the 14 registers, then the stack words, which
// are then copied down to SP), the hidden result pointer is the frame's
// ret (nothing moves while C runs), and the results go to execFrame.res.
#define LEAF_EXEC(OFF) \
	MOVQ    execFrame_hdr(BX), R9 \
	MOVQ    execHdr_nstack(R9), CX \
	SHLQ    $3, CX \
	MOVQ    $(OFF-14*8), R10 \
	SUBQ    CX, R10 \
	ADDQ    SP, R10 \
	MOVQ    execFrame_args(BX), R8 \
	MOVQ    execHdr_nmoves(R9), CX \
	MOVQ    execHdr_moves(R9), R9 \
	CALL    purectypes_callconv_execmoves(SB) \
	MOVQ    execFrame_hdr(BX), R9 \
	MOVQ    execHdr_nstack(R9), CX \
	LEAQ    (14*8)(R10), SI \
	CALL    purectypes_callconv_execwords(SB) \
	MOVQ    0(R10), DX \
	MOVQ    execFrame_ret(BX), AX \
	CMPQ    execHdr_sret(R9), $0 \
	CMOVQNE AX, DX \
	MOVQ    DX, 0(R10) \
	LEAF_MARK(OFF) \
	MOVQ    48(R10), X0 \
	MOVQ    56(R10), X1 \
	MOVQ    64(R10), X2 \
	MOVQ    72(R10), X3 \
	MOVQ    80(R10), X4 \
	MOVQ    88(R10), X5 \
	MOVQ    96(R10), X6 \
	MOVQ    104(R10), X7 \
	MOVQ    execHdr_nsse(R9), AX \
	MOVQ    0(R10), DI \
	MOVQ    8(R10), SI \
	MOVQ    16(R10), DX \
	MOVQ    24(R10), CX \
	MOVQ    32(R10), R8 \
	MOVQ    40(R10), R9 \
	MOVQ    execFrame_fn(BX), R11 \
	CALL    R11 \
	MOVQ    $0, (OFF)(SP) \
	MOVQ    AX, (execFrame_res+0*8)(BX) \
	MOVQ    DX, (execFrame_res+1*8)(BX) \
	MOVQ    X0, (execFrame_res+2*8)(BX) \
	MOVQ    X1, (execFrame_res+3*8)(BX)

// LEAF_LOAD is the body of the leaf trampolines of plans with a loader
// (loader_amd64.go): BX is an execFrame, whose pointers the runtime
// adjusted if the prologue moved the stack. The loader loads the argument
// registers and writes the stack words at SP; the hidden result pointer
// is the frame's ret (nothing moves while C runs); the results go to
// execFrame.res. R12 (callee-saved in C) keeps the plan's execHdr.
#define LEAF_LOAD(OFF) \
	MOVQ execFrame_hdr(BX), R12 \
	MOVQ execFrame_args(BX), R11 \
	MOVQ execHdr_loader(R12), AX \
	CALL AX \
	CMPQ execHdr_sret(R12), $0 \
	JEQ  2(PC) \
	MOVQ execFrame_ret(BX), DI \
	LEAF_MARK(OFF) \
	MOVQ execHdr_nsse(R12), AX \
	MOVQ execFrame_fn(BX), R10 \
	CALL R10 \
	MOVQ $0, (OFF)(SP) \
	MOVQ AX, (execFrame_res+0*8)(BX) \
	MOVQ DX, (execFrame_res+1*8)(BX) \
	MOVQ X0, (execFrame_res+2*8)(BX) \
	MOVQ X1, (execFrame_res+3*8)(BX)

// LEAF_STORE is LEAF_LOAD for results of one register, which it stores
// at the frame's ret itself (purectypes_callconv_leafstore): BX is a
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
	CALL purectypes_callconv_leafstore(SB)

// purectypes_callconv_leafstore stores the result of a leaf call at DI as
// CX (execHdr.leafRet, leaf_amd64.go) says: from AX or X0.
TEXT purectypes_callconv_leafstore(SB), NOSPLIT|NOFRAME, $0
	CMPQ CX, $const_leafStoreEAX
	JNE  notEAX
	MOVL AX, (DI)
	RET
notEAX:
	CMPQ CX, $const_leafStoreRAX
	JNE  notRAX
	MOVQ AX, (DI)
	RET
notRAX:
	CMPQ CX, $const_leafStoreXMM8
	JNE  notXMM8
	MOVQ X0, (DI)
	RET
notXMM8:
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
	JNE  none
	MOVW AX, (DI)
none:
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

// purectypes_callconv_leafstackwords copies Frame.nstack stack words from
// R11 to the caller's 0(SP) and up (BX = the Frame) and, for a result of
// the MEMORY class (Frame.sret), points rdi at R12, the result's
// destination, or when R12 is nil at the scratch above the stack words.
TEXT purectypes_callconv_leafstackwords(SB), NOSPLIT|NOFRAME, $0
	MOVQ Frame_nstack(BX), CX
	XORQ DX, DX
copy:
	CMPQ DX, CX
	JGE  copied
	MOVQ (R11)(DX*8), AX
	MOVQ AX, 8(SP)(DX*8)
	INCQ DX
	JMP  copy
copied:
	CMPQ Frame_sret(BX), $0
	JEQ  done
	MOVQ R12, (Frame_regs+0*8)(BX)
	TESTQ R12, R12
	JNZ  done
	LEAQ 8(SP)(CX*8), AX
	MOVQ AX, (Frame_regs+0*8)(BX)
done:
	RET

// An IntFrame (Plan.CallIntsLeaf): the six integer registers, %al = 0,
// rax stored in Regs[0]. Its fn and Regs lie where a Frame's do.
#define LEAF_INTFRAME(OFF) \
	LEAF_MARK(OFF) \
	MOVQ (IntFrame_Regs+0*8)(BX), DI \
	MOVQ (IntFrame_Regs+1*8)(BX), SI \
	MOVQ (IntFrame_Regs+2*8)(BX), DX \
	MOVQ (IntFrame_Regs+3*8)(BX), CX \
	MOVQ (IntFrame_Regs+4*8)(BX), R8 \
	MOVQ (IntFrame_Regs+5*8)(BX), R9 \
	XORL AX, AX \
	MOVQ IntFrame_fn(BX), R10 \
	CALL R10 \
	MOVQ $0, (OFF)(SP) \
	MOVQ AX, (IntFrame_Regs+0*8)(BX)

// LEAF(NAME, FRAME, BODY, ARGS): a trampoline whose frame is FRAME bytes,
// with ARGS bytes of arguments (fr first).
#define LEAF(NAME, FRAME, BODY, ARGS) \
TEXT NAME(SB), 0, $FRAME-ARGS \
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

LEAF(·leafCall16K, const_leafFrame16K, LEAF_ALL, 24)
LEAF(·leafCall64K, const_leafFrame64K, LEAF_ALL, 24)
LEAF(·leafCall256K, const_leafFrame256K, LEAF_ALL, 24)
LEAF(·leafCall1M, const_leafFrame1M, LEAF_ALL, 24)
LEAF(·leafExec16K, const_leafFrame16K, LEAF_EXEC, 8)
LEAF(·leafLoad16K, const_leafFrame16K, LEAF_LOAD, 8)
LEAF(·leafStore16K, const_leafFrame16K, LEAF_STORE, 8)
LEAF(·leafStore64K, const_leafFrame64K, LEAF_STORE, 8)
LEAF(·leafStore256K, const_leafFrame256K, LEAF_STORE, 8)
LEAF(·leafStore1M, const_leafFrame1M, LEAF_STORE, 8)
LEAF(·leafLoad64K, const_leafFrame64K, LEAF_LOAD, 8)
LEAF(·leafLoad256K, const_leafFrame256K, LEAF_LOAD, 8)
LEAF(·leafLoad1M, const_leafFrame1M, LEAF_LOAD, 8)
LEAF(·leafExec64K, const_leafFrame64K, LEAF_EXEC, 8)
LEAF(·leafExec256K, const_leafFrame256K, LEAF_EXEC, 8)
LEAF(·leafExec1M, const_leafFrame1M, LEAF_EXEC, 8)
LEAF(·leafRegs16K, const_leafFrame16K, LEAF_REGS, 8)
LEAF(·leafRegs64K, const_leafFrame64K, LEAF_REGS, 8)
LEAF(·leafRegs256K, const_leafFrame256K, LEAF_REGS, 8)
LEAF(·leafRegs1M, const_leafFrame1M, LEAF_REGS, 8)
LEAF(·leafInts16K, const_leafFrame16K, LEAF_INTS, 8)
LEAF(·leafInts64K, const_leafFrame64K, LEAF_INTS, 8)
LEAF(·leafInts256K, const_leafFrame256K, LEAF_INTS, 8)
LEAF(·leafInts1M, const_leafFrame1M, LEAF_INTS, 8)
LEAF(·leafFloats16K, const_leafFrame16K, LEAF_FLOATS, 8)
LEAF(·leafFloats64K, const_leafFrame64K, LEAF_FLOATS, 8)
LEAF(·leafFloats256K, const_leafFrame256K, LEAF_FLOATS, 8)
LEAF(·leafFloats1M, const_leafFrame1M, LEAF_FLOATS, 8)
LEAF(·leafIntFrame16K, const_leafFrame16K, LEAF_INTFRAME, 8)
LEAF(·leafIntFrame64K, const_leafFrame64K, LEAF_INTFRAME, 8)
LEAF(·leafIntFrame256K, const_leafFrame256K, LEAF_INTFRAME, 8)
LEAF(·leafIntFrame1M, const_leafFrame1M, LEAF_INTFRAME, 8)

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
// where it called C (the C frames are dropped), with the Frame, the
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
	MOVQ  R10, 104(DX) // rdi = the Frame
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
// callers) or a callback during it (from callback_amd64.s). DI = the Frame
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
