// Infobox entries. A value that must be a date but cannot be read is an error
// naming the key and the text; the rest of the infobox still loads.
#include "ingest/infobox_reader.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/entity_kind.hpp"
#include "ingest/name_list.hpp"
#include "ingest/role_name.hpp"
#include "ingest/text_util.hpp"
#include "ingest/utf8.hpp"
#include "ingest/wiki_text.hpp"

namespace annals::ingest {

namespace {

std::string NormalizedKey(std::string_view key) {
  std::string lower = AsciiLower(CollapseSpaces(key));
  while (!lower.empty() && ((lower.back() >= '0' && lower.back() <= '9') || lower.back() == ' ' ||
                            lower.back() == '_')) {
    lower.pop_back();
  }
  for (char& c : lower) {
    if (c == '_') c = ' ';
  }
  return lower;
}

bool OneOf(std::string_view key, std::initializer_list<std::string_view> list) {
  for (std::string_view candidate : list) {
    if (key == candidate) return true;
  }
  return false;
}

std::uint32_t ColumnOf(std::string_view line, std::string_view part) {
  if (part.data() < line.data() || part.data() > line.data() + line.size()) return 1;
  const auto offset = static_cast<std::size_t>(part.data() - line.data());
  return CodePointCount(line.substr(0, offset)) + 1;
}

// Columns of successive items of one line, counted on from the last one, so
// a value listing thousands of items costs one pass, not one per item.
class ItemColumns {
 public:
  explicit ItemColumns(std::string_view line) : line_(line) {}
  std::uint32_t Of(std::string_view part) {
    if (part.data() < line_.data() || part.data() > line_.data() + line_.size()) return 1;
    const auto offset = static_cast<std::size_t>(part.data() - line_.data());
    if (offset < offset_) {
      offset_ = 0;
      column_ = 1;
    }
    column_ += CodePointCount(line_.substr(offset_, offset - offset_));
    offset_ = offset;
    return column_;
  }

 private:
  std::string_view line_;
  std::size_t offset_ = 0;
  std::uint32_t column_ = 1;
};

// A date value, read leniently only in ways that cannot change its meaning:
// footnotes and links are cleaned, and a trailing remark in parentheses or
// after ';' ("4 April 1920 (in Khiva)") is dropped when the rest parses.
bool ReadDateValue(std::string_view raw, VagueDate* date, std::string* error) {
  const std::string clean = CleanWikiText(raw, LinkText::kShown);
  if (VagueDate::TryParse(clean, date, error)) return true;
  std::string first_error = *error;
  for (char cut : {'(', ';', ','}) {
    const std::size_t at = clean.find(cut);
    if (at != std::string::npos && at > 0 &&
        VagueDate::TryParse(Trim(std::string_view(clean).substr(0, at)), date, nullptr)) {
      return true;
    }
  }
  *error = std::move(first_error);
  return false;
}

// The first wiki markup opener still in `cleaned` text, or "": what cleaning
// leaves of a link or footnote that was never closed, or of a template.
std::string_view OpenMarkupIn(std::string_view cleaned) {
  for (const std::string_view opener : {"[[", "{{", "<ref"}) {
    if (cleaned.find(opener) != std::string_view::npos) return opener;
  }
  return {};
}

std::string KeyText(std::string_view key) { return "'" + std::string(key) + "'"; }

// A period for something that held at some unknown time within the subject's
// lifespan: it possibly holds at any day of it, certainly at none.
Period WithinLifespan(const std::optional<Period>& lifespan) {
  Period period;
  if (lifespan) {
    VagueDate span;
    span.lo = lifespan->start.lo;
    span.hi = lifespan->end.hi;
    span.form = DateForm::kSpan;
    if (Period::TryMake(span, span, &period, nullptr)) return period;
  }
  return Period::Make(UnknownDate(), UnknownDate());
}

void AddAliases(FactWriter& writer, const std::vector<WikiLink>& links, std::string_view kind) {
  for (const WikiLink& link : links) {
    if (IsAlias(link)) writer.store().AddAlias(writer.Entity(link.target, kind), link.shown);
  }
}

}  // namespace

InfoboxKey ClassifyInfoboxKey(std::string_view key) {
  const std::string k = NormalizedKey(key);
  if (OneOf(k, {"founded", "formation", "formed", "established", "foundation", "founding",
                "inception", "created", "date of establishment", "founded in"})) {
    return InfoboxKey::kFounded;
  }
  if (OneOf(k, {"dissolution", "dissolved", "abolished", "disestablished", "defunct",
                "date of dissolution", "disbanded", "banned"})) {
    return InfoboxKey::kDissolved;
  }
  if (OneOf(k, {"born", "birth date", "date of birth"})) return InfoboxKey::kBorn;
  if (OneOf(k, {"died", "death date", "date of death"})) return InfoboxKey::kDied;
  if (OneOf(k, {"predecessor", "predecessors", "preceded by", "merger of", "split from"})) {
    return InfoboxKey::kPredecessor;
  }
  if (OneOf(k, {"successor", "successors", "succeeded by", "merged into", "split into"})) {
    return InfoboxKey::kSuccessor;
  }
  if (OneOf(k, {"national", "affiliation", "affiliations", "national affiliation", "international",
                "international affiliation", "regional affiliation", "parent", "parent party",
                "parent organisation", "parent organization"})) {
    return InfoboxKey::kAffiliation;
  }
  if (OneOf(k, {"country", "countries", "location"})) return InfoboxKey::kCountry;
  if (OneOf(k, {"leader", "leaders", "chairman", "chairperson", "chair", "secretary",
                "general secretary", "first secretary", "president", "head", "chairmen",
                "secretaries"})) {
    return InfoboxKey::kLeader;
  }
  return InfoboxKey::kOther;
}

std::string KindFromInfobox(const std::vector<InfoboxEntry>& entries) {
  for (const InfoboxEntry& entry : entries) {
    const InfoboxKey key = ClassifyInfoboxKey(entry.key);
    if (key == InfoboxKey::kBorn || key == InfoboxKey::kDied) return "person";
  }
  return "";
}

void ReadInfobox(FactWriter& writer, const std::vector<InfoboxEntry>& entries,
                 ArticleSubject& subject) {
  engine::Store& store = writer.store();
  // Pass 1: the lifespan, which dates successors, predecessors and defaults.
  const InfoboxEntry* start_entry = nullptr;
  const InfoboxEntry* end_entry = nullptr;
  std::optional<VagueDate> start;
  std::optional<VagueDate> end;
  for (const InfoboxEntry& entry : entries) {
    const InfoboxKey key = ClassifyInfoboxKey(entry.key);
    const bool is_start = key == InfoboxKey::kFounded || key == InfoboxKey::kBorn;
    const bool is_end = key == InfoboxKey::kDissolved || key == InfoboxKey::kDied;
    if (!is_start && !is_end) continue;
    if ((is_start && start_entry != nullptr) || (is_end && end_entry != nullptr)) {
      writer.Warning(entry.line, ColumnOf(entry.source, entry.key),
                     "second " + KeyText(entry.key) + " entry in the infobox; the first (line " +
                         std::to_string((is_start ? start_entry : end_entry)->line) + ") is used");
      continue;
    }
    VagueDate date;
    std::string error;
    if (Trim(entry.value).empty()) {
      // As with a leaders table's empty cell: a blank date is not known to
      // be open ("since always", "still exists"), only not given.
      writer.Warning(entry.line, ColumnOf(entry.source, entry.key),
                     "infobox entry " + KeyText(entry.key) + " has no value; that end of the " +
                         "lifespan is unknown (?)");
      date = UnknownDate();
    } else if (!ReadDateValue(entry.value, &date, &error)) {
      writer.Error(entry.line, ColumnOf(entry.source, entry.value),
                   "cannot read the " + KeyText(entry.key) + " date '" +
                       CleanWikiText(entry.value, LinkText::kShown) + "': " + error);
      continue;
    }
    (is_start ? start_entry : end_entry) = &entry;
    (is_start ? start : end) = date;
  }
  if (start || end) {
    Period lifespan;
    std::string error;
    if (Period::TryMake(start.value_or(UnknownDate()), end.value_or(OpenDate()), &lifespan,
                        &error)) {
      subject.lifespan = lifespan;
      const InfoboxEntry* where = start_entry != nullptr ? start_entry : end_entry;
      store.SetLifespan(subject.id, lifespan, writer.At(where->line));
    } else {
      writer.Error(end_entry->line, ColumnOf(end_entry->source, end_entry->value),
                   KeyText(end_entry->key) + " (" +
                       CleanWikiText(end_entry->value, LinkText::kShown) + ") lies before " +
                       KeyText(start_entry->key) + " (" +
                       CleanWikiText(start_entry->value, LinkText::kShown) + "); no lifespan set");
    }
  }

  // Pass 2: everything else.
  for (const InfoboxEntry& entry : entries) {
    ItemColumns columns(entry.source);
    // A piece of a value that names nothing (markup only, invisible
    // characters) is not loaded, and says so.
    auto names_nothing = [&](std::string_view raw, std::string_view name) {
      if (!engine::IsBlankName(name)) return false;
      writer.Warning(entry.line, columns.Of(raw),
                     "item '" + std::string(Trim(raw)) + "' in " + KeyText(entry.key) +
                         " names nothing once wiki markup and white space are removed; "
                         "item not loaded");
      return true;
    };
    // Markup left open ("{{Old Party", "[[Foo|Bar", "<ref>abc") survives
    // cleaning as text, and would become part of a name.
    auto leaks_markup = [&](std::string_view raw, std::string_view name) {
      const std::string_view opener = OpenMarkupIn(name);
      if (opener.empty()) return false;
      // Cleaning takes closed links and footnotes out, so what is left of
      // them was never closed; templates it keeps whole, closed or not.
      const std::string what = opener == "{{"
                                   ? "holds a '{{' template, which the reader does not expand"
                                   : "opens a '" + std::string(opener) + "' that it does not close";
      writer.Error(entry.line, columns.Of(raw),
                   "item '" + std::string(Trim(raw)) + "' in " + KeyText(entry.key) + " " + what +
                       "; item rejected");
      return true;
    };
    // An item whose period cannot be read takes part in no fact either.
    auto rejected = [&](const NamedItem& item) {
      if (names_nothing(item.raw, item.name) || leaks_markup(item.raw, item.name)) return true;
      if (item.period_error.empty()) return false;
      writer.Error(entry.line, columns.Of(item.period_text),
                   "cannot read the period '" + std::string(item.period_text) + "' of " +
                       item.name + " in " + KeyText(entry.key) + ": " + item.period_error +
                       "; item rejected");
      return true;
    };
    const InfoboxKey key = ClassifyInfoboxKey(entry.key);
    const std::uint32_t value_column = ColumnOf(entry.source, entry.value);
    if (Trim(entry.value).empty()) {
      if (key != InfoboxKey::kFounded && key != InfoboxKey::kDissolved) {
        writer.Warning(entry.line, ColumnOf(entry.source, entry.key),
                       "infobox entry " + KeyText(entry.key) + " has no value; nothing loaded");
      }
      continue;
    }
    try {
      switch (key) {
        case InfoboxKey::kFounded:
        case InfoboxKey::kDissolved:
        case InfoboxKey::kBorn:
        case InfoboxKey::kDied:
          break;
        case InfoboxKey::kPredecessor:
        case InfoboxKey::kSuccessor: {
          const bool successor = key == InfoboxKey::kSuccessor;
          const std::optional<VagueDate>& when = successor ? end : start;
          Period period;
          if (when) {
            period = Period::Make(*when, *when);
          } else {
            period = Period::Make(UnknownDate(), UnknownDate());
            writer.Warning(
                entry.line, value_column,
                std::string("the infobox has no ") + (successor ? "Dissolution" : "Founded") +
                    " date, so when " +
                    (successor ? "this became its successor" : "its predecessor became this") +
                    " is unknown");
          }
          const engine::RelationId dissolved_into = writer.Relation("dissolved_into");
          for (const NamedItem& item : ParseNamedItems(entry.value)) {
            if (rejected(item)) continue;
            const engine::EntityId other = writer.Entity(item.name, InferKindFromName(item.name));
            AddAliases(writer, item.links, InferKindFromName(item.name));
            const std::vector<Period> periods =
                item.periods.empty() ? std::vector<Period>{period} : item.periods;
            for (const Period& p : periods) {
              if (successor) {
                writer.Fact(dissolved_into, subject.id, other, p, entry.line);
              } else {
                writer.Fact(dissolved_into, other, subject.id, p, entry.line);
              }
            }
          }
          break;
        }
        case InfoboxKey::kAffiliation:
        case InfoboxKey::kCountry: {
          const bool affiliation = key == InfoboxKey::kAffiliation;
          const engine::RelationId relation =
              writer.Relation(affiliation ? "affiliated_with" : "located_in");
          for (const NamedItem& item : ParseNamedItems(entry.value)) {
            if (rejected(item)) continue;
            const engine::EntityId other =
                writer.Entity(item.name, affiliation ? InferKindFromName(item.name) : "state");
            AddAliases(writer, item.links, InferKindFromName(item.name));
            std::vector<Period> periods = item.periods;
            if (periods.empty()) {
              // No period written: it held while the subject existed.
              periods.push_back(subject.lifespan ? *subject.lifespan : Period::Always());
            }
            for (const Period& p : periods) writer.Fact(relation, subject.id, other, p, entry.line);
          }
          break;
        }
        case InfoboxKey::kLeader: {
          const engine::RelationId leads = writer.Relation("leads");
          std::string role = CleanWikiText(entry.key, LinkText::kShown);
          while (!role.empty() && role.back() >= '0' && role.back() <= '9') role.pop_back();
          role = RoleFromSubheader(Trim(role));
          if (!role.empty() && role[0] >= 'a' && role[0] <= 'z') {
            role[0] = static_cast<char>(role[0] - 'a' + 'A');
          }
          for (const NamedItem& item : ParseNamedItems(entry.value)) {
            if (rejected(item)) continue;
            const engine::EntityId person = writer.Entity(item.name, "person");
            AddAliases(writer, item.links, "person");
            std::vector<Period> periods = item.periods;
            if (periods.empty()) {
              periods.push_back(WithinLifespan(subject.lifespan));
              writer.Warning(entry.line, columns.Of(item.raw),
                             "no period given for leader " + item.name +
                                 "; taken as some unknown time within the lifespan");
            }
            for (const Period& p : periods) {
              writer.Fact(leads, person, subject.id, p, entry.line, {{"role", role}});
            }
          }
          break;
        }
        case InfoboxKey::kOther: {
          // Other keys describe the subject as a whole, so they hold over its
          // lifespan. Their values become entities of the kind the key names.
          const std::string key_name = ToSnakeCase(CleanWikiText(entry.key, LinkText::kShown));
          if (key_name.empty()) {
            writer.Warning(entry.line, ColumnOf(entry.source, entry.key),
                           "infobox key " + KeyText(entry.key) +
                               " gives no usable relation name; entry not loaded");
            break;
          }
          const engine::RelationId relation = writer.Relation("has_" + key_name);
          std::string value_kind = key_name;
          while (!value_kind.empty() && value_kind.back() >= '0' && value_kind.back() <= '9') {
            value_kind.pop_back();
          }
          if (!value_kind.empty() && value_kind.back() == '_') value_kind.pop_back();
          const Period period = subject.lifespan ? *subject.lifespan : Period::Always();
          for (std::string_view piece : SplitTopLevel(entry.value, ",;")) {
            std::vector<WikiLink> links;
            const std::string value = CleanWikiText(piece, LinkText::kTarget, &links);
            if (engine::IsBlankName(piece) || names_nothing(piece, value) ||
                leaks_markup(piece, value)) {
              continue;
            }
            const engine::EntityId object = writer.Entity(value, value_kind);
            AddAliases(writer, links, value_kind);
            writer.Fact(relation, subject.id, object, period, entry.line);
          }
          break;
        }
      }
    } catch (const annals::Error& error) {
      // The store's size limits: the entry stops here, the others still load.
      writer.Error(entry.line, value_column,
                   error.message() + "; the rest of " + KeyText(entry.key) + " not loaded");
    }
  }
}

}  // namespace annals::ingest
