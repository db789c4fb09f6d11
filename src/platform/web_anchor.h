// platform/web_anchor.h — the frame-cost anchor of toolchain.md, drawn by the app itself so that
// bench/frame-cost.mjs measures it side by side with the screens in one run: a 1,000-row × 5-column table,
// with ImGuiListClipper (toolchain.md: median 0.27 ms / p95 0.48 ms) or without it (1.85 / 2.63 ms).
// Off unless the bench turns it on (window.sipfield.benchAnchor(mode)); never shown to a user.
#pragma once

namespace sip::platform::anchor {

enum class Mode { Off = 0, Clipper = 1, NoClipper = 2 };

void Set(Mode mode);
Mode Current();
// Draws the anchor table as the whole frame's UI (between NewFrame and Render), in place of the app's screens.
void Draw();

}  // namespace sip::platform::anchor
