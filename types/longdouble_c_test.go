package types_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/types"
)

// ldTexts are decimal numbers C's strtold and Go's Set both read, rounding
// to the long double: the test compares the bytes they store.
var ldTexts = []string{"0", "-0", "1", "-2.5", "0.1", "3.14159265358979323846264338327950288419716939937510",
	"1e4000", "-1e-4940", "1e-4960", "6.5e-4951", "1.18973149535723176502e+4932", "3.36210314311209350626e-4932",
	"18446744073709551615", "9007199254740993", "1e300", "4.9406564584124654e-324", "2.2250738585072014e-308"}

// TestLongDoubleMatchesC compiles a C program that prints sizeof,
// _Alignof and LDBL_MANT_DIG of long double, a struct's layout, and the
// bytes strtold stores for ldTexts, and compares them with the types
// package (for linux/386 too, with gcc -m32).
func TestLongDoubleMatchesC(t *testing.T) {
	var src strings.Builder
	src.WriteString(`#include <float.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct S { char c; long double x; short s; };
static void dump(const char *s) {
	long double x = strtold(s, NULL);
	unsigned char b[sizeof x];
	memset(b, 0, sizeof b);
	memcpy(b, &x, sizeof x);
	for (size_t i = 0; i < sizeof b; i++) printf("%02x", b[i]);
	printf("\n");
}
int main(void) {
	printf("%zu %zu %d %zu %zu %zu %zu\n", sizeof(long double), _Alignof(long double), LDBL_MANT_DIG,
		sizeof(struct S), _Alignof(struct S), offsetof(struct S, x), offsetof(struct S, s));
`)
	for _, s := range ldTexts {
		fmt.Fprintf(&src, "\tdump(%q);\n", s)
	}
	src.WriteString("\treturn 0;\n}\n")
	lines := strings.Split(strings.TrimSpace(runC(t, []byte(src.String()))), "\n")
	ld := types.LongDouble
	st := types.MustStructOf("S", []types.Field{types.F("c", types.Char), types.F("x", ld), types.F("s", types.Short)})
	fx, _ := st.FieldByName("x")
	fs, _ := st.FieldByName("s")
	if want := fmt.Sprintf("%d %d %d %d %d %d %d", ld.Size(), ld.Align(), types.LongDoublePrec,
		st.Size(), st.Align(), fx.Offset, fs.Offset); lines[0] != want {
		t.Errorf("C says sizeof, _Alignof, LDBL_MANT_DIG, struct S (size, align, offsets of x and s): %s; types says %s", lines[0], want)
	}
	// The bytes that hold the value: all but the x87 format's padding.
	n := int(ld.Size())
	if types.LongDoubleFormat == "x87 extended" {
		n = 10
	}
	for i, s := range ldTexts {
		x, _, err := big.ParseFloat(s, 10, 4000, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		v, err := ld.New(x)
		if errors.Is(err, types.ErrRange) && types.LongDoublePrec == 53 {
			continue // 1e4000 is no double
		}
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		c := lines[1+i][:2*n]
		if g := hex.EncodeToString(v.Bytes()[:n]); g != c {
			t.Errorf("%s: Go stores %s, C's strtold %s", s, g, c)
		}
	}
}
