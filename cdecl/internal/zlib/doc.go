// zlib.go is a generated typed binding of a few zlib functions, made by the
// ctypes command from the installed zlib.h; the tests compile and call it.
// Regenerate it with go generate after changing the generator.

//go:generate go run ../../../cmd/ctypes gen --header /usr/include/zlib.h --lib libz.so.1 --package zlib --funcs zlibVersion,compressBound,compress,uncompress,crc32,adler32,deflateInit_,deflate,deflateEnd,inflateInit_,inflate,inflateEnd -o zlib.go

package zlib
