// Where the bundled datasets are, and loading the --data paths of a command
// with every diagnostic reported on stderr.
#pragma once

#include <annals/database.hpp>

#include "cli/args.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace annals::cli {

//! The dataset loaded when a command is given no --data.
inline constexpr std::string_view kDefaultDataset = "central-asia-1918-1924";

//! Remembers argv[0], the fallback for finding the executable's directory
//! where /proc/self/exe is not available.
void SetProgramPath(std::string argv0);

//! The bundled dataset directory `name`: next to the executable
//! (build tree: <bindir>/datasets) or under its install prefix
//! (<prefix>/share/annals/datasets). Empty when neither has it.
[[nodiscard]] std::optional<std::string> FindBundledDataset(std::string_view name);

//! Which diagnostics a command prints in full; the summary line, printed
//! whenever there are any, counts them all.
enum class Diagnostics {
  kAll,         //!< `annals load`: every error and warning
  kErrorsOnly,  //!< commands that go on to answer: errors, and the count of warnings
};

//! Loads `paths` into `db` (the default dataset when `paths` is empty).
//! A path that does not exist but names a bundled dataset loads that.
//! Prints diagnostics and then the summary to `err` when there were any.
//! Returns kDataError when a path cannot be read, or when `strict` and the
//! load reported an error; kOk otherwise. Never throws.
[[nodiscard]] ExitCode LoadData(Database& db, const std::vector<std::string>& paths, bool strict,
                                std::ostream& err, Diagnostics shown = Diagnostics::kErrorsOnly,
                                LoadReport* report = nullptr);

}  // namespace annals::cli
