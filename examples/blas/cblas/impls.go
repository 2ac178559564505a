package cblas

import "runtime"

// Implementation is a shared object that provides CBLAS.
type Implementation struct {
	Name string // a short name: "reference", "openblas", "blis", "atlas"
	Path string // the file, for ffi.CDLL
	Pkg  string // the Debian package that installs it
}

// Debian lists the four CBLAS implementations Debian 12 (bookworm)
// ships, each installed in a directory of its own under the multiarch
// library directory; which one the plain name libblas.so.3 means is up to
// the alternatives system, so each is loaded by its own path. All four
// export the cblas_* functions from libblas.so.3 (ATLAS also from
// libcblas.so.3).
func Debian() []Implementation {
	dir := "/usr/lib/" + multiarch() + "/"
	return []Implementation{
		{"reference", dir + "blas/libblas.so.3", "libblas3"},
		{"openblas", dir + "openblas-pthread/libblas.so.3", "libopenblas0-pthread"},
		{"blis", dir + "blis-pthread/libblas.so.3", "libblis4-pthread"},
		{"atlas", dir + "atlas/libblas.so.3", "libatlas3-base"},
	}
}

// multiarch returns Debian's multiarch triplet for the running machine.
func multiarch() string {
	switch runtime.GOARCH {
	case "arm64":
		return "aarch64-linux-gnu"
	case "386":
		return "i386-linux-gnu"
	case "riscv64":
		return "riscv64-linux-gnu"
	case "ppc64le":
		return "powerpc64le-linux-gnu"
	case "s390x":
		return "s390x-linux-gnu"
	}
	return "x86_64-linux-gnu"
}
