// sipcore/papers/consent.cpp — "Samtycke": the person's copy of every recorded consent (seed 004 §4.3:
// "Kopia på samtycket lämnas till den enskilda"), with seed 002's consent text: who gave it, the form,
// the period, the parties it covers, what must not be discussed, and whether it was withdrawn.
//
// Sections: what the consent means · one section per consent · your rights
#include <string>
#include <vector>

#include "core/papers/paper_page.h"

namespace sip::papers_detail {

Result<Paper> RenderConsent(const Case& c, const PaperParams& p) {
  if (c.consents.empty()) return Error{Errc::ConsentMissing, "no consent recorded"};
  Page page("Samtycke – kopia till den enskilde", nullptr);
  page.Raw("<header>\n<h1>Samtycke</h1>\n");
  page.P("Kopia till dig: samtycke till samordnad individuell plan (SIP)", "lead");
  page.Raw("</header>\n<main>\n");

  page.SectionOpen("innebord", "Det här betyder samtycket");
  page.P("Samtycket betyder att de som ska vara med på SIP-mötet får ta kontakt och prata med varandra om "
         "hur de på bästa sätt kan hjälpa dig. Det kan till exempel vara samtal på telefon när din SIP tas "
         "fram. Det gäller bara information som är viktig för att kunna hjälpa dig.");
  page.P("Du kan när som helst ta tillbaka samtycket.");
  page.SectionClose();

  const size_t n = c.consents.size();
  for (size_t i = 0; i < n; ++i) {
    const Consent& k = c.consents[i];
    const std::string id = "samtycke-" + std::to_string(i + 1);
    page.SectionOpen(id.c_str(), n == 1 ? std::string("Samtycket") : "Samtycke " + std::to_string(i + 1) + " av " + std::to_string(n));
    page.DlOpen();
    page.DlRow("Lämnat av", ConsentGiver(c, k.given_by));
    page.DlRow("Form", ConsentFormSv(k.form));
    const bool written = k.form == ConsentForm::Written;
    page.DlRow(written ? "Mottaget av" : "Antecknat av", k.documented_by);
    page.DlRow(written ? "Mottaget den" : "Antecknat den", DateSv(k.documented_on));
    page.DlRow("Gäller från", k.valid_from.empty() ? "Inte angivet" : DateSv(k.valid_from));
    page.DlRow("Gäller till", k.valid_to.empty() ? "Tills vidare, tills samtycket tas tillbaka" : DateSv(k.valid_to));
    page.DlListRow("Gäller för", k.covers, "Inte angivet");
    page.DlListRow("Får inte tas upp", k.exclusions, "Inga undantag");
    // Status on the day the paper is made (ISO dates compare as text); without that day, only withdrawal.
    const std::string& today = p.printed_on;
    std::string status = "Gäller";
    if (!k.withdrawn_on.empty()) {
      status = "Tillbakataget " + DateSv(k.withdrawn_on);
      if (!k.withdrawal_recorded_by.empty()) status += " (antecknat av " + k.withdrawal_recorded_by + ")";
    } else if (!today.empty() && !k.valid_to.empty() && k.valid_to < today) {
      status = "Har slutat gälla";
    } else if (!today.empty() && !k.valid_from.empty() && today < k.valid_from) {
      status = "Börjar gälla " + DateSv(k.valid_from);
    }
    page.DlRow("Status", status);
    page.DlClose();
    page.SectionClose();
  }

  page.SectionOpen("rattigheter", "Dina rättigheter");
  std::vector<std::string> rights;
  std::string whom = c.convener.name.empty() ? c.convener.organisation : c.convener.name;
  if (!c.convener.name.empty() && !c.convener.organisation.empty()) whom += ", " + c.convener.organisation;
  if (!c.convener.contact.empty()) whom += " (" + c.convener.contact + ")";
  rights.push_back(whom.empty() ? "Vill du ta tillbaka samtycket: säg till någon av dem som deltar i din SIP."
                                : "Vill du ta tillbaka samtycket: säg till " + whom + " eller någon annan som deltar i din SIP.");
  rights.push_back("Om du tar tillbaka samtycket gäller inte planen längre. Alla som deltar får veta det.");
  rights.push_back("Du får ett eget exemplar av din SIP.");
  page.List(rights);
  page.SectionClose();

  page.Raw("</main>\n");
  Footer(page, c, p.printed_on);
  return Paper{page.Finish(), "samtycke.html"};
}

}  // namespace sip::papers_detail
