// platform/dom_keys.h — the browser's KeyboardEvent.code ("KeyA", "Digit1", "ArrowLeft" …) as Dear ImGui
// keys. `code` names the physical key, independent of the layout, which is what shortcuts and navigation
// want; the characters a layout produces (å, @, é) arrive separately as text through the text bridge.
// Platform-free, so it is tested natively (tests/platform).
#pragma once

#include <imgui.h>

#include <string_view>

namespace sip::platform {

// ImGuiKey_None for a code SIP Field does not use.
ImGuiKey KeyFromDomCode(std::string_view code);

// Modifier bits the page sends with each key event.
enum DomModifier : int { kModCtrl = 1, kModShift = 2, kModAlt = 4, kModSuper = 8 };

// Feeds one key event to ImGui: the modifiers first (as ImGuiMod_* keys), then the key.
void AddDomKeyEvent(ImGuiIO& io, std::string_view code, bool down, int modifiers);

}  // namespace sip::platform
