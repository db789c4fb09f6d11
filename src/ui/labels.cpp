#include "ui/labels.h"

namespace sip::ui::labels {

const Options<CollaborationForm>& Forms() {
  static const Options<CollaborationForm> o{{CollaborationForm::Sip, "SIP (kommun och region)"},
                                            {CollaborationForm::WithIndividual, "Samverkan med den enskilde (kommunal)"},
                                            {CollaborationForm::WithoutIndividual, "Samverkan utan den enskilde"}};
  return o;
}
const Options<NoticedBy>& NoticedBys() {
  static const Options<NoticedBy> o{{NoticedBy::HomeCare, "Hemtjänsten"},
                                    {NoticedBy::SocialServices, "Socialtjänsten"},
                                    {NoticedBy::MunicipalHealthCare, "Kommunal hälso- och sjukvård"},
                                    {NoticedBy::RegionalHealthCare, "Regionens hälso- och sjukvård"},
                                    {NoticedBy::School, "Skola"},
                                    {NoticedBy::Individual, "Den enskilde"},
                                    {NoticedBy::Relative, "Närstående"},
                                    {NoticedBy::Other, "Annan"}};
  return o;
}
const Options<SipKind>& Kinds() {
  static const Options<SipKind> o{{SipKind::New, "Ny SIP"}, {SipKind::FollowUp, "Uppföljning av tidigare SIP"}};
  return o;
}
const Options<CoordinationLevel>& Levels() {
  static const Options<CoordinationLevel> o{{CoordinationLevel::Sip, "SIP – visst behov"},
                                            {CoordinationLevel::SipPlus, "SIP+ – medelstort till stort behov"},
                                            {CoordinationLevel::SipPlusPlus, "SIP++ – mycket stort behov"}};
  return o;
}
const Options<ConveningScenario>& Scenarios() {
  static const Options<ConveningScenario> o{
      {ConveningScenario::HomeCareDetects, "Hemtjänsten upptäcker behovet"},
      {ConveningScenario::SocialServicesConvenes, "Socialtjänsten kallar"},
      {ConveningScenario::MunicipalHealthConvenes, "Kommunal hälso- och sjukvård kallar"},
      {ConveningScenario::RegionConvenes, "Regionen kallar (t.ex. vid utskrivning)"}};
  return o;
}
const Options<RepresentativeRole>& RepresentativeRoles() {
  static const Options<RepresentativeRole> o{{RepresentativeRole::Guardian, "Vårdnadshavare"},
                                             {RepresentativeRole::GodMan, "God man"},
                                             {RepresentativeRole::Forvaltare, "Förvaltare"},
                                             {RepresentativeRole::Framtidsfullmakt, "Framtidsfullmakt"},
                                             {RepresentativeRole::PowerOfAttorney, "Fullmakt"},
                                             {RepresentativeRole::Relative, "Närstående"}};
  return o;
}
const Options<ConsentForm>& ConsentForms() {
  static const Options<ConsentForm> o{{ConsentForm::Oral, "Muntligt (dokumenterat)"}, {ConsentForm::Written, "Skriftligt"}};
  return o;
}
const Options<Huvudman>& Huvudmen() {
  static const Options<Huvudman> o{{Huvudman::Municipality, "Kommun"},
                                   {Huvudman::Region, "Region"},
                                   {Huvudman::Individual, "Den enskilde"},
                                   {Huvudman::Relative, "Närstående"},
                                   {Huvudman::Other, "Annan"}};
  return o;
}
const Options<ParticipantStatus>& ParticipantStatuses() {
  static const Options<ParticipantStatus> o{{ParticipantStatus::Invited, "Inbjuden"},
                                            {ParticipantStatus::Confirmed, "Kommer"},
                                            {ParticipantStatus::Substitute, "Skickar ersättare"},
                                            {ParticipantStatus::Declined, "Kan inte komma"}};
  return o;
}
const Options<Attendance>& Attendances() {
  static const Options<Attendance> o{{Attendance::Present, "Närvarande"},
                                     {Attendance::AbsentWithNotice, "Frånvarande med återbud"},
                                     {Attendance::AbsentWithoutNotice, "Frånvarande utan återbud"}};
  return o;
}
const Options<ParticipationMode>& ParticipationModes() {
  static const Options<ParticipationMode> o{{ParticipationMode::InPerson, "På plats"},
                                            {ParticipationMode::Phone, "Per telefon"},
                                            {ParticipationMode::Video, "Via video"},
                                            {ParticipationMode::PartOfMeeting, "Under en del av mötet"},
                                            {ParticipationMode::ThroughRepresentative, "Genom företrädare"},
                                            {ParticipationMode::InWriting, "Skriftligt"},
                                            {ParticipationMode::NotAtAll, "Deltog inte (ange varför)"}};
  return o;
}
const Options<GoalStatus>& GoalStatuses() {
  static const Options<GoalStatus> o{{GoalStatus::Active, "Pågår"},
                                     {GoalStatus::Achieved, "Uppnått"},
                                     {GoalStatus::PartlyAchieved, "Delvis uppnått"},
                                     {GoalStatus::NotAchieved, "Inte uppnått"},
                                     {GoalStatus::Cancelled, "Avslutat"}};
  return o;
}
const Options<InterventionStatus>& InterventionStatuses() {
  static const Options<InterventionStatus> o{{InterventionStatus::Planned, "Planerad"},
                                             {InterventionStatus::Ongoing, "Pågår"},
                                             {InterventionStatus::Done, "Genomförd"},
                                             {InterventionStatus::NotPerformed, "Inte utförd"},
                                             {InterventionStatus::Cancelled, "Avbruten"}};
  return o;
}
const Options<OtherPlanKind>& OtherPlanKinds() {
  static const Options<OtherPlanKind> o{{OtherPlanKind::ImplementationPlan, "Genomförandeplan (SoL/LSS)"},
                                        {OtherPlanKind::CarePlan, "Vårdplan (HSL)"},
                                        {OtherPlanKind::HabilitationPlan, "Habiliterings-/rehabiliteringsplan"},
                                        {OtherPlanKind::LssIndividualPlan, "Individuell plan (LSS)"},
                                        {OtherPlanKind::SchoolActionPlan, "Åtgärdsprogram / IUP (skola)"},
                                        {OtherPlanKind::DischargePlanning, "Samordnad utskrivningsplanering"},
                                        {OtherPlanKind::Other, "Annan plan"}};
  return o;
}
const Options<DeviationKind>& DeviationKinds() {
  static const Options<DeviationKind> o{{DeviationKind::GuidelineNotFollowed, "Riktlinjer har inte följts"},
                                        {DeviationKind::InterventionNotPerformed, "Överenskommen insats har inte utförts"},
                                        {DeviationKind::PartiesDisagree, "Parterna är oeniga"},
                                        {DeviationKind::AbsentWithoutNotice, "Inbjuden uteblev utan återbud"}};
  return o;
}
const Options<ClosureReason>& ClosureReasons() {
  static const Options<ClosureReason> o{{ClosureReason::GoalsMet, "Målen är uppnådda"},
                                        {ClosureReason::NoLongerNeeded, "Samordning behövs inte längre"},
                                        {ClosureReason::ConsentWithdrawn, "Samtycket är återkallat"},
                                        {ClosureReason::PersonDied, "Den enskilde har avlidit"}};
  return o;
}
const Options<FollowUpDecision>& Decisions() {
  static const Options<FollowUpDecision> o{{FollowUpDecision::Continue, "Planen fortsätter som den är"},
                                           {FollowUpDecision::Revise, "Planen revideras"},
                                           {FollowUpDecision::Close, "Planen avslutas"}};
  return o;
}

const Options<StaffRole>& StaffRoles() {
  static const Options<StaffRole> o = [] {
    Options<StaffRole> v;
    for (StaffRole r : {StaffRole::Enhetschef, StaffRole::Omsorgshandledare, StaffRole::FastOmsorgskontakt,
                        StaffRole::Socialsekreterare, StaffRole::Sjukskoterska, StaffRole::Arbetsterapeut,
                        StaffRole::Fysioterapeut, StaffRole::Lakare, StaffRole::FastVardkontakt, StaffRole::Other})
      v.push_back({r, StaffRoleLabel(r)});
    return v;
  }();
  return o;
}

const char* ConvenerRule(CollaborationForm f) {
  switch (f) {
    case CollaborationForm::Sip:
      return "Den som ser behovet kallar; vid utskrivning från slutenvården kallar sjukhusets fasta vårdkontakt. "
             "Upptäcker hemtjänsten behovet kallar socialsekreteraren eller legitimerad personal på hemtjänstens vägnar.";
    case CollaborationForm::WithIndividual: return "Den som ser behovet kallar till samverkan med den enskilde.";
    case CollaborationForm::WithoutIndividual: return "Utförarens enhetschef kallar, med ett överenskommet intervall.";
    case CollaborationForm::Unknown: break;
  }
  return "Välj samverkansform – den avgör vem som kallar.";
}

}  // namespace sip::ui::labels
