// `annals load [--data PATH]... [--strict]`: loads and reports what was
// loaded, for checking data before querying it. Diagnostics go to stderr;
// the summary and the per-relation counts to stdout.
#include "cli/commands.hpp"
#include "cli/data.hpp"
#include "cli/output.hpp"

#include <algorithm>
#include <iostream>
#include <string>

namespace annals::cli {

ExitCode LoadCommand(const std::vector<std::string>& args) {
  const Options options = ParseOptions(args, kOptData | kOptStrict);
  if (!options.positionals.empty()) {
    throw UsageError("load: unexpected argument '" + options.positionals.front() +
                     "' (give data paths with --data)");
  }
  Database db;
  LoadReport report;
  const ExitCode loaded =
      LoadData(db, options.data_paths, options.strict, std::cerr, Diagnostics::kAll, &report);
  if (loaded != ExitCode::kOk && report.files == 0) return loaded;

  std::cout << report.Summary() << '\n';
  const std::vector<std::string> relations = db.Relations();
  std::size_t width = DisplayWidth("relation");
  for (const std::string& relation : relations) width = std::max(width, DisplayWidth(relation));
  std::cout << "relation" << std::string(width - DisplayWidth("relation") + 2, ' ') << "facts\n";
  for (const std::string& relation : relations) {
    std::cout << relation << std::string(width - DisplayWidth(relation) + 2, ' ')
              << db.FactCount(relation) << '\n';
  }
  std::cout << "entities" << std::string(width - DisplayWidth("entities") + 2, ' ')
            << db.EntityCount() << '\n';
  return loaded;
}

}  // namespace annals::cli
