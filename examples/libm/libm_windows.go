package main

// libmName is the math library (sin): part of msvcrt.dll, the C runtime every Windows has on this system.
const libmName = "msvcrt.dll"
