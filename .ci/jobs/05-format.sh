#!/usr/bin/env bash
# Every C/C++ source we own is clang-formatted (.clang-format at the root).
set -euo pipefail
files=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "format: $(echo "$files" | wc -l) files clean"
