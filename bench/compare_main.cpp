// annals_compare: the same generated knowledge graph, the same questions, in
// Annals and in SQLite within one run; checks that the answers agree, then
// times workloads W1-W5 and prints one table.
//   annals_compare --facts 1M --seed 1
#include <annals/error.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "annals_kg.hpp"
#include "answer.hpp"
#include "bench_args.hpp"
#include "name_list.hpp"
#include "process_memory.hpp"
#include "sqlite_kg.hpp"
#include "synthetic_kg.hpp"
#include "workload_plan.hpp"
#include "workload_timer.hpp"

namespace annals::bench {
namespace {

constexpr const char* kUsage =
    "usage: annals_compare [--facts N] [--seed S] [--tsv FILE] [--reuse-tsv] [--repeat R]\n"
    "                      [--order O] [--clock C] [--no-sqlite] [--explain] [--only LIST]\n"
    "  --facts N     facts to generate (default 100k; suffixes k and M accepted)\n"
    "  --seed S      generator and workload seed (default 1)\n"
    "  --tsv FILE    where the generated TSV goes (default: annals-compare-<N>-<S>.tsv\n"
    "                in the temporary directory, removed afterwards)\n"
    "  --reuse-tsv   read FILE as it is (it must come from annals_gen with the same\n"
    "                --facts and --seed) instead of writing it\n"
    "  --repeat R    time each engine's and path's query workloads R times and keep\n"
    "                each one's best (default 3)\n"
    "  --order O     in which order the R runs go (see bench/workload_timer.hpp):\n"
    "                blocks (default: each one's runs back to back, the steady\n"
    "                state of one workload), rounds (each one once a round, just\n"
    "                after an untimed run of its own) or cold (each one once a\n"
    "                round, just after an untimed run of the other engine's)\n"
    "  --clock C     cpu (default: the process's CPU time, robust on a busy machine)\n"
    "                or wall (elapsed time)\n"
    "  --w3-days N   W3: snapshot days (default 10)\n"
    "  --w4-starts N W4: starting organisations (default 100)\n"
    "  --no-sqlite   Annals only (no ratios)\n"
    "  --explain     print SQLite's query plans\n"
    "  --only LIST   run only these of W2,W3,W4,W5 (comma-separated; W1 always runs)\n";

struct Options {
  GenOptions gen;
  std::string tsv_path;
  bool reuse_tsv = false;
  bool keep_tsv = false;
  bool sqlite = true;
  bool explain = false;
  TimingOrder order = TimingOrder::kBlocks;
  std::string only;  //!< comma-separated workloads to run; empty: all
  int repeat = 3;
  PlanSizes plan_sizes;
};

//! Which clock the table reads. On a machine shared with other work, the
//! process's CPU time is what a workload costs; wall time adds however long
//! the scheduler kept it waiting. Both engines run on this one thread.
enum class ClockKind : std::uint8_t { kCpu, kWall };
ClockKind g_clock = ClockKind::kCpu;

double WallNow() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double CpuNow() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double Now() { return g_clock == ClockKind::kCpu ? CpuNow() : WallNow(); }

template <typename F>
double TimeOnce(F&& f) {
  const double start = Now();
  f();
  return Now() - start;
}

//! Seconds of runs after which a measurement is not repeated further. Of
//! `repeat` runs the best is kept: the machine is shared, the minimum is the
//! least disturbed measurement.
constexpr double kRepeatBudget = 30;

// Three significant digits: with one decimal, "1.3 us" hid a 5% change
// between two builds that annals_bench showed (1.27 against 1.21 us).
std::string FormatSeconds(double s) {
  char text[32];
  if (s >= 1) {
    std::snprintf(text, sizeof text, "%.2f s", s);
  } else if (s >= 1e-3) {
    std::snprintf(text, sizeof text, s >= 1e-2 ? "%.1f ms" : "%.2f ms", s * 1e3);
  } else {
    std::snprintf(text, sizeof text, s >= 1e-5 ? "%.1f us" : "%.2f us", s * 1e6);
  }
  return text;
}

std::string FormatCount(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

//! One line of the table. A missing side (error, or not measured) is empty.
struct Line {
  std::string workload;
  std::optional<double> annals;
  std::optional<double> sqlite;
  std::string annals_note;  //!< shown instead of a time (an error, "n/a")
  std::string sqlite_note;
  std::string unit = "time";  //!< "time" or "bytes/fact"
};

//! A measured time, or why there is none.
struct Cell {
  std::optional<double> value;
  std::string note;
};

class Comparison {
 public:
  explicit Comparison(Options options) : options_(std::move(options)) {}

  int Run();

 private:
  void Generate();
  void LoadBoth();
  void Snapshot();
  void CheckAnswers();
  void TimeWorkloads();
  void PrintTable() const;

  //! Runs `f`, turning an exception into the cell's note.
  std::optional<double> Guarded(const std::function<double()>& f, std::string* note) {
    try {
      return f();
    } catch (const std::exception& e) {
      *note = ErrorNote(e.what());
      ++errors_;
      return std::nullopt;
    }
  }
  //! A workload's error as its cell shows it: the first line.
  static std::string ErrorNote(std::string message) {
    if (const auto newline = message.find('\n'); newline != std::string::npos) {
      message.resize(newline);
    }
    return message.rfind("error", 0) == 0 ? message : "error: " + message;
  }

  //! Compares two answers; a difference is printed loudly and fails the run.
  void Agree(const std::string& workload, const std::string& left_name, const Answer& left,
             const std::string& right_name, const Answer& right, bool certainty) {
    const bool same = certainty ? left == right : left.rows == right.rows;
    if (!same) {
      ++mismatches_;
      std::fprintf(stderr, "\n!!!!! MISMATCH in %s: %s gave %s but %s gave %s\n\n",
                   workload.c_str(), left_name.c_str(), left.ToString().c_str(), right_name.c_str(),
                   right.ToString().c_str());
    } else {
      std::fprintf(stderr, "  %-34s %s agree: %s\n", workload.c_str(),
                   (left_name + " / " + right_name).c_str(), left.ToString().c_str());
    }
  }

  //! Runs one workload for the answer check, reporting (not throwing) errors.
  std::optional<Answer> Try(const std::string& what, const std::function<Answer()>& f) {
    try {
      return f();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "!!!!! %s failed: %s\n", what.c_str(), e.what());
      ++errors_;
      return std::nullopt;
    }
  }

  void Check(const std::string& workload, bool certainty, const std::function<Answer()>& query,
             const std::function<Answer()>& direct, const std::function<Answer()>& sqlite,
             const std::function<Answer()>& alternative = {},
             const std::string& alternative_name = "Annals prepared") {
    const auto q = Try(workload + " (Annals query)", query);
    if (alternative) {
      const auto a = Try(workload + " (" + alternative_name + ")", alternative);
      if (a && q) Agree(workload, alternative_name, *a, "Annals query", *q, certainty);
    }
    const auto d = Try(workload + " (Annals direct)", direct);
    const auto s = options_.sqlite ? Try(workload + " (SQLite)", sqlite) : std::nullopt;
    if (q && s) Agree(workload, "Annals query", *q, "SQLite", *s, certainty);
    if (d && s) Agree(workload, "Annals direct", *d, "SQLite", *s, certainty);
    if (q && d && !s) Agree(workload, "Annals query", *q, "Annals direct", *d, certainty);
  }

  //! Whether `workload` ("W2".."W5") is to run (--only).
  [[nodiscard]] bool Want(const std::string& workload) const {
    return options_.only.empty() ||
           ("," + options_.only + ",").find("," + workload + ",") != std::string::npos;
  }

  std::string OrgName(std::uint32_t index) const {
    return EntityName({GenKind::kOrganisation, index});
  }

  //! The W2 lookups' organisation names and days, in plan order.
  NameList LookupNames() const {
    std::vector<std::string> names;
    for (const PointLookup& l : plan_.lookups) names.push_back(OrgName(l.organisation));
    return NameList(names);
  }
  std::vector<std::int32_t> LookupDays() const {
    std::vector<std::int32_t> days;
    for (const PointLookup& l : plan_.lookups) days.push_back(l.day);
    return days;
  }

  Options options_;
  GenStats stats_;
  WorkloadPlan plan_;
  AnnalsKg annals_;
  std::optional<SqliteKg> sqlite_;
  std::vector<Line> lines_;
  int mismatches_ = 0;
  int errors_ = 0;  //!< workloads that threw instead of answering
  std::size_t annals_peak_ = 0;
  std::size_t annals_baseline_ = 0;
  std::size_t sqlite_peak_ = 0;
  std::size_t sqlite_baseline_ = 0;
  std::size_t sqlite_memory_ = 0;  //!< before the R*Tree, as loaded for W1
  std::size_t snapshot_bytes_ = 0;
};

void Comparison::Generate() {
  WorkloadPlanner planner;
  if (options_.reuse_tsv) {
    stats_ = bench::Generate(options_.gen, [&](const GenFact& fact) { planner.Observe(fact); });
  } else {
    std::FILE* out = std::fopen(options_.tsv_path.c_str(), "wb");
    if (out == nullptr) throw std::runtime_error("cannot write '" + options_.tsv_path + "'");
    std::string buffer;
    stats_ = bench::Generate(options_.gen, [&](const GenFact& fact) {
      planner.Observe(fact);
      AppendTsvLine(fact, &buffer);
      if (buffer.size() > (1u << 20)) {
        std::fwrite(buffer.data(), 1, buffer.size(), out);
        buffer.clear();
      }
    });
    const bool ok = std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
    if (std::fclose(out) != 0 || !ok) {
      throw std::runtime_error("cannot write '" + options_.tsv_path + "'");
    }
  }
  plan_ = planner.Make(stats_, options_.gen.seed, options_.plan_sizes);
  std::fprintf(stderr,
               "data: %s facts (leads %s, dissolved_into %s, affiliated_with %s), %s "
               "organisations, %s people, %s lineages up to depth %u\n",
               FormatCount(stats_.facts).c_str(), FormatCount(stats_.per_relation[0]).c_str(),
               FormatCount(stats_.per_relation[1]).c_str(),
               FormatCount(stats_.per_relation[2]).c_str(),
               FormatCount(stats_.organisations).c_str(), FormatCount(stats_.people).c_str(),
               FormatCount(stats_.families).c_str(), stats_.max_depth);
}

void Comparison::LoadBoth() {
  Line load{"W1 load TSV -> queryable store", {}, {}, {}, {}, "time"};
  Line load_wall{"W1 load TSV -> queryable store, wall clock", {}, {}, {}, {}, "time"};
  ResetPeakRss();
  annals_baseline_ = CurrentRssBytes();
  double wall_start = WallNow();
  load.annals = Guarded(
      [&] {
        return TimeOnce([&] {
          const LoadReport report = annals_.LoadTsv(options_.tsv_path);
          if (report.errors() > 0 || report.facts != stats_.facts) {
            std::fprintf(stderr, "!!!!! Annals load: %s\n", report.Summary().c_str());
            for (std::size_t i = 0; i < std::min<std::size_t>(5, report.diagnostics.size()); ++i) {
              std::fprintf(stderr, "  %s\n", report.diagnostics[i].ToString().c_str());
            }
            ++mismatches_;
          }
        });
      },
      &load.annals_note);
  if (!load.annals) throw std::runtime_error("Annals could not load the data: " + load.annals_note);
  load_wall.annals = WallNow() - wall_start;
  annals_peak_ = PeakRssBytes();
  std::fprintf(stderr, "Annals: loaded in %s, %s facts in the store\n",
               load.annals ? FormatSeconds(*load.annals).c_str() : load.annals_note.c_str(),
               FormatCount(annals_.store().FactCount()).c_str());

  Line rtree{"W1 SQLite only: R*Tree over leads spans (for W3)", {}, {}, "-", {}, "time"};
  if (options_.sqlite) {
    ResetPeakRss();
    sqlite_baseline_ = CurrentRssBytes();
    wall_start = WallNow();
    load.sqlite = Guarded(
        [&] {
          return TimeOnce([&] {
            sqlite_.emplace();
            const std::uint64_t loaded = sqlite_->LoadTsv(options_.tsv_path);
            if (loaded != stats_.facts) {
              std::fprintf(stderr, "!!!!! SQLite loaded %llu facts, %llu rejected\n",
                           static_cast<unsigned long long>(loaded),
                           static_cast<unsigned long long>(sqlite_->rejected()));
              ++mismatches_;
            }
          });
        },
        &load.sqlite_note);
    if (load.sqlite) load_wall.sqlite = WallNow() - wall_start;
    sqlite_peak_ = PeakRssBytes();
    if (sqlite_) sqlite_memory_ = sqlite_->MemoryBytes();
    std::fprintf(stderr, "SQLite: loaded in %s\n",
                 load.sqlite ? FormatSeconds(*load.sqlite).c_str() : load.sqlite_note.c_str());
    if (load.sqlite) {
      rtree.sqlite = Guarded([&] { return TimeOnce([&] { sqlite_->BuildLeadsRtree(); }); },
                             &rtree.sqlite_note);
      if (options_.explain) std::fprintf(stderr, "SQLite plans:\n%s", sqlite_->Explain().c_str());
    } else {
      options_.sqlite = false;  // nothing to ask
    }
  }
  lines_.push_back(load);
  if (g_clock != ClockKind::kWall) lines_.push_back(load_wall);
  lines_.push_back(rtree);
  Snapshot();
}

void Comparison::Snapshot() {
  Line save{"W1 snapshot write (SaveSnapshot)", {}, {}, {}, "-", "time"};
  Line open{"W1 snapshot open (OpenSnapshot, mapped)", {}, {}, {}, "-", "time"};
  Line open_wall{"W1 snapshot open, mapped, wall clock", {}, {}, {}, "-", "time"};
  Line read{"W1 snapshot open, read into memory", {}, {}, {}, "-", "time"};
  Line read_wall{"W1 snapshot open, read, wall clock", {}, {}, {}, "-", "time"};
  const std::string path = options_.tsv_path + ".annals";
  save.annals =
      Guarded([&] { return TimeOnce([&] { annals_.SaveSnapshot(path); }); }, &save.annals_note);
  if (save.annals) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(path, error);
    if (!error) snapshot_bytes_ = static_cast<std::size_t>(bytes);
    // The first open pays for reading the file from disk; the best of the
    // repeats is the open from the page cache, as after `annals build`.
    // Each open also frees the store the previous one made.
    struct Open {
      engine::SnapshotAccess access;
      Line* cpu;
      Line* wall;
    };
    for (const Open& how : {Open{engine::SnapshotAccess::kMap, &open, &open_wall},
                            Open{engine::SnapshotAccess::kRead, &read, &read_wall}}) {
      AnnalsKg reopened;
      const double wall_start = WallNow();
      WorkloadTimer timer(Now);
      timer.Add([&] { reopened.OpenSnapshot(path, how.access); }, Engine::kAnnals);
      timer.Run(options_.repeat, kRepeatBudget, TimingOrder::kBlocks);
      if (!timer.Error(0).empty()) {
        how.cpu->annals_note = ErrorNote(timer.Error(0));
        ++errors_;
        continue;
      }
      how.cpu->annals = timer.Best(0);
      how.wall->annals = (WallNow() - wall_start) / options_.repeat;
      // The reopened store must answer as the loaded one does.
      if (!plan_.snapshot_days.empty() && stats_.per_relation[0] > 0) {
        const std::int32_t day = plan_.snapshot_days.front();
        const auto loaded = Try("W1 (loaded store)", [&] { return annals_.LeadsOnDirect(day); });
        const auto opened = Try("W1 (reopened)", [&] { return reopened.LeadsOnDirect(day); });
        if (loaded && opened) {
          Agree("W1 snapshot round trip", "loaded store", *loaded, "reopened snapshot", *opened,
                true);
        }
      }
      if (reopened.store().FactCount() != annals_.store().FactCount()) {
        ++mismatches_;
        std::fprintf(stderr, "!!!!! snapshot holds %zu facts, the store %zu\n",
                     reopened.store().FactCount(), annals_.store().FactCount());
      }
    }
  }
  std::remove(path.c_str());
  lines_.push_back(save);
  for (const Line* line : {&open, &open_wall, &read, &read_wall}) {
    if (g_clock == ClockKind::kWall && (line == &open_wall || line == &read_wall)) continue;
    lines_.push_back(*line);
  }
}

void Comparison::CheckAnswers() {
  std::fprintf(stderr, "checking answers:\n");
  if (Want("W2")) {
    Check(
        "W2 lookups", true,
        [&] {
          Answer sum;
          for (const PointLookup& l : plan_.lookups) {
            sum += annals_.LeadersOnQuery(OrgName(l.organisation), l.day);
          }
          return sum;
        },
        [&] {
          Answer sum;
          for (const PointLookup& l : plan_.lookups) {
            sum += annals_.LeadersOnDirect(OrgName(l.organisation), l.day);
          }
          return sum;
        },
        [&] {
          Answer sum;
          for (const PointLookup& l : plan_.lookups) {
            sum += sqlite_->LeadersOn(OrgName(l.organisation), l.day);
          }
          return sum;
        },
        [&] {
          Answer sum;
          for (const PointLookup& l : plan_.lookups) {
            sum += annals_.LeadersOnPrepared(OrgName(l.organisation), l.day);
          }
          return sum;
        });
    const NameList names = LookupNames();
    const std::vector<std::int32_t> days = LookupDays();
    Check(
        "W2 lookups as one batch", true,
        [&] { return annals_.LeadersOnBatch(names.views(), days); },
        // The reference reads names made apart from the NameList the batches
        // read, so that a fault in the list shows as a mismatch.
        [&] {
          Answer sum;
          for (const PointLookup& l : plan_.lookups) {
            sum += annals_.LeadersOnDirect(OrgName(l.organisation), l.day);
          }
          return sum;
        },
        [&] { return sqlite_->LeadersOnBatch(names.views(), days); });
  }
  if (Want("W3")) {
    for (std::size_t i = 0; i < plan_.snapshot_days.size(); ++i) {
      const std::int32_t day = plan_.snapshot_days[i];
      Check(
          "W3 snapshot " + IsoDay(day), true, [&] { return annals_.LeadsOnQuery(day); },
          [&] { return annals_.LeadsOnDirect(day); }, [&] { return sqlite_->LeadsOn(day); },
          [&] { return annals_.LeadsOnPrepared(day); });
      if (options_.sqlite) {
        const auto btree = Try("W3 (SQLite B-tree)", [&] { return sqlite_->LeadsOn(day); });
        const auto rtree = Try("W3 (SQLite R*Tree)", [&] { return sqlite_->LeadsOnRtree(day); });
        if (btree && rtree) Agree("W3 SQLite indexes", "B-tree", *btree, "R*Tree", *rtree, true);
      }
    }
  }
  if (Want("W4")) {
    // Each W4 "one start" answer is the sum over the planned lineage roots.
    auto over_roots = [&](std::function<Answer(std::string_view)> one) {
      return [this, one = std::move(one)] {
        Answer sum;
        for (std::uint32_t root : plan_.lineage_roots) sum += one(OrgName(root));
        return sum;
      };
    };
    const auto direct = over_roots([&](std::string_view o) { return annals_.ReachableDirect(o); });
    const auto sqlite = over_roots([&](std::string_view o) { return sqlite_->Reachable(o); });
    const auto prepared =
        over_roots([&](std::string_view o) { return annals_.ReachablePrepared(o); });
    Check("W4 reachable", false,
          over_roots([&](std::string_view o) { return annals_.ReachableQuery(o); }), direct, sqlite,
          prepared);
    // Here "query" is the prepared query with sources.
    Check("W4 reachable, prepared", false, prepared, direct, sqlite,
          over_roots(
              [&](std::string_view o) { return annals_.ReachablePrepared(o, Sources::kWithout); }),
          "Annals prepared without sources");
    Check(
        "W4 closure", false, [&] { return annals_.ClosureQuery(); },
        [&] { return annals_.ClosureDirect(); }, [&] { return sqlite_->Closure(); },
        [&] { return annals_.ClosureQuery(Sources::kWithout); }, "Annals without sources");
    Check(
        "W4 closure, prepared keeping its memory", false, [&] { return annals_.ClosureKept(); },
        [&] { return annals_.ClosureDirect(); }, [&] { return sqlite_->Closure(); },
        [&] { return annals_.ClosureKept(Sources::kWithout); }, "Annals prepared without sources");
  }
  if (Want("W5")) {
    Check(
        "W5 same leader", false, [&] { return annals_.SameLeaderOverlapQuery(); },
        [&] { return annals_.SameLeaderOverlapDirect(); },
        [&] { return sqlite_->SameLeaderOverlap(); },
        [&] { return annals_.SameLeaderOverlapQuery(Sources::kWithout); },
        "Annals without sources");
    Check(
        "W5 same leader, prepared keeping its memory", false,
        [&] { return annals_.SameLeaderOverlapKept(); },
        [&] { return annals_.SameLeaderOverlapDirect(); },
        [&] { return sqlite_->SameLeaderOverlap(); },
        [&] { return annals_.SameLeaderOverlapKept(Sources::kWithout); },
        "Annals prepared without sources");
  }
}

void Comparison::TimeWorkloads() {
  // The answer checks ran the kept queries: what they hold would be held
  // while every workload is timed.
  annals_.ReleaseKept();
  // A workload's ways (engines, paths) are added, then timed together (see
  // WorkloadTimer); then each becomes one cell, which table lines pair up.
  std::optional<WorkloadTimer> timer;
  struct Way {
    std::size_t index = 0;  // in `timer`
    double divisor = 1;
    bool skipped = false;  // a SQLite way without SQLite
  };
  const auto begin_workload = [&] { timer.emplace(Now); };
  const auto add = [&](std::function<void()> run, double divisor, bool needs_sqlite) {
    if (needs_sqlite && !options_.sqlite) return Way{0, divisor, true};
    return Way{timer->Add(std::move(run), needs_sqlite ? Engine::kSqlite : Engine::kAnnals),
               divisor, false};
  };
  const auto time_ways = [&] {
    timer->Run(options_.repeat, kRepeatBudget, options_.order);
    errors_ += static_cast<int>(timer->Failures());
  };
  const auto cell_of = [&](const Way& way) {
    Cell cell;
    if (way.skipped) {
      cell.note = "-";
    } else if (const std::string& error = timer->Error(way.index); !error.empty()) {
      cell.note = ErrorNote(error);
    } else if (const std::optional<double> best = timer->Best(way.index)) {
      cell.value = *best / way.divisor;
    }
    return cell;
  };
  const auto line = [&](const std::string& name, const Way& annals_way, const Way& sqlite_way) {
    const Cell annals = cell_of(annals_way);
    const Cell sqlite = cell_of(sqlite_way);
    lines_.push_back({name, annals.value, sqlite.value, annals.note, sqlite.note, "time"});
  };

  // Names and query texts are built before timing: the workload is answering.
  const NameList w2_names = LookupNames();
  std::vector<std::string> root_names;
  for (std::uint32_t root : plan_.lineage_roots) root_names.push_back(OrgName(root));
  const NameList w4_names(root_names);

  if (Want("W2")) {
    std::fprintf(stderr, "timing W2\n");
    begin_workload();
    const Way w2_query = add(
        [&] {
          for (std::size_t i = 0; i < plan_.lookups.size(); ++i) {
            annals_.LeadersOnQuery(w2_names[i], plan_.lookups[i].day);
          }
        },
        1, false);
    const Way w2_prepared = add(
        [&] {
          for (std::size_t i = 0; i < plan_.lookups.size(); ++i) {
            annals_.LeadersOnPrepared(w2_names[i], plan_.lookups[i].day);
          }
        },
        1, false);
    const std::vector<std::int32_t> w2_days = LookupDays();
    const Way w2_batch = add([&] { annals_.LeadersOnBatch(w2_names.views(), w2_days); }, 1, false);
    const Way w2_sqlite_batch =
        add([&] { sqlite_->LeadersOnBatch(w2_names.views(), w2_days); }, 1, true);
    const Way w2_direct = add(
        [&] {
          for (std::size_t i = 0; i < plan_.lookups.size(); ++i) {
            annals_.LeadersOnDirect(w2_names[i], plan_.lookups[i].day);
          }
        },
        1, false);
    const Way w2_sqlite = add(
        [&] {
          for (std::size_t i = 0; i < plan_.lookups.size(); ++i) {
            sqlite_->LeadersOn(w2_names[i], plan_.lookups[i].day);
          }
        },
        1, true);
    time_ways();
    const std::string w2 = "W2 " + FormatCount(plan_.lookups.size()) + " lookups";
    line(w2 + ", query text each time", w2_query, w2_sqlite);
    line(w2 + ", prepared query", w2_prepared, w2_sqlite);
    line(w2 + ", direct store calls", w2_direct, w2_sqlite);
    line(w2 + ", prepared batch / SQLite loop", w2_batch, w2_sqlite);
    line(w2 + ", prepared batch / SQLite probe-table join", w2_batch, w2_sqlite_batch);
  }
  if (Want("W3")) {
    std::fprintf(stderr, "timing W3\n");
    begin_workload();
    const double days = static_cast<double>(std::max<std::size_t>(1, plan_.snapshot_days.size()));
    const Way w3_query = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) annals_.LeadsOnQuery(day);
        },
        days, false);
    const Way w3_bare = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) annals_.LeadsOnQuery(day, Sources::kWithout);
        },
        days, false);
    const Way w3_prepared = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) annals_.LeadsOnPrepared(day);
        },
        days, false);
    const Way w3_direct = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) annals_.LeadsOnDirect(day);
        },
        days, false);
    const Way w3_btree = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) sqlite_->LeadsOn(day);
        },
        days, true);
    const Way w3_rtree = add(
        [&] {
          for (std::int32_t day : plan_.snapshot_days) sqlite_->LeadsOnRtree(day);
        },
        days, true);
    time_ways();
    line("W3 one day's snapshot, query / SQLite B-tree", w3_query, w3_btree);
    line("W3 one day's snapshot, query without sources / B-tree", w3_bare, w3_btree);
    line("W3 one day's snapshot, prepared / SQLite B-tree", w3_prepared, w3_btree);
    line("W3 one day's snapshot, direct / SQLite B-tree", w3_direct, w3_btree);
    line("W3 one day's snapshot, query / SQLite R*Tree", w3_query, w3_rtree);
    line("W3 one day's snapshot, query without sources / R*Tree", w3_bare, w3_rtree);
    line("W3 one day's snapshot, prepared / SQLite R*Tree", w3_prepared, w3_rtree);
    line("W3 one day's snapshot, direct / SQLite R*Tree", w3_direct, w3_rtree);
  }
  if (Want("W4")) {
    std::fprintf(stderr, "timing W4\n");
    begin_workload();
    const double roots = static_cast<double>(std::max<std::size_t>(1, plan_.lineage_roots.size()));
    const Way w4_query = add(
        [&] {
          for (const std::string_view name : w4_names) annals_.ReachableQuery(name);
        },
        roots, false);
    const Way w4_prepared = add(
        [&] {
          for (const std::string_view name : w4_names) annals_.ReachablePrepared(name);
        },
        roots, false);
    const Way w4_bare = add(
        [&] {
          for (const std::string_view name : w4_names)
            annals_.ReachablePrepared(name, Sources::kWithout);
        },
        roots, false);
    const Way w4_direct = add(
        [&] {
          for (const std::string_view name : w4_names) annals_.ReachableDirect(name);
        },
        roots, false);
    const Way w4_sqlite = add(
        [&] {
          for (const std::string_view name : w4_names) sqlite_->Reachable(name);
        },
        roots, true);
    time_ways();
    line("W4 reachable from one start, query", w4_query, w4_sqlite);
    line("W4 reachable from one start, prepared", w4_prepared, w4_sqlite);
    line("W4 reachable from one start, prepared without sources", w4_bare, w4_sqlite);
    line("W4 reachable from one start, direct", w4_direct, w4_sqlite);
    begin_workload();
    const Way closure_query = add([&] { annals_.ClosureQuery(); }, 1, false);
    const Way closure_bare = add([&] { annals_.ClosureQuery(Sources::kWithout); }, 1, false);
    const Way closure_direct = add([&] { annals_.ClosureDirect(); }, 1, false);
    const Way closure_sqlite = add([&] { sqlite_->Closure(); }, 1, true);
    time_ways();
    line("W4 full transitive closure, query", closure_query, closure_sqlite);
    line("W4 full transitive closure, query without sources", closure_bare, closure_sqlite);
    line("W4 full transitive closure, direct", closure_direct, closure_sqlite);
    // Timed apart, against SQLite again: what a kept query holds between
    // runs would otherwise be held while the other ways run, and change
    // where their memory comes from.
    begin_workload();
    const Way closure_kept = add([&] { annals_.ClosureKept(); }, 1, false);
    const Way closure_kept_bare = add([&] { annals_.ClosureKept(Sources::kWithout); }, 1, false);
    const Way closure_kept_sqlite = add([&] { sqlite_->Closure(); }, 1, true);
    time_ways();
    line("W4 full transitive closure, prepared, memory kept", closure_kept, closure_kept_sqlite);
    line("W4 full transitive closure, same without sources", closure_kept_bare,
         closure_kept_sqlite);
    std::fprintf(
        stderr,
        "W4 closure, prepared: %.1f MB of evaluators held between runs, and its last answer\n",
        static_cast<double>(annals_.ClosureKeptBytes()) / 1e6);
    annals_.ReleaseKept();
  }
  if (Want("W5")) {
    std::fprintf(stderr, "timing W5\n");
    begin_workload();
    const Way w5_query = add([&] { annals_.SameLeaderOverlapQuery(); }, 1, false);
    const Way w5_bare = add([&] { annals_.SameLeaderOverlapQuery(Sources::kWithout); }, 1, false);
    const Way w5_direct = add([&] { annals_.SameLeaderOverlapDirect(); }, 1, false);
    const Way w5_sqlite = add([&] { sqlite_->SameLeaderOverlap(); }, 1, true);
    time_ways();
    line("W5 same leader at overlapping times, query", w5_query, w5_sqlite);
    line("W5 same leader at overlapping times, no sources", w5_bare, w5_sqlite);
    line("W5 same leader at overlapping times, direct", w5_direct, w5_sqlite);
    begin_workload();  // apart, as the closure's kept ways are
    const Way w5_kept = add([&] { annals_.SameLeaderOverlapKept(); }, 1, false);
    const Way w5_kept_bare =
        add([&] { annals_.SameLeaderOverlapKept(Sources::kWithout); }, 1, false);
    const Way w5_kept_sqlite = add([&] { sqlite_->SameLeaderOverlap(); }, 1, true);
    time_ways();
    line("W5 same leader at overlapping times, prepared, memory kept", w5_kept, w5_kept_sqlite);
    line("W5 same leader at overlapping times, same without sources", w5_kept_bare, w5_kept_sqlite);
    std::fprintf(stderr,
                 "W5, prepared: %.1f MB of evaluators held between runs, and its last answer\n",
                 static_cast<double>(annals_.SameLeaderOverlapKeptBytes()) / 1e6);
    annals_.ReleaseKept();
  }
  const double facts = static_cast<double>(std::max<std::uint64_t>(1, stats_.facts));
  Line peak{"memory: peak RSS growth while loading", {}, {}, {}, {}, "bytes/fact"};
  peak.annals =
      static_cast<double>(annals_peak_ - std::min(annals_peak_, annals_baseline_)) / facts;
  if (sqlite_peak_ > 0) {
    peak.sqlite =
        static_cast<double>(sqlite_peak_ - std::min(sqlite_peak_, sqlite_baseline_)) / facts;
  }
  lines_.push_back(peak);
  Line held{"memory: Store::MemoryBytes / sqlite3_memory_used", {}, {}, {}, {}, "bytes/fact"};
  held.annals = static_cast<double>(annals_.store().MemoryBytes()) / facts;
  if (sqlite_) held.sqlite = static_cast<double>(sqlite_memory_) / facts;
  lines_.push_back(held);
  if (snapshot_bytes_ > 0) {
    Line file{"memory: snapshot file size", {}, {}, {}, "-", "bytes/fact"};
    file.annals = static_cast<double>(snapshot_bytes_) / facts;
    lines_.push_back(file);
  }
}

void Comparison::PrintTable() const {
  std::printf(
      "\nAnnals vs SQLite %s (in-memory database, C API), %s facts, seed %llu, %s,\n"
      "best of %d runs in %s\n",
      sqlite3_libversion(), FormatCount(stats_.facts).c_str(),
      static_cast<unsigned long long>(options_.gen.seed),
      g_clock == ClockKind::kCpu ? "CPU time" : "wall-clock time", options_.repeat,
      options_.order == TimingOrder::kBlocks ? "blocks (each one's runs back to back)"
      : options_.order == TimingOrder::kRounds
          ? "rounds (each run after an untimed one of its own)"
          : "cold rounds (each run after an untimed one of the other engine's)");
  std::printf("%-58s | %-12s | %-12s | %s\n", "workload", "Annals", "SQLite",
              "ratio (SQLite/Annals)");
  std::printf("%s\n", std::string(106, '-').c_str());
  for (const Line& line : lines_) {
    auto cell = [&](const std::optional<double>& value, const std::string& note) {
      if (!value) return note.empty() ? std::string("-") : note;
      if (line.unit == "time") return FormatSeconds(*value);
      char text[32];
      std::snprintf(text, sizeof text, "%.1f", *value);
      return std::string(text);
    };
    std::string ratio = "-";
    if (line.annals && line.sqlite && *line.annals > 0) {
      char text[32];
      std::snprintf(text, sizeof text, "%.1fx", *line.sqlite / *line.annals);
      ratio = text;
    }
    std::printf("%-58s | %-12s | %-12s | %s\n", line.workload.c_str(),
                cell(line.annals, line.annals_note).c_str(),
                cell(line.sqlite, line.sqlite_note).c_str(), ratio.c_str());
  }
  std::printf(
      "(W2 rows: all lookups together; W3, W4 one start: per query; memory in bytes "
      "per fact)\n");
}

int Comparison::Run() {
  Generate();
  LoadBoth();
  CheckAnswers();
  TimeWorkloads();
  PrintTable();
  if (!options_.reuse_tsv && !options_.keep_tsv) std::remove(options_.tsv_path.c_str());
  if (errors_ > 0) {
    std::fprintf(stderr, "\n!!!!! %d workload run(s) failed with an error (see above)\n", errors_);
  }
  if (mismatches_ > 0) {
    std::fprintf(stderr,
                 "\n!!!!! %d MISMATCH(ES) between the engines: the times above compare "
                 "different answers\n",
                 mismatches_);
    return 1;
  }
  return errors_ > 0 ? 1 : 0;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "annals_compare: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace
}  // namespace annals::bench

int main(int argc, char** argv) {
  using namespace annals::bench;
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--reuse-tsv") {
      options.reuse_tsv = true;
      continue;
    }
    if (arg == "--explain") {
      options.explain = true;
      continue;
    }
    if (arg == "--no-sqlite") {
      options.sqlite = false;
      continue;
    }
    if (i + 1 >= argc) return Usage("missing value after " + std::string(arg));
    const std::string_view value = argv[++i];
    if (arg == "--facts" || arg == "--seed" || arg == "--repeat" || arg == "--w4-starts" ||
        arg == "--w3-days") {
      const auto number = ParseCount(value);
      if (!number || (arg != "--facts" && arg != "--seed" && (*number == 0 || *number > 100000))) {
        return Usage(std::string(arg) + " expects a number, got '" + std::string(value) + "'");
      }
      if (arg == "--w4-starts") options.plan_sizes.lineage_roots = *number;
      if (arg == "--w3-days") options.plan_sizes.snapshot_days = *number;
      if (arg == "--facts") options.gen.facts = *number;
      if (arg == "--seed") options.gen.seed = *number;
      if (arg == "--repeat") options.repeat = static_cast<int>(*number);
    } else if (arg == "--clock") {
      if (value != "cpu" && value != "wall") {
        return Usage("--clock expects cpu or wall, got '" + std::string(value) + "'");
      }
      g_clock = value == "cpu" ? ClockKind::kCpu : ClockKind::kWall;
    } else if (arg == "--order") {
      if (value != "blocks" && value != "rounds" && value != "cold") {
        return Usage("--order expects blocks, rounds or cold, got '" + std::string(value) + "'");
      }
      options.order = value == "blocks"   ? TimingOrder::kBlocks
                      : value == "rounds" ? TimingOrder::kRounds
                                          : TimingOrder::kCold;
    } else if (arg == "--only") {
      options.only = value;
    } else if (arg == "--tsv") {
      options.tsv_path = value;
      options.keep_tsv = true;
    } else {
      return Usage("unknown option '" + std::string(arg) + "'");
    }
  }
  if (options.reuse_tsv && options.tsv_path.empty()) return Usage("--reuse-tsv needs --tsv FILE");
  if (options.tsv_path.empty()) {
    std::error_code error;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(error);
    options.tsv_path = (tmp / ("annals-compare-" + std::to_string(options.gen.facts) + "-" +
                               std::to_string(options.gen.seed) + ".tsv"))
                           .string();
  }
  try {
    return Comparison(options).Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "annals_compare: %s\n", e.what());
    return 1;
  }
}
