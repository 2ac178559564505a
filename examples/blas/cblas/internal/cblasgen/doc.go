// Package cblasgen is a generated typed binding of the six CBLAS functions
// package cblas wraps, made by the ctypes command from Debian's cblas.h
// (libblas-dev, netlib's header: CBLAS_INT is int, the LP64 interface every
// Debian implementation exports). Package cblas checks the arguments and
// calls these. Regenerate with go generate after changing the generator.

//go:generate go run ../../../../../cmd/ctypes gen --header /usr/include/x86_64-linux-gnu/cblas.h --lib libblas.so.3 --package cblasgen --funcs cblas_ddot,cblas_daxpy,cblas_dnrm2,cblas_dgemv,cblas_dgemm,cblas_dtrsv -o cblas.go

package cblasgen
