// sipui/screens/case/case_draft.h — one open case in the workspace: the case as last read, the user's
// unsaved input beside it, and the actions that turn input into commands.
//
// Drafts live here, not in the core: `edit` starts as a copy of `base` (the case as `case.get` returned it)
// and the panels edit it; each Section compares its part of `edit` with `base` to know whether it holds
// unsaved input. After every commit the case is read again: sections without unsaved input take the new
// values, sections with unsaved input keep the user's (so a save elsewhere never eats what was typed).
// Single-shot forms (a new participant, a consent, the meeting record, a follow-up, the closure) are their
// own fields below. Every action dispatches through the handler and, when refused, leaves the input as it
// was and puts the Swedish message on the panel (`errors`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/command.h"
#include "core/model.h"
#include "core/time.h"

namespace sip::ui {

struct UiContext;

// The panels of the workspace, in the order of the process.
enum class Panel {
  Summary, Preparation, Consent, Mapping, Participants, Invitation, Meeting, Plan, FollowUp, Closure,
  Deviations, Checklist, Count
};
const char* PanelLabel(Panel p);
// The panel an anchor ("plan.coordinator") belongs to.
Panel PanelOfAnchor(const std::string& anchor);
// The panel that fits a step best (Alt+1 … Alt+6).
Panel PanelOfStep(Step s);

// Parts of the case a panel edits in place (`edit` against `base`).
enum class Section { CaseInfo, Owner, Convener, Preparation, Mapping, Invitation, PlanFields, Participants, Goals,
                     Interventions };
inline constexpr int kSectionCount = static_cast<int>(Section::Interventions) + 1;
// Copies section `s` of `from` into `to` (exactly the part CaseDraft::Dirty(s) compares).
void CopySection(Case& to, const Case& from, Section s);

struct MeetingDraft {
  std::string held_on, leader, documenter, notes;
  ParticipationMode participation = ParticipationMode::Unknown;   // how the person took part (required)
  std::string participation_reason;                               // why not at all
  std::map<std::string, Attendance> attendance;   // participant id → attendance
  std::vector<AgendaPhase> agenda;                // the phases used, from the meeting view's timer ("" = default)
  bool Empty() const { return held_on.empty() && leader.empty() && documenter.empty() && notes.empty() && attendance.empty(); }
};

struct WithdrawDraft {
  std::string consent_id, withdrawn_on, recorded_by;
};

struct CaseDraft {
  std::string case_id;
  Case base, edit;
  Json warnings = Json::array();
  bool child = false, consent_in_force = false, consent_withdrawn = false;
  uint64_t loaded_generation = ~uint64_t{0};
  std::string load_error;

  // Single-shot forms.
  Representative new_representative;
  Consent new_consent;
  Refusal refusal;
  std::string refusal_attempts;    // one attempt per line
  WithdrawDraft withdraw;
  Participant new_participant;
  Goal new_goal;
  Intervention new_intervention;
  OtherActorAction new_actor;
  OtherPlan new_other_plan;
  MeetingDraft meeting;
  FollowUp follow_up;
  Closure closure;
  Deviation new_deviation;
  std::map<std::string, std::string> dismiss_reason;   // proposal id → the reason typed for dismissing it
  std::string established_on, sent_on;
  std::map<int, std::string> checklist_by;   // item → who did it (typed before marking)
  std::string need_summary;                  // case.need_summary, read on demand

  // Feedback per panel: the Swedish message of the last refusal, or a short note after success.
  std::map<Panel, std::string> errors, error_codes, notes;
  std::vector<std::string> proposed_deviations;   // from meeting.record / followup.record

  bool Dirty(Section s) const;
  void Reset(Section s);
  // True while any section or single-shot form holds input the user has not saved.
  bool HasUnsavedInput() const;
};

// Reads the case (case.get) into `d`; keeps unsaved sections. Returns false when the case could not be read.
bool LoadCase(const UiContext& ctx, CaseDraft& d);

// Dispatches `cmd` for the case ("case_id" is added). On success reloads the case and returns the result;
// on refusal records the Swedish message (and code) under `panel` and returns null.
Json RunCaseCommand(const UiContext& ctx, CaseDraft& d, Panel panel, Json cmd);

// The actions of the panels (each sends one command, or one per changed item). True when all were accepted.
bool SaveCaseInfo(const UiContext& ctx, CaseDraft& d);
bool SaveOwner(const UiContext& ctx, CaseDraft& d);
bool SaveConvener(const UiContext& ctx, CaseDraft& d);
bool StartPreparation(const UiContext& ctx, CaseDraft& d);
bool SavePreparation(const UiContext& ctx, CaseDraft& d);
bool SaveMapping(const UiContext& ctx, CaseDraft& d);
bool AddRepresentative(const UiContext& ctx, CaseDraft& d);
bool RecordConsent(const UiContext& ctx, CaseDraft& d);
bool WithdrawConsent(const UiContext& ctx, CaseDraft& d);
bool RefuseConsent(const UiContext& ctx, CaseDraft& d);
bool AddParticipant(const UiContext& ctx, CaseDraft& d);
bool SaveParticipants(const UiContext& ctx, CaseDraft& d);
bool SaveInvitation(const UiContext& ctx, CaseDraft& d);
bool SendInvitation(const UiContext& ctx, CaseDraft& d);
bool RecordMeeting(const UiContext& ctx, CaseDraft& d);
bool AddGoal(const UiContext& ctx, CaseDraft& d);
bool AddIntervention(const UiContext& ctx, CaseDraft& d);
bool SavePlan(const UiContext& ctx, CaseDraft& d);   // plan fields, changed goals and interventions
bool AddOtherActor(const UiContext& ctx, CaseDraft& d);
bool AddOtherPlan(const UiContext& ctx, CaseDraft& d);
bool EstablishPlan(const UiContext& ctx, CaseDraft& d);
bool RecordFollowUp(const UiContext& ctx, CaseDraft& d);
bool CloseCase(const UiContext& ctx, CaseDraft& d);
bool ReportDeviation(const UiContext& ctx, CaseDraft& d);
// A guideline_not_followed proposal (a late meeting or discharge invitation): confirm it as a deviation, or
// dismiss it with the reason typed in dismiss_reason.
bool ConfirmProposal(const UiContext& ctx, CaseDraft& d, const std::string& proposal_id);
bool DismissProposal(const UiContext& ctx, CaseDraft& d, const std::string& proposal_id);
bool MarkChecklist(const UiContext& ctx, CaseDraft& d, ChecklistItem item, bool done);
// The papers (docs/commands.md, case.paper): `doc` is "min-sip" (version: an established version, 0 = the
// latest), "invitation" or "consent". Opens the page in a new tab through the platform (FileHooks::open_page),
// or downloads it when the browser refused the tab; a refusal or a missing hook is reported under `panel`.
bool OpenPaper(const UiContext& ctx, CaseDraft& d, Panel panel, const char* doc, int version = 0);
// Min SIP was handed to the person on `date` (plan.update handed_to_person_on; clears the 72-hour warning).
// Only that field is sent: other plan input stays as a draft.
bool RecordHandedOver(const UiContext& ctx, CaseDraft& d, const std::string& date);
// Saves every section of `panel` that holds unsaved input (Ctrl+S).
bool SavePanel(const UiContext& ctx, CaseDraft& d, Panel panel);

// Today's local date, as the handler sees it.
CivilDate LocalToday(const UiContext& ctx);

}  // namespace sip::ui
