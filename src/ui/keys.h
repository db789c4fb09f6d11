// sipui/keys.h — the UI's keyboard shortcuts in one place.
//
// Dear ImGui 1.90 receives key events as ImGuiKey values (io.AddKeyEvent): the platform layer
// (src/platform/web_input.cpp) maps the browser's KeyboardEvent.code to them, and the headless tests send the
// same events. Screens ask Pressed() instead of reading keys themselves.
#pragma once

namespace sip::ui {

enum class Shortcut { NewCase, Search, Save, Help, Close, Lock, Step1, Step2, Step3, Step4, Step5, Step6 };
// True in the frame the shortcut was pressed: Ctrl+N, Ctrl+F, Ctrl+S, F1, Esc, Ctrl+L, Alt+1 … Alt+6.
bool Pressed(Shortcut s);

}  // namespace sip::ui
