// AnswerCells: the cells it gives are the pool's values, whether a name is
// made afresh (the first few), repeated from the row above, or shared
// through its table (answers with many names).
#include "query/answer_cells.hpp"

#include "engine/store/store.hpp"
#include "query/value_pool.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

namespace annals::query {
namespace {

TEST_CASE("answer cells equal the pool's values, shared or not", "[query][answer]") {
  engine::Store store;
  std::vector<ValueId> ids;
  for (int i = 0; i < 300; ++i) {
    ids.push_back(
        ValuePool::Entity(store.InternEntity("Organisation number " + std::to_string(i))));
  }
  store.Finalize();
  ValuePool pool(store);
  for (int i = 0; i < 50; ++i) ids.push_back(pool.String("a role, " + std::to_string(i)));
  ids.push_back(pool.Number(1921));
  ids.push_back(pool.Date(VagueDate::InYear(1921)));
  ids.push_back(kNullValue);

  AnswerCells cells(pool);
  std::mt19937 random(7);
  std::vector<Value> given;
  for (int row = 0; row < 5000; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      // Column 0 repeats in runs, as a closure's start does; the others jump.
      const ValueId id = column == 0 ? ids[static_cast<std::size_t>(row / 40) % ids.size()]
                                     : ids[random() % ids.size()];
      const Value cell = cells.Get(column, id);
      CHECK(cell == pool.ToValue(id));
      given.push_back(cell);
    }
  }
  // Cells outlive the AnswerCells that made them.
  {
    AnswerCells scoped(pool);
    given.push_back(scoped.Get(0, ids[5]));
  }
  CHECK(given.back().text() == "Organisation number 5");
  CHECK(given.back().kind() == ValueKind::kEntity);
}

}  // namespace
}  // namespace annals::query
