// Answer printing. Table cells use the human forms (VagueDate::ToText:
// "mid-1921", "present"); JSON and CSV use ISO/EDTF forms at each date's own
// precision (VagueDate::ToIso), empty for open ends, so machines can read them.
#include "cli/output.hpp"

#include <annals/time.hpp>
#include <annals/value.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

namespace annals::cli {
namespace {

// How many bytes the UTF-8 sequence starting with `lead` should take; 0 for a
// byte that cannot start one.
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Length of the well-formed sequence at text[i], or 0 when it is not one.
std::size_t ValidSequenceAt(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = SequenceLength(lead);
  if (length <= 1 || i + length > text.size()) return length == 1 ? 1 : 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0) != 0x80) return 0;
  }
  const auto second = static_cast<unsigned char>(text[i + 1]);
  // Overlong forms, surrogates and values above U+10FFFF.
  if (lead == 0xE0 && second < 0xA0) return 0;
  if (lead == 0xED && second > 0x9F) return 0;
  if (lead == 0xF0 && second < 0x90) return 0;
  if (lead == 0xF4 && second > 0x8F) return 0;
  return length;
}

// The code point of the well-formed sequence of `length` bytes at text[i].
char32_t CodePointAt(std::string_view text, std::size_t i, std::size_t length) {
  static constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(text[i]) & kLeadBits[length];
  for (std::size_t k = 1; k < length; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  return cp;
}

// How many terminal columns a code point takes: none for a combining mark
// (it sits on the letter before it), two for the wide East Asian scripts and
// emoji, one for the rest. The common blocks only, without Unicode's tables:
// enough that names in Chinese or with accents typed as marks line up.
std::size_t ColumnsOf(char32_t cp) {
  const auto in = [cp](char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; };
  if (in(0x0300, 0x036F) || in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0x20D0, 0x20FF) ||
      in(0xFE20, 0xFE2F) || cp == 0x200B || cp == 0x200D) {
    return 0;
  }
  if (in(0x1100, 0x115F) || in(0x2E80, 0x303E) || in(0x3041, 0x33FF) || in(0x3400, 0x4DBF) ||
      in(0x4E00, 0x9FFF) || in(0xA000, 0xA4CF) || in(0xAC00, 0xD7A3) || in(0xF900, 0xFAFF) ||
      in(0xFE30, 0xFE4F) || in(0xFF00, 0xFF60) || in(0xFFE0, 0xFFE6) || in(0x1F300, 0x1F64F) ||
      in(0x1F900, 0x1F9FF) || in(0x20000, 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// `text` for a table cell: control characters (a line break, ESC, BEL, C1
// controls) shown as escapes, so that a name from the data can neither break
// a row in two nor send commands to the terminal.
std::string TableText(std::string text) {
  std::string shown;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = ValidSequenceAt(text, i);
    const char32_t cp = length == 0 ? 0xFFFD : CodePointAt(text, i, length);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      if (shown.empty()) shown.assign(text, 0, i);
      static constexpr char kHex[] = "0123456789ABCDEF";
      if (cp == '\n') {
        shown += "\\n";
      } else if (cp == '\t') {
        shown += "\\t";
      } else {
        shown += std::string{'\\', 'x', kHex[cp >> 4], kHex[cp & 0xF]};  // cp < 0xA0 here
      }
    } else if (!shown.empty()) {
      shown.append(text, i, length == 0 ? 1 : length);
    }
    i += length == 0 ? 1 : length;
  }
  return shown.empty() ? text : shown;
}

std::string DateIso(const VagueDate& date) { return date.ToIso(); }

std::string JoinSources(const Row& row, std::string_view separator) {
  std::string joined;
  for (const SourceLocation& source : row.sources) {
    if (!joined.empty()) joined += separator;
    joined += source.ToString();
  }
  return joined;
}

// Value::ToText already prints numbers as JSON does (shortest round-trip
// form, whole numbers without a point); JSON has no NaN or infinity.
std::string JsonNumber(const Value& value) {
  return std::isfinite(value.number()) ? value.ToText() : "null";
}

std::string JsonCell(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kNumber:
      return JsonNumber(value);
    case ValueKind::kEntity:
    case ValueKind::kString:
    case ValueKind::kDate:
    case ValueKind::kPeriod:
      return JsonString(value.ToIso());
  }
  return "null";
}

std::vector<std::string> HeaderNames(const QueryResult& result) {
  std::vector<std::string> names = result.columns();
  for (std::string_view extra : kRowColumns) names.emplace_back(extra);
  return names;
}

void PrintTable(std::ostream& out, const QueryResult& result, bool explain) {
  const std::vector<std::string> header = HeaderNames(result);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(result.size());
  for (const Row& row : result) {
    std::vector<std::string> line;
    line.reserve(header.size());
    for (std::size_t c = 0; c < result.columns().size(); ++c) {
      line.push_back(c < row.values.size() ? TableText(row.values[c].ToText()) : std::string());
    }
    line.emplace_back(CertaintyName(row.certainty));
    line.push_back(row.validity.StartText());
    line.push_back(row.validity.EndText());
    line.push_back(JoinSources(row, ", "));
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = DisplayWidth(header[c]);
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(line[c]));
    }
  }
  // Lines carry no trailing blanks: the last column is never padded, nor a
  // column with only empty cells after it (sources left out, say).
  const auto print_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      text += line[c];
      if (c + 1 < line.size()) text.append(widths[c] - DisplayWidth(line[c]) + 2, ' ');
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  };
  print_line(header);
  std::vector<std::string> rule;
  for (std::size_t c = 0; c < header.size(); ++c) {
    rule.push_back(std::string(c + 1 < header.size() ? widths[c] : DisplayWidth(header[c]), '-'));
  }
  print_line(rule);
  for (const auto& line : cells) print_line(line);
  out << '(' << result.size() << (result.size() == 1 ? " row" : " rows");
  if (result.truncated()) out << ", cut short by the row limit";
  out << ")\n";
  if (!explain) return;
  std::size_t index = 0;
  for (const Row& row : result) {
    ++index;
    out << "\nrow " << index << ':';
    for (const Value& value : row.values) out << ' ' << value.ToText();
    out << " (" << CertaintyName(row.certainty) << ")\n";
    if (row.explanation.empty()) out << "  (no derivation recorded)\n";
    for (const std::string& step : row.explanation) out << "  " << step << '\n';
  }
}

// The answer's members, "columns" and "rows" (and "truncated" when cut), without
// the braces around them, so that `annals run` can put them in each query's
// entry. Rows go one a line at `indent` plus two spaces: a document of many
// rows stays readable and greppable.
void PrintJsonMembers(std::ostream& out, const QueryResult& result, bool explain,
                      std::string_view indent) {
  const std::vector<std::string>& columns = result.columns();
  // "columns" lists the query's variables, the keys that vary per query; every
  // row also has the fixed keys certainty, from, to and sources.
  out << "\"columns\": [";
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out << (c == 0 ? "" : ", ") << JsonString(columns[c]);
  }
  out << "], \"rows\": [";
  bool first_row = true;
  for (const Row& row : result) {
    out << (first_row ? "\n" : ",\n") << indent << "  {";
    first_row = false;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      out << JsonString(columns[c]) << ": "
          << (c < row.values.size() ? JsonCell(row.values[c]) : "null") << ", ";
    }
    out << "\"certainty\": " << JsonString(CertaintyName(row.certainty))
        << ", \"from\": " << JsonString(DateIso(row.validity.WrittenStart()))
        << ", \"to\": " << JsonString(DateIso(row.validity.WrittenEnd())) << ", \"sources\": [";
    for (std::size_t s = 0; s < row.sources.size(); ++s) {
      out << (s == 0 ? "" : ", ") << JsonString(row.sources[s].ToString());
    }
    out << ']';
    if (explain) {
      out << ", \"explanation\": [";
      for (std::size_t s = 0; s < row.explanation.size(); ++s) {
        out << (s == 0 ? "" : ", ") << JsonString(row.explanation[s]);
      }
      out << ']';
    }
    out << '}';
  }
  if (!first_row) out << '\n' << indent;
  out << ']';
  if (result.truncated()) out << ", \"truncated\": true";
}

void PrintJson(std::ostream& out, const QueryResult& result, bool explain) {
  out << '{';
  PrintJsonMembers(out, result, explain, "");
  out << "}\n";
}

// RFC 4180: fields joined by commas, quoted where needed, CRLF line ends.
void PrintCsvRecord(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t c = 0; c < fields.size(); ++c) out << (c == 0 ? "" : ",") << CsvField(fields[c]);
  out << "\r\n";
}

// The header: `label` first unless empty, then `columns`, the fixed columns and,
// with `explain`, the derivation.
void PrintCsvHeader(std::ostream& out, std::string_view label,
                    const std::vector<std::string>& columns, bool explain) {
  std::vector<std::string> header;
  if (!label.empty()) header.emplace_back(label);
  header.insert(header.end(), columns.begin(), columns.end());
  for (std::string_view extra : kRowColumns) header.emplace_back(extra);
  if (explain) header.emplace_back("explanation");
  PrintCsvRecord(out, header);
}

// The answer's rows under a header of `columns`, which may name variables the
// answer lacks (left empty) and order its own differently: each cell goes
// under its variable's name. `label` leads each record unless empty.
void PrintCsvRows(std::ostream& out, const QueryResult& result,
                  const std::vector<std::string>& columns, std::string_view label, bool explain) {
  std::vector<int> source_column;  // the answer's column under each of `columns`, or -1
  for (const std::string& name : columns) source_column.push_back(result.ColumnIndex(name));
  for (const Row& row : result) {
    std::vector<std::string> line;
    if (!label.empty()) line.emplace_back(label);
    for (const int c : source_column) {
      const auto index = static_cast<std::size_t>(c);
      line.push_back(c >= 0 && index < row.values.size() ? row.values[index].ToIso()
                                                         : std::string());
    }
    line.emplace_back(CertaintyName(row.certainty));
    line.push_back(DateIso(row.validity.WrittenStart()));
    line.push_back(DateIso(row.validity.WrittenEnd()));
    line.push_back(JoinSources(row, "; "));
    if (explain) {
      std::string steps;
      for (const std::string& step : row.explanation) {
        if (!steps.empty()) steps += '\n';
        steps += step;
      }
      line.push_back(std::move(steps));
    }
    PrintCsvRecord(out, line);
  }
}

void PrintCsv(std::ostream& out, const QueryResult& result, bool explain) {
  PrintCsvHeader(out, "", result.columns(), explain);
  PrintCsvRows(out, result, result.columns(), "", explain);
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t length = ValidSequenceAt(utf8, i);
    width += length == 0 ? 1 : ColumnsOf(CodePointAt(utf8, i, length));
    i += length == 0 ? 1 : length;
  }
  return width;
}

std::string JsonString(std::string_view text) {
  std::string json;
  json.reserve(text.size() + 2);
  json += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = ValidSequenceAt(text, i);
    if (length == 0) {
      json += "\\ufffd";  // an invalid byte becomes U+FFFD, never raw
      ++i;
      continue;
    }
    if (length > 1) {
      json.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
    switch (byte) {
      case '"':
        json += "\\\"";
        break;
      case '\\':
        json += "\\\\";
        break;
      case '\b':
        json += "\\b";
        break;
      case '\f':
        json += "\\f";
        break;
      case '\n':
        json += "\\n";
        break;
      case '\r':
        json += "\\r";
        break;
      case '\t':
        json += "\\t";
        break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", byte);
          json += escape;
        } else {
          json += static_cast<char>(byte);
        }
    }
  }
  json += '"';
  return json;
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string field = "\"";
  for (char c : text) {
    if (c == '"') field += '"';
    field += c;
  }
  field += '"';
  return field;
}

void PrintResult(std::ostream& out, const QueryResult& result, OutputFormat format, bool explain) {
  switch (format) {
    case OutputFormat::kTable:
      PrintTable(out, result, explain);
      break;
    case OutputFormat::kJson:
      PrintJson(out, result, explain);
      break;
    case OutputFormat::kCsv:
      PrintCsv(out, result, explain);
      break;
  }
}

ProgramPrinter::ProgramPrinter(std::ostream& out, OutputFormat format, bool explain,
                               std::string source_name)
    : out_(out), format_(format), explain_(explain), source_name_(std::move(source_name)) {}

void ProgramPrinter::Begin(std::ostream& to, std::uint32_t line, std::string_view query) const {
  switch (format_) {
    case OutputFormat::kTable:
      if (printed_ > 0) to << '\n';
      to << source_name_ << ':' << line << ": " << query << '\n';
      break;
    case OutputFormat::kJson:
      to << (printed_ == 0 ? "{\"queries\": [\n" : ",\n") << "  {\"line\": " << line
         << ", \"query\": " << JsonString(query) << ", ";
      break;
    case OutputFormat::kCsv:
      break;
  }
}

// Each entry is made whole before any of it is written: running out of
// memory halfway through a large answer then reports that query as failed
// instead of leaving half an entry in the document.
void ProgramPrinter::Answered(std::uint32_t line, std::string_view query, QueryResult result) {
  if (format_ == OutputFormat::kCsv) {
    csv_answers_.emplace_back(line, std::move(result));
    return;
  }
  std::ostringstream entry;
  Begin(entry, line, query);
  if (format_ == OutputFormat::kJson) {
    PrintJsonMembers(entry, result, explain_, "  ");
    entry << '}';
  } else {
    PrintResult(entry, result, format_, explain_);
  }
  out_ << entry.str() << std::flush;
  ++printed_;
}

void ProgramPrinter::Failed(std::uint32_t line, std::string_view query,
                            const QueryFailure& failure) {
  std::ostringstream entry;
  Begin(entry, line, query);
  if (format_ == OutputFormat::kTable) {
    // Where the answer would be, as "(2 rows)" ends one: output kept apart
    // from stderr (a file, a pager) shows why the query has no table.
    entry << "(no answer: " << ErrorCodeName(failure.code) << ")\n";
  } else if (format_ == OutputFormat::kJson) {
    const auto number = [](std::uint32_t n) {
      return n == 0 ? std::string("null") : std::to_string(n);
    };
    entry << "\"error\": {\"code\": " << JsonString(ErrorCodeName(failure.code))
          << ", \"message\": " << JsonString(failure.message)
          << ", \"line\": " << number(failure.location.line)
          << ", \"column\": " << number(failure.location.column) << "}}";
  }
  out_ << entry.str() << std::flush;
  ++printed_;
}

void ProgramPrinter::Finish() {
  if (format_ == OutputFormat::kJson) {
    out_ << (printed_ == 0 ? "{\"queries\": []}\n" : "\n]}\n") << std::flush;
    return;
  }
  if (format_ != OutputFormat::kCsv) return;
  std::vector<std::string> columns;  // every answer's variables, first seen first
  for (const auto& [line, result] : csv_answers_) {
    for (const std::string& name : result.columns()) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
        columns.push_back(name);
      }
    }
  }
  PrintCsvHeader(out_, "line", columns, explain_);
  for (const auto& [line, result] : csv_answers_) {
    PrintCsvRows(out_, result, columns, std::to_string(line), explain_);
  }
  out_.flush();
}

}  // namespace annals::cli
