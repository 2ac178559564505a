package cblas

import (
	"fmt"
	"math"
)

// orBug returns the first non-nil error of errs: what is wrong with the
// arguments of fn, which the inlined predicates found wrong.
func orBug(fn string, errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: %s (the argument checks disagree: a bug in package cblas)", ErrArgument, fn)
}

// The predicates below are small enough to be inlined into the methods,
// which call the functions that build the errors only when one fails.

// sizeOK reports whether n is a dimension: from 0 to the largest C int.
func sizeOK(n int) bool { return uint(n) <= math.MaxInt32 }

// vecOK reports whether a slice of length l holds n elements with stride
// inc (a C int, not 0).
func vecOK(l, n, inc int) bool {
	if inc < 0 {
		inc = -inc
	}
	return inc != 0 && inc <= math.MaxInt32 && (n <= 0 || (n-1)*inc < l)
}

// matOK reports whether a slice of length l holds a rows×cols matrix
// stored in order with leading dimension ld.
func matOK(order Order, rows, cols, ld, l int) bool {
	major, minor := rows, cols
	if order == ColMajor {
		major, minor = cols, rows
	}
	return ld >= max(1, minor) && ld <= math.MaxInt32 && (rows == 0 || cols == 0 || (major-1)*ld+minor <= l)
}

func orderOK(o Order) bool     { return o == RowMajor || o == ColMajor }
func transOK(t Transpose) bool { return t == NoTrans || t == Trans || t == ConjTrans }

// size checks a dimension: from 0 to the largest C int.
func size(fn, name string, n int) error {
	if !sizeOK(n) {
		return fmt.Errorf("%w: %s: %s = %d, want 0 ≤ %s ≤ %d", ErrArgument, fn, name, n, name, math.MaxInt32)
	}
	return nil
}

// vec checks a vector of n elements with stride inc.
func vec(fn, name string, x []float64, n, inc int) error {
	if vecOK(len(x), n, inc) {
		return nil
	}
	if inc == 0 || inc > math.MaxInt32 || inc < -math.MaxInt32 {
		return fmt.Errorf("%w: %s: the stride of %s is %d", ErrArgument, fn, name, inc)
	}
	if n <= 0 {
		return nil
	}
	if inc < 0 {
		inc = -inc
	}
	if need := 1 + (n-1)*inc; len(x) < need {
		return fmt.Errorf("%w: %s: %s has %d elements, %d with stride %d need %d", ErrArgument, fn, name, len(x), n, inc, need)
	}
	return nil
}

// mat checks a rows×cols matrix stored in order with leading dimension ld.
func mat(fn, name string, a []float64, order Order, rows, cols, ld int) error {
	if matOK(order, rows, cols, ld, len(a)) {
		return nil
	}
	major, minor := rows, cols
	if order == ColMajor {
		major, minor = cols, rows
	}
	if ld < max(1, minor) || ld > math.MaxInt32 {
		return fmt.Errorf("%w: %s: the leading dimension of %s is %d, want at least %d", ErrArgument, fn, name, ld, max(1, minor))
	}
	if rows == 0 || cols == 0 {
		return nil
	}
	if need := (major-1)*ld + minor; len(a) < need {
		return fmt.Errorf("%w: %s: %s has %d elements, a %d×%d matrix with leading dimension %d needs %d", ErrArgument, fn, name, len(a), rows, cols, ld, need)
	}
	return nil
}

func checkOrder(fn string, o Order) error {
	if o != RowMajor && o != ColMajor {
		return fmt.Errorf("%w: %s: order is %d, want RowMajor (%d) or ColMajor (%d)", ErrArgument, fn, o, RowMajor, ColMajor)
	}
	return nil
}

func checkTrans(fn, name string, t Transpose) error {
	if t != NoTrans && t != Trans && t != ConjTrans {
		return fmt.Errorf("%w: %s: %s is %d, want NoTrans, Trans or ConjTrans", ErrArgument, fn, name, t)
	}
	return nil
}
