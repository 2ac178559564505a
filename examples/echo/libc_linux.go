package main

// libcName is the C library (toupper) on this system.
const libcName = "libc.so.6"
