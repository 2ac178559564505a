package cdecl

import (
	"strings"

	"modernc.org/cc/v4"
)

// noHostPredefined stands in for the host compiler's predefined macros on a
// machine without one: the C standard, the platform, and the data model's
// type macros that the front end's built-ins and self-contained headers use.
func noHostPredefined(abi *cc.ABI, goos, goarch string) string {
	var b strings.Builder
	b.WriteString("#define __STDC__ 1\n#define __STDC_VERSION__ 201710L\n#define __STDC_HOSTED__ 1\n#define __CHAR_BIT__ 8\n")
	long := abi.Types[cc.Long].Size
	ptr := abi.Types[cc.Ptr].Size
	i64, word := "long long", "long long"
	if long == 8 {
		i64 = "long"
	}
	if long == ptr {
		word = "long"
	}
	wchar := "int"
	if goos == "windows" {
		wchar = "unsigned short"
	}
	if long == 8 && ptr == 8 {
		b.WriteString("#define __LP64__ 1\n#define _LP64 1\n")
	}
	for _, m := range [][2]string{
		{"__SIZE_TYPE__", "unsigned " + word}, {"__PTRDIFF_TYPE__", word}, {"__WCHAR_TYPE__", wchar},
		{"__WINT_TYPE__", "unsigned int"}, {"__INTMAX_TYPE__", i64}, {"__UINTMAX_TYPE__", "unsigned " + i64},
		{"__INTPTR_TYPE__", word}, {"__UINTPTR_TYPE__", "unsigned " + word},
		{"__INT8_TYPE__", "signed char"}, {"__INT16_TYPE__", "short"}, {"__INT32_TYPE__", "int"}, {"__INT64_TYPE__", i64},
		{"__UINT8_TYPE__", "unsigned char"}, {"__UINT16_TYPE__", "unsigned short"}, {"__UINT32_TYPE__", "unsigned int"},
		{"__UINT64_TYPE__", "unsigned " + i64}, {"__CHAR16_TYPE__", "unsigned short"}, {"__CHAR32_TYPE__", "unsigned int"},
		{"__SIZEOF_POINTER__", itoa(ptr)}, {"__SIZEOF_LONG__", itoa(long)}, {"__SIZEOF_INT__", "4"},
	} {
		b.WriteString("#define " + m[0] + " " + m[1] + "\n")
	}
	switch goarch {
	case "amd64":
		b.WriteString("#define __x86_64__ 1\n#define __x86_64 1\n#define __amd64__ 1\n")
	case "arm64":
		b.WriteString("#define __aarch64__ 1\n")
	case "386":
		b.WriteString("#define __i386__ 1\n")
	}
	switch goos {
	case "linux":
		b.WriteString("#define __linux__ 1\n#define __unix__ 1\n")
	case "darwin":
		b.WriteString("#define __APPLE__ 1\n")
	case "windows":
		b.WriteString("#define _WIN32 1\n")
		if ptr == 8 {
			b.WriteString("#define _WIN64 1\n")
		}
	}
	return b.String()
}

// preludeFor returns the declarations a declaration string may use without
// an #include, typedef'd as glibc (or the platform's C library) typedefs them,
// so that a later #include of the real header is a compatible redefinition.
func preludeFor(cfg *cc.Config) string {
	var b strings.Builder
	long := cfg.ABI.Types[cc.Long].Size
	ptr := cfg.ABI.Types[cc.Ptr].Size
	i64 := "long long"
	if long == 8 {
		i64 = "long"
	}
	word := "long long"
	if long == ptr {
		word = "long"
	}
	// wchar_t as the compiler's __WCHAR_TYPE__ says (int on x86-64, unsigned
	// int on arm64, unsigned short on Windows), so that a header's own
	// typedef of it (stddef.h) agrees with the prelude's.
	wchar := "int"
	for _, w := range []string{"unsigned short", "unsigned int", "long int", "int"} {
		if strings.Contains(cfg.Predefined, "__WCHAR_TYPE__ "+w+"\n") {
			wchar = w
			break
		}
	}
	b.WriteString("typedef signed char int8_t;\ntypedef short int16_t;\ntypedef int int32_t;\n")
	b.WriteString("typedef unsigned char uint8_t;\ntypedef unsigned short uint16_t;\ntypedef unsigned int uint32_t;\n")
	b.WriteString("typedef " + i64 + " int64_t;\ntypedef unsigned " + i64 + " uint64_t;\n")
	b.WriteString("typedef " + word + " intptr_t;\ntypedef unsigned " + word + " uintptr_t;\n")
	b.WriteString("typedef " + word + " ptrdiff_t;\ntypedef unsigned " + word + " size_t;\ntypedef " + word + " ssize_t;\n")
	b.WriteString("typedef " + i64 + " intmax_t;\ntypedef unsigned " + i64 + " uintmax_t;\n")
	b.WriteString("typedef " + wchar + " wchar_t;\n")
	b.WriteString("#define bool _Bool\n#define true 1\n#define false 0\n#define NULL ((void*)0)\n")
	return b.String()
}
