// `annals build [--data PATH]... [--strict] --out FILE.annals`: loads like
// `annals load`, then writes the data as a binary snapshot that `--data
// FILE.annals` opens without re-parsing. Nothing is written when the load
// fails (or reports errors under --strict).
#include <annals/error.hpp>

#include "cli/commands.hpp"
#include "cli/data.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

namespace annals::cli {

ExitCode BuildCommand(const std::vector<std::string>& args) {
  const Options options = ParseOptions(args, kOptData | kOptStrict | kOptOut);
  if (!options.positionals.empty()) {
    throw UsageError("build: unexpected argument '" + options.positionals.front() +
                     "' (give data paths with --data and the snapshot with --out)");
  }
  if (options.out.empty()) throw UsageError("build: missing --out FILE.annals");
  // --data recognises a snapshot by its extension; any other name could not
  // be opened again.
  if (std::filesystem::path(options.out).extension() != ".annals") {
    throw UsageError("build: --out must name a .annals file, got '" + options.out + "'");
  }

  Database db;
  LoadReport report;
  if (const ExitCode loaded =
          LoadData(db, options.data_paths, options.strict, std::cerr, Diagnostics::kAll, &report);
      loaded != ExitCode::kOk) {
    std::cerr << "error: no snapshot written\n";
    return loaded;
  }
  std::cout << report.Summary() << '\n';
  try {
    db.SaveSnapshot(options.out);
  } catch (const Error& error) {
    std::cerr << error.rendered() << '\n';
    return ExitCode::kDataError;
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(options.out, ec);
  std::cout << "wrote " << options.out << ": ";
  if (!ec) std::cout << bytes << " bytes, ";
  std::cout << db.FactCount() << (db.FactCount() == 1 ? " fact\n" : " facts\n");
  return ExitCode::kOk;
}

}  // namespace annals::cli
