// Leader tables. Column meaning comes from the words of the header cells, so
// "Term end | Name | Term start" reads like "Name | Took office | Left office".
#include "ingest/leader_table.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/role_name.hpp"
#include "ingest/text_util.hpp"
#include "ingest/utf8.hpp"
#include "ingest/wiki_text.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

namespace annals::ingest {

namespace {

constexpr std::size_t kMaxRoleBytes = 100;

std::vector<std::string> HeaderWords(std::string_view header) {
  const std::string lower = AsciiLower(CleanWikiText(header, LinkText::kShown));
  std::vector<std::string> words;
  std::string word;
  for (char c : lower) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '%') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool Has(const std::vector<std::string>& words, std::span<const std::string_view> list) {
  for (const std::string& word : words) {
    for (std::string_view candidate : list) {
      if (word == candidate) return true;
    }
  }
  return false;
}

bool Has(const std::vector<std::string>& words, std::initializer_list<std::string_view> list) {
  return Has(words, std::span<const std::string_view>(list.begin(), list.size()));
}

// Office words: a header or heading that names an office names leaders.
constexpr std::string_view kOfficeWords[] = {
    "leader",     "leaders",      "chairman",      "chairmen",   "chairperson", "chairpersons",
    "chair",      "chairs",       "chairwoman",    "secretary",  "secretaries", "president",
    "presidents", "head",         "heads",         "premier",    "premiers",    "governor",
    "governors",  "commander",    "commanders",    "director",   "directors",   "chief",
    "chiefs",     "officeholder", "officeholders", "incumbent",  "incumbents",  "ruler",
    "rulers",     "minister",     "ministers",     "leadership", "emir",        "khan",
    "khans",      "emirs",        "commissar",     "commissars", "speaker",     "speakers"};

// The cell text a diagnostic quotes: cleaned, at most 60 bytes.
std::string Quote(std::string_view text) {
  std::string clean = CleanWikiText(text, LinkText::kShown);
  if (clean.size() > 60) clean = clean.substr(0, 57) + "...";
  return "'" + clean + "'";
}

std::uint32_t ColumnOf(std::string_view line, std::string_view part) {
  const auto offset = static_cast<std::size_t>(part.data() - line.data());
  return CodePointCount(line.substr(0, offset)) + 1;
}

// Column of a cell's first non-blank character.
std::uint32_t CellColumn(const ArticleLine& row, const TableCell& cell) {
  const std::string_view trimmed = Trim(cell.raw);
  return ColumnOf(row.text, trimmed.empty() ? cell.raw : trimmed);
}

bool IsSeparatorRow(const std::vector<TableCell>& cells) {
  bool any = false;
  for (const TableCell& cell : cells) {
    for (char c : Trim(cell.raw)) {
      if (c != '-' && c != ':' && c != '=') return false;
      any = true;
    }
  }
  return any;
}

std::string TitleCase(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
  return word;
}

struct Layout {
  std::optional<std::size_t> person, start, end, term, role, note;
  std::vector<std::pair<std::size_t, std::string>> others;  // column, attribute name
  std::string header_role;  // from an office-word person header: "Chairman"
  bool person_header_is_office = false;
};

Layout ReadLayout(const std::vector<TableCell>& header) {
  Layout layout;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const ColumnRole role = ClassifyHeader(header[i].raw);
    auto take = [&](std::optional<std::size_t>& slot) {
      if (!slot) {
        slot = i;
        return true;
      }
      return false;
    };
    bool used = false;
    switch (role) {
      case ColumnRole::kPerson:
        used = take(layout.person);
        break;
      case ColumnRole::kStart:
        used = take(layout.start);
        break;
      case ColumnRole::kEnd:
        used = take(layout.end);
        break;
      case ColumnRole::kTerm:
        used = take(layout.term);
        break;
      case ColumnRole::kRole:
        used = take(layout.role);
        break;
      case ColumnRole::kNote:
        used = take(layout.note);
        break;
      case ColumnRole::kEmpty:
      case ColumnRole::kOther:
        break;
    }
    if (!used) {
      std::string name = ToSnakeCase(CleanWikiText(header[i].raw, LinkText::kShown));
      if (name.empty()) name = "column_" + std::to_string(i + 1);
      layout.others.emplace_back(i, std::move(name));
    }
  }
  if (layout.person) {
    const std::vector<std::string> words = HeaderWords(header[*layout.person].raw);
    layout.person_header_is_office = Has(words, kOfficeWords);
    if (layout.person_header_is_office && words.size() <= 3) {
      std::string role;
      for (const std::string& word : words) {
        if (!role.empty()) role += ' ';
        role += TitleCase(word);
      }
      // "Leader" says nothing more than `leads` itself; keep only real offices.
      const std::string singular = RoleFromSubheader(role);
      if (singular != "Leader") layout.header_role = singular;
    }
  }
  return layout;
}

std::string ColumnName(const std::vector<TableCell>& header, std::size_t column) {
  return Quote(header[column].raw);
}

}  // namespace

ColumnRole ClassifyHeader(std::string_view header) {
  const std::vector<std::string> words = HeaderWords(header);
  if (words.empty()) return ColumnRole::kEmpty;
  const bool start =
      Has(words, {"took", "start", "started", "from", "began", "begin", "beginning", "assumed",
                  "entered", "since", "appointed", "elected", "inaugurated", "start_date"});
  const bool end =
      Has(words, {"left", "end", "ended", "to", "until", "till", "vacated", "ending", "resigned"});
  if (start && end) return ColumnRole::kTerm;
  if (start) return ColumnRole::kStart;
  if (end) return ColumnRole::kEnd;
  if (Has(words, {"term", "terms", "tenure", "years", "period", "dates", "served", "office"}) &&
      !Has(words, {"title", "role", "position", "post"})) {
    // "Office" alone is the office held; "In office" / "Term of office" is when.
    if (!(words.size() == 1 && words[0] == "office")) return ColumnRole::kTerm;
  }
  if (Has(words, {"role", "position", "office", "title", "post", "function"}))
    return ColumnRole::kRole;
  if (Has(words, {"note", "notes", "remark", "remarks", "comment", "comments"})) {
    return ColumnRole::kNote;
  }
  if (Has(words, {"name", "names", "person", "people", "holder", "member"}) ||
      Has(words, kOfficeWords)) {
    return ColumnRole::kPerson;
  }
  return ColumnRole::kOther;
}

bool IsLeadersHeading(std::string_view heading) {
  const std::vector<std::string> words = HeaderWords(heading);
  if (Has(words, kOfficeWords)) return true;
  const std::string lower = AsciiLower(heading);
  return lower.find("list of") != std::string::npos ||
         lower.find("office holder") != std::string::npos ||
         lower.find("office-holder") != std::string::npos;
}

std::size_t ReadArticleTable(FactWriter& writer, const ArticleTable& table, engine::EntityId org,
                             std::string_view org_name) {
  if (table.rows.empty()) return 0;
  const ArticleLine& header_line = table.rows.front();
  const std::vector<TableCell> header = SplitTableRow(header_line.text);
  const Layout layout = ReadLayout(header);
  const bool has_dates = (layout.start && layout.end) || layout.term;
  const bool leaders_context = IsLeadersHeading(table.heading) || layout.person_header_is_office;
  const std::string where =
      table.heading.empty() ? std::string("before any heading") : "under '" + table.heading + "'";
  if (!layout.person || !has_dates || !leaders_context) {
    std::string why;
    if (!layout.person) {
      why = "its header has no person column (Name, Leader, Chairman, ...)";
    } else if (!has_dates) {
      why =
          "its header has no start and end columns (Took office | Left office, Term start | "
          "Term end, From | To, ...) and no term column";
    } else {
      why = "its heading is not about leaders and its person column names no office";
    }
    const std::size_t rows = table.rows.size() - 1;
    writer.Warning(header_line.line, 1,
                   "table " + where + " is not a leaders table: " + why + "; its " +
                       std::to_string(rows) + (rows == 1 ? " row was" : " rows were") +
                       " not loaded");
    return 0;
  }

  engine::Store& store = writer.store();
  const engine::RelationId leads = writer.Relation("leads");
  const engine::RelationId succeeds = writer.Relation("succeeds");
  std::string subheader_role;
  engine::EntityId previous = engine::kNoEntity;
  std::size_t added = 0;
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const ArticleLine& row = table.rows[r];
    const std::vector<TableCell> cells = SplitTableRow(row.text);
    if (IsSeparatorRow(cells)) continue;
    // Half a link or template would be read as a name, a date or a role
    // with its brackets in it: the row is rejected at the cell instead.
    const auto unclosed = std::find_if(cells.begin(), cells.end(),
                                       [](const TableCell& cell) { return cell.unclosed_markup; });
    if (unclosed != cells.end()) {
      writer.Error(row.line, CellColumn(row, *unclosed),
                   "table cell " + Quote(Trim(unclosed->raw)) +
                       " opens a '[[' link or '{{' template that the row does not close; "
                       "row rejected");
      previous = engine::kNoEntity;
      continue;
    }
    bool only_first = !Trim(cells[0].raw).empty();
    for (std::size_t c = 1; c < cells.size() && only_first; ++c) {
      if (!Trim(cells[c].raw).empty()) only_first = false;
    }
    if (only_first && (cells.size() > 1 || header.size() > 1)) {
      subheader_role = RoleFromSubheader(CleanWikiText(cells[0].raw, LinkText::kShown));
      // A role is a few words. A longer "sub-header" is something else, and
      // copying it onto every row below would cost rows x length.
      if (subheader_role.size() > kMaxRoleBytes) {
        writer.Warning(row.line, CellColumn(row, cells[0]),
                       "sub-header row is too long to name a role (" +
                           std::to_string(subheader_role.size()) +
                           " bytes); the rows below get no role from it");
        subheader_role.clear();
      }
      continue;
    }
    if (cells.size() != header.size()) {
      writer.Error(row.line, CellColumn(row, cells.back()),
                   "table row has " + std::to_string(cells.size()) +
                       " cells but the header (line " + std::to_string(header_line.line) +
                       ") has " + std::to_string(header.size()) + "; row rejected");
      previous = engine::kNoEntity;
      continue;
    }
    const TableCell& person_cell = cells[*layout.person];
    std::vector<WikiLink> links;
    const std::string person = CleanWikiText(person_cell.raw, LinkText::kTarget, &links);
    if (engine::IsBlankName(person)) {
      writer.Error(row.line, CellColumn(row, person_cell),
                   "table row has no person in column " + ColumnName(header, *layout.person) +
                       "; row rejected");
      previous = engine::kNoEntity;
      continue;
    }

    // The row's periods: one from start/end cells, or a list from a term cell.
    std::vector<Period> periods;
    std::string error;
    bool bad = false;
    std::vector<std::string> warnings;
    if (layout.start && layout.end) {
      VagueDate start;
      VagueDate end;
      const TableCell& start_cell = cells[*layout.start];
      const TableCell& end_cell = cells[*layout.end];
      const std::string start_text = CleanWikiText(start_cell.raw, LinkText::kShown);
      const std::string end_text = CleanWikiText(end_cell.raw, LinkText::kShown);
      if (!ParseDateOrOpen(start_text, &start, &error)) {
        writer.Error(row.line, CellColumn(row, start_cell),
                     "cannot read the date " + Quote(start_cell.raw) + " in column " +
                         ColumnName(header, *layout.start) + ": " + error + "; row rejected");
        bad = true;
      } else if (!ParseDateOrOpen(end_text, &end, &error)) {
        writer.Error(row.line, CellColumn(row, end_cell),
                     "cannot read the date " + Quote(end_cell.raw) + " in column " +
                         ColumnName(header, *layout.end) + ": " + error + "; row rejected");
        bad = true;
      } else {
        // An empty cell is not "still in office": we do not know, so say so.
        if (start_text.empty()) {
          start = UnknownDate();
          warnings.push_back("no start date for " + person + "; the start is unknown");
        }
        if (end_text.empty()) {
          end = UnknownDate();
          warnings.push_back("no end date for " + person + "; the end is unknown");
        }
        Period period;
        if (!Period::TryMake(start, end, &period, &error)) {
          writer.Error(row.line, CellColumn(row, end_cell),
                       "the term of " + person + " ends (" + end_text + ") before it starts (" +
                           start_text + "); row rejected");
          bad = true;
        } else {
          periods.push_back(period);
        }
      }
    } else {
      const TableCell& term_cell = cells[*layout.term];
      const std::string term_text = CleanWikiText(term_cell.raw, LinkText::kShown);
      if (term_text.empty()) {
        periods.push_back(Period::Make(UnknownDate(), UnknownDate()));
        warnings.push_back("no term for " + person + "; start and end are unknown");
      } else if (!Period::TryParseList(term_text, &periods, &error) || periods.empty()) {
        writer.Error(row.line, CellColumn(row, term_cell),
                     "cannot read the term " + Quote(term_cell.raw) + " in column " +
                         ColumnName(header, *layout.term) + ": " + error + "; row rejected");
        bad = true;
      }
    }
    if (bad) {
      previous = engine::kNoEntity;
      continue;
    }
    for (const std::string& warning : warnings) {
      writer.Warning(row.line, CellColumn(row, person_cell), warning);
    }

    try {
      const engine::EntityId person_id = writer.Entity(person, "person");
      for (const WikiLink& link : links) {
        if (IsAlias(link)) store.AddAlias(writer.Entity(link.target, "person"), link.shown);
      }
      std::string role = subheader_role.empty() ? layout.header_role : subheader_role;
      if (layout.role) {
        const std::string cell_role = CleanWikiText(cells[*layout.role].raw, LinkText::kShown);
        if (!cell_role.empty()) role = cell_role;
      }
      const std::string note =
          layout.note ? CleanWikiText(cells[*layout.note].raw, LinkText::kShown) : std::string();
      std::vector<std::string> other_values;
      other_values.reserve(layout.others.size());
      for (const auto& [column, name] : layout.others) {
        other_values.push_back(CleanWikiText(cells[column].raw, LinkText::kShown));
      }
      std::vector<AttrInput> attributes;
      attributes.push_back({"role", role});
      attributes.push_back({"note", note});
      for (std::size_t k = 0; k < layout.others.size(); ++k) {
        attributes.push_back({layout.others[k].second, other_values[k]});
      }
      for (const Period& period : periods) {
        writer.Fact(leads, person_id, org, period, writer.At(row.line), attributes);
        ++added;
      }
      // Succession holds from the moment the new holder takes office on.
      if (previous != engine::kNoEntity &&
          store.Canonical(previous) != store.Canonical(person_id)) {
        Period from_start;
        if (Period::TryMake(periods.front().start, OpenDate(), &from_start, nullptr)) {
          const AttrInput org_attr[] = {{"org", org_name, true}};
          writer.Fact(succeeds, person_id, previous, from_start, writer.At(row.line), org_attr);
        }
      }
      previous = person_id;
    } catch (const annals::Error& refused) {
      // The store's size limits: this row stops here, the rows below still load.
      writer.Error(row.line, CellColumn(row, person_cell),
                   refused.message() + "; the rest of the row not loaded");
      previous = engine::kNoEntity;
    }
  }
  return added;
}

}  // namespace annals::ingest
