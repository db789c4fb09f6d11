// sipui/screens/case/panels.h — the panels of the case workspace, one file each (panel_*.cpp). Every panel
// lays out one part of the case from the CaseDraft and calls its actions (case_draft.h); none reads or writes
// data any other way.
#pragma once

#include "ui/screens/case/case_draft.h"
#include "ui/widgets/form.h"

namespace sip::ui {

struct PanelContext {
  const UiContext& ui;
  CaseDraft& d;
  CivilDate today;
  bool closed;   // the case is closed: everything is shown read-only
};

void DrawSummaryPanel(PanelContext& p);        // panel_summary.cpp: the person, representatives, the case
void DrawPreparationPanel(PanelContext& p);    // panel_preparation.cpp
void DrawConsentPanel(PanelContext& p);        // panel_consent.cpp
void DrawMappingPanel(PanelContext& p);        // panel_mapping.cpp
void DrawParticipantsPanel(PanelContext& p);   // panel_participants.cpp: convener and invitees
void DrawInvitationPanel(PanelContext& p);     // panel_invitation.cpp
void DrawMeetingPanel(PanelContext& p);        // panel_meeting.cpp
void DrawPlanPanel(PanelContext& p);           // panel_plan.cpp
void DrawFollowUpPanel(PanelContext& p);       // panel_followup.cpp
void DrawClosurePanel(PanelContext& p);        // panel_closure.cpp
void DrawDeviationsPanel(PanelContext& p);     // panel_deviations.cpp
void DrawChecklistPanel(PanelContext& p);      // panel_checklist.cpp

// Shared by the panels: the panel's last refusal (red, with its code) or success note (green).
void PanelFeedback(const CaseDraft& d, Panel panel);
// A drop-down of the case's participants (value: participant id; "" = none chosen).
bool ParticipantChoice(const char* label, std::string& id, const Case& c, const FieldOpts& o = {});
// "Namn (Organisation)" for a participant id, "–" when unknown.
std::string ParticipantName(const Case& c, const std::string& id);

}  // namespace sip::ui
