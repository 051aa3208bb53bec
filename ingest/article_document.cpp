// Line-level structure of articles. Recognises the plain form of the samples
// ("Infobox" then "- Key: value") and the wikitext form ("{{Infobox ..." then
// "| key = value"), since exported articles come in both.
#include "ingest/article_document.hpp"

#include "ingest/text_util.hpp"

namespace annals::ingest {

namespace {

// "= Title =": exactly one '=' on each side.
bool TitleText(std::string_view line, std::string_view* title) {
  line = Trim(line);
  if (line.size() < 3 || line.front() != '=' || line.back() != '=') return false;
  if (line[1] == '=' || line[line.size() - 2] == '=') return false;
  *title = Trim(line.substr(1, line.size() - 2));
  return !title->empty();
}

bool IsInfoboxStart(std::string_view line) {
  line = Trim(line);
  if (line.starts_with("{{")) line = Trim(line.substr(2));
  return StartsWithNoCase(line, "infobox");
}

// "- Key: value" or "| key = value".
bool InfoboxEntryOf(const ArticleLine& line, InfoboxEntry* entry) {
  std::string_view text = Trim(line.text);
  char separator = 0;
  if (text.starts_with("- ") || text.starts_with("* ")) {
    separator = ':';
  } else if (text.starts_with("|") && !text.starts_with("|}")) {
    separator = '=';
  } else {
    return false;
  }
  text = Trim(text.substr(1));
  const std::size_t at = text.find(separator);
  if (at == std::string_view::npos || at == 0) return false;
  entry->key = Trim(text.substr(0, at));
  entry->value = Trim(text.substr(at + 1));
  entry->source = line.text;
  entry->line = line.line;
  return !entry->key.empty();
}

bool IsTableLine(std::string_view line) {
  line = Trim(line);
  return line.starts_with("|");
}

bool IsListItem(std::string_view line) {
  line = Trim(line);
  return line.size() >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ';
}

}  // namespace

std::string_view HeadingText(std::string_view line) {
  line = Trim(line);
  if (line.size() < 5 || !line.starts_with("==") || !line.ends_with("==")) return {};
  std::size_t lead = 0;
  while (lead < line.size() && line[lead] == '=') ++lead;
  std::size_t trail = 0;
  while (trail < line.size() - lead && line[line.size() - 1 - trail] == '=') ++trail;
  if (lead + trail >= line.size()) return {};
  return Trim(line.substr(lead, line.size() - lead - trail));
}

ArticleDocument ParseArticleStructure(std::string_view text) {
  std::vector<ArticleLine> lines;
  std::uint32_t number = 0;
  std::size_t pos = 0;
  if (text.starts_with("\xEF\xBB\xBF")) pos = 3;  // byte-order mark
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, ++number});
    if (end == text.size()) break;
    pos = end + 1;
  }

  ArticleDocument doc;
  enum class Mode { kBody, kInfobox, kTable, kList, kParagraph };
  Mode mode = Mode::kBody;
  std::string heading;
  std::uint32_t heading_line = 0;
  bool first_paragraph_done = false;
  for (const ArticleLine& line : lines) {
    const std::string_view trimmed = Trim(line.text);
    if (mode == Mode::kInfobox) {
      InfoboxEntry entry;
      if (trimmed.empty() || trimmed == "}}") {
        mode = Mode::kBody;
        continue;
      }
      if (InfoboxEntryOf(line, &entry)) {
        doc.infobox.push_back(entry);
        continue;
      }
      if (HeadingText(trimmed).empty()) {
        doc.infobox_junk.push_back(line);
        continue;
      }
      mode = Mode::kBody;
    }
    if (trimmed.empty()) {
      if (mode == Mode::kParagraph) first_paragraph_done = true;
      mode = Mode::kBody;
      continue;
    }
    std::string_view title;
    if (!doc.has_title && TitleText(trimmed, &title)) {
      doc.has_title = true;
      doc.title = line;
      doc.title_text = title;
      mode = Mode::kBody;
      continue;
    }
    if (const std::string_view h = HeadingText(trimmed); !h.empty()) {
      heading = std::string(h);
      heading_line = line.line;
      if (mode == Mode::kParagraph) first_paragraph_done = true;
      mode = Mode::kBody;
      continue;
    }
    if (!doc.has_infobox && IsInfoboxStart(trimmed)) {
      doc.has_infobox = true;
      doc.infobox_line = line.line;
      mode = Mode::kInfobox;
      continue;
    }
    if (IsTableLine(trimmed)) {
      if (mode != Mode::kTable) doc.tables.push_back({heading, heading_line, {}});
      doc.tables.back().rows.push_back(line);
      mode = Mode::kTable;
      continue;
    }
    if (IsListItem(trimmed)) {
      if (mode != Mode::kList) doc.lists.push_back({heading, {}});
      doc.lists.back().items.push_back(line);
      mode = Mode::kList;
      continue;
    }
    // Prose. Only the first paragraph matters (it carries the aliases).
    if (mode == Mode::kTable || mode == Mode::kList) mode = Mode::kBody;
    if (!first_paragraph_done && doc.has_title) {
      doc.first_paragraph.push_back(line);
      mode = Mode::kParagraph;
    } else if (mode != Mode::kParagraph) {
      first_paragraph_done = first_paragraph_done || doc.has_title;
    }
  }
  return doc;
}

}  // namespace annals::ingest
