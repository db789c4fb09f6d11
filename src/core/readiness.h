// sipcore/readiness.h — everything still missing before a step's command can pass, as a list.
//
// The guards of core/rules.h stop at the first problem: right for a command, wrong for a screen that shows
// the user, before they press "Skicka inbjudan", "Fastställ planen" or "Avsluta", every piece that is
// missing. These functions list them in the order the guards check them, so the first entry's code is
// always the code the command would fail with (tests/core/readiness_test.cpp proves it on random cases).
//
// Each entry names the field it is about (`anchor`, "panel.field", stable English) so a screen can jump
// there, and says what is missing in plain Swedish (`text`). No I/O, no personal data beyond the case.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/time.h"

namespace sip {

struct Missing {
  Errc code = Errc::Ok;   // the error the command would answer with
  std::string anchor;     // e.g. "invitation.purpose", "consent", "plan.coordinator"
  std::string text;       // Swedish, e.g. "Samtycke saknas från en vårdnadshavare (Anna Andersson)"
};

// invitation.send: purpose, time, place, invitees, convener, then consent (CheckInvitationReady).
std::vector<Missing> MissingForInvitation(const Case& c, CivilDate today);
// plan.establish on the working draft: consent, then the plan's contents (CheckConsent + CheckPlanComplete).
std::vector<Missing> MissingForEstablish(const Case& c, CivilDate today);
// case.close with the closure the user is filling in: a reason, that everyone involved was told, and where
// the person turns if the need returns (not asked when the person has died).
std::vector<Missing> MissingForClose(const Closure& draft);

}  // namespace sip
