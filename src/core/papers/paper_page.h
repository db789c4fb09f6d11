// sipcore/papers/paper_page.h — what the papers share: the page skeleton with its print CSS, small HTML
// builders (sections, definition lists, tables, lists) that escape every text with HtmlText(), Swedish
// dates and labels, and look-ups in a Case. Internal to sipcore (core/papers/*.cpp only).
//
// Contents: Page (skeleton and builders) · dates · labels · look-ups · the papers' renderers
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/papers/html.h"
#include "core/papers/papers.h"

namespace sip::papers_detail {

// ---------------------------------------------------------------------------------------------------------
// Page: appends to one string. Builders take plain text and escape it; Raw() is for markup made here.
// ---------------------------------------------------------------------------------------------------------
class Page {
 public:
  // <!DOCTYPE html> … <body>: `title` is the <title>; `extra_css` is appended to the shared style sheet.
  Page(const std::string& title, const char* extra_css);

  void Raw(const std::string& markup) { h_ += markup; }
  void Text(const std::string& text) { h_ += HtmlText(text); }
  void P(const std::string& text, const char* cls = nullptr);

  // <section aria-labelledby="h-ID"><h2 id="h-ID">TITLE</h2> … </section>; `cls` on the section.
  void SectionOpen(const char* id, const std::string& title, const char* cls = nullptr);
  void SectionClose() { h_ += "</section>\n"; }
  void H3(const std::string& text) { h_ += "<h3>" + HtmlText(text) + "</h3>\n"; }

  // <dl> of label/value rows (<div><dt>…</dt><dd>…</dd></div>); rows with an empty value are left out.
  void DlOpen() { h_ += "<dl>\n"; }
  void DlRow(const std::string& label, const std::string& value);
  // A row whose value is a list (<ul> inside <dd>); `empty` is shown when `items` is empty.
  void DlListRow(const std::string& label, const std::vector<std::string>& items, const std::string& empty);
  void DlClose() { h_ += "</dl>\n"; }

  // <table><caption>…</caption><colgroup>…</colgroup><thead>… column headers …</thead><tbody>; in each row
  // the first cell is a row header. An empty cell shows "–". Tables have a fixed layout (so no text can
  // widen a page past A4): `widths` are the columns' percentages, or empty for equal columns.
  void TableOpen(const std::string& caption, const std::vector<std::string>& columns,
                 const std::vector<int>& widths = {}, const char* cls = nullptr);
  void TableRow(const std::vector<std::string>& cells);
  void TableClose() { h_ += "</tbody>\n</table>\n"; }

  void List(const std::vector<std::string>& items, bool ordered = false);

  // Closes <body> and <html>; returns the page.
  std::string Finish();

 private:
  std::string h_;
};

// ---------------------------------------------------------------------------------------------------------
// Dates ("2026-11-17" → "17 november 2026"; "2026-11-17T10:00" → "tisdag 17 november 2026", "kl. 10.00").
// Anything that does not parse is returned as typed.
// ---------------------------------------------------------------------------------------------------------
std::string DateSv(const std::string& iso_date);
std::string WeekdayDateSv(const std::string& iso_date);
std::pair<std::string, std::string> DateTimeSv(const std::string& local_date_time);   // {date, "kl. HH.MM"}

// ---------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------
const char* RepresentativeRoleSv(RepresentativeRole r);
const char* ConsentFormSv(ConsentForm f);
const char* ParticipationSv(ParticipationMode m);
const char* ParticipantStatusSv(ParticipantStatus s);
const char* GoalStatusSv(GoalStatus s);
const char* OtherPlanSv(OtherPlanKind k);

// ---------------------------------------------------------------------------------------------------------
// Look-ups in a case
// ---------------------------------------------------------------------------------------------------------
const Participant* FindParticipant(const Case& c, const std::string& id);
const Representative* FindRepresentative(const Case& c, const std::string& id);
// "Sara Socialsekreterare, Socialtjänsten Testköping" (either part may be missing); "" for an unknown id.
std::string PartyName(const Case& c, const std::string& participant_id);
std::string PartyName(const Participant& p);
// Who gave a consent: "Arvid Testsson (den enskilde)", "Mira Testsson (vårdnadshavare)".
std::string ConsentGiver(const Case& c, const std::string& given_by);
// The plan owner's identity as {label, value}: {"Personnummer", "19821105-9954"}, {"Samordningsnummer", …}
// or {"Födelsedatum", "2014-05-12"} for a reserve identity; {"", ""} when nothing is known.
std::pair<std::string, std::string> OwnerIdentity(const PlanOwner& o);
// Dl rows "Namn", identity, "Adress", "Telefon" of the plan owner.
void OwnerRows(Page& page, const PlanOwner& o);
// The footer shared by the papers: "Planen tillhör …" and, when given, the day the paper was made.
void Footer(Page& page, const Case& c, const std::string& printed_on, const std::string& extra = {});

// ---------------------------------------------------------------------------------------------------------
// The papers, one file each; RenderPaper() (papers.cpp) checks the params and calls them.
// ---------------------------------------------------------------------------------------------------------
Result<Paper> RenderMinSip(const Case& c, const PaperParams& p);       // min_sip.cpp
Result<Paper> RenderInvitation(const Case& c, const PaperParams& p);   // invitation.cpp
Result<Paper> RenderConsent(const Case& c, const PaperParams& p);      // consent.cpp

}  // namespace sip::papers_detail
