package main

// libcName is the C library (toupper): msvcrt.dll, the C runtime every Windows has on this system.
const libcName = "msvcrt.dll"
