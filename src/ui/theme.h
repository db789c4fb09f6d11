// sipui/theme.h — fonts and colours of the SIP Field interface.
//
// The UI speaks Swedish: the font must carry å ä ö, typographic punctuation ("–", "…", "”") and "§".
// Call LoadFonts() once after ImGui::CreateContext() and before the first NewFrame().
#pragma once

namespace sip::ui {

// Glyph ranges the UI needs (zero-terminated pairs): Basic Latin + Latin-1 + general punctuation + a few
// symbols (✓, →). Static storage, as ImGui requires.
const unsigned short* GlyphRanges();
// Loads `ttf_path` at `size_px` with GlyphRanges() as the default font. Returns false (and keeps ImGui's
// built-in font) when the file cannot be read.
bool LoadFonts(const char* ttf_path, float size_px);
// A calm light theme with enough contrast for daylight use on a laptop.
void ApplyTheme();

}  // namespace sip::ui
