// sipcore/model.h — the SIP case as home care lives it: plain data, no behaviour.
//
// A Case holds everything about one person's SIP process on this device: the plan owner and their
// representatives, the consent ledger, participants, preparation, the mapping of life areas, the invitation,
// the meeting, the plan (with every established version kept), follow-ups, deviations, the home-care hand-off
// checklist and the closure. Behaviour lives elsewhere: commands (core/case_commands.h) change a Case, rules
// (core/rules.h) guard transitions, deadlines (core/deadlines.h) compute warnings.
//
// Conventions:
//   - Dates are "YYYY-MM-DD" strings and times "YYYY-MM-DDTHH:MM" (local, as typed); "" means unset.
//   - Ids are short strings made by the caller's IdSource (core/case_commands.h), unique within a case.
//   - Every struct has a JSON form with the same field names (snake_case); enums serialise to snake_case.
//   - Zero/empty means "not given": a default-constructed struct is always valid to hold.
//
// Sections: enums · people · consent · participants · preparation and mapping · invitation and meeting ·
//           plan · follow-up · deviations · checklist · closure · the case
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sip {

// ---------------------------------------------------------------------------------------------------------
// Enums (seed 000, 002, 004). Each has an Unknown/None zero value that commands refuse where it matters.
// ---------------------------------------------------------------------------------------------------------

// Seed 000: which form of collaboration this is.
enum class CollaborationForm { Unknown, Sip, WithIndividual, WithoutIndividual };
// Seed 002's template: who noticed the need. Home care counts as social services in the template.
enum class NoticedBy { Unknown, School, SocialServices, HomeCare, RegionalHealthCare, MunicipalHealthCare,
                       Individual, Relative, Other };
enum class SipKind { Unknown, New, FollowUp };
// Seed 002 (SIP, SIP+, SIP++).
enum class CoordinationLevel { Unknown, Sip, SipPlus, SipPlusPlus };
// Seed 001: who convenes and how home care is involved.
enum class ConveningScenario { Unknown, HomeCareDetects, SocialServicesConvenes, MunicipalHealthConvenes,
                               RegionConvenes };
// The six steps of the process.
enum class Step { NeedDetected, Preparation, Invitation, Meeting, FollowUp, Closed };

enum class RepresentativeRole { Unknown, Guardian, GodMan, Forvaltare, Framtidsfullmakt, PowerOfAttorney,
                                Relative };
enum class ConsentForm { Unknown, Oral, Written };
enum class Huvudman { Unknown, Municipality, Region, Individual, Relative, Other };
enum class ParticipantStatus { Invited, Confirmed, Substitute, Declined };
enum class Attendance { Unknown, Present, AbsentWithNotice, AbsentWithoutNotice };
// Seed 002 "Delaktighet": how the person takes part; NotAtAll needs the reason (Meeting::participation_reason).
enum class ParticipationMode { Unknown, InPerson, Phone, Video, PartOfMeeting, ThroughRepresentative,
                               InWriting, NotAtAll };
// Seed 004 §4.6: the 14 life areas of the mapping.
enum class LifeArea { PerceivedHealth, PersonalCare, Communication, Mobility, Housing, Relations,
                      PlanningEveryday, Learning, Play, Education, Work, Finances, Leisure, Other };
inline constexpr int kLifeAreaCount = 14;
enum class InterventionStatus { Planned, Ongoing, Done, NotPerformed, Cancelled };
enum class GoalStatus { Active, Achieved, PartlyAchieved, NotAchieved, Cancelled };
enum class OtherPlanKind { Unknown, ImplementationPlan, CarePlan, HabilitationPlan, LssIndividualPlan,
                           SchoolActionPlan, DischargePlanning, Other };
enum class DeviationKind { Unknown, GuidelineNotFollowed, InterventionNotPerformed, PartiesDisagree,
                           AbsentWithoutNotice };
enum class ClosureReason { Unknown, GoalsMet, NoLongerNeeded, ConsentWithdrawn, PersonDied, ConsentRefused };
enum class FollowUpDecision { Unknown, Continue, Revise, Close };
// Who a convener (or a participant) is (seeds 000, 001, 004 §4.1.2): home care's own roles, the social
// worker, licensed staff (legitimerad personal), the region's named contact at discharge, or another role
// described in role_text. Older cases stored free text here; it loads as Other with that text (or as the
// role whose spelling or Swedish label it matches).
enum class StaffRole { Unknown, Enhetschef, Omsorgshandledare, FastOmsorgskontakt, Socialsekreterare, Sjukskoterska,
                       Arbetsterapeut, Fysioterapeut, Lakare, FastVardkontakt, Other };
// A guideline whose lateness proposes a guideline_not_followed deviation (SIP.md "Deadlines and duties").
enum class GuidelineRule { Unknown, MeetingWithin21Days, DischargeInvitationWithin3Days };
enum class ProposalStatus { Open, Confirmed, Dismissed };
// Seed 001: the home-care hand-off workflow, in order.
enum class ChecklistItem { ConsultManager, CompileNeed, ContactSocialWorker, ConvenerRegistered, MeetingHeld,
                           PlanSentToConvener, CommitmentsFiled };
inline constexpr int kChecklistCount = 7;

// ---------------------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------------------
struct PlanOwner {
  std::string name;
  std::string identity_number;   // normalised 12 digits; "" for a person without a Swedish number
  std::string birth_date;        // derived from identity_number, or given for a reserve number
  bool reserve_number = false;   // true: no personnummer/samordningsnummer, identified by name + birth date
  std::string address;
  std::string phone;
  bool operator==(const PlanOwner&) const = default;   // drafts compare sections (ui/case_draft)
};

struct Representative {
  std::string id;
  RepresentativeRole role = RepresentativeRole::Unknown;
  std::string name;
  std::string phone;
  std::string email;
  std::string address;
};

// ---------------------------------------------------------------------------------------------------------
// Consent ledger
// ---------------------------------------------------------------------------------------------------------
struct Consent {
  std::string id;
  std::string given_by;          // "person" or a representative id
  ConsentForm form = ConsentForm::Unknown;
  std::string documented_by;     // who documented an oral consent (or received the written one)
  std::string documented_on;     // date
  std::string valid_from;        // date
  std::string valid_to;          // date; "" = until withdrawn
  std::vector<std::string> covers;       // parties / functions / organisations the consent applies to
  std::vector<std::string> exclusions;   // "must not be discussed"
  std::string withdrawn_on;      // date; "" = not withdrawn
  std::string withdrawal_recorded_by;
};

struct Refusal {
  std::string refused_on;               // date
  std::string refused_by;               // "person" or a representative id
  std::vector<std::string> attempts;    // the attempts to motivate
  std::string documented_by;
};

// ---------------------------------------------------------------------------------------------------------
// Participants (the person, relatives, organisations)
// ---------------------------------------------------------------------------------------------------------
struct Participant {
  std::string id;
  std::string name;
  std::string organisation;
  Huvudman huvudman = Huvudman::Unknown;
  StaffRole role = StaffRole::Unknown;   // from the list; Unknown = not given (relatives, organisations)
  std::string contact;           // phone or e-mail
  ParticipantStatus status = ParticipantStatus::Invited;
  std::string substitute;        // who comes instead, when status == Substitute
  Attendance attendance = Attendance::Unknown;
  std::string role_text;         // what the role is when role == Other (e.g. "kurator", "psykolog")
  bool operator==(const Participant&) const = default;   // drafts compare sections (ui/case_draft)
};

struct Convener {
  std::string name;
  std::string organisation;
  StaffRole role = StaffRole::Unknown;
  std::string role_text;         // what the role is when role == Other (required then)
  std::string contact;
  std::string chair_delegated_to;   // "" = the convener chairs; else who chairs instead (seed 000: delegation)
  bool operator==(const Convener&) const = default;   // drafts compare sections (ui/case_draft)
};

// ---------------------------------------------------------------------------------------------------------
// Preparation and mapping
// ---------------------------------------------------------------------------------------------------------
struct Preparation {
  std::string what_matters;                 // "Vad är viktigt för dig?" — the long-term goal, in the person's words
  std::vector<std::string> questions;       // questions the meeting should answer
  std::vector<std::string> wished_attendees;
  ParticipationMode participation = ParticipationMode::Unknown;
  std::string meeting_place_wish;
  std::string meeting_leader;
  std::vector<std::string> not_to_discuss;
  bool operator==(const Preparation&) const = default;   // drafts compare sections (ui/case_draft)
};

struct KnownIntervention {
  std::string party;
  std::string description;
  bool operator==(const KnownIntervention&) const = default;   // drafts compare sections (ui/case_draft)
};

struct MappingEntry {
  LifeArea area = LifeArea::PerceivedHealth;
  std::string person_view;
  std::vector<KnownIntervention> interventions;
  bool operator==(const MappingEntry&) const = default;   // drafts compare sections (ui/case_draft)
};

// ---------------------------------------------------------------------------------------------------------
// Invitation and meeting
// ---------------------------------------------------------------------------------------------------------
struct Invitation {
  std::string purpose;                      // the long-term goal the meeting serves
  std::vector<std::string> questions;
  std::string meeting_at;                   // "YYYY-MM-DDTHH:MM"
  std::string place;
  std::vector<std::string> invitees;        // participant ids
  bool consent_obtained = false;            // set when sent, from the consent ledger
  std::string sent_on;                      // date; "" = not sent
  bool operator==(const Invitation&) const = default;   // drafts compare sections (ui/case_draft)
};

struct AgendaPhase {
  std::string name;
  int planned_minutes = 0;
  int used_minutes = 0;                     // as the meeting view's timer measured it; 0 = not measured
};

struct Meeting {
  std::string held_on;                      // date; "" = not held
  std::string leader;
  std::string documenter;
  std::vector<AgendaPhase> agenda;          // default 20/20/20 (see DefaultAgenda())
  std::string notes;
  ParticipationMode participation = ParticipationMode::Unknown;   // how the person took part (seed 002)
  std::string participation_reason;         // why not at all (required for not_at_all)
};

// ---------------------------------------------------------------------------------------------------------
// The plan (seed 004 §4.8's 11 contents)
// ---------------------------------------------------------------------------------------------------------
struct Goal {
  std::string id;
  std::string text;
  std::string parent_id;                    // "" for a main goal; the main goal's id for a sub-goal
  bool persons_own_words = false;           // the main goal must be in the person's own words
  GoalStatus status = GoalStatus::Active;
  bool operator==(const Goal&) const = default;   // drafts compare sections (ui/case_draft)
};

struct Intervention {
  std::string id;
  std::string what;
  std::string responsible;                  // participant id of the responsible party
  std::string start_date;
  std::string frequency;                    // e.g. "dagligen 08–09", "varannan vecka"
  std::string place;
  std::string goal_id;                      // the (sub-)goal it serves; "" when general
  InterventionStatus status = InterventionStatus::Planned;
  bool home_care_commitment = false;        // home care's own commitment, filed in its care record
  bool operator==(const Intervention&) const = default;   // drafts compare sections (ui/case_draft)
};

struct OtherActorAction {
  std::string actor;                        // Försäkringskassan, Arbetsförmedlingen, Kriminalvården, …
  std::string action;
};

struct OtherPlan {
  OtherPlanKind kind = OtherPlanKind::Unknown;
  std::string note;
};

struct Plan {
  std::vector<Goal> goals;
  std::vector<Intervention> interventions;
  std::vector<OtherActorAction> other_actors;
  std::vector<OtherPlan> other_plans;
  std::string coordinator;                  // participant id of the samordningsansvarig
  std::string child_perspective;            // how the child perspective is met (required for a child)
  std::string follow_up_on;                 // date of the follow-up meeting
  std::string follow_up_owner;              // participant id responsible for it
  std::string what_to_follow_up;
  std::string handed_to_person_on;          // date the person had the plan in hand
};

// One established version, kept forever (revisions add versions, never replace them).
struct PlanVersion {
  int version = 0;
  std::string established_on;               // date
  std::string revises_after;                // id of the follow-up that decided this revision; "" for version 1
  Plan plan;
  ParticipationMode participation = ParticipationMode::Unknown;   // how the person took part in the meeting
  std::string participation_reason;
};

// ---------------------------------------------------------------------------------------------------------
// Follow-up
// ---------------------------------------------------------------------------------------------------------
struct GoalEvaluation {
  std::string goal_id;
  GoalStatus result = GoalStatus::Active;
  std::string comment;
};

struct InterventionEvaluation {
  std::string intervention_id;
  bool delivered = false;
  std::string effect;
};

struct FollowUp {
  std::string id;
  std::string held_on;
  std::vector<GoalEvaluation> goals;
  std::vector<InterventionEvaluation> interventions;
  std::string new_circumstances;
  FollowUpDecision decision = FollowUpDecision::Unknown;
  std::string planned_for;                  // the plan's follow_up_on when it was held (an early one counts)
  std::string next_follow_up_on;            // the next follow-up set at this meeting ("" when closing)
  std::string next_follow_up_owner;         // participant id responsible for it
};

// ---------------------------------------------------------------------------------------------------------
// Deviations, checklist, closure
// ---------------------------------------------------------------------------------------------------------
struct Deviation {
  std::string id;
  DeviationKind kind = DeviationKind::Unknown;
  std::string description;
  std::string occurred_on;
  std::string reported_by;
  std::string participant_id;               // who was absent / did not deliver, when relevant
  std::string temporary_responsibility;     // agreed division of responsibility while a dispute is solved
  std::string intervention_id;              // the intervention not performed (required for that kind)
  std::string proposal_id;                  // the proposal this deviation confirms, when it does
};

// A guideline_not_followed deviation the facts propose (a late meeting or discharge invitation), kept in
// the case so the lateness stays visible: the convener confirms it (deviation.report with proposal_id) or
// dismisses it with a reason (deviation.dismiss).
struct DeviationProposal {
  std::string id;
  GuidelineRule rule = GuidelineRule::Unknown;
  std::string deadline;                     // the last day that was on time
  std::string occurred_on;                  // when the late event happened
  int days_late = 0;
  ProposalStatus status = ProposalStatus::Open;
  std::string deviation_id;                 // when confirmed
  std::string dismissed_reason;             // when dismissed
  std::string resolved_by;
  std::string resolved_on;
};

struct ChecklistEntry {
  ChecklistItem item = ChecklistItem::ConsultManager;
  std::string done_on;                      // date; "" = not done
  std::string done_by;
};

struct Closure {
  ClosureReason reason = ClosureReason::Unknown;
  std::string closed_on;
  bool participants_informed = false;
  std::string informed_on;
  std::string where_to_turn;                // what the person was told about where to turn if the need returns
};

// ---------------------------------------------------------------------------------------------------------
// The case
// ---------------------------------------------------------------------------------------------------------
struct Case {
  std::string id;
  std::string created_on;
  Step step = Step::NeedDetected;
  CollaborationForm form = CollaborationForm::Unknown;
  NoticedBy noticed_by = NoticedBy::Unknown;
  std::string noticed_on;                   // date the need was detected (starts the 21-day clock)
  SipKind kind = SipKind::Unknown;
  std::string previous_sip;                 // reference to the earlier SIP for a follow-up
  std::string ready_for_discharge_on;       // date of the "utskrivningsklar" notice, when at discharge
  CoordinationLevel level = CoordinationLevel::Unknown;
  ConveningScenario scenario = ConveningScenario::Unknown;
  PlanOwner owner;
  std::vector<Representative> representatives;
  std::vector<Consent> consents;
  Refusal refusal;                          // refused_on != "" when consent was refused
  Convener convener;
  std::vector<Participant> participants;
  Preparation preparation;
  std::vector<MappingEntry> mapping;
  Invitation invitation;
  Meeting meeting;
  Plan plan;                                // the working draft
  std::vector<PlanVersion> versions;        // established versions, oldest first
  std::vector<FollowUp> follow_ups;
  std::vector<Deviation> deviations;
  std::vector<DeviationProposal> deviation_proposals;
  std::vector<ChecklistEntry> checklist;
  Closure closure;
  int next_id = 1;                          // source of ids within the case ("g3", "i7", …)
};

// Seed 002's suggested meeting rhythm: round the table, problematise, plan — 20 minutes each.
std::vector<AgendaPhase> DefaultAgenda();
// Swedish label of each step ("Behov upptäckt", "Förberedelse", …).
const char* StepLabel(Step s);
// Swedish label of each life area, in seed 004's order.
const char* LifeAreaLabel(LifeArea a);
// Swedish label of each hand-off step (seed 001) and the role responsible for it.
const char* ChecklistLabel(ChecklistItem i);
const char* ChecklistResponsible(ChecklistItem i);
// Swedish label of each staff role ("Enhetschef", "Socialsekreterare (myndighet)", …); "" for Unknown.
const char* StaffRoleLabel(StaffRole r);
// The role a stored text names: a JSON spelling or a Swedish label (case-insensitive for ASCII); nullopt
// when it names none (older free-text roles then load as Other with the text).
std::optional<StaffRole> StaffRoleFromText(std::string_view text);
// The role as people read it: role_text for Other, else the Swedish label ("" when not given).
std::string StaffRoleDisplay(StaffRole r, const std::string& role_text);
// Swedish phrase for how the person took part ("på plats", "per telefon", …, "deltog inte"); "" for Unknown.
const char* ParticipationModeLabel(ParticipationMode m);
// True for legitimerad personal: sjuksköterska, arbetsterapeut, fysioterapeut, läkare.
bool IsLicensedStaff(StaffRole r);

// ---------------------------------------------------------------------------------------------------------
// JSON forms
// ---------------------------------------------------------------------------------------------------------
NLOHMANN_JSON_SERIALIZE_ENUM(CollaborationForm, {{CollaborationForm::Unknown, nullptr},
                                                 {CollaborationForm::Sip, "sip"},
                                                 {CollaborationForm::WithIndividual, "with_individual"},
                                                 {CollaborationForm::WithoutIndividual, "without_individual"}})
NLOHMANN_JSON_SERIALIZE_ENUM(NoticedBy, {{NoticedBy::Unknown, nullptr},
                                         {NoticedBy::School, "school"},
                                         {NoticedBy::SocialServices, "social_services"},
                                         {NoticedBy::HomeCare, "home_care"},
                                         {NoticedBy::RegionalHealthCare, "regional_health_care"},
                                         {NoticedBy::MunicipalHealthCare, "municipal_health_care"},
                                         {NoticedBy::Individual, "individual"},
                                         {NoticedBy::Relative, "relative"},
                                         {NoticedBy::Other, "other"}})
NLOHMANN_JSON_SERIALIZE_ENUM(SipKind, {{SipKind::Unknown, nullptr}, {SipKind::New, "new"}, {SipKind::FollowUp, "follow_up"}})
NLOHMANN_JSON_SERIALIZE_ENUM(CoordinationLevel, {{CoordinationLevel::Unknown, nullptr},
                                                 {CoordinationLevel::Sip, "sip"},
                                                 {CoordinationLevel::SipPlus, "sip_plus"},
                                                 {CoordinationLevel::SipPlusPlus, "sip_plus_plus"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ConveningScenario, {{ConveningScenario::Unknown, nullptr},
                                                 {ConveningScenario::HomeCareDetects, "home_care_detects"},
                                                 {ConveningScenario::SocialServicesConvenes, "social_services_convenes"},
                                                 {ConveningScenario::MunicipalHealthConvenes, "municipal_health_convenes"},
                                                 {ConveningScenario::RegionConvenes, "region_convenes"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Step, {{Step::NeedDetected, "need_detected"},
                                    {Step::Preparation, "preparation"},
                                    {Step::Invitation, "invitation"},
                                    {Step::Meeting, "meeting"},
                                    {Step::FollowUp, "follow_up"},
                                    {Step::Closed, "closed"}})
NLOHMANN_JSON_SERIALIZE_ENUM(RepresentativeRole, {{RepresentativeRole::Unknown, nullptr},
                                                  {RepresentativeRole::Guardian, "guardian"},
                                                  {RepresentativeRole::GodMan, "god_man"},
                                                  {RepresentativeRole::Forvaltare, "forvaltare"},
                                                  {RepresentativeRole::Framtidsfullmakt, "framtidsfullmakt"},
                                                  {RepresentativeRole::PowerOfAttorney, "power_of_attorney"},
                                                  {RepresentativeRole::Relative, "relative"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ConsentForm, {{ConsentForm::Unknown, nullptr}, {ConsentForm::Oral, "oral"}, {ConsentForm::Written, "written"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Huvudman, {{Huvudman::Unknown, nullptr},
                                        {Huvudman::Municipality, "municipality"},
                                        {Huvudman::Region, "region"},
                                        {Huvudman::Individual, "individual"},
                                        {Huvudman::Relative, "relative"},
                                        {Huvudman::Other, "other"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ParticipantStatus, {{ParticipantStatus::Invited, "invited"},
                                                 {ParticipantStatus::Confirmed, "confirmed"},
                                                 {ParticipantStatus::Substitute, "substitute"},
                                                 {ParticipantStatus::Declined, "declined"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Attendance, {{Attendance::Unknown, nullptr},
                                          {Attendance::Present, "present"},
                                          {Attendance::AbsentWithNotice, "absent_with_notice"},
                                          {Attendance::AbsentWithoutNotice, "absent_without_notice"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ParticipationMode, {{ParticipationMode::Unknown, nullptr},
                                                 {ParticipationMode::InPerson, "in_person"},
                                                 {ParticipationMode::Phone, "phone"},
                                                 {ParticipationMode::Video, "video"},
                                                 {ParticipationMode::PartOfMeeting, "part_of_meeting"},
                                                 {ParticipationMode::ThroughRepresentative, "through_representative"},
                                                 {ParticipationMode::InWriting, "in_writing"},
                                                 {ParticipationMode::NotAtAll, "not_at_all"}})
NLOHMANN_JSON_SERIALIZE_ENUM(LifeArea, {{LifeArea::PerceivedHealth, "perceived_health"},
                                        {LifeArea::PersonalCare, "personal_care"},
                                        {LifeArea::Communication, "communication"},
                                        {LifeArea::Mobility, "mobility"},
                                        {LifeArea::Housing, "housing"},
                                        {LifeArea::Relations, "relations"},
                                        {LifeArea::PlanningEveryday, "planning_everyday"},
                                        {LifeArea::Learning, "learning"},
                                        {LifeArea::Play, "play"},
                                        {LifeArea::Education, "education"},
                                        {LifeArea::Work, "work"},
                                        {LifeArea::Finances, "finances"},
                                        {LifeArea::Leisure, "leisure"},
                                        {LifeArea::Other, "other"}})
NLOHMANN_JSON_SERIALIZE_ENUM(InterventionStatus, {{InterventionStatus::Planned, "planned"},
                                                  {InterventionStatus::Ongoing, "ongoing"},
                                                  {InterventionStatus::Done, "done"},
                                                  {InterventionStatus::NotPerformed, "not_performed"},
                                                  {InterventionStatus::Cancelled, "cancelled"}})
NLOHMANN_JSON_SERIALIZE_ENUM(GoalStatus, {{GoalStatus::Active, "active"},
                                          {GoalStatus::Achieved, "achieved"},
                                          {GoalStatus::PartlyAchieved, "partly_achieved"},
                                          {GoalStatus::NotAchieved, "not_achieved"},
                                          {GoalStatus::Cancelled, "cancelled"}})
NLOHMANN_JSON_SERIALIZE_ENUM(OtherPlanKind, {{OtherPlanKind::Unknown, nullptr},
                                             {OtherPlanKind::ImplementationPlan, "implementation_plan"},
                                             {OtherPlanKind::CarePlan, "care_plan"},
                                             {OtherPlanKind::HabilitationPlan, "habilitation_plan"},
                                             {OtherPlanKind::LssIndividualPlan, "lss_individual_plan"},
                                             {OtherPlanKind::SchoolActionPlan, "school_action_plan"},
                                             {OtherPlanKind::DischargePlanning, "discharge_planning"},
                                             {OtherPlanKind::Other, "other"}})
NLOHMANN_JSON_SERIALIZE_ENUM(DeviationKind, {{DeviationKind::Unknown, nullptr},
                                             {DeviationKind::GuidelineNotFollowed, "guideline_not_followed"},
                                             {DeviationKind::InterventionNotPerformed, "intervention_not_performed"},
                                             {DeviationKind::PartiesDisagree, "parties_disagree"},
                                             {DeviationKind::AbsentWithoutNotice, "absent_without_notice"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ClosureReason, {{ClosureReason::Unknown, nullptr},
                                             {ClosureReason::GoalsMet, "goals_met"},
                                             {ClosureReason::NoLongerNeeded, "no_longer_needed"},
                                             {ClosureReason::ConsentWithdrawn, "consent_withdrawn"},
                                             {ClosureReason::PersonDied, "person_died"},
                                             {ClosureReason::ConsentRefused, "consent_refused"}})
NLOHMANN_JSON_SERIALIZE_ENUM(FollowUpDecision, {{FollowUpDecision::Unknown, nullptr},
                                                {FollowUpDecision::Continue, "continue"},
                                                {FollowUpDecision::Revise, "revise"},
                                                {FollowUpDecision::Close, "close"}})
NLOHMANN_JSON_SERIALIZE_ENUM(StaffRole, {{StaffRole::Unknown, nullptr},
                                         {StaffRole::Enhetschef, "enhetschef"},
                                         {StaffRole::Omsorgshandledare, "omsorgshandledare"},
                                         {StaffRole::FastOmsorgskontakt, "fast_omsorgskontakt"},
                                         {StaffRole::Socialsekreterare, "socialsekreterare"},
                                         {StaffRole::Sjukskoterska, "sjukskoterska"},
                                         {StaffRole::Arbetsterapeut, "arbetsterapeut"},
                                         {StaffRole::Fysioterapeut, "fysioterapeut"},
                                         {StaffRole::Lakare, "lakare"},
                                         {StaffRole::FastVardkontakt, "fast_vardkontakt"},
                                         {StaffRole::Other, "other"}})
NLOHMANN_JSON_SERIALIZE_ENUM(GuidelineRule, {{GuidelineRule::Unknown, nullptr},
                                             {GuidelineRule::MeetingWithin21Days, "meeting_within_21_days"},
                                             {GuidelineRule::DischargeInvitationWithin3Days, "discharge_invitation_within_3_days"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ProposalStatus, {{ProposalStatus::Open, "open"},
                                              {ProposalStatus::Confirmed, "confirmed"},
                                              {ProposalStatus::Dismissed, "dismissed"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ChecklistItem, {{ChecklistItem::ConsultManager, "consult_manager"},
                                             {ChecklistItem::CompileNeed, "compile_need"},
                                             {ChecklistItem::ContactSocialWorker, "contact_social_worker"},
                                             {ChecklistItem::ConvenerRegistered, "convener_registered"},
                                             {ChecklistItem::MeetingHeld, "meeting_held"},
                                             {ChecklistItem::PlanSentToConvener, "plan_sent_to_convener"},
                                             {ChecklistItem::CommitmentsFiled, "commitments_filed"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PlanOwner, name, identity_number, birth_date, reserve_number, address, phone)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Representative, id, role, name, phone, email, address)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Consent, id, given_by, form, documented_by, documented_on, valid_from,
                                                valid_to, covers, exclusions, withdrawn_on, withdrawal_recorded_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Refusal, refused_on, refused_by, attempts, documented_by)
// Participant: written by hand so that an older free-text `role` still loads (see StaffRoleFromText()).
void to_json(nlohmann::json& j, const Participant& p);
void from_json(const nlohmann::json& j, Participant& p);
// Convener: written by hand so that an older free-text `role` still loads (see StaffRoleFromText()).
void to_json(nlohmann::json& j, const Convener& v);
void from_json(const nlohmann::json& j, Convener& v);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Preparation, what_matters, questions, wished_attendees, participation,
                                                meeting_place_wish, meeting_leader, not_to_discuss)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(KnownIntervention, party, description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MappingEntry, area, person_view, interventions)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Invitation, purpose, questions, meeting_at, place, invitees,
                                                consent_obtained, sent_on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AgendaPhase, name, planned_minutes, used_minutes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Meeting, held_on, leader, documenter, agenda, notes, participation,
                                                participation_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Goal, id, text, parent_id, persons_own_words, status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Intervention, id, what, responsible, start_date, frequency, place,
                                                goal_id, status, home_care_commitment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OtherActorAction, actor, action)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OtherPlan, kind, note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Plan, goals, interventions, other_actors, other_plans, coordinator,
                                                child_perspective, follow_up_on, follow_up_owner, what_to_follow_up,
                                                handed_to_person_on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PlanVersion, version, established_on, revises_after, plan, participation,
                                                participation_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(GoalEvaluation, goal_id, result, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InterventionEvaluation, intervention_id, delivered, effect)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FollowUp, id, held_on, planned_for, next_follow_up_on,
                                                next_follow_up_owner, goals, interventions, new_circumstances, decision)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Deviation, id, kind, description, occurred_on, reported_by,
                                                participant_id, temporary_responsibility, intervention_id, proposal_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviationProposal, id, rule, deadline, occurred_on, days_late, status,
                                                deviation_id, dismissed_reason, resolved_by, resolved_on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ChecklistEntry, item, done_on, done_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Closure, reason, closed_on, participants_informed, informed_on,
                                                where_to_turn)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Case, id, created_on, step, form, noticed_by, noticed_on, kind,
                                                previous_sip, ready_for_discharge_on, level, scenario, owner,
                                                representatives, consents, refusal, convener, participants,
                                                preparation, mapping, invitation, meeting, plan, versions,
                                                follow_ups, deviations, deviation_proposals, checklist, closure, next_id)

}  // namespace sip
