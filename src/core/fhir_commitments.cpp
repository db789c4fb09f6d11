// sipcore/fhir_commitments.cpp — Commitments: home care's own commitments read back from a plan document
// (seed 001 step 8).
#include "core/fhir.h"

#include "core/fhir_internal.h"

namespace sip {
using namespace fhir_detail;

Json Commitments(const Json& document) {
  Json out = Json::array();
  const Index ix(document);
  const Json* cp = ix.First("CarePlan");
  if (!cp || !NonEmptyArray(*cp, "activity")) return out;
  const std::string system = Cs("activity-type");
  for (const auto& a : (*cp)["activity"]) {
    if (!IsObject(a, "detail")) continue;
    const Json& d = a["detail"];
    if (!HasCoding(At(d, "code"), system, "hemtjanst-atagande")) continue;
    Json c{{"what", Str(d, "description")}, {"status", Str(d, "status")}};
    if (NonEmptyString(a, "id")) c["intervention_id"] = a["id"];
    if (NonEmptyArray(d, "performer")) c["performer"] = RefDisplay(ix, d["performer"][0]);
    if (IsObject(d, "scheduledTiming")) {
      const Json& tm = d["scheduledTiming"];
      if (IsObject(tm, "repeat") && IsObject(tm["repeat"], "boundsPeriod") && NonEmptyString(tm["repeat"]["boundsPeriod"], "start"))
        c["start"] = tm["repeat"]["boundsPeriod"]["start"];
      if (IsObject(tm, "code") && NonEmptyString(tm["code"], "text")) c["frequency"] = tm["code"]["text"];
    }
    if (IsObject(d, "location") && NonEmptyString(d["location"], "display")) c["place"] = d["location"]["display"];
    if (NonEmptyArray(d, "goal")) {
      const std::string g = GoalText(ix, d["goal"][0]);
      if (!g.empty()) c["goal"] = g;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace sip
