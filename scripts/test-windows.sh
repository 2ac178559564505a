#!/usr/bin/env bash
# test-windows.sh: run the test suite as windows/amd64 binaries under Wine,
# on a linux/amd64 Debian/Ubuntu machine. Calls and callbacks go through
# the project's Win64 engine (internal/callconv), which needs no libffi;
# the tests that compare it with libffi load the libffi DLL that
# github.com/jupiterrider/ffi embeds for windows/amd64.
#
# Needs (installed here with apt-get when missing and running as root):
# wine, wine64 and gcc-mingw-w64-x86-64. Before the tests it
#   - makes a Wine prefix (under $CTYPES_WINEPREFIX, by default in the user
#     cache directory) and puts into its system32 a bcryptprimitives.dll
#     built here with mingw that exports ProcessPrng, filling the buffer
#     with RtlGenRandom: Go 1.22 and later call ProcessPrng at start-up,
#     and Wine 8 lacks it;
#   - builds every testdata/*.c into a DLL with x86_64-w64-mingw32-gcc on
#     the Linux side, and points the tests at them with $CTYPES_PREBUILT
#     (internal/cbuild): no C compiler can run inside Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
missing=()
for p in wine wine64 gcc-mingw-w64-x86-64; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
CC=x86_64-w64-mingw32-gcc
cache=${XDG_CACHE_HOME:-$HOME/.cache}/purectypes-windows
export WINEPREFIX=${CTYPES_WINEPREFIX:-$cache/wineprefix}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono or Gecko installer prompts
mkdir -p "$cache"

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "== making the Wine prefix $WINEPREFIX"
  wineboot -i >/dev/null 2>&1 || true
  wineserver -w
fi
shim=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if ! grep -q ProcessPrng "$shim" 2>/dev/null; then
  echo "== building bcryptprimitives.dll (ProcessPrng) into $shim"
  cat > "$cache/processprng.c" <<'C'
/* bcryptprimitives.dll exporting ProcessPrng only, for a Wine that lacks it
 * (Go 1.22 and later call it at start-up): RtlGenRandom fills the buffer. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG len); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
C
  $CC -shared -O2 -o "$shim" "$cache/processprng.c" -ladvapi32
fi

# libffi-8.dll, which the oracle tests load (ffi itself never does here; Windows has no
# system libffi): the build jupiterrider/ffi embeds, from the module cache.
go mod download github.com/jupiterrider/ffi
ffidll=$(go env GOMODCACHE)/github.com/jupiterrider/ffi@$(go list -m -f '{{.Version}}' github.com/jupiterrider/ffi)/assets/libffi/windows_amd64/libffi-8.dll
cp -f "$ffidll" "$WINEPREFIX/drive_c/windows/system32/libffi-8.dll"

# The C test libraries, built here, as cbuild would build them there
# (-static: winpthread goes into the DLL instead of beside it).
prebuilt=$cache/testdata
mkdir -p "$prebuilt"
echo "== building testdata/*.c with $CC into $prebuilt"
for src in testdata/*.c; do
  $CC -shared -O2 -Wall -static -o "$prebuilt/$(basename "$src" .c).dll" "$src" -lm -lpthread
done
# The call engines' oracle checker (internal/callconv/oracle_test.go), kept
# out of testdata/ (whose every source the cdecl tests bind): oracle.dll.
$CC -shared -O2 -Wall -static -o "$prebuilt/oracle.dll" internal/callconv/testdata/oracle.c
export CTYPES_PREBUILT=$prebuilt

export GOOS=windows GOARCH=amd64 CGO_ENABLED=0
status=0
# The packages whose tests run on Windows (README, Platforms): the others
# need what Wine lacks here (C headers and a C compiler at test time, the
# BLAS builds, zlib, sqlite3, expat, a Unix process model).
pkgs="./ffi ./types ./examples/ctest ./examples/libm ./examples/echo ./internal/..."
echo "== go test $pkgs (windows/amd64 under $(wine --version)), with the count of skipped tests and why"
# internal/testsummary runs on the host.
go test -exec wine -count=1 -json $pkgs | GOOS= GOARCH= go run ./internal/testsummary || status=1
echo "== the benchmarks, once each (windows/amd64 under Wine; each checks its result against C's)"
go test -exec wine -count=1 -run '^$' -bench . -benchtime 1x ./benchmarks ./internal/callconv >/dev/null || {
  status=1; echo "FAIL benchmarks"; }
wineserver -k 2>/dev/null || true
echo "== test-windows.sh: $((SECONDS - start))s, $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
