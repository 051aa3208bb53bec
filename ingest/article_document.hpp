// The structure of an article before any meaning is given to it: title,
// infobox entries, first paragraph, headings, pipe tables and bullet lists,
// each with its line number. article_reader.cpp turns this into facts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! A line of the article: its text (no line break) and 1-based number.
struct ArticleLine {
  std::string_view text;
  std::uint32_t line = 0;
};

//! "- Key: value" (or "| key = value") inside the Infobox block.
struct InfoboxEntry {
  std::string_view key;
  std::string_view value;   //!< raw, points into `source`
  std::string_view source;  //!< the whole line, for columns
  std::uint32_t line = 0;
};

//! Consecutive pipe-table lines; rows[0] is the header.
struct ArticleTable {
  std::string heading;  //!< the section it sits under ("" before any heading)
  std::uint32_t heading_line = 0;
  std::vector<ArticleLine> rows;
};

//! Consecutive "- item" / "* item" lines outside the infobox.
struct ArticleList {
  std::string heading;
  std::vector<ArticleLine> items;
};

struct ArticleDocument {
  bool has_title = false;
  ArticleLine title;  //!< the "= Title =" line; `title_text` is its inside
  std::string_view title_text;
  bool has_infobox = false;
  std::uint32_t infobox_line = 0;
  std::vector<InfoboxEntry> infobox;
  std::vector<ArticleLine> infobox_junk;  //!< lines in the block that are not entries
  std::vector<ArticleLine> first_paragraph;
  std::vector<ArticleTable> tables;
  std::vector<ArticleList> lists;
};

//! Splits `text` into the parts above. Never fails: what is missing is left
//! empty for the reader to report.
[[nodiscard]] ArticleDocument ParseArticleStructure(std::string_view text);

//! "== Party leaders ==" -> "Party leaders"; "" when `line` is no heading.
[[nodiscard]] std::string_view HeadingText(std::string_view line);

}  // namespace annals::ingest
