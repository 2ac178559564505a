//go:build arm64 && linux

package callconv

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestEntryPagesNotWritable: the pages of callback entries are read+execute,
// never writable and executable at once.
func TestEntryPagesNotWritable(t *testing.T) {
	cbOnce.Do(func() { SetCallbackHandler(testCallbackHandler) })
	code, err := EntryAddr(1)
	if err != nil {
		t.Fatal(err)
	}
	far, err := EntryAddr(thunkPage/thunkSize + 3) // a second page
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []uintptr{code, far} {
		perms := mappingPerms(t, addr)
		if perms[:3] != "r-x" {
			t.Errorf("callback entry %#x is mapped %q, want r-x", addr, perms)
		}
	}
	if _, err := EntryAddr(-1); err == nil {
		t.Error("EntryAddr(-1): no error")
	}
}

// mappingPerms returns the permissions /proc/self/maps gives the mapping
// holding addr.
func mappingPerms(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		lo, hi, _ := strings.Cut(fields[0], "-")
		l, _ := strconv.ParseUint(lo, 16, 64)
		h, _ := strconv.ParseUint(hi, 16, 64)
		if uint64(addr) >= l && uint64(addr) < h {
			return fields[1]
		}
	}
	t.Fatalf("%#x is in no mapping", addr)
	return ""
}
