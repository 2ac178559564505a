package callconv

import (
	"errors"
	"testing"
)

// TestLeafDarwinFallback: on darwin WithLeaf refuses with ErrLeafUnsafe
// (leaf_darwin_arm64.go says why), which makes the ffi package's leaf
// declarations ordinary calls (ffi's TestLeafTyped checks that).
func TestLeafDarwinFallback(t *testing.T) {
	p, err := NewPlan(Layout{Size: 4, Align: 4, Signed: true}, []Layout{{Size: 4, Align: 4, Signed: true}}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); !errors.Is(err, ErrLeafUnsafe) {
		t.Errorf("WithLeaf on darwin: %v, want ErrLeafUnsafe", err)
	}
}
