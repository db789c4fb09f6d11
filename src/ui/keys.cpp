#include "ui/keys.h"

#include <imgui.h>

namespace sip::ui {

void MapNavigationKeys() {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Tab] = key::kTab;
  io.KeyMap[ImGuiKey_LeftArrow] = key::kLeft;
  io.KeyMap[ImGuiKey_RightArrow] = key::kRight;
  io.KeyMap[ImGuiKey_UpArrow] = key::kUp;
  io.KeyMap[ImGuiKey_DownArrow] = key::kDown;
  io.KeyMap[ImGuiKey_PageUp] = key::kPageUp;
  io.KeyMap[ImGuiKey_PageDown] = key::kPageDown;
  io.KeyMap[ImGuiKey_Home] = key::kHome;
  io.KeyMap[ImGuiKey_End] = key::kEnd;
  io.KeyMap[ImGuiKey_Insert] = key::kInsert;
  io.KeyMap[ImGuiKey_Delete] = key::kDelete;
  io.KeyMap[ImGuiKey_Backspace] = key::kBackspace;
  io.KeyMap[ImGuiKey_Space] = key::kSpace;
  io.KeyMap[ImGuiKey_Enter] = key::kEnter;
  io.KeyMap[ImGuiKey_Escape] = key::kEscape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = key::kKeypadEnter;
  io.KeyMap[ImGuiKey_A] = key::kA;
  io.KeyMap[ImGuiKey_C] = key::kC;
  io.KeyMap[ImGuiKey_V] = key::kV;
  io.KeyMap[ImGuiKey_X] = key::kX;
  io.KeyMap[ImGuiKey_Y] = key::kY;
  io.KeyMap[ImGuiKey_Z] = key::kZ;
}

bool Pressed(Shortcut s) {
  const ImGuiIO& io = ImGui::GetIO();
  auto ctrl = [&](int k) { return io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(k, false); };
  auto alt = [&](int k) { return io.KeyAlt && !io.KeyCtrl && ImGui::IsKeyPressed(k, false); };
  switch (s) {
    case Shortcut::NewCase: return ctrl(key::kN);
    case Shortcut::Search: return ctrl(key::kF);
    case Shortcut::Save: return ctrl(key::kS);
    case Shortcut::Help: return ImGui::IsKeyPressed(key::kF1, false);
    case Shortcut::Close: return ImGui::IsKeyPressed(key::kEscape, false);
    default: break;
  }
  const int n = static_cast<int>(s) - static_cast<int>(Shortcut::Step1);
  return n >= 0 && n < 6 && alt(key::k1 + n);
}

}  // namespace sip::ui
