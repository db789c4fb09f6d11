// sipui/screens/case/workspace.h — the case workspace: opening a case shows the person, the six steps
// (done / current / not yet), the case's warnings with their due dates, and one panel per area of the work.
//
// The workspace keeps a CaseDraft per case the user opened, so unsaved input survives switching panels,
// screens and cases; AppUi asks HasUnsavedInput() before an update. A click on a "what is missing" line
// opens the panel of its field and focuses it (form.h RequestFocus).
#pragma once

#include <map>
#include <string>

#include "ui/screens/case/case_draft.h"

namespace sip::ui {

struct UiContext;

struct CaseWorkspace {
  std::map<std::string, CaseDraft> drafts;   // case id → its draft
  std::string current;                       // the open case's id, "" when none
  Panel panel = Panel::Summary;
  bool panel_from_keyboard = false;          // Alt+N / Ctrl+S chose the panel this frame
  bool open_meeting = false;                 // "Mötesläge" pressed this frame (AppUi opens the meeting view)

  // Opens `case_id` (keeping any draft it already has) on the panel that fits its step.
  void Open(const UiContext& ctx, const std::string& case_id);
  CaseDraft* Current();
  bool HasUnsavedInput() const;
  // Ctrl+S: saves what the current panel holds. True when there was nothing to save or all was accepted.
  bool SaveCurrentPanel(const UiContext& ctx);
  // Alt+1 … Alt+6: the panel of step `n` (1-based).
  void ShowStep(int n);

  void Draw(const UiContext& ctx);
};

}  // namespace sip::ui
