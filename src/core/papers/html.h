// sipcore/papers/html.h — HTML text escaping shared by the FHIR narratives, the FHIR view and the papers.
//
//   HtmlEscape()  the five markup characters (& < > " ') — FHIR narratives and the FHIR view
//   HtmlText()    HtmlEscape() plus neutralising characters that can hide or reorder text — the papers
#pragma once

#include <string>
#include <string_view>

namespace sip {

// HTML/XML text escaping (& < > " ').
std::string HtmlEscape(std::string_view text);

// Text for a paper (core/papers/papers.h), safe in element content and in quoted attributes:
// HtmlEscape() plus U+FFFD (the replacement character) in place of
//   - C0 control characters other than tab and line feed, and DEL (U+007F);
//   - C1 control characters (U+0080–U+009F);
//   - the bidirectional embedding/override controls U+202A–U+202E and isolates U+2066–U+2069, which could
//     make a paper read differently from what was typed ("Trojan Source");
//   - every byte of malformed UTF-8 (overlong forms, surrogates, truncated sequences, > U+10FFFF).
// A carriage return is dropped (CR LF and lone CR become a line feed).
std::string HtmlText(std::string_view text);

}  // namespace sip
