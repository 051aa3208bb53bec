// The step every command shares: run one query, print answer or error.
#include <annals/error.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/statements.hpp"

#include <exception>
#include <new>

namespace annals::cli {

QueryOptions ToQueryOptions(const Options& options) {
  QueryOptions query_options;
  if (options.limit) query_options.row_limit = *options.limit;
  query_options.timeout = options.timeout;
  query_options.explain = options.explain;
  query_options.sources = !options.no_sources;
  return query_options;
}

ExitCode Answer(const Database& db, std::string_view text, const Options& options,
                std::ostream& out, std::ostream& err, std::string_view source_name,
                std::int64_t line_offset) {
  try {
    const QueryResult result = db.Query(text, ToQueryOptions(options));
    PrintResult(out, result, options.format, options.explain);
    out.flush();
    return ExitCode::kOk;
  } catch (const Error& error) {
    err << RelabelError(error, source_name, line_offset) << '\n';
  } catch (const std::bad_alloc&) {
    err << "error: out of memory while answering the query\n";
  } catch (const std::exception& error) {
    err << "error: internal error (please report it): " << error.what() << '\n';
  }
  return ExitCode::kQueryError;
}

}  // namespace annals::cli
