//go:build !windows

package ffi

import (
	"errors"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// dlopen modes. A library is loaded with [ModeNow]|[ModeLocal] unless told
// otherwise, as ctypes does by default on Linux.
const (
	ModeLazy   Mode = purego.RTLD_LAZY   // resolve symbols when first used
	ModeNow    Mode = purego.RTLD_NOW    // resolve all symbols at load time
	ModeGlobal Mode = purego.RTLD_GLOBAL // make symbols available to later loaded libraries
	ModeLocal  Mode = purego.RTLD_LOCAL  // keep symbols private to this handle
)

// dlopen and dlclose are the system's, through purego.
func dlopen(name string, m Mode) (uintptr, error) { return purego.Dlopen(name, int(m)) }
func dlclose(h uintptr) error                     { return purego.Dlclose(h) }

// dlsym looks name up in h. Where this platform has an engine of its own,
// dlsym(3) is called through it: one allocation (the C string) instead of
// purego.Dlsym's five, which binding a thousand functions notices
// (BenchmarkFirstUse). A name that is not found is looked up again through
// purego.Dlsym, for dlerror's message.
func dlsym(h uintptr, name string) (uintptr, error) {
	if eng, fn := dlsymEngine(); eng != nil {
		cname := make([]byte, len(name)+1)
		copy(cname, name)
		p := unsafe.Pointer(&cname[0])
		var addr uintptr
		args := [2]unsafe.Pointer{unsafe.Pointer(&h), unsafe.Pointer(&p)}
		eng.Invoke(fn, (*unsafe.Pointer)(noescape(unsafe.Pointer(&args[0]))), noescape(unsafe.Pointer(&addr)))
		runtime.KeepAlive(cname)
		if addr != 0 {
			return addr, nil
		}
	}
	return purego.Dlsym(h, name)
}

var dlsymFn struct {
	once sync.Once
	eng  invoker
	fn   uintptr
}

// dlsymEngine returns the plan of void *dlsym(void *, const char *) and
// dlsym's address, or nil where calls go through libffi (or dlsym itself
// is not found).
func dlsymEngine() (invoker, uintptr) {
	dlsymFn.once.Do(func() {
		if !callconv.Supported {
			return
		}
		fn, err := purego.Dlsym(purego.RTLD_DEFAULT, "dlsym")
		if err != nil {
			return
		}
		eng, err := newEngine(types.VoidP, []*types.Type{types.VoidP, types.CharP}, -1)
		if err == nil {
			dlsymFn.eng, dlsymFn.fn = eng, fn
		}
	})
	return dlsymFn.eng, dlsymFn.fn
}

// dlerrorText is the text of a loader error: dlerror's message.
func dlerrorText(err error) string {
	var de purego.Dlerror
	if errors.As(err, &de) {
		return de.Error()
	}
	return err.Error()
}
