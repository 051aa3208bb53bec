// Caret rendering: the caret line copies tabs from the source line so the
// caret lands under the spot whatever the tab width.
#include "query/diagnostic.hpp"

namespace annals::query {

std::string RenderError(std::string_view text, std::string_view file, TextPos pos,
                        std::string_view message) {
  SourceLocation location{std::string(file), pos.line, pos.column};
  std::string out = location.ToString();
  if (!out.empty()) out += ": ";
  out += "error: ";
  out += message;
  if (pos.line == 0 || pos.offset > text.size()) return out;
  std::size_t line_start = 0;
  if (pos.offset > 0) {
    const std::size_t newline = text.rfind('\n', pos.offset - 1);
    if (newline != std::string_view::npos) line_start = newline + 1;
  }
  std::size_t line_end = text.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line = text.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  out += '\n';
  out += line;
  out += '\n';
  // One caret-line character per code point before the column.
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < line.size() && column < pos.column; ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0u) == 0x80u) continue;
    out += line[i] == '\t' ? '\t' : ' ';
    ++column;
  }
  while (column < pos.column) {  // a spot just past the end of the line
    out += ' ';
    ++column;
  }
  out += '^';
  return out;
}

Error MakeQueryError(ErrorCode code, std::string message, std::string_view text, TextPos pos) {
  std::string rendered = RenderError(text, kQuerySourceName, pos, message);
  return Error(code, std::move(message),
               SourceLocation{std::string(kQuerySourceName), pos.line, pos.column},
               std::move(rendered));
}

Error WithContext(const Error& error, std::string_view context) {
  std::string message = std::string(context) + ": " + error.message();
  // The rendered text holds the message once, after "error: "; the source
  // line and caret under it stay as they were.
  std::string rendered = error.rendered();
  const std::size_t at = rendered.find(error.message());
  if (at != std::string::npos) {
    rendered.replace(at, error.message().size(), message);
  } else {
    rendered = std::string(context) + ": " + rendered;
  }
  return Error(error.code(), std::move(message), error.location(), std::move(rendered));
}

}  // namespace annals::query
