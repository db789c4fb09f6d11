// Every text/background colour pair of every theme meets WCAG AA (4.5:1), and high contrast meets AAA (7:1).
#include <doctest/doctest.h>

#include <imgui.h>

#include "ui/headless.h"
#include "ui/theme.h"

using namespace sip::ui;

TEST_CASE("contrast ratio: known answers") {
  CHECK(ContrastRatio({0, 0, 0, 1}, {1, 1, 1, 1}) == doctest::Approx(21.0));
  CHECK(ContrastRatio({1, 1, 1, 1}, {1, 1, 1, 1}) == doctest::Approx(1.0));
  // #767676 on white is the classic 4.54:1.
  CHECK(ContrastRatio({118 / 255.0f, 118 / 255.0f, 118 / 255.0f, 1}, {1, 1, 1, 1}) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text colour of every theme has enough contrast on every background it is drawn on") {
  for (ThemeKind k : {ThemeKind::Light, ThemeKind::Dark, ThemeKind::HighContrast}) {
    const double floor = k == ThemeKind::HighContrast ? 7.0 : 4.5;
    const auto pairs = TextColorPairs(k);
    CHECK(pairs.size() >= 30);
    for (const auto& p : pairs) {
      INFO(ThemeSetting(k) << ": " << p.fg_name << " on " << p.bg_name);
      CHECK(ContrastRatio(p.fg, p.bg) >= floor);
    }
  }
}

TEST_CASE("the theme's pairs are the colours ImGui draws with") {
  testing::Headless h;
  for (ThemeKind k : {ThemeKind::Light, ThemeKind::Dark, ThemeKind::HighContrast}) {
    ApplyTheme(k);
    const ImVec4* c = ImGui::GetStyle().Colors;
    for (const auto& p : TextColorPairs(k)) {
      if (std::string(p.fg_name) != "Text") continue;
      CHECK(c[ImGuiCol_Text].x == doctest::Approx(p.fg.r));
    }
    const Rgba bg = TextColorPairs(k)[0].bg;   // Text on WindowBg
    CHECK(c[ImGuiCol_WindowBg].x == doctest::Approx(bg.r));
    CHECK(c[ImGuiCol_WindowBg].w == 1.0f);
    CHECK(ImGui::GetStyle().FrameBorderSize >= 1.0f);   // every field has a visible frame
  }
  ApplyTheme();
}

TEST_CASE("appearance settings: spellings, text size scales spacing and asks for a new font atlas") {
  testing::Headless h;
  CHECK(ThemeFromSetting("dark") == ThemeKind::Dark);
  CHECK(ThemeFromSetting("nonsense") == ThemeKind::Light);
  CHECK(TextPercentFromSetting("150") == 150);
  CHECK(TextPercentFromSetting("300") == 100);
  ApplyTheme(ThemeKind::Light, 100);
  const float pad100 = ImGui::GetStyle().FramePadding.x;
  CHECK_FALSE(FontAtlasChanged());
  SetAppearance(ThemeKind::HighContrast, 200);
  CHECK(FontAtlasChanged());
  CHECK(CurrentTextPercent() == 200);
  CHECK(ImGui::GetStyle().FramePadding.x == doctest::Approx(pad100 * 2));
  CHECK(RebuildFonts(SIP_FONT));
  CHECK_FALSE(FontAtlasChanged());
  unsigned char* px = nullptr;
  int w = 0, hh = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &hh);
  CHECK(ImGui::GetIO().Fonts->Fonts[0]->FontSize == doctest::Approx(kBaseFontPx * 2));
  ApplyTheme();
}
