#!/usr/bin/env bash
# Runs the benchmarks/blas benchmarks in ROUNDS rounds (default 5), each
# round every variant once, on one core, and writes the table of medians
# into the BLAS section at the end of BENCHMARKS.md:
#   bash benchmarks/blas/report.sh
#   ROUNDS=1 BENCH='Dgemm/^4$/' UPDATE= bash benchmarks/blas/report.sh   (one size; print only)
# With valgrind installed it also counts the instructions of one 4x4 call
# (callgrind: the count of 200000 iterations minus that of 100000), which,
# unlike the times, do not depend on what else the machine runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
raw=$(mktemp)
bin=$(mktemp)
trap 'rm -f "$raw" "$bin"' EXIT
CGO_ENABLED=1 go test -c -o "$bin" ./benchmarks/blas
for round in $(seq "${ROUNDS:-5}"); do
  echo "== round $round" >&2
  OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 "$bin" -test.run '^$' -test.bench "${BENCH:-Dgemm}" \
    -test.benchmem -test.cpu 1 | tee -a "$raw" >&2
done
instr=""
if command -v valgrind >/dev/null 2>&1 && [ -z "${NOINSTR:-}" ]; then
  for v in ctypes_openblas cgo_openblas; do
    counts=()
    for n in 100000 200000; do
      out=$(GODEBUG=asyncpreemptoff=1 OPENBLAS_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" -test.run '^$' -test.bench "Dgemm/^4\$/^$v\$" -test.benchtime ${n}x -test.cpu 1 2>&1 >/dev/null)
      counts+=("$(grep -o 'Collected : [0-9]*' <<<"$out" | awk '{print $3}')")
    done
    instr+="${instr:+,}$v=$(( (counts[1] - counts[0]) / 100000 ))"
  done
  echo "== instructions per 4x4 call: $instr" >&2
fi
update=${UPDATE-BENCHMARKS.md}
go run ./benchmarks/blas/report ${update:+-update "$update"} ${instr:+-instr "$instr"} < "$raw"
[ -z "$update" ] || echo "$update updated" >&2
