package cdecl

import (
	"strings"

	"modernc.org/cc/v4"
)

// noHostPredefined stands in for the host compiler's predefined macros on a
// machine without one: the C standard and the data model's type macros the
// front end's built-ins use.
const noHostPredefined = `
#define __STDC__ 1
#define __STDC_VERSION__ 201710L
#define __STDC_HOSTED__ 1
#define __CHAR_BIT__ 8
`

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
	wchar := "int"
	if strings.Contains(cfg.Predefined, "__WCHAR_TYPE__ unsigned short") {
		wchar = "unsigned short"
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
