#!/usr/bin/env bash
# Annals as a package: build Release, install into a temporary prefix, then
# build the standalone example against the installed CMake package (and the
# C example against annals.pc) and check they name the mid-1921 leaders.
set -euo pipefail
build="build-install"
prefix=$(mktemp -d)
example_build=$(mktemp -d)
trap 'rm -rf "$prefix" "$example_build"' EXIT

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DANNALS_BUILD_TESTS=OFF
cmake --build "$build"
cmake --install "$build" --prefix "$prefix"

expect_leaders() {
  local output=$1
  for leader in "Saidulla Tursunkhodzhayev" "Abdurashid Mukamilov"; do
    if ! grep -q "$leader" <<<"$output"; then
      echo "install-example: the answer lacks $leader:" >&2
      echo "$output" >&2
      exit 1
    fi
  done
}

# C++ via find_package(Annals).
cmake -S examples/point-in-time -B "$example_build/cpp" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$example_build/cpp"
output=$("$example_build/cpp/point_in_time")
echo "$output"
expect_leaders "$output"

# C via pkg-config, against the shared library.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib64/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
datasets=$(pkg-config --variable=datasetsdir annals)
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror examples/c-api/point_in_time.c \
  $(pkg-config --cflags --libs annals) -o "$example_build/point_in_time_c"
output=$(LD_LIBRARY_PATH="$(pkg-config --variable=libdir annals)" \
  "$example_build/point_in_time_c" "$datasets/central-asia-1918-1924")
echo "$output"
expect_leaders "$output"

# The installed CLI finds the installed datasets by itself.
output=$("$prefix/bin/annals" query 'leads(P, "Communist Party of Bukhara") @ "mid-1921"')
expect_leaders "$output"
echo "install-example: ok"
