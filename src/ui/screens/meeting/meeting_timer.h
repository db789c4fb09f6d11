// sipui/screens/meeting/meeting_timer.h — the agenda of a SIP meeting as phases with a timer each (seed 002,
// "Mötets struktur"), on the app's clock: every call takes `now`, so tests drive it with a fake clock and the
// overrun, pause and phase changes are exact to the millisecond.
//
// The phases: Inledning (roles, frame, time, purpose) · Laget runt – nuläget (the individual first) ·
// Problematisera – behoven · Planera – mål och insatser (most of the time) · Sammanfattning · Avslut. The three
// middle ones are the 20/20/20 minutes of seed 002 (core DefaultAgenda()); every planned time can be changed
// before and during the meeting. Agenda() gives the phases actually used, with their planned and used minutes,
// for meeting.record.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/command.h"   // Json
#include "core/model.h"
#include "core/time.h"

namespace sip::ui {

struct MeetingPhase {
  std::string name;       // Swedish, as recorded in the meeting's agenda
  std::string hint;       // one line: what the phase is for
  int planned_minutes = 0;
  int64_t used_ms = 0;    // time spent in the phase while the timer ran (the running stretch not included)
};

class MeetingTimer {
 public:
  MeetingTimer();   // the six phases of seed 002 with their default times (5, 20, 20, 20, 10, 5 minutes)

  const std::vector<MeetingPhase>& phases() const { return phases_; }
  size_t current() const { return current_; }
  bool running() const { return running_; }
  bool started() const { return started_; }

  // Start or resume / pause; Space in the meeting view.
  void Start(UnixMs now);
  void Pause(UnixMs now);
  void Toggle(UnixMs now) { running_ ? Pause(now) : Start(now); }
  // To the next (N) or any phase; time keeps running if it was running. Next() on the last phase does nothing.
  void Next(UnixMs now);
  void GoTo(size_t phase, UnixMs now);
  // Changes a phase's planned time (1…240 minutes), before or during the meeting.
  void SetPlanned(size_t phase, int minutes);

  // Time spent in `phase`, counting the running stretch up to `now`.
  int64_t UsedMs(size_t phase, UnixMs now) const;
  // Time left in the current phase; negative once it runs over.
  int64_t LeftMs(UnixMs now) const;
  bool Overrun(UnixMs now) const { return LeftMs(now) < 0; }
  // The phases used (time spent, or the current one), each with its planned and used minutes (rounded up).
  std::vector<AgendaPhase> Agenda(UnixMs now) const;

  // The timer as JSON and back (a lock keeps a running meeting's clock: ui/unsaved_input.h). A running timer
  // stays running from the same moment, so the time the app was locked counts as meeting time. Restore()
  // refuses (false, nothing changed) a snapshot that does not fit this agenda.
  Json Snapshot() const;
  bool Restore(const Json& snapshot);

 private:
  void Bank(UnixMs now);   // adds the running stretch to the current phase
  std::vector<MeetingPhase> phases_;
  size_t current_ = 0;
  bool running_ = false, started_ = false;
  UnixMs since_ = 0;       // when the running stretch began
};

// "12:05" left, or "+3:10" over time (minutes:seconds), from the milliseconds left.
std::string FormatClock(int64_t ms);

}  // namespace sip::ui
