// Derived tables: tuples added in bulk without the duplicate check are still
// found by later inserts, which must not add them twice.
#include "query/derived_table.hpp"

#include <catch2/catch.hpp>

#include <array>

namespace annals::query {
namespace {

TEST_CASE("tuples added in bulk are found by later inserts", "[query][derived]") {
  DerivedTable table(2);
  DerivationArena arena;
  // Enough tuples that the tuple set has to grow while catching up.
  for (std::uint32_t i = 0; i < 500; ++i) {
    const std::array<ValueId, 2> tuple{ValuePool::Entity(i), ValuePool::Entity(i + 1)};
    table.AddDistinctAlways(tuple.data());
  }
  REQUIRE(table.TupleCount() == 500);
  CHECK(table.StartRound());
  CHECK(table.Delta().size() == 500);
  const PieceCandidate always{Period::Always(), true, Certainty::kCertain};
  for (std::uint32_t i = 0; i < 500; i += 7) {
    const std::array<ValueId, 2> again{ValuePool::Entity(i), ValuePool::Entity(i + 1)};
    CHECK(table.Insert(again.data(), always, 0, {}, 0, arena) == kNoIndex);
  }
  const std::array<ValueId, 2> fresh{ValuePool::Entity(1), ValuePool::Entity(0)};
  CHECK(table.Insert(fresh.data(), always, 0, {}, 0, arena) != kNoIndex);
  CHECK(table.TupleCount() == 501);
  const Piece& bulk = table.GetPiece(table.FirstPiece(0));
  CHECK(bulk.always);
  CHECK(bulk.certainty == Certainty::kCertain);
}

}  // namespace
}  // namespace annals::query
