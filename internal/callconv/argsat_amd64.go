//go:build linux && amd64

package callconv

import (
	"encoding/binary"
	"fmt"
)

// Arguments in a block: a plan whose calls are given, for args, the
// address of one block of memory that holds each argument's C value at a
// fixed offset (the typed bindings' Go struct of their parameters),
// instead of an array of pointers to the values. Its loader reads each
// value from the block itself (its moves marked movAddr): the caller
// builds no array, and the loader makes one load per value, not two.

// WithArgsAt returns a copy of p whose calls (Invoke, InvokeLeaf, a leaf
// plan's LeafDirect) take args as the address of a block holding argument
// i's C value at offs[i]; p's leaf bound, if any, is kept. It fails if p
// has no such form (no loader could be made).
func (p *Plan) WithArgsAt(offs []uintptr) (*Plan, error) {
	if len(offs) != len(p.args) {
		return nil, fmt.Errorf("callconv: %d argument offsets for %d arguments", len(offs), len(p.args))
	}
	var kb [64]byte
	key := append(kb[:0], 'a')
	for _, o := range offs {
		if o >= movAddr {
			return nil, fmt.Errorf("callconv: argument offset %d is too large", o)
		}
		key = binary.AppendUvarint(key, uint64(o))
	}
	return derive(p, key, func() (*Plan, error) {
		if len(p.args) == 0 {
			q := *p // reads no argument: the plan itself
			return &q, nil
		}
		if len(p.moves) == 0 || !useLoaders || p.outRecs != nil {
			return nil, errNoBoxed
		}
		q, err := p.rebase(func(i uint32) uint32 { return uint32(offs[i]) | movAddr })
		if err != nil {
			return nil, err
		}
		q.buildCaller()
		return q, nil
	})
}
