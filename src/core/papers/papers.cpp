// sipcore/papers/papers.cpp — RenderPaper(): checks the params and hands over to the paper's renderer.
#include "core/papers/papers.h"

#include "core/papers/paper_page.h"
#include "core/time.h"

namespace sip {

std::string_view PaperKindName(PaperKind k) {
  switch (k) {
    case PaperKind::MinSip: return "min-sip";
    case PaperKind::Invitation: return "invitation";
    case PaperKind::Consent: return "consent";
  }
  return "";
}

std::optional<PaperKind> ParsePaperKind(std::string_view name) {
  for (PaperKind k : {PaperKind::MinSip, PaperKind::Invitation, PaperKind::Consent})
    if (PaperKindName(k) == name) return k;
  return std::nullopt;
}

Result<Paper> RenderPaper(const Case& c, const PaperParams& p) {
  if (p.version < 0 || (p.version != 0 && p.kind != PaperKind::MinSip)) return Error{Errc::InvalidArgument, "version"};
  if (!p.printed_on.empty() && !ParseDate(p.printed_on)) return Error{Errc::InvalidArgument, "printed_on"};
  switch (p.kind) {
    case PaperKind::MinSip: return papers_detail::RenderMinSip(c, p);
    case PaperKind::Invitation: return papers_detail::RenderInvitation(c, p);
    case PaperKind::Consent: return papers_detail::RenderConsent(c, p);
  }
  return Error{Errc::InvalidArgument, "doc"};
}

}  // namespace sip
