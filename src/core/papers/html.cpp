// sipcore/papers/html.cpp — HTML text escaping shared by the FHIR narratives, the FHIR view and the papers.
#include "core/papers/html.h"

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

}  // namespace sip
