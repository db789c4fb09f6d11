// sipcore/case_commands_deviations.cpp — deviations (avvikelser) and home care's hand-off checklist (see case_command_support.h).
#include "core/case_command_support.h"

#include <algorithm>

namespace sip::case_cmd {

Result<Json> DeviationReport(Ctx& x) {
  Deviation d;
  SIP_TRY(x.a.Enum("kind", &d.kind));
  SIP_TRY(x.a.Str("description", &d.description));
  SIP_TRY(x.a.Date("occurred_on", &d.occurred_on));
  SIP_TRY(x.a.Str("reported_by", &d.reported_by, false, kMaxShort));
  SIP_TRY(x.a.Str("participant_id", &d.participant_id, false, kMaxShort));
  SIP_TRY(x.a.Str("temporary_responsibility", &d.temporary_responsibility));
  SIP_TRY(x.a.Str("intervention_id", &d.intervention_id, false, kMaxShort));
  SIP_TRY(x.a.Str("proposal_id", &d.proposal_id, false, kMaxShort));
  if (d.kind == DeviationKind::Unknown || d.description.empty() || d.occurred_on.empty() || d.reported_by.empty())
    return Error{Errc::DeviationIncomplete, {}};
  if (!d.participant_id.empty()) SIP_TRY(NeedParticipant(x.c, d.participant_id, "participant_id"));
  if (d.kind == DeviationKind::AbsentWithoutNotice && d.participant_id.empty())
    return Error{Errc::DeviationIncomplete, "participant_id"};
  if (d.kind == DeviationKind::InterventionNotPerformed && d.intervention_id.empty())
    return Error{Errc::DeviationIncomplete, "intervention_id"};
  if (!d.intervention_id.empty() && !FindById(x.c.plan.interventions, d.intervention_id))
    return Error{Errc::UnknownReference, "intervention_id"};
  DeviationProposal* p = nullptr;
  if (!d.proposal_id.empty()) {
    p = FindById(x.c.deviation_proposals, d.proposal_id);
    if (!p) return Error{Errc::UnknownReference, "proposal_id"};
    if (p->status != ProposalStatus::Open) return Error{Errc::InvalidArgument, "proposal_id: already confirmed or dismissed"};
    if (d.kind != DeviationKind::GuidelineNotFollowed) return Error{Errc::InvalidArgument, "kind: the proposal is guideline_not_followed"};
  }
  d.id = x.NewId("d");
  if (p) {
    p->status = ProposalStatus::Confirmed;
    p->deviation_id = d.id;
    p->resolved_by = d.reported_by;
    p->resolved_on = FormatDate(x.cc.today);
  }
  x.c.deviations.push_back(d);
  return Json{{"deviation_id", d.id}};
}

// The convener dismisses a proposed guideline_not_followed deviation, with the reason; the proposal stays.
Result<Json> DeviationDismiss(Ctx& x) {
  std::string id, reason, by;
  SIP_TRY(x.a.Str("proposal_id", &id, true, kMaxShort));
  SIP_TRY(x.a.Str("reason", &reason, true));
  SIP_TRY(x.a.Str("dismissed_by", &by, true, kMaxShort));
  DeviationProposal* p = FindById(x.c.deviation_proposals, id);
  if (!p) return Error{Errc::UnknownReference, "proposal_id"};
  if (p->status != ProposalStatus::Open) return Error{Errc::InvalidArgument, "proposal_id: already confirmed or dismissed"};
  p->status = ProposalStatus::Dismissed;
  p->dismissed_reason = reason;
  p->resolved_by = by;
  p->resolved_on = FormatDate(x.cc.today);
  return Json::object();
}

Result<Json> ChecklistMark(Ctx& x) {
  ChecklistEntry e;
  SIP_TRY(x.a.Enum("item", &e.item, true));
  SIP_TRY(x.a.Date("done_on", &e.done_on));
  SIP_TRY(x.a.Str("done_by", &e.done_by, false, kMaxShort));
  if (!e.done_on.empty() && e.done_by.empty()) return Error{Errc::InvalidArgument, "done_by"};
  for (auto& c : x.c.checklist)
    if (c.item == e.item) {
      c = e;
      return Json::object();
    }
  x.c.checklist.push_back(e);
  return Json::object();
}

}  // namespace sip::case_cmd
