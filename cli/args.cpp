// Option parsing for the `annals` subcommands.
#include "cli/args.hpp"

#include <charconv>
#include <string_view>
#include <system_error>

namespace annals::cli {
namespace {

struct OptionName {
  std::string_view name;
  OptionFlag flag;
  bool takes_value;
};

constexpr OptionName kOptionNames[] = {
    {"--data", kOptData, true},        {"--format", kOptFormat, true},
    {"--explain", kOptExplain, false}, {"--strict", kOptStrict, false},
    {"--timeout", kOptTimeout, true},  {"--limit", kOptLimit, true},
    {"--out", kOptOut, true},          {"--no-sources", kOptNoSources, false},
};

// A count the user typed: all digits, no sign, fits, and at least `minimum`;
// one message for every way it is not, so that -1 and 0 are told the same rule.
std::size_t ParseCount(std::string_view option, std::string_view text, std::size_t minimum) {
  std::size_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || end != last || value < minimum) {
    throw UsageError(std::string(option) + " expects a whole number of at least " +
                     std::to_string(minimum) + ", got '" + std::string(text) + "'");
  }
  return value;
}

OutputFormat ParseFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  throw UsageError("--format expects table, json or csv, got '" + std::string(text) + "'");
}

}  // namespace

Options ParseOptions(const std::vector<std::string>& args, unsigned accepted) {
  Options options;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      options.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string_view::npos) {
      inline_value = std::string(name.substr(eq + 1));
      name = name.substr(0, eq);
    }
    const OptionName* known = nullptr;
    for (const OptionName& candidate : kOptionNames) {
      if (candidate.name == name) known = &candidate;
    }
    if (known == nullptr || (accepted & known->flag) == 0) {
      throw UsageError("unknown option '" + std::string(name) + "'");
    }
    std::string value;
    if (known->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        throw UsageError(std::string(name) + " needs a value");
      }
    } else if (inline_value) {
      throw UsageError(std::string(name) + " takes no value");
    }
    switch (known->flag) {
      case kOptData:
        if (value.empty()) throw UsageError("--data needs a path");
        options.data_paths.push_back(value);
        break;
      case kOptFormat:
        options.format = ParseFormat(value);
        break;
      case kOptExplain:
        options.explain = true;
        break;
      case kOptNoSources:
        options.no_sources = true;
        break;
      case kOptStrict:
        options.strict = true;
        break;
      case kOptTimeout:
        options.timeout = std::chrono::milliseconds(ParseCount(name, value, 0));
        break;
      case kOptLimit: {
        options.limit = ParseCount(name, value, 1);
        break;
      }
      case kOptOut:
        if (value.empty()) throw UsageError("--out needs a path");
        if (!options.out.empty()) throw UsageError("--out given twice");
        options.out = value;
        break;
    }
  }
  return options;
}

std::string UsageText() {
  return R"(usage: annals <command> [options] [arguments]

Annals answers point-in-time questions over temporal facts, each answer
certain or only possible, with its validity period and its sources.

commands:
  query [options] QUERY    run one query and print its answer
  run [options] FILE.dl    run a program of rules and `?-` queries, in turn
  shell [options]          interactive shell (type :help inside)
  load [options]           load data and print what was loaded
  build [options] --out FILE.annals
                           load data and write it as a binary snapshot,
                           which --data FILE.annals opens without re-parsing

options:
  --data PATH              a data file or directory (.txt/.wiki article,
                           .json, .tsv, .dl, or a .annals snapshot, which
                           must come first); may be repeated. Without it the
                           bundled dataset central-asia-1918-1924 is loaded.
                           A bare dataset name also finds a bundled dataset.
  --format table|json|csv  output format (query, run, shell; default table);
                           run prints one JSON document, an entry (answer
                           or error) per query, or one CSV table whose rows
                           start with their query's line
  --explain                print how each answer was derived (query, run)
  --no-sources             leave out the sources of each answer (faster on
                           big answers; query, run, shell)
  --strict                 exit 2 when loading the data reported any error
  --timeout MS             give up on a query after MS milliseconds (0: never)
  --limit N                fail a query that would produce more than N rows
  --out FILE.annals        where build writes the snapshot (required there)
  --help, -h               print this help
  --version                print the version

exit status:
  0   answered (even with no rows)
  1   query error (message on stderr with line and column)
  2   data error: unreadable data or snapshot (corrupt, truncated, other
      version), load errors with --strict, a snapshot not written, or the
      answer not written (a full disk)
  64  usage error

example:
  annals query 'leads(P, "Communist Party of Bukhara") @ "mid-1921"'
  annals build --data central-asia-1918-1924 --out central-asia.annals
  annals query --data central-asia.annals 'leads(P, "Communist Party of Bukhara") @ 1921-06'
)";
}

}  // namespace annals::cli
