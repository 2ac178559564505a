package ffi

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// The thread side of errno: where the calling thread's errno lives, and
// ctypes' private copy per thread (see errno.go for the API).

var (
	errnoOnce sync.Once
	errnoCall *prepared // int *__errno_location(void), planned
	errnoFn   target
	errnoErr  error

	privMu sync.Mutex
	// privErrno holds ctypes' private errno copy of each OS thread, keyed
	// by the address of the thread's errno: thread-local, so one per
	// thread on every system, with no thread-id call to port.
	privErrno = map[unsafe.Pointer]int32{}
)

// errnoLocation returns the address of the calling thread's errno. The
// caller must hold the thread (runtime.LockOSThread) while it uses it.
func errnoLocation() (unsafe.Pointer, error) {
	errnoOnce.Do(func() {
		h, err := dlopen(libcName, ModeNow|ModeGlobal)
		if err != nil {
			errnoErr = fmt.Errorf("ffi: errno: %w", &LoadError{Name: libcName, Dlerror: dlerrorText(err)})
			return
		}
		errnoFn = target{fnID{libcName, errnoSymbol}, 0}
		if errnoFn.addr, err = dlsym(h, errnoSymbol); err != nil {
			errnoErr = fmt.Errorf("ffi: errno: %w", &SymbolError{Library: libcName, Symbol: errnoSymbol, Dlerror: dlerrorText(err)})
			return
		}
		errnoCall, errnoErr = errnoFn.build(types.VoidP, nil, -1)
	})
	if errnoErr != nil {
		return nil, errnoErr
	}
	var out result
	if err := errnoCall.invoke(&errnoFn, nil, &out); err != nil {
		return nil, err
	}
	return addrPtr(uintptr(out.bits)), nil
}

// swapErrno runs call with the thread's private errno copy swapped into C's
// errno, then saves C's errno back (ctypes' use_errno).
func swapErrno(call func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	loc, err := errnoLocation()
	if err != nil {
		return err
	}
	privMu.Lock()
	*(*int32)(loc) = privErrno[loc]
	privMu.Unlock()
	err = call()
	privMu.Lock()
	privErrno[loc] = *(*int32)(loc)
	privMu.Unlock()
	return err
}
