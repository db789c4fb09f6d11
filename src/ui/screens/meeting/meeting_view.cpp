#include "ui/screens/meeting/meeting_view.h"

#include <imgui.h>
#include <imgui_internal.h>   // key ownership: Space starts the timer instead of pressing the focused button

#include "core/readiness.h"
#include "ui/app_ui.h"
#include "ui/keys.h"
#include "ui/labels.h"
#include "ui/locator.h"
#include "ui/screens/case/panels.h"
#include "ui/theme.h"
#include "ui/widgets/date_field.h"
#include "ui/widgets/form.h"
#include "ui/widgets/guard_list.h"

namespace sip::ui {

MeetingFacts MeetingFactsOf(const Case& c, bool child) {
  MeetingFacts f;
  f.person = c.owner.name;
  f.purpose = c.invitation.purpose;
  f.questions = c.invitation.questions;
  f.what_matters = c.preparation.what_matters;
  for (const auto& id : c.invitation.invitees) f.invitees.push_back({id, ParticipantName(c, id)});
  for (const auto& m : c.mapping)
    if (!m.person_view.empty()) f.areas.push_back({LifeAreaLabel(m.area), m.person_view});
  for (const auto& g : c.plan.goals) f.goals.push_back((g.parent_id.empty() ? "Huvudmål: " : "Delmål: ") + g.text);
  for (const auto& i : c.plan.interventions)
    f.interventions.push_back({i.what, ParticipantName(c, i.responsible), i.start_date, i.frequency, i.place});
  f.child = child;
  f.meeting_recorded = !c.meeting.held_on.empty();
  f.step = c.step;
  return f;
}

void MeetingView::Open(const std::string& id) {
  if (id != case_id) {
    case_id = id;
    timer = MeetingTimer();
    held_on.clear();
    established_on.clear();
    proposed_deviations.clear();
  }
  leave = false;
}

void MeetingView::HandleKeys(const UiContext& ctx) {
  const ImGuiID owner = ImGui::GetID("##meeting-keys");
  if (ImGui::GetIO().WantTextInput) return;
  // While nobody types, Space belongs to the timer, not to the focused button (Enter still presses buttons).
  // Owned with LockUntilRelease from the frame before, a press is locked away from keyboard navigation in the
  // NewFrame() that sees it (imgui.cpp UpdateKeyboardInputs), and only this owner reads it.
  if (ImGui::IsKeyPressed(ImGuiKey_Space, owner, ImGuiInputFlags_None)) timer.Toggle(ctx.now);
  ImGui::SetKeyOwner(ImGuiKey_Space, owner, ImGuiInputFlags_LockUntilRelease);
  if (ImGui::IsKeyPressed(ImGuiKey_N, false)) timer.Next(ctx.now);
  if (Pressed(Shortcut::Close)) leave = true;
}

bool MeetingView::EndMeeting(const UiContext& ctx, CaseDraft& d) {
  d.meeting.held_on = held_on.empty() ? FormatDate(LocalToday(ctx)) : held_on;
  d.meeting.agenda = timer.Agenda(ctx.now);
  timer.Pause(ctx.now);
  if (!RecordMeeting(ctx, d)) return false;
  proposed_deviations.clear();
  for (const auto& id : d.proposed_deviations) proposed_deviations.push_back(ParticipantName(d.base, id));
  return true;
}

namespace {

ImVec4 Col(const Rgba& c) { return ImVec4(c.r, c.g, c.b, 1); }

void PhaseIntroduction(const UiContext& ctx, CaseDraft& d, const MeetingFacts& f) {
  (void)ctx;
  if (!f.purpose.empty()) {
    SectionTitle("Syfte – det långsiktiga målet");
    ImGui::TextWrapped("%s", f.purpose.c_str());
  }
  if (!f.questions.empty()) {
    SectionTitle("Frågor till mötet");
    for (const auto& q : f.questions) BulletWrapped("%s", q.c_str());
  }
  SectionTitle("Vilka är här?");
  if (f.meeting_recorded) {
    HelpText("Närvaron är registrerad.");
    return;
  }
  for (const auto& inv : f.invitees) {
    Attendance a = Attendance::Unknown;
    if (auto it = d.meeting.attendance.find(inv.id); it != d.meeting.attendance.end()) a = it->second;
    ImGui::PushID(inv.id.c_str());
    if (ChoiceField(inv.name.c_str(), a, labels::Attendances(), {.anchor = "meeting.attendance", .required = true}))
      d.meeting.attendance[inv.id] = a;
    ImGui::PopID();
  }
  ChoiceField(("Hur " + f.person + " deltar").c_str(), d.meeting.participation, labels::ParticipationModes(),
              {.anchor = "meeting.participation", .required = true});
  if (d.meeting.participation == ParticipationMode::NotAtAll)
    TextField("Varför den enskilde inte deltar", d.meeting.participation_reason, {.required = true});
}

void PhaseSituation(const MeetingFacts& f, CaseDraft& d, bool needs) {
  if (!needs) {
    SectionTitle("Vad är viktigt för dig?");
    if (!f.what_matters.empty())
      ImGui::TextWrapped("”%s”", f.what_matters.c_str());
    else
      HelpText("Börja med den enskilde: fråga vad som är viktigt just nu.");
  }
  if (needs && f.areas.empty()) HelpText("Inga livsområden är kartlagda. Gå igenom behoven tillsammans.");
  if (needs && !f.areas.empty()) {
    SectionTitle("Livsområden");
    for (const auto& a : f.areas) BulletWrapped("%s: %s", a.area.c_str(), a.persons_view.c_str());
  }
  if (!f.meeting_recorded) TextArea("Anteckningar från mötet", d.meeting.notes, {.lines = 4});
}

void PhasePlan(PanelContext& p, const MeetingFacts& f) {
  CaseDraft& d = p.d;
  SectionTitle("Mål");
  for (const auto& g : f.goals) BulletWrapped("%s", g.c_str());
  TextArea("Nytt mål, med den enskildes egna ord", d.new_goal.text, {.anchor = "plan.goals", .lines = 2});
  CheckField("Med den enskildes egna ord", d.new_goal.persons_own_words);
  if (Button("Lägg till målet", !d.new_goal.text.empty())) AddGoal(p.ui, d);
  SectionTitle("Insatser – vem gör vad, när och var");
  for (const auto& i : f.interventions) {
    std::string line = i.what + " – " + i.who;
    if (!i.frequency.empty()) line += ", " + i.frequency;
    if (!i.place.empty()) line += ", " + i.place;
    if (!i.start_date.empty()) line += ", från " + i.start_date;
    BulletWrapped("%s", line.c_str());
  }
  TextField("Vad", d.new_intervention.what, {.anchor = "plan.interventions", .required = true});
  ParticipantChoice("Vem ansvarar", d.new_intervention.responsible, d.base, {.required = true});
  DateField("Från och med", d.new_intervention.start_date, p.today);
  TextField("Hur ofta", d.new_intervention.frequency, {.hint = "t.ex. dagligen 08–09"});
  TextField("Var", d.new_intervention.place);
  if (Button("Lägg till insatsen", !d.new_intervention.what.empty() && !d.new_intervention.responsible.empty()))
    AddIntervention(p.ui, d);
  PanelFeedback(d, Panel::Plan);
}

void PhaseSummary(PanelContext& p, const MeetingFacts& f) {
  CaseDraft& d = p.d;
  SectionTitle("Vem gör vad");
  if (f.interventions.empty()) HelpText("Inga insatser ännu.");
  for (const auto& i : f.interventions) BulletWrapped("%s – %s", i.who.c_str(), i.what.c_str());
  SectionTitle("Uppföljning och ansvar för planen");
  ParticipantChoice("Samordningsansvarig", d.edit.plan.coordinator, d.base,
                    {.anchor = "plan.coordinator", .required = true});
  DateField("Uppföljning den", d.edit.plan.follow_up_on, p.today, {.anchor = "plan.follow_up", .required = true});
  ParticipantChoice("Ansvarig för uppföljningen", d.edit.plan.follow_up_owner, d.base, {.required = true});
  if (f.child)
    TextArea("Barnets perspektiv", d.edit.plan.child_perspective, {.anchor = "plan.child_perspective", .lines = 2});
  if (d.Dirty(Section::PlanFields) && Button("Spara")) SavePlan(p.ui, d);
  GuardList("Innan planen kan fastställas saknas:", MissingForEstablish(d.edit, p.today));
  PanelFeedback(d, Panel::Plan);
}

// The phase whose view holds the field of an anchor (a "what is missing" line jumps there).
int PhaseOfAnchor(const std::string& anchor) {
  if (anchor == "plan.goals" || anchor == "plan.interventions") return 3;
  if (anchor.rfind("plan.", 0) == 0) return 4;
  if (anchor.rfind("meeting.", 0) == 0) return 0;
  return -1;
}

}  // namespace

void MeetingView::Draw(const UiContext& ctx, CaseDraft& d) {
  leave = false;
  HandleKeys(ctx);
  const CivilDate today = LocalToday(ctx);
  const MeetingFacts f = MeetingFactsOf(d.base, d.child);
  PanelContext p{ctx, d, today, d.base.step == Step::Closed};
  const SemanticColors col = Semantic();
  ImFont* large = LargeFont();
  ImFont* clock = ClockFont();

  // --- Head: the phase, the time left, the controls ---------------------------------------------------------
  const size_t cur = timer.current();
  const MeetingPhase& ph = timer.phases()[cur];
  const int64_t left = timer.LeftMs(ctx.now);
  // Everything in this view is in the large type (it is read across the table, at about 2 m); the clock larger.
  if (large) ImGui::PushFont(large);
  ImGui::TextUnformatted(("Mötesläge – " + f.person).c_str());
  ImGui::Separator();
  // Two columns when there is room (the phase and its clock | the agenda), else one above the other (200 %).
  const bool two_columns = ImGui::GetContentRegionAvail().x >= ImGui::GetFontSize() * 34;
  const bool head_table = two_columns && ImGui::BeginTable("head", 2, ImGuiTableFlags_SizingStretchProp);
  if (head_table) {
    ImGui::TableSetupColumn("phase", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("agenda", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
  }
  const std::string heading = std::to_string(cur + 1) + " av " + std::to_string(timer.phases().size()) + ": " + ph.name;
  ImGui::TextUnformatted(heading.c_str());
  locator::NoteLastItem(heading);   // tests read the phase shown
  ImGui::TextWrapped("%s", ph.hint.c_str());
  if (clock) ImGui::PushFont(clock);
  const std::string shown = FormatClock(left);
  if (left < 0)
    ImGui::TextColored(Col(col.warning), "%s", shown.c_str());
  else
    ImGui::TextUnformatted(shown.c_str());
  if (clock) ImGui::PopFont();
  SameLineIfFits("kvar – inte startad");
  if (left < 0) {
    ImGui::TextColored(Col(col.warning), "över tiden");
    locator::NoteLastItem("över tiden");   // tests see the overrun
  } else {
    ImGui::TextDisabled(timer.running() ? "kvar" : (timer.started() ? "kvar – pausad" : "kvar – inte startad"));
  }
  if (Button(timer.running() ? "Pausa (Mellanslag)" : (timer.started() ? "Fortsätt (Mellanslag)" : "Starta (Mellanslag)")))
    timer.Toggle(ctx.now);
  SameLineIfFits("Nästa fas (N)");
  if (Button("Nästa fas (N)", cur + 1 < timer.phases().size())) timer.Next(ctx.now);
  if (Button("Lämna mötesläget (Esc)")) leave = true;
  if (head_table) ImGui::TableNextColumn();

  // The agenda: every phase with its planned time (changeable) and the time used.
  if (ImGui::BeginTable("agenda", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("Fas", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Minuter", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("Använt", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Använt+").x);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < timer.phases().size(); ++i) {
      const MeetingPhase& x = timer.phases()[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(x.name.c_str(), i == cur)) timer.GoTo(i, ctx.now);
      FocusRing();
      ImGui::TableNextColumn();
      int minutes = x.planned_minutes;
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputInt("##planned", &minutes, 1, 5)) timer.SetPlanned(i, minutes);
      FocusRing();
      ImGui::TableNextColumn();
      const int64_t used = timer.UsedMs(i, ctx.now);
      const bool over = used > int64_t{x.planned_minutes} * 60000;
      const std::string u = used > 0 ? FormatClock(used).c_str() : std::string("–");
      if (over)
        ImGui::TextColored(Col(col.warning), "%s", u.c_str());
      else
        ImGui::TextUnformatted(u.c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (head_table) ImGui::EndTable();
  ImGui::Separator();

  // --- The phase's own work -----------------------------------------------------------------------------
  ImGui::BeginChild("phase", ImVec2(0, 0), false);
  switch (cur) {
    case 0: PhaseIntroduction(ctx, d, f); break;
    case 1: PhaseSituation(f, d, false); break;
    case 2: PhaseSituation(f, d, true); break;
    case 3: PhasePlan(p, f); break;
    case 4: PhaseSummary(p, f); break;
    default: {
      if (!f.meeting_recorded) {
        SectionTitle("Avsluta mötet");
        HelpText("Sammanfatta vad ni kommit överens om. Den enskilde ska få planen inom tre dagar.");
        DateField("Mötet hölls den", held_on, today, {.anchor = "meeting.held_on"});
        if (Button("Avsluta mötet och registrera det")) EndMeeting(ctx, d);
        PanelFeedback(d, Panel::Meeting);
      } else {
        Feedback("Mötet är registrerat.", false);
        for (const auto& name : proposed_deviations)
          ImGui::TextColored(Col(col.warning), "%s uteblev utan återbud – en avvikelse föreslås (rapporteras under "
                                               "Avvikelser).", name.c_str());
        const auto missing = MissingForEstablish(d.edit, today);
        if (d.base.step == Step::Meeting) {
          if (missing.empty()) {
            SectionTitle("Fastställ planen");
            DateField("Fastställd den", established_on, today);
            if (Button("Fastställ planen")) {
              d.established_on = established_on.empty() ? FormatDate(today) : established_on;
              EstablishPlan(ctx, d);
            }
          } else {
            GuardList("Innan planen kan fastställas saknas:", missing);
          }
        } else if (d.base.step == Step::FollowUp) {
          Feedback("Planen är fastställd.", false);
        }
        PanelFeedback(d, Panel::Plan);
      }
    }
  }
  ImGui::EndChild();
  if (large) ImGui::PopFont();
  // A "what is missing" line was chosen: show the phase that has its field (form.h focuses it when drawn).
  if (const int target = PhaseOfAnchor(PendingFocus()); target >= 0 && static_cast<size_t>(target) != cur)
    timer.GoTo(static_cast<size_t>(target), ctx.now);
}

}  // namespace sip::ui
