package main

// libmName is the math library (sin): part of libSystem on this system.
const libmName = "/usr/lib/libSystem.B.dylib"
