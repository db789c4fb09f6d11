// sipui/labels.h — the Swedish words for every choice a form offers, in the order the paper templates of
// seed 002 use. One table per enum of core/model.h; Label() finds the word for a value.
#pragma once

#include "core/model.h"
#include "ui/widgets/form.h"

namespace sip::ui::labels {

const Options<CollaborationForm>& Forms();
const Options<NoticedBy>& NoticedBys();
const Options<SipKind>& Kinds();
const Options<CoordinationLevel>& Levels();
const Options<ConveningScenario>& Scenarios();
const Options<RepresentativeRole>& RepresentativeRoles();
const Options<ConsentForm>& ConsentForms();
const Options<Huvudman>& Huvudmen();
const Options<ParticipantStatus>& ParticipantStatuses();
const Options<Attendance>& Attendances();
const Options<ParticipationMode>& ParticipationModes();
const Options<GoalStatus>& GoalStatuses();
const Options<InterventionStatus>& InterventionStatuses();
const Options<OtherPlanKind>& OtherPlanKinds();
const Options<DeviationKind>& DeviationKinds();
const Options<ClosureReason>& ClosureReasons();
const Options<FollowUpDecision>& Decisions();
const Options<StaffRole>& StaffRoles();

// The Swedish word for `v` in `options`, "–" when it is not there.
template <class E>
const char* Label(const Options<E>& options, E v) {
  for (const auto& [value, text] : options)
    if (value == v) return text;
  return "–";
}

// One sentence on who convenes in each form of collaboration (seed 000's table).
const char* ConvenerRule(CollaborationForm f);

}  // namespace sip::ui::labels
