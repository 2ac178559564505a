package ffi

import (
	"testing"

	"github.com/purectypes/ctypes/types"
)

func BenchmarkSinCallAs(b *testing.B) {
	m, _ := CDLL("libm.so.6")
	sin, _ := m.Func("sin")
	sin.Restype = types.Double
	sin.Argtypes = []*types.Type{types.Double}
	x := 1.0
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		CallAs[float64](sin, x)
	}
}

func BenchmarkSinTyped(b *testing.B) {
	m, _ := CDLL("libm.so.6")
	sin, _ := Fn1[float64, float64](m, "sin")
	x := 1.0
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sin(x)
	}
}

func BenchmarkSinCall(b *testing.B) {
	m, _ := CDLL("libm.so.6")
	sin, _ := m.Func("sin")
	sin.Restype = types.Double
	sin.Argtypes = []*types.Type{types.Double}
	x := 1.0
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sin.Call(x)
	}
}

