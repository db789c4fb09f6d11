// platform/web_input.h — the browser's input for Dear ImGui, and the text bridge.
//
// web/sipfield-input.js listens to the page: pointer and wheel events on the canvas, key events, and a
// hidden <textarea> (the text bridge) that holds the keyboard focus while ImGui wants text. Everything a
// keyboard layout, a dead key, an IME or a paste produces arrives there as ordinary DOM text (`input`,
// `compositionend`, `paste`) and is handed to ImGui as characters, so å ä ö, é, @ and Chinese all work the
// same way. Each frame, AfterFrame() tells the page whether text is wanted and where the caret is, so the
// textarea (and with it an IME's candidate window) sits at the caret. Copying (Ctrl+C/X in a field) goes to
// the system clipboard through navigator.clipboard; a paste's text is handed to ImGui's own Ctrl+V.
//
// The C entry points (sipfield_input_*) are called from JS; see web/sipfield-input.js.
#pragma once

namespace sip::platform::input {

// Installs the clipboard and IME callbacks in ImGui's IO. Call once after ImGui::CreateContext().
void Install();
// After ImGui::Render(): tells the page whether the text bridge should hold the focus and where the caret is.
void AfterFrame();
// Whether input events wait in ImGui's queue. ImGui takes one change per key or button per frame (a click
// and a key pressed in one browser task take four frames), so frames must go on while any wait: otherwise
// the rest would sit until the next idle frame, a second later.
bool Pending();

}  // namespace sip::platform::input
