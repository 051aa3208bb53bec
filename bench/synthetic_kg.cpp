#include "synthetic_kg.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace annals::bench {
namespace {

//! SplitMix64: tiny, fast and fully specified, so a seed gives the same data
//! with any standard library (std::uniform_int_distribution does not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  //! Uniform in [0, n); n > 0.
  std::uint32_t Below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((Next() >> 32) * n) >> 32);
  }
  //! Uniform in [lo, hi].
  std::int32_t Between(std::int32_t lo, std::int32_t hi) {
    return lo + static_cast<std::int32_t>(Below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool Chance(std::uint32_t per_mille) { return Below(1000) < per_mille; }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  //! Log-uniform in [lo, hi]: short tenures are common, twenty years rare.
  std::int32_t LogUniform(std::int32_t lo, std::int32_t hi) {
    if (hi <= lo) return lo;
    const double v = std::exp(std::log(lo) + Unit() * (std::log(hi) - std::log(lo)));
    return std::clamp(static_cast<std::int32_t>(v), lo, hi);
  }

 private:
  std::uint64_t state_;
};

struct Civil {
  int year;
  int month;
  int day;
};

// Howard Hinnant's days_from_civil / civil_from_days.
Civil CivilFromDay(std::int32_t z32) {
  std::int64_t z = z32 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

const std::int32_t kFirstDay = GenDayFromCivil(1800, 1, 1);
const std::int32_t kLastDay = GenDayFromCivil(2020, 12, 31);

constexpr std::uint32_t kRingCapacity = 1u << 14;
constexpr std::size_t kMaxWidth = 4;
constexpr int kMaxDepth = 30;
constexpr std::uint32_t kUnallocated = 0xFFFFFFFFu;
//! Chain()'s answer when the last leader is still in office (days before
//! 1970 are negative, so -1 would not do).
constexpr std::int32_t kStillOpen = INT32_MIN;

//! A person who will lead more organisations later, with their latest tenure
//! so that a later pick can prefer overlapping times (W5 needs such pairs).
struct MultiLeader {
  std::uint32_t person;
  std::uint32_t uses_left;
  std::uint32_t last_org;
  std::int32_t start;
  std::int32_t end;
  bool counted;
};

class Generator {
 public:
  Generator(const GenOptions& options, const std::function<void(const GenFact&)>& sink)
      : options_(options), sink_(sink), rng_(options.seed ^ 0xA77A15ull) {}

  GenStats Run() {
    while (!Full()) Family();
    stats_.organisations = next_org_;
    stats_.people = next_person_;
    return stats_;
  }

 private:
  struct LevelOrg {
    std::uint32_t org;
    std::int32_t start;
  };

  [[nodiscard]] bool Full() const { return stats_.facts >= options_.facts; }

  void Emit(const GenFact& fact) {
    sink_(fact);
    ++stats_.facts;
    ++stats_.per_relation[static_cast<int>(fact.relation)];
  }

  //! A day as written in a source: ~10% of endpoints lose their day (and
  //! some their month too), like "1921-##-##" in YAGO/Wikidata dumps.
  GenDate Written(std::int32_t day) {
    const Civil c = CivilFromDay(day);
    GenDate d;
    d.year = static_cast<std::int16_t>(c.year);
    d.month = static_cast<std::uint8_t>(c.month);
    d.day = static_cast<std::uint8_t>(c.day);
    d.precision = GenDate::Precision::kDay;
    if (rng_.Chance(100)) {
      d.precision = rng_.Chance(600) ? GenDate::Precision::kYear : GenDate::Precision::kMonth;
      d.day = 0;
      if (d.precision == GenDate::Precision::kYear) d.month = 0;
    }
    return d;
  }

  //! Most lineages are one or a few organisations long; one in twenty runs 6
  //! to 30 generations (their organisations live only a few years each, so
  //! they must stay rare for the typical organisation to last decades).
  int ChooseDepth() {
    const std::uint32_t u = rng_.Below(100);
    if (u < 60) return 1;
    if (u < 95) return rng_.Between(2, 5);
    return rng_.Between(6, kMaxDepth);
  }

  void Family() {
    ++stats_.families;
    const std::uint32_t family_first_org = next_org_;
    const int depth = ChooseDepth();
    // Deep lineages start early so that thirty generations fit before 2021.
    const int latest_year = std::max(1800, 2000 - 5 * depth);
    const std::int32_t first = rng_.Between(kFirstDay, GenDayFromCivil(latest_year, 12, 31));
    const std::int32_t budget = (kLastDay - first) / depth;
    const std::int32_t cap = std::clamp(budget * 2 / 22, 60, 7300);

    std::vector<LevelOrg> level;
    const int width = rng_.Chance(300) ? 2 : 1;
    for (int i = 0; i < width; ++i) level.push_back({kUnallocated, first + rng_.Between(0, 60)});

    for (int l = 0; l < depth && !level.empty(); ++l) {
      std::vector<LevelOrg> next;
      for (LevelOrg& org : level) {
        if (Full()) return;
        // Numbered when first written, so that every number in the stats occurs.
        if (org.org == kUnallocated) org.org = next_org_++;
        stats_.max_depth = std::max(stats_.max_depth, static_cast<std::uint32_t>(l + 1));
        const std::int32_t end = Chain(org, cap);
        Affiliations(org, end == kStillOpen ? kLastDay : end, family_first_org);
        if (l + 1 >= depth || end == kStillOpen || end + 60 > kLastDay) continue;
        const int successors = rng_.Chance(200) ? 2 : 1;
        for (int s = 0; s < successors; ++s) {
          if (Full()) return;
          std::size_t target;
          const bool merge = !next.empty() && (rng_.Chance(250) || next.size() >= kMaxWidth);
          if (merge) {
            target = rng_.Below(static_cast<std::uint32_t>(next.size()));
            next[target].start = std::max(next[target].start, end + 1);
          } else {
            target = next.size();
            next.push_back({next_org_++, end + 1});
          }
          const GenDate when = Written(end);
          Emit({{GenKind::kOrganisation, org.org},
                GenRelation::kDissolvedInto,
                {GenKind::kOrganisation, next[target].org},
                when,
                when});
        }
      }
      level = std::move(next);
    }
  }

  //! The organisation's leaders, one after another; returns the day the last
  //! one left, or kStillOpen when the last one is still in office.
  std::int32_t Chain(const LevelOrg& org, std::int32_t cap) {
    const int leaders = rng_.Between(5, 40);
    std::int32_t day = org.start;
    for (int i = 0; i < leaders; ++i) {
      if (Full()) return day - 1;
      std::int32_t end = day + rng_.LogUniform(30, cap);
      const bool open = end >= kLastDay;
      if (open) end = kLastDay;
      const std::uint32_t person = PickLeader(org.org, day, end);
      Emit({{GenKind::kPerson, person},
            GenRelation::kLeads,
            {GenKind::kOrganisation, org.org},
            Written(day),
            open ? GenDate{} : Written(end)});
      if (open) return kStillOpen;
      day = end + 1;
    }
    return day - 1;
  }

  std::uint32_t PickLeader(std::uint32_t org, std::int32_t start, std::int32_t end) {
    // ~5% of people lead 2-4 organisations: one slot in eleven goes to one of them.
    if (!ring_.empty() && rng_.Below(11) == 0) {
      std::size_t chosen = ring_.size();
      for (int attempt = 0; attempt < 8; ++attempt) {
        const std::size_t i = rng_.Below(static_cast<std::uint32_t>(ring_.size()));
        if (ring_[i].last_org == org) continue;
        if (chosen == ring_.size()) chosen = i;
        if (ring_[i].start <= end && start <= ring_[i].end) {
          chosen = i;
          break;
        }
      }
      if (chosen != ring_.size()) {
        MultiLeader& m = ring_[chosen];
        const std::uint32_t person = m.person;
        if (!m.counted) {
          m.counted = true;
          ++stats_.multi_leaders;
        }
        m.last_org = org;
        m.start = start;
        m.end = end;
        if (--m.uses_left == 0) {
          ring_[chosen] = ring_.back();
          ring_.pop_back();
        }
        return person;
      }
    }
    const std::uint32_t person = next_person_++;
    if (rng_.Chance(50)) {
      const MultiLeader m{person, static_cast<std::uint32_t>(rng_.Between(1, 3)), org, start, end,
                          false};
      if (ring_.size() < kRingCapacity) {
        ring_.push_back(m);
      } else {
        ring_[rng_.Below(kRingCapacity)] = m;
      }
    }
    return person;
  }

  void Affiliations(const LevelOrg& org, std::int32_t end, std::uint32_t family_first_org) {
    if (family_first_org == 0 || !rng_.Chance(400)) return;
    const int count = rng_.Between(1, 2);
    for (int i = 0; i < count; ++i) {
      if (Full()) return;
      const std::uint32_t umbrella = rng_.Below(family_first_org);
      const std::int32_t length = std::max(0, end - org.start);
      const std::int32_t from = org.start + rng_.Between(0, length);
      const std::int32_t to = from + rng_.Between(0, end - from);
      const bool open = to >= kLastDay && rng_.Chance(500);
      Emit({{GenKind::kOrganisation, org.org},
            GenRelation::kAffiliatedWith,
            {GenKind::kOrganisation, umbrella},
            Written(from),
            open ? GenDate{} : Written(to)});
    }
  }

  const GenOptions& options_;
  const std::function<void(const GenFact&)>& sink_;
  Rng rng_;
  GenStats stats_;
  std::uint32_t next_org_ = 0;
  std::uint32_t next_person_ = 0;
  std::vector<MultiLeader> ring_;
};

char* Digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

std::int32_t GenDayFromCivil(int year, int month, int day) {
  const int y = year - (month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool GenDateRange(const GenDate& date, std::int32_t* lo, std::int32_t* hi) {
  switch (date.precision) {
    case GenDate::Precision::kNone:
      return false;
    case GenDate::Precision::kYear:
      *lo = GenDayFromCivil(date.year, 1, 1);
      *hi = GenDayFromCivil(date.year, 12, 31);
      return true;
    case GenDate::Precision::kMonth:
      *lo = GenDayFromCivil(date.year, date.month, 1);
      *hi = GenDayFromCivil(date.year, date.month, DaysInMonth(date.year, date.month));
      return true;
    case GenDate::Precision::kDay:
      *lo = *hi = GenDayFromCivil(date.year, date.month, date.day);
      return true;
  }
  return false;
}

std::size_t GenDate::Format(char* out) const {
  if (precision == Precision::kNone) return 0;
  char* p = Digits(out, year, 4);
  *p++ = '-';
  if (precision == Precision::kYear) {
    *p++ = '#';
    *p++ = '#';
  } else {
    p = Digits(p, month, 2);
  }
  *p++ = '-';
  if (precision == Precision::kDay) {
    p = Digits(p, day, 2);
  } else {
    *p++ = '#';
    *p++ = '#';
  }
  return static_cast<std::size_t>(p - out);
}

std::string_view GenRelationName(GenRelation relation) {
  switch (relation) {
    case GenRelation::kLeads:
      return "leads";
    case GenRelation::kDissolvedInto:
      return "dissolved_into";
    case GenRelation::kAffiliatedWith:
      return "affiliated_with";
  }
  return "?";
}

void AppendEntityName(GenEntity entity, std::string* out) {
  out->append(entity.kind == GenKind::kOrganisation ? "Organisation " : "Person ");
  char buffer[16];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, entity.index);
  out->append(buffer, result.ptr);
}

std::string EntityName(GenEntity entity) {
  std::string name;
  AppendEntityName(entity, &name);
  return name;
}

void AppendTsvLine(const GenFact& fact, std::string* out) {
  char date[16];
  AppendEntityName(fact.subject, out);
  out->push_back('\t');
  out->append(GenRelationName(fact.relation));
  out->push_back('\t');
  AppendEntityName(fact.object, out);
  out->push_back('\t');
  out->append(date, fact.start.Format(date));
  out->push_back('\t');
  out->append(date, fact.end.Format(date));
  out->push_back('\n');
}

GenStats Generate(const GenOptions& options, const std::function<void(const GenFact&)>& sink) {
  return Generator(options, sink).Run();
}

GenStats WriteTsv(const GenOptions& options, std::FILE* out) {
  std::string buffer;
  buffer.reserve(1u << 20);
  auto flush = [&] {
    if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) {
      throw std::runtime_error("cannot write the generated TSV (disk full?)");
    }
    buffer.clear();
  };
  const GenStats stats = Generate(options, [&](const GenFact& fact) {
    AppendTsvLine(fact, &buffer);
    if (buffer.size() >= (1u << 20) - 256) flush();
  });
  flush();
  if (std::fflush(out) != 0) throw std::runtime_error("cannot write the generated TSV");
  return stats;
}

}  // namespace annals::bench
