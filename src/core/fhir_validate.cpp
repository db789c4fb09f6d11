// sipcore/fhir_validate.cpp — ValidateDocument: the office importer's checks (docs/fhir-mapping.md,
// "Importer checks"). No network, no terminology server.
#include "core/fhir.h"

#include <array>
#include <map>
#include <set>
#include <string>

#include "core/fhir_internal.h"
#include "core/identity.h"
#include "core/time.h"

namespace sip {
using namespace fhir_detail;

namespace {

const std::set<std::string>& AllowedTypes() {
  static const std::set<std::string> s = {"Composition", "Patient",    "RelatedPerson", "Consent",
                                          "CareTeam",    "Goal",       "CarePlan",      "Appointment",
                                          "QuestionnaireResponse",     "Provenance",    "Organization",
                                          "Practitioner", "Device"};
  return s;
}

Error Invalid(const std::string& rule, long entry = -1) {
  return Error{Errc::FhirInvalid, entry < 0 ? rule : rule + " (entry " + std::to_string(entry) + ")"};
}

std::string RefOf(const Json& j, const char* key) {
  if (!IsObject(j, key) || !NonEmptyString(j[key], "reference")) return {};
  return j[key]["reference"].get<std::string>();
}

// Every "reference" string anywhere inside `j`.
bool AllReferencesResolve(const Json& j, const std::set<std::string>& urls, std::string& rule) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "reference" && it.value().is_string()) {
        const std::string& r = it.value().get_ref<const std::string&>();
        if (r.rfind(kUrn, 0) != 0) { rule = "reference-form"; return false; }
        if (!urls.count(r)) { rule = "reference-resolves"; return false; }
      } else if (!AllReferencesResolve(it.value(), urls, rule)) {
        return false;
      }
    }
  } else if (j.is_array()) {
    for (const auto& e : j)
      if (!AllReferencesResolve(e, urls, rule)) return false;
  }
  return true;
}

}  // namespace

Result<void> ValidateDocument(const Json& b) {
  if (!b.is_object() || At(b, "resourceType") != "Bundle") return Invalid("bundle-resource-type");
  static const std::set<std::string> kBundleKeys = {"resourceType", "id", "meta", "language", "identifier",
                                                    "type", "timestamp", "entry", "signature"};
  for (auto it = b.begin(); it != b.end(); ++it)
    if (!kBundleKeys.count(it.key())) return Invalid("bundle-unknown-key");
  if (At(b, "type") != "document") return Invalid("bundle-type-document");
  if (!IsObject(b, "identifier") || !NonEmptyString(b["identifier"], "system") || !NonEmptyString(b["identifier"], "value"))
    return Invalid("bundle-identifier");   // bdl-9
  for (const char* k : {"identifier", "meta"}) {
    std::string where;
    if (b.contains(k) && !KnownElementsOnly(b[k], k[0] == 'i' ? "Identifier" : "Meta", where))
      return Invalid("unknown-element in " + where);
  }
  if (!NonEmptyString(b, "timestamp") || !IsInstant(b["timestamp"].get<std::string>()))
    return Invalid("bundle-timestamp");    // bdl-10
  const CivilDate today = *ParseDate(b["timestamp"].get<std::string>().substr(0, 10));
  if (!NonEmptyArray(b, "entry")) return Invalid("bundle-entries");
  const Json& entries = b["entry"];
  if (entries.size() > kMaxFhirEntries) return Invalid("bundle-entry-limit");

  std::set<std::string> urls;
  std::map<std::string, std::string> type_of;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    const long n = static_cast<long>(i);
    if (!e.is_object()) return Invalid("entry-object", n);
    for (auto it = e.begin(); it != e.end(); ++it)
      if (it.key() != "fullUrl" && it.key() != "resource") return Invalid("entry-unknown-key", n);
    if (!NonEmptyString(e, "fullUrl")) return Invalid("entry-full-url", n);
    const std::string& url = e["fullUrl"].get_ref<const std::string&>();
    std::array<uint8_t, 16> u{};
    if (url.rfind(kUrn, 0) != 0 || !ParseUuid(std::string_view(url).substr(9), u)) return Invalid("entry-full-url", n);
    if (!urls.insert(url).second) return Invalid("entry-full-url-unique", n);   // bdl-7
    if (!IsObject(e, "resource")) return Invalid("entry-resource", n);
    const Json& r = e["resource"];
    if (!NonEmptyString(r, "resourceType") || !AllowedTypes().count(r["resourceType"].get<std::string>()))
      return Invalid("entry-resource-type", n);
    type_of[url] = r["resourceType"].get<std::string>();
    std::string where;
    if (!KnownElementsOnly(r, type_of[url], where)) return Invalid("unknown-element in " + where, n);
  }
  if (entries[0]["resource"]["resourceType"] != "Composition") return Invalid("composition-first");   // bdl-11
  std::string patient_url;
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string& t = type_of[entries[i]["fullUrl"].get<std::string>()];
    if (i > 0 && t == "Composition") return Invalid("composition-single", static_cast<long>(i));
    if (t == "Patient") {
      if (!patient_url.empty()) return Invalid("patient-single", static_cast<long>(i));
      patient_url = entries[i]["fullUrl"].get<std::string>();
    }
  }
  if (patient_url.empty()) return Invalid("patient-present");

  for (size_t i = 0; i < entries.size(); ++i) {
    const long n = static_cast<long>(i);
    const Json& r = entries[i]["resource"];
    std::string rule;
    if (!AllReferencesResolve(r, urls, rule)) return Invalid(rule, n);
    const std::string t = r["resourceType"].get<std::string>();
    auto refs_patient = [&](const char* key) { return RefOf(r, key) == patient_url; };
    if (t == "Composition") {
      static const std::set<std::string> kStatus = {"preliminary", "final", "amended"};
      if (!kStatus.count(Str(r, "status"))) return Invalid("composition-status", n);
      if (!IsObject(r, "type") || !NonEmptyArray(r["type"], "coding")) return Invalid("composition-type", n);
      if (!refs_patient("subject")) return Invalid("composition-subject", n);
      if (!NonEmptyString(r, "date")) return Invalid("composition-date", n);
      if (!NonEmptyArray(r, "author")) return Invalid("composition-author", n);
      if (!NonEmptyString(r, "title")) return Invalid("composition-title", n);
      if (!NonEmptyArray(r, "section")) return Invalid("composition-section", n);
      for (const auto& s : r["section"]) {
        if (!NonEmptyString(s, "title")) return Invalid("composition-section-title", n);
        const bool has_text = IsObject(s, "text") && NonEmptyString(s["text"], "div");
        const bool has_entry = NonEmptyArray(s, "entry");
        if (!has_text && !has_entry && !NonEmptyArray(s, "section")) return Invalid("composition-section-content", n);   // cmp-1
        if (s.contains("emptyReason") && has_entry) return Invalid("composition-section-empty-reason", n);   // cmp-2
        if (has_text && s["text"]["div"].get<std::string>().rfind("<div xmlns=\"http://www.w3.org/1999/xhtml\"", 0) != 0)
          return Invalid("composition-section-narrative", n);
      }
    } else if (t == "Patient") {
      if (r.contains("identifier")) {
        if (!r["identifier"].is_array()) return Invalid("patient-identifier", n);
        for (const auto& id : r["identifier"]) {
          const std::string system = Str(id, "system");
          if (system != kPersonnummerSystem && system != kSamordningsnummerSystem)
            return Invalid("patient-identifier-system", n);
          if (!NonEmptyString(id, "value")) return Invalid("patient-identifier-value", n);
          auto parsed = ParseIdentityNumber(id["value"].get<std::string>(), today);
          if (!parsed) return Invalid("patient-identifier-value: " + parsed.error().detail, n);
          const bool samordning = parsed->type == IdentityType::Samordningsnummer;
          if (samordning != (system == kSamordningsnummerSystem)) return Invalid("patient-identifier-type", n);
        }
      }
      if (!NonEmptyArray(r, "identifier") && (!NonEmptyArray(r, "name") || !NonEmptyString(r, "birthDate")))
        return Invalid("patient-reserve-identity", n);
    } else if (t == "RelatedPerson") {
      if (!refs_patient("patient")) return Invalid("related-person-patient", n);
    } else if (t == "Consent") {
      if (!NonEmptyString(r, "status")) return Invalid("consent-status", n);
      if (!IsObject(r, "scope")) return Invalid("consent-scope", n);
      if (!NonEmptyArray(r, "category")) return Invalid("consent-category", n);
      if (!refs_patient("patient")) return Invalid("consent-patient", n);
      if (!NonEmptyArray(r, "policy") && !IsObject(r, "policyRule")) return Invalid("consent-policy", n);   // ppc-1
    } else if (t == "CareTeam") {
      if (r.contains("participant")) {
        if (!r["participant"].is_array()) return Invalid("care-team-participant", n);
        for (const auto& pa : r["participant"]) {
          if (!IsObject(pa, "member")) return Invalid("care-team-member", n);
          if (pa.contains("onBehalfOf")) {   // ctm-1
            const std::string m = RefOf(pa, "member");
            if (m.empty() || type_of[m] != "Practitioner") return Invalid("care-team-on-behalf-of", n);
          }
        }
      }
    } else if (t == "Goal") {
      if (!NonEmptyString(r, "lifecycleStatus")) return Invalid("goal-lifecycle-status", n);
      if (!IsObject(r, "description")) return Invalid("goal-description", n);
      if (!refs_patient("subject")) return Invalid("goal-subject", n);
    } else if (t == "CarePlan") {
      if (!NonEmptyString(r, "status")) return Invalid("care-plan-status", n);
      if (!NonEmptyString(r, "intent")) return Invalid("care-plan-intent", n);
      if (!refs_patient("subject")) return Invalid("care-plan-subject", n);
      if (r.contains("activity")) {
        if (!r["activity"].is_array()) return Invalid("care-plan-activity", n);
        for (const auto& a : r["activity"])
          if (!IsObject(a, "detail") || !NonEmptyString(a["detail"], "status")) return Invalid("care-plan-activity-status", n);
      }
    } else if (t == "Appointment") {
      const std::string status = Str(r, "status");
      if (status.empty()) return Invalid("appointment-status", n);
      if (!NonEmptyArray(r, "participant")) return Invalid("appointment-participant", n);
      for (const auto& pa : r["participant"])
        if (!NonEmptyString(pa, "status")) return Invalid("appointment-participant-status", n);
      if (r.contains("start") != r.contains("end")) return Invalid("appointment-start-end", n);   // app-2
      if (!r.contains("start") && status != "proposed" && status != "cancelled" && status != "waitlist")
        return Invalid("appointment-start", n);   // app-3
    } else if (t == "QuestionnaireResponse") {
      if (!NonEmptyString(r, "status")) return Invalid("questionnaire-response-status", n);
    } else if (t == "Provenance") {
      if (!NonEmptyArray(r, "target")) return Invalid("provenance-target", n);
      if (!NonEmptyString(r, "recorded")) return Invalid("provenance-recorded", n);
      if (!NonEmptyArray(r, "agent")) return Invalid("provenance-agent", n);
      for (const auto& a : r["agent"])
        if (!IsObject(a, "who")) return Invalid("provenance-agent-who", n);
    } else if (t == "Organization") {
      if (!NonEmptyString(r, "name")) return Invalid("organization-name", n);
    }
  }
  return {};
}

}  // namespace sip
