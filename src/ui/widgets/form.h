// sipui/widgets/form.h — the building blocks every form uses: a field with its label ABOVE it, a visible
// frame, a "*" for required fields, help text under it where the rule is not obvious, an inline error, and a
// clear focus ring. Fields carry an anchor ("panel.field") so that a "what is missing" line can put the
// keyboard focus on them (RequestFocus) — across panels, since the workspace opens the anchor's panel first.
//
// Every function draws one field and returns true when the user changed the value in this frame.
// Contents:  FieldOpts · focus requests · text fields · lists as lines · choices · check boxes · buttons
//            and messages
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sip::ui {

// Options of one field; zero values mean the default (sokol style).
struct FieldOpts {
  const char* anchor = nullptr;   // "panel.field": where RequestFocus() can jump
  const char* help = nullptr;     // a line under the field, for rules that are not obvious
  const char* error = nullptr;    // an inline error under the field (Swedish), nullptr when none
  const char* hint = nullptr;     // grey text inside an empty field, e.g. "ÅÅÅÅ-MM-DD"
  bool required = false;          // a "*" after the label
  bool read_only = false;
  bool password = false;          // masked input
  float width = 0;                // 0: the available width, at most a readable measure (~40 em)
  int lines = 0;                  // multi-line fields: visible lines (0 = 4)
};

// --- Focus requests ------------------------------------------------------------------------------------
// The next field drawn with this anchor takes the keyboard focus and scrolls into view.
void RequestFocus(std::string_view anchor);
// The anchor waiting to be focused, "" when none (the workspace reads it to open the right panel).
const std::string& PendingFocus();
void ClearPendingFocus();

// --- Text fields ----------------------------------------------------------------------------------------
bool TextField(const char* label, std::string& value, const FieldOpts& o = {});
bool TextArea(const char* label, std::string& value, const FieldOpts& o = {});
// A list of short texts edited as one multi-line field, one item per line (empty lines dropped).
bool LinesField(const char* label, std::vector<std::string>& items, const FieldOpts& o = {});

// --- Choices --------------------------------------------------------------------------------------------
// A drop-down over `options` (value, Swedish label); `none_label` is shown for a value not in the list.
template <class E>
using Options = std::vector<std::pair<E, const char*>>;
bool ChoiceIndex(const char* label, int& index, const std::vector<const char*>& items, const FieldOpts& o = {});
template <class E>
bool ChoiceField(const char* label, E& value, const Options<E>& options, const FieldOpts& o = {}) {
  std::vector<const char*> items;
  int index = -1;
  for (size_t i = 0; i < options.size(); ++i) {
    items.push_back(options[i].second);
    if (options[i].first == value) index = static_cast<int>(i);
  }
  if (!ChoiceIndex(label, index, items, o) || index < 0) return false;
  value = options[static_cast<size_t>(index)].first;
  return true;
}
bool CheckField(const char* label, bool& value, const FieldOpts& o = {});

// --- Buttons and messages -------------------------------------------------------------------------------
// A heading inside a panel (larger gap above, a rule below).
void SectionTitle(const char* text);
void HelpText(const char* text);
// Red (error) or green (done) feedback after an action; nothing when `text` is empty.
void Feedback(const std::string& text, bool is_error);
// A button that can be disabled; returns true when pressed while enabled.
bool Button(const char* label, bool enabled = true);
// A bulleted line that wraps at the edge of the panel (ImGui's BulletText does not wrap).
void BulletWrapped(const char* fmt, ...);
// Places the next button on the same line when a button labelled `next_label` still fits there, else on the
// next line (rows of buttons with large text).
void SameLineIfFits(const char* next_label);
// `text` shortened with "…" to fit `max_width` pixels in the current font (labels that cannot wrap:
// navigation entries, list rows); the whole text when it fits.
std::string FitText(std::string_view text, float max_width);

// The frame of the last item gets a thick outline while it has keyboard focus (called by every field).
void FocusRing();

}  // namespace sip::ui
