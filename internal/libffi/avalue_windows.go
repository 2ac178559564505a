package libffi

// rewritesAvalue: libffi's win64 ffi_call replaces avalue[i] of a struct
// passed by reference (one not of 1, 2, 4 or 8 bytes) with the address of
// its own copy, made with alloca and dead once ffi_call returns; Call hands
// it a copy of the caller's array.
const rewritesAvalue = true
