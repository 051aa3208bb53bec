// Articles: the title names the subject, the first paragraph gives its other
// names, the infobox and the leader tables give dated facts. Prose beyond the
// first paragraph is not read (dated prose facts are curated in .dl files).
#include "ingest/article_reader.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/article_document.hpp"
#include "ingest/entity_kind.hpp"
#include "ingest/fact_writer.hpp"
#include "ingest/infobox_reader.hpp"
#include "ingest/leader_table.hpp"
#include "ingest/text_util.hpp"
#include "ingest/wiki_text.hpp"

#include <algorithm>
#include <string>

namespace annals::ingest {

namespace {

bool HasLetter(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80) return true;
  }
  return false;
}

// Finds `needle` in `hay` ignoring ASCII case; npos if absent.
std::size_t FindNoCase(std::string_view hay, std::string_view needle) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (StartsWithNoCase(hay.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

// "Russian: Коммунистическая партия" -> "Коммунистическая партия": a leading
// single capitalised word and a colon name the language, not the entity.
std::string_view DropLanguageLabel(std::string_view alias) {
  const std::size_t colon = alias.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 24) return alias;
  const std::string_view label = alias.substr(0, colon);
  if (label.front() < 'A' || label.front() > 'Z') return alias;
  for (char c : label) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-')) return alias;
  }
  return Trim(alias.substr(colon + 1));
}

// The parenthesis right after the title's first mention in the first
// paragraph holds the subject's other names, separated by ';'.
void ReadAliases(FactWriter& writer, const ArticleDocument& doc, engine::EntityId subject,
                 std::string_view title) {
  std::string paragraph;
  for (const ArticleLine& line : doc.first_paragraph) {
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line.text;
  }
  const std::string prose = CleanWikiText(paragraph, LinkText::kShown);
  // The alias parenthesis follows the first mention, in the opening
  // sentences; bounding the search keeps huge paragraphs cheap.
  const std::size_t at = FindNoCase(
      std::string_view(prose).substr(0, std::min<std::size_t>(prose.size(), 4096)), title);
  if (at == std::string::npos) return;
  std::size_t open = at + title.size();
  while (open < prose.size() && prose[open] == ' ') ++open;
  if (open >= prose.size() || prose[open] != '(') return;
  const std::size_t close = MatchingParen(prose, open);
  if (close == std::string::npos) return;
  const std::string_view inside = std::string_view(prose).substr(open + 1, close - open - 2);
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  // ';' separates names; a lone name may hold commas ("Bukhara, Emirate of").
  for (std::size_t i = 0; i <= inside.size(); ++i) {
    if (i == inside.size() || inside[i] == ';') {
      pieces.push_back(Trim(inside.substr(start, i - start)));
      start = i + 1;
    }
  }
  for (std::string_view piece : pieces) {
    const std::string_view alias = DropLanguageLabel(piece);
    if (!HasLetter(alias) || engine::IsBlankName(alias)) continue;
    // "(1918–1924)" or "(born 1890)" are dates, not names.
    std::vector<Period> periods;
    if (Period::TryParseList(std::string(alias), &periods, nullptr)) continue;
    if (StartsWithNoCase(alias, "born ") || StartsWithNoCase(alias, "died ") ||
        StartsWithNoCase(alias, "c. ") || StartsWithNoCase(alias, "fl. ")) {
      continue;
    }
    writer.store().AddAlias(subject, alias);
  }
}

}  // namespace

void ReadArticle(engine::Store& store, std::string_view text, std::string_view source_name,
                 const LoadOptions& options, LoadReport& report) {
  FactWriter writer(store, source_name, report);
  const ArticleDocument doc = ParseArticleStructure(text);
  if (!doc.has_title) {
    writer.Error(1, 1,
                 "no title line: expected the article to start with '= Title =' (one '=' on "
                 "each side); file rejected");
    return;
  }

  ArticleSubject subject;
  subject.name = CleanWikiText(doc.title_text, LinkText::kShown);
  if (engine::IsBlankName(subject.name)) {
    writer.Error(doc.title.line, 1, "the title line names nothing; file rejected");
    return;
  }
  subject.kind = options.article_kind;
  if (subject.kind.empty()) subject.kind = KindFromInfobox(doc.infobox);
  if (subject.kind.empty()) subject.kind = InferKindFromName(subject.name);
  if (subject.kind.empty()) subject.kind = "organisation";
  subject.id = writer.Entity(subject.name);
  // The article's own kind is the best evidence there is, and an explicit
  // LoadOptions::article_kind always wins.
  if (!options.article_kind.empty() || store.EntityKind(subject.id).empty()) {
    store.SetKind(subject.id, subject.kind);
  }

  ReadAliases(writer, doc, subject.id, subject.name);

  if (!doc.has_infobox) {
    writer.Warning(doc.title.line, 1,
                   "no Infobox: expected a line 'Infobox' followed by '- Key: value' lines; "
                   "the title, aliases and tables still load, but no lifespan or infobox facts");
  } else {
    if (doc.infobox.empty()) {
      writer.Warning(doc.infobox_line, 1,
                     "the Infobox has no '- Key: value' entries; nothing loaded from it");
    }
    for (const ArticleLine& junk : doc.infobox_junk) {
      writer.Warning(junk.line, 1,
                     "infobox line is not '- Key: value'; not loaded: '" +
                         CleanWikiText(junk.text, LinkText::kShown) + "'");
    }
    ReadInfobox(writer, doc.infobox, subject);
  }

  for (const ArticleTable& table : doc.tables) {
    ReadArticleTable(writer, table, subject.id, subject.name);
  }
  for (const ArticleList& list : doc.lists) {
    const std::size_t n = list.items.size();
    writer.Warning(list.items.front().line, 1,
                   "list " +
                       (list.heading.empty() ? std::string("before any heading")
                                             : "under '" + list.heading + "'") +
                       " (" + std::to_string(n) + (n == 1 ? " item" : " items") +
                       ") is not read: lists carry no dated facts");
  }
}

}  // namespace annals::ingest
