#include "ui/theme.h"

#include <imgui.h>

#include <cmath>
#include <string>

namespace sip::ui {
namespace {

ThemeKind g_theme = ThemeKind::Light;
int g_text_percent = 100;
bool g_atlas_changed = false;

constexpr Rgba Hex(unsigned rgb) {
  return {static_cast<float>((rgb >> 16) & 0xff) / 255.0f, static_cast<float>((rgb >> 8) & 0xff) / 255.0f,
          static_cast<float>(rgb & 0xff) / 255.0f, 1.0f};
}
ImVec4 V(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }

// One theme's palette. Every colour is opaque, so the contrast of each pair can be checked as drawn.
struct Palette {
  unsigned window, child, popup, text, text_muted, frame, frame_hover, frame_active, border, button,
      button_hover, button_active, header, header_hover, header_active, row_alt, table_header, selection,
      check, nav, error, warning, success, accent;
};

constexpr Palette kLight{0xF5F5F2, 0xFFFFFF, 0xFFFFFF, 0x1A1A1A, 0x595959, 0xEEF2F7, 0xE2E9F2, 0xFFFFFF,
                         0x6B7280, 0xD4E1F0, 0xBCD0E8, 0xA6C1E0, 0xCFDDEE, 0xBCD0E8, 0xA6C1E0, 0xF3F5F8,
                         0xE4E9F0, 0xB3D4FF, 0x0B4F8A, 0x0B4F8A, 0xB00020, 0x8A4B00, 0x1E6B2E, 0x0B4F8A};
constexpr Palette kDark{0x1C1D20, 0x24262A, 0x2A2C31, 0xECECEC, 0xA7ABB2, 0x30333A, 0x393D45, 0x1C1D20,
                        0x8A8F98, 0x2F4A6B, 0x365579, 0x3D5F88, 0x34506F, 0x3A587A, 0x3F5F84, 0x2A2C31,
                        0x30333A, 0x27476E, 0x8AB4F8, 0x8AB4F8, 0xFF8A80, 0xFFC266, 0x7DD38A, 0x8AB4F8};
constexpr Palette kHighContrast{0x000000, 0x000000, 0x000000, 0xFFFFFF, 0xD9D9D9, 0x0F0F0F, 0x262626, 0x000000,
                                0xFFFFFF, 0x1A1A1A, 0x333333, 0x404040, 0x003366, 0x004080, 0x004C99, 0x141414,
                                0x1F1F1F, 0x00407F, 0xFFFF00, 0xFFFF00, 0xFF7B7B, 0xFFD700, 0x66FF66, 0xFFFF00};

const Palette& PaletteOf(ThemeKind k) {
  switch (k) {
    case ThemeKind::Dark: return kDark;
    case ThemeKind::HighContrast: return kHighContrast;
    case ThemeKind::Light: break;
  }
  return kLight;
}

double Channel(float c) {
  const double v = c;
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double Luminance(Rgba c) { return 0.2126 * Channel(c.r) + 0.7152 * Channel(c.g) + 0.0722 * Channel(c.b); }

}  // namespace

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

namespace {
ImFont* g_large = nullptr;
ImFont* g_clock = nullptr;
// Only while the font belongs to the current context's atlas (a test may have made another context since).
ImFont* Current(ImFont* f) {
  return f && ImGui::GetCurrentContext() && ImGui::GetIO().Fonts->Fonts.contains(f) ? f : nullptr;
}
}  // namespace

ImFont* LargeFont() { return Current(g_large); }
ImFont* ClockFont() { return Current(g_clock); }

bool LoadFonts(const char* ttf_path, float size_px) {
  ImGuiIO& io = ImGui::GetIO();
  g_large = g_clock = nullptr;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  ImFont* font = io.Fonts->AddFontFromFileTTF(ttf_path, size_px, &cfg, GlyphRanges());
  if (!font) {
    io.Fonts->AddFontDefault();
    return false;
  }
  ImFontConfig big;
  big.OversampleH = 1;
  big.OversampleV = 1;
  g_large = io.Fonts->AddFontFromFileTTF(ttf_path, size_px * kLargeFontScale, &big, GlyphRanges());
  static const ImWchar kClockGlyphs[] = {0x0020, 0x0020, 0x002B, 0x002B, 0x0030, 0x003A, 0};   // " +0-9:"
  g_clock = io.Fonts->AddFontFromFileTTF(ttf_path, size_px * kClockFontScale, &big, kClockGlyphs);
  return true;
}

void ApplyTheme(ThemeKind kind, int text_percent) {
  g_theme = kind;
  g_text_percent = text_percent < 100 ? 100 : text_percent > 200 ? 200 : text_percent;
  const Palette& p = PaletteOf(kind);
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowRounding = 0.0f;
  s.ChildRounding = 4.0f;
  s.FrameRounding = 4.0f;
  s.GrabRounding = 4.0f;
  s.PopupRounding = 4.0f;
  s.FrameBorderSize = 1.0f;   // every field has a visible frame, whatever the background
  s.ChildBorderSize = 1.0f;
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 7);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.WindowPadding = ImVec2(14, 12);
  s.ScrollbarSize = 16.0f;
  s.ScaleAllSizes(static_cast<float>(g_text_percent) / 100.0f);

  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = V(Hex(p.text));
  c[ImGuiCol_TextDisabled] = V(Hex(p.text_muted));
  c[ImGuiCol_WindowBg] = V(Hex(p.window));
  c[ImGuiCol_ChildBg] = V(Hex(p.child));
  c[ImGuiCol_PopupBg] = V(Hex(p.popup));
  c[ImGuiCol_Border] = V(Hex(p.border));
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = V(Hex(p.frame));
  c[ImGuiCol_FrameBgHovered] = V(Hex(p.frame_hover));
  c[ImGuiCol_FrameBgActive] = V(Hex(p.frame_active));
  c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBgCollapsed] = V(Hex(p.table_header));
  c[ImGuiCol_MenuBarBg] = V(Hex(p.window));
  c[ImGuiCol_ScrollbarBg] = V(Hex(p.window));
  c[ImGuiCol_ScrollbarGrab] = V(Hex(p.border));
  c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = V(Hex(p.text_muted));
  c[ImGuiCol_CheckMark] = V(Hex(p.check));
  c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = V(Hex(p.check));
  c[ImGuiCol_Button] = V(Hex(p.button));
  c[ImGuiCol_ButtonHovered] = V(Hex(p.button_hover));
  c[ImGuiCol_ButtonActive] = V(Hex(p.button_active));
  c[ImGuiCol_Header] = V(Hex(p.header));
  c[ImGuiCol_HeaderHovered] = V(Hex(p.header_hover));
  c[ImGuiCol_HeaderActive] = V(Hex(p.header_active));
  c[ImGuiCol_Separator] = c[ImGuiCol_SeparatorHovered] = c[ImGuiCol_SeparatorActive] = V(Hex(p.border));
  c[ImGuiCol_Tab] = V(Hex(p.button));
  c[ImGuiCol_TabHovered] = V(Hex(p.button_hover));
  c[ImGuiCol_TabActive] = V(Hex(p.header_active));
  c[ImGuiCol_TabUnfocused] = V(Hex(p.button));
  c[ImGuiCol_TabUnfocusedActive] = V(Hex(p.header));
  c[ImGuiCol_TableHeaderBg] = V(Hex(p.table_header));
  c[ImGuiCol_TableBorderStrong] = c[ImGuiCol_TableBorderLight] = V(Hex(p.border));
  c[ImGuiCol_TableRowBg] = V(Hex(p.child));
  c[ImGuiCol_TableRowBgAlt] = V(Hex(p.row_alt));
  c[ImGuiCol_TextSelectedBg] = V(Hex(p.selection));
  c[ImGuiCol_NavHighlight] = V(Hex(p.nav));
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.45f);
}

ThemeKind CurrentTheme() { return g_theme; }
int CurrentTextPercent() { return g_text_percent; }

ThemeKind ThemeFromSetting(std::string_view v) {
  if (v == "dark") return ThemeKind::Dark;
  if (v == "high_contrast") return ThemeKind::HighContrast;
  return ThemeKind::Light;
}
const char* ThemeSetting(ThemeKind k) {
  switch (k) {
    case ThemeKind::Dark: return "dark";
    case ThemeKind::HighContrast: return "high_contrast";
    case ThemeKind::Light: break;
  }
  return "light";
}
int TextPercentFromSetting(std::string_view v) {
  for (int p : {100, 125, 150, 175, 200})
    if (v == std::to_string(p)) return p;
  return 100;
}

void SetAppearance(ThemeKind kind, int text_percent) {
  const int before = g_text_percent;
  ApplyTheme(kind, text_percent);
  if (g_text_percent != before) g_atlas_changed = true;
}
bool FontAtlasChanged() { return g_atlas_changed; }
bool RebuildFonts(const char* ttf_path, float pixel_ratio) {
  g_atlas_changed = false;
  ImGui::GetIO().Fonts->Clear();
  return LoadFonts(ttf_path, kBaseFontPx * static_cast<float>(g_text_percent) / 100.0f * pixel_ratio);
}

SemanticColors Semantic(ThemeKind k) {
  const Palette& p = PaletteOf(k);
  return {Hex(p.error), Hex(p.warning), Hex(p.success), Hex(p.accent), Hex(p.text_muted)};
}
SemanticColors Semantic() { return Semantic(g_theme); }

std::vector<ColorPair> TextColorPairs(ThemeKind k) {
  const Palette& p = PaletteOf(k);
  std::vector<ColorPair> out;
  struct Bg {
    const char* name;
    unsigned rgb;
  };
  const Bg text_bgs[] = {{"WindowBg", p.window},         {"ChildBg", p.child},         {"PopupBg", p.popup},
                         {"FrameBg", p.frame},           {"FrameBgHovered", p.frame_hover},
                         {"FrameBgActive", p.frame_active}, {"Button", p.button},      {"ButtonHovered", p.button_hover},
                         {"ButtonActive", p.button_active}, {"Header", p.header},      {"HeaderHovered", p.header_hover},
                         {"HeaderActive", p.header_active}, {"TableRowBgAlt", p.row_alt},
                         {"TableHeaderBg", p.table_header}, {"TextSelectedBg", p.selection}};
  for (const auto& b : text_bgs) out.push_back({"Text", b.name, Hex(p.text), Hex(b.rgb)});
  // Muted text (help lines, hints inside empty fields, dates) and the semantic colours stand on the
  // window, panel, field and alternate-row backgrounds.
  const Bg plain_bgs[] = {{"WindowBg", p.window}, {"ChildBg", p.child}, {"FrameBg", p.frame},
                          {"TableRowBgAlt", p.row_alt}, {"PopupBg", p.popup}};
  const std::pair<const char*, unsigned> fgs[] = {{"TextDisabled", p.text_muted}, {"Error", p.error},
                                                  {"Warning", p.warning},         {"Success", p.success},
                                                  {"Accent", p.accent}};
  for (const auto& f : fgs)
    for (const auto& b : plain_bgs) out.push_back({f.first, b.name, Hex(f.second), Hex(b.rgb)});
  return out;
}

double ContrastRatio(Rgba a, Rgba b) {
  double la = Luminance(a), lb = Luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

}  // namespace sip::ui
