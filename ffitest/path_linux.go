package ffitest

import (
	"fmt"
	"sync"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// rtldDILinkmap is dlinfo's request for the library's struct link_map.
const rtldDILinkmap = 2

// linkMap is the start of glibc's struct link_map (<link.h>): the load
// address and the file name.
var linkMap = types.MustStructOf("link_map", []types.Field{
	types.F("l_addr", types.VoidP),
	types.F("l_name", types.CharP),
})

var (
	dlinfoOnce sync.Once
	dlinfo     *ffi.Func
	dlinfoErr  error
)

// loadedPath asks the dynamic linker which file it loaded for lib:
// dlinfo(handle, RTLD_DI_LINKMAP, &map), then map->l_name, the second
// field of struct link_map.
func loadedPath(lib *ffi.Library) (string, error) {
	dlinfoOnce.Do(func() {
		libc, err := ffi.CDLL("libc.so.6")
		if err != nil {
			dlinfoErr = err
			return
		}
		if dlinfo, dlinfoErr = libc.Func("dlinfo"); dlinfoErr != nil {
			return
		}
		dlinfo.Restype = types.Int
		dlinfo.Argtypes = []*types.Type{types.VoidP, types.Int, types.PointerTo(types.VoidP)}
	})
	if dlinfoErr != nil {
		return "", dlinfoErr
	}
	var lm uintptr
	r, err := ffi.CallAs[int32](dlinfo, lib.Handle(), rtldDILinkmap, &lm)
	if err != nil {
		return "", err
	}
	if r != 0 || lm == 0 {
		return "", fmt.Errorf("ffitest: dlinfo(%s) returned %d", lib.Name(), r)
	}
	return types.FromAddress(linkMap, lm).Field("l_name").Str()
}
