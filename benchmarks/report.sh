#!/usr/bin/env bash
# Runs the benchmarks with the cgo baseline and rewrites the tables of
# BENCHMARKS.md from the medians of the run:
#   bash benchmarks/report.sh            (COUNT=5 runs of every benchmark)
#   COUNT=1 BENCH=Sin bash benchmarks/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
CGO_ENABLED=1 go test ./benchmarks -run '^$' -bench "${BENCH:-.}" -benchmem -count "${COUNT:-5}" | tee "$raw"
go run ./cmd/benchreport -update BENCHMARKS.md < "$raw"
echo "BENCHMARKS.md updated"
