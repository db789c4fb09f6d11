// sipcore/fhir_elements.cpp — KnownElementsOnly(): every JSON member of a resource names an element FHIR R4
// defines at that place (docs/fhir-mapping.md, "Importer checks", rule `unknown-element`). The element table
// is generated from the R4 definitions (scripts/lib/fhir-r4-elements.mjs → fhir_r4_elements.inc).
#include <string>
#include <unordered_map>

#include "core/fhir_internal.h"

namespace sip::fhir_detail {
namespace {

const char* const kTable[] = {
#include "core/fhir_r4_elements.inc"
};

using Elements = std::unordered_map<std::string, std::string>;   // element name → type

const std::unordered_map<std::string, Elements>& Types() {
  static const std::unordered_map<std::string, Elements> types = [] {
    std::unordered_map<std::string, Elements> t;
    for (const char* row : kTable) {
      const std::string s = row;
      const size_t bar = s.find('|');
      Elements& e = t[s.substr(0, bar)];
      size_t i = bar + 1;
      while (i < s.size()) {
        size_t end = s.find(' ', i);
        if (end == std::string::npos) end = s.size();
        const std::string item = s.substr(i, end - i);
        const size_t colon = item.find(':');
        e[item.substr(0, colon)] = item.substr(colon + 1);
        i = end + 1;
      }
    }
    return t;
  }();
  return types;
}

bool IsResourceType(const std::string& t) {
  const auto& types = Types();
  auto it = types.find(t);
  return it != types.end() && it->second.count("implicitRules") != 0 && t != "Resource";
}

bool Check(const Json& v, std::string type, int depth, std::string& where) {
  if (depth > 64) { where = type; return false; }
  if (type.empty() || (type[0] >= 'a' && type[0] <= 'z')) return true;   // a primitive: no members
  if (type[0] == '#') type.erase(0, 1);                                  // content reference
  if (v.is_array()) {
    for (const auto& e : v)
      if (!Check(e, type, depth + 1, where)) return false;
    return true;
  }
  if (!v.is_object()) return true;
  bool resource = false;
  if (type == "Resource") {   // contained resources: checked as their own type
    const std::string rt = v.contains("resourceType") && v["resourceType"].is_string() ? v["resourceType"].get<std::string>() : "";
    if (!IsResourceType(rt)) { where = "Resource"; return false; }
    type = rt;
    resource = true;
  }
  const auto& types = Types();
  auto t = types.find(type);
  if (t == types.end()) { where = type; return false; }
  resource = resource || IsResourceType(type);
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (resource && it.key() == "resourceType") continue;
    auto e = t->second.find(it.key());
    if (e == t->second.end()) { where = type; return false; }
    if (!Check(it.value(), e->second, depth + 1, where)) return false;
  }
  return true;
}

}  // namespace

bool KnownElementsOnly(const Json& value, const std::string& type, std::string& where) {
  return Check(value, type, 0, where);
}

}  // namespace sip::fhir_detail
