#!/usr/bin/env bash
# ThreadSanitizer over the concurrency tests: many threads querying one
# Database while another adds facts (tests/unit/api/concurrency_test.cpp),
# queries interrupted from another thread (tests/unit/api/interrupt_test.cpp),
# and the C API's threads sharing one annals_db. Warnings are held to -Werror by
# the sanitizer job at -O0; at -O2 with -fsanitize=thread GCC reports false
# maybe-uninitialized warnings, so this job does not make them errors.
set -euo pipefail
build="build-tsan"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANNALS_TSAN=ON
cmake --build "$build" --target annals_unit annals_c_api_test
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
"$build/tests/annals_unit" "[concurrency]"
"$build/tests/annals_c_api_test" datasets/central-asia-1918-1924
echo "tsan: clean"
