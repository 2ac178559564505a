#!/usr/bin/env bash
# test-arm64.sh: run the whole test suite (ffi, types, the examples' tests,
# the benchmarks once) as linux/arm64 binaries under qemu user-mode
# emulation, on a linux/amd64 Debian/Ubuntu machine. The C test libraries
# are built with the aarch64 cross compiler (internal/cbuild takes $CC).
#
# Needs (installed here with apt-get when missing and running as root):
# qemu-user-static, binfmt-support, gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross, and libffi8:arm64 through multiarch (which brings
# libc6:arm64, the dynamic linker /lib/ld-linux-aarch64.so.1 that an arm64
# binary using purego asks for); and the arm64 builds of the real libraries
# the tests call: zlib, sqlite3, expat (cdecl) and the four CBLAS
# implementations (examples/blas).
#
# Written for Debian, whose mirrors carry arm64 (on Ubuntu, arm64 packages
# come from ports.ubuntu.com, which needs its own sources entry).
#
# QEMU_LD_PREFIX stays unset: with the multiarch libraries in their usual
# directories, a prefix makes qemu mix two glibc builds and hang.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
missing=()
for p in qemu-user-static binfmt-support gcc-aarch64-linux-gnu libc6-dev-arm64-cross libffi8:arm64 \
  zlib1g:arm64 libsqlite3-0:arm64 libexpat1:arm64 \
  libblas3:arm64 libopenblas0-pthread:arm64 libblis4-pthread:arm64 libatlas3-base:arm64; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Run arm64 binaries directly through binfmt_misc when it can be set up (a
# test that re-executes its own binary then works too); otherwise go test
# starts each test binary through qemu.
exec_flag=()
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && command -v update-binfmts >/dev/null; then
  $SUDO update-binfmts --enable qemu-aarch64 2>/dev/null || true
fi
if grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
  echo "== arm64 binaries run through binfmt_misc (qemu-aarch64)"
else
  echo "== binfmt_misc unavailable: go test -exec qemu-aarch64-static"
  exec_flag=(-exec qemu-aarch64-static)
fi

unset QEMU_LD_PREFIX
export GOOS=linux GOARCH=arm64 CGO_ENABLED=0 CC=aarch64-linux-gnu-gcc

status=0
echo "== go test ./... (linux/arm64 under qemu), with the count of skipped tests and why"
# internal/testsummary runs on the host.
go test "${exec_flag[@]}" -count=1 -json ./... | GOOS= GOARCH= go run ./internal/testsummary || status=1
echo "== the benchmarks, once each (linux/arm64 under qemu; each checks its result against C's)"
go test "${exec_flag[@]}" -count=1 -run '^$' -bench . -benchtime 1x ./benchmarks >/dev/null || {
  status=1; echo "FAIL benchmarks"; }
echo "== test-arm64.sh: $((SECONDS - start))s, $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
