package cdecl

import "testing"

// BenchmarkParsePrototype is the work of a one-line binding: reading one
// prototype (with the prelude and the front end's built-ins).
func BenchmarkParsePrototype(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("double sin(double);"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFunc is a one-line binding.
func BenchmarkFunc(b *testing.B) {
	lib := openLib(b, "ctest")
	for b.Loop() {
		if _, err := Func(lib, "double sum(double f[], int n)"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseZlib reads zlib.h and what it includes.
func BenchmarkParseZlib(b *testing.B) {
	for b.Loop() {
		if _, err := ParseFile("/usr/include/zlib.h"); err != nil {
			b.Skip(err)
		}
	}
}
