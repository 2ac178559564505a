package main

// libcName is the C library (toupper) on this system.
const libcName = "/usr/lib/libSystem.B.dylib"
