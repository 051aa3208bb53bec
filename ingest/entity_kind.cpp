// Kind inference by whole words, so "Partisan" is not a party and "Unionist"
// not a union. The word lists are the heads of English institutional names.
#include "ingest/entity_kind.hpp"

#include "ingest/text_util.hpp"

#include <array>
#include <vector>

namespace annals::ingest {

namespace {

std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      (static_cast<unsigned char>(c) >= 0x80);
    if (keep) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(AsciiLower(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(AsciiLower(word));
  return words;
}

template <std::size_t N>
bool HasAny(const std::vector<std::string>& words, const std::array<std::string_view, N>& list) {
  for (const std::string& word : words) {
    for (std::string_view candidate : list) {
      if (word == candidate) return true;
    }
  }
  return false;
}

constexpr std::array<std::string_view, 3> kPartyWords{"party", "partiya", "partei"};
// Checked before the state words: a "Trade Union" or a "Revolutionary
// Committee" of a republic is an organisation, not the republic.
constexpr std::array<std::string_view, 21> kOrganisationWords{
    "committee",    "bureau",        "league",      "army",    "front",        "movement",
    "organisation", "organization",  "association", "society", "council",      "congress",
    "comintern",    "international", "trade",       "cheka",   "commissariat", "guard",
    "brigade",      "division",      "corps"};
// Words that name a state whatever else the name says.
constexpr std::array<std::string_view, 22> kStrongStateWords{
    "republic",     "republics", "ssr",      "assr",        "sfsr",      "khanate",
    "emirate",      "kingdom",   "empire",   "oblast",      "sultanate", "principality",
    "duchy",        "krai",      "kray",     "governorate", "guberniya", "okrug",
    "protectorate", "caliphate", "dominion", "khaganate"};
// Words that name a state unless the name is also political: a "Balkan
// Communist Federation" is an organisation, the "Russian Federation" a state.
constexpr std::array<std::string_view, 8> kWeakStateWords{"union",    "federation", "confederation",
                                                          "state",    "territory",  "commonwealth",
                                                          "province", "region"};
constexpr std::array<std::string_view, 8> kPoliticalWords{
    "communist", "socialist", "workers", "labour", "labor", "anarchist", "nationalist", "trade"};

}  // namespace

std::string InferKindFromName(std::string_view name) {
  const std::vector<std::string> words = Words(name);
  if (HasAny(words, kPartyWords)) return "party";
  if (HasAny(words, kStrongStateWords)) {
    // "Revolutionary Committee of the Bukharan Republic" is a committee.
    return HasAny(words, kOrganisationWords) ? "organisation" : "state";
  }
  if (HasAny(words, kOrganisationWords)) return "organisation";
  if (HasAny(words, kWeakStateWords)) {
    return HasAny(words, kPoliticalWords) ? "organisation" : "state";
  }
  return "";
}

}  // namespace annals::ingest
