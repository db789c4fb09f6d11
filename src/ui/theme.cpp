#include "ui/theme.h"

#include <imgui.h>

namespace sip::ui {

const unsigned short* GlyphRanges() {
  static const ImWchar kRanges[] = {
      0x0020, 0x00FF,   // Basic Latin + Latin-1 Supplement (å ä ö é §)
      0x2010, 0x205E,   // General punctuation: – — ‘ ’ “ ” • …
      0x20AC, 0x20AC,   // €
      0x2190, 0x2193,   // ← ↑ → ↓
      0x2713, 0x2714,   // ✓ ✔
      0x2715, 0x2717,   // ✕ ✖ ✗
      0,
  };
  return kRanges;
}

bool LoadFonts(const char* ttf_path, float size_px) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  ImFont* font = io.Fonts->AddFontFromFileTTF(ttf_path, size_px, &cfg, GlyphRanges());
  if (!font) {
    io.Fonts->AddFontDefault();
    return false;
  }
  return true;
}

void ApplyTheme() {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0.0f;
  s.FrameRounding = 4.0f;
  s.GrabRounding = 4.0f;
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 7);
  s.WindowPadding = ImVec2(14, 12);
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  s.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  s.Colors[ImGuiCol_Header] = ImVec4(0.80f, 0.87f, 0.93f, 1.0f);
  s.Colors[ImGuiCol_Button] = ImVec4(0.84f, 0.89f, 0.94f, 1.0f);
  s.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.72f, 0.81f, 0.90f, 1.0f);
}

}  // namespace sip::ui
