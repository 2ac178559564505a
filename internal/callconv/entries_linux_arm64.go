//go:build arm64 && linux

package callconv

import (
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// The callback entries on Linux: thunks written in pages of their own.

// callbackEntryABI0 is the address of purectypes_callconv_callback_a64,
// where the thunks jump.
var callbackEntryABI0 uintptr

const (
	thunkSize = 32
	thunkPage = 64 << 10 // thunks are made this many bytes at a time (a multiple of every arm64 page size)
)

var (
	thunkMu    sync.Mutex
	thunkAddrs []uintptr // index -> entry address, for every thunk made
)

// entryAddr returns the entry of index, mapping pages of thunks up to it.
func entryAddr(index int) (uintptr, error) {
	thunkMu.Lock()
	defer thunkMu.Unlock()
	for index >= len(thunkAddrs) {
		if err := addThunkPage(); err != nil {
			return 0, err
		}
	}
	return thunkAddrs[index], nil
}

// The thunk's instructions: ldr x9, [pc+16] (the index); ldr x16, [pc+20]
// (the entry); br x16; brk #0; then the two literals.
const (
	insnLdrX9  = 0x58000000 | 4<<5 | 9
	insnLdrX16 = 0x58000000 | 5<<5 | 16
	insnBrX16  = 0xd61f0000 | 16<<5
	insnBrk    = 0xd4200000
)

// addThunkPage maps a page of thunks for the next indexes.
func addThunkPage() error {
	mem, err := syscall.Mmap(-1, 0, thunkPage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return fmt.Errorf("callconv: mapping callback entries: %w", err)
	}
	first := len(thunkAddrs)
	n := thunkPage / thunkSize
	for i := 0; i < n; i++ {
		t := mem[i*thunkSize : (i+1)*thunkSize]
		putUint32(t[0:], insnLdrX9)
		putUint32(t[4:], insnLdrX16)
		putUint32(t[8:], insnBrX16)
		putUint32(t[12:], insnBrk)
		putUint64(t[16:], uint64(first+i))
		putUint64(t[24:], uint64(callbackEntryABI0))
	}
	if err := syscall.Mprotect(mem, syscall.PROT_READ|syscall.PROT_EXEC); err != nil {
		syscall.Munmap(mem)
		return fmt.Errorf("callconv: making callback entries executable: %w", err)
	}
	base := uintptr(unsafe.Pointer(&mem[0]))
	clearICache(base, base+thunkPage)
	for i := 0; i < n; i++ {
		thunkAddrs = append(thunkAddrs, base+uintptr(i*thunkSize))
	}
	return nil
}

// clearICache makes the instructions written at [start, end) visible to
// instruction fetch (data cache cleaned, instruction cache invalidated, to
// the point of unification), as __builtin___clear_cache does
// (callback_arm64.s).
//
//go:noescape
func clearICache(start, end uintptr)

func putUint32(b []byte, v uint32) {
	for i := 0; i < 4; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}
