// sipui/screens/meeting/meeting_view.h — Mötesläge: a large, calm, full-window view of a SIP meeting, meant to
// be turned towards the person at the kitchen table and read from two metres.
//
// Opened from a case in the invitation or meeting step. It shows the agenda of seed 002 as phases with a timer
// each (meeting_timer.h: the time left, large; a gentle colour once a phase runs over; pause/resume), the
// attendance of every invitee and how the person takes part, the person's own words, the goals and
// interventions typed live, and in the summary what is still missing before the plan can be established (each
// line jumps to its field). "Avsluta mötet" records the meeting (meeting.record, with the phases actually
// used), shows the deviations it proposes and offers to establish the plan when nothing is missing.
//
// Privacy: the view draws the case only through MeetingFacts, which carries no identity number, address or
// phone (tests/ui/meeting_view_test.cpp proves it for the scenario cases and generated ones). What the person
// said must not be discussed is not shown either.
//
// Keyboard: Space starts/pauses the timer, N goes to the next phase, Esc leaves the view — each only while no
// text field is being typed in. Everything typed stays in the case's draft (case_draft.h) when the view is
// left, like any other unsaved input. The view redraws once a second while nothing else happens (the
// platform's draw gate), which is how often the clock changes.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "ui/screens/case/case_draft.h"
#include "ui/screens/meeting/meeting_timer.h"

namespace sip::ui {

struct UiContext;

// What the meeting view may show of a case: names, the purpose, the person's own words, goals and
// interventions. Nothing else of the case reaches the screen.
struct MeetingFacts {
  struct Invitee {
    std::string id, name;   // name: "Namn (Organisation)"
  };
  struct AreaView {
    std::string area, persons_view;
  };
  struct PlannedIntervention {
    std::string what, who, start_date, frequency, place;
  };
  std::string person;                       // the person's name
  std::string purpose;                      // the invitation's purpose: the long-term goal
  std::vector<std::string> questions;       // the invitation's questions
  std::string what_matters;                 // "Vad är viktigt för dig?" in the person's words
  std::vector<Invitee> invitees;
  std::vector<AreaView> areas;              // the life areas mapped, with the person's view
  std::vector<std::string> goals;           // "Huvudmål: …" / "Delmål: …"
  std::vector<PlannedIntervention> interventions;
  bool child = false;
  bool meeting_recorded = false;
  Step step = Step::NeedDetected;
};
MeetingFacts MeetingFactsOf(const Case& c, bool child);

struct MeetingView {
  std::string case_id;                      // the case the view (and its timer) belongs to
  MeetingTimer timer;
  bool leave = false;                       // set by Draw when the user leaves (Esc, "Lämna mötesläget")
  std::string held_on;                      // "Mötet hölls den" (default today)
  std::string established_on;               // "Fastställ planen" date (default today)
  std::vector<std::string> proposed_deviations;   // names, after the meeting was recorded here

  // Opens the view for `case_id`; the timer is kept when it is the same case, new otherwise.
  void Open(const std::string& id);
  void Draw(const UiContext& ctx, CaseDraft& d);
  // Records the meeting with the draft's attendance and participation and the timer's agenda.
  bool EndMeeting(const UiContext& ctx, CaseDraft& d);
  // Handles Space / N / Esc for this frame (Draw calls it; tests may too).
  void HandleKeys(const UiContext& ctx);
};

}  // namespace sip::ui
