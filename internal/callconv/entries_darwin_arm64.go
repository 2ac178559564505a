//go:build arm64 && darwin

package callconv

import "fmt"

// The callback entries on darwin: the text segment's table
// (callback_table_arm64.s). Apple's systems run no code written at run
// time outside MAP_JIT regions, which would need write protection toggled
// per thread; a fixed table needs neither.

// entryAddr returns the table's entry of index.
func entryAddr(index int) (uintptr, error) {
	if index >= tableThunks {
		return 0, fmt.Errorf("callconv: callback entry %d: darwin/arm64 has %d entries", index, tableThunks)
	}
	return thunkTableABI0 + uintptr(index)*tableThunkSize, nil
}
