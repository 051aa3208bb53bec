// libFuzzer target for snapshots (.annals): any bytes, opened both mapped and
// read, must be refused with annals::Error or open into a store that answers
// every query, or refuses it, with annals::Error. Anything else (a crash, a
// sanitizer report, another exception) is a bug.
//
// A random change almost always breaks a checksum, and a file refused there
// tests nothing behind it; so each input has its checksums recomputed first,
// as a crafted file would. The invariant checks of OpenSnapshot, and the
// bounds checks of the lookups, are then what stands between the bytes and
// memory safety. Seeds: snapshots of the bundled dataset, of the golden .dl
// fixtures and of seeds/*.dl (.ci/jobs/20-fuzz.sh writes them with `annals
// build`).
#include <annals/database.hpp>
#include <annals/error.hpp>

#include "engine/store/snapshot.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace {

// One file per process, written for each input and removed after it:
// Database::Load tells a snapshot by its .annals extension.
const std::string& SnapshotPath() {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("annals-fuzz-" + std::to_string(::getpid()) + ".annals"))
                                      .string();
  return path;
}

void Ask(const annals::Database& db, const std::string& text) {
  annals::QueryOptions options;
  options.row_limit = 10'000;
  options.timeout = std::chrono::milliseconds(2000);
  try {
    for (const annals::Row& row : db.Query(text, options)) {
      // Every part of every row, as an application reading the answer would.
      for (const annals::Value& value : row.values) (void)value.ToText();
      for (const annals::SourceLocation& source : row.sources) (void)source.ToString();
    }
  } catch (const annals::Error&) {
    // A clear refusal is a correct answer to a damaged store.
  }
}

// Reads every kind of index and column a store holds: names, kinds, aliases
// and lifespans; each relation's facts by subject, by object, by day and
// whole, with their sources and attributes; its closure; whether entities
// exist on a day.
void Exercise(annals::Database& db) {
  const std::vector<annals::EntityInfo> entities = db.Entities();
  const std::vector<std::string> relations = db.Relations();
  for (const std::string& relation : relations) (void)db.FactCount(relation);
  const auto quoted = [](const std::string& name) {
    std::string text = "\"";
    for (const char c : name) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    return text + "\"";
  };
  constexpr std::size_t kNamedEntities = 4;
  for (const std::string& relation : relations) {
    Ask(db, relation + "(X, Y)");
    Ask(db, relation + "(X, Y, A)");
    Ask(db, relation + "(X, Y) @ 1921-06-15");
    Ask(db, relation + "(X, Y) @ 1800 .. 2100");
    const std::string closure =
        "r(X, Y) :- " + relation + "(X, Y) @ _. r(X, Z) :- r(X, Y), " + relation + "(Y, Z) @ _. ";
    Ask(db, closure + "?- r(X, Y).");
    for (std::size_t i = 0; i < entities.size() && i < kNamedEntities; ++i) {
      const std::string name = quoted(entities[i].name);
      Ask(db, relation + "(X, " + name + ") @ 1921");
      Ask(db, relation + "(" + name + ", Y)");
      Ask(db, closure + "?- r(" + name + ", Y).");
    }
  }
  for (std::size_t i = 0; i < entities.size() && i < kNamedEntities; ++i) {
    Ask(db, "exists(" + quoted(entities[i].name) + ") @ 1921");
  }
  // A name no entity has: the lookup probes the name table up to an empty
  // slot, then looks for near misses among all names.
  Ask(db, "leads(P, \"Communist Party of Bukhar\")");
  // Facts added after the snapshot opened: the indexes are rebuilt over its
  // columns.
  try {
    db.AddFact("leads", "Fuzz Person", entities.empty() ? "Fuzz Org" : entities.front().name,
               annals::Period::Always());
  } catch (const annals::Error&) {
  }
  Ask(db, "leads(X, Y) @ 1921");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes = annals::engine::WithChecksumsRecomputed(
      std::string(reinterpret_cast<const char*>(data), size));
  {
    std::ofstream out(SnapshotPath(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return 0;
  }
  for (const bool mapped : {true, false}) {
    annals::Database db;
    annals::LoadOptions options;
    options.map_snapshots = mapped;
    try {
      db.Load(SnapshotPath(), options);
    } catch (const annals::Error&) {
      continue;  // refused, as a damaged file should be
    }
    Exercise(db);
  }
  std::error_code ignored;
  std::filesystem::remove(SnapshotPath(), ignored);
  return 0;
}
