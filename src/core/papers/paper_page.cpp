// sipcore/papers/paper_page.cpp — the page skeleton, print CSS, builders, dates, labels and look-ups shared
// by the papers (core/papers/paper_page.h).
#include "core/papers/paper_page.h"

#include <cstdio>

#include "core/time.h"

namespace sip::papers_detail {

// ---------------------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------------------
namespace {

// Screen: one readable column. Print (A4): headings stay with what follows; table rows, list items,
// definition rows and notes never split across pages; table headers repeat on every page.
constexpr const char* kCss =
    "html{color:#111;background:#fff}"
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:1.125rem;line-height:1.5;"
    "margin:1.5rem auto;max-width:48rem;padding:0 1rem}"
    "h1{font-size:1.9em;line-height:1.2;margin:.25rem 0 .5rem}"
    "h2{font-size:1.35em;line-height:1.25;margin:1.75rem 0 .5rem;padding-bottom:.15rem;border-bottom:2px solid #111}"
    "h3{font-size:1.1em;margin:1.25rem 0 .4rem}"
    "p,ul,ol{margin:.4rem 0 .8rem}li{margin:.2rem 0}"
    "table{border-collapse:collapse;table-layout:fixed;width:100%;margin:.5rem 0 1rem}"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}"
    "th,td{border:1px solid #444;padding:.4rem .55rem;text-align:left;vertical-align:top}"
    "th,td,dd,li,p{overflow-wrap:break-word}"
    "thead th{background:#e6e6e6}"
    "dl{margin:.5rem 0 1rem}dl div{display:flex;flex-wrap:wrap;column-gap:1rem;padding:.3rem 0;"
    "border-bottom:1px solid #999}dt{font-weight:bold;flex:0 0 12rem}dd{margin:0;flex:1 1 20rem;min-width:0}"
    "dd ul{margin:0;padding-left:1.2rem}"
    ".lead{font-size:1.15em}"
    ".note{border:3px solid #111;padding:.5rem .75rem;font-weight:bold}"
    ".own-words{font-size:1.25em;font-weight:bold;border-left:6px solid #111;padding:.25rem 0 .25rem .75rem}"
    ".fill th{width:40%}.fill td{height:2.4rem}"
    "footer{margin-top:2rem;padding-top:.5rem;border-top:1px solid #444;font-size:.95em}"
    "@page{size:A4;margin:16mm 15mm}"
    "@media print{body{font-size:12pt;margin:0;max-width:none;padding:0}"
    "h1,h2,h3,caption{break-after:avoid;page-break-after:avoid}"
    "tr,li,dl div,.note,.own-words{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}"
    ".new-page{break-before:page;page-break-before:always}}";

}  // namespace

Page::Page(const std::string& title, const char* extra_css) {
  h_ = "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n";
  h_ += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  h_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h_ += "<title>" + HtmlText(title) + "</title>\n";
  h_ += std::string("<style>") + kCss + (extra_css ? extra_css : "") + "</style>\n</head>\n<body>\n";
}

void Page::P(const std::string& text, const char* cls) {
  h_ += cls ? std::string("<p class=\"") + cls + "\">" : std::string("<p>");
  h_ += HtmlText(text) + "</p>\n";
}

void Page::SectionOpen(const char* id, const std::string& title, const char* cls) {
  h_ += std::string("<section aria-labelledby=\"h-") + id + "\"" + (cls ? std::string(" class=\"") + cls + "\"" : "") +
        ">\n<h2 id=\"h-" + id + "\">" + HtmlText(title) + "</h2>\n";
}

void Page::DlRow(const std::string& label, const std::string& value) {
  if (value.empty()) return;
  h_ += "<div><dt>" + HtmlText(label) + "</dt><dd>" + HtmlText(value) + "</dd></div>\n";
}

void Page::DlListRow(const std::string& label, const std::vector<std::string>& items, const std::string& empty) {
  h_ += "<div><dt>" + HtmlText(label) + "</dt><dd>";
  if (items.empty()) {
    h_ += HtmlText(empty);
  } else {
    h_ += "<ul>";
    for (const auto& i : items) h_ += "<li>" + HtmlText(i) + "</li>";
    h_ += "</ul>";
  }
  h_ += "</dd></div>\n";
}

void Page::TableOpen(const std::string& caption, const std::vector<std::string>& columns, const std::vector<int>& widths,
                     const char* cls) {
  h_ += cls ? std::string("<table class=\"") + cls + "\">\n" : std::string("<table>\n");
  h_ += "<caption>" + HtmlText(caption) + "</caption>\n";
  if (!widths.empty()) {
    h_ += "<colgroup>";
    for (int w : widths) h_ += "<col style=\"width:" + std::to_string(w) + "%\">";
    h_ += "</colgroup>\n";
  }
  h_ += "<thead><tr>";
  for (const auto& c : columns) h_ += "<th scope=\"col\">" + HtmlText(c) + "</th>";
  h_ += "</tr></thead>\n<tbody>\n";
}

void Page::TableRow(const std::vector<std::string>& cells) {
  h_ += "<tr>";
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string text = cells[i].empty() ? "–" : HtmlText(cells[i]);
    h_ += i == 0 ? "<th scope=\"row\">" + text + "</th>" : "<td>" + text + "</td>";
  }
  h_ += "</tr>\n";
}

void Page::List(const std::vector<std::string>& items, bool ordered) {
  h_ += ordered ? "<ol>\n" : "<ul>\n";
  for (const auto& i : items) h_ += "<li>" + HtmlText(i) + "</li>\n";
  h_ += ordered ? "</ol>\n" : "</ul>\n";
}

std::string Page::Finish() {
  h_ += "</body>\n</html>\n";
  return std::move(h_);
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------
namespace {
constexpr const char* kMonths[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                   "juli",    "augusti",  "september", "oktober", "november", "december"};
constexpr const char* kWeekdays[] = {"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"};

std::string Plain(CivilDate d) { return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year); }
const char* Weekday(CivilDate d) {
  const int64_t days = DaysFromCivil(d);
  return kWeekdays[((days % 7) + 7 + 3) % 7];   // 1970-01-01 was a Thursday
}
}  // namespace

std::string DateSv(const std::string& iso_date) {
  auto d = ParseDate(iso_date);
  return d ? Plain(*d) : iso_date;
}

std::string WeekdayDateSv(const std::string& iso_date) {
  auto d = ParseDate(iso_date);
  return d ? std::string(Weekday(*d)) + " " + Plain(*d) : iso_date;
}

std::pair<std::string, std::string> DateTimeSv(const std::string& local_date_time) {
  auto dt = ParseDateTime(local_date_time);
  if (!dt) return {local_date_time, ""};
  char time[32];
  std::snprintf(time, sizeof time, "kl. %02d.%02d", dt->second / 60, dt->second % 60);
  return {std::string(Weekday(dt->first)) + " " + Plain(dt->first), time};
}

// ---------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------
const char* RepresentativeRoleSv(RepresentativeRole r) {
  switch (r) {
    case RepresentativeRole::Guardian: return "vårdnadshavare";
    case RepresentativeRole::GodMan: return "god man";
    case RepresentativeRole::Forvaltare: return "förvaltare";
    case RepresentativeRole::Framtidsfullmakt: return "framtidsfullmäktig";
    case RepresentativeRole::PowerOfAttorney: return "ombud med fullmakt";
    case RepresentativeRole::Relative: return "närstående";
    case RepresentativeRole::Unknown: break;
  }
  return "företrädare";
}

const char* ConsentFormSv(ConsentForm f) {
  switch (f) {
    case ConsentForm::Oral: return "Muntligt";
    case ConsentForm::Written: return "Skriftligt";
    case ConsentForm::Unknown: break;
  }
  return "";
}

const char* ParticipationSv(ParticipationMode m) {
  switch (m) {
    case ParticipationMode::InPerson: return "På plats";
    case ParticipationMode::Phone: return "Per telefon";
    case ParticipationMode::Video: return "Per video";
    case ParticipationMode::PartOfMeeting: return "Under en del av mötet";
    case ParticipationMode::ThroughRepresentative: return "Genom en företrädare";
    case ParticipationMode::InWriting: return "Skriftligt";
    case ParticipationMode::NotAtAll: return "Deltog inte";
    case ParticipationMode::Unknown: break;
  }
  return "";
}

const char* ParticipantStatusSv(ParticipantStatus s) {
  switch (s) {
    case ParticipantStatus::Invited: return "Inget svar ännu";
    case ParticipantStatus::Confirmed: return "Kommer";
    case ParticipantStatus::Substitute: return "Skickar ersättare";
    case ParticipantStatus::Declined: return "Kan inte komma";
  }
  return "";
}

const char* GoalStatusSv(GoalStatus s) {
  switch (s) {
    case GoalStatus::Active: return "";
    case GoalStatus::Achieved: return "uppnått";
    case GoalStatus::PartlyAchieved: return "delvis uppnått";
    case GoalStatus::NotAchieved: return "inte uppnått";
    case GoalStatus::Cancelled: return "avbrutet";
  }
  return "";
}

const char* OtherPlanSv(OtherPlanKind k) {
  switch (k) {
    case OtherPlanKind::ImplementationPlan: return "Genomförandeplan";
    case OtherPlanKind::CarePlan: return "Vårdplan";
    case OtherPlanKind::HabilitationPlan: return "Habiliterings- eller rehabiliteringsplan";
    case OtherPlanKind::LssIndividualPlan: return "Individuell plan enligt LSS";
    case OtherPlanKind::SchoolActionPlan: return "Skolans åtgärdsprogram eller utvecklingsplan";
    case OtherPlanKind::DischargePlanning: return "Planering inför utskrivning";
    case OtherPlanKind::Other:
    case OtherPlanKind::Unknown: break;
  }
  return "Annan plan";
}

// ---------------------------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------------------------
const Participant* FindParticipant(const Case& c, const std::string& id) {
  if (id.empty()) return nullptr;
  for (const auto& p : c.participants)
    if (p.id == id) return &p;
  return nullptr;
}

const Representative* FindRepresentative(const Case& c, const std::string& id) {
  if (id.empty()) return nullptr;
  for (const auto& r : c.representatives)
    if (r.id == id) return &r;
  return nullptr;
}

std::string PartyName(const Participant& p) {
  if (p.name.empty()) return p.organisation;
  if (p.organisation.empty()) return p.name;
  return p.name + ", " + p.organisation;
}

std::string PartyName(const Case& c, const std::string& participant_id) {
  const Participant* p = FindParticipant(c, participant_id);
  return p ? PartyName(*p) : std::string();
}

std::string ConsentGiver(const Case& c, const std::string& given_by) {
  if (given_by == "person") return (c.owner.name.empty() ? std::string("Den enskilde") : c.owner.name) + " (den enskilde)";
  if (const Representative* r = FindRepresentative(c, given_by))
    return (r->name.empty() ? std::string("Företrädare") : r->name) + " (" + RepresentativeRoleSv(r->role) + ")";
  return "Okänt";
}

std::pair<std::string, std::string> OwnerIdentity(const PlanOwner& o) {
  const std::string& n = o.identity_number;
  if (n.size() == 12) {
    // A samordningsnummer adds 60 to the day of birth (positions 6–7 of the 12 digits).
    const bool coordination = n[6] >= '6';
    return {coordination ? "Samordningsnummer" : "Personnummer", n.substr(0, 8) + "-" + n.substr(8)};
  }
  if (!n.empty()) return {"Personnummer", n};
  if (!o.birth_date.empty()) return {"Födelsedatum", o.birth_date};
  return {"", ""};
}

void OwnerRows(Page& page, const PlanOwner& o) {
  page.DlRow("Namn", o.name);
  const auto [label, value] = OwnerIdentity(o);
  if (!label.empty()) page.DlRow(label, value);
  page.DlRow("Adress", o.address);
  page.DlRow("Telefon", o.phone);
}

void Footer(Page& page, const Case& c, const std::string& printed_on, const std::string& extra) {
  page.Raw("<footer>\n");
  std::string owner = "Planen tillhör " + (c.owner.name.empty() ? std::string("den enskilde") : c.owner.name);
  const auto [label, value] = OwnerIdentity(c.owner);
  if (!label.empty()) owner += " (" + label + " " + value + ")";
  page.P(owner + ".");
  if (!extra.empty()) page.P(extra);
  if (!printed_on.empty()) page.P("Utskriven " + DateSv(printed_on) + ".");
  page.Raw("</footer>\n");
}

}  // namespace sip::papers_detail
