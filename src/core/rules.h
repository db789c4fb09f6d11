// sipcore/rules.h — the guards of the SIP process: who may consent, when consent is in force, when a plan
// is complete. Pure functions over a Case and "today"; commands (core/case_commands.h) call them before a
// transition and fail with their error code.
#pragma once

#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "core/time.h"

namespace sip {

// True when the plan owner is under 18 on `today` (unknown birth date: false).
bool IsChild(const Case& c, CivilDate today);

// May this representative role consent in the person's place? A förvaltare may (seed 004 §4.3), as may a
// god man, a framtidsfullmakt holder or another power of attorney; a relative may not. For a child only the
// guardians consent (§4.3.1); a guardian consents only for a child.
bool MayConsent(RepresentativeRole role, bool child);

// Consents that are in force on `today`: not withdrawn, valid_from ≤ today ≤ valid_to (when set).
std::vector<const Consent*> ConsentsInForce(const Case& c, CivilDate today);

// Ok when consent for the SIP is in force: for an adult, from the person or a representative who may
// consent (consent_missing); for a child, from every registered guardian, at least one (guardian_consent_missing).
Result<void> CheckConsent(const Case& c, CivilDate today);

// True when a consent was withdrawn and the consent the SIP needs is no longer in force: the plan no longer
// applies and only closing the case (and reporting deviations, marking the checklist) is allowed. For an
// adult: a withdrawal and no consent left in force. For a child: a withdrawal and CheckConsent() fails —
// the consent needs every registered guardian, and so does its continuation, so one guardian's
// withdrawal is enough (seed 004 §4.3.1).
bool ConsentWithdrawnForGood(const Case& c, CivilDate today);

// The consent whose valid_to ends the SIP's consent on `today` (the one the plan rests on): for an adult
// the longest-lasting consent in force from the person or a representative who may consent; for a child
// the earliest-ending among the guardians (each guardian's longest-lasting). nullptr when that consent is
// open-ended (valid until withdrawn) or there is none.
const Consent* ConsentLimitingPlan(const Case& c, CivilDate today);

// Who convenes (seed 000's table, seed 001, seed 004 §4.1.2).
enum class ConvenerRule {
  None,                  // whoever noticed the need
  Enhetschef,            // collaboration without the individual: the provider's enhetschef (city routine)
  FastVardkontakt,       // at discharge from inpatient care: the region's fast vårdkontakt (law)
  AuthorityForHomeCare,  // home care detected the need: a social worker or licensed staff convenes on its
                         // behalf after the hand-off (seed 001, a local routine)
};
ConvenerRule ExpectedConvener(const Case& c);
// True when a convener (name or organisation) is recorded.
bool HasConvener(const Case& c);
// Ok unless the recorded convener breaks one of the two rules set in law or the city's routine:
// convener_not_enhetschef, convener_not_fast_vardkontakt. Ok when no convener is recorded.
Result<void> CheckConvener(const Case& c);
// True when the recorded convener breaks the local routine of seed 001 (warning, not a refusal).
bool ConvenerBreaksRoutine(const Case& c);

// The latest follow-up decided to close the plan (close_decided until case.close).
const FollowUp* CloseDecided(const Case& c);

// Ok when `plan` may be established (seed 004 §4.8): a main goal in the person's own words, at least one
// intervention with a responsible participant, a coordinator, a follow-up date and owner, and — for a
// child — a documented child perspective. Fails with the first missing item's code.
Result<void> CheckPlanComplete(const Case& c, CivilDate today);

// Ok when the invitation may be sent: purpose, meeting time, place, at least one invitee (all known
// participants), a convener (invitation_incomplete), and consent (CheckConsent).
Result<void> CheckInvitationReady(const Case& c, CivilDate today);

// Lookup helpers; nullptr when absent.
const Participant* FindParticipant(const Case& c, std::string_view id);
const Representative* FindRepresentative(const Case& c, std::string_view id);
const Goal* FindGoal(const Plan& p, std::string_view id);

}  // namespace sip
