package ffi

// Mode is a set of dlopen flags. The modes are defined per platform
// (dlopen_unix.go, dlopen_windows.go): [ModeLazy] resolves symbols when
// first used, [ModeNow] all at load time, [ModeGlobal] makes the symbols
// available to libraries loaded later, [ModeLocal] keeps them private to
// the handle. On Windows the mode is accepted and ignored, as ctypes
// ignores it there.
type Mode int
