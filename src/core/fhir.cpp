// sipcore/fhir.cpp — Case → FHIR R4 document Bundle, the importer's checks, commitments and the HTML view.
//
// Sections: SHA-1 and UUIDs · small JSON builders · time zone (Europe/Stockholm) · the mapping ·
//           ValidateDocument · Commitments · RenderHtml
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
#include "core/time.h"

namespace sip {
namespace {

// ---------------------------------------------------------------------------------------------------------
// SHA-1 (FIPS 180-4), only for RFC 4122 version-5 UUIDs — not for anything that needs collision resistance.
// ---------------------------------------------------------------------------------------------------------
uint32_t Rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

std::array<uint8_t, 20> Sha1(const std::vector<uint8_t>& msg) {
  uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  std::vector<uint8_t> m = msg;
  const uint64_t bits = static_cast<uint64_t>(msg.size()) * 8;
  m.push_back(0x80);
  while (m.size() % 64 != 56) m.push_back(0);
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i)
      w[i] = (uint32_t{m[off + 4 * i]} << 24) | (uint32_t{m[off + 4 * i + 1]} << 16) |
             (uint32_t{m[off + 4 * i + 2]} << 8) | uint32_t{m[off + 4 * i + 3]};
    for (int i = 16; i < 80; ++i) w[i] = Rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999u; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1u; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDCu; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6u; }
      const uint32_t t = Rol(a, 5) + f + e + k + w[i];
      e = d; d = c; c = Rol(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  std::array<uint8_t, 20> out{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(h[i] >> (24 - 8 * j));
  return out;
}

int HexVal(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return -1;
}

// Lowercase canonical "8-4-4-4-12" only.
bool ParseUuid(std::string_view s, std::array<uint8_t, 16>& out) {
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

std::string FormatUuid(const uint8_t* b) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[b[i] >> 4];
    s += hex[b[i] & 15];
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Small JSON builders and code systems
// ---------------------------------------------------------------------------------------------------------
constexpr const char* kUrn = "urn:uuid:";
constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
constexpr const char* kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr const char* kParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
constexpr const char* kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
constexpr const char* kGoalAchievement = "http://terminology.hl7.org/CodeSystem/goal-achievement";
constexpr const char* kListEmptyReason = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
constexpr const char* kProvenanceType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
constexpr const char* kGoalRelationshipExt = "http://hl7.org/fhir/StructureDefinition/goal-relationship";
constexpr const char* kGoalRelationshipType = "http://hl7.org/fhir/goal-relationship-type";
constexpr const char* kMappingQuestionnaire = "urn:x-sipfield:fhir:Questionnaire:sip-kartlaggning";
constexpr const char* kXhtmlOpen = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

// Safe accessors for JSON of unknown shape (never throw).
std::string Str(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
Json At(const Json& j, const char* key) { return j.is_object() && j.contains(key) ? j[key] : Json(); }

std::string Cs(const char* name) { return std::string(kSipCodeSystemBase) + name; }

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

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!s.empty()) s += sep;
    s += p;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Local date-times ("YYYY-MM-DDTHH:MM", Swedish local time as typed) → FHIR dateTime with the
// Europe/Stockholm offset (CET +01:00, CEST +02:00 from the last Sunday of March 02:00 to the last Sunday
// of October 03:00, EU rule since 1996).
// ---------------------------------------------------------------------------------------------------------
int64_t LastSunday(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[month - 1];
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) last = 29;
  const int64_t d = DaysFromCivil({year, month, last});
  const int64_t weekday = ((d % 7) + 7 + 4) % 7;   // 0 = Sunday (1970-01-01 was a Thursday)
  return d - weekday;
}

// Minutes since 1970-01-01 local → offset minutes.
int StockholmOffset(int64_t local_minutes) {
  const int year = CivilFromDays(local_minutes >= 0 ? local_minutes / 1440 : (local_minutes - 1439) / 1440).year;
  const int64_t start = LastSunday(year, 3) * 1440 + 2 * 60;
  const int64_t end = LastSunday(year, 10) * 1440 + 3 * 60;
  return (local_minutes >= start && local_minutes < end) ? 120 : 60;
}

std::string FormatLocalMinutes(int64_t local_minutes) {
  const int64_t days = local_minutes >= 0 ? local_minutes / 1440 : (local_minutes - 1439) / 1440;
  const int mins = static_cast<int>(local_minutes - days * 1440);
  const int off = StockholmOffset(local_minutes);
  char buf[40];
  const CivilDate d = CivilFromDays(days);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00+%02d:%02d", d.year, d.month, d.day, mins / 60, mins % 60,
                off / 60, off % 60);
  return buf;
}

std::optional<int64_t> LocalMinutes(const std::string& local) {
  auto dt = ParseDateTime(local);
  if (!dt) return std::nullopt;
  return DaysFromCivil(dt->first) * 1440 + dt->second;
}

// "YYYY-MM-DDTHH:MM:SS[.fff]" + "Z" | "±HH:MM"
bool IsInstant(const std::string& s) {
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
// Public helpers
// ---------------------------------------------------------------------------------------------------------
std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
  std::array<uint8_t, 16> ns{};
  if (!ParseUuid(namespace_uuid, ns)) return {};
  std::vector<uint8_t> msg(ns.begin(), ns.end());
  msg.insert(msg.end(), name.begin(), name.end());
  auto h = Sha1(msg);
  h[6] = static_cast<uint8_t>((h[6] & 0x0F) | 0x50);
  h[8] = static_cast<uint8_t>((h[8] & 0x3F) | 0x80);
  return FormatUuid(h.data());
}

std::string HtmlEscape(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      case '\'': s += "&#39;"; break;
      default: s += ch;
    }
  }
  return s;
}

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
    std::optional<int64_t> start = LocalMinutes(c.invitation.meeting_at);
    if (start && !c.meeting.held_on.empty() && c.meeting.held_on != c.invitation.meeting_at.substr(0, 10)) {
      const auto held = ParseDate(c.meeting.held_on);
      if (held) start = DaysFromCivil(*held) * 1440 + (*start % 1440 + 1440) % 1440;
    }
    int minutes = 0;
    for (const auto& ph : c.meeting.agenda) minutes += std::max(0, ph.planned_minutes);
    if (minutes == 0) minutes = 60;
    if (start) {
      ap["status"] = c.meeting.held_on.empty() ? "booked" : "fulfilled";
      ap["start"] = FormatLocalMinutes(*start);
      ap["end"] = FormatLocalMinutes(*start + minutes);
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

// ---------------------------------------------------------------------------------------------------------
// ValidateDocument
// ---------------------------------------------------------------------------------------------------------
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

bool NonEmptyString(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() && !j[key].get_ref<const std::string&>().empty();
}
bool NonEmptyArray(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_array() && !j[key].empty();
}
bool IsObject(const Json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_object(); }

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

// ---------------------------------------------------------------------------------------------------------
// Commitments and RenderHtml: reading a document back
// ---------------------------------------------------------------------------------------------------------
namespace {

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

std::string NameText(const Json& r) {
  if (NonEmptyString(r, "name")) return r["name"].get<std::string>();   // Organization
  if (NonEmptyArray(r, "name")) return Str(r["name"][0], "text");
  if (NonEmptyArray(r, "deviceName")) return Str(r["deviceName"][0], "name");
  return {};
}
std::string ConceptText(const Json& cc) {
  if (!cc.is_object()) return {};
  if (NonEmptyString(cc, "text")) return cc["text"].get<std::string>();
  if (NonEmptyArray(cc, "coding")) return Str(cc["coding"][0], "display");
  return {};
}
bool HasCoding(const Json& cc, const std::string& system, const std::string& code) {
  if (!NonEmptyArray(cc, "coding")) return false;
  for (const auto& c : cc["coding"])
    if (Str(c, "system") == system && Str(c, "code") == code) return true;
  return false;
}
std::string RefDisplay(const Index& ix, const Json& ref) {
  if (const Json* r = ix.Get(ref)) {
    std::string n = NameText(*r);
    if (!n.empty()) return NonEmptyString(ref, "display") ? ref["display"].get<std::string>() : n;
  }
  return Str(ref, "display");
}
std::string GoalText(const Index& ix, const Json& ref) {
  const Json* g = ix.Get(ref);
  return g ? ConceptText(At(*g, "description")) : std::string();
}

const char* ActivityStatusLabel(const std::string& s) {
  if (s == "not-started") return "Planerad";
  if (s == "in-progress") return "Pågår";
  if (s == "completed") return "Utförd";
  if (s == "stopped") return "Inte utförd";
  if (s == "cancelled") return "Avbruten";
  if (s == "scheduled") return "Schemalagd";
  if (s == "on-hold") return "Pausad";
  return "Okänd";
}
const char* GoalStatusLabel(const Json& g) {
  const std::string life = Str(g, "lifecycleStatus");
  const Json ach = At(g, "achievementStatus");
  if (life == "cancelled") return "Avbrutet";
  if (HasCoding(ach, kGoalAchievement, "achieved") || life == "completed") return "Uppnått";
  if (HasCoding(ach, kGoalAchievement, "improving")) return "Delvis uppnått";
  if (HasCoding(ach, kGoalAchievement, "not-achieved")) return "Inte uppnått";
  return "Aktivt";
}
const char* ConsentStatusLabel(const std::string& s) {
  if (s == "active") return "Gäller";
  if (s == "inactive") return "Gäller inte (återkallat eller upphört)";
  if (s == "rejected") return "Nekat";
  return "Okänt";
}
const char* AppointmentStatusLabel(const std::string& s) {
  if (s == "accepted") return "Deltar/deltog";
  if (s == "declined") return "Återbud";
  if (s == "needs-action") return "Inget svar";
  return "Okänt";
}

}  // namespace

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

std::string RenderHtml(const Json& document) {
  const Index ix(document);
  std::string h;
  auto esc = [](const std::string& s) { return HtmlEscape(s); };
  auto row = [&](const std::string& label, const std::string& value) {
    if (value.empty()) return;
    h += "<tr><th scope=\"row\">" + esc(label) + "</th><td>" + esc(value) + "</td></tr>\n";
  };
  auto table_head = [&](const std::string& caption, const std::vector<std::string>& cols) {
    h += "<table>\n<caption>" + esc(caption) + "</caption>\n<thead><tr>";
    for (const auto& c : cols) h += "<th scope=\"col\">" + esc(c) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
  };
  auto table_row = [&](const std::vector<std::string>& cells) {
    h += "<tr>";
    for (size_t i = 0; i < cells.size(); ++i)
      h += i == 0 ? "<th scope=\"row\">" + esc(cells[i]) + "</th>" : "<td>" + esc(cells[i]) + "</td>";
    h += "</tr>\n";
  };
  const Json* comp = ix.First("Composition");
  const Json* patient = ix.First("Patient");
  const Json* careplan = ix.First("CarePlan");
  const std::string title = comp ? Str(*comp, "title") : std::string("Samordnad individuell plan");

  h += "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + esc(title.empty() ? "Samordnad individuell plan" : title) + "</title>\n";
  h += "<style>body{font-family:sans-serif;line-height:1.4;margin:1.5rem auto;max-width:60rem;color:#111;background:#fff;"
       "padding:0 1rem}table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}caption{text-align:left;font-weight:bold;"
       "padding:.25rem 0}th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}"
       "thead th{background:#e8e8e8}footer{font-size:.9rem;color:#333;border-top:1px solid #555;margin-top:2rem}"
       "@media print{body{margin:0}}</style>\n</head>\n<body>\n";
  h += "<header>\n<h1>" + esc(title.empty() ? "Samordnad individuell plan" : title) + "</h1>\n";
  if (careplan) h += "<p>" + esc(Str(*careplan, "title")) + "</p>\n";
  h += "</header>\n<main>\n";

  // The person.
  h += "<section aria-labelledby=\"h-person\">\n<h2 id=\"h-person\">Den enskilde</h2>\n";
  if (patient) {
    h += "<table>\n<caption>Uppgifter om den enskilde</caption>\n<tbody>\n";
    row("Namn", NameText(*patient));
    if (NonEmptyArray(*patient, "identifier")) {
      const Json& id = (*patient)["identifier"][0];
      std::string v = Str(id, "value");
      if (v.size() == 12) v = v.substr(0, 8) + "-" + v.substr(8);
      row(Str(id, "system") == kSamordningsnummerSystem ? "Samordningsnummer" : "Personnummer", v);
    } else {
      row("Identitet", "Reservidentitet (namn och födelsedatum)");
    }
    row("Födelsedatum", Str(*patient, "birthDate"));
    if (NonEmptyArray(*patient, "address")) row("Adress", Str((*patient)["address"][0], "text"));
    if (NonEmptyArray(*patient, "telecom")) row("Telefon", Str((*patient)["telecom"][0], "value"));
    h += "</tbody>\n</table>\n";
  }
  const auto reps = ix.All("RelatedPerson");
  std::vector<const Json*> representatives;
  for (const Json* r : reps)
    if (NonEmptyArray(*r, "relationship")) representatives.push_back(r);
  if (!representatives.empty()) {
    table_head("Företrädare", {"Namn", "Roll", "Telefon"});
    for (const Json* r : representatives)
      table_row({NameText(*r), ConceptText((*r)["relationship"][0]),
                 NonEmptyArray(*r, "telecom") ? Str((*r)["telecom"][0], "value") : std::string()});
    h += "</tbody>\n</table>\n";
  }
  h += "</section>\n";

  // Goals.
  const auto goals = ix.All("Goal");
  h += "<section aria-labelledby=\"h-goals\">\n<h2 id=\"h-goals\">Vad är viktigt för mig – mål</h2>\n";
  if (careplan && NonEmptyString(*careplan, "description")) h += "<p>" + esc(Str(*careplan, "description")) + "</p>\n";
  if (!goals.empty()) {
    // Sub-goal → main goal text, from the main goals' goal-relationship extensions.
    std::map<const Json*, std::string> parent;
    for (const Json* g : goals)
      if (NonEmptyArray(*g, "extension"))
        for (const auto& ext : (*g)["extension"])
          if (Str(ext, "url") == kGoalRelationshipExt && NonEmptyArray(ext, "extension"))
            for (const auto& sub : ext["extension"])
              if (Str(sub, "url") == "target")
                if (const Json* target = ix.Get(At(sub, "valueReference")))
                  parent[target] = ConceptText(At(*g, "description"));
    table_head("Mål", {"Mål", "Typ", "Status", "Följs upp"});
    for (const Json* g : goals) {
      const bool main = HasCoding(NonEmptyArray(*g, "category") ? (*g)["category"][0] : Json(), Cs("goal-type"), "huvudmal");
      std::string kind = main ? "Huvudmål" : "Delmål";
      if (parent.count(g)) kind += " till: " + parent[g];
      if (main && IsObject(*g, "expressedBy")) kind += " (den enskildes egna ord)";
      table_row({ConceptText(At(*g, "description")), kind, GoalStatusLabel(*g),
                 NonEmptyArray(*g, "target") ? Str((*g)["target"][0], "dueDate") : std::string()});
    }
    h += "</tbody>\n</table>\n";
  }
  h += "</section>\n";

  // Interventions.
  h += "<section aria-labelledby=\"h-interventions\">\n<h2 id=\"h-interventions\">Insatser</h2>\n";
  if (careplan && NonEmptyArray(*careplan, "activity")) {
    table_head("Insatser: vad, vem, när, hur ofta och var",
               {"Vad", "Vem ansvarar", "Start", "Hur ofta", "Var", "Mål", "Status", "Hemtjänstens åtagande"});
    for (const auto& a : (*careplan)["activity"]) {
      if (!IsObject(a, "detail")) continue;
      const Json& d = a["detail"];
      std::string start, freq;
      if (IsObject(d, "scheduledTiming")) {
        const Json& tm = d["scheduledTiming"];
        if (IsObject(tm, "repeat") && IsObject(tm["repeat"], "boundsPeriod")) start = Str(tm["repeat"]["boundsPeriod"], "start");
        if (IsObject(tm, "code")) freq = ConceptText(tm["code"]);
      }
      const bool commitment = HasCoding(At(d, "code"), Cs("activity-type"), "hemtjanst-atagande");
      const bool other = HasCoding(At(d, "code"), Cs("activity-type"), "annan-aktor");
      table_row({Str(d, "description"), NonEmptyArray(d, "performer") ? RefDisplay(ix, d["performer"][0]) + (other ? " (annan aktör)" : "") : "",
                 start, freq, IsObject(d, "location") ? Str(d["location"], "display") : "",
                 NonEmptyArray(d, "goal") ? GoalText(ix, d["goal"][0]) : "", ActivityStatusLabel(Str(d, "status")),
                 commitment ? "Ja" : "Nej"});
    }
    h += "</tbody>\n</table>\n";
  } else {
    h += "<p>Inga insatser.</p>\n";
  }
  if (careplan && NonEmptyArray(*careplan, "note")) {
    h += "<ul>\n";
    for (const auto& n : (*careplan)["note"]) h += "<li>" + esc(Str(n, "text")) + "</li>\n";
    h += "</ul>\n";
  }
  h += "</section>\n";

  // Coordination: team, consent, meeting.
  h += "<section aria-labelledby=\"h-coordination\">\n<h2 id=\"h-coordination\">Samordning</h2>\n";
  if (const Json* team = ix.First("CareTeam"); team && NonEmptyArray(*team, "participant")) {
    table_head("Deltagare i samordningen", {"Namn", "Organisation", "Roll"});
    for (const auto& pa : (*team)["participant"]) {
      std::vector<std::string> roles;
      if (NonEmptyArray(pa, "role"))
        for (const auto& r : pa["role"]) roles.push_back(ConceptText(r));
      std::string org = IsObject(pa, "onBehalfOf") ? RefDisplay(ix, pa["onBehalfOf"]) : std::string();
      table_row({RefDisplay(ix, At(pa, "member")), org, Join(roles, ", ")});
    }
    h += "</tbody>\n</table>\n";
  }
  const auto consents = ix.All("Consent");
  if (!consents.empty()) {
    table_head("Samtycke", {"Lämnat av", "Form", "Giltigt från", "Giltigt till", "Status", "Omfattar"});
    for (const Json* k : consents) {
      std::string from, to;
      std::vector<std::string> covers;
      if (IsObject(*k, "provision")) {
        const Json& pv = (*k)["provision"];
        if (IsObject(pv, "period")) {
          from = Str(pv["period"], "start");
          to = Str(pv["period"], "end");
        }
        if (NonEmptyArray(pv, "actor"))
          for (const auto& a : pv["actor"]) covers.push_back(RefDisplay(ix, At(a, "reference")));
      }
      const std::string form = k->contains("sourceAttachment") ? "Skriftligt" : k->contains("verification") ? "Muntligt" : "";
      table_row({NonEmptyArray(*k, "performer") ? RefDisplay(ix, (*k)["performer"][0]) : "", form, from, to,
                 ConsentStatusLabel(Str(*k, "status")), Join(covers, ", ")});
    }
    h += "</tbody>\n</table>\n";
  }
  for (const Json* ap : ix.All("Appointment")) {
    const bool followup = Str(*ap, "status") == "proposed" && Str(*ap, "description") == "Uppföljning av SIP";
    const std::string cap = followup ? "Uppföljning" : "SIP-möte";
    if (followup) h += "</section>\n<section aria-labelledby=\"h-followup\">\n<h2 id=\"h-followup\">Uppföljning</h2>\n";
    h += "<table>\n<caption>" + esc(cap) + "</caption>\n<tbody>\n";
    std::string when = Str(*ap, "start");
    if (when.size() >= 16) when = when.substr(0, 10) + " kl. " + when.substr(11, 5);
    if (when.empty() && NonEmptyArray(*ap, "requestedPeriod")) when = Str((*ap)["requestedPeriod"][0], "start");
    row(followup ? "Datum" : "Tid", when);
    row("Information", Str(*ap, "comment"));
    h += "</tbody>\n</table>\n";
    if (NonEmptyArray(*ap, "participant")) {
      table_head(cap + ": deltagare", {"Deltagare", "Svar"});
      for (const auto& pa : (*ap)["participant"])
        table_row({RefDisplay(ix, At(pa, "actor")), AppointmentStatusLabel(Str(pa, "status"))});
      h += "</tbody>\n</table>\n";
    }
  }
  h += "</section>\n";

  // Mapping.
  if (const Json* qr = ix.First("QuestionnaireResponse"); qr && NonEmptyArray(*qr, "item")) {
    h += "<section aria-labelledby=\"h-mapping\">\n<h2 id=\"h-mapping\">Kartläggning av livsområden</h2>\n";
    table_head("Kartläggning", {"Livsområde", "Den enskildes beskrivning", "Insatser som redan finns"});
    for (const auto& it : (*qr)["item"]) {
      std::string view;
      std::vector<std::string> known;
      if (NonEmptyArray(it, "item"))
        for (const auto& sub : it["item"]) {
          if (!NonEmptyArray(sub, "answer")) continue;
          for (const auto& a : sub["answer"]) {
            if (Str(sub, "linkId").size() > 12 && Str(sub, "linkId").rfind(".person_view") == Str(sub, "linkId").size() - 12)
              view = Str(a, "valueString");
            else
              known.push_back(Str(a, "valueString"));
          }
        }
      table_row({Str(it, "text"), view, Join(known, "; ")});
    }
    h += "</tbody>\n</table>\n</section>\n";
  }
  h += "</main>\n<footer>\n";
  std::string made = "Dokument skapat " + Str(document, "timestamp");
  std::vector<std::string> by;
  if (comp && NonEmptyArray(*comp, "author"))
    for (const auto& a : (*comp)["author"]) by.push_back(RefDisplay(ix, a));
  if (!by.empty()) made += " av " + Join(by, ", ");
  if (comp && IsObject(*comp, "custodian")) made += " (" + RefDisplay(ix, (*comp)["custodian"]) + ")";
  h += "<p>" + esc(made) + ".</p>\n";
  if (IsObject(document, "identifier")) h += "<p>Dokument-id: " + esc(Str(document["identifier"], "value")) + "</p>\n";
  h += "</footer>\n</body>\n</html>\n";
  return h;
}

}  // namespace sip
