// Main of the golden-file runner. Each *_cases.cpp in this folder registers
// one Catch2 test case per golden file at static-initialisation time, tagged
// with the folder (group) it sits in, so `annals_golden "[temporal]"` runs one
// group and ctest runs each group as its own test.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
