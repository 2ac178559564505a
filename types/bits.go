package types

import (
	"encoding/binary"
	"unsafe"
)

// The bits of a scalar in memory, in either byte order: what every file
// that reads or writes C memory uses (a file of its own, which uses no
// other, so that they need not use each other).

// loadBits reads size bytes at p in the given byte order.
func loadBits(p unsafe.Pointer, size uintptr, big bool) uint64 {
	b := unsafe.Slice((*byte)(p), size)
	order := byteOrder(big)
	switch size {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(order.Uint16(b))
	case 4:
		return uint64(order.Uint32(b))
	case 8:
		return order.Uint64(b)
	}
	return 0
}

// storeBits writes the low size bytes of bits at p in the given byte order.
func storeBits(p unsafe.Pointer, size uintptr, bits uint64, big bool) {
	b := unsafe.Slice((*byte)(p), size)
	order := byteOrder(big)
	switch size {
	case 1:
		b[0] = byte(bits)
	case 2:
		order.PutUint16(b, uint16(bits))
	case 4:
		order.PutUint32(b, uint32(bits))
	case 8:
		order.PutUint64(b, bits)
	}
}

// byteOrder is the order of a big-endian (or little-endian) scalar.
func byteOrder(big bool) binary.ByteOrder {
	if big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}
