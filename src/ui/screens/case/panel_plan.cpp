// Plan: the main goal in the person's words, sub-goals, interventions (what, who, start, how often, where),
// coordinator, child perspective, other actors and plans, follow-up date and owner, the hand-over to the
// person; what is missing before the plan can be established; earlier versions.
#include <imgui.h>

#include "core/readiness.h"
#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"
#include "ui/widgets/guard_list.h"

namespace sip::ui {
namespace {

bool GoalChoice(const char* label, std::string& id, const Plan& plan, bool main_only) {
  std::vector<std::string> ids{""};
  std::vector<const char*> items{main_only ? "Inget – detta är ett huvudmål" : "Inget särskilt mål"};
  int index = id.empty() ? 0 : -1;
  for (const auto& g : plan.goals) {
    if (main_only && !g.parent_id.empty()) continue;
    ids.push_back(g.id);
    items.push_back(g.text.c_str());
    if (g.id == id) index = static_cast<int>(ids.size()) - 1;
  }
  if (!ChoiceIndex(label, index, items) || index < 0) return false;
  id = ids[static_cast<size_t>(index)];
  return true;
}

void InterventionFields(Intervention& i, const Case& c, CivilDate today, bool is_new) {
  TextField("Vad", i.what, {.anchor = is_new ? "plan.interventions" : nullptr, .required = true});
  ParticipantChoice("Vem ansvarar", i.responsible, c, {.required = true});
  DateField("Startar", i.start_date, today);
  TextField("Hur ofta", i.frequency, {.hint = "t.ex. dagligen 08–09"});
  TextField("Var", i.place);
  GoalChoice("Mål som insatsen hör till", i.goal_id, c.plan, false);
  ChoiceField("Status", i.status, labels::InterventionStatuses());
  CheckField("Hemtjänstens eget åtagande", i.home_care_commitment,
             {.help = "Hemtjänstens åtaganden dokumenteras också i den egna journalen."});
}

}  // namespace

void DrawPlanPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  Plan& plan = d.edit.plan;
  const Case& c = d.base;
  const bool editable = !p.closed && !d.consent_withdrawn;
  if (!editable) ImGui::BeginDisabled();

  SectionTitle("Mål");
  for (auto& g : plan.goals) {
    ImGui::PushID(g.id.c_str());
    const bool main = g.parent_id.empty();
    if (!main) ImGui::Indent();
    TextArea(main ? "Huvudmål" : "Delmål", g.text, {.lines = 2});
    if (main) CheckField("Med den enskildes egna ord", g.persons_own_words);
    ChoiceField("Status", g.status, labels::GoalStatuses());
    if (!main) ImGui::Unindent();
    ImGui::PopID();
  }
  if (ImGui::TreeNode("Lägg till mål")) {
    Goal& g = d.new_goal;
    GoalChoice("Delmål till", g.parent_id, plan, true);
    TextArea(g.parent_id.empty() ? "Huvudmål" : "Delmål", g.text, {.anchor = "plan.goals", .lines = 2});
    if (g.parent_id.empty())
      CheckField("Med den enskildes egna ord", g.persons_own_words,
                 {.help = "Huvudmålet ska vara den enskildes eget: det som är viktigt för hen."});
    if (Button("Lägg till målet")) AddGoal(p.ui, d);
    ImGui::TreePop();
  }

  SectionTitle("Insatser");
  for (auto& i : plan.interventions) {
    ImGui::PushID(i.id.c_str());
    std::string title = i.what + " – " + ParticipantName(c, i.responsible);
    if (ImGui::TreeNode("i", "%s", title.c_str())) {
      InterventionFields(i, c, p.today, false);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (ImGui::TreeNode("Lägg till insats")) {
    ImGui::PushID("new");
    InterventionFields(d.new_intervention, c, p.today, true);
    ImGui::PopID();
    if (Button("Lägg till insatsen")) AddIntervention(p.ui, d);
    ImGui::TreePop();
  }

  SectionTitle("Samordning och uppföljning");
  ParticipantChoice("Samordningsansvarig", plan.coordinator, c,
                    {.anchor = "plan.coordinator", .help = "Den som samordnar och kallar till nästa möte.", .required = true});
  DateField("Uppföljning den", plan.follow_up_on, p.today, {.anchor = "plan.follow_up", .required = true});
  ParticipantChoice("Ansvarig för uppföljningen", plan.follow_up_owner, c, {.required = true});
  TextArea("Vad som ska följas upp", plan.what_to_follow_up, {.lines = 2});
  if (d.child)
    TextArea("Hur barnperspektivet tillgodoses", plan.child_perspective,
             {.anchor = "plan.child_perspective", .required = true, .lines = 3});
  DateField("Planen lämnad till den enskilde", plan.handed_to_person_on, p.today,
            {.help = "Den enskilde ska ha planen inom tre dagar efter mötet."});
  if (Button("Spara planen", d.Dirty(Section::Goals) || d.Dirty(Section::Interventions) || d.Dirty(Section::PlanFields)))
    SavePlan(p.ui, d);

  SectionTitle("Andra aktörer och planer");
  for (const auto& o : plan.other_actors) BulletWrapped("%s: %s", o.actor.c_str(), o.action.c_str());
  for (const auto& o : plan.other_plans)
    BulletWrapped("%s%s%s", labels::Label(labels::OtherPlanKinds(), o.kind), o.note.empty() ? "" : ": ", o.note.c_str());
  if (ImGui::TreeNode("Lägg till annan aktör")) {
    TextField("Aktör", d.new_actor.actor, {.hint = "t.ex. Försäkringskassan"});
    TextField("Vad aktören gör", d.new_actor.action);
    if (Button("Lägg till aktören")) AddOtherActor(p.ui, d);
    ImGui::TreePop();
  }
  if (ImGui::TreeNode("Lägg till annan plan")) {
    ChoiceField("Slag av plan", d.new_other_plan.kind, labels::OtherPlanKinds());
    TextField("Anteckning", d.new_other_plan.note);
    if (Button("Lägg till planen")) AddOtherPlan(p.ui, d);
    ImGui::TreePop();
  }
  if (!editable) ImGui::EndDisabled();

  const bool can_establish = c.step == Step::Meeting ||
                             (c.step == Step::FollowUp && !c.follow_ups.empty() &&
                              c.follow_ups.back().decision == FollowUpDecision::Revise &&
                              (c.versions.empty() || c.versions.back().revises_after != c.follow_ups.back().id));
  if (editable && can_establish) {
    SectionTitle("Fastställ planen");
    GuardList("Innan planen kan fastställas saknas:", MissingForEstablish(d.edit, p.today));
    DateField("Fastställd den", d.established_on, p.today, {.required = true});
    if (Button("Fastställ planen")) EstablishPlan(p.ui, d);
  }
  PanelFeedback(d, Panel::Plan);
  if (!c.versions.empty()) {
    SectionTitle("Fastställda versioner och Min SIP");
    HelpText("Min SIP är den enskildes egen kopia av planen, i klarspråk. Den öppnas i en ny flik, där du skriver "
             "ut den eller sparar den som PDF.");
    for (auto v = c.versions.rbegin(); v != c.versions.rend(); ++v) {
      ImGui::PushID(v->version);
      BulletWrapped("Version %d, fastställd %s%s", v->version, v->established_on.c_str(),
                    v->revises_after.empty() ? "" : " (reviderad efter uppföljning)");
      const std::string open = "Öppna Min SIP, version " + std::to_string(v->version);
      if (Button(open.c_str())) OpenPaper(p.ui, d, Panel::Plan, "min-sip", v->version);
      ImGui::PopID();
    }
    if (c.plan.handed_to_person_on.empty()) {
      if (!p.closed && Button("Min SIP är lämnad till den enskilde i dag"))
        RecordHandedOver(p.ui, d, FormatDate(p.today));
    } else {
      ImGui::TextWrapped("Planen lämnades till den enskilde %s.", c.plan.handed_to_person_on.c_str());
    }
  }
}

}  // namespace sip::ui
