#!/usr/bin/env bash
# Runs the benchmarks with the cgo baseline and rewrites the report section
# of BENCHMARKS.md (and benchmarks/matrix.svg, benchmarks/callbacks.svg)
# from the medians of the run:
#
#   bash benchmarks/report.sh                  (ROUNDS=5 BENCHTIME=100ms RERUN=3)
#   ROUNDS=1 BENCH=Sin bash benchmarks/report.sh
#
# The rounds are interleaved: each round runs every benchmark once (one
# compiled test binary, -count 1), so that a slow spell of this shared
# machine falls on every implementation of a case alike, and benchreport
# takes the median over rounds of each round's ratio to cgo. Then the
# signatures over one of issue 9's targets are re-run RERUN times and judged
# on the median of the re-runs. RAWDIR=dir keeps the raw outputs (raw.txt,
# rerun.txt); `go run ./cmd/benchreport -update BENCHMARKS.md -rerun
# dir/rerun.txt < dir/raw.txt` redraws the report from them.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=1 go test -c -o "$tmp/bench.test" ./benchmarks
run() {
  (cd benchmarks && "$tmp/bench.test" -test.run '^$' -test.bench "$1" -test.benchmem \
    -test.benchtime "${BENCHTIME:-100ms}" -test.count 1)
}
for r in $(seq "${ROUNDS:-5}"); do
  echo "== round $r of ${ROUNDS:-5}" >&2
  run "${BENCH:-.}" | tee -a "$tmp/raw.txt"
done
args=()
pattern=$(go run ./cmd/benchreport -overtarget < "$tmp/raw.txt")
if [ -n "$pattern" ] && [ "${RERUN:-3}" -gt 0 ]; then
  for r in $(seq "${RERUN:-3}"); do
    echo "== re-run $r of ${RERUN:-3}: $pattern" >&2
    run "$pattern" | tee -a "$tmp/rerun.txt"
  done
  args=(-rerun "$tmp/rerun.txt")
fi
if [ -n "${RAWDIR:-}" ]; then
  mkdir -p "$RAWDIR"
  cp "$tmp"/*.txt "$RAWDIR"/
fi
go run ./cmd/benchreport -update BENCHMARKS.md ${args[@]+"${args[@]}"} < "$tmp/raw.txt"
echo "BENCHMARKS.md updated"
