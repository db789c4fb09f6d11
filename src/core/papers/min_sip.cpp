// sipcore/papers/min_sip.cpp — "Min SIP": the person's own copy of one established plan version, in plain
// Swedish and large type (seed 002: "Den enskilde och ev. närstående får ett exemplar av planen"; the
// 11 contents of seed 004 §4.8 as the person needs them).
//
// Sections: what matters to me · my goals · who does what, when and where (and others who help) · who to
//           call · the next follow-up · the child perspective (when recorded) · where to turn
#include <set>
#include <string>
#include <vector>

#include "core/papers/paper_page.h"

namespace sip::papers_detail {
namespace {

// Larger type for the person's own copy.
constexpr const char* kMinSipCss =
    "body{font-size:1.3rem;line-height:1.55}"
    "@media print{body{font-size:14pt}}";

const PlanVersion* PickVersion(const Case& c, int version) {
  if (version == 0) return c.versions.empty() ? nullptr : &c.versions.back();
  for (const auto& v : c.versions)
    if (v.version == version) return &v;
  return nullptr;
}

std::string GoalLine(const Goal& g) {
  const std::string status = GoalStatusSv(g.status);
  return status.empty() ? g.text : g.text + " (" + status + ")";
}

}  // namespace

Result<Paper> RenderMinSip(const Case& c, const PaperParams& p) {
  if (c.versions.empty()) return Error{Errc::WrongStep, "no established plan"};
  const PlanVersion* v = PickVersion(c, p.version);
  if (!v) return Error{Errc::NotFound, "version"};
  const Plan& plan = v->plan;
  const std::string vtext = std::to_string(v->version);

  Page page("Min SIP – version " + vtext, kMinSipCss);
  page.Raw("<header>\n<h1>Min SIP</h1>\n");
  page.P("Min samordnade individuella plan", "lead");
  page.P("En SIP samlar mina behov, mina insatser och vem som ansvarar för dem, på ett ställe, utifrån vad som "
         "är viktigt för mig.");
  page.P("Version " + vtext + (v->established_on.empty() ? "" : ", bestämd " + DateSv(v->established_on)) + ".");
  if (!c.closure.closed_on.empty()) {
    page.P("Planen gäller inte längre. Den avslutades " + DateSv(c.closure.closed_on) + ".", "note");
  } else if (v->version != c.versions.back().version) {
    page.P("Det finns en nyare version av planen (version " + std::to_string(c.versions.back().version) +
               "). Den här versionen gäller inte längre.",
           "note");
  }
  page.Raw("</header>\n<main>\n");

  // What matters to me: the main goals in the person's own words, else what was said when preparing.
  std::vector<const Goal*> mains, own_words;
  for (const auto& g : plan.goals)
    if (g.parent_id.empty()) {
      mains.push_back(&g);
      if (g.persons_own_words) own_words.push_back(&g);
    }
  page.SectionOpen("viktigt", "Det här är viktigt för mig");
  if (!own_words.empty()) {
    for (const Goal* g : own_words) page.P("”" + g->text + "”", "own-words");
  } else if (!c.preparation.what_matters.empty()) {
    page.P("”" + c.preparation.what_matters + "”", "own-words");
  } else {
    page.P("Inte ifyllt.");
  }
  page.SectionClose();

  // My goals: main goals with their sub-goals.
  page.SectionOpen("mal", "Mina mål");
  if (plan.goals.empty()) {
    page.P("Inga mål är skrivna i den här versionen.");
  } else {
    std::set<std::string> main_ids;
    for (const Goal* g : mains) main_ids.insert(g->id);
    page.Raw("<ul>\n");
    for (const Goal* g : mains) {
      page.Raw("<li>");
      page.Text("Mål: " + GoalLine(*g));
      std::vector<std::string> subs;
      for (const auto& s : plan.goals)
        if (s.parent_id == g->id) subs.push_back("Delmål: " + GoalLine(s));
      if (!subs.empty()) {
        page.Raw("\n");
        page.List(subs);
      }
      page.Raw("</li>\n");
    }
    for (const auto& s : plan.goals)   // sub-goals whose main goal is not in this version
      if (!s.parent_id.empty() && !main_ids.count(s.parent_id)) {
        page.Raw("<li>");
        page.Text("Delmål: " + GoalLine(s));
        page.Raw("</li>\n");
      }
    page.Raw("</ul>\n");
  }
  page.SectionClose();

  // Who does what, when and where.
  page.SectionOpen("vem-gor-vad", "Vem gör vad");
  std::vector<const Intervention*> shown;
  for (const auto& i : plan.interventions)
    if (i.status != InterventionStatus::Cancelled) shown.push_back(&i);
  if (shown.empty()) {
    page.P("Inga insatser är skrivna i den här versionen.");
  } else {
    page.TableOpen("Insatser: vad, vem, när och var", {"Vad", "Vem", "När", "Var"}, {28, 30, 26, 16});
    for (const Intervention* i : shown) {
      std::string when = i->start_date.empty() ? "" : "Från " + DateSv(i->start_date);
      if (!i->frequency.empty()) when += (when.empty() ? "" : ", ") + i->frequency;
      page.TableRow({i->what, PartyName(c, i->responsible), when, i->place});
    }
    page.TableClose();
  }
  if (!plan.other_actors.empty()) {
    page.TableOpen("Andra som hjälper till", {"Vem", "Vad"}, {40, 60});
    for (const auto& a : plan.other_actors) page.TableRow({a.actor, a.action});
    page.TableClose();
  }
  if (!plan.other_plans.empty()) {
    page.H3("Andra planer som hör ihop med min SIP");
    std::vector<std::string> items;
    for (const auto& o : plan.other_plans)
      items.push_back(o.note.empty() ? OtherPlanSv(o.kind) : std::string(OtherPlanSv(o.kind)) + ": " + o.note);
    page.List(items);
  }
  page.SectionClose();

  // Who to call: the coordinator first, then everyone responsible for something, then the convener.
  page.SectionOpen("ring", "Vem jag kan ringa");
  struct Row {
    std::string id, who, org, role, contact;
    std::vector<std::string> tasks;
  };
  std::vector<Row> rows;
  auto add_participant = [&](const std::string& id, const char* task) {
    const Participant* q = FindParticipant(c, id);
    if (!q) return;
    for (auto& r : rows)
      if (r.id == id) {
        if (*task) r.tasks.push_back(task);
        return;
      }
    rows.push_back({id, q->name.empty() ? q->organisation : q->name, q->name.empty() ? "" : q->organisation,
                    StaffRoleDisplay(q->role, q->role_text), q->contact, {}});
    if (*task) rows.back().tasks.push_back(task);
  };
  add_participant(plan.coordinator, "samordningsansvarig");
  add_participant(plan.follow_up_owner, "ansvarar för uppföljningen");
  for (const Intervention* i : shown) add_participant(i->responsible, "");
  for (auto& r : rows) {
    std::string role;
    for (size_t t = 0; t < r.tasks.size(); ++t) role += (t == 0 ? "" : t + 1 == r.tasks.size() ? " och " : ", ") + r.tasks[t];
    if (!r.role.empty()) role = role.empty() ? r.role : role + ", " + r.role;
    if (!role.empty()) role[0] = role[0] == 's' ? 'S' : role[0] == 'a' ? 'A' : role[0];
    r.role = role;
  }
  bool convener_listed = false;
  for (const auto& r : rows) convener_listed = convener_listed || (!c.convener.name.empty() && r.who == c.convener.name);
  if (!convener_listed && (!c.convener.name.empty() || !c.convener.organisation.empty())) {
    std::string role = "Sammankallande";
    if (const std::string r = StaffRoleDisplay(c.convener.role, c.convener.role_text); !r.empty()) role += ", " + r;
    rows.push_back({"", c.convener.name.empty() ? c.convener.organisation : c.convener.name,
                    c.convener.name.empty() ? "" : c.convener.organisation, role, c.convener.contact, {}});
  }
  if (rows.empty()) {
    page.P("Inga kontaktpersoner är angivna.");
  } else {
    page.TableOpen("Kontakter", {"Vem", "Uppgift", "Telefon eller e-post"}, {40, 35, 25});
    for (const auto& r : rows) page.TableRow({r.org.empty() ? r.who : r.who + ", " + r.org, r.role, r.contact});
    page.TableClose();
  }
  page.SectionClose();

  // The next follow-up and who owns it (none once the plan is closed).
  const bool closed = !c.closure.closed_on.empty();
  page.SectionOpen("uppfoljning", "Nästa uppföljning");
  if (closed) {
    page.P("Ingen uppföljning: planen är avslutad.");
  } else {
    page.DlOpen();
    page.DlRow("Datum", plan.follow_up_on.empty() ? "Inte bestämt" : WeekdayDateSv(plan.follow_up_on));
    const std::string owner = PartyName(c, plan.follow_up_owner);
    page.DlRow("Ansvarig", owner.empty() ? "Inte bestämt" : owner);
    page.DlRow("Det här följs upp", plan.what_to_follow_up);
    page.DlClose();
  }
  page.SectionClose();

  if (!plan.child_perspective.empty()) {
    page.SectionOpen("barn", "Barnets perspektiv");
    page.P(plan.child_perspective);
    page.SectionClose();
  }

  // Where to turn.
  page.SectionOpen("vart", "Vart jag vänder mig");
  std::vector<std::string> turn;
  const std::string coordinator = PartyName(c, plan.coordinator);
  if (!closed && !coordinator.empty())
    turn.push_back("Om något viktigt förändras innan uppföljningen: kontakta " + coordinator +
                   ". Den som är samordningsansvarig kallar då till ett nytt möte.");
  else if (!closed)
    turn.push_back("Om något viktigt förändras innan uppföljningen: kontakta någon av dem som finns i planen.");
  if (!c.closure.where_to_turn.empty()) turn.push_back("Om behovet kommer tillbaka: " + c.closure.where_to_turn);
  turn.push_back("Om det är akut: ring 112. För råd om vård: ring 1177.");
  if (!closed) turn.push_back("Du kan när som helst ta tillbaka ditt samtycke. Då gäller inte planen längre.");
  page.List(turn);
  page.SectionClose();

  page.Raw("</main>\n");
  Footer(page, c, p.printed_on);
  return Paper{page.Finish(), "min-sip-version-" + vtext + ".html"};
}

}  // namespace sip::papers_detail
