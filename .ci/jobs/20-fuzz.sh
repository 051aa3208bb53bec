#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (library instrumented too) and runs
# each for a bounded time: one per reader, seeded with the bundled dataset and
# the golden inputs of its format; one for the query language, seeded with the
# golden queries; one for snapshots, seeded with snapshots that `annals build`
# writes of the bundled dataset, the golden .dl fixtures and tests/fuzz/seeds.
# A crash, a leak, a sanitizer report or an exception other than annals::Error
# fails CI. The library is also held to -Werror here: this is the one build
# that uses clang, whose warnings differ from GCC's.
set -euo pipefail
seconds=${ANNALS_FUZZ_SECONDS:-60}
build=build-fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DANNALS_BUILD_FUZZ=ON -DANNALS_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -Werror \
    -fsanitize-ignorelist=$PWD/tests/fuzz/ubsan-ignorelist.txt"
targets="article json dl tsv query snapshot"
cmake --build "$build" --target $(printf 'fuzz_%s ' $targets) annals_cli

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# seed TARGET FIND-ARGS...: copies the matching files under datasets/ and
# tests/golden/ into TARGET's corpus, each under a name made from its path.
seed() {
  local target=$1
  shift
  mkdir -p "$work/$target"
  find datasets tests/golden "$@" \
    -exec sh -c 'dir=$1; shift; for f; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done' _ \
    "$work/$target" {} +
}
seed article \( -name '*.txt' -o -name '*.wiki' \) ! -name expected.txt
seed json -name '*.json'
seed dl -name '*.dl'
seed tsv -name '*.tsv'
# The query target runs against the bundled dataset; its seeds are the queries
# of the golden cases (the lines between `query` and `----`), one per file.
mkdir -p "$work/query"
for test in tests/golden/*/*.test; do
  awk -v out="$work/query/$(echo "$test" | tr / _)" \
    '/^query/ { n++; keep = 1; next } /^----/ { keep = 0 } keep { print > (out "." n) }' "$test"
done

mkdir -p "$work/snapshot"
for data in datasets/central-asia-1918-1924 tests/golden/*/fixtures/*.dl tests/fuzz/seeds/*.dl; do
  "$build/annals" build --data "$data" --out "$work/snapshot/$(echo "$data" | tr / _).annals" \
    >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done

for target in $targets; do
  echo "fuzz_$target: ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/" "$work/$target" >"$work/$target.log" 2>&1 &&
    status=0 || status=$?
  if [ "$status" -eq 0 ]; then
    tail -n 1 "$work/$target.log"
  else
    # Progress and dictionary lines are noise; what was thrown and the stack
    # are what a reader of the CI log needs.
    grep -v -e '^#' -e '^"' "$work/$target.log" | tail -n 60
    echo "fuzz_$target failed (exit $status); crashing inputs, base64:"
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
      [ -e "$f" ] && { echo "== $f"; base64 "$f"; }
    done
    exit 1
  fi
done
