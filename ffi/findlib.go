//go:build !windows

package ffi

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// ErrLibraryNotFound reports that FindLibrary found no library of that name.
var ErrLibraryNotFound = errors.New("library not found")

// ldCachePath is the dynamic linker's cache, read by FindLibrary.
var ldCachePath = "/etc/ld.so.cache"

// FindLibrary returns a name that [CDLL] can load for the library called
// name ("m", "c", "z", "ffi": without "lib" and ".so"), like Python's
// ctypes.util.find_library: the soname, such as "libm.so.6". It looks in
// the dynamic linker's cache (/etc/ld.so.cache), then in the directories of
// $LD_LIBRARY_PATH, then in the standard library directories; a file found
// on disk must be an ELF shared object of this machine, and its DT_SONAME
// is returned when it has one. A library that is not found gives an error
// wrapping [ErrLibraryNotFound].
func FindLibrary(name string) (string, error) {
	p, err := find(name)
	if err != nil {
		return "", err
	}
	return p.soname, nil
}

// FindLibraryPath is like [FindLibrary] but returns the library's absolute
// path.
func FindLibraryPath(name string) (string, error) {
	p, err := find(name)
	if err != nil {
		return "", err
	}
	return p.path, nil
}

type found struct{ soname, path string }

func find(name string) (found, error) {
	if name == "" || strings.ContainsAny(name, "/\x00") {
		return found{}, fmt.Errorf("ffi: FindLibrary(%q): %w: invalid name (want a bare name like \"m\")", name, ErrLibraryNotFound)
	}
	prefix := "lib" + name + ".so"
	if entries, err := readLDCache(ldCachePath); err == nil {
		var best found
		for _, e := range entries {
			if (e.key == prefix || strings.HasPrefix(e.key, prefix+".")) && e.flags&0xff00 == cacheArch() && soVersionLess(best.soname, e.key) {
				best = found{soname: e.key, path: e.value}
			}
		}
		if best.soname != "" {
			return best, nil
		}
	}
	dirs := filepath.SplitList(os.Getenv("LD_LIBRARY_PATH"))
	dirs = append(dirs, standardDirs()...)
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, prefix+"*"))
		sort.Slice(matches, func(i, j int) bool { return soVersionLess(filepath.Base(matches[j]), filepath.Base(matches[i])) })
		for _, m := range matches {
			base := filepath.Base(m)
			if base != prefix && !strings.HasPrefix(base, prefix+".") {
				continue
			}
			if soname, ok := elfSoname(m); ok {
				abs, _ := filepath.Abs(m)
				if soname == "" {
					soname = base
				}
				return found{soname: soname, path: abs}, nil
			}
		}
	}
	return found{}, fmt.Errorf("ffi: FindLibrary(%q): %w (searched %s, LD_LIBRARY_PATH, %s)",
		name, ErrLibraryNotFound, ldCachePath, strings.Join(standardDirs(), ", "))
}

// soVersionLess orders sonames by their version numbers: libz.so.1 <
// libz.so.1.3 < libz.so.2; "" is less than everything.
func soVersionLess(a, b string) bool {
	if a == "" {
		return b != ""
	}
	va, vb := soVersion(a), soVersion(b)
	for i := 0; i < len(va) && i < len(vb); i++ {
		if va[i] != vb[i] {
			return va[i] < vb[i]
		}
	}
	return len(va) < len(vb)
}

func soVersion(s string) []int {
	_, after, ok := strings.Cut(s, ".so")
	if !ok {
		return nil
	}
	var v []int
	for _, part := range strings.Split(strings.TrimPrefix(after, "."), ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			break
		}
		v = append(v, n)
	}
	return v
}

// standardDirs are the directories searched after $LD_LIBRARY_PATH.
func standardDirs() []string {
	multiarch := map[string]string{
		"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu", "386": "i386-linux-gnu",
		"arm": "arm-linux-gnueabihf", "riscv64": "riscv64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu",
		"s390x": "s390x-linux-gnu", "loong64": "loongarch64-linux-gnu",
	}[runtime.GOARCH]
	dirs := []string{"/lib64", "/usr/lib64"}
	if multiarch != "" {
		dirs = append(dirs, "/lib/"+multiarch, "/usr/lib/"+multiarch)
	}
	return append(dirs, "/lib", "/usr/lib", "/usr/local/lib")
}

// elfMachine is this process's ELF machine.
func elfMachine() elf.Machine {
	switch runtime.GOARCH {
	case "amd64":
		return elf.EM_X86_64
	case "arm64":
		return elf.EM_AARCH64
	case "386":
		return elf.EM_386
	case "arm":
		return elf.EM_ARM
	case "riscv64":
		return elf.EM_RISCV
	case "ppc64le":
		return elf.EM_PPC64
	case "s390x":
		return elf.EM_S390
	case "loong64":
		return elf.EM_LOONGARCH
	}
	return elf.EM_NONE
}

// elfSoname reports whether path is a shared object of this machine, and
// its DT_SONAME ("" when it has none). Linker scripts (text files named
// libc.so, for example) and other architectures' objects are refused.
func elfSoname(path string) (string, bool) {
	f, err := elf.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	if f.Machine != elfMachine() || f.Type != elf.ET_DYN {
		return "", false
	}
	names, err := f.DynString(elf.DT_SONAME)
	if err != nil || len(names) == 0 {
		return "", true
	}
	return names[0], true
}

// The glibc ld.so.cache format ("glibc-ld.so.cache1.1"): a header, then
// entries of (flags int32, key uint32, value uint32, osversion uint32,
// hwcap uint64) whose key and value are offsets of NUL-terminated strings
// from the start of the new-format header; the file may start with the
// old format ("ld.so-1.7.0") followed by the new one.
const (
	cacheMagicNew = "glibc-ld.so.cache1.1"
	cacheMagicOld = "ld.so-1.7.0"
)

// cacheArch is the ld.so.cache flag bits (type of library) of this
// machine's libraries, from glibc's dl-cache.h.
func cacheArch() int32 {
	switch runtime.GOARCH {
	case "amd64":
		return 0x0300 // FLAG_X8664_LIB64
	case "arm64":
		return 0x0a00 // FLAG_AARCH64_LIB64
	case "386", "arm":
		return 0x0000 // FLAG_ELF_LIBC6 (low bits), no arch bits
	case "riscv64":
		return 0x1000 // FLAG_RISCV_FLOAT_ABI_DOUBLE (rv64 double-float)
	case "ppc64le":
		return 0x0500 // FLAG_POWERPC_LIB64
	case "s390x":
		return 0x0400 // FLAG_S390_LIB64
	case "loong64":
		return 0x1400 // FLAG_LARCH_FLOAT_ABI_DOUBLE
	}
	return -1
}

type cacheEntry struct {
	flags      int32
	key, value string
}

// readLDCache parses the new-format part of an ld.so.cache file.
func readLDCache(path string) ([]cacheEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	base := bytes.Index(data, []byte(cacheMagicNew))
	if base < 0 {
		return nil, fmt.Errorf("%s: no %s section", path, cacheMagicNew)
	}
	d := data[base:]
	// Header: magic and version (20 bytes), nlibs, len_strings, flags and
	// padding, extension_offset, unused[3]: the entries start at 48.
	if len(d) < 48 {
		return nil, fmt.Errorf("%s: truncated header", path)
	}
	nlibs := binary.LittleEndian.Uint32(d[20:24])
	const entrySize = 4 + 4 + 4 + 4 + 8
	if uint64(48)+uint64(nlibs)*entrySize > uint64(len(d)) {
		return nil, fmt.Errorf("%s: %d entries do not fit", path, nlibs)
	}
	str := func(off uint32) string {
		if int(off) >= len(d) {
			return ""
		}
		s := d[off:]
		if i := bytes.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		return string(s)
	}
	out := make([]cacheEntry, 0, nlibs)
	for i := uint32(0); i < nlibs; i++ {
		e := d[48+i*entrySize:]
		out = append(out, cacheEntry{
			flags: int32(binary.LittleEndian.Uint32(e[0:4])),
			key:   str(binary.LittleEndian.Uint32(e[4:8])),
			value: str(binary.LittleEndian.Uint32(e[8:12])),
		})
	}
	return out, nil
}
