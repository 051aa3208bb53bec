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

std::optional<QueryFailure> Ask(const Database& db, std::string_view text, const Options& options,
                                const std::function<void(QueryResult)>& use,
                                std::string_view source_name, std::int64_t line_offset) {
  QueryFailure failure;
  try {
    use(db.Query(text, ToQueryOptions(options)));
    return std::nullopt;
  } catch (const Error& error) {
    failure.code = error.code();
    failure.message = error.message();
    failure.location = RelabelLocation(error.location(), source_name, line_offset);
    failure.rendered = RelabelError(error, source_name, line_offset);
    return failure;
  } catch (const std::bad_alloc&) {
    // Memory is a limit the query reached, as the row limit and time-out are.
    failure.code = ErrorCode::kLimit;
    failure.message = "out of memory while answering the query";
  } catch (const std::exception& error) {
    failure.code = ErrorCode::kInternal;
    failure.message = std::string("internal error (please report it): ") + error.what();
  }
  failure.rendered = "error: " + failure.message;
  return failure;
}

ExitCode Answer(const Database& db, std::string_view text, const Options& options,
                std::ostream& out, std::ostream& err, std::string_view source_name,
                std::int64_t line_offset) {
  const std::optional<QueryFailure> failure = Ask(
      db, text, options,
      [&](QueryResult result) {
        PrintResult(out, result, options.format, options.explain);
        out.flush();
      },
      source_name, line_offset);
  if (!failure) return ExitCode::kOk;
  err << failure->rendered << '\n';
  return ExitCode::kQueryError;
}

}  // namespace annals::cli
