// Mötet: when it was held, who led and documented it, every invitee's attendance, how the person took part,
// the notes; deviations proposed afterwards (an invitee absent without notice).
#include <imgui.h>

#include "ui/labels.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/date_field.h"

namespace sip::ui {

void DrawMeetingPanel(PanelContext& p) {
  CaseDraft& d = p.d;
  const Case& c = d.base;
  if (!c.meeting.held_on.empty()) {
    Feedback("Mötet hölls " + c.meeting.held_on + ".", false);
    if (c.meeting.participation != ParticipationMode::Unknown)
      ImGui::TextWrapped("Den enskilde deltog %s%s%s.", ParticipationModeLabel(c.meeting.participation),
                         c.meeting.participation_reason.empty() ? "" : ": ", c.meeting.participation_reason.c_str());
    for (const auto& id : c.invitation.invitees)
      for (const auto& x : c.participants)
        if (x.id == id)
          BulletWrapped("%s: %s", ParticipantName(c, id).c_str(), labels::Label(labels::Attendances(), x.attendance));
    if (!c.meeting.notes.empty()) {
      SectionTitle("Anteckningar");
      ImGui::TextWrapped("%s", c.meeting.notes.c_str());
    }
  } else if (c.step != Step::Invitation || p.closed) {
    HelpText("Mötet registreras när inbjudan är skickad.");
  } else {
    MeetingDraft& m = d.meeting;
    DateField("Mötet hölls den", m.held_on, p.today, {.anchor = "meeting.held_on", .required = true});
    TextField("Mötesledare", m.leader);
    TextField("Dokumenterades av", m.documenter);
    ChoiceField("Hur den enskilde deltog", m.participation, labels::ParticipationModes(),
                {.anchor = "meeting.participation", .required = true});
    if (m.participation == ParticipationMode::NotAtAll)
      TextField("Varför den enskilde inte deltog", m.participation_reason, {.required = true});
    SectionTitle("Närvaro");
    HelpText("Ange närvaro för varje inbjuden. Den som uteblev utan återbud ska avvikelserapporteras av den "
             "sammankallande.");
    for (const auto& id : c.invitation.invitees) {
      Attendance a = Attendance::Unknown;
      if (auto it = m.attendance.find(id); it != m.attendance.end()) a = it->second;
      const std::string name = ParticipantName(c, id);
      ImGui::PushID(id.c_str());
      if (ChoiceField(name.c_str(), a, labels::Attendances(), {.anchor = "meeting.attendance", .required = true}))
        m.attendance[id] = a;
      ImGui::PopID();
    }
    TextArea("Anteckningar", m.notes, {.lines = 5});
    if (Button("Registrera mötet")) RecordMeeting(p.ui, d);
  }
  if (!d.proposed_deviations.empty()) {
    SectionTitle("Föreslagna avvikelser");
    for (const auto& id : d.proposed_deviations)
      BulletWrapped("%s uteblev utan återbud – rapportera under Avvikelser.", ParticipantName(c, id).c_str());
  }
  PanelFeedback(d, Panel::Meeting);
}

}  // namespace sip::ui
