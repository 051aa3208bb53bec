// JSON: RapidJSON's SAX reader builds a small tree that remembers each value's
// byte offset, so a bad record is reported at its own line:column. Nothing is
// written to the store unless the whole document parses.
#include "ingest/json_reader.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/fact_writer.hpp"
#include "ingest/text_util.hpp"
#include "ingest/tsv_reader.hpp"
#include "ingest/utf8.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annals::ingest {

namespace {

constexpr std::size_t kMaxDepth = 64;

// Each number RapidJSON refuses as too big costs one more parse of the file;
// past this many, the file is rejected rather than parsed again and again.
constexpr std::size_t kMaxOutOfRangeNumbers = 16;

struct JMember;

struct JValue {
  enum class Type { kNull, kBool, kNumber, kString, kObject, kArray };
  Type type = Type::kNull;
  std::size_t offset = 0;
  bool boolean = false;
  // A number is kept as written, so ids and attribute values stay exact; what
  // it means (year, id, text) is decided where it is used.
  bool out_of_range = false;  //!< a number beyond any double
  std::string text;           //!< a string's value, or a number as written
  std::vector<JMember> members;
  std::vector<JValue> items;

  [[nodiscard]] const JValue* Find(std::string_view key) const;
};

struct JMember {
  std::string key;
  std::size_t offset = 0;
  JValue value;
};

const JValue* JValue::Find(std::string_view key) const {
  for (const JMember& member : members) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

const char* TypeName(JValue::Type type) {
  switch (type) {
    case JValue::Type::kNull:
      return "null";
    case JValue::Type::kBool:
      return "a boolean";
    case JValue::Type::kNumber:
      return "a number";
    case JValue::Type::kString:
      return "a string";
    case JValue::Type::kObject:
      return "an object";
    case JValue::Type::kArray:
      return "an array";
  }
  return "a value";
}

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// A number RapidJSON refused as too big for a double, blanked out of the text
// so the rest of the file can still be read.
struct BlankedNumber {
  std::size_t offset = 0;
  std::string text;
};

// Builds the tree. Each value's offset is its first byte: the first
// character after the previous token that is not blank, ':' or ','.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(std::string_view text, rapidjson::MemoryStream& stream,
              const std::vector<BlankedNumber>& blanked)
      : text_(text), stream_(stream), blanked_(blanked) {}

  bool Null() { return Scalar(JValue{}); }
  bool Bool(bool b) {
    JValue v;
    v.type = JValue::Type::kBool;
    v.boolean = b;
    return Scalar(std::move(v));
  }
  // kParseNumbersAsStringsFlag: every number arrives here as written.
  bool RawNumber(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    JValue v;
    v.type = JValue::Type::kNumber;
    v.text.assign(str, length);
    v.offset = ValueStart();
    for (const BlankedNumber& number : blanked_) {
      if (number.offset == v.offset) {
        v.out_of_range = true;
        v.text = number.text;
      }
    }
    return Scalar(std::move(v));
  }
  bool String(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    JValue v;
    v.type = JValue::Type::kString;
    v.text.assign(str, length);
    return Scalar(std::move(v));
  }
  bool StartObject() { return Open(JValue::Type::kObject); }
  bool Key(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    frames_.back().key.assign(str, length);
    frames_.back().key_offset = ValueStart();
    last_end_ = stream_.Tell();
    return true;
  }
  bool EndObject(rapidjson::SizeType /*count*/) { return Close(); }
  bool StartArray() { return Open(JValue::Type::kArray); }
  bool EndArray(rapidjson::SizeType /*count*/) { return Close(); }

  [[nodiscard]] bool too_deep() const { return too_deep_; }
  [[nodiscard]] std::size_t too_deep_offset() const { return too_deep_offset_; }
  JValue root;

 private:
  struct Frame {
    JValue value;
    std::string key;
    std::size_t key_offset = 0;
  };

  std::size_t ValueStart() const {
    std::size_t i = last_end_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' ||
                                text_[i] == '\r' || text_[i] == ':' || text_[i] == ',')) {
      ++i;
    }
    return i;
  }

  bool Scalar(JValue v) {
    v.offset = ValueStart();
    last_end_ = stream_.Tell();
    Attach(std::move(v));
    return true;
  }

  bool Open(JValue::Type type) {
    if (frames_.size() >= kMaxDepth) {
      too_deep_ = true;
      too_deep_offset_ = stream_.Tell();
      return false;
    }
    Frame frame;
    frame.value.type = type;
    // The iterative parser calls StartObject/StartArray (and the End calls)
    // before it takes the bracket, so Tell() is the bracket itself.
    frame.value.offset = stream_.Tell();
    frames_.push_back(std::move(frame));
    last_end_ = stream_.Tell() + 1;
    return true;
  }

  bool Close() {
    JValue done = std::move(frames_.back().value);
    frames_.pop_back();
    last_end_ = stream_.Tell() + 1;
    Attach(std::move(done));
    return true;
  }

  void Attach(JValue v) {
    if (frames_.empty()) {
      root = std::move(v);
      return;
    }
    Frame& top = frames_.back();
    if (top.value.type == JValue::Type::kObject) {
      top.value.members.push_back({std::move(top.key), top.key_offset, std::move(v)});
      top.key.clear();
    } else {
      top.value.items.push_back(std::move(v));
    }
  }

  std::string_view text_;
  rapidjson::MemoryStream& stream_;
  const std::vector<BlankedNumber>& blanked_;
  std::vector<Frame> frames_;
  std::size_t last_end_ = 0;
  bool too_deep_ = false;
  std::size_t too_deep_offset_ = 0;
};

// An id as its entity wrote it, for messages: "p" quoted, 7 as it is.
std::string ShownId(const JValue& id) {
  return id.type == JValue::Type::kString ? Quote(id.text) : id.text;
}

enum class IdNumber { kOk, kNotInteger, kOutOfRange };

// A number id's key: the decimal digits of its exact value, the same key as
// the string of those digits (so 7 and "7" are one id). Only integers written
// as such qualify: 1.0 or 1e2 would need rounding rules nobody expects of an id.
IdNumber NumberIdKey(const JValue& value, std::string* key) {
  const std::string& text = value.text;
  if (text.find_first_of(".eE") != std::string::npos) return IdNumber::kNotInteger;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::int64_t signed_value = 0;
  if (const auto [ptr, ec] = std::from_chars(begin, end, signed_value);
      ec == std::errc() && ptr == end) {
    *key = std::to_string(signed_value);
    return IdNumber::kOk;
  }
  std::uint64_t unsigned_value = 0;
  if (const auto [ptr, ec] = std::from_chars(begin, end, unsigned_value);
      ec == std::errc() && ptr == end) {
    *key = std::to_string(unsigned_value);
    return IdNumber::kOk;
  }
  return IdNumber::kOutOfRange;
}

std::string IdNumberProblem(IdNumber problem, const std::string& text) {
  if (problem == IdNumber::kNotInteger) {
    return text +
           " is not an integer (an id that is a number must be written as a whole "
           "number, without a fraction or exponent)";
  }
  return text +
         " is out of range for an id (integers from -9223372036854775808 to "
         "18446744073709551615)";
}

class JsonLoader {
 public:
  JsonLoader(engine::Store& store, std::string_view text, std::string_view source_name,
             LoadReport& report)
      : writer_(store, source_name, report), index_(text) {}

  void Load(const JValue& root) {
    if (root.type != JValue::Type::kObject) {
      Error(root.offset, std::string("expected a JSON object with \"entities\" and/or \"facts\", "
                                     "found ") +
                             TypeName(root.type) + "; file rejected");
      return;
    }
    const JMember* entities = nullptr;
    const JMember* facts = nullptr;
    for (const JMember& member : root.members) {
      const JMember** slot = member.key == "entities" ? &entities
                             : member.key == "facts"  ? &facts
                                                      : nullptr;
      if (slot == nullptr) {
        Warning(member.offset, "unknown top-level key \"" + member.key +
                                   "\" (expected \"entities\" and \"facts\"); ignored");
      } else if (*slot != nullptr) {
        // Reading both would load what may be a stale copy; reading either
        // alone would drop the other silently.
        Error(member.offset, "duplicate top-level key " + Quote(member.key) + " (the first is at " +
                                 Where((*slot)->offset) + "); this one is not read");
      } else {
        *slot = &member;
      }
    }
    if (entities == nullptr && facts == nullptr) {
      Warning(root.offset, "no \"entities\" or \"facts\" in the document; nothing loaded");
    }
    // Entities first, so facts may name entities declared anywhere in the file.
    if (entities != nullptr && ExpectArray(entities->value, "entities")) {
      for (const JValue& entity : entities->value.items) LoadEntity(entity);
    }
    if (facts != nullptr && ExpectArray(facts->value, "facts")) {
      for (const JValue& fact : facts->value.items) LoadFact(fact);
    }
  }

 private:
  // What an id in this file stands for. A rejected entity keeps its id so
  // that a fact naming it is rejected too, rather than taking the id's text
  // as a new entity's name.
  struct IdEntry {
    std::string name;
    std::string shown;            //!< the id as written in the entity: "p", 7
    std::size_t id_offset = 0;    //!< the entity's "id" value
    std::size_t rejected_at = 0;  //!< the error that rejected the entity
    bool rejected = false;
  };

  // The fields of an entity record that passed every check.
  struct EntityRecord {
    const std::string* name = nullptr;
    std::string kind;
    std::vector<const JValue*> aliases;
    std::optional<Period> lifespan;
  };

  void Error(std::size_t offset, std::string message) {
    last_error_offset_ = offset;
    const LineColumn at = index_.Locate(offset);
    writer_.Error(at.line, at.column, std::move(message));
  }
  void Warning(std::size_t offset, std::string message) {
    const LineColumn at = index_.Locate(offset);
    writer_.Warning(at.line, at.column, std::move(message));
  }

  // "input.json:3:7", for a message that points at another place in the file.
  std::string Where(std::size_t offset) {
    const LineColumn at = index_.Locate(offset);
    return writer_.source_name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  }

  bool ExpectArray(const JValue& value, const char* key) {
    if (value.type == JValue::Type::kArray) return true;
    Error(value.offset, std::string("\"") + key + "\" must be an array, found " +
                            TypeName(value.type) + "; nothing in it loaded");
    return false;
  }

  // Keys of a record's object. A repeated key is an error: which of the two
  // values the author meant cannot be known, and RapidJSON keeps both. An
  // unknown key is a warning (`known` empty: every key is known). `in` names
  // the object for messages ("fact", "lifespan"); `record` is what a
  // duplicate rejects.
  bool CheckKeys(const JValue& object, std::initializer_list<std::string_view> known,
                 const std::string& in, const char* record) {
    const std::size_t n = object.members.size();
    // Records have a handful of keys; only a long object is worth a hash set.
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < n; ++i) {
      const JMember& member = object.members[i];
      std::optional<std::size_t> first;
      if (n <= 16) {
        for (std::size_t j = 0; j < i && !first; ++j) {
          if (object.members[j].key == member.key) first = object.members[j].offset;
        }
      } else if (const auto [it, inserted] = seen.emplace(member.key, member.offset); !inserted) {
        first = it->second;
      }
      if (first) {
        Error(member.offset, "duplicate key " + Quote(member.key) + " in " + in +
                                 " (the first is at " + Where(*first) + "); " + record +
                                 " rejected");
        return false;
      }
    }
    if (known.size() == 0) return true;
    for (const JMember& member : object.members) {
      bool is_known = false;
      for (std::string_view k : known) is_known = is_known || member.key == k;
      if (!is_known) {
        std::string expected;
        for (std::string_view k : known) {
          expected += (expected.empty() ? "" : ", ") + Quote(k);
        }
        Warning(member.offset, "unknown key " + Quote(member.key) + " in " + in + " (expected " +
                                   expected + "); ignored");
      }
    }
    return true;
  }

  // A string member; nullptr with an error when missing or not a string.
  const std::string* RequiredString(const JValue& object, const char* key, const char* what) {
    const JValue* value = object.Find(key);
    if (value == nullptr) {
      Error(object.offset, std::string(what) + " has no \"" + key + "\"; " + what + " rejected");
      return nullptr;
    }
    if (value->type != JValue::Type::kString || engine::IsBlankName(value->text)) {
      Error(value->offset, std::string("\"") + key + "\" must be a non-empty string, found " +
                               (value->type != JValue::Type::kString ? TypeName(value->type)
                                : value->text.empty()                ? std::string("\"\"")
                                                      : "a string of white space only") +
                               "; " + what + " rejected");
      return nullptr;
    }
    return &value->text;
  }

  // "from"/"to": a date string, a year number, null/absent for open.
  bool DateMember(const JValue& object, const char* key, VagueDate* out) {
    const JValue* value = object.Find(key);
    if (value == nullptr || value->type == JValue::Type::kNull) {
      *out = OpenDate();
      return true;
    }
    std::string error;
    if (value->type == JValue::Type::kString) {
      if (ParseTsvDate(value->text, out, &error)) return true;
      Error(value->offset, std::string("\"") + key + "\": " + error + "; record rejected");
      return false;
    }
    if (value->type == JValue::Type::kNumber) return YearNumber(*value, key, out);
    Error(value->offset, std::string("\"") + key +
                             "\" must be a date string (\"1921-06-15\", \"June 1921\", ...), a "
                             "year number or null, found " +
                             TypeName(value->type) + "; record rejected");
    return false;
  }

  // A year given as a number. Its value counts, not its spelling: 1921.0 is
  // the year 1921, as any JSON writer may print it so.
  bool YearNumber(const JValue& value, const char* key, VagueDate* out) {
    const std::string& text = value.text;
    const char* const end = text.data() + text.size();
    double year = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), end, year);
    bool whole = true;
    bool in_range = true;
    if (value.out_of_range || ec != std::errc() || ptr != end) {
      // from_chars calls underflow (1e-400) out of range too: that number
      // is a fraction, not a year beyond the calendar.
      whole = text.find("e-") == std::string::npos && text.find("E-") == std::string::npos;
      in_range = false;
    } else {
      whole = year == std::trunc(year);
      in_range = year >= kMinYear && year <= kMaxYear;
    }
    if (!whole) {
      Error(value.offset, std::string("\"") + key + "\": " + text +
                              " is not a whole number, so not a year; record rejected");
      return false;
    }
    if (!in_range) {
      Error(value.offset, std::string("\"") + key + "\": year " + text + " out of range (" +
                              std::to_string(kMinYear) + ".." + std::to_string(kMaxYear) +
                              "); record rejected");
      return false;
    }
    *out = VagueDate::InYear(static_cast<int>(year));
    return true;
  }

  // The entity's id as a key of ids_; false, with an error when `report`,
  // for an id that is neither a string nor an integer.
  bool IdKey(const JValue& id, std::string* key, bool report) {
    if (id.type == JValue::Type::kString) {
      *key = id.text;
      return true;
    }
    if (id.type == JValue::Type::kNumber) {
      const IdNumber result = NumberIdKey(id, key);
      if (result == IdNumber::kOk) return true;
      if (report) {
        Error(id.offset, "\"id\": " + IdNumberProblem(result, id.text) + "; entity rejected");
      }
      return false;
    }
    if (report) {
      Error(id.offset, std::string("\"id\" must be a string or an integer, found ") +
                           TypeName(id.type) + "; entity rejected");
    }
    return false;
  }

  void LoadEntity(const JValue& entity) {
    if (entity.type != JValue::Type::kObject) {
      Error(entity.offset, std::string("an entity must be an object, found ") +
                               TypeName(entity.type) + "; entity rejected");
      return;
    }
    const bool keys_ok =
        CheckKeys(entity, {"id", "name", "kind", "aliases", "lifespan"}, "entity", "entity");
    const JValue* id = entity.Find("id");
    std::string key;
    const bool has_key = id != nullptr && IdKey(*id, &key, keys_ok);
    if (!keys_ok || (id != nullptr && !has_key)) {
      if (has_key) Reject(key, *id);
      return;
    }
    if (has_key) {
      if (const auto it = ids_.find(key); it != ids_.end()) {
        // Last-wins would silently re-point the facts that use the id.
        const IdEntry& first = it->second;
        const std::string shown = ShownId(*id);
        std::string message = "duplicate id " + shown + ": the entity at " +
                              Where(first.id_offset) + " has it already";
        if (first.shown != shown) {
          message +=
              ", as " + first.shown + " (a number id and the string of its digits are the same id)";
        }
        Error(id->offset, message + "; entity rejected");
        return;
      }
    }
    EntityRecord record;
    if (!ReadEntity(entity, &record)) {
      if (has_key) Reject(key, *id);
      return;
    }
    engine::Store& store = writer_.store();
    std::optional<engine::EntityId> interned;
    try {
      interned = store.InternEntity(*record.name);
      if (!record.kind.empty()) store.SetKind(*interned, record.kind);
      for (const JValue* alias : record.aliases) {
        if (!engine::IsBlankName(alias->text)) {
          store.AddAlias(*interned, alias->text);
        } else {
          Warning(alias->offset, "an alias of " + Quote(*record.name) +
                                     " names nothing (only white space); alias not loaded");
        }
      }
      if (record.lifespan) {
        store.SetLifespan(*interned, *record.lifespan, writer_.At(index_.LineOf(entity.offset)));
      }
    } catch (const annals::Error& error) {
      // The store's size limits (entities, kinds, aliases) are its own checks.
      Error(entity.offset, error.message() + "; entity not loaded, or only in part");
    }
    if (!has_key) return;
    if (!interned) {
      Reject(key, *id);
      return;
    }
    IdEntry& entry = ids_[key];
    entry.name = *record.name;
    entry.shown = ShownId(*id);
    entry.id_offset = id->offset;
  }

  // Keeps a rejected entity's id (unless an earlier entity holds it), so a
  // fact that uses it is told why it names nothing.
  void Reject(const std::string& key, const JValue& id) {
    if (ids_.count(key) != 0) return;
    IdEntry& entry = ids_[key];
    entry.shown = ShownId(id);
    entry.id_offset = id.offset;
    entry.rejected_at = last_error_offset_;
    entry.rejected = true;
  }

  bool ReadEntity(const JValue& entity, EntityRecord* record) {
    record->name = RequiredString(entity, "name", "entity");
    if (record->name == nullptr) return false;
    if (const JValue* k = entity.Find("kind"); k != nullptr && k->type != JValue::Type::kNull) {
      if (k->type != JValue::Type::kString) {
        Error(k->offset, std::string("\"kind\" must be a string, found ") + TypeName(k->type) +
                             "; entity rejected");
        return false;
      }
      record->kind = k->text;
    }
    if (const JValue* list = entity.Find("aliases"); list != nullptr) {
      if (list->type != JValue::Type::kArray) {
        Error(list->offset, std::string("\"aliases\" must be an array of strings, found ") +
                                TypeName(list->type) + "; entity rejected");
        return false;
      }
      for (const JValue& alias : list->items) {
        if (alias.type != JValue::Type::kString) {
          Error(alias.offset, std::string("an alias must be a string, found ") +
                                  TypeName(alias.type) + "; entity rejected");
          return false;
        }
        record->aliases.push_back(&alias);
      }
    }
    if (const JValue* span = entity.Find("lifespan");
        span != nullptr && span->type != JValue::Type::kNull) {
      if (span->type != JValue::Type::kObject) {
        Error(span->offset, std::string("\"lifespan\" must be an object {\"from\", \"to\"}, "
                                        "found ") +
                                TypeName(span->type) + "; entity rejected");
        return false;
      }
      if (!CheckKeys(*span, {"from", "to"}, "lifespan", "entity")) return false;
      VagueDate from;
      VagueDate to;
      if (!DateMember(*span, "from", &from) || !DateMember(*span, "to", &to)) return false;
      Period period;
      std::string error;
      if (!Period::TryMake(from, to, &period, &error)) {
        Error(span->offset, "lifespan: " + error + "; entity rejected");
        return false;
      }
      record->lifespan = period;
    }
    return true;
  }

  // A reference to an entity: an id from this file (a string or an integer)
  // or, for a string that is no id, a name. `what` names the reference in
  // messages ("\"subject\"", "attribute \"org\"").
  bool Resolve(const JValue& value, const std::string& what, std::string* name) {
    std::string key;
    if (value.type == JValue::Type::kNumber) {
      if (const IdNumber result = NumberIdKey(value, &key); result != IdNumber::kOk) {
        Error(value.offset, what + ": " + IdNumberProblem(result, value.text) + "; fact rejected");
        return false;
      }
      const auto it = ids_.find(key);
      if (it == ids_.end()) {
        Error(value.offset,
              what + ": no entity in this file has the id " + value.text + "; fact rejected");
        return false;
      }
      return FromEntry(value, what, it->second, name);
    }
    if (value.type != JValue::Type::kString) {
      Error(value.offset, what + " must be an entity id or name (a string or an integer), found " +
                              TypeName(value.type) + "; fact rejected");
      return false;
    }
    const auto it = ids_.find(value.text);
    if (it == ids_.end()) {
      *name = value.text;
      return true;
    }
    return FromEntry(value, what, it->second, name);
  }

  bool FromEntry(const JValue& value, const std::string& what, const IdEntry& entry,
                 std::string* name) {
    if (entry.rejected) {
      Error(value.offset, what + ": the entity with the id " + entry.shown +
                              " was rejected (see the error at " + Where(entry.rejected_at) +
                              "); fact rejected");
      return false;
    }
    *name = entry.name;
    return true;
  }

  // "subject"/"object": required, an id or a non-blank name.
  bool Reference(const JValue& fact, const char* key, std::string* out) {
    const JValue* value = fact.Find(key);
    if (value == nullptr ||
        (value->type == JValue::Type::kString && engine::IsBlankName(value->text))) {
      (void)RequiredString(fact, key, "fact");  // reports what is wrong
      return false;
    }
    return Resolve(*value, std::string("\"") + key + "\"", out);
  }

  void LoadFact(const JValue& fact) {
    if (fact.type != JValue::Type::kObject) {
      Error(fact.offset, std::string("a fact must be an object, found ") + TypeName(fact.type) +
                             "; fact rejected");
      return;
    }
    if (!CheckKeys(fact, {"relation", "subject", "object", "from", "to", "attributes", "source"},
                   "fact", "fact")) {
      return;
    }
    const std::string* relation = RequiredString(fact, "relation", "fact");
    if (relation == nullptr) return;
    if (!IsSnakeCase(*relation)) {
      Error(fact.Find("relation")->offset,
            "relation \"" + *relation +
                "\" is not snake_case (lower-case letters, digits and '_', starting with a "
                "letter); fact rejected");
      return;
    }
    std::string subject;
    std::string object;
    if (!Reference(fact, "subject", &subject) || !Reference(fact, "object", &object)) return;
    VagueDate from;
    VagueDate to;
    if (!DateMember(fact, "from", &from) || !DateMember(fact, "to", &to)) return;
    Period period;
    std::string error;
    if (!Period::TryMake(from, to, &period, &error)) {
      const JValue* to_value = fact.Find("to");
      Error(to_value != nullptr ? to_value->offset : fact.offset,
            "\"to\" lies before \"from\": " + error + "; fact rejected");
      return;
    }
    std::vector<std::pair<std::string, std::string>> attribute_texts;
    std::vector<bool> attribute_is_entity;
    if (const JValue* attributes = fact.Find("attributes");
        attributes != nullptr && attributes->type != JValue::Type::kNull) {
      if (attributes->type != JValue::Type::kObject) {
        Error(attributes->offset, std::string("\"attributes\" must be an object of strings, "
                                              "found ") +
                                      TypeName(attributes->type) + "; fact rejected");
        return;
      }
      if (!CheckKeys(*attributes, {}, "\"attributes\"", "fact")) return;
      for (const JMember& member : attributes->members) {
        if (!IsSnakeCase(member.key)) {
          Error(member.offset,
                "attribute name \"" + member.key + "\" is not snake_case; fact rejected");
          return;
        }
        const std::string what = "attribute " + Quote(member.key);
        const JValue& v = member.value;
        std::string text;
        if (v.type == JValue::Type::kString) {
          // succeeds(new, old, org): the org column names an entity (or its
          // id). A blank org names nothing and FactWriter leaves it out.
          const bool entity = *relation == "succeeds" && member.key == "org";
          if (entity && engine::IsBlankName(v.text)) {
            Warning(v.offset, what + " names nothing (only white space); attribute not loaded");
            continue;
          }
          if (entity) {
            if (!Resolve(v, what, &text)) return;
          } else {
            text = v.text;
          }
          attribute_texts.emplace_back(member.key, std::move(text));
          attribute_is_entity.push_back(entity);
        } else if (v.type == JValue::Type::kNumber) {
          if (v.out_of_range) {
            Error(v.offset, what + ": the number " + v.text +
                                " is out of range (no double holds it); fact rejected");
            return;
          }
          // As written: printing a parsed double would round 0.1234567891
          // and 9007199254740993.
          attribute_texts.emplace_back(member.key, v.text);
          attribute_is_entity.push_back(false);
        } else if (v.type == JValue::Type::kObject && v.Find("entity") != nullptr) {
          if (!CheckKeys(v, {"entity"}, what + "'s {\"entity\": ...}", "fact")) return;
          const JValue& ref = *v.Find("entity");
          if (ref.type == JValue::Type::kString && engine::IsBlankName(ref.text)) {
            Warning(ref.offset, what + " names nothing (only white space); attribute not loaded");
            continue;
          }
          if (!Resolve(ref, what, &text)) {
            return;
          }
          attribute_texts.emplace_back(member.key, std::move(text));
          attribute_is_entity.push_back(true);
        } else if (v.type != JValue::Type::kNull) {
          Error(v.offset, what + " must be a string, a number or {\"entity\": name-or-id}, found " +
                              TypeName(v.type) +
                              (v.type == JValue::Type::kObject ? " without \"entity\"" : "") +
                              "; fact rejected");
          return;
        }
      }
    }
    engine::SourceRef source = writer_.At(index_.LineOf(fact.offset));
    if (const JValue* s = fact.Find("source"); s != nullptr && s->type != JValue::Type::kNull) {
      if (s->type != JValue::Type::kString) {
        Error(s->offset, std::string("\"source\" must be a string \"file:line\", found ") +
                             TypeName(s->type) + "; fact rejected");
        return;
      }
      source = ParseSource(s->text);
    }
    std::vector<AttrInput> inputs;
    inputs.reserve(attribute_texts.size());
    for (std::size_t i = 0; i < attribute_texts.size(); ++i) {
      inputs.push_back({attribute_texts[i].first, attribute_texts[i].second,
                        static_cast<bool>(attribute_is_entity[i])});
    }
    try {
      const engine::RelationId relation_id = writer_.Relation(*relation);
      const engine::EntityId subject_id = writer_.Entity(subject);
      const engine::EntityId object_id = writer_.Entity(object);
      writer_.Fact(relation_id, subject_id, object_id, period, source, inputs);
    } catch (const annals::Error& refused) {
      // The store's size limits (relations, entities, attribute values).
      Error(fact.offset, refused.message() + "; fact rejected");
    }
  }

  // "communist-party-of-bukhara.txt:28" -> that file and line; any other text
  // is kept whole as the source's name, with no line.
  engine::SourceRef ParseSource(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < text.size() &&
        colon + 10 > text.size()) {
      const std::string_view digits = text.substr(colon + 1);
      bool all_digits = true;
      for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
      if (all_digits) {
        std::uint32_t line = 0;
        for (char c : digits) line = line * 10 + static_cast<std::uint32_t>(c - '0');
        return {writer_.store().InternFile(text.substr(0, colon)), line};
      }
    }
    return {writer_.store().InternFile(text), 0};
  }

  FactWriter writer_;
  LineIndex index_;
  std::unordered_map<std::string, IdEntry> ids_;
  std::size_t last_error_offset_ = 0;
};

// The end of the number token starting at `start` (RapidJSON has checked its
// grammar already).
std::size_t NumberEnd(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size()) {
    const char c = text[end];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
      break;
    }
    ++end;
  }
  return end;
}

}  // namespace

void ReadJson(engine::Store& store, std::string_view text, std::string_view source_name,
              LoadReport& report) {
  // Numbers as strings: an id or attribute keeps every digit. A number too
  // big for a double still stops RapidJSON, so it is blanked out (replaced by
  // 0 and spaces: every offset stays the same) and the text parsed again;
  // the record using it is then rejected on its own.
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  std::vector<BlankedNumber> blanked;
  std::string patched;
  std::string_view current = text;
  for (;;) {
    rapidjson::MemoryStream stream(current.data(), current.size());
    TreeBuilder builder(current, stream, blanked);
    rapidjson::Reader reader;
    // Iterative parsing: nesting depth cannot exhaust the C++ stack.
    const rapidjson::ParseResult ok = reader.Parse<kFlags>(stream, builder);
    if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig &&
        blanked.size() < kMaxOutOfRangeNumbers && ok.Offset() < current.size()) {
      if (patched.empty()) patched.assign(text);
      const std::size_t start = ok.Offset();
      const std::size_t end = NumberEnd(patched, start);
      blanked.push_back({start, patched.substr(start, end - start)});
      patched[start] = '0';
      for (std::size_t i = start + 1; i < end; ++i) patched[i] = ' ';
      current = patched;
      continue;
    }
    if (!ok) {
      FactWriter writer(store, source_name, report);
      const LineIndex index(text);
      if (builder.too_deep()) {
        const LineColumn at = index.Locate(builder.too_deep_offset());
        writer.Error(
            at.line, at.column,
            "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels; file rejected");
        return;
      }
      const LineColumn at = index.Locate(ok.Offset());
      if (ok.Code() == rapidjson::kParseErrorNumberTooBig) {
        const std::string number(
            text.substr(ok.Offset(), NumberEnd(text, ok.Offset()) - ok.Offset()));
        writer.Error(at.line, at.column,
                     "JSON number " + number + " out of range (no double holds it); more than " +
                         std::to_string(kMaxOutOfRangeNumbers) +
                         " such numbers in the file, so the file is rejected");
        return;
      }
      writer.Error(at.line, at.column,
                   std::string("JSON syntax error: ") + rapidjson::GetParseError_En(ok.Code()) +
                       " (file rejected)");
      return;
    }
    JsonLoader loader(store, text, source_name, report);
    loader.Load(builder.root);
    return;
  }
}

}  // namespace annals::ingest
