// sipcore/deadlines.h — the deadlines and duties of a SIP case, turned into warnings for "today".
//
// ComputeWarnings() reads a Case and the local date `today` (the core never reads a clock) and lists what
// needs attention: a meeting that must be held, an invitation or a plan that must reach someone, a follow-up,
// a consent that is running out or was withdrawn, an absence that should be reported as a deviation. It is a
// pure function: nothing is stored, so the list is recomputed whenever the case or the day changes.
//
// Rules (SIP.md "Deadlines and duties"; seeds 002, 003, 004). `due` is the last day on which the duty is on
// time; "days left" is due − today, so the due day itself has 0 days left and the day after is overdue.
//
//   code                          when (the case open)                                   due              severity
//   meeting_due                   meeting not held; form ≠ without_individual            noticed_on + 21  info > 7 days
//                                 (seed 002: "inom tre veckor")                                           left, warning
//                                                                                                         0–7, overdue
//   discharge_invitation_due      ready_for_discharge_on set, invitation not sent        ready + 3        warning, then
//                                 (seed 004 §4.1.2: "senast tre dagar efter")                             overdue
//   plan_to_person_due            meeting held, plan not handed to the person            held_on + 3      warning, then
//                                 (seed 004 §4.7: "inom tre dygn")                                        overdue
//   follow_up_due                 step follow_up, plan.follow_up_on set, no follow-up    follow_up_on     info > 14,
//                                 held on or after that date                                              warning 0–14,
//                                                                                                         overdue
//   consent_expiring              a consent not withdrawn, valid_to within 30 days       valid_to         warning
//   consent_expired               a consent not withdrawn, valid_to passed               valid_to         overdue
//                                 (both: ref = consent id; skipped when the same giver has a later consent
//                                 that is not withdrawn — open-ended counts as later —, i.e. it was renewed)
//   consent_withdrawn_close_case  a consent was withdrawn and none is in force (rules.h  latest           overdue
//                                 ConsentWithdrawnForGood): the plan no longer applies,  withdrawn_on
//                                 only closing remains; ref = that consent's id
//   deviation_proposed            a participant absent_without_notice and no             meeting.held_on  warning
//                                 absent_without_notice deviation naming them            (else today)
//                                 (seed 004 §4.7.3; ref = participant id);
//                                 an intervention recorded as not delivered at a         that follow-up's warning
//                                 follow-up and no intervention_not_performed deviation  held_on (the
//                                 naming it (seed 002 "Avvikelser"; ref = intervention   latest)
//                                 id);
//                                 an open guideline_not_followed proposal (a meeting     its occurred_on  warning
//                                 later than 21 days, a discharge invitation later than
//                                 3 days; ref = proposal id) until confirmed or dismissed
//   consent_ends_before_follow_up the plan is established (step follow_up) and its       valid_to         warning
//                                 follow_up_on is after the end of the consent it rests
//                                 on (rules.h ConsentLimitingPlan; ref = consent id)
//   close_decided                 the latest follow-up decided to close; until          that held_on     warning
//                                 case.close is recorded (ref = follow-up id)
//   convener_not_per_routine      home care detected the need (scenario                  noticed_on       warning
//                                 home_care_detects, not at discharge, not without the   (else today)
//                                 individual) and the convener is not a social worker
//                                 or licensed staff (seed 001; rules.h
//                                 ConvenerBreaksRoutine)
//
// A closed case (step closed, or closure.closed_on set) has no warnings at all. A rule whose own date is
// unset or not a strict real "YYYY-MM-DD" is skipped for that item — never guessed, never a crash; an
// invalid `today` gives no warnings. Messages are Swedish, carry dates but never personal data (they may be
// shown on a shared screen or logged); programs use `code` and `ref`.
//
// Sections: severity · warning · computing
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/time.h"

namespace sip {

// ---------------------------------------------------------------------------------------------------------
// Severity
// ---------------------------------------------------------------------------------------------------------
enum class Severity { Info, Warning, Overdue };   // JSON: "info", "warning", "overdue"

// "info", "warning" or "overdue". Valid for every Severity.
std::string_view SeverityName(Severity s);

// ---------------------------------------------------------------------------------------------------------
// Warning
// ---------------------------------------------------------------------------------------------------------
// The stable codes, as listed above.
inline constexpr std::string_view kMeetingDue = "meeting_due";
inline constexpr std::string_view kDischargeInvitationDue = "discharge_invitation_due";
inline constexpr std::string_view kPlanToPersonDue = "plan_to_person_due";
inline constexpr std::string_view kFollowUpDue = "follow_up_due";
inline constexpr std::string_view kConsentExpiring = "consent_expiring";
inline constexpr std::string_view kConsentExpired = "consent_expired";
inline constexpr std::string_view kConsentWithdrawnCloseCase = "consent_withdrawn_close_case";
inline constexpr std::string_view kDeviationProposed = "deviation_proposed";
inline constexpr std::string_view kConsentEndsBeforeFollowUp = "consent_ends_before_follow_up";
inline constexpr std::string_view kCloseDecided = "close_decided";
inline constexpr std::string_view kConvenerNotPerRoutine = "convener_not_per_routine";

// The meeting deadline (seed 002), the discharge invitation deadline (seed 004 §4.1.2, §4.5.1) and the plan
// hand-over deadline (seed 004 §4.7), in days; and the look-ahead windows of the warnings.
inline constexpr int kMeetingWithinDays = 21;
inline constexpr int kDischargeInvitationWithinDays = 3;
inline constexpr int kPlanToPersonWithinDays = 3;
inline constexpr int kMeetingWarnDays = 7;
inline constexpr int kFollowUpWarnDays = 14;
inline constexpr int kConsentWarnDays = 30;

struct Warning {
  std::string code;                     // one of the codes above
  Severity severity = Severity::Info;
  std::string due;                      // YYYY-MM-DD
  std::string message;                  // Swedish, for people; no personal data
  std::string ref;                      // consent id, participant id, or "" when n/a
};

// ---------------------------------------------------------------------------------------------------------
// Computing
// ---------------------------------------------------------------------------------------------------------
// Every warning for `c` on `today`, sorted by due date, then code, then ref. Valid for any Case; empty for
// a closed case or an invalid `today`.
std::vector<Warning> ComputeWarnings(const Case& c, CivilDate today);
// The warnings of ComputeWarnings() with the given code (commands return the ones they just caused).
std::vector<Warning> WarningsWithCode(const Case& c, CivilDate today, std::string_view code);

NLOHMANN_JSON_SERIALIZE_ENUM(Severity, {{Severity::Info, "info"},
                                        {Severity::Warning, "warning"},
                                        {Severity::Overdue, "overdue"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Warning, code, severity, due, message, ref)

}  // namespace sip
