// The `annals` subcommands, one file each, and the query step they share.
#pragma once

#include <annals/database.hpp>

#include "cli/args.hpp"
#include "cli/output.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace annals::cli {

//! Each takes the words after its name; throws UsageError on a bad command line.
ExitCode QueryCommand(const std::vector<std::string>& args);
ExitCode RunCommand(const std::vector<std::string>& args);
ExitCode ShellCommand(const std::vector<std::string>& args);
ExitCode LoadCommand(const std::vector<std::string>& args);
ExitCode BuildCommand(const std::vector<std::string>& args);

//! The QueryOptions the command-line options ask for.
[[nodiscard]] QueryOptions ToQueryOptions(const Options& options);

//! Runs `text` on `db` and hands the answer to `use`. Returns what failed
//! instead, with its position restated for `source_name` (see RelabelError):
//! the query's error, or running out of memory in either step. Never throws.
[[nodiscard]] std::optional<QueryFailure> Ask(const Database& db, std::string_view text,
                                              const Options& options,
                                              const std::function<void(QueryResult)>& use,
                                              std::string_view source_name = "<query>",
                                              std::int64_t line_offset = 0);

//! Runs `text` on `db` and prints the answer to `out` in the chosen format, or
//! the error to `err` with its position restated for `source_name` (see
//! RelabelError). Returns kOk or kQueryError; never throws.
ExitCode Answer(const Database& db, std::string_view text, const Options& options,
                std::ostream& out, std::ostream& err, std::string_view source_name = "<query>",
                std::int64_t line_offset = 0);

}  // namespace annals::cli
