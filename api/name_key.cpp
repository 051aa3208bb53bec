#include <annals/name_key.hpp>

#include "engine/store/name_match.hpp"

namespace annals {

std::string NameKey(std::string_view name) {
  std::string key;
  engine::NormalizeNameInto(name, &key);
  return key;
}

}  // namespace annals
