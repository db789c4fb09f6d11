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

// True when a consent was withdrawn and none is in force any more: the plan no longer applies and only
// closing the case (and reporting deviations, marking the checklist) is allowed.
bool ConsentWithdrawnForGood(const Case& c, CivilDate today);

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
