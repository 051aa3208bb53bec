// Golden ingest cases: every folder tests/golden/ingest-*/<case>/ holds input
// files and expected.txt, a dump of the store after loading them followed by
// the diagnostics. One Catch2 test per case, tagged with the group folder.
// ANNALS_GOLDEN_REWRITE=1 rewrites expected.txt instead of comparing.
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string AttrText(const annals::engine::Store& store, const annals::engine::AttrValue& value) {
  using Kind = annals::engine::AttrValue::Kind;
  switch (value.kind) {
    case Kind::kNone:
      return "-";
    case Kind::kEntity:
      return Quoted(store.EntityName(store.Canonical(value.id)));
    case Kind::kString:
      return Quoted(store.String(value.id));
    case Kind::kNumber: {
      std::ostringstream out;
      out << value.number;
      return out.str();
    }
  }
  return "?";
}

std::string Source(const annals::engine::Store& store, annals::engine::SourceRef ref) {
  std::string text(store.FileName(ref.file));
  if (ref.line != 0) text += ":" + std::to_string(ref.line);
  return text;
}

// The store as sorted text: entities (kind, lifespan, aliases), then facts.
std::string DumpStore(const annals::engine::Store& store) {
  std::vector<std::string> entities;
  for (annals::engine::EntityId id = 0; id < store.EntityCount(); ++id) {
    if (store.Canonical(id) != id) continue;
    std::string line = "entity " + Quoted(store.EntityName(id));
    const std::string_view kind = store.EntityKind(id);
    line += " kind=" + (kind.empty() ? std::string("-") : std::string(kind));
    if (const annals::Period* lifespan = store.Lifespan(id)) {
      line +=
          " lifespan=" + lifespan->ToIso() + " [" + Source(store, store.LifespanSource(id)) + "]";
    }
    std::vector<std::string> aliases;
    for (std::string_view alias : store.EntityAliases(id)) aliases.emplace_back(alias);
    std::sort(aliases.begin(), aliases.end());
    for (const std::string& alias : aliases) line += " alias=" + Quoted(alias);
    entities.push_back(std::move(line));
  }
  std::sort(entities.begin(), entities.end());
  std::vector<std::string> facts;
  for (annals::engine::FactId id = 0; id < store.FactCount(); ++id) {
    const annals::engine::FactView fact = store.Fact(id);
    const annals::engine::RelationSchema& schema = store.Schema(fact.relation);
    std::string line = schema.name + "(" + Quoted(store.EntityName(store.Canonical(fact.subject))) +
                       ", " + Quoted(store.EntityName(store.Canonical(fact.object)));
    for (const annals::engine::Attribute& attribute : fact.attributes) {
      line += ", " + schema.attribute_columns.at(attribute.column) + "=" +
              AttrText(store, attribute.value);
    }
    line += ") @ " + fact.period.ToIso() + " [" + Source(store, fact.source) + "]";
    facts.push_back(std::move(line));
  }
  std::sort(facts.begin(), facts.end());
  std::string out;
  for (const std::string& e : entities) out += e + "\n";
  for (const std::string& f : facts) out += f + "\n";
  return out;
}

// The optional `options` file: `article_kind=state`, and `dataset=NAME` to
// load datasets/NAME before the case's own inputs.
struct CaseOptions {
  annals::LoadOptions load;
  std::vector<std::string> datasets;
};

CaseOptions ReadOptions(const fs::path& file) {
  CaseOptions options;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("article_kind=")) options.load.article_kind = line.substr(13);
    if (line.starts_with("dataset=")) options.datasets.push_back(line.substr(8));
  }
  return options;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path GoldenRoot() { return fs::path(ANNALS_SOURCE_DIR) / "tests" / "golden"; }

// The case folder comes from the test's name ("ingest-article/no-infobox").
void RunIngestCase() {
  const std::string name = Catch::getResultCapture().getCurrentTestName();
  const fs::path dir = GoldenRoot() / name;
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file == "expected.txt" || file == "options" || file == "README.md") continue;
    inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  const CaseOptions options =
      fs::exists(dir / "options") ? ReadOptions(dir / "options") : CaseOptions{};
  annals::engine::Store store;
  annals::LoadReport report;
  for (const std::string& dataset : options.datasets) {
    const fs::path path = fs::path(ANNALS_SOURCE_DIR) / "datasets" / dataset;
    report.Append(annals::ingest::LoadPath(store, path.string(), options.load));
  }
  for (const fs::path& input : inputs) {
    report.Append(annals::ingest::LoadPath(store, input.string(), options.load));
  }
  store.Finalize();
  std::string actual = DumpStore(store);
  actual += "-- diagnostics\n";
  for (const annals::Diagnostic& diagnostic : report.diagnostics) {
    actual += diagnostic.ToString() + "\n";
  }
  actual += "-- " + report.Summary() + "\n";

  const fs::path expected_file = dir / "expected.txt";
  const char* rewrite = std::getenv("ANNALS_GOLDEN_REWRITE");
  if (rewrite != nullptr && std::string(rewrite) == "1") {
    std::ofstream(expected_file, std::ios::binary) << actual;
    SUCCEED("rewrote " << expected_file.string());
    return;
  }
  INFO("case " << name << " (set ANNALS_GOLDEN_REWRITE=1 to regenerate expected.txt)");
  REQUIRE(fs::exists(expected_file));
  const std::string expected = ReadFile(expected_file);
  CHECK(actual == expected);
}

// Registers one test per case folder at static-initialisation time.
struct Registrar {
  Registrar() {
    std::error_code ec;
    std::vector<fs::path> cases;
    for (const auto& group : fs::directory_iterator(GoldenRoot(), ec)) {
      const std::string group_name = group.path().filename().string();
      if (!group.is_directory() || !group_name.starts_with("ingest-")) continue;
      for (const auto& entry : fs::directory_iterator(group.path())) {
        if (entry.is_directory()) cases.push_back(entry.path());
      }
    }
    std::sort(cases.begin(), cases.end());
    for (const fs::path& dir : cases) {
      names_.push_back(dir.parent_path().filename().string() + "/" + dir.filename().string());
      tags_.push_back("[" + dir.parent_path().filename().string() + "]");
    }
    for (std::size_t i = 0; i < names_.size(); ++i) {
      Catch::AutoReg(Catch::makeTestInvoker(&RunIngestCase), CATCH_INTERNAL_LINEINFO,
                     Catch::StringRef(), Catch::NameAndTags{names_[i].c_str(), tags_[i].c_str()});
    }
  }
  // Catch keeps the char pointers: the strings must outlive the run.
  std::vector<std::string> names_;
  std::vector<std::string> tags_;
};

const Registrar kRegistrar;

}  // namespace
