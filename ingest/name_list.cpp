// Named lists: the period is recognised by whether the trailing parenthesis
// parses as a period list, not by its looks, so names that end in a
// parenthesis survive.
#include "ingest/name_list.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/text_util.hpp"

namespace annals::ingest {

namespace {

// Drops a leading English article: "the Soviet Union" -> "Soviet Union".
std::string DropLeadingArticle(std::string name) {
  if (StartsWithNoCase(name, "the ") && name.size() > 4) return name.substr(4);
  return name;
}

}  // namespace

NamedItem ParseNamedItem(std::string_view item) {
  NamedItem result;
  result.raw = item;
  std::string_view name_part = Trim(item);
  if (!name_part.empty() && name_part.back() == ')') {
    // Find the '(' that matches the final ')'.
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = name_part.size(); i-- > 0;) {
      if (name_part[i] == ')') ++depth;
      if (name_part[i] == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open != std::string_view::npos && open > 0) {
      const std::string_view inside = name_part.substr(open + 1, name_part.size() - open - 2);
      std::vector<Period> periods;
      const std::string cleaned = CleanWikiText(inside, LinkText::kShown);
      std::string error;
      if (Period::TryParseList(cleaned, &periods, &error) && !periods.empty()) {
        result.periods = std::move(periods);
        result.period_text = inside;
        name_part = Trim(name_part.substr(0, open));
      } else if (!cleaned.empty() && cleaned[0] >= '0' && cleaned[0] <= '9') {
        result.period_text = inside;
        result.period_error = error.empty() ? "not a period list" : error;
      }
    }
  }
  result.name = DropLeadingArticle(CleanWikiText(name_part, LinkText::kTarget, &result.links));
  return result;
}

std::vector<NamedItem> ParseNamedItems(std::string_view value) {
  std::vector<NamedItem> items;
  for (std::string_view piece : SplitTopLevel(value, ",;")) {
    NamedItem item = ParseNamedItem(piece);
    if (!engine::IsBlankName(item.raw)) items.push_back(std::move(item));
  }
  return items;
}

}  // namespace annals::ingest
