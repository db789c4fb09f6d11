// sipcore/fhir_map.cpp — Case → FHIR R4 document Bundle (PlanDocument).
//
// Sections: small JSON builders · code mappings · the document builder · the mapping. UuidV5 is in
// core/uuid_v5.cpp, the Europe/Stockholm date-times in core/stockholm_time.h.
#include "core/fhir.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/identity.h"
#include "core/rules.h"
#include "core/stockholm_time.h"
#include "core/time.h"
#include "core/fhir_internal.h"
#include "core/papers/html.h"

namespace sip {
using namespace fhir_detail;

namespace {


// ---------------------------------------------------------------------------------------------------------
// Small JSON builders and code systems
// ---------------------------------------------------------------------------------------------------------
constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
constexpr const char* kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr const char* kParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
constexpr const char* kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
constexpr const char* kListEmptyReason = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
constexpr const char* kProvenanceType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
constexpr const char* kGoalRelationshipType = "http://hl7.org/fhir/goal-relationship-type";
constexpr const char* kMappingQuestionnaire = "urn:x-sipfield:fhir:Questionnaire:sip-kartlaggning";
constexpr const char* kXhtmlOpen = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";



Json Coding(const std::string& system, const std::string& code, const std::string& display) {
  Json j{{"system", system}, {"code", code}};
  if (!display.empty()) j["display"] = display;
  return j;
}
Json Concept(Json coding, const std::string& text = {}) {
  Json j{{"coding", Json::array({std::move(coding)})}};
  if (!text.empty()) j["text"] = text;
  return j;
}
Json TextConcept(const std::string& text) { return Json{{"text", text}}; }
Json Ref(const std::string& url, const std::string& display = {}) {
  Json j{{"reference", url}};
  if (!display.empty()) j["display"] = display;
  return j;
}
Json DisplayRef(const std::string& display) { return Json{{"display", display}}; }




// ---------------------------------------------------------------------------------------------------------
// Code mappings (docs/fhir-mapping.md)
// ---------------------------------------------------------------------------------------------------------
struct RoleCodes {
  const char* v3;
  const char* v3_display;
  const char* local;
  const char* label;   // Swedish
};

RoleCodes RepresentativeCodes(RepresentativeRole r) {
  switch (r) {
    case RepresentativeRole::Guardian: return {"GUARD", "guardian", "vardnadshavare", "Vårdnadshavare"};
    case RepresentativeRole::GodMan: return {"GUARD", "guardian", "god-man", "God man"};
    case RepresentativeRole::Forvaltare: return {"GUARD", "guardian", "forvaltare", "Förvaltare"};
    case RepresentativeRole::Framtidsfullmakt:
      return {"DPOWATT", "durable power of attorney", "framtidsfullmakt", "Framtidsfullmaktshavare"};
    case RepresentativeRole::PowerOfAttorney: return {"POWATT", "power of attorney", "fullmakt", "Fullmaktshavare"};
    case RepresentativeRole::Relative: return {"FAMMEMB", "family member", "narstaende", "Närstående"};
    case RepresentativeRole::Unknown: break;
  }
  return {nullptr, nullptr, "okand", "Företrädare"};
}

const char* HuvudmanCode(Huvudman h) {
  switch (h) {
    case Huvudman::Municipality: return "kommun";
    case Huvudman::Region: return "region";
    case Huvudman::Individual: return "enskild";
    case Huvudman::Relative: return "narstaende";
    case Huvudman::Other: return "annan";
    case Huvudman::Unknown: break;
  }
  return "";
}
const char* HuvudmanLabel(Huvudman h) {
  switch (h) {
    case Huvudman::Municipality: return "Kommun";
    case Huvudman::Region: return "Region";
    case Huvudman::Individual: return "Den enskilde";
    case Huvudman::Relative: return "Närstående";
    case Huvudman::Other: return "Annan aktör";
    case Huvudman::Unknown: break;
  }
  return "";
}

const char* GoalLifecycle(GoalStatus s) {
  switch (s) {
    case GoalStatus::Achieved: return "completed";
    case GoalStatus::Cancelled: return "cancelled";
    default: return "active";
  }
}
const char* GoalAchievement(GoalStatus s) {
  switch (s) {
    case GoalStatus::Active: return "in-progress";
    case GoalStatus::Achieved: return "achieved";
    case GoalStatus::PartlyAchieved: return "improving";
    case GoalStatus::NotAchieved: return "not-achieved";
    case GoalStatus::Cancelled: return nullptr;
  }
  return nullptr;
}
const char* GoalAchievementDisplay(const std::string& code) {
  if (code == "in-progress") return "In Progress";
  if (code == "achieved") return "Achieved";
  if (code == "improving") return "Improving";
  if (code == "not-achieved") return "Not Achieved";
  return "";
}

const char* ActivityStatus(InterventionStatus s) {
  switch (s) {
    case InterventionStatus::Planned: return "not-started";
    case InterventionStatus::Ongoing: return "in-progress";
    case InterventionStatus::Done: return "completed";
    case InterventionStatus::NotPerformed: return "stopped";
    case InterventionStatus::Cancelled: return "cancelled";
  }
  return "unknown";
}

const char* ParticipationLabel(ParticipationMode m) {
  switch (m) {
    case ParticipationMode::InPerson: return "på plats";
    case ParticipationMode::Phone: return "per telefon";
    case ParticipationMode::Video: return "via video";
    case ParticipationMode::PartOfMeeting: return "under en del av mötet";
    case ParticipationMode::ThroughRepresentative: return "genom företrädare";
    case ParticipationMode::InWriting: return "skriftligt";
    case ParticipationMode::NotAtAll: return "inte";
    case ParticipationMode::Unknown: break;
  }
  return "";
}

const char* OtherPlanLabel(OtherPlanKind k) {
  switch (k) {
    case OtherPlanKind::ImplementationPlan: return "Genomförandeplan";
    case OtherPlanKind::CarePlan: return "Vårdplan";
    case OtherPlanKind::HabilitationPlan: return "Habiliterings-/rehabiliteringsplan";
    case OtherPlanKind::LssIndividualPlan: return "Individuell plan enligt LSS";
    case OtherPlanKind::SchoolActionPlan: return "Åtgärdsprogram/IUP";
    case OtherPlanKind::DischargePlanning: return "Samordnad utskrivningsplanering";
    case OtherPlanKind::Other: return "Annan plan";
    case OtherPlanKind::Unknown: break;
  }
  return "Plan";
}

const char* LevelLabel(CoordinationLevel l) {
  switch (l) {
    case CoordinationLevel::Sip: return "SIP";
    case CoordinationLevel::SipPlus: return "SIP+";
    case CoordinationLevel::SipPlusPlus: return "SIP++";
    case CoordinationLevel::Unknown: break;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------------------
// The document builder: entries in order, Composition reserved at index 0.
// ---------------------------------------------------------------------------------------------------------
class Doc {
 public:
  explicit Doc(std::string id) : id_(std::move(id)) { entries_.push_back({Url("composition"), Json()}); }

  std::string Url(const std::string& key) const { return kUrn + UuidV5(id_, key); }
  std::string Add(const std::string& key, Json resource) {
    const std::string url = Url(key);
    entries_.push_back({url, std::move(resource)});
    return url;
  }
  void SetComposition(Json r) { entries_[0].second = std::move(r); }
  Json Entries() const {
    Json a = Json::array();
    for (const auto& [url, r] : entries_) a.push_back({{"fullUrl", url}, {"resource", r}});
    return a;
  }

  // One Organization per distinct name.
  std::string Org(const std::string& name, Huvudman h = Huvudman::Unknown) {
    auto it = orgs_.find(name);
    if (it != orgs_.end()) return it->second;
    Json r{{"resourceType", "Organization"}, {"active", true}, {"name", name}};
    if (*HuvudmanCode(h)) r["type"] = Json::array({Concept(Coding(Cs("huvudman"), HuvudmanCode(h), HuvudmanLabel(h)))});
    const std::string url = Add("organization/" + name, std::move(r));
    orgs_[name] = url;
    return url;
  }

 private:
  std::string id_;
  std::vector<std::pair<std::string, Json>> entries_;
  std::map<std::string, std::string> orgs_;
};

std::string Div(const std::string& inner) { return kXhtmlOpen + inner + "</div>"; }
std::string P(const std::string& text) { return "<p>" + HtmlEscape(text) + "</p>"; }
std::string Ul(const std::vector<std::string>& items) {
  std::string s = "<ul>";
  for (const auto& i : items) s += "<li>" + HtmlEscape(i) + "</li>";
  return s + "</ul>";
}

struct Member {
  std::string url;             // "" = display only
  std::string display;
  std::string type;            // resourceType of url
  std::string org_url;         // onBehalfOf (only with a Practitioner member)
};

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// The mapping
// ---------------------------------------------------------------------------------------------------------
Result<Json> PlanDocument(const Case& c, const FhirDocumentParams& p) {
  std::array<uint8_t, 16> uuid{};
  if (!ParseUuid(p.document_id, uuid)) return Error{Errc::InvalidArgument, "document_id"};
  if (!IsInstant(p.timestamp)) return Error{Errc::InvalidArgument, "timestamp"};
  const CivilDate today = *ParseDate(p.timestamp.substr(0, 10));

  // Which plan.
  const Plan* plan = nullptr;
  std::string established_on;
  int version = p.plan_version;
  if (p.plan_version > 0) {
    auto it = std::find_if(c.versions.begin(), c.versions.end(),
                           [&](const PlanVersion& v) { return v.version == p.plan_version; });
    if (it == c.versions.end()) return Error{Errc::NotFound, "plan_version"};
    plan = &it->plan;
    established_on = it->established_on;
  } else if (p.plan_version == 0) {
    if (c.versions.empty()) return Error{Errc::WrongStep, "no established plan"};
    plan = &c.plan;
    established_on = c.versions.back().established_on;
    version = c.versions.back().version;
  } else {
    return Error{Errc::InvalidArgument, "plan_version"};
  }
  const bool current = p.plan_version == 0;

  Doc doc(p.document_id);

  // --- Patient
  Json patient{{"resourceType", "Patient"}};
  if (!c.owner.reserve_number && !c.owner.identity_number.empty()) {
    auto id = ParseIdentityNumber(c.owner.identity_number, today);
    if (!id) return id.error();
    const bool samordning = id->type == IdentityType::Samordningsnummer;
    patient["identifier"] = Json::array({{{"use", "official"},
                                          {"system", samordning ? kSamordningsnummerSystem : kPersonnummerSystem},
                                          {"value", id->normalized}}});
    patient["gender"] = id->sex == LegalSex::Male ? "male" : "female";
    patient["birthDate"] = FormatDate(id->birth_date);
  } else if (!c.owner.birth_date.empty()) {
    patient["birthDate"] = c.owner.birth_date;
  }
  if (!c.owner.name.empty()) patient["name"] = Json::array({{{"use", "official"}, {"text", c.owner.name}}});
  if (!c.owner.phone.empty()) patient["telecom"] = Json::array({{{"system", "phone"}, {"value", c.owner.phone}}});
  if (!c.owner.address.empty()) patient["address"] = Json::array({{{"text", c.owner.address}}});
  const std::string patient_url = doc.Add("patient", patient);
  const std::string owner_display = c.owner.name;

  // --- RelatedPerson per representative
  std::map<std::string, std::string> rep_url;
  std::vector<std::string> rep_urls;
  for (const auto& r : c.representatives) {
    const RoleCodes rc = RepresentativeCodes(r.role);
    Json rel = Json::array();
    Json rel_concept{{"coding", Json::array()}, {"text", rc.label}};
    rel_concept["coding"].push_back(Coding(Cs("representative-role"), rc.local, rc.label));
    if (rc.v3) rel_concept["coding"].push_back(Coding(kRoleCode, rc.v3, rc.v3_display));
    rel.push_back(rel_concept);
    Json rp{{"resourceType", "RelatedPerson"}, {"active", true}, {"patient", Ref(patient_url)}, {"relationship", rel}};
    if (!r.name.empty()) rp["name"] = Json::array({{{"text", r.name}}});
    Json telecom = Json::array();
    if (!r.phone.empty()) telecom.push_back({{"system", "phone"}, {"value", r.phone}});
    if (!r.email.empty()) telecom.push_back({{"system", "email"}, {"value", r.email}});
    if (!telecom.empty()) rp["telecom"] = telecom;
    if (!r.address.empty()) rp["address"] = Json::array({{{"text", r.address}}});
    rep_url[r.id] = doc.Add("representative/" + r.id, rp);
    rep_urls.push_back(rep_url[r.id]);
  }
  auto person_ref = [&](const std::string& who) -> Json {
    if (who == "person" || who.empty()) return Ref(patient_url, owner_display);
    auto it = rep_url.find(who);
    if (it == rep_url.end()) return Ref(patient_url, owner_display);
    const Representative* r = FindRepresentative(c, who);
    return Ref(it->second, r ? r->name : std::string());
  };

  // --- Participants: Practitioner / RelatedPerson / Organization members
  std::map<std::string, Member> members;
  std::map<std::string, std::string> practitioner_by_name;   // the first participant of that name
  for (const auto& pa : c.participants) {
    Member m;
    const std::string org_url = pa.organisation.empty() ? std::string() : doc.Org(pa.organisation, pa.huvudman);
    if (pa.huvudman == Huvudman::Individual) {
      m = {patient_url, owner_display, "Patient", ""};
    } else if (pa.huvudman == Huvudman::Relative) {
      Json rp{{"resourceType", "RelatedPerson"}, {"active", true}, {"patient", Ref(patient_url)}};
      const std::string name = pa.name.empty() ? pa.organisation : pa.name;
      if (!name.empty()) rp["name"] = Json::array({{{"text", name}}});
      if (!pa.contact.empty()) rp["telecom"] = Json::array({{{"system", "other"}, {"value", pa.contact}}});
      m = {doc.Add("participant/" + pa.id, rp), name, "RelatedPerson", ""};
    } else if (!pa.name.empty()) {
      Json pr{{"resourceType", "Practitioner"}, {"active", true}, {"name", Json::array({{{"text", pa.name}}})}};
      if (!pa.contact.empty()) pr["telecom"] = Json::array({{{"system", "other"}, {"value", pa.contact}}});
      m = {doc.Add("participant/" + pa.id, pr), Join({pa.name, pa.organisation}, ", "), "Practitioner", org_url};
      practitioner_by_name.emplace(pa.name, m.url);
    } else {
      m = {org_url, pa.organisation, "Organization", ""};
    }
    members[pa.id] = m;
  }
  auto member_of = [&](const std::string& pid) -> const Member* {
    auto it = members.find(pid);
    return it == members.end() ? nullptr : &it->second;
  };
  auto member_ref = [](const Member& m) { return m.url.empty() ? DisplayRef(m.display) : Ref(m.url, m.display); };

  // The convener: a participant with the same name, or a member of their own.
  std::string convener_pid;
  for (const auto& pa : c.participants)
    if (!c.convener.name.empty() && pa.name == c.convener.name) convener_pid = pa.id;
  Member convener;
  if (convener_pid.empty() && (!c.convener.name.empty() || !c.convener.organisation.empty())) {
    const std::string org_url = c.convener.organisation.empty() ? std::string() : doc.Org(c.convener.organisation);
    if (!c.convener.name.empty()) {
      Json pr{{"resourceType", "Practitioner"}, {"active", true}, {"name", Json::array({{{"text", c.convener.name}}})}};
      if (!c.convener.contact.empty()) pr["telecom"] = Json::array({{{"system", "other"}, {"value", c.convener.contact}}});
      convener = {doc.Add("convener", pr), Join({c.convener.name, c.convener.organisation}, ", "), "Practitioner", org_url};
    } else {
      convener = {org_url, c.convener.organisation, "Organization", ""};
    }
  }

  // --- Consents
  const std::string home_org_url = p.organisation.empty() ? std::string() : doc.Org(p.organisation, Huvudman::Municipality);
  const std::string careteam_url = doc.Url("careteam");
  std::vector<std::string> consent_urls;
  std::vector<std::string> consent_lines;
  const int64_t t = DaysFromCivil(today);
  auto days = [](const std::string& d) -> std::optional<int64_t> {
    auto pd = ParseDate(d);
    return pd ? std::optional<int64_t>(DaysFromCivil(*pd)) : std::nullopt;
  };
  Json policy_rule = Concept(Coding(kActCode, "OPTIN", "opt-in"),
                             "Samtycke till samordnad individuell plan (SoL 2 kap. 7 §, HSL 16 kap. 4 §)");
  for (const auto& k : c.consents) {
    const bool withdrawn = !k.withdrawn_on.empty();
    const auto to = days(k.valid_to);
    const bool expired = to && *to < t;
    const std::string status = (withdrawn || expired) ? "inactive" : "active";
    Json cr{{"resourceType", "Consent"},
            {"status", status},
            {"scope", Concept(Coding(kConsentScope, "patient-privacy", "Privacy Consent"))},
            {"category", Json::array({Concept(Coding(kLoinc, "59284-0", "Patient Consent"))})},
            {"patient", Ref(patient_url)}};
    const std::string when = !k.documented_on.empty() ? k.documented_on : k.valid_from;
    if (!when.empty()) cr["dateTime"] = when;
    const Json performer = person_ref(k.given_by);
    cr["performer"] = Json::array({performer});
    if (!home_org_url.empty()) cr["organization"] = Json::array({Ref(home_org_url, p.organisation)});
    if (k.form == ConsentForm::Written) {
      cr["sourceAttachment"] = {{"title", "Skriftligt samtycke"}};
    } else if (k.form == ConsentForm::Oral) {
      Json v{{"verified", true}, {"verifiedWith", performer}};
      if (!k.documented_on.empty()) v["verificationDate"] = k.documented_on;
      cr["verification"] = Json::array({v});
    }
    cr["policyRule"] = policy_rule;
    Json prov{{"type", "permit"}};
    Json period = Json::object();
    if (!k.valid_from.empty()) period["start"] = k.valid_from;
    std::string end = k.valid_to;
    if (withdrawn && (end.empty() || k.withdrawn_on < end)) end = k.withdrawn_on;
    if (!end.empty()) period["end"] = end;
    if (!period.empty()) prov["period"] = period;
    Json actors = Json::array();
    for (const auto& org : k.covers)
      actors.push_back({{"role", Concept(Coding(kParticipationType, "IRCP", "information recipient"))},
                        {"reference", Ref(doc.Org(org), org)}});
    if (actors.empty())
      actors.push_back({{"role", Concept(Coding(kParticipationType, "IRCP", "information recipient"))},
                        {"reference", Ref(careteam_url, "SIP-teamet")}});
    prov["actor"] = actors;
    Json deny = Json::array();
    for (const auto& e : k.exclusions) deny.push_back({{"type", "deny"}, {"code", Json::array({TextConcept(e)})}});
    if (!deny.empty()) prov["provision"] = deny;
    cr["provision"] = prov;
    consent_urls.push_back(doc.Add("consent/" + k.id, cr));
    std::string line = std::string(k.form == ConsentForm::Written ? "Skriftligt" : "Muntligt") + " samtycke från " +
                       performer.value("display", std::string("den enskilde"));
    if (!k.valid_from.empty()) line += ", giltigt från " + k.valid_from;
    if (!k.valid_to.empty()) line += " till " + k.valid_to;
    if (!k.documented_by.empty()) line += ", dokumenterat av " + k.documented_by;
    if (withdrawn) line += ", återkallat " + k.withdrawn_on;
    else if (expired) line += ", har upphört att gälla";
    consent_lines.push_back(line);
  }
  if (!c.refusal.refused_on.empty()) {
    Json cr{{"resourceType", "Consent"},
            {"status", "rejected"},
            {"scope", Concept(Coding(kConsentScope, "patient-privacy", "Privacy Consent"))},
            {"category", Json::array({Concept(Coding(kLoinc, "59284-0", "Patient Consent"))})},
            {"patient", Ref(patient_url)},
            {"dateTime", c.refusal.refused_on},
            {"performer", Json::array({person_ref(c.refusal.refused_by)})},
            {"policyRule", policy_rule},
            {"provision", {{"type", "deny"}}}};
    consent_urls.push_back(doc.Add("consent/refusal", cr));
    consent_lines.push_back("Samtycke nekat " + c.refusal.refused_on);
  }

  // --- CareTeam
  const std::string convener_code_label = "Sammankallande";
  Json team_participants = Json::array();
  team_participants.push_back({{"role", Json::array({Concept(Coding(Cs("sip-role"), "den-enskilde", "Den enskilde"))})},
                               {"member", Ref(patient_url, owner_display)}});
  std::vector<std::string> team_lines;
  for (const auto& pa : c.participants) {
    const Member& m = members[pa.id];
    Json roles = Json::array();
    std::vector<std::string> labels;
    if (const std::string role = StaffRoleDisplay(pa.role, pa.role_text); !role.empty()) {
      roles.push_back(TextConcept(role));
      labels.push_back(role);
    }
    if (pa.id == convener_pid) {
      roles.push_back(Concept(Coding(Cs("sip-role"), "sammankallande", convener_code_label)));
      labels.push_back("sammankallande");
    }
    if (pa.id == plan->coordinator) {
      roles.push_back(Concept(Coding(Cs("sip-role"), "samordningsansvarig", "Samordningsansvarig")));
      labels.push_back("samordningsansvarig");
    }
    if (pa.id == plan->follow_up_owner) {
      roles.push_back(Concept(Coding(Cs("sip-role"), "uppfoljningsansvarig", "Ansvarig för uppföljning")));
      labels.push_back("ansvarig för uppföljning");
    }
    Json tp{{"member", member_ref(m)}};
    if (!roles.empty()) tp["role"] = roles;
    if (m.type == "Practitioner" && !m.org_url.empty()) tp["onBehalfOf"] = Ref(m.org_url, pa.organisation);
    team_participants.push_back(tp);
    team_lines.push_back(Join({m.display, Join(labels, ", ")}, " – "));
  }
  if (!convener.display.empty()) {
    Json tp{{"role", Json::array({Concept(Coding(Cs("sip-role"), "sammankallande", convener_code_label))})},
            {"member", member_ref(convener)}};
    if (convener.type == "Practitioner" && !convener.org_url.empty())
      tp["onBehalfOf"] = Ref(convener.org_url, c.convener.organisation);
    team_participants.push_back(tp);
    team_lines.push_back(convener.display + " – sammankallande");
  }
  const bool closed = c.step == Step::Closed;
  Json careteam{{"resourceType", "CareTeam"},
                {"status", closed ? "inactive" : "active"},
                {"name", "SIP-team"},
                {"subject", Ref(patient_url, owner_display)},
                {"participant", team_participants}};
  if (!established_on.empty()) careteam["period"] = {{"start", established_on}};
  if (!home_org_url.empty()) careteam["managingOrganization"] = Json::array({Ref(home_org_url, p.organisation)});
  doc.Add("careteam", careteam);

  // --- Goals
  std::map<std::string, std::string> goal_url;
  for (const auto& g : plan->goals) goal_url[g.id] = doc.Url("goal/" + g.id);
  auto is_main = [&](const Goal& g) { return g.parent_id.empty() || !goal_url.count(g.parent_id); };
  std::vector<std::string> main_goal_urls, all_goal_urls, main_lines, goal_lines;
  std::map<std::string, std::vector<std::pair<std::string, const InterventionEvaluation*>>> intervention_evals;
  if (current)
    for (const auto& f : c.follow_ups) {
      for (const auto& e : f.interventions) intervention_evals[e.intervention_id].push_back({f.held_on, &e});
    }
  for (const auto& g : plan->goals) {
    const bool main = is_main(g);
    Json gr{{"resourceType", "Goal"}, {"lifecycleStatus", GoalLifecycle(g.status)}};
    if (const char* a = GoalAchievement(g.status))
      gr["achievementStatus"] = Concept(Coding(kGoalAchievement, a, GoalAchievementDisplay(a)));
    gr["category"] = Json::array({Concept(main ? Coding(Cs("goal-type"), "huvudmal", "Huvudmål")
                                               : Coding(Cs("goal-type"), "delmal", "Delmål"))});
    gr["description"] = TextConcept(g.text);
    gr["subject"] = Ref(patient_url, owner_display);
    if (!plan->follow_up_on.empty()) gr["target"] = Json::array({{{"dueDate", plan->follow_up_on}}});
    if (main && g.persons_own_words) gr["expressedBy"] = Ref(patient_url, owner_display);
    if (main) {
      Json ext = Json::array();
      for (const auto& sub : plan->goals)
        if (!is_main(sub) && sub.parent_id == g.id)
          ext.push_back({{"url", kGoalRelationshipExt},
                         {"extension", Json::array({{{"url", "type"},
                                                     {"valueCodeableConcept",
                                                      Concept(Coding(kGoalRelationshipType, "milestone", "Milestone"))}},
                                                    {{"url", "target"}, {"valueReference", Ref(goal_url[sub.id])}}})}});
      if (!ext.empty()) gr["extension"] = ext;
    }
    Json notes = Json::array();
    for (const auto& f : c.follow_ups) {
      if (!current) break;
      for (const auto& e : f.goals)
        if (e.goal_id == g.id && !e.comment.empty()) {
          Json n{{"text", e.comment}};
          if (!f.held_on.empty()) n["time"] = f.held_on;
          notes.push_back(n);
        }
    }
    if (!notes.empty()) gr["note"] = notes;
    // Key order in the JSON object is alphabetical (nlohmann::json), so insertion order does not matter.
    doc.Add("goal/" + g.id, gr);
    all_goal_urls.push_back(goal_url[g.id]);
    if (main) {
      main_goal_urls.push_back(goal_url[g.id]);
      main_lines.push_back(g.text);
    }
    goal_lines.push_back((main ? "Huvudmål: " : "Delmål: ") + g.text);
  }

  // --- CarePlan
  std::vector<std::string> activity_lines;
  Json activities = Json::array();
  for (const auto& iv : plan->interventions) {
    Json d{{"status", ActivityStatus(iv.status)}, {"description", iv.what}};
    if (iv.home_care_commitment)
      d["code"] = Concept(Coding(Cs("activity-type"), "hemtjanst-atagande", "Hemtjänstens eget åtagande"));
    if (iv.status == InterventionStatus::NotPerformed) d["statusReason"] = TextConcept("Insatsen har inte utförts");
    if (!iv.goal_id.empty() && goal_url.count(iv.goal_id)) d["goal"] = Json::array({Ref(goal_url[iv.goal_id])});
    std::string who;
    if (const Member* m = member_of(iv.responsible)) {
      d["performer"] = Json::array({member_ref(*m)});
      who = m->display;
    }
    if (!iv.start_date.empty() || !iv.frequency.empty()) {
      Json timing = Json::object();
      if (!iv.start_date.empty()) timing["repeat"] = {{"boundsPeriod", {{"start", iv.start_date}}}};
      if (!iv.frequency.empty()) timing["code"] = TextConcept(iv.frequency);
      d["scheduledTiming"] = timing;
    }
    if (!iv.place.empty()) d["location"] = DisplayRef(iv.place);
    Json a{{"id", iv.id}, {"detail", d}};
    Json progress = Json::array();
    for (const auto& [held_on, e] : intervention_evals[iv.id]) {
      Json n{{"text", std::string(e->delivered ? "Utförd" : "Inte utförd") + (e->effect.empty() ? "" : ". Effekt: " + e->effect)}};
      if (!held_on.empty()) n["time"] = held_on;
      progress.push_back(n);
    }
    if (!progress.empty()) a["progress"] = progress;
    activities.push_back(a);
    std::string line = iv.what;
    if (!who.empty()) line += " – " + who;
    if (!iv.frequency.empty()) line += " – " + iv.frequency;
    if (!iv.start_date.empty()) line += " – från " + iv.start_date;
    if (!iv.place.empty()) line += " – " + iv.place;
    if (iv.home_care_commitment) line += " (hemtjänstens åtagande)";
    activity_lines.push_back(line);
  }
  for (size_t i = 0; i < plan->other_actors.size(); ++i) {
    const auto& oa = plan->other_actors[i];
    Json d{{"status", "unknown"},
           {"description", oa.action},
           {"code", Concept(Coding(Cs("activity-type"), "annan-aktor", "Insats av annan aktör än kommun och region"))}};
    if (!oa.actor.empty()) d["performer"] = Json::array({DisplayRef(oa.actor)});
    activities.push_back({{"id", "other-" + std::to_string(i + 1)}, {"detail", d}});
    activity_lines.push_back(Join({oa.action, oa.actor}, " – ") + " (annan aktör)");
  }
  std::string careplan_status = "active";
  if (closed) careplan_status = c.closure.reason == ClosureReason::ConsentWithdrawn ? "revoked" : "completed";
  else if (ConsentWithdrawnForGood(c, today)) careplan_status = "revoked";
  Json careplan{{"resourceType", "CarePlan"},
                {"status", careplan_status},
                {"intent", "plan"},
                {"category", Json::array({Concept(Coding(Cs("document-type"), "sip", "Samordnad individuell plan"))})},
                {"title", "Samordnad individuell plan, version " + std::to_string(version)},
                {"subject", Ref(patient_url, owner_display)},
                {"careTeam", Json::array({Ref(careteam_url, "SIP-team")})}};
  if (!c.preparation.what_matters.empty()) careplan["description"] = c.preparation.what_matters;
  Json period = Json::object();
  if (!established_on.empty()) {
    period["start"] = established_on;
    careplan["created"] = established_on;
  }
  if (closed && !c.closure.closed_on.empty()) period["end"] = c.closure.closed_on;
  if (!period.empty()) careplan["period"] = period;
  careplan["author"] = Ref(careteam_url, "SIP-team");
  if (!all_goal_urls.empty()) {
    careplan["goal"] = Json::array();
    for (const auto& u : all_goal_urls) careplan["goal"].push_back(Ref(u));
  }
  if (!activities.empty()) careplan["activity"] = activities;
  Json notes = Json::array();
  if (!plan->child_perspective.empty()) notes.push_back({{"text", "Barnperspektivet: " + plan->child_perspective}});
  for (const auto& op : plan->other_plans)
    notes.push_back({{"text", std::string("Samordnas med: ") + OtherPlanLabel(op.kind) + (op.note.empty() ? "" : " – " + op.note)}});
  if (!plan->what_to_follow_up.empty()) notes.push_back({{"text", "Följs upp: " + plan->what_to_follow_up}});
  if (!notes.empty()) careplan["note"] = notes;
  const std::string careplan_url = doc.Add("careplan", careplan);

  // --- Appointment: the meeting
  std::string meeting_url;
  std::vector<std::string> meeting_lines;
  if (!c.meeting.held_on.empty() || !c.invitation.meeting_at.empty()) {
    Json ap{{"resourceType", "Appointment"}, {"description", "SIP-möte"}};
    std::optional<int64_t> start = ParseLocalMinutes(c.invitation.meeting_at);
    if (start && !c.meeting.held_on.empty() && c.meeting.held_on != c.invitation.meeting_at.substr(0, 10)) {
      const auto held = ParseDate(c.meeting.held_on);
      if (held) start = DaysFromCivil(*held) * 1440 + (*start % 1440 + 1440) % 1440;
    }
    int minutes = 0;
    for (const auto& ph : c.meeting.agenda) minutes += std::max(0, ph.planned_minutes);
    if (minutes == 0) minutes = 60;
    if (start) {
      ap["status"] = c.meeting.held_on.empty() ? "booked" : "fulfilled";
      ap["start"] = FormatStockholmMinutes(*start);
      ap["end"] = FormatStockholmMinutes(*start + minutes);
      ap["minutesDuration"] = minutes;
    } else {
      ap["status"] = "proposed";
      ap["requestedPeriod"] = Json::array({{{"start", c.meeting.held_on}, {"end", c.meeting.held_on}}});
    }
    std::vector<std::string> comment;
    if (!c.invitation.purpose.empty()) comment.push_back("Syfte: " + c.invitation.purpose);
    if (!c.invitation.place.empty()) comment.push_back("Plats: " + c.invitation.place);
    if (!c.meeting.leader.empty()) comment.push_back("Mötesledare: " + c.meeting.leader);
    if (!c.meeting.documenter.empty()) comment.push_back("Dokumenterades av: " + c.meeting.documenter);
    // How the person took part, as recorded at the meeting (else as planned in the preparation).
    if (c.meeting.participation != ParticipationMode::Unknown) {
      std::string took_part = std::string("Den enskilde deltog ") + ParticipationLabel(c.meeting.participation);
      if (!c.meeting.participation_reason.empty()) took_part += " (" + c.meeting.participation_reason + ")";
      comment.push_back(took_part);
    } else if (const char* mode = ParticipationLabel(c.preparation.participation); *mode) {
      comment.push_back(std::string("Den enskilde deltar ") + mode);
    }
    if (!comment.empty()) ap["comment"] = Join(comment, ". ");
    if (!c.invitation.sent_on.empty()) ap["created"] = c.invitation.sent_on;
    Json parts = Json::array();
    parts.push_back({{"actor", Ref(patient_url, owner_display)}, {"status", "accepted"}});
    for (const auto& pid : c.invitation.invitees) {
      const Participant* pa = FindParticipant(c, pid);
      const Member* m = member_of(pid);
      if (!pa || !m) continue;
      const char* status = "needs-action";
      if (c.meeting.held_on.empty()) {
        status = pa->status == ParticipantStatus::Declined ? "declined"
                 : pa->status == ParticipantStatus::Invited ? "needs-action" : "accepted";
      } else {
        status = pa->attendance == Attendance::Present ? "accepted"
                 : pa->attendance == Attendance::AbsentWithNotice ? "declined" : "needs-action";
      }
      // Appointment.participant.actor may not reference an Organization: display only then.
      Json actor = m->type == "Organization" ? DisplayRef(m->display) : member_ref(*m);
      parts.push_back({{"actor", actor}, {"status", status}});
      const char* att = pa->attendance == Attendance::Present ? "närvarande"
                        : pa->attendance == Attendance::AbsentWithNotice ? "frånvarande med återbud"
                        : pa->attendance == Attendance::AbsentWithoutNotice ? "frånvarande utan återbud" : "";
      meeting_lines.push_back(Join({m->display, att}, " – "));
    }
    ap["participant"] = parts;
    meeting_url = doc.Add("appointment/meeting", ap);
  }

  // --- Appointment: the follow-up meeting (date only, so "proposed" with a requested day)
  std::string followup_url;
  if (!plan->follow_up_on.empty()) {
    Json ap{{"resourceType", "Appointment"},
            {"status", "proposed"},
            {"description", "Uppföljning av SIP"},
            {"requestedPeriod", Json::array({{{"start", plan->follow_up_on}, {"end", plan->follow_up_on}}})}};
    if (!plan->what_to_follow_up.empty()) ap["comment"] = "Följs upp: " + plan->what_to_follow_up;
    Json parts = Json::array();
    parts.push_back({{"actor", Ref(patient_url, owner_display)}, {"status", "needs-action"}});
    if (const Member* m = member_of(plan->follow_up_owner))
      parts.push_back({{"actor", m->type == "Organization" ? DisplayRef(m->display) : member_ref(*m)},
                       {"type", Json::array({Concept(Coding(Cs("sip-role"), "uppfoljningsansvarig", "Ansvarig för uppföljning"))})},
                       {"status", "accepted"}});
    ap["participant"] = parts;
    followup_url = doc.Add("appointment/follow-up", ap);
  }

  // --- QuestionnaireResponse: the mapping of life areas
  std::string qr_url;
  std::vector<std::string> mapping_lines;
  if (!c.mapping.empty()) {
    std::vector<const MappingEntry*> entries;
    for (const auto& m : c.mapping) entries.push_back(&m);
    std::stable_sort(entries.begin(), entries.end(),
                     [](const MappingEntry* a, const MappingEntry* b) { return a->area < b->area; });
    Json items = Json::array();
    for (const MappingEntry* m : entries) {
      const std::string link = Json(m->area).get<std::string>();
      Json sub = Json::array();
      if (!m->person_view.empty())
        sub.push_back({{"linkId", link + ".person_view"},
                       {"text", "Den enskildes beskrivning"},
                       {"answer", Json::array({{{"valueString", m->person_view}}})}});
      Json answers = Json::array();
      for (const auto& ki : m->interventions) answers.push_back({{"valueString", Join({ki.party, ki.description}, ": ")}});
      if (!answers.empty())
        sub.push_back({{"linkId", link + ".interventions"}, {"text", "Insatser som redan finns"}, {"answer", answers}});
      Json item{{"linkId", link}, {"text", LifeAreaLabel(m->area)}};
      if (!sub.empty()) item["item"] = sub;
      items.push_back(item);
      mapping_lines.push_back(Join({LifeAreaLabel(m->area), m->person_view}, ": "));
    }
    Json qr{{"resourceType", "QuestionnaireResponse"},
            {"questionnaire", kMappingQuestionnaire},
            {"status", "completed"},
            {"subject", Ref(patient_url, owner_display)},
            {"authored", !c.meeting.held_on.empty() ? c.meeting.held_on : p.timestamp},
            {"item", items}};
    qr_url = doc.Add("questionnaire-response/mapping", qr);
  }

  // --- Author (staff), Device, Provenance
  std::string author_url;
  if (auto it = practitioner_by_name.find(p.author_name); it != practitioner_by_name.end()) {
    author_url = it->second;   // the author is one of the participants: the same Practitioner
  } else if (!p.author_name.empty()) {
    Json pr{{"resourceType", "Practitioner"}, {"active", true}, {"name", Json::array({{{"text", p.author_name}}})}};
    author_url = doc.Add("author", pr);
  }
  Json device{{"resourceType", "Device"},
              {"deviceName", Json::array({{{"name", p.author_device.empty() ? std::string("SIP Field") : p.author_device},
                                           {"type", "user-friendly-name"}}})}};
  if (!home_org_url.empty()) device["owner"] = Ref(home_org_url, p.organisation);
  const std::string device_url = doc.Add("device", device);
  const std::string composition_url = doc.Url("composition");
  {
    Json agents = Json::array();
    Json author_agent{{"type", Concept(Coding(kProvenanceType, "author", "Author"))},
                      {"who", author_url.empty() ? Ref(device_url) : Ref(author_url, p.author_name)}};
    if (!home_org_url.empty()) author_agent["onBehalfOf"] = Ref(home_org_url, p.organisation);
    agents.push_back(author_agent);
    if (!author_url.empty())
      agents.push_back({{"type", Concept(Coding(kProvenanceType, "assembler", "Assembler"))}, {"who", Ref(device_url)}});
    doc.Add("provenance", {{"resourceType", "Provenance"},
                           {"target", Json::array({Ref(composition_url)})},
                           {"recorded", p.timestamp},
                           {"agent", agents}});
  }

  // --- Composition
  auto section = [](const char* code, const char* title, const std::string& html, const std::vector<std::string>& refs) {
    Json s{{"title", title},
           {"code", Concept(Coding(Cs("section"), code, title))},
           {"text", {{"status", "generated"}, {"div", Div(html)}}}};
    if (refs.empty()) {
      s["emptyReason"] = Concept(Coding(kListEmptyReason, "unavailable", "Unavailable"));
    } else {
      s["entry"] = Json::array();
      for (const auto& r : refs) s["entry"].push_back(Ref(r));
    }
    return s;
  };
  Json sections = Json::array();
  {
    std::string html;
    if (!c.preparation.what_matters.empty()) html += P(c.preparation.what_matters);
    if (!main_lines.empty()) html += P("Huvudmål:") + Ul(main_lines);
    if (html.empty()) html = P("Inget huvudmål registrerat.");
    sections.push_back(section("viktigt-for-mig", "Vad är viktigt för mig", html, main_goal_urls));
  }
  sections.push_back(section("kartlaggning", "Kartläggning",
                             mapping_lines.empty() ? P("Ingen kartläggning registrerad.") : Ul(mapping_lines),
                             qr_url.empty() ? std::vector<std::string>{} : std::vector<std::string>{qr_url}));
  sections.push_back(section("mal", "Mål", goal_lines.empty() ? P("Inga mål registrerade.") : Ul(goal_lines), all_goal_urls));
  sections.push_back(section("insatser", "Insatser",
                             activity_lines.empty() ? P("Inga insatser registrerade.") : Ul(activity_lines), {careplan_url}));
  {
    std::vector<std::string> lines;
    if (const Member* m = member_of(plan->coordinator)) lines.push_back("Samordningsansvarig: " + m->display);
    if (!convener_pid.empty()) lines.push_back("Sammankallande: " + members[convener_pid].display);
    else if (!convener.display.empty()) lines.push_back("Sammankallande: " + convener.display);
    if (const char* lvl = LevelLabel(c.level); *lvl) lines.push_back(std::string("Samordningsnivå: ") + lvl);
    for (const auto& op : plan->other_plans)
      lines.push_back(std::string("Samordnas med: ") + OtherPlanLabel(op.kind) + (op.note.empty() ? "" : " – " + op.note));
    if (!plan->child_perspective.empty()) lines.push_back("Barnperspektivet: " + plan->child_perspective);
    if (!c.meeting.held_on.empty()) lines.push_back("SIP-möte hölls " + c.meeting.held_on);
    for (const auto& l : meeting_lines) lines.push_back("Deltagare: " + l);
    for (const auto& l : consent_lines) lines.push_back(l);
    for (const auto& l : team_lines) lines.push_back("Team: " + l);
    std::vector<std::string> refs = {careteam_url};
    refs.insert(refs.end(), consent_urls.begin(), consent_urls.end());
    refs.insert(refs.end(), rep_urls.begin(), rep_urls.end());
    if (!meeting_url.empty()) refs.push_back(meeting_url);
    sections.push_back(section("samordning", "Samordning", Ul(lines), refs));
  }
  {
    std::vector<std::string> lines;
    if (!plan->follow_up_on.empty()) lines.push_back("Uppföljning " + plan->follow_up_on);
    if (const Member* m = member_of(plan->follow_up_owner)) lines.push_back("Ansvarig: " + m->display);
    if (!plan->what_to_follow_up.empty()) lines.push_back("Följs upp: " + plan->what_to_follow_up);
    if (current)
      for (const auto& f : c.follow_ups)
        lines.push_back("Uppföljning hölls " + f.held_on +
                        (f.new_circumstances.empty() ? std::string() : ": " + f.new_circumstances));
    sections.push_back(section("uppfoljning", "Uppföljning", lines.empty() ? P("Ingen uppföljning planerad.") : Ul(lines),
                               followup_url.empty() ? std::vector<std::string>{} : std::vector<std::string>{followup_url}));
  }
  Json authors = Json::array();
  if (!author_url.empty()) authors.push_back(Ref(author_url, p.author_name));
  authors.push_back(Ref(device_url));
  Json comp{{"resourceType", "Composition"},
            {"status", "final"},
            {"type", Json{{"coding", Json::array({Coding(Cs("document-type"), "sip", "Samordnad individuell plan"),
                                                   Coding(kLoinc, "18776-5", "Plan of care note")})},
                          {"text", "Samordnad individuell plan (SIP)"}}},
            {"subject", Ref(patient_url, owner_display)},
            {"date", p.timestamp},
            {"author", authors},
            {"title", "Samordnad individuell plan"},
            {"text", {{"status", "generated"},
                      {"div", Div(P("Samordnad individuell plan, version " + std::to_string(version) +
                                    (established_on.empty() ? std::string() : ", fastställd " + established_on) +
                                    (current ? ", med uppföljning" : "") + "."))}}},
            {"confidentiality", "R"},
            {"identifier", {{"system", Cs("plan-version")},
                            {"value", (c.id.empty() ? std::string("sip") : c.id) + "/v" + std::to_string(version) +
                                          (current ? "/uppfoljning" : "")}}},
            {"event", Json::array({{{"period", {{"start", established_on}}}}})},
            {"section", sections}};
  if (established_on.empty()) comp.erase("event");
  if (!home_org_url.empty()) comp["custodian"] = Ref(home_org_url, p.organisation);
  doc.SetComposition(comp);

  return Json{{"resourceType", "Bundle"},
              {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", kUrn + p.document_id}}},
              {"type", "document"},
              {"timestamp", p.timestamp},
              {"entry", doc.Entries()}};
}

}  // namespace sip
