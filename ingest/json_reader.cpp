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

#include <cmath>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annals::ingest {

namespace {

constexpr std::size_t kMaxDepth = 64;

struct JMember;

struct JValue {
  enum class Type { kNull, kBool, kNumber, kString, kObject, kArray };
  Type type = Type::kNull;
  std::size_t offset = 0;
  bool boolean = false;
  double number = 0;
  bool is_integer = false;
  std::string text;
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

// Builds the tree. Each value's offset is its first byte: the first
// character after the previous token that is not blank, ':' or ','.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(std::string_view text, rapidjson::MemoryStream& stream)
      : text_(text), stream_(stream) {}

  bool Null() { return Scalar(JValue{}); }
  bool Bool(bool b) {
    JValue v;
    v.type = JValue::Type::kBool;
    v.boolean = b;
    return Scalar(std::move(v));
  }
  bool Int(int i) { return Integer(static_cast<double>(i)); }
  bool Uint(unsigned u) { return Integer(static_cast<double>(u)); }
  bool Int64(std::int64_t i) { return Integer(static_cast<double>(i)); }
  bool Uint64(std::uint64_t u) { return Integer(static_cast<double>(u)); }
  bool Double(double d) {
    JValue v;
    v.type = JValue::Type::kNumber;
    v.number = d;
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

  bool Integer(double value) {
    JValue v;
    v.type = JValue::Type::kNumber;
    v.number = value;
    v.is_integer = true;
    return Scalar(std::move(v));
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
  std::vector<Frame> frames_;
  std::size_t last_end_ = 0;
  bool too_deep_ = false;
  std::size_t too_deep_offset_ = 0;
};

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
    const JValue* entities = nullptr;
    const JValue* facts = nullptr;
    for (const JMember& member : root.members) {
      if (member.key == "entities") {
        entities = &member.value;
      } else if (member.key == "facts") {
        facts = &member.value;
      } else {
        Warning(member.offset, "unknown top-level key \"" + member.key +
                                   "\" (expected \"entities\" and \"facts\"); ignored");
      }
    }
    if (entities == nullptr && facts == nullptr) {
      Warning(root.offset, "no \"entities\" or \"facts\" in the document; nothing loaded");
    }
    // Ids first, so facts may name entities declared anywhere in the file.
    if (entities != nullptr && ExpectArray(*entities, "entities")) {
      for (const JValue& entity : entities->items) CollectId(entity);
      for (const JValue& entity : entities->items) LoadEntity(entity);
    }
    if (facts != nullptr && ExpectArray(*facts, "facts")) {
      for (const JValue& fact : facts->items) LoadFact(fact);
    }
  }

 private:
  void Error(std::size_t offset, std::string message) {
    const LineColumn at = index_.Locate(offset);
    writer_.Error(at.line, at.column, std::move(message));
  }
  void Warning(std::size_t offset, std::string message) {
    const LineColumn at = index_.Locate(offset);
    writer_.Warning(at.line, at.column, std::move(message));
  }

  bool ExpectArray(const JValue& value, const char* key) {
    if (value.type == JValue::Type::kArray) return true;
    Error(value.offset, std::string("\"") + key + "\" must be an array, found " +
                            TypeName(value.type) + "; nothing in it loaded");
    return false;
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
    if (value->type == JValue::Type::kNumber && value->is_integer && value->number >= kMinYear &&
        value->number <= kMaxYear) {
      *out = VagueDate::InYear(static_cast<int>(value->number));
      return true;
    }
    Error(value->offset, std::string("\"") + key +
                             "\" must be a date string (\"1921-06-15\", \"June 1921\", ...), a "
                             "year number or null, found " +
                             TypeName(value->type) + "; record rejected");
    return false;
  }

  void CollectId(const JValue& entity) {
    if (entity.type != JValue::Type::kObject) return;
    const JValue* id = entity.Find("id");
    const JValue* name = entity.Find("name");
    if (id == nullptr || name == nullptr || name->type != JValue::Type::kString) return;
    if (id->type == JValue::Type::kString) ids_[id->text] = name->text;
    if (id->type == JValue::Type::kNumber) ids_[NumberText(id->number)] = name->text;
  }

  static std::string NumberText(double number) {
    if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15) {
      return std::to_string(static_cast<long long>(number));
    }
    return std::to_string(number);
  }

  void LoadEntity(const JValue& entity) {
    if (entity.type != JValue::Type::kObject) {
      Error(entity.offset, std::string("an entity must be an object, found ") +
                               TypeName(entity.type) + "; entity rejected");
      return;
    }
    const std::string* name = RequiredString(entity, "name", "entity");
    if (name == nullptr) return;
    std::string kind;
    if (const JValue* k = entity.Find("kind"); k != nullptr && k->type != JValue::Type::kNull) {
      if (k->type != JValue::Type::kString) {
        Error(k->offset, std::string("\"kind\" must be a string, found ") + TypeName(k->type) +
                             "; entity rejected");
        return;
      }
      kind = k->text;
    }
    std::vector<const std::string*> aliases;
    if (const JValue* list = entity.Find("aliases"); list != nullptr) {
      if (list->type != JValue::Type::kArray) {
        Error(list->offset, std::string("\"aliases\" must be an array of strings, found ") +
                                TypeName(list->type) + "; entity rejected");
        return;
      }
      for (const JValue& alias : list->items) {
        if (alias.type != JValue::Type::kString) {
          Error(alias.offset, std::string("an alias must be a string, found ") +
                                  TypeName(alias.type) + "; entity rejected");
          return;
        }
        aliases.push_back(&alias.text);
      }
    }
    std::optional<Period> lifespan;
    if (const JValue* span = entity.Find("lifespan");
        span != nullptr && span->type != JValue::Type::kNull) {
      if (span->type != JValue::Type::kObject) {
        Error(span->offset, std::string("\"lifespan\" must be an object {\"from\", \"to\"}, "
                                        "found ") +
                                TypeName(span->type) + "; entity rejected");
        return;
      }
      VagueDate from;
      VagueDate to;
      if (!DateMember(*span, "from", &from) || !DateMember(*span, "to", &to)) return;
      Period period;
      std::string error;
      if (!Period::TryMake(from, to, &period, &error)) {
        Error(span->offset, "lifespan: " + error + "; entity rejected");
        return;
      }
      lifespan = period;
    }
    for (const JMember& member : entity.members) {
      if (member.key != "id" && member.key != "name" && member.key != "kind" &&
          member.key != "aliases" && member.key != "lifespan") {
        Warning(member.offset, "unknown entity key \"" + member.key + "\"; ignored");
      }
    }
    engine::Store& store = writer_.store();
    try {
      const engine::EntityId id = store.InternEntity(*name);
      if (!kind.empty()) store.SetKind(id, kind);
      for (const std::string* alias : aliases) {
        if (!engine::IsBlankName(*alias)) store.AddAlias(id, *alias);
      }
      if (lifespan) store.SetLifespan(id, *lifespan, writer_.At(index_.LineOf(entity.offset)));
    } catch (const annals::Error& error) {
      // The store's size limits (entities, kinds, aliases) are its own checks.
      Error(entity.offset, error.message() + "; entity not loaded, or only in part");
    }
  }

  // "subject"/"object": an entity id (string or number) or a name.
  bool EntityRef(const JValue& fact, const char* key, std::string* out) {
    const JValue* value = fact.Find(key);
    if (value != nullptr && value->type == JValue::Type::kNumber) {
      const std::string id = NumberText(value->number);
      if (ids_.count(id) == 0) {
        Error(value->offset,
              std::string("\"") + key + "\": no entity has the id " + id + "; fact rejected");
        return false;
      }
      *out = ids_[id];
      return NamedById(*value, key, id, *out);
    }
    const std::string* text = RequiredString(fact, key, "fact");
    if (text == nullptr) return false;
    *out = ResolveName(*text);
    return NamedById(*value, key, *text, *out);
  }

  // An id whose entity has a blank name (rejected there) names nothing here.
  bool NamedById(const JValue& value, const char* key, const std::string& id,
                 const std::string& name) {
    if (!engine::IsBlankName(name)) return true;
    const std::string shown = value.type == JValue::Type::kString ? "\"" + id + "\"" : id;
    Error(value.offset, std::string("\"") + key + "\": the entity with the id " + shown +
                            " has no name (its own record was rejected); fact rejected");
    return false;
  }

  std::string ResolveName(const std::string& text) {
    const auto it = ids_.find(text);
    return it == ids_.end() ? text : it->second;
  }

  void LoadFact(const JValue& fact) {
    if (fact.type != JValue::Type::kObject) {
      Error(fact.offset, std::string("a fact must be an object, found ") + TypeName(fact.type) +
                             "; fact rejected");
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
    if (!EntityRef(fact, "subject", &subject) || !EntityRef(fact, "object", &object)) return;
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
      for (const JMember& member : attributes->members) {
        if (!IsSnakeCase(member.key)) {
          Error(member.offset,
                "attribute name \"" + member.key + "\" is not snake_case; fact rejected");
          return;
        }
        const JValue& v = member.value;
        if (v.type == JValue::Type::kString) {
          // succeeds(new, old, org): the org column names an entity (or its id).
          const bool entity = *relation == "succeeds" && member.key == "org";
          attribute_texts.emplace_back(member.key, entity ? ResolveName(v.text) : v.text);
          attribute_is_entity.push_back(entity);
        } else if (v.type == JValue::Type::kNumber) {
          attribute_texts.emplace_back(member.key, NumberText(v.number));
          attribute_is_entity.push_back(false);
        } else if (v.type == JValue::Type::kObject && v.Find("entity") != nullptr &&
                   v.Find("entity")->type == JValue::Type::kString) {
          attribute_texts.emplace_back(member.key, ResolveName(v.Find("entity")->text));
          attribute_is_entity.push_back(true);
        } else if (v.type != JValue::Type::kNull) {
          Error(v.offset, "attribute \"" + member.key +
                              "\" must be a string, a number or {\"entity\": name}, found " +
                              TypeName(v.type) + "; fact rejected");
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
    for (const JMember& member : fact.members) {
      static constexpr std::string_view kKnown[] = {"relation", "subject",    "object", "from",
                                                    "to",       "attributes", "source"};
      bool known = false;
      for (std::string_view k : kKnown) known = known || member.key == k;
      if (!known) Warning(member.offset, "unknown fact key \"" + member.key + "\"; ignored");
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
  std::unordered_map<std::string, std::string> ids_;
};

}  // namespace

void ReadJson(engine::Store& store, std::string_view text, std::string_view source_name,
              LoadReport& report) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  TreeBuilder builder(text, stream);
  rapidjson::Reader reader;
  // Iterative parsing: nesting depth cannot exhaust the C++ stack.
  const rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseIterativeFlag>(stream, builder);
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
    writer.Error(at.line, at.column,
                 std::string("JSON syntax error: ") + rapidjson::GetParseError_En(ok.Code()) +
                     " (file rejected)");
    return;
  }
  JsonLoader loader(store, text, source_name, report);
  loader.Load(builder.root);
}

}  // namespace annals::ingest
