// ParsePayloadJson (bundle/payload_json.h) gives ParseJsonStrict's answer for every input: the same refusals
// and the same values with the same number types, natively (simdjson) as in the wasm (nlohmann only).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bundle/payload_json.h"
#include "core/fhir_cases.h"

using namespace sip;

namespace {

// The same answer: both refuse with the same code, or both accept the same value, number types included.
void Same(const std::string& text) {
  CAPTURE(text.substr(0, 80));
  const auto fast = bundle::ParsePayloadJson(text);
  const auto strict = ParseJsonStrict(text);
  REQUIRE(fast.ok() == strict.ok());
  if (!strict.ok()) {
    CHECK(fast.error().code == strict.error().code);
    CHECK(fast.error().detail == strict.error().detail);
    return;
  }
  CHECK(*fast == *strict);
  CHECK(fast->dump() == strict->dump());   // dump() shows the number types: 5 vs 5.0, -0 vs 0
  // Every number keeps nlohmann's type.
  std::vector<const Json*> todo{&*fast}, same{&*strict};
  while (!todo.empty()) {
    const Json* a = todo.back();
    const Json* b = same.back();
    todo.pop_back();
    same.pop_back();
    REQUIRE(a->type() == b->type());
    if (a->is_structured())
      for (auto ia = a->begin(), ib = b->begin(); ia != a->end(); ++ia, ++ib) {
        todo.push_back(&*ia);
        same.push_back(&*ib);
      }
  }
}

}  // namespace

TEST_CASE("payload parse: the same answer as ParseJsonStrict for the edge cases of either parser") {
  for (const char* t : {
           // numbers: types, signs, overflow, exponents, underflow
           "0", "-0", "[-0]", "{\"a\":-0}", "[1,-0]", "-0.0", "5", "-5", "5.0", "1E2", "1e-7", "0.1e-400", "1e400",
           "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "01", "1.", ".5",
           "+1", "-", "NaN", "Infinity",
           // strings: escapes, surrogates, control characters, UTF-8
           "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud83d\\ude00\"", "\"\xc3\xa5\"",
           "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\t\"", "\"\x7f\"", "\"\\/\"", "\"\\x\"", "\"2026-01-05\"",
           // structure
           "", " ", "\xef\xbb\xbf{}", "{}", "[]", "[1,]", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
           "{\"a\":{\"b\":1,\"b\":1}}", "[{\"x\":1},{\"x\":1}]", "{\"a\" 1}", "nul", "true", "false", "null",
           "[true,false,null]", " \n\t{\"k\" : [ 1 , 2 ] } \r\n"}) {
    Same(t);
  }
  // Nesting: at the limit and one past it, in arrays and objects.
  for (int depth : {kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1}) {
    Same(std::string(depth, '[') + std::string(depth, ']'));
    std::string o;
    for (int i = 0; i < depth; ++i) o += "{\"k\":";
    o += "1" + std::string(depth, '}');
    Same(o);
  }
  // Over the size limit.
  Same("\"" + std::string(kMaxRequestBytes, 'a') + "\"");
}

TEST_CASE("payload parse: the same DOM for every scenario document, compact and pretty-printed") {
  const auto docs = fhirtest::ScenarioDocuments();
  REQUIRE(docs.size() >= 4);
  for (const auto& named : docs) {   // (not a structured binding: clang 14 cannot capture one in CAPTURE)
    CAPTURE(named.first);
    Same(named.second.dump());
    Same(named.second.dump(2));
  }
}
