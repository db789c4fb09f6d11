#include "platform/web_input.h"

#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>   // the input event queue: Pending()

#include <cmath>
#include <string>

#include "platform/dom_keys.h"

namespace sip::platform::input {
namespace {

std::string g_clipboard;       // what ImGui's Ctrl+V pastes: the text of the page's last paste event
bool g_ime_visible = false;    // the caret of an active text field, from ImGui's IME callback
float g_ime_x = 0, g_ime_y = 0, g_ime_h = 0;
struct BridgeState {
  int want = -1;
  int x = -1, y = -1, h = -1;
};
BridgeState g_sent;

const char* GetClipboard(void*) { return g_clipboard.c_str(); }

void SetClipboard(void*, const char* text) {
  g_clipboard = text ? text : "";
  // Within the key event's user activation (Chromium keeps it for seconds), so the write is allowed.
  EM_ASM({ Module.sipfieldCopy(UTF8ToString($0)); }, g_clipboard.c_str());
}

void SetImeData(ImGuiViewport*, ImGuiPlatformImeData* data) {
  g_ime_visible = data->WantVisible;
  g_ime_x = data->InputPos.x;
  g_ime_y = data->InputPos.y;
  g_ime_h = data->InputLineHeight;
}

}  // namespace

void Install() {
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = GetClipboard;
  io.SetClipboardTextFn = SetClipboard;
  io.SetPlatformImeDataFn = SetImeData;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;   // Tab, arrows, Space and Enter reach every widget
  io.BackendPlatformName = "sipfield_web";
}

void AfterFrame() {
  const ImGuiIO& io = ImGui::GetIO();
  BridgeState now;
  now.want = io.WantTextInput ? 1 : 0;
  if (now.want && g_ime_visible) {
    now.x = static_cast<int>(std::lround(g_ime_x));
    now.y = static_cast<int>(std::lround(g_ime_y));
    now.h = static_cast<int>(std::lround(g_ime_h));
  }
  if (now.want == g_sent.want && now.x == g_sent.x && now.y == g_sent.y && now.h == g_sent.h) return;
  g_sent = now;
  EM_ASM({ Module.sipfieldTextBridge($0, $1, $2, $3); }, now.want, now.x, now.y, now.h);
}

bool Pending() {
  const ImGuiContext* g = ImGui::GetCurrentContext();
  return g && g->InputEventsQueue.Size > 0;
}

}  // namespace sip::platform::input

extern "C" {

// A key went down or up: `code` is KeyboardEvent.code, `mods` the DomModifier bits.
EMSCRIPTEN_KEEPALIVE void sipfield_input_key(const char* code, int down, int mods) {
  sip::platform::AddDomKeyEvent(ImGui::GetIO(), code ? code : "", down != 0, mods);
}

// Text typed, composed or pasted outside Ctrl+V (UTF-8).
EMSCRIPTEN_KEEPALIVE void sipfield_input_text(const char* utf8) {
  if (utf8) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// A paste event that follows Ctrl+V: ImGui's own paste (which it performs on the key) takes this text.
// Tests: whether input events still wait for frames (window.sipfield.inputPending()).
EMSCRIPTEN_KEEPALIVE int sipfield_input_pending() { return sip::platform::input::Pending() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE void sipfield_input_paste(const char* utf8) { sip::platform::input::g_clipboard = utf8 ? utf8 : ""; }

EMSCRIPTEN_KEEPALIVE void sipfield_input_mouse_pos(double x, double y) {
  ImGui::GetIO().AddMousePosEvent(static_cast<float>(x), static_cast<float>(y));
}

// DOM buttons: 0 left, 1 middle, 2 right → ImGui 0 left, 1 right, 2 middle.
EMSCRIPTEN_KEEPALIVE void sipfield_input_mouse_button(int button, int down) {
  const int b = button == 1 ? 2 : button == 2 ? 1 : button;
  if (b >= 0 && b < ImGuiMouseButton_COUNT) ImGui::GetIO().AddMouseButtonEvent(b, down != 0);
}

// Wheel steps (one notch = 1), positive up/left as ImGui expects.
EMSCRIPTEN_KEEPALIVE void sipfield_input_wheel(double dx, double dy) {
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(dx), static_cast<float>(dy));
}

EMSCRIPTEN_KEEPALIVE void sipfield_input_focus(int focused) { ImGui::GetIO().AddFocusEvent(focused != 0); }

}  // extern "C"
