// sipcore/papers/invitation.cpp — "Kallelse till SIP-möte" after seed 002's template: the purpose (the
// long-term goal), the questions, time and place, whether consent was obtained (seed 004 §4.4), who is
// invited, the agenda (seed 002's meeting structure) and a reply section on its own page.
//
// Sections: the plan belongs to · purpose · questions · time and place · consent · invited · agenda ·
//           convener · reply
#include <string>
#include <vector>

#include "core/papers/paper_page.h"

namespace sip::papers_detail {

Result<Paper> RenderInvitation(const Case& c, const PaperParams& p) {
  const Invitation& inv = c.invitation;
  Page page("Kallelse till SIP-möte", nullptr);
  page.Raw("<header>\n<h1>Kallelse till SIP-möte</h1>\n");
  std::string lead = "Samordnad individuell plan (SIP)";
  if (c.kind == SipKind::New) lead += " – ny SIP";
  if (c.kind == SipKind::FollowUp) lead += " – uppföljning av en tidigare SIP";
  page.P(lead, "lead");
  if (inv.sent_on.empty()) page.P("Utkast: kallelsen är inte skickad ännu.", "note");
  else page.P("Kallelsen skickades " + DateSv(inv.sent_on) + ".");
  page.Raw("</header>\n<main>\n");

  page.SectionOpen("planen", "Planen tillhör");
  page.DlOpen();
  OwnerRows(page, c.owner);
  page.DlClose();
  if (!c.representatives.empty()) {
    page.TableOpen("Vårdnadshavare, förvaltare och andra företrädare", {"Namn", "Roll", "Telefon"});
    for (const auto& r : c.representatives) page.TableRow({r.name, RepresentativeRoleSv(r.role), r.phone});
    page.TableClose();
  }
  page.SectionClose();

  page.SectionOpen("syfte", "Syfte med mötet – det långsiktiga målet");
  page.P(inv.purpose.empty() ? "Inte ifyllt ännu." : inv.purpose);
  if (!c.preparation.what_matters.empty() && c.preparation.what_matters != inv.purpose)
    page.P("Med den enskildes egna ord: ”" + c.preparation.what_matters + "”");
  page.SectionClose();

  page.SectionOpen("fragor", "Frågeställningar");
  const std::vector<std::string>& questions = inv.questions.empty() ? c.preparation.questions : inv.questions;
  if (questions.empty()) page.P("Inga frågeställningar är angivna. Kontakta sammankallande.");
  else page.List(questions, true);
  page.SectionClose();

  page.SectionOpen("tid", "Tid och plats");
  page.DlOpen();
  const auto [date, time] = DateTimeSv(inv.meeting_at);
  page.DlRow("Datum", date.empty() ? "Inte bestämt" : date);
  page.DlRow("Tid", time);
  page.DlRow("Plats", inv.place.empty() ? "Inte bestämd" : inv.place);
  page.DlRow("Den enskilde deltar", ParticipationSv(c.preparation.participation));
  page.DlClose();
  page.SectionClose();

  // Consent: as recorded when the invitation was sent; before that, from the consent ledger.
  page.SectionOpen("samtycke", "Samtycke");
  bool obtained = inv.consent_obtained;
  bool limited = false;
  if (inv.sent_on.empty()) {
    obtained = false;
    for (const auto& k : c.consents)
      if (k.withdrawn_on.empty()) obtained = true;
  }
  for (const auto& k : c.consents)
    if (k.withdrawn_on.empty() && !k.exclusions.empty()) limited = true;
  page.P(obtained ? "Samtycke till SIP-mötet och till att vi som deltar talar med varandra har lämnats."
                  : "Samtycke har inte lämnats ännu.");
  if (obtained && limited)
    page.P("Samtycket har begränsningar: vissa uppgifter får inte tas upp. Sammankallande berättar vilka.");
  page.SectionClose();

  page.SectionOpen("inbjudna", "Inbjudna");
  if (inv.invitees.empty()) {
    page.P("Inga inbjudna är angivna ännu.");
  } else {
    page.TableOpen("Inbjudna till mötet", {"Namn", "Verksamhet", "Roll", "Svar"}, {26, 28, 22, 24});
    for (const auto& id : inv.invitees) {
      const Participant* q = FindParticipant(c, id);
      if (!q) continue;
      std::string answer = ParticipantStatusSv(q->status);
      if (q->status == ParticipantStatus::Substitute && !q->substitute.empty()) answer += ": " + q->substitute;
      page.TableRow({q->name.empty() ? q->organisation : q->name, q->name.empty() ? "" : q->organisation,
                     StaffRoleDisplay(q->role, q->role_text), answer});
    }
    page.TableClose();
  }
  page.SectionClose();

  // Seed 002's meeting structure, with the planned minutes of the middle phases.
  page.SectionOpen("dagordning", "Dagordning");
  std::vector<std::string> agenda = {"Inledning: vilka vi är och våra roller, tid, syfte och frågeställningar"};
  for (const auto& phase : c.meeting.agenda.empty() ? DefaultAgenda() : c.meeting.agenda)
    agenda.push_back(phase.planned_minutes > 0 ? phase.name + " (" + std::to_string(phase.planned_minutes) + " minuter)"
                                               : phase.name);
  agenda.push_back("Sammanfattning: insatser och vem som ansvarar, tid för uppföljning, vem som har ansvar för planen");
  agenda.push_back("Avslut");
  page.List(agenda, true);
  page.P("Vi börjar med den enskildes egen beskrivning av sin situation.");
  page.SectionClose();

  page.SectionOpen("sammankallande", "Sammankallande");
  if (c.convener.name.empty() && c.convener.organisation.empty()) {
    page.P("Inte angivet ännu.");
  } else {
    page.DlOpen();
    page.DlRow("Namn", c.convener.name);
    page.DlRow("Verksamhet", c.convener.organisation);
    page.DlRow("Roll", StaffRoleDisplay(c.convener.role, c.convener.role_text));
    page.DlRow("Telefon eller e-post", c.convener.contact);
    page.DlClose();
  }
  page.SectionClose();

  // The reply: on a page of its own so it can be filled in by hand and sent back.
  page.SectionOpen("svar", "Svar till sammankallande", "new-page");
  page.P("Meddela sammankallande vem som deltar från er verksamhet. Vid förhinder ska en ersättare utses. "
         "Förbered er och ta med mandat att fatta beslut om det behövs.");
  page.Raw("<table class=\"fill\">\n<caption>");
  page.Text("Svar på kallelsen");
  page.Raw("</caption>\n<tbody>\n");
  for (const char* label : {"Namn", "Verksamhet", "Roll", "Deltar (ja eller nej)", "Ersättare vid förhinder",
                            "Telefon eller e-post"}) {
    page.Raw("<tr><th scope=\"row\">");
    page.Text(label);
    page.Raw("</th><td></td></tr>\n");
  }
  page.Raw("</tbody>\n</table>\n");
  page.SectionClose();

  page.Raw("</main>\n");
  Footer(page, c, p.printed_on);
  return Paper{page.Finish(), "kallelse-sip-mote.html"};
}

}  // namespace sip::papers_detail
