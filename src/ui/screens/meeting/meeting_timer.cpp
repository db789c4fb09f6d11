#include "ui/screens/meeting/meeting_timer.h"

#include <algorithm>
#include <cstdio>

namespace sip::ui {

MeetingTimer::MeetingTimer() {
  const std::vector<AgendaPhase> middle = DefaultAgenda();   // laget runt, problematisera, planera: 20/20/20
  phases_.push_back({"Inledning", "Presentation av personer och roller, ramar, tid, paus, syfte och frågor.", 5, 0});
  const char* const hints[] = {"Aktuell situation. Börja med den enskilde!", "Vilka behov finns? Vad är svårt?",
                               "Mål och insatser – den största delen av mötet."};
  for (size_t i = 0; i < middle.size(); ++i)
    phases_.push_back({middle[i].name, i < 3 ? hints[i] : "", middle[i].planned_minutes, 0});
  phases_.push_back({"Sammanfattning", "Vem gör vad, uppföljning bokad, vem som äger planen och hur återkoppling sker.",
                     10, 0});
  phases_.push_back({"Avslut", "Den enskilde får planen. Vart man vänder sig om något händer före uppföljningen.", 5, 0});
}

void MeetingTimer::Bank(UnixMs now) {
  if (running_ && now > since_) phases_[current_].used_ms += now - since_;
  since_ = now;
}

void MeetingTimer::Start(UnixMs now) {
  if (running_) return;
  running_ = started_ = true;
  since_ = now;
}

void MeetingTimer::Pause(UnixMs now) {
  if (!running_) return;
  Bank(now);
  running_ = false;
}

void MeetingTimer::Next(UnixMs now) {
  if (current_ + 1 < phases_.size()) GoTo(current_ + 1, now);
}

void MeetingTimer::GoTo(size_t phase, UnixMs now) {
  if (phase >= phases_.size() || phase == current_) return;
  Bank(now);
  current_ = phase;
}

void MeetingTimer::SetPlanned(size_t phase, int minutes) {
  if (phase < phases_.size()) phases_[phase].planned_minutes = std::clamp(minutes, 1, 240);
}

int64_t MeetingTimer::UsedMs(size_t phase, UnixMs now) const {
  if (phase >= phases_.size()) return 0;
  int64_t used = phases_[phase].used_ms;
  if (running_ && phase == current_ && now > since_) used += now - since_;
  return used;
}

int64_t MeetingTimer::LeftMs(UnixMs now) const {
  return int64_t{phases_[current_].planned_minutes} * 60000 - UsedMs(current_, now);
}

std::vector<AgendaPhase> MeetingTimer::Agenda(UnixMs now) const {
  std::vector<AgendaPhase> out;
  for (size_t i = 0; i < phases_.size(); ++i) {
    const int64_t used = UsedMs(i, now);
    if (used == 0 && !(started_ && i == current_)) continue;
    out.push_back({phases_[i].name, phases_[i].planned_minutes, static_cast<int>((used + 59999) / 60000)});
  }
  return out;
}

// [current, running, started, since, then planned minutes and used ms of each phase].
Json MeetingTimer::Snapshot() const {
  Json j = Json::array({current_, running_ ? 1 : 0, started_ ? 1 : 0, since_});
  for (const MeetingPhase& p : phases_) {
    j.push_back(p.planned_minutes);
    j.push_back(p.used_ms);
  }
  return j;
}

bool MeetingTimer::Restore(const Json& snapshot) {
  if (!snapshot.is_array() || snapshot.size() != 4 + 2 * phases_.size()) return false;
  for (const Json& v : snapshot)
    if (!v.is_number_integer()) return false;
  const size_t current = snapshot[0].get<size_t>();
  if (current >= phases_.size()) return false;
  current_ = current;
  running_ = snapshot[1].get<int>() != 0;
  started_ = snapshot[2].get<int>() != 0;
  since_ = snapshot[3].get<UnixMs>();
  for (size_t i = 0; i < phases_.size(); ++i) {
    phases_[i].planned_minutes = std::clamp(snapshot[4 + 2 * i].get<int>(), 1, 240);
    phases_[i].used_ms = std::max<int64_t>(0, snapshot[5 + 2 * i].get<int64_t>());
  }
  return true;
}

std::string FormatClock(int64_t ms) {
  const bool over = ms < 0;
  // Whole seconds, rounded towards the larger magnitude while counting down, so "0:00" means time is up.
  const int64_t s = over ? (-ms) / 1000 : (ms + 999) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld:%02lld", over ? "+" : "", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}

}  // namespace sip::ui
