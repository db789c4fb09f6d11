// ValidateDocument()'s `unknown-element` rule (core/fhir_elements.cpp): members FHIR R4 does not define are
// refused wherever they sit; what R4 allows (choice types, primitive extensions `_x`, extensions) passes.
#include <doctest/doctest.h>

#include "core/fhir.h"
#include "core/fhir_cases.h"

using namespace sip;

namespace {
Json Doc() {
  auto d = PlanDocument(fhirtest::CaseHomeCare(), fhirtest::Params(1));
  REQUIRE(d.ok());
  return *d;
}
Json& Resource(Json& doc, const char* type) {
  for (auto& e : doc["entry"])
    if (e["resource"]["resourceType"] == type) return e["resource"];
  FAIL("no " << type);
  return doc;
}
std::string Detail(const Json& doc) {
  auto r = ValidateDocument(doc);
  return r ? std::string("ok") : r.error().detail;
}
}  // namespace

TEST_CASE("FHIR unknown elements: every scenario document passes; unknown members are refused anywhere") {
  for (const auto& item : fhirtest::ScenarioDocuments()) {
    CAPTURE(item.first);
    CHECK(Detail(item.second) == "ok");
  }
  {
    Json d = Doc();
    Resource(d, "Patient")["nickname"] = "x";
    CHECK(Detail(d).rfind("unknown-element in Patient (entry ", 0) == 0);
  }
  {
    Json d = Doc();
    Resource(d, "Composition")["section"][0]["colour"] = "red";
    CHECK(Detail(d).rfind("unknown-element in Composition.section", 0) == 0);
  }
  {
    Json d = Doc();
    Resource(d, "Patient")["name"][0]["nick"] = "x";   // HumanName has no `nick`
    CHECK(Detail(d).rfind("unknown-element in HumanName", 0) == 0);
  }
  {
    Json d = Doc();
    Resource(d, "Composition")["subject"]["ref"] = "x";   // Reference has `reference`, not `ref`
    CHECK(Detail(d).rfind("unknown-element in Reference", 0) == 0);
  }
  {
    Json d = Doc();
    d["identifier"]["use2"] = "official";
    CHECK(Detail(d).rfind("unknown-element in Identifier", 0) == 0);
  }
  {
    Json d = Doc();
    Resource(d, "CarePlan")["contained"] = Json::array({Json{{"resourceType", "Basic"}}});
    CHECK(Detail(d).rfind("unknown-element in Resource", 0) == 0);
  }
  {
    Json d = Doc();   // what R4 allows: a primitive's extension, an extension with a choice-type value
    Json& p = Resource(d, "Patient");
    p["_birthDate"] = Json{{"extension", Json::array({Json{{"url", "http://example.org/x"}, {"valueString", "y"}}})}};
    p["extension"] = Json::array({Json{{"url", "http://example.org/z"}, {"valueBoolean", true}}});
    CHECK(Detail(d) == "ok");
    p["extension"][0]["valueNotAType"] = 1;
    CHECK(Detail(d).rfind("unknown-element in Extension", 0) == 0);
  }
}
