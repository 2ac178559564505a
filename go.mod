module github.com/purectypes/ctypes

go 1.25.0

require (
	github.com/ebitengine/purego v0.11.3
	github.com/jupiterrider/ffi v0.5.0
	gonum.org/v1/gonum v0.17.0
	modernc.org/cc/v4 v4.34.0
)

require (
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/opt v0.2.0 // indirect
	modernc.org/sortutil v1.2.1 // indirect
	modernc.org/strutil v1.2.1 // indirect
	modernc.org/token v1.1.0 // indirect
)
