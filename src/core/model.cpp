#include "core/model.h"

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

}  // namespace sip
