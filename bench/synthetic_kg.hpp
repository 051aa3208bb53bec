// The synthetic temporal knowledge graph the benchmarks run on: organisations
// with chains of consecutive leaders, dissolved_into lineages and affiliations,
// generated deterministically from a seed and streamed fact by fact.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace annals::bench {

//! A date as the generator writes it: day precision, month precision
//! ("1921-06-##"), year precision ("1921-##-##"), or absent (an open end).
struct GenDate {
  enum class Precision : std::uint8_t { kNone, kYear, kMonth, kDay };
  Precision precision = Precision::kNone;
  std::int16_t year = 0;
  std::uint8_t month = 0;  //!< 1..12 when precision is kMonth or kDay
  std::uint8_t day = 0;    //!< 1..31 when precision is kDay

  //! "1921-06-15", "1921-06-##", "1921-##-##" or "" (kNone), into `out`
  //! (at least 10 chars); returns the length written.
  std::size_t Format(char* out) const;
};

enum class GenRelation : std::uint8_t { kLeads, kDissolvedInto, kAffiliatedWith };
inline constexpr int kGenRelationCount = 3;
[[nodiscard]] std::string_view GenRelationName(GenRelation relation);

//! Entities are numbered per kind; their names derive from kind and number.
enum class GenKind : std::uint8_t { kOrganisation, kPerson };
struct GenEntity {
  GenKind kind = GenKind::kOrganisation;
  std::uint32_t index = 0;
};
//! "Organisation 17", "Person 4021": what the TSV and the queries call them.
[[nodiscard]] std::string EntityName(GenEntity entity);
//! Appends the name to `out` without allocating a temporary.
void AppendEntityName(GenEntity entity, std::string* out);

struct GenFact {
  GenEntity subject;
  GenRelation relation = GenRelation::kLeads;
  GenEntity object;
  GenDate start;
  GenDate end;
};

struct GenOptions {
  std::uint64_t seed = 1;
  std::uint64_t facts = 100'000;  //!< exactly this many facts are produced
};

//! What a run produced; the workloads draw their parameters from it.
struct GenStats {
  std::uint64_t facts = 0;
  std::uint64_t per_relation[kGenRelationCount] = {};
  std::uint32_t organisations = 0;  //!< "Organisation 0" .. organisations-1 all occur
  std::uint32_t people = 0;         //!< "Person 0" .. people-1 all occur
  std::uint32_t multi_leaders = 0;  //!< people who lead two or more organisations
  std::uint32_t families = 0;       //!< dissolved_into lineages (DAGs)
  std::uint32_t max_depth = 0;      //!< longest dissolved_into chain, in levels
};

//! Produces exactly `options.facts` facts, calling `sink` for each; the same
//! options always give the same facts in the same order. Memory stays bounded
//! whatever the size, so 10M facts stream straight to a file.
GenStats Generate(const GenOptions& options, const std::function<void(const GenFact&)>& sink);

//! The TSV quadruple line `subject\trelation\tobject\tstart\tend\n`.
void AppendTsvLine(const GenFact& fact, std::string* out);

//! Generates and writes TSV to `out`; returns the stats. Throws
//! std::runtime_error when writing fails.
GenStats WriteTsv(const GenOptions& options, std::FILE* out);

//! Day number (days since 1970-01-01) of a civil date; the generator's own
//! copy so that it needs nothing from the library.
[[nodiscard]] std::int32_t GenDayFromCivil(int year, int month, int day);

//! The closed day range [lo, hi] a date stands for; kNone gives false.
bool GenDateRange(const GenDate& date, std::int32_t* lo, std::int32_t* hi);

}  // namespace annals::bench
