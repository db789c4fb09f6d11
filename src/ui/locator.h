// sipui/locator.h — where each labelled widget was drawn in the last frame, for tests that drive the app
// as a person does (Playwright clicks "Ny SIP" where it is on the canvas; the headless tests do the same).
//
// Off by default: only while enabled does it collect, through ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE),
// every widget's visible label and rectangle; form fields register the label drawn above them (form.h).
// The browser exposes it as window.sipfield.locate(label) — the page's own scripts can already read every
// case through dispatch(), so it reveals nothing new.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sip::ui::locator {

struct Item {
  std::string label;   // the visible label ("Ny SIP"; "Namn##rep" is recorded as "Namn")
  float x = 0, y = 0, w = 0, h = 0;   // the part of the widget inside its window's visible region
  float full_y = 0, full_h = 0;       // the whole widget, vertically (scrolled out of view in part or whole)
};

void Enable(bool on);
bool Enabled();
// Called at the start of each frame (AppUi::Draw): forgets the previous frame's items.
void BeginFrame();
// The items drawn in the last complete frame with exactly this label, in drawing order.
std::vector<Item> Find(std::string_view label);
// Every item of the last complete frame (for tests that pick widgets at random).
const std::vector<Item>& All();
// Records the last item under `label` (for fields whose label is drawn as text above them).
void NoteLastItem(std::string_view label);

}  // namespace sip::ui::locator
