// sipcore/papers/papers.h — the papers of a case (issue #11): what is printed or handed over on paper.
//
// Table of contents (one file per paper, one renderer for every face):
//   RenderPaper()              the one entry point; picks the paper              core/papers/papers.cpp
//     PaperKind::MinSip        "Min SIP": the person's own copy of an
//                              established plan version                         core/papers/min_sip.cpp
//     PaperKind::Invitation    "Kallelse till SIP-möte" (seed 002's template)     core/papers/invitation.cpp
//     PaperKind::Consent       "Samtycke": the person's copy of the recorded
//                              consents (seed 004 §4.3)                          core/papers/consent.cpp
//   HtmlText()                 escaping of every user text                      core/papers/html.h
//   (shared page skeleton, print CSS and Swedish labels: core/papers/paper_page.h, internal to sipcore)
//   RenderHtml()               the FHIR document view, a sibling                core/papers/fhir_view.cpp
//
// Every paper is a complete HTML5 page in Swedish: lang="sv", a title, header/main/footer landmarks, headings
// in order, lists, tables with caption and header cells, print CSS for A4 (headings kept with what follows,
// rows and list items never split across pages, table headers repeated), a Content-Security-Policy that
// allows no script and no external resource, and no <script>. Every text from the case goes through
// HtmlText(). No I/O, no clock: the output depends only on the case and the params, so the browser (the
// `case.paper` query) and the CLI (`sipfield render`) make the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"
#include "core/result.h"

namespace sip {

enum class PaperKind { MinSip, Invitation, Consent };

// "min-sip", "invitation", "consent" (the `doc` argument of case.paper and sipfield render).
std::string_view PaperKindName(PaperKind k);
std::optional<PaperKind> ParsePaperKind(std::string_view name);

struct PaperParams {
  PaperKind kind = PaperKind::MinSip;
  // Min SIP only: the established version (PlanVersion::version, 1…); 0 = the latest. Must be 0 for the
  // other papers.
  int version = 0;
  // "YYYY-MM-DD": the day the paper is made, printed in its footer; "" = no such line.
  std::string printed_on;
};

struct Paper {
  std::string html;        // the complete page
  std::string file_name;   // a suggested file name without personal data ("min-sip-version-1.html")
};

// Renders one paper of `c`. Errors:
//   invalid_argument  detail "version": negative, or given for a paper other than Min SIP;
//                     detail "printed_on": not a date
//   wrong_step        detail "no established plan": Min SIP before any version was established
//   not_found         detail "version": no established version with that number
//   consent_missing   the consent paper when no consent was ever recorded
Result<Paper> RenderPaper(const Case& c, const PaperParams& p);

}  // namespace sip
