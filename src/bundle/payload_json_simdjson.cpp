// sipbundle/payload_json_simdjson.cpp — ParsePayloadJson() (payload_json.h) natively, chosen by
// src/CMakeLists.txt: simdjson parses, this file builds the nlohmann DOM from simdjson's, and anything that
// could make the two parsers' answers differ goes to ParseJsonStrict instead:
//   - any text simdjson refuses (its errors are not ours, and it refuses some text nlohmann reads: a UTF-8
//     byte order mark, integers beyond 64 bits);
//   - a repeated member or nesting deeper than kMaxJsonDepth (refused by ParseJsonStrict with its message);
//   - "-0": simdjson reads it as the integer 0 and loses the sign nlohmann keeps (a signed integer). Found by
//     looking for '-' '0' right after what can precede a number; dates in strings ("2026-01-05") never match.
// Numbers get nlohmann's types: a non-negative integer is unsigned, a negative one signed, the rest double.
#include <simdjson.h>

#include <array>

#include "bundle/payload_json.h"

namespace sip::bundle {
namespace {

bool MayHoldNegativeZero(std::string_view text) {
  for (size_t at = text.find("-0"); at != std::string_view::npos; at = text.find("-0", at + 2)) {
    if (at == 0) return true;
    switch (text[at - 1]) {
      case ':': case ',': case '[': case ' ': case '\t': case '\n': case '\r': return true;
      default: break;
    }
  }
  return false;
}

// False when the DOM cannot be built the way ParseJsonStrict would (a repeated member, too deep).
bool Build(simdjson::dom::element e, Json& out, int depth) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::ARRAY: {
      if (depth >= kMaxJsonDepth) return false;
      const simdjson::dom::array items = e.get_array().value_unsafe();
      out = Json::array();
      auto& a = out.get_ref<Json::array_t&>();
      a.reserve(items.size());
      for (simdjson::dom::element item : items) {
        a.emplace_back();
        if (!Build(item, a.back(), depth + 1)) return false;
      }
      return true;
    }
    case T::OBJECT: {
      if (depth >= kMaxJsonDepth) return false;
      const simdjson::dom::object members = e.get_object().value_unsafe();
      out = Json::object();
      auto& o = out.get_ref<Json::object_t&>();
      for (simdjson::dom::key_value_pair m : members) {
        auto [it, inserted] = o.emplace(std::string(m.key), nullptr);
        if (!inserted || !Build(m.value, it->second, depth + 1)) return false;
      }
      return true;
    }
    case T::INT64: {
      const int64_t v = e.get_int64().value_unsafe();
      if (v >= 0) out = static_cast<uint64_t>(v);
      else out = v;
      return true;
    }
    case T::UINT64: out = e.get_uint64().value_unsafe(); return true;
    case T::DOUBLE: out = e.get_double().value_unsafe(); return true;
    case T::STRING: out = std::string(e.get_string().value_unsafe()); return true;
    case T::BOOL: out = e.get_bool().value_unsafe(); return true;
    case T::NULL_VALUE: out = nullptr; return true;
  }
  return false;
}

}  // namespace

Result<Json> ParsePayloadJson(std::string_view text) {
  if (text.size() > kMaxRequestBytes || MayHoldNegativeZero(text)) return ParseJsonStrict(text);
  thread_local simdjson::dom::parser parser;   // keeps its buffers between bundles; one per import thread
  const simdjson::padded_string padded(text);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return ParseJsonStrict(text);
  Json out;
  if (!Build(root, out, 0)) return ParseJsonStrict(text);
  return out;
}

}  // namespace sip::bundle
