package zlib

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/types"
)

func load(t *testing.T) *Lib {
	t.Helper()
	_, err := ffi.FindLibrary("z")
	testenv.Require(t, "libz", err)
	z, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { z.Close() })
	return z
}

var text = bytes.Repeat([]byte("the advantages of script languages over OTHER languages\n"), 40)

func TestCompressRoundTrip(t *testing.T) {
	z := load(t)
	if v := z.ZlibVersion(); !strings.HasPrefix(v, "1.") {
		t.Errorf("zlibVersion = %q", v)
	}
	dst := make([]byte, z.CompressBound(uint(len(text))))
	n := uint(len(dst))
	if rc := z.Compress(dst, &n, text, uint(len(text))); rc != Z_OK {
		t.Fatalf("compress = %d", rc)
	}
	if n >= uint(len(text)) {
		t.Errorf("compressed %d bytes to %d", len(text), n)
	}
	back := make([]byte, len(text))
	m := uint(len(back))
	if rc := z.Uncompress(back, &m, dst[:n], n); rc != Z_OK || !bytes.Equal(back[:m], text) {
		t.Fatalf("uncompress = %d, round trip equal: %v", rc, bytes.Equal(back[:m], text))
	}
	// A truncated stream is C's Z_DATA_ERROR or Z_BUF_ERROR, not a crash.
	m = uint(len(back))
	if rc := z.Uncompress(back, &m, dst[:n/2], n/2); rc == Z_OK {
		t.Errorf("uncompress of half a stream = Z_OK")
	}
}

// TestChecksumsAgree compares the generated typed bindings with the same
// functions called through ffi.Func: both are libz's C.
func TestChecksumsAgree(t *testing.T) {
	z := load(t)
	got := z.Crc32(0, text, uint32(len(text)))
	want, err := ffi.CallAs[uint64](mustFunc(t, z, "crc32"), uint64(0), text, uint32(len(text)))
	if err != nil {
		t.Fatal(err)
	}
	if uint64(got) != want {
		t.Errorf("crc32: typed %#x, ffi.Func %#x", got, want)
	}
	if a, b := z.Adler32(1, text, uint32(len(text))), z.Adler32(1, text[:10], 10); a == b {
		t.Errorf("adler32 of different data agree: %#x", a)
	}
}

func mustFunc(t *testing.T, z *Lib, name string) *ffi.Func {
	t.Helper()
	addr, err := z.lib.Sym(name)
	if err != nil {
		t.Fatal(err)
	}
	// uLong crc32(uLong crc, const Bytef *buf, uInt len), declared by hand.
	f, err := ffi.NewFunc(addr, name, types.ULong, types.ULong, types.PointerTo(types.UByte), types.UInt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestDeflateStream drives deflate and inflate through a z_stream, the
// generated struct, whose layout was checked against C's when the package
// initialised.
func TestDeflateStream(t *testing.T) {
	z := load(t)
	var pin runtime.Pinner
	defer pin.Unpin()
	out := make([]byte, len(text))
	pin.Pin(&text[0])
	pin.Pin(&out[0])
	var zs ZStream
	if rc := z.DeflateInit(&zs, Z_BEST_COMPRESSION, z.ZlibVersion(), int32(unsafe.Sizeof(zs))); rc != Z_OK {
		t.Fatalf("deflateInit_ = %d", rc)
	}
	zs.NextIn, zs.AvailIn = uintptr(unsafe.Pointer(&text[0])), uint32(len(text))
	zs.NextOut, zs.AvailOut = uintptr(unsafe.Pointer(&out[0])), uint32(len(out))
	if rc := z.Deflate(&zs, Z_FINISH); rc != Z_STREAM_END {
		t.Fatalf("deflate = %d", rc)
	}
	compressed := out[:zs.TotalOut]
	if zs.TotalIn != uint(len(text)) || z.DeflateEnd(&zs) != Z_OK {
		t.Fatalf("deflate read %d of %d bytes", zs.TotalIn, len(text))
	}

	back := make([]byte, len(text))
	pin.Pin(&back[0])
	var is ZStream
	if rc := z.InflateInit(&is, z.ZlibVersion(), int32(unsafe.Sizeof(is))); rc != Z_OK {
		t.Fatalf("inflateInit_ = %d", rc)
	}
	is.NextIn, is.AvailIn = uintptr(unsafe.Pointer(&compressed[0])), uint32(len(compressed))
	is.NextOut, is.AvailOut = uintptr(unsafe.Pointer(&back[0])), uint32(len(back))
	if rc := z.Inflate(&is, Z_FINISH); rc != Z_STREAM_END {
		t.Fatalf("inflate = %d", rc)
	}
	if z.InflateEnd(&is) != Z_OK || !bytes.Equal(back[:is.TotalOut], text) {
		t.Errorf("inflate gave %d bytes, equal: %v", is.TotalOut, bytes.Equal(back[:is.TotalOut], text))
	}
}
