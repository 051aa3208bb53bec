// One parameter set's rows of a batch against Execute's rows for that set:
// values, certainty, validity, sources and explanations, row by row.
#pragma once

#include <annals/batch_result.hpp>
#include <annals/result.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>

namespace annals::testing {

inline void RequireSameRows(const RowRange& batch, const QueryResult& single) {
  REQUIRE(batch.size() == single.size());
  for (std::size_t i = 0; i < single.size(); ++i) {
    INFO("row " << i);
    const Row got = batch[i];
    const Row want = single[i];
    CHECK(got.values == want.values);
    CHECK(got.certainty == want.certainty);
    CHECK(got.validity == want.validity);
    REQUIRE(got.sources.size() == want.sources.size());
    for (std::size_t s = 0; s < want.sources.size(); ++s) {
      CHECK(got.sources[s].ToString() == want.sources[s].ToString());
    }
    CHECK(std::equal(got.explanation.begin(), got.explanation.end(), want.explanation.begin(),
                     want.explanation.end()));
  }
}

}  // namespace annals::testing
