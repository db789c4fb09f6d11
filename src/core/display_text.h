// sipcore/display_text.h — text from outside, made safe to show: the one place that decides which characters
// can hide, fake or reorder what a person reads. Used by the HTML papers (papers/html.h HtmlText), the CLI's
// human-readable output (cli/safe_output.h) and the checks on device-controlled names (enrollment requests).
//
//   DecodeUtf8()          one UTF-8 sequence, strictly (no overlong forms, surrogates, > U+10FFFF)
//   IsControlOrBidi()     C0 controls, DEL, C1 controls, bidirectional embeddings/overrides/isolates
//   HasControlOrBidi()    any of those (or malformed UTF-8) in a text
//   TerminalEscape()      a text with those written as visible escapes (\u001B, \u202E, \xFF)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sip {

// Decodes the UTF-8 sequence at text[i] into `cp`; returns its length, or 0 when it is malformed
// (overlong, a surrogate, above U+10FFFF, truncated, a stray continuation byte).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& cp);

// C0 controls (U+0000–U+001F, tab and line feed included), DEL (U+007F), C1 controls (U+0080–U+009F), the
// bidirectional embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 ("Trojan Source").
bool IsControlOrBidi(uint32_t cp);

// True when `text` holds a character IsControlOrBidi() names, or malformed UTF-8.
bool HasControlOrBidi(std::string_view text);

// `text` with every character IsControlOrBidi() names written as `\uXXXX` (e.g. ESC → `\u001B`, U+202E →
// `\u202E`) and every byte of malformed UTF-8 as `\xNN`, so a terminal shows them instead of obeying them.
// With `keep_line_breaks`, tab and line feed stay as they are (for multi-line output as a whole). A `\uXXXX`
// escape is also valid inside a JSON string, so JSON output stays JSON with the same meaning.
std::string TerminalEscape(std::string_view text, bool keep_line_breaks = false);

}  // namespace sip
