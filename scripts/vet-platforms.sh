#!/usr/bin/env bash
# vet-platforms.sh: `go vet ./...` with CGO_ENABLED=0, test files included,
# for every platform the module builds for besides linux/amd64 (README,
# Platforms): the two it runs on under emulation and the rest of purego's,
# most of which are built, not run. Cross-compiling to the BSDs without cgo
# needs purego's flag, -gcflags=github.com/ebitengine/purego/internal/fakecgo=-std.
# Two targets vet at a time (each compiles the standard library and the
# dependencies for its platform: about 50 s of CPU per target, cold).
# Usage: bash scripts/vet-platforms.sh [GOOS/GOARCH ...]
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
  targets=(linux/arm64 windows/amd64
    darwin/amd64 darwin/arm64 freebsd/amd64 freebsd/arm64 netbsd/amd64 netbsd/arm64
    linux/386 linux/arm linux/riscv64 linux/ppc64le linux/loong64 windows/386 windows/arm64)
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

vet() {
  local t=$1 flags=() s=$SECONDS
  case $t in
  freebsd/* | netbsd/*) flags=(-gcflags=github.com/ebitengine/purego/internal/fakecgo=-std) ;;
  esac
  if GOOS=${t%/*} GOARCH=${t#*/} CGO_ENABLED=0 go vet "${flags[@]}" ./... >"$logs/${t/\//_}" 2>&1; then
    echo "ok   $t ($((SECONDS - s)) s)"
  else
    echo "FAIL $t ($((SECONDS - s)) s)"
    return 1
  fi
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  # At most two at a time: wait for the oldest before starting a third.
  if [ ${#pids[@]} -ge 2 ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
  vet "$t" &
  pids+=($!)
  names+=("$t")
done
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
for t in "${names[@]}"; do
  if [ -s "$logs/${t/\//_}" ]; then
    echo "== go vet for $t:"
    cat "$logs/${t/\//_}"
  fi
done
echo "== vet-platforms.sh: ${#targets[@]} platforms, $((SECONDS - start)) s, $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
