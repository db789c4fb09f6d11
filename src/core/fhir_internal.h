// sipcore/fhir_internal.h — helpers shared by the fhir_*.cpp files and core/papers/fhir_view.cpp.
// Internal to sipcore: not part of the public API (that is core/fhir.h).
//
// Contents: shared code-system constants · safe JSON accessors · UUID and instant parsing ·
//           reading a document back (Index, NameText, ConceptText, HasCoding, RefDisplay, GoalText)
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/fhir.h"
#include "core/time.h"

namespace sip::fhir_detail {

inline constexpr const char* kUrn = "urn:uuid:";
inline constexpr const char* kGoalAchievement = "http://terminology.hl7.org/CodeSystem/goal-achievement";
inline constexpr const char* kGoalRelationshipExt = "http://hl7.org/fhir/StructureDefinition/goal-relationship";

// ---------------------------------------------------------------------------------------------------------
// Safe accessors for JSON of unknown shape (never throw).
// ---------------------------------------------------------------------------------------------------------
inline std::string Str(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
inline Json At(const Json& j, const char* key) { return j.is_object() && j.contains(key) ? j[key] : Json(); }

inline bool NonEmptyString(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() && !j[key].get_ref<const std::string&>().empty();
}
inline bool NonEmptyArray(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_array() && !j[key].empty();
}
inline bool IsObject(const Json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_object(); }

inline std::string Cs(const char* name) { return std::string(kSipCodeSystemBase) + name; }

inline std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!s.empty()) s += sep;
    s += p;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// UUIDs and instants
// ---------------------------------------------------------------------------------------------------------
inline int HexVal(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return -1;
}

// Lowercase canonical "8-4-4-4-12" only.
inline bool ParseUuid(std::string_view s, std::array<uint8_t, 16>& out) {
  if (s.size() != 36) return false;
  size_t n = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
      ++i;
      continue;
    }
    const int hi = HexVal(s[i]), lo = HexVal(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[n++] = static_cast<uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return n == 16;
}

// "YYYY-MM-DDTHH:MM:SS[.fff]" + "Z" | "±HH:MM"
inline bool IsInstant(const std::string& s) {
  if (s.size() < 20 || !ParseDate(s.substr(0, 10)) || s[10] != 'T') return false;
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' || !digits(17, 2)) return false;
  if (std::stoi(s.substr(11, 2)) > 23 || std::stoi(s.substr(14, 2)) > 59 || std::stoi(s.substr(17, 2)) > 59) return false;
  size_t i = 19;
  if (s[i] == '.') {
    ++i;
    const size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == from || i - from > 9) return false;
  }
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i + 6 != s.size() || (s[i] != '+' && s[i] != '-') || !digits(i + 1, 2) || s[i + 3] != ':' || !digits(i + 4, 2))
    return false;
  return std::stoi(s.substr(i + 1, 2)) <= 14 && std::stoi(s.substr(i + 4, 2)) <= 59;
}

// ---------------------------------------------------------------------------------------------------------
// Reading a document back (Commitments, RenderHtml)
// ---------------------------------------------------------------------------------------------------------
struct Index {
  std::map<std::string, const Json*> by_url;
  std::vector<const Json*> resources;

  explicit Index(const Json& d) {
    if (!d.is_object() || !d.contains("entry") || !d["entry"].is_array()) return;
    for (const auto& e : d["entry"]) {
      if (!e.is_object() || !IsObject(e, "resource")) continue;
      resources.push_back(&e["resource"]);
      if (NonEmptyString(e, "fullUrl")) by_url[e["fullUrl"].get<std::string>()] = &e["resource"];
    }
  }
  const Json* First(const char* type) const {
    for (const Json* r : resources)
      if (Str(*r, "resourceType") == type) return r;
    return nullptr;
  }
  std::vector<const Json*> All(const char* type) const {
    std::vector<const Json*> v;
    for (const Json* r : resources)
      if (Str(*r, "resourceType") == type) v.push_back(r);
    return v;
  }
  const Json* Get(const Json& ref) const {
    if (!ref.is_object() || !NonEmptyString(ref, "reference")) return nullptr;
    auto it = by_url.find(ref["reference"].get<std::string>());
    return it == by_url.end() ? nullptr : it->second;
  }
};

inline std::string NameText(const Json& r) {
  if (NonEmptyString(r, "name")) return r["name"].get<std::string>();   // Organization
  if (NonEmptyArray(r, "name")) return Str(r["name"][0], "text");
  if (NonEmptyArray(r, "deviceName")) return Str(r["deviceName"][0], "name");
  return {};
}
inline std::string ConceptText(const Json& cc) {
  if (!cc.is_object()) return {};
  if (NonEmptyString(cc, "text")) return cc["text"].get<std::string>();
  if (NonEmptyArray(cc, "coding")) return Str(cc["coding"][0], "display");
  return {};
}
inline bool HasCoding(const Json& cc, const std::string& system, const std::string& code) {
  if (!NonEmptyArray(cc, "coding")) return false;
  for (const auto& c : cc["coding"])
    if (Str(c, "system") == system && Str(c, "code") == code) return true;
  return false;
}
inline std::string RefDisplay(const Index& ix, const Json& ref) {
  if (const Json* r = ix.Get(ref)) {
    std::string n = NameText(*r);
    if (!n.empty()) return NonEmptyString(ref, "display") ? ref["display"].get<std::string>() : n;
  }
  return Str(ref, "display");
}
inline std::string GoalText(const Index& ix, const Json& ref) {
  const Json* g = ix.Get(ref);
  return g ? ConceptText(At(*g, "description")) : std::string();
}

// ---------------------------------------------------------------------------------------------------------
// R4 element names (core/fhir_elements.cpp)
// ---------------------------------------------------------------------------------------------------------
// True when every member of `value`, a `type` ("CarePlan", "Identifier", …), and of everything inside it is an
// element FHIR R4 defines there (choice types spelt out: valueString, …; `_name` for primitive extensions).
// Otherwise false, with `where` naming the type path whose member is unknown (never the member itself).
bool KnownElementsOnly(const Json& value, const std::string& type, std::string& where);

}  // namespace sip::fhir_detail
