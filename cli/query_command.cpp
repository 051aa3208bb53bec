// `annals query [options] QUERY`: load, ask one question, print the answer.
#include "cli/commands.hpp"
#include "cli/data.hpp"

#include <iostream>
#include <iterator>
#include <string>

namespace annals::cli {

ExitCode QueryCommand(const std::vector<std::string>& args) {
  const Options options = ParseOptions(args, kOptData | kOptFormat | kOptExplain | kOptNoSources |
                                                 kOptStrict | kOptTimeout | kOptLimit);
  if (options.positionals.size() != 1) {
    throw UsageError(options.positionals.empty()
                         ? "query: missing the QUERY argument"
                         : "query: expected one QUERY argument (quote it), got " +
                               std::to_string(options.positionals.size()));
  }
  std::string text = options.positionals.front();
  if (text == "-") {  // the query from stdin, for long programs
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  Database db;
  if (const ExitCode loaded = LoadData(db, options.data_paths, options.strict, std::cerr);
      loaded != ExitCode::kOk) {
    return loaded;
  }
  return Answer(db, text, options, std::cout, std::cerr);
}

}  // namespace annals::cli
