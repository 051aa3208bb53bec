// The text grammar of vague dates: ISO/EDTF partial dates, English day-month-
// year forms, qualified years (c. 1921, mid-1921, spring 1921), decades and
// centuries, and the words for open and unknown period ends.
#pragma once

#include <annals/time.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace annals::engine {

enum class DateParseOutcome : std::uint8_t {
  kOk,
  kUnreadable,  //!< no accepted form matches; the message lists the forms
  kInvalid,     //!< a form matches but names no real date (31 February, month 13, year 10000)
};

//! Reads `text` as a vague date. On failure `error` (when not null) receives a
//! message that quotes the text and says what is wrong or which forms exist.
DateParseOutcome ParseVagueDate(std::string_view text, VagueDate* out, std::string* error);
//! ParseVagueDate without its shortcut for plain ISO days, for the tests
//! that hold the two to the same answers.
DateParseOutcome ParseVagueDateByGrammar(std::string_view text, VagueDate* out, std::string* error);

//! The accepted forms, one line, for error messages.
std::string_view AcceptedDateForms();

}  // namespace annals::engine
