// The one Catch2 main of the unit tests; the test cases live in *_test.cpp.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
