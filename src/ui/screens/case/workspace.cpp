#include "ui/screens/case/workspace.h"

#include <imgui.h>

#include <algorithm>
#include <vector>

#include "ui/app_ui.h"
#include "ui/locator.h"
#include "ui/screens/case/panels.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"
#include "ui/widgets/step_list.h"

namespace sip::ui {
namespace {

void DrawWarnings(const Json& warnings) {
  if (warnings.empty()) return;
  const SemanticColors c = Semantic();
  for (const auto& w : warnings) {
    const std::string sev = w.value("severity", "info");
    const Rgba col = sev == "overdue" ? c.error : sev == "warning" ? c.warning : c.accent;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(col.r, col.g, col.b, 1));
    ImGui::Bullet();
    ImGui::SameLine();
    // The due date, unless the message already names it.
    std::string text = w.value("message", "");
    const std::string due = w.value("due", "");
    if (!due.empty() && text.find(due) == std::string::npos) text += " – senast " + due;
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
}

void DrawPanel(Panel panel, PanelContext& p) {
  switch (panel) {
    case Panel::Summary: DrawSummaryPanel(p); break;
    case Panel::Preparation: DrawPreparationPanel(p); break;
    case Panel::Consent: DrawConsentPanel(p); break;
    case Panel::Mapping: DrawMappingPanel(p); break;
    case Panel::Participants: DrawParticipantsPanel(p); break;
    case Panel::Invitation: DrawInvitationPanel(p); break;
    case Panel::Meeting: DrawMeetingPanel(p); break;
    case Panel::Plan: DrawPlanPanel(p); break;
    case Panel::FollowUp: DrawFollowUpPanel(p); break;
    case Panel::Closure: DrawClosurePanel(p); break;
    case Panel::Deviations: DrawDeviationsPanel(p); break;
    case Panel::Checklist: DrawChecklistPanel(p); break;
    case Panel::Count: break;
  }
}

}  // namespace

void CaseWorkspace::Open(const UiContext& ctx, const std::string& case_id) {
  CaseDraft& d = drafts[case_id];
  const bool fresh = d.case_id.empty();
  d.case_id = case_id;
  current = case_id;
  if (fresh || d.loaded_generation != ctx.status.data_generation) LoadCase(ctx, d);
  if (fresh) panel = PanelOfStep(d.base.step);
}

CaseDraft* CaseWorkspace::Current() {
  auto it = drafts.find(current);
  return it == drafts.end() ? nullptr : &it->second;
}

bool CaseWorkspace::HasUnsavedInput() const {
  for (const auto& [id, d] : drafts)
    if (d.HasUnsavedInput()) return true;
  return false;
}

bool CaseWorkspace::SaveCurrentPanel(const UiContext& ctx) {
  CaseDraft* d = Current();
  return d ? SavePanel(ctx, *d, panel) : true;
}

void CaseWorkspace::ShowStep(int n) {
  if (n < 1 || n > 6) return;
  panel = PanelOfStep(static_cast<Step>(n - 1));
  panel_from_keyboard = true;
}

void CaseWorkspace::Draw(const UiContext& ctx) {
  CaseDraft* dp = Current();
  if (!dp) {
    ImGui::TextDisabled("Inget ärende är öppet. Välj ett ärende i Översikt.");
    return;
  }
  CaseDraft& d = *dp;
  if (d.loaded_generation != ctx.status.data_generation) LoadCase(ctx, d);
  if (!d.load_error.empty()) {
    Feedback(d.load_error, true);
    return;
  }
  // A "what is missing" line asked for a field on another panel: open it (the field takes focus when drawn).
  if (const std::string& anchor = PendingFocus(); !anchor.empty()) panel = PanelOfAnchor(anchor);

  const Case& c = d.base;
  ImGui::TextWrapped("%s – %s%s", c.owner.name.c_str(), StepLabel(c.step), d.child ? " · barn" : "");
  if (d.HasUnsavedInput()) {
    const Rgba w = Semantic().warning;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(w.r, w.g, w.b, 1));
    ImGui::TextWrapped("Osparade ändringar (Ctrl+S sparar)");
    locator::NoteLastItem("Osparade ändringar (Ctrl+S sparar)");   // tests see that input is held
    ImGui::PopStyleColor();
  }
  DrawWarnings(d.warnings);

  // The steps and the list of parts stand in a column of 15 em beside the panel; with large text in a small
  // window (the column would take over a third of the width) they become one row above it instead.
  const float side_w = ImGui::GetFontSize() * 15.0f;
  const bool compact = side_w > ImGui::GetContentRegionAvail().x * 0.34f;
  open_meeting = false;
  const bool meeting_step = c.step == Step::Invitation || c.step == Step::Meeting;
  if (compact) {
    ImGui::TextWrapped("Steg %d av 6: %s", static_cast<int>(c.step) + 1, StepLabel(c.step));
    std::vector<const char*> parts;
    for (int i = 0; i < static_cast<int>(Panel::Count); ++i) parts.push_back(PanelLabel(static_cast<Panel>(i)));
    int chosen = static_cast<int>(panel);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 14.0f));
    if (ImGui::Combo("##part", &chosen, parts.data(), static_cast<int>(parts.size()))) panel = static_cast<Panel>(chosen);
    locator::NoteLastItem("Del");
    FocusRing();
    if (meeting_step) {
      ImGui::SameLine();
      if (Button("Mötesläge")) open_meeting = true;
    }
  } else {
    ImGui::BeginChild("steps", ImVec2(side_w, 0), true);
    if (meeting_step) {
      if (Button("Mötesläge")) open_meeting = true;
      HelpText("Stor text och timer, att visa för alla vid mötet.");
      ImGui::Spacing();
    }
    ImGui::TextDisabled("Steg");
    Step chosen = c.step;
    if (StepList(c.step, chosen)) panel = PanelOfStep(chosen);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("Delar");
    for (int i = 0; i < static_cast<int>(Panel::Count); ++i) {
      const Panel pn = static_cast<Panel>(i);
      const bool has_error = d.errors.count(pn) > 0;
      std::string label = std::string(PanelLabel(pn)) + (has_error ? "  (!)" : "");
      if (ImGui::Selectable(label.c_str(), panel == pn)) panel = pn;
      FocusRing();
    }
    ImGui::EndChild();
    ImGui::SameLine();
  }

  ImGui::BeginChild("panel", ImVec2(0, 0), true);
  ImGui::TextUnformatted(PanelLabel(panel));
  ImGui::Separator();
  PanelContext p{ctx, d, LocalToday(ctx), c.step == Step::Closed};
  ImGui::PushID(static_cast<int>(panel));
  DrawPanel(panel, p);
  ImGui::PopID();
  ImGui::EndChild();
  panel_from_keyboard = false;
}

}  // namespace sip::ui
