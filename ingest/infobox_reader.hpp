// The Infobox of an article: lifespan (Founded/Dissolution), predecessors and
// successors (dissolved_into), affiliations, countries (located_in), leader
// lists (leads), and every other key as a has_<key> fact.
#pragma once

#include <annals/time.hpp>

#include "engine/store/store.hpp"
#include "ingest/article_document.hpp"
#include "ingest/fact_writer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! What a key means, decided by its words ("Country2" is a country key).
enum class InfoboxKey {
  kFounded,
  kDissolved,
  kBorn,
  kDied,
  kPredecessor,
  kSuccessor,
  kAffiliation,
  kCountry,
  kLeader,
  kOther,
};

[[nodiscard]] InfoboxKey ClassifyInfoboxKey(std::string_view key);

//! The entity an article is about, and what its infobox said about when.
struct ArticleSubject {
  engine::EntityId id = engine::kNoEntity;
  std::string name;
  std::string kind;
  std::optional<Period> lifespan;
};

//! Kind suggested by the infobox itself ("person" when it has Born/Died).
[[nodiscard]] std::string KindFromInfobox(const std::vector<InfoboxEntry>& entries);

//! Reads every entry; sets `subject.lifespan` (and the store's) first, since
//! successors and affiliations are dated by it.
void ReadInfobox(FactWriter& writer, const std::vector<InfoboxEntry>& entries,
                 ArticleSubject& subject);

}  // namespace annals::ingest
