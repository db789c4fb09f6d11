// sipcore/papers/html.cpp — HTML text escaping shared by the FHIR narratives, the FHIR view and the papers.
#include "core/papers/html.h"

#include <cstdint>

namespace sip {

std::string HtmlEscape(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      case '\'': s += "&#39;"; break;
      default: s += ch;
    }
  }
  return s;
}

namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";   // U+FFFD

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when malformed (then one byte is replaced).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t b0 = b(i);
  size_t n = 0;
  uint32_t min = 0;
  if (b0 < 0x80) { cp = b0; return 1; }
  if ((b0 & 0xE0) == 0xC0) { n = 2; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { n = 3; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { n = 4; cp = b0 & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool Neutralised(uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  return false;
}

}  // namespace

std::string HtmlText(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\r') {   // CR LF → LF, lone CR → LF
      if (i + 1 >= text.size() || text[i + 1] != '\n') s += '\n';
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, cp);
    if (n == 0) {
      s += kReplacement;
      ++i;
      continue;
    }
    if (Neutralised(cp)) s += kReplacement;
    else if (n == 1) s += HtmlEscape(text.substr(i, 1));
    else s.append(text.substr(i, n));
    i += n;
  }
  return s;
}

}  // namespace sip
