//go:build cgo

package benchmarks

// #include <stddef.h>
import "C"

import "unsafe"

//export goCompare
func goCompare(a, b unsafe.Pointer) C.int {
	x, y := *(*int32)(a), *(*int32)(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
