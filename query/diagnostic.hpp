// Rendering of errors in query and facts text: "file:L:C: error: MSG", then
// the offending source line and a caret under the spot.
#pragma once

#include <annals/error.hpp>

#include "query/token.hpp"

#include <string>
#include <string_view>

namespace annals::query {

//! The name query text goes by in locations and messages.
inline constexpr std::string_view kQuerySourceName = "<query>";

//! "file:L:C: error: MSG\n<source line>\n<spaces>^" (the last two lines only
//! when `pos` lies inside `text`).
[[nodiscard]] std::string RenderError(std::string_view text, std::string_view file, TextPos pos,
                                      std::string_view message);

//! The annals::Error for a problem at `pos` of query text, fully rendered.
[[nodiscard]] Error MakeQueryError(ErrorCode code, std::string message, std::string_view text,
                                   TextPos pos);

//! `error` with `context` before its message ("parameter set 3: unknown
//! entity ..."); its position and source line stay.
[[nodiscard]] Error WithContext(const Error& error, std::string_view context);

}  // namespace annals::query
