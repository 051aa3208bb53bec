// The value pool interns dates: equal dates share one id and every id gives
// its date back, whether the pool is still looking along its short list or
// has moved to its hash map.
#include "query/value_pool.hpp"

#include "engine/store/store.hpp"

#include <catch2/catch.hpp>

#include <vector>

namespace annals::query {
namespace {

TEST_CASE("dates keep one id each across the pool's switch to a map", "[query][values]") {
  const engine::Store store;
  ValuePool pool(store);
  std::vector<VagueDate> dates;
  for (Day day = 100; day < 130; ++day) dates.push_back(VagueDate{day, day, DateForm::kDay});
  // Same days at other precisions are other dates.
  dates.push_back(VagueDate{100, 130, DateForm::kMonth});
  dates.push_back(VagueDate{100, 130, DateForm::kYear});
  std::vector<ValueId> ids;
  for (const VagueDate& date : dates) ids.push_back(pool.Date(date));
  for (std::size_t i = 0; i < dates.size(); ++i) {
    INFO("date " << i);
    CHECK(TagOf(ids[i]) == ValueTag::kDate);
    CHECK(pool.DateOf(ids[i]).lo == dates[i].lo);
    CHECK(pool.DateOf(ids[i]).hi == dates[i].hi);
    CHECK(pool.DateOf(ids[i]).form == dates[i].form);
    for (std::size_t j = 0; j < i; ++j) CHECK(ids[j] != ids[i]);
  }
  // Asked again, in reverse, each date gets the id it got first.
  for (std::size_t i = dates.size(); i-- > 0;) CHECK(pool.Date(dates[i]) == ids[i]);
}

}  // namespace
}  // namespace annals::query
