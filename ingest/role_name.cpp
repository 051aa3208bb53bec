// Sub-header rows name a group of office holders in the plural; the role of
// each holder is the singular of the head noun before "of the ...".
#include "ingest/role_name.hpp"

#include "ingest/text_util.hpp"

namespace annals::ingest {

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         EqualsNoCase(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

std::string SingularWord(std::string_view word) {
  std::string w(word);
  if (w.size() < 3) return w;
  if (EndsWith(w, "men"))
    return w.substr(0, w.size() - 3) + (w[w.size() - 3] == 'M' ? "Man" : "man");
  if (EndsWith(w, "ies") && w.size() > 4) return w.substr(0, w.size() - 3) + "y";
  for (std::string_view suffix : {"sses", "shes", "ches", "xes", "zes"}) {
    if (EndsWith(w, suffix)) return w.substr(0, w.size() - 2);
  }
  if (EndsWith(w, "ss") || EndsWith(w, "us") || EndsWith(w, "is")) return w;
  if (EndsWith(w, "s")) return w.substr(0, w.size() - 1);
  return w;
}

std::string RoleFromSubheader(std::string_view text) {
  std::string clean = CollapseSpaces(text);
  // "Chairmen (1919–1921)": a trailing parenthesis qualifies, it is not the role.
  if (!clean.empty() && clean.back() == ')') {
    const std::size_t open = clean.rfind('(');
    if (open != std::string::npos && open > 0) clean = std::string(Trim(clean.substr(0, open)));
  }
  while (!clean.empty() && (clean.back() == ':' || clean.back() == '.')) clean.pop_back();
  std::string_view head = clean;
  const std::string lower = AsciiLower(clean);
  for (std::string_view joint : {" of ", " for ", " in "}) {
    const std::size_t at = lower.find(joint);
    if (at != std::string::npos && at > 0) {
      head = head.substr(0, at);
      break;
    }
  }
  head = Trim(head);
  const std::size_t last_space = head.rfind(' ');
  const std::string_view last =
      last_space == std::string_view::npos ? head : head.substr(last_space + 1);
  const std::string_view rest =
      last_space == std::string_view::npos ? std::string_view() : head.substr(0, last_space + 1);
  return std::string(rest) + SingularWord(last);
}

}  // namespace annals::ingest
