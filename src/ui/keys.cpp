#include "ui/keys.h"

#include <imgui.h>

namespace sip::ui {

bool Pressed(Shortcut s) {
  const ImGuiIO& io = ImGui::GetIO();
  auto ctrl = [&](ImGuiKey k) { return io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(k, false); };
  // Alt alone: AltGr (Ctrl+Alt on some systems) types characters such as @ and must not trigger shortcuts.
  auto alt = [&](ImGuiKey k) { return io.KeyAlt && !io.KeyCtrl && ImGui::IsKeyPressed(k, false); };
  switch (s) {
    case Shortcut::NewCase: return ctrl(ImGuiKey_N);
    case Shortcut::Search: return ctrl(ImGuiKey_F);
    case Shortcut::Save: return ctrl(ImGuiKey_S);
    case Shortcut::Lock: return ctrl(ImGuiKey_L);
    case Shortcut::Help: return ImGui::IsKeyPressed(ImGuiKey_F1, false);
    case Shortcut::Close: return ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    default: break;
  }
  const int n = static_cast<int>(s) - static_cast<int>(Shortcut::Step1);
  return n >= 0 && n < 6 && alt(static_cast<ImGuiKey>(ImGuiKey_1 + n));
}

}  // namespace sip::ui
