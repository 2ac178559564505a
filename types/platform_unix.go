//go:build unix

package types

// wcharSize is sizeof(wchar_t): 4 bytes (UTF-32, signed) on Unix systems.
const wcharSize = 4
