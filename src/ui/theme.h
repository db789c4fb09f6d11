// sipui/theme.h — fonts, text size and colours of the SIP Field interface.
//
// The UI speaks Swedish: the font must carry å ä ö, typographic punctuation ("–", "…", "”") and "§".
// Three themes: light (default), dark and high contrast. Every pair of text and background colour a theme
// uses is listed by TextColorPairs(), and tests/ui/theme_test.cpp checks their WCAG contrast ratio (≥ 4.5:1,
// ≥ 7:1 in high contrast). Text size is 100–200 %: the font atlas is rebuilt at the new pixel size (sharp
// text, unlike FontGlobalScale) and the spacing scaled with it.
//
// Order of use: ImGui::CreateContext(); ApplyTheme(); LoadFonts(); … later SetAppearance() when the user
// changes text size or theme — the platform then re-uploads the font texture (FontAtlasChanged()).
#pragma once

#include <string_view>
#include <vector>

struct ImFont;

namespace sip::ui {

enum class ThemeKind { Light, Dark, HighContrast };

// Glyph ranges the UI needs (zero-terminated pairs): Basic Latin + Latin-1 + general punctuation + a few
// symbols (✓, →). Static storage, as ImGui requires.
const unsigned short* GlyphRanges();
// Loads `ttf_path` at `size_px` with GlyphRanges() as the default font. Returns false (and keeps ImGui's
// built-in font) when the file cannot be read.
bool LoadFonts(const char* ttf_path, float size_px);
// The base pixel size of the UI font at 100 %.
inline constexpr float kBaseFontPx = 17.0f;
// The meeting view's faces (meeting_view.h), loaded beside the UI font by LoadFonts() at the same text size:
// large text for reading at two metres (1.8×: about 29 px at 100 %) and the timer's digits (5×, digits and ":+"
// only). Null when the UI font could not be loaded (the headless tests' built-in font): then the view uses the UI
// font.
ImFont* LargeFont();
ImFont* ClockFont();
inline constexpr float kLargeFontScale = 1.8f;
inline constexpr float kClockFontScale = 5.0f;

// Applies a theme's colours and the spacing for `text_percent` (100–200) to the current ImGui style.
void ApplyTheme(ThemeKind kind = ThemeKind::Light, int text_percent = 100);
ThemeKind CurrentTheme();
int CurrentTextPercent();

// Settings spellings ("light", "dark", "high_contrast"; "100" … "200"); unknown values give the defaults.
ThemeKind ThemeFromSetting(std::string_view v);
const char* ThemeSetting(ThemeKind k);
int TextPercentFromSetting(std::string_view v);

// The user chose another theme or text size: applies the theme at once and, when the size changed, asks
// the platform for a new font atlas (the next FontAtlasChanged() is true until the platform has rebuilt it
// with RebuildFonts()).
void SetAppearance(ThemeKind kind, int text_percent);
bool FontAtlasChanged();
// Rebuilds the atlas at CurrentTextPercent() from `ttf_path`, rasterised `pixel_ratio` times larger for
// high-density screens (the platform sets io.FontGlobalScale = 1 / pixel_ratio); it then uploads the texture.
bool RebuildFonts(const char* ttf_path, float pixel_ratio = 1.0f);

// --- Colours the screens share, and the contrast check --------------------------------------------------
struct Rgba {
  float r, g, b, a;
};
struct SemanticColors {
  Rgba error, warning, success, accent, muted;
};
SemanticColors Semantic(ThemeKind k);
SemanticColors Semantic();   // of the current theme

struct ColorPair {
  const char* fg_name;   // e.g. "Text", "Error"
  const char* bg_name;   // e.g. "WindowBg", "Button"
  Rgba fg, bg;
};
// Every text/background pair the UI draws in theme `k` (ImGui's text colours on each background a widget
// uses, and the semantic colours on the window and panel backgrounds).
std::vector<ColorPair> TextColorPairs(ThemeKind k);
// WCAG 2.x contrast ratio of two opaque colours (1 … 21).
double ContrastRatio(Rgba a, Rgba b);

}  // namespace sip::ui
