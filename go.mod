module github.com/purectypes/ctypes

go 1.25.0

require (
	github.com/ebitengine/purego v0.11.3 // indirect
	github.com/jupiterrider/ffi v0.5.0 // indirect
	gonum.org/v1/gonum v0.17.0
)
