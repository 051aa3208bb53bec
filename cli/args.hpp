// Command-line parsing shared by every subcommand: the options they accept,
// their values, and the usage errors that make `annals` exit with 64.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace annals::cli {

//! Process exit codes; documented in `annals --help`.
enum class ExitCode : int {
  kOk = 0,          //!< answered (even with no rows)
  kQueryError = 1,  //!< the query (or program) was rejected or hit a limit
  kDataError = 2,   //!< data unreadable, or load errors with --strict
  kUsage = 64,      //!< bad command line (EX_USAGE)
};

enum class OutputFormat { kTable, kJson, kCsv };

//! Which options a subcommand accepts; anything else is a usage error.
enum OptionFlag : unsigned {
  kOptData = 1u << 0,
  kOptFormat = 1u << 1,
  kOptExplain = 1u << 2,
  kOptStrict = 1u << 3,
  kOptTimeout = 1u << 4,
  kOptLimit = 1u << 5,
  kOptOut = 1u << 6,
  kOptNoSources = 1u << 7,
};

struct Options {
  std::vector<std::string> data_paths;  //!< every --data, in order
  OutputFormat format = OutputFormat::kTable;
  bool explain = false;
  bool no_sources = false;
  bool strict = false;
  std::chrono::milliseconds timeout{0};  //!< 0: none
  std::optional<std::size_t> limit;
  std::string out;  //!< --out FILE (build)
  std::vector<std::string> positionals;
};

//! A command line `annals` cannot act on; the message says what was wrong.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Parses `args` (the words after the subcommand). Accepts `--opt VALUE` and
//! `--opt=VALUE`; `--` ends the options. Throws UsageError.
[[nodiscard]] Options ParseOptions(const std::vector<std::string>& args, unsigned accepted);

//! The full `annals --help` text.
[[nodiscard]] std::string UsageText();

}  // namespace annals::cli
