// The browser's key codes reach ImGui as the keys shortcuts and navigation expect, with their modifiers.
#include <doctest/doctest.h>

#include <imgui.h>

#include "platform/dom_keys.h"
#include "ui/headless.h"
#include "ui/keys.h"

using namespace sip::platform;

TEST_CASE("DOM key codes map to ImGui keys") {
  CHECK(KeyFromDomCode("KeyA") == ImGuiKey_A);
  CHECK(KeyFromDomCode("KeyZ") == ImGuiKey_Z);
  CHECK(KeyFromDomCode("Digit0") == ImGuiKey_0);
  CHECK(KeyFromDomCode("Digit6") == ImGuiKey_6);
  CHECK(KeyFromDomCode("F1") == ImGuiKey_F1);
  CHECK(KeyFromDomCode("F12") == ImGuiKey_F12);
  CHECK(KeyFromDomCode("F13") == ImGuiKey_None);
  CHECK(KeyFromDomCode("Tab") == ImGuiKey_Tab);
  CHECK(KeyFromDomCode("ArrowLeft") == ImGuiKey_LeftArrow);
  CHECK(KeyFromDomCode("NumpadEnter") == ImGuiKey_KeypadEnter);
  CHECK(KeyFromDomCode("BracketLeft") == ImGuiKey_LeftBracket);   // å on a Swedish keyboard: text comes separately
  CHECK(KeyFromDomCode("AltRight") == ImGuiKey_RightAlt);         // AltGr
  CHECK(KeyFromDomCode("") == ImGuiKey_None);
  CHECK(KeyFromDomCode("Keya") == ImGuiKey_None);
  CHECK(KeyFromDomCode("IntlBackslash") == ImGuiKey_None);
}

TEST_CASE("key events with modifiers drive the UI's shortcuts") {
  sip::ui::testing::Headless h;
  ImGuiIO& io = ImGui::GetIO();
  auto press = [&](const char* code, int mods, sip::ui::Shortcut s) {
    AddDomKeyEvent(io, code, true, mods);
    bool hit = false;
    h.Frame([&] { hit = sip::ui::Pressed(s); });
    AddDomKeyEvent(io, code, false, 0);
    h.Frame([] {});
    return hit;
  };
  CHECK(press("KeyN", kModCtrl, sip::ui::Shortcut::NewCase));
  CHECK_FALSE(press("KeyN", 0, sip::ui::Shortcut::NewCase));
  CHECK(press("KeyS", kModCtrl, sip::ui::Shortcut::Save));
  CHECK(press("F1", 0, sip::ui::Shortcut::Help));
  CHECK(press("Digit3", kModAlt, sip::ui::Shortcut::Step3));
  // AltGr+2 types "@" on a Swedish layout (Ctrl+Alt): not a shortcut.
  CHECK_FALSE(press("Digit2", kModAlt | kModCtrl, sip::ui::Shortcut::Step2));
  CHECK(press("Escape", 0, sip::ui::Shortcut::Close));
}

TEST_CASE("text typed through the bridge reaches a field, including å ä ö, é and @") {
  sip::ui::testing::Headless h;
  std::string value;
  char buf[128] = "";
  bool focus = true;
  auto frame = [&] {
    h.Frame([&] {
      ImGui::Begin("w");
      if (focus) ImGui::SetKeyboardFocusHere();
      focus = false;
      ImGui::InputText("##t", buf, sizeof buf);
      value = buf;
      ImGui::End();
    });
  };
  for (int i = 0; i < 3; ++i) frame();   // the focus request activates the field on a later frame
  CHECK(ImGui::GetIO().WantTextInput);
  ImGui::GetIO().AddInputCharactersUTF8("Åsa Öberg é@ä");
  for (int i = 0; i < 3; ++i) frame();
  CHECK(value == "Åsa Öberg é@ä");
}
