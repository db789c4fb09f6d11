// sipcore/display_text.cpp — see display_text.h.
#include "core/display_text.h"

namespace sip {

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

bool IsControlOrBidi(uint32_t cp) {
  if (cp < 0x20) return true;
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  return false;
}

bool HasControlOrBidi(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, cp);
    if (n == 0 || IsControlOrBidi(cp)) return true;
    i += n;
  }
  return false;
}

std::string TerminalEscape(std::string_view text, bool keep_line_breaks) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string s;
  s.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, cp);
    if (n == 0) {
      const auto byte = static_cast<uint8_t>(text[i]);
      s += "\\x";
      s += kHex[byte >> 4];
      s += kHex[byte & 15];
      ++i;
      continue;
    }
    if (IsControlOrBidi(cp) && !(keep_line_breaks && (cp == '\n' || cp == '\t'))) {
      s += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) s += kHex[(cp >> shift) & 15];
    } else {
      s.append(text.substr(i, n));
    }
    i += n;
  }
  return s;
}

}  // namespace sip
