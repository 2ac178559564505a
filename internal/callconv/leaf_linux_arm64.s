#include "textflag.h"
#include "go_asm.h"

// purectypes_callconv_leafsig is the handler of SIGSEGV, SIGBUS, SIGFPE,
// SIGILL and SIGTRAP put in front of Go's own (leaf_linux_arm64.go): a C
// function called void h(int sig, siginfo_t *info, ucontext_t *ctx), on
// the thread's signal stack. It takes the interrupted thread's g from TLS
// (runtime·load_g: R28 is C's while C runs). A signal on a user goroutine
// (g.stackguard1 is ~0 only there) with a live leaf record above the
// interrupted SP is a fault inside a leaf call: the handler rewrites the
// context so that, when the kernel returns, the thread runs ·leafFault on
// the goroutine stack as if the trampoline had called it where it called
// leafenter (SP, LR and R29 from the record; the C frames are dropped),
// with the frame, the signal, the fault address and the faulting PC in
// x0-x3 and g in R28. Anything else goes to Go's handler unchanged (a
// jump, with R0-R2 and LR as the kernel set them).
//
// ucontext_t offsets (arm64 Linux): uc_mcontext at 176 (fault_address,
// then regs[31] at 184: x<n> at 184+8n, x28 408, x29 416, x30 424), sp
// 432, pc 440. siginfo_t.si_addr at 16.
GLOBL ·leafSigABI0(SB), NOPTR|RODATA, $8
DATA ·leafSigABI0(SB)/8, $purectypes_callconv_leafsig(SB)

TEXT purectypes_callconv_leafsig(SB), NOSPLIT|NOFRAME, $0
	MOVD  R0, R9
	MOVD  R1, R10
	MOVD  R2, R11
	MOVD  R30, R12
	MOVBU runtime·iscgo(SB), R3
	CBZ   R3, forward
	BL    runtime·load_g(SB) // clobbers R0, R27
	CBZ   g, forward         // a thread Go never saw
	MOVD  24(g), R3          // g.stackguard1: ~0 on user goroutines only
	CMN   $1, R3
	BNE   forward
	MOVD  432(R11), R4
	BL    purectypes_callconv_leaffind(SB)
	CBZ   R5, forward
	MOVD  8(R5), R3
	MOVD  R3, 184(R11) // x0 = the frame
	MOVD  R9, 192(R11) // x1 = the signal
	MOVD  16(R10), R3
	MOVD  R3, 200(R11) // x2 = the fault address
	MOVD  440(R11), R3
	MOVD  R3, 208(R11) // x3 = the faulting PC
	MOVD  g, 408(R11)  // x28 = g
	LDP   16(R5), (R3, R6)
	MOVD  R3, 432(R11) // sp = the trampoline's
	MOVD  R6, 424(R11) // x30 = the return into it
	MOVD  32(R5), R3
	MOVD  R3, 416(R11) // x29 = its frame pointer
	MOVD  $·leafFault(SB), R3
	MOVD  R3, 440(R11)
	MOVD  R12, R30
	RET

forward:
	MOVD R9, R0
	MOVD R10, R1
	MOVD R11, R2
	MOVD R12, R30
	MOVD $·leafSigFwd(SB), R3
	MOVD (R3)(R0<<3), R3
	JMP  (R3)

// func leafIsCgo() bool
TEXT ·leafIsCgo(SB), NOSPLIT, $0-1
	MOVBU runtime·iscgo(SB), R0
	MOVB  R0, ret+0(FP)
	RET
