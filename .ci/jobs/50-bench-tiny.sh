#!/usr/bin/env bash
# The benchmarks build and run at a tiny size, so that they cannot rot: the
# generator, the Annals-vs-SQLite comparison (which fails when the two
# engines disagree on an answer or a workload errors) and the Google
# Benchmark executable. No timing is asserted; speed is read, not tested.
set -euo pipefail
build="build-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DANNALS_BUILD_TESTS=OFF \
  -DANNALS_BUILD_BENCH=ON
cmake --build "$build" --target annals_gen annals_compare annals_bench

# Deterministic: the same seed and size give the same file.
"$build/bench/annals_gen" --facts 20k --seed 7 --out "$work/a.tsv"
"$build/bench/annals_gen" --facts 20k --seed 7 --out "$work/b.tsv"
cmp "$work/a.tsv" "$work/b.tsv"
lines=$(wc -l <"$work/a.tsv")
if [ "$lines" -ne 20000 ]; then
  echo "bench-tiny: annals_gen wrote $lines lines, expected 20000" >&2
  exit 1
fi

"$build/bench/annals_compare" --facts 20k --seed 7 --repeat 2 --tsv "$work/a.tsv" --reuse-tsv
# The other timing orders' code paths (rounds runs each way with an untimed
# run of its own before it, cold with one of the other engine's).
for order in rounds cold; do
  "$build/bench/annals_compare" --facts 20k --seed 7 --repeat 2 --order "$order" --only W2,W4 \
    --tsv "$work/a.tsv" --reuse-tsv
done

# Several processes summarized: every run must succeed and list the same rows.
python3 bench/compare_runs.py --runs 2 --compare "$build/bench/annals_compare" -- \
  --facts 20k --seed 7 --repeat 2 --only W2 --tsv "$work/a.tsv" --reuse-tsv >"$work/runs.txt"
if ! grep -q '^W2 10,000 lookups, prepared batch / SQLite loop .*x (.*x - .*x)$' "$work/runs.txt"; then
  echo "bench-tiny: compare_runs.py printed no W2 batch row with a median and range:" >&2
  cat "$work/runs.txt" >&2
  exit 1
fi

# Only the smallest size of the workload benchmarks (the large ones load 1M
# and 10M facts); every other benchmark at a token duration.
"$build/bench/annals_bench" --benchmark_min_time=0.01 \
  --benchmark_filter='-/(1000000|10000000)(/real_time/threads:[0-9]+)?$'
