// Locating bundled datasets relative to the running executable, so `annals`
// works from its build directory and from any install prefix without a
// configured path.
#include "cli/data.hpp"

#include <annals/error.hpp>

#include <filesystem>
#include <system_error>
#include <utility>

namespace annals::cli {
namespace {

namespace fs = std::filesystem;

std::string& ProgramPath() {
  static std::string path;
  return path;
}

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) {
    exe = fs::weakly_canonical(fs::path(ProgramPath()), ec);
    if (ec) return {};
  }
  return exe.parent_path();
}

void PrintReport(const LoadReport& report, Diagnostics shown, std::ostream& err) {
  std::size_t hidden = 0;
  for (const Diagnostic& diagnostic : report.diagnostics) {
    if (shown == Diagnostics::kAll || diagnostic.severity == Severity::kError) {
      err << diagnostic.ToString() << '\n';
    } else {
      ++hidden;
    }
  }
  if (report.diagnostics.empty()) return;
  err << report.Summary();
  if (hidden > 0) err << " (`annals load` lists the warnings)";
  err << '\n';
}

// Loads one path into `db` and appends to `total`; false when unreadable.
bool LoadInto(Database& db, const std::string& path, LoadReport& total, std::ostream& err) {
  std::string resolved = path;
  std::error_code ec;
  if (!fs::exists(path, ec) && path.find('/') == std::string::npos) {
    if (auto bundled = FindBundledDataset(path)) resolved = std::move(*bundled);
  }
  try {
    total.Append(db.Load(resolved));
    return true;
  } catch (const Error& error) {
    err << error.rendered() << '\n';
  } catch (const std::exception& error) {
    err << "error: cannot load " << path << ": " << error.what() << '\n';
  }
  return false;
}

}  // namespace

void SetProgramPath(std::string argv0) { ProgramPath() = std::move(argv0); }

std::optional<std::string> FindBundledDataset(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") {
    return std::nullopt;
  }
  const fs::path dir = ExecutableDir();
  if (dir.empty()) return std::nullopt;
  const fs::path candidates[] = {
      dir / "datasets" / name,
      dir.parent_path() / "share" / "annals" / "datasets" / name,
  };
  for (const fs::path& candidate : candidates) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  }
  return std::nullopt;
}

ExitCode LoadData(Database& db, const std::vector<std::string>& paths, bool strict,
                  std::ostream& err, Diagnostics shown, LoadReport* report) {
  LoadReport total;
  bool readable = true;
  if (paths.empty()) {
    const auto bundled = FindBundledDataset(kDefaultDataset);
    if (!bundled) {
      err << "error: the bundled dataset " << kDefaultDataset
          << " was not found next to the executable or under its install prefix; "
             "give --data PATH\n";
      return ExitCode::kDataError;
    }
    readable = LoadInto(db, *bundled, total, err);
  } else {
    for (const std::string& path : paths) readable = LoadInto(db, path, total, err) && readable;
  }
  PrintReport(total, shown, err);
  if (report != nullptr) *report = total;
  if (!readable) return ExitCode::kDataError;
  if (strict && total.errors() > 0) {
    err << "error: --strict: the data has " << total.errors()
        << (total.errors() == 1 ? " error" : " errors") << '\n';
    return ExitCode::kDataError;
  }
  return ExitCode::kOk;
}

}  // namespace annals::cli
