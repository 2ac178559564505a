package main

// libmName is the math library (sin) on this system.
const libmName = "libm.so.0"
