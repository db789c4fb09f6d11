// sipcore/papers/html.cpp — HTML text escaping shared by the FHIR narratives, the FHIR view and the papers.
#include "core/papers/html.h"

#include <cstdint>

#include "core/display_text.h"

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

// Tab and line feed are text in a paper; every other character core/display_text.h names is neutralised.
bool Neutralised(uint32_t cp) { return cp != '\t' && cp != '\n' && IsControlOrBidi(cp); }

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
