// sipui/keys.h — the keys the UI's shortcuts use, in one key-code space shared with the platform.
//
// Dear ImGui 1.86 indexes io.KeysDown[] by the platform's key codes. SIP Field's platform layer
// (src/platform/web_input.cpp) and the headless tests both use the codes below — GLFW's numbering, so
// letters and digits are their ASCII capitals — and map ImGui's navigation keys through io.KeyMap
// (MapNavigationKeys()). Screens ask Shortcut() instead of reading key codes.
#pragma once

namespace sip::ui {

namespace key {
inline constexpr int kTab = 258, kEnter = 257, kEscape = 256, kBackspace = 259, kDelete = 261, kRight = 262,
                     kLeft = 263, kDown = 264, kUp = 265, kPageUp = 266, kPageDown = 267, kHome = 268, kEnd = 269,
                     kInsert = 260, kSpace = 32, kF1 = 290, kKeypadEnter = 335;
inline constexpr int kA = 'A', kC = 'C', kF = 'F', kL = 'L', kN = 'N', kS = 'S', kV = 'V', kX = 'X', kY = 'Y',
                     kZ = 'Z', k1 = '1';
}  // namespace key

// Fills io.KeyMap so ImGui's own keys (Tab, arrows, Enter, Ctrl+C/V/X/Z/Y/A …) use the codes above.
void MapNavigationKeys();

enum class Shortcut { NewCase, Search, Save, Help, Close, Step1, Step2, Step3, Step4, Step5, Step6 };
// True in the frame the shortcut was pressed: Ctrl+N, Ctrl+F, Ctrl+S, F1, Esc, Alt+1 … Alt+6.
bool Pressed(Shortcut s);

}  // namespace sip::ui
