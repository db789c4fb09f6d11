// tests/ui/headless.h — an ImGui context with a font atlas but no renderer, for driving screens frame by
// frame in tests (native and wasm). One per test case; it destroys the context when it goes.
#pragma once

#include <imgui.h>

#include "ui/app_ui.h"
#include "ui/theme.h"

namespace sip::ui::testing {

struct Headless {
  Headless() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1200, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->AddFontDefault();
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    ApplyTheme();
  }
  ~Headless() { ImGui::DestroyContext(); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  // One frame: NewFrame, `draw`, Render.
  template <class F>
  void Frame(F&& draw) {
    ImGui::NewFrame();
    draw();
    ImGui::Render();
  }
  // Ctrl+`key` as a keyboard sends it: pressed in one frame of the application window, released in the next.
  void CtrlChord(AppUi& ui, const UiStatus& status, UnixMs now, ImGuiKey key) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(key, true);
    DrawApp(ui, status, now, 1);
    io.AddKeyEvent(key, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
  }
  // `frames` frames of the whole application window.
  void DrawApp(AppUi& ui, const UiStatus& status, UnixMs now, int frames = 2) {
    for (int i = 0; i < frames; ++i) Frame([&] { ui.Draw(status, now); });
  }
};

}  // namespace sip::ui::testing
