// sipcore/case_commands.h — the commands that change a SIP case, and the state machine they drive.
//
// A command is the JSON envelope of core/command.h (`{"cmd": "consent.record", "case_id": "…", …}`).
// ApplyCaseCommand() checks it against the current case and either fails with an error code — leaving
// nothing changed, since it works on a copy — or returns the new case, the events that describe the
// change (for the audit log) and a small result for the caller (e.g. the id of what was added).
//
// The six steps and the commands that move between them:
//
//   need_detected --preparation.start--> preparation --invitation.send--> invitation
//     --meeting.record--> meeting --plan.establish--> follow_up (--followup.record / plan.establish
//     after a "revise" decision: a new plan version--> follow_up) --case.close--> closed
//   need_detected | preparation --consent.refuse--> closed (no SIP)
//
// Guards (core/rules.h) return stable codes; a closed case refuses every command (case_closed); after a
// withdrawn consent only case.close, deviation.report and checklist.mark are accepted (consent_withdrawn).
// Every command and its arguments are listed in docs/commands.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/model.h"
#include "core/time.h"

namespace sip {

// What the caller knows that the core may not find out by itself.
struct CommandContext {
  CivilDate today;            // the local date "now" (deadlines, ages, consent validity)
  std::string actor;          // the staff member using the device (settings: staff.name); may be ""
  std::string new_case_id;    // the id case.create gives the new case (the caller makes it unique)
};

// One change, as recorded in the audit log.
struct Event {
  std::string type;           // the command name, or "case.step_changed"
  Json data;                  // what changed
};

struct CaseOutcome {
  Case state;                 // the case after the command
  std::vector<Event> events;  // at least one
  Json result;                // returned to the caller
};

struct CaseCommandInfo {
  std::string_view name;
  std::string_view summary;   // one line in English, mirrored in docs/commands.md
};

// Every case command, in catalogue order.
const std::vector<CaseCommandInfo>& CaseCommandCatalogue();
bool IsCaseCommand(std::string_view cmd);

// Applies `r` (a case command) to `current` (nullptr only for case.create). Never throws for bad input.
Result<CaseOutcome> ApplyCaseCommand(const Case* current, const Request& r, const CommandContext& ctx);

}  // namespace sip
