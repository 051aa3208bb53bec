#include "annals_kg.hpp"

#include <annals/error.hpp>
#include <annals/parameter_table.hpp>
#include <annals/time.hpp>

#include "engine/store/snapshot.hpp"
#include "ingest/loader.hpp"
#include "query/prepared.hpp"
#include "query/run.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "workload_plan.hpp"

namespace annals::bench {
namespace {

QueryOptions Unlimited(Sources sources = Sources::kWith) {
  QueryOptions options;
  options.row_limit = std::numeric_limits<std::size_t>::max();
  options.sources = sources == Sources::kWith;
  return options;
}

void Tally(Certainty certainty, Answer* answer) {
  ++answer->rows;
  if (certainty == Certainty::kCertain) ++answer->certain;
  if (certainty == Certainty::kPossible) ++answer->possible;
}

// The lineage rule of W4: dissolved_into, followed any number of times,
// whenever each step happened (`@ _` keeps an atom's period out of the row's
// validity; without it a chain of dissolutions on different days would
// intersect to nothing).
constexpr const char* kLineageRules =
    "reach(X, Y) :- dissolved_into(X, Y) @ _.\n"
    "reach(X, Z) :- reach(X, Y) @ _, dissolved_into(Y, Z) @ _.\n";

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

}  // namespace

LoadReport AnnalsKg::LoadTsv(const std::string& tsv_path) {
  LoadReport report = ingest::LoadPath(store_, tsv_path, LoadOptions{});
  if (!store_.IsFinalized()) store_.Finalize();
  return report;
}

LoadReport AnnalsKg::LoadGenerated(const GenOptions& options, GenStats* stats,
                                   const std::function<void(const GenFact&)>& observe) {
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  LoadReport report;
  std::string block;
  block.reserve(kBlock + 4096);
  auto flush = [&] {
    report.Append(ingest::LoadText(store_, block, "tsv", "synthetic.tsv", LoadOptions{}));
    block.clear();
  };
  *stats = Generate(options, [&](const GenFact& fact) {
    if (observe) observe(fact);
    AppendTsvLine(fact, &block);
    if (block.size() >= kBlock) flush();
  });
  flush();
  store_.Finalize();
  return report;
}

void AnnalsKg::SaveSnapshot(const std::string& path) const { engine::SaveSnapshot(store_, path); }

void AnnalsKg::OpenSnapshot(const std::string& path, engine::SnapshotAccess access) {
  // Prepared queries point at the old store.
  leaders_on_.reset();
  leads_on_.reset();
  reachable_.reset();
  closure_kept_.reset();
  same_leader_kept_.reset();
  store_ = engine::OpenSnapshot(path, access);
}

engine::RelationId AnnalsKg::Relation(const char* name) const {
  const auto relation = store_.FindRelation(name);
  if (!relation) throw Error(ErrorCode::kUnknownRelation, std::string("no relation ") + name);
  return *relation;
}

std::string AnnalsKg::LeadersOnText(std::string_view organisation, std::int32_t day) {
  return "?- leads(P, " + Quoted(organisation) + ") @ " + IsoDay(day) + ".";
}
std::string AnnalsKg::LeadsOnText(std::int32_t day) {
  return "?- leads(P, O) @ " + IsoDay(day) + ".";
}
std::string AnnalsKg::ReachableText(std::string_view organisation) {
  return std::string(kLineageRules) + "?- reach(" + Quoted(organisation) + ", Y).";
}
std::string AnnalsKg::ClosureText() { return std::string(kLineageRules) + "?- reach(X, Y)."; }
std::string AnnalsKg::SameLeaderOverlapText() { return "?- leads(P, A), leads(P, B), A != B."; }

Answer AnnalsKg::Run(const std::string& text, Sources sources) const {
  return Count(query::RunQuery(store_, text, Unlimited(sources)));
}

const query::PreparedQuery& AnnalsKg::Prepared(std::unique_ptr<query::PreparedQuery>* slot,
                                               std::string_view text) const {
  if (!*slot) *slot = std::make_unique<query::PreparedQuery>(store_, text);
  return **slot;
}

const query::PreparedQuery& AnnalsKg::PreparedKeepingMemory(
    std::unique_ptr<query::PreparedQuery>* slot, std::string_view text) const {
  if (!*slot) {
    Prepared(slot, text).SetMaxKeptBytes(std::numeric_limits<std::size_t>::max());
  }
  return **slot;
}

Answer AnnalsKg::RunKept(const query::PreparedQuery& prepared, Sources sources,
                         QueryResult* last) const {
  *last = prepared.Execute(Unlimited(sources), {}, last);
  return Count(*last);
}

Answer AnnalsKg::ClosureKept(Sources sources) const {
  return RunKept(PreparedKeepingMemory(&closure_kept_, ClosureText()), sources, &closure_last_);
}

Answer AnnalsKg::SameLeaderOverlapKept(Sources sources) const {
  return RunKept(PreparedKeepingMemory(&same_leader_kept_, SameLeaderOverlapText()), sources,
                 &same_leader_last_);
}

void AnnalsKg::ReleaseKept() {
  closure_kept_.reset();
  same_leader_kept_.reset();
  closure_last_ = QueryResult();
  same_leader_last_ = QueryResult();
}

std::size_t AnnalsKg::ClosureKeptBytes() const {
  return closure_kept_ ? closure_kept_->KeptBytes() : 0;
}

std::size_t AnnalsKg::SameLeaderOverlapKeptBytes() const {
  return same_leader_kept_ ? same_leader_kept_->KeptBytes() : 0;
}

Answer AnnalsKg::Count(const QueryResult& result) {
  Answer answer;
  for (const Row& row : result) Tally(row.certainty, &answer);
  return answer;
}

Answer AnnalsKg::LeadersOnPrepared(std::string_view organisation, std::int32_t day) const {
  const query::PreparedQuery& prepared = Prepared(&leaders_on_, "?- leads(P, $org) @ $day.");
  VagueDate date{day, day, DateForm::kDay};
  return Count(prepared.Execute(
      Unlimited(), {{"org", Value::Entity(organisation)}, {"day", Value::Date(date)}}));
}

Answer AnnalsKg::LeadersOnBatch(std::span<const std::string_view> organisations,
                                std::span<const std::int32_t> days) const {
  const query::PreparedQuery& prepared = Prepared(&leaders_on_, "?- leads(P, $org) @ $day.");
  // A table, as PreparedQuery::ExecuteBatch takes it: the sets side by side.
  ParameterTable sets({"org", "day"});
  sets.Reserve(organisations.size());
  for (std::size_t i = 0; i < organisations.size(); ++i) {
    sets.AddSet({Value::Entity(organisations[i]), Value::Date({days[i], days[i], DateForm::kDay})});
  }
  std::vector<std::size_t> set_ends;
  return Count(prepared.ExecuteBatch(Unlimited(), query::ViewsOf(sets), &set_ends));
}

Answer AnnalsKg::LeadsOnPrepared(std::int32_t day) const {
  const query::PreparedQuery& prepared = Prepared(&leads_on_, "?- leads(P, O) @ $day.");
  VagueDate date{day, day, DateForm::kDay};
  return Count(prepared.Execute(Unlimited(), {{"day", Value::Date(date)}}));
}

Answer AnnalsKg::ReachablePrepared(std::string_view organisation, Sources sources) const {
  // Built once: the text is read only when the query is first prepared.
  static const std::string text = std::string(kLineageRules) + "?- reach($org, Y).";
  const query::PreparedQuery& prepared = Prepared(&reachable_, text);
  return Count(prepared.Execute(Unlimited(sources), {{"org", Value::Entity(organisation)}}));
}

Answer AnnalsKg::LeadersOnQuery(std::string_view organisation, std::int32_t day) const {
  return Run(LeadersOnText(organisation, day));
}
Answer AnnalsKg::LeadsOnQuery(std::int32_t day, Sources sources) const {
  return Run(LeadsOnText(day), sources);
}
Answer AnnalsKg::ReachableQuery(std::string_view organisation) const {
  return Run(ReachableText(organisation));
}
Answer AnnalsKg::ClosureQuery(Sources sources) const { return Run(ClosureText(), sources); }
Answer AnnalsKg::SameLeaderOverlapQuery(Sources sources) const {
  return Run(SameLeaderOverlapText(), sources);
}

Answer AnnalsKg::LeadersOnDirect(std::string_view organisation, std::int32_t day) const {
  Answer answer;
  const auto org = store_.FindEntity(organisation);
  if (!org) return answer;
  names_.clear();
  store_.FactsOfObjectDuring(Relation("leads"), *org, day, day, [&](engine::FactId id) {
    const engine::FactView fact = store_.Fact(id);
    names_.push_back(store_.EntityName(fact.subject));
    Tally(HoldsDuring(fact.period, day, day), &answer);
    return true;
  });
  return answer;
}

Answer AnnalsKg::LeadsOnDirect(std::int32_t day) const {
  Answer answer;
  names_.clear();
  store_.FactsDuring(Relation("leads"), day, day, [&](engine::FactId id) {
    const engine::FactView fact = store_.Fact(id);
    names_.push_back(store_.EntityName(fact.subject));
    names_.push_back(store_.EntityName(fact.object));
    Tally(HoldsDuring(fact.period, day, day), &answer);
    return true;
  });
  return answer;
}

Answer AnnalsKg::ReachableDirect(std::string_view organisation) const {
  Answer answer;
  const auto start = store_.FindEntity(organisation);
  if (!start) return answer;
  const engine::RelationId dissolved = Relation("dissolved_into");
  std::vector<engine::EntityId> frontier{store_.Canonical(*start)};
  std::unordered_set<engine::EntityId> seen;
  names_.clear();
  while (!frontier.empty()) {
    const engine::EntityId from = frontier.back();
    frontier.pop_back();
    store_.FactsOfSubjectDuring(dissolved, from, kMinDay, kMaxDay, [&](engine::FactId id) {
      const engine::EntityId to = store_.Fact(id).object;
      if (seen.insert(to).second) {
        frontier.push_back(to);
        names_.push_back(store_.EntityName(to));
      }
      return true;
    });
  }
  answer.rows = seen.size();
  return answer;
}

Answer AnnalsKg::ClosureDirect() const {
  // Successor lists once, then a search from every organisation that has one.
  const engine::RelationId dissolved = Relation("dissolved_into");
  std::vector<std::pair<engine::EntityId, engine::EntityId>> edges;
  store_.FactsDuring(dissolved, kMinDay, kMaxDay, [&](engine::FactId id) {
    const engine::FactView fact = store_.Fact(id);
    edges.emplace_back(fact.subject, fact.object);
    return true;
  });
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  auto successors = [&](engine::EntityId from) {
    const auto lo = std::lower_bound(edges.begin(), edges.end(), std::make_pair(from, 0u));
    auto hi = lo;
    while (hi != edges.end() && hi->first == from) ++hi;
    return std::make_pair(lo, hi);
  };
  Answer answer;
  std::vector<engine::EntityId> frontier;
  std::vector<std::uint32_t> mark(store_.EntityCount(), 0);
  std::uint32_t generation = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (i > 0 && edges[i].first == edges[i - 1].first) continue;
    ++generation;
    frontier.assign(1, edges[i].first);
    while (!frontier.empty()) {
      const engine::EntityId from = frontier.back();
      frontier.pop_back();
      const auto [lo, hi] = successors(from);
      for (auto it = lo; it != hi; ++it) {
        if (mark[it->second] == generation) continue;
        mark[it->second] = generation;
        frontier.push_back(it->second);
        ++answer.rows;
      }
    }
  }
  return answer;
}

Answer AnnalsKg::SameLeaderOverlapDirect() const {
  // A self-join by grouping: every leads fact once, grouped by leader; only
  // the ~5% of people with several organisations cost more than the grouping.
  struct Tenure {
    engine::EntityId person;
    engine::EntityId organisation;
    Day lo;  //!< earliest possible start
    Day hi;  //!< latest possible end
  };
  std::vector<Tenure> tenures;
  tenures.reserve(store_.FactCount(Relation("leads")));
  store_.FactsDuring(Relation("leads"), kMinDay, kMaxDay, [&](engine::FactId id) {
    const engine::FactView fact = store_.Fact(id);
    tenures.push_back({fact.subject, fact.object, fact.period.start.lo, fact.period.end.hi});
    return true;
  });
  // Grouped by person with a counting sort: entity ids are dense.
  std::vector<std::uint32_t> group_end(store_.EntityCount() + 1, 0);
  for (const Tenure& t : tenures) ++group_end[t.person + 1];
  for (std::size_t i = 1; i < group_end.size(); ++i) group_end[i] += group_end[i - 1];
  std::vector<Tenure> grouped(tenures.size());
  for (const Tenure& t : tenures) grouped[group_end[t.person]++] = t;
  tenures.swap(grouped);
  std::vector<std::tuple<engine::EntityId, engine::EntityId, engine::EntityId>> triples;
  for (std::size_t begin = 0; begin < tenures.size();) {
    std::size_t end = begin + 1;
    while (end < tenures.size() && tenures[end].person == tenures[begin].person) ++end;
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = begin; j < end; ++j) {
        const Tenure& a = tenures[i];
        const Tenure& b = tenures[j];
        if (a.organisation != b.organisation && a.lo <= b.hi && b.lo <= a.hi) {
          triples.emplace_back(a.person, a.organisation, b.organisation);
        }
      }
    }
    begin = end;
  }
  std::sort(triples.begin(), triples.end());
  Answer answer;
  answer.rows =
      static_cast<std::uint64_t>(std::unique(triples.begin(), triples.end()) - triples.begin());
  return answer;
}

}  // namespace annals::bench
