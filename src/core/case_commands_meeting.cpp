// sipcore/case_commands_meeting.cpp — preparation, mapping, the invitation and the meeting (see case_command_support.h).
#include "core/case_command_support.h"

#include <algorithm>

namespace sip::case_cmd {

Result<Json> PreparationStart(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::NeedDetected}));
  x.MoveTo(Step::Preparation);
  return Json::object();
}

Result<Json> PreparationUpdate(Ctx& x) {
  Preparation& p = x.c.preparation;
  Preparation copy = p;
  SIP_TRY(x.a.Str("what_matters", &copy.what_matters));
  SIP_TRY(x.a.StrList("questions", &copy.questions));
  SIP_TRY(x.a.StrList("wished_attendees", &copy.wished_attendees, kMaxShort));
  SIP_TRY(x.a.Enum("participation", &copy.participation));
  SIP_TRY(x.a.Str("meeting_place_wish", &copy.meeting_place_wish, false, kMaxShort));
  SIP_TRY(x.a.Str("meeting_leader", &copy.meeting_leader, false, kMaxShort));
  SIP_TRY(x.a.StrList("not_to_discuss", &copy.not_to_discuss));
  p = copy;
  return Json::object();
}

Result<Json> MappingUpdate(Ctx& x) {
  MappingEntry e;
  SIP_TRY(x.a.Enum("area", &e.area, true));
  auto it = std::find_if(x.c.mapping.begin(), x.c.mapping.end(), [&](const MappingEntry& m) { return m.area == e.area; });
  if (it != x.c.mapping.end()) e = *it;
  SIP_TRY(x.a.Str("person_view", &e.person_view));
  if (x.a.Has("interventions")) e.interventions.clear();
  SIP_TRY(x.a.List("interventions", [&](Args& a) -> Result<void> {
    KnownIntervention k;
    SIP_TRY(a.Str("party", &k.party, true, kMaxShort));
    SIP_TRY(a.Str("description", &k.description, true));
    e.interventions.push_back(k);
    return {};
  }));
  if (it != x.c.mapping.end()) *it = e;
  else x.c.mapping.push_back(e);
  std::sort(x.c.mapping.begin(), x.c.mapping.end(), [](const MappingEntry& l, const MappingEntry& r) { return l.area < r.area; });
  return Json::object();
}

Result<Json> InvitationUpdate(Ctx& x) {
  if (!x.c.invitation.sent_on.empty()) return Error{Errc::WrongStep, "invitation already sent"};
  Invitation v = x.c.invitation;
  SIP_TRY(x.a.Str("purpose", &v.purpose));
  SIP_TRY(x.a.StrList("questions", &v.questions));
  SIP_TRY(x.a.DateTime("meeting_at", &v.meeting_at));
  SIP_TRY(x.a.Str("place", &v.place, false, kMaxShort));
  SIP_TRY(x.a.StrList("invitees", &v.invitees, kMaxShort));
  for (const auto& id : v.invitees) SIP_TRY(NeedParticipant(x.c, id, "invitees"));
  x.c.invitation = v;
  return Json::object();
}

Result<Json> InvitationSend(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::Preparation}));
  std::string on;
  SIP_TRY(x.a.Date("sent_on", &on, true));
  SIP_TRY(CheckInvitationReady(x.c, x.cc.today));
  x.c.invitation.sent_on = on;
  x.c.invitation.consent_obtained = true;
  // Seed 004 §4.1.2: at discharge the invitation goes out at the latest three days after the notice.
  Json proposed = Json::array();
  if (Json p = ProposeLateness(x, GuidelineRule::DischargeInvitationWithin3Days, x.c.ready_for_discharge_on, on,
                               kDischargeInvitationWithinDays);
      !p.is_null())
    proposed.push_back(std::move(p));
  x.MoveTo(Step::Invitation);
  return Json{{"consent_obtained", true}, {"proposed_deviations", proposed}};
}

Result<Json> MeetingRecord(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::Invitation}));
  Meeting m = x.c.meeting;
  SIP_TRY(x.a.Date("held_on", &m.held_on, true));
  SIP_TRY(x.a.Str("leader", &m.leader, false, kMaxShort));
  SIP_TRY(x.a.Str("documenter", &m.documenter, false, kMaxShort));
  SIP_TRY(x.a.Str("notes", &m.notes));
  // How the person took part (seed 002 "Delaktighet") is required; "not at all" needs the reason.
  SIP_TRY(x.a.Enum("participation", &m.participation, true));
  SIP_TRY(x.a.Str("participation_reason", &m.participation_reason));
  if (m.participation == ParticipationMode::NotAtAll && m.participation_reason.empty())
    return Error{Errc::InvalidArgument, "participation_reason"};
  if (m.participation != ParticipationMode::NotAtAll && !m.participation_reason.empty())
    return Error{Errc::InvalidArgument, "participation_reason: only with not_at_all"};
  if (x.a.Has("agenda")) m.agenda.clear();
  SIP_TRY(x.a.List("agenda", [&](Args& a) -> Result<void> {
    AgendaPhase ph;
    SIP_TRY(a.Str("name", &ph.name, true, kMaxShort));
    SIP_TRY(a.Int("planned_minutes", &ph.planned_minutes, 1, 480));
    SIP_TRY(a.Int("used_minutes", &ph.used_minutes, 0, 600));
    m.agenda.push_back(ph);
    return {};
  }));
  std::vector<Participant> participants = x.c.participants;
  SIP_TRY(x.a.List("attendance", [&](Args& a) -> Result<void> {
    std::string id;
    Attendance at = Attendance::Unknown;
    SIP_TRY(a.Str("participant_id", &id, true, kMaxShort));
    SIP_TRY(a.Enum("attendance", &at, true));
    auto it = std::find_if(participants.begin(), participants.end(), [&](const Participant& p) { return p.id == id; });
    if (it == participants.end()) return Error{Errc::UnknownReference, "participant_id"};
    it->attendance = at;
    return {};
  }));
  Json proposed = Json::array();
  for (const auto& id : x.c.invitation.invitees) {
    auto it = std::find_if(participants.begin(), participants.end(), [&](const Participant& p) { return p.id == id; });
    if (it == participants.end() || it->attendance == Attendance::Unknown) return Error{Errc::AttendanceIncomplete, id};
    // Seed 004 §4.7.3: an invitee absent without notice is reported as a deviation by the convener.
    if (it->attendance == Attendance::AbsentWithoutNotice) {
      Json p = Proposal(x, DeviationKind::AbsentWithoutNotice, m.held_on,
                        "En kallad deltagare uteblev från SIP-mötet utan att meddela frånvaro.");
      p["participant_id"] = id;
      proposed.push_back(std::move(p));
    }
  }
  x.c.meeting = m;
  x.c.participants = participants;
  // Seed 002: the meeting within three weeks of the need (collaboration without the individual meets at an
  // agreed interval instead).
  if (x.c.form != CollaborationForm::WithoutIndividual)
    if (Json p = ProposeLateness(x, GuidelineRule::MeetingWithin21Days, x.c.noticed_on, m.held_on, kMeetingWithinDays);
        !p.is_null())
      proposed.push_back(std::move(p));
  x.MoveTo(Step::Meeting);
  return Json{{"proposed_deviations", proposed}};
}

}  // namespace sip::case_cmd
