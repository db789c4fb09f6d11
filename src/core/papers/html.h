// sipcore/papers/html.h — HTML text escaping shared by the FHIR narratives, the FHIR view and the papers.
#pragma once

#include <string>
#include <string_view>

namespace sip {

// HTML/XML text escaping (& < > " ').
std::string HtmlEscape(std::string_view text);

}  // namespace sip
