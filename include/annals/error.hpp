// The one error scheme of the public API: every failure a user can cause is
// reported by throwing annals::Error, which carries a code, the message, and
// where in the user's text or file the problem is. Data-quality problems met
// while loading are not errors but Diagnostics, collected in a LoadReport.
#pragma once

#include <annals/export.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace annals {

//! A position in a named text: a data file, or "<query>" for query text.
//! Lines and columns count from 1; column counts UTF-8 code points.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  //! "file:line:column", leaving out the parts that are unknown (zero/empty).
  [[nodiscard]] ANNALS_API std::string ToString() const;
};

//! What kind of failure an Error reports; stable across releases.
enum class ErrorCode : std::uint8_t {
  kSyntax,           //!< query text or a date expression could not be read
  kUnknownRelation,  //!< a query names a relation no loaded fact uses
  kUnknownEntity,    //!< a quoted constant matches no entity name or alias
  kUnsafeVariable,   //!< a variable is used without being bound by a positive atom
  kArity,            //!< an atom has the wrong number of columns
  kNotStratifiable,  //!< negation or aggregation through recursion
  kLimit,            //!< the row limit or the time-out was reached
  kData,             //!< loading data failed as a whole (unreadable file, bad snapshot)
  kInvalidArgument,  //!< an API call was given a value it cannot accept
  kInternal,         //!< a bug in Annals; please report it
  kInterrupted,      //!< Database::Interrupt stopped the query (since 0.3.23)
};

//! Short stable name of a code, e.g. "syntax error", "unknown entity".
[[nodiscard]] ANNALS_API const char* ErrorCodeName(ErrorCode code);

//! What every public entry point throws for a failure the caller caused.
class ANNALS_API Error : public std::runtime_error {
 public:
  //! `rendered` defaults to "file:line:column: error: message" built from the rest.
  Error(ErrorCode code, std::string message, SourceLocation location = {},
        std::string rendered = {});

  //! What kind of failure this is.
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  //! The message alone, without position: "unknown relation 'lead'; known: ...".
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  //! Where the problem is; line 0 when it has no position (e.g. a limit).
  [[nodiscard]] const SourceLocation& location() const noexcept { return location_; }
  //! The message as a person should see it: "<query>:1:9: error: ..." followed
  //! by the offending source line and a caret under the spot, where known.
  //! what() returns the same text.
  [[nodiscard]] const std::string& rendered() const noexcept { return rendered_; }

 private:
  ErrorCode code_;
  std::string message_;
  SourceLocation location_;
  std::string rendered_;
};

//! How bad a Diagnostic is: kError rejected its record, kWarning did not.
enum class Severity : std::uint8_t { kWarning, kError };

//! One problem found in input data. An error means the record it names was
//! rejected and takes part in no fact; a warning means it loaded, with a caveat.
struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string message;  //!< says what was found and what was expected

  //! "file:line:column: error: message"
  [[nodiscard]] ANNALS_API std::string ToString() const;
};

}  // namespace annals
