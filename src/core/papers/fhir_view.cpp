// sipcore/papers/fhir_view.cpp — RenderHtml: a plan document (FHIR Bundle) as the self-contained Swedish page
// the convener reads while transferring the plan into the regional system. Declared in core/fhir.h.
#include <map>
#include <string>
#include <vector>

#include "core/fhir.h"
#include "core/fhir_internal.h"
#include "core/papers/html.h"

namespace sip {
using namespace fhir_detail;

namespace {

const char* ActivityStatusLabel(const std::string& s) {
  if (s == "not-started") return "Planerad";
  if (s == "in-progress") return "Pågår";
  if (s == "completed") return "Utförd";
  if (s == "stopped") return "Inte utförd";
  if (s == "cancelled") return "Avbruten";
  if (s == "scheduled") return "Schemalagd";
  if (s == "on-hold") return "Pausad";
  return "Okänd";
}
const char* GoalStatusLabel(const Json& g) {
  const std::string life = Str(g, "lifecycleStatus");
  const Json ach = At(g, "achievementStatus");
  if (life == "cancelled") return "Avbrutet";
  if (HasCoding(ach, kGoalAchievement, "achieved") || life == "completed") return "Uppnått";
  if (HasCoding(ach, kGoalAchievement, "improving")) return "Delvis uppnått";
  if (HasCoding(ach, kGoalAchievement, "not-achieved")) return "Inte uppnått";
  return "Aktivt";
}
const char* ConsentStatusLabel(const std::string& s) {
  if (s == "active") return "Gäller";
  if (s == "inactive") return "Gäller inte (återkallat eller upphört)";
  if (s == "rejected") return "Nekat";
  return "Okänt";
}
const char* AppointmentStatusLabel(const std::string& s) {
  if (s == "accepted") return "Deltar/deltog";
  if (s == "declined") return "Återbud";
  if (s == "needs-action") return "Inget svar";
  return "Okänt";
}

}  // namespace

std::string RenderHtml(const Json& document) {
  const Index ix(document);
  std::string h;
  auto esc = [](const std::string& s) { return HtmlText(s); };   // bidi and control characters neutralised too
  auto row = [&](const std::string& label, const std::string& value) {
    if (value.empty()) return;
    h += "<tr><th scope=\"row\">" + esc(label) + "</th><td>" + esc(value) + "</td></tr>\n";
  };
  auto table_head = [&](const std::string& caption, const std::vector<std::string>& cols) {
    h += "<table>\n<caption>" + esc(caption) + "</caption>\n<thead><tr>";
    for (const auto& c : cols) h += "<th scope=\"col\">" + esc(c) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
  };
  auto table_row = [&](const std::vector<std::string>& cells) {
    h += "<tr>";
    for (size_t i = 0; i < cells.size(); ++i)
      h += i == 0 ? "<th scope=\"row\">" + esc(cells[i]) + "</th>" : "<td>" + esc(cells[i]) + "</td>";
    h += "</tr>\n";
  };
  const Json* comp = ix.First("Composition");
  const Json* patient = ix.First("Patient");
  const Json* careplan = ix.First("CarePlan");
  const std::string title = comp ? Str(*comp, "title") : std::string("Samordnad individuell plan");

  h += "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + esc(title.empty() ? "Samordnad individuell plan" : title) + "</title>\n";
  h += "<style>body{font-family:sans-serif;line-height:1.4;margin:1.5rem auto;max-width:60rem;color:#111;background:#fff;"
       "padding:0 1rem}table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}caption{text-align:left;font-weight:bold;"
       "padding:.25rem 0}th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}"
       "thead th{background:#e8e8e8}footer{font-size:.9rem;color:#333;border-top:1px solid #555;margin-top:2rem}"
       "@media print{body{margin:0}}</style>\n</head>\n<body>\n";
  h += "<header>\n<h1>" + esc(title.empty() ? "Samordnad individuell plan" : title) + "</h1>\n";
  if (careplan) h += "<p>" + esc(Str(*careplan, "title")) + "</p>\n";
  h += "</header>\n<main>\n";

  // The person.
  h += "<section aria-labelledby=\"h-person\">\n<h2 id=\"h-person\">Den enskilde</h2>\n";
  if (patient) {
    h += "<table>\n<caption>Uppgifter om den enskilde</caption>\n<tbody>\n";
    row("Namn", NameText(*patient));
    if (NonEmptyArray(*patient, "identifier")) {
      const Json& id = (*patient)["identifier"][0];
      std::string v = Str(id, "value");
      if (v.size() == 12) v = v.substr(0, 8) + "-" + v.substr(8);
      row(Str(id, "system") == kSamordningsnummerSystem ? "Samordningsnummer" : "Personnummer", v);
    } else {
      row("Identitet", "Reservidentitet (namn och födelsedatum)");
    }
    row("Födelsedatum", Str(*patient, "birthDate"));
    if (NonEmptyArray(*patient, "address")) row("Adress", Str((*patient)["address"][0], "text"));
    if (NonEmptyArray(*patient, "telecom")) row("Telefon", Str((*patient)["telecom"][0], "value"));
    h += "</tbody>\n</table>\n";
  }
  const auto reps = ix.All("RelatedPerson");
  std::vector<const Json*> representatives;
  for (const Json* r : reps)
    if (NonEmptyArray(*r, "relationship")) representatives.push_back(r);
  if (!representatives.empty()) {
    table_head("Företrädare", {"Namn", "Roll", "Telefon"});
    for (const Json* r : representatives)
      table_row({NameText(*r), ConceptText((*r)["relationship"][0]),
                 NonEmptyArray(*r, "telecom") ? Str((*r)["telecom"][0], "value") : std::string()});
    h += "</tbody>\n</table>\n";
  }
  h += "</section>\n";

  // Goals.
  const auto goals = ix.All("Goal");
  h += "<section aria-labelledby=\"h-goals\">\n<h2 id=\"h-goals\">Vad är viktigt för mig – mål</h2>\n";
  if (careplan && NonEmptyString(*careplan, "description")) h += "<p>" + esc(Str(*careplan, "description")) + "</p>\n";
  if (!goals.empty()) {
    // Sub-goal → main goal text, from the main goals' goal-relationship extensions.
    std::map<const Json*, std::string> parent;
    for (const Json* g : goals)
      if (NonEmptyArray(*g, "extension"))
        for (const auto& ext : (*g)["extension"])
          if (Str(ext, "url") == kGoalRelationshipExt && NonEmptyArray(ext, "extension"))
            for (const auto& sub : ext["extension"])
              if (Str(sub, "url") == "target")
                if (const Json* target = ix.Get(At(sub, "valueReference")))
                  parent[target] = ConceptText(At(*g, "description"));
    table_head("Mål", {"Mål", "Typ", "Status", "Följs upp"});
    for (const Json* g : goals) {
      const bool main = HasCoding(NonEmptyArray(*g, "category") ? (*g)["category"][0] : Json(), Cs("goal-type"), "huvudmal");
      std::string kind = main ? "Huvudmål" : "Delmål";
      if (parent.count(g)) kind += " till: " + parent[g];
      if (main && IsObject(*g, "expressedBy")) kind += " (den enskildes egna ord)";
      table_row({ConceptText(At(*g, "description")), kind, GoalStatusLabel(*g),
                 NonEmptyArray(*g, "target") ? Str((*g)["target"][0], "dueDate") : std::string()});
    }
    h += "</tbody>\n</table>\n";
  }
  h += "</section>\n";

  // Interventions.
  h += "<section aria-labelledby=\"h-interventions\">\n<h2 id=\"h-interventions\">Insatser</h2>\n";
  if (careplan && NonEmptyArray(*careplan, "activity")) {
    table_head("Insatser: vad, vem, när, hur ofta och var",
               {"Vad", "Vem ansvarar", "Start", "Hur ofta", "Var", "Mål", "Status", "Hemtjänstens åtagande"});
    for (const auto& a : (*careplan)["activity"]) {
      if (!IsObject(a, "detail")) continue;
      const Json& d = a["detail"];
      std::string start, freq;
      if (IsObject(d, "scheduledTiming")) {
        const Json& tm = d["scheduledTiming"];
        if (IsObject(tm, "repeat") && IsObject(tm["repeat"], "boundsPeriod")) start = Str(tm["repeat"]["boundsPeriod"], "start");
        if (IsObject(tm, "code")) freq = ConceptText(tm["code"]);
      }
      const bool commitment = HasCoding(At(d, "code"), Cs("activity-type"), "hemtjanst-atagande");
      const bool other = HasCoding(At(d, "code"), Cs("activity-type"), "annan-aktor");
      table_row({Str(d, "description"), NonEmptyArray(d, "performer") ? RefDisplay(ix, d["performer"][0]) + (other ? " (annan aktör)" : "") : "",
                 start, freq, IsObject(d, "location") ? Str(d["location"], "display") : "",
                 NonEmptyArray(d, "goal") ? GoalText(ix, d["goal"][0]) : "", ActivityStatusLabel(Str(d, "status")),
                 commitment ? "Ja" : "Nej"});
    }
    h += "</tbody>\n</table>\n";
  } else {
    h += "<p>Inga insatser.</p>\n";
  }
  if (careplan && NonEmptyArray(*careplan, "note")) {
    h += "<ul>\n";
    for (const auto& n : (*careplan)["note"]) h += "<li>" + esc(Str(n, "text")) + "</li>\n";
    h += "</ul>\n";
  }
  h += "</section>\n";

  // Coordination: team, consent, meeting.
  h += "<section aria-labelledby=\"h-coordination\">\n<h2 id=\"h-coordination\">Samordning</h2>\n";
  if (const Json* team = ix.First("CareTeam"); team && NonEmptyArray(*team, "participant")) {
    table_head("Deltagare i samordningen", {"Namn", "Organisation", "Roll"});
    for (const auto& pa : (*team)["participant"]) {
      std::vector<std::string> roles;
      if (NonEmptyArray(pa, "role"))
        for (const auto& r : pa["role"]) roles.push_back(ConceptText(r));
      std::string org = IsObject(pa, "onBehalfOf") ? RefDisplay(ix, pa["onBehalfOf"]) : std::string();
      table_row({RefDisplay(ix, At(pa, "member")), org, Join(roles, ", ")});
    }
    h += "</tbody>\n</table>\n";
  }
  const auto consents = ix.All("Consent");
  if (!consents.empty()) {
    table_head("Samtycke", {"Lämnat av", "Form", "Giltigt från", "Giltigt till", "Status", "Omfattar"});
    for (const Json* k : consents) {
      std::string from, to;
      std::vector<std::string> covers;
      if (IsObject(*k, "provision")) {
        const Json& pv = (*k)["provision"];
        if (IsObject(pv, "period")) {
          from = Str(pv["period"], "start");
          to = Str(pv["period"], "end");
        }
        if (NonEmptyArray(pv, "actor"))
          for (const auto& a : pv["actor"]) covers.push_back(RefDisplay(ix, At(a, "reference")));
      }
      const std::string form = k->contains("sourceAttachment") ? "Skriftligt" : k->contains("verification") ? "Muntligt" : "";
      table_row({NonEmptyArray(*k, "performer") ? RefDisplay(ix, (*k)["performer"][0]) : "", form, from, to,
                 ConsentStatusLabel(Str(*k, "status")), Join(covers, ", ")});
    }
    h += "</tbody>\n</table>\n";
  }
  for (const Json* ap : ix.All("Appointment")) {
    const bool followup = Str(*ap, "status") == "proposed" && Str(*ap, "description") == "Uppföljning av SIP";
    const std::string cap = followup ? "Uppföljning" : "SIP-möte";
    if (followup) h += "</section>\n<section aria-labelledby=\"h-followup\">\n<h2 id=\"h-followup\">Uppföljning</h2>\n";
    h += "<table>\n<caption>" + esc(cap) + "</caption>\n<tbody>\n";
    std::string when = Str(*ap, "start");
    if (when.size() >= 16) when = when.substr(0, 10) + " kl. " + when.substr(11, 5);
    if (when.empty() && NonEmptyArray(*ap, "requestedPeriod")) when = Str((*ap)["requestedPeriod"][0], "start");
    row(followup ? "Datum" : "Tid", when);
    row("Information", Str(*ap, "comment"));
    h += "</tbody>\n</table>\n";
    if (NonEmptyArray(*ap, "participant")) {
      table_head(cap + ": deltagare", {"Deltagare", "Svar"});
      for (const auto& pa : (*ap)["participant"])
        table_row({RefDisplay(ix, At(pa, "actor")), AppointmentStatusLabel(Str(pa, "status"))});
      h += "</tbody>\n</table>\n";
    }
  }
  h += "</section>\n";

  // Mapping.
  if (const Json* qr = ix.First("QuestionnaireResponse"); qr && NonEmptyArray(*qr, "item")) {
    h += "<section aria-labelledby=\"h-mapping\">\n<h2 id=\"h-mapping\">Kartläggning av livsområden</h2>\n";
    table_head("Kartläggning", {"Livsområde", "Den enskildes beskrivning", "Insatser som redan finns"});
    for (const auto& it : (*qr)["item"]) {
      std::string view;
      std::vector<std::string> known;
      if (NonEmptyArray(it, "item"))
        for (const auto& sub : it["item"]) {
          if (!NonEmptyArray(sub, "answer")) continue;
          for (const auto& a : sub["answer"]) {
            if (Str(sub, "linkId").size() > 12 && Str(sub, "linkId").rfind(".person_view") == Str(sub, "linkId").size() - 12)
              view = Str(a, "valueString");
            else
              known.push_back(Str(a, "valueString"));
          }
        }
      table_row({Str(it, "text"), view, Join(known, "; ")});
    }
    h += "</tbody>\n</table>\n</section>\n";
  }
  h += "</main>\n<footer>\n";
  std::string made = "Dokument skapat " + Str(document, "timestamp");
  std::vector<std::string> by;
  if (comp && NonEmptyArray(*comp, "author"))
    for (const auto& a : (*comp)["author"]) by.push_back(RefDisplay(ix, a));
  if (!by.empty()) made += " av " + Join(by, ", ");
  if (comp && IsObject(*comp, "custodian")) made += " (" + RefDisplay(ix, (*comp)["custodian"]) + ")";
  h += "<p>" + esc(made) + ".</p>\n";
  if (IsObject(document, "identifier")) h += "<p>Dokument-id: " + esc(Str(document["identifier"], "value")) + "</p>\n";
  h += "</footer>\n</body>\n</html>\n";
  return h;
}

}  // namespace sip
