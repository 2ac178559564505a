package ffi

// What a typed binding's result type asks it to capture beside the C
// result: errno (WithErrno, typed_errno.go) or, on Windows, the last
// error (WithLastError, typed_lasterror_windows.go).

// captureKind is what a capturing result type captures.
type captureKind uint8

const (
	captureErrno captureKind = iota + 1
	captureLastError
)

// capturer is implemented by WithErrno (and, on Windows, WithLastError).
type capturer interface{ captureResult() captureKind }
