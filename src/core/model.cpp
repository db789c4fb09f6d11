#include "core/model.h"

#include <cctype>

namespace sip {

std::vector<AgendaPhase> DefaultAgenda() {
  return {{"Laget runt bordet", 20}, {"Problematisering", 20}, {"Planering", 20}};
}

const char* StepLabel(Step s) {
  switch (s) {
    case Step::NeedDetected: return "Behov upptäckt";
    case Step::Preparation: return "Förberedelse";
    case Step::Invitation: return "Kallelse skickad";
    case Step::Meeting: return "SIP-möte hållet";
    case Step::FollowUp: return "Plan fastställd – uppföljning";
    case Step::Closed: return "Avslutad";
  }
  return "";
}

const char* LifeAreaLabel(LifeArea a) {
  switch (a) {
    case LifeArea::PerceivedHealth: return "Upplevd hälsa";
    case LifeArea::PersonalCare: return "Personlig vård";
    case LifeArea::Communication: return "Kommunikation";
    case LifeArea::Mobility: return "Förflyttning";
    case LifeArea::Housing: return "Boende och vardagen i hemmet";
    case LifeArea::Relations: return "Relationer med familj och nätverk";
    case LifeArea::PlanningEveryday: return "Planera vardagen och hantera krav";
    case LifeArea::Learning: return "Inläring och använda kunskap";
    case LifeArea::Play: return "Lek";
    case LifeArea::Education: return "Utbildning/studier";
    case LifeArea::Work: return "Arbete, sysselsättning";
    case LifeArea::Finances: return "Ekonomi";
    case LifeArea::Leisure: return "Rekreation och fritid";
    case LifeArea::Other: return "Övrigt";
  }
  return "";
}

const char* ChecklistLabel(ChecklistItem i) {
  switch (i) {
    case ChecklistItem::ConsultManager: return "Samråd med enhetschef, omsorgshandledare eller fast omsorgskontakt";
    case ChecklistItem::CompileNeed: return "Sammanställ behovet i mallen för inbjudan och dokumentera samtycke";
    case ChecklistItem::ContactSocialWorker: return "Kontakta socialsekreterare eller legitimerad personal och skicka underlaget";
    case ChecklistItem::ConvenerRegistered: return "Sammankallande registrerad i regionens system";
    case ChecklistItem::MeetingHeld: return "SIP-mötet hållet enligt rutinen";
    case ChecklistItem::PlanSentToConvener: return "Planen skickad till den sammankallande";
    case ChecklistItem::CommitmentsFiled: return "Hemtjänstens åtaganden förvarade i personakten";
  }
  return "";
}

const char* ChecklistResponsible(ChecklistItem i) {
  switch (i) {
    case ChecklistItem::ConsultManager: return "Medarbetare i hemtjänsten";
    case ChecklistItem::CompileNeed: return "Omsorgshandledare eller fast omsorgskontakt";
    case ChecklistItem::ContactSocialWorker: return "Enhetschef, omsorgshandledare eller fast omsorgskontakt";
    case ChecklistItem::ConvenerRegistered: return "Socialsekreterare eller legitimerad personal";
    case ChecklistItem::MeetingHeld: return "Hemtjänsten";
    case ChecklistItem::PlanSentToConvener: return "Enhetschef, omsorgshandledare eller fast omsorgskontakt";
    case ChecklistItem::CommitmentsFiled: return "Enhetschef, omsorgshandledare eller fast omsorgskontakt";
  }
  return "";
}

const char* StaffRoleLabel(StaffRole r) {
  switch (r) {
    case StaffRole::Enhetschef: return "Enhetschef";
    case StaffRole::Omsorgshandledare: return "Omsorgshandledare";
    case StaffRole::FastOmsorgskontakt: return "Fast omsorgskontakt";
    case StaffRole::Socialsekreterare: return "Socialsekreterare (myndighet)";
    case StaffRole::Sjukskoterska: return "Sjuksköterska";
    case StaffRole::Arbetsterapeut: return "Arbetsterapeut";
    case StaffRole::Fysioterapeut: return "Fysioterapeut";
    case StaffRole::Lakare: return "Läkare";
    case StaffRole::FastVardkontakt: return "Fast vårdkontakt (region)";
    case StaffRole::Other: return "Annan roll";
    case StaffRole::Unknown: break;
  }
  return "";
}

bool IsLicensedStaff(StaffRole r) {
  return r == StaffRole::Sjukskoterska || r == StaffRole::Arbetsterapeut || r == StaffRole::Fysioterapeut ||
         r == StaffRole::Lakare;
}

namespace {
std::string Fold(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}
}  // namespace

std::optional<StaffRole> StaffRoleFromText(std::string_view text) {
  const std::string t = Fold(text);
  if (t.empty()) return std::nullopt;
  for (int i = 1; i <= static_cast<int>(StaffRole::Other); ++i) {
    const auto r = static_cast<StaffRole>(i);
    if (t == nlohmann::json(r).get<std::string>() || t == Fold(StaffRoleLabel(r))) return r;
  }
  // The labels without their qualifier, as people typed them before roles were a list.
  if (t == "fast vårdkontakt") return StaffRole::FastVardkontakt;
  if (t == "myndighet") return StaffRole::Socialsekreterare;
  return std::nullopt;
}

std::string StaffRoleDisplay(StaffRole r, const std::string& role_text) {
  if (r == StaffRole::Other) return role_text;
  return StaffRoleLabel(r);
}

const char* ParticipationModeLabel(ParticipationMode m) {
  switch (m) {
    case ParticipationMode::InPerson: return "på plats";
    case ParticipationMode::Phone: return "per telefon";
    case ParticipationMode::Video: return "via video";
    case ParticipationMode::PartOfMeeting: return "under en del av mötet";
    case ParticipationMode::ThroughRepresentative: return "genom företrädare";
    case ParticipationMode::InWriting: return "skriftligt";
    case ParticipationMode::NotAtAll: return "inte alls";
    case ParticipationMode::Unknown: break;
  }
  return "";
}

// A stored role: a known spelling or label, or (older data) free text that loads as Other with the text.
static void ReadRole(const nlohmann::json& j, StaffRole* role, std::string* role_text) {
  auto it = j.find("role");
  if (it == j.end() || !it->is_string()) return;
  const std::string text = it->get<std::string>();
  if (auto r = StaffRoleFromText(text)) {
    *role = *r;
  } else if (!text.empty()) {
    *role = StaffRole::Other;
    if (role_text->empty()) *role_text = text;
  }
}

void to_json(nlohmann::json& j, const Participant& p) {
  j = nlohmann::json{{"id", p.id},           {"name", p.name},       {"organisation", p.organisation},
                     {"huvudman", p.huvudman}, {"role", p.role},       {"role_text", p.role_text},
                     {"contact", p.contact}, {"status", p.status},   {"substitute", p.substitute},
                     {"attendance", p.attendance}};
}

void from_json(const nlohmann::json& j, Participant& p) {
  Participant d;
  d.id = j.value("id", std::string());
  d.name = j.value("name", std::string());
  d.organisation = j.value("organisation", std::string());
  d.huvudman = j.value("huvudman", Huvudman::Unknown);
  d.role_text = j.value("role_text", std::string());
  d.contact = j.value("contact", std::string());
  d.status = j.value("status", ParticipantStatus::Invited);
  d.substitute = j.value("substitute", std::string());
  d.attendance = j.value("attendance", Attendance::Unknown);
  ReadRole(j, &d.role, &d.role_text);
  p = std::move(d);
}

void to_json(nlohmann::json& j, const Convener& v) {
  j = nlohmann::json{{"name", v.name},           {"organisation", v.organisation},
                     {"role", v.role},           {"role_text", v.role_text},
                     {"contact", v.contact},     {"chair_delegated_to", v.chair_delegated_to}};
}

void from_json(const nlohmann::json& j, Convener& v) {
  Convener d;
  d.name = j.value("name", std::string());
  d.organisation = j.value("organisation", std::string());
  d.role_text = j.value("role_text", std::string());
  d.contact = j.value("contact", std::string());
  d.chair_delegated_to = j.value("chair_delegated_to", std::string());
  ReadRole(j, &d.role, &d.role_text);
  v = std::move(d);
}

}  // namespace sip
