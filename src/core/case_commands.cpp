// sipcore/case_commands.cpp — the table of case commands and ApplyCaseCommand(); the handlers are in
// case_commands_*.cpp (case_command_support.h lists them).
#include "core/case_commands.h"

#include "core/case_command_support.h"

namespace sip {
namespace {

using namespace case_cmd;

struct Def {
  CaseCommandInfo info;
  Result<Json> (*fn)(Ctx&);
  bool after_withdrawal;   // still accepted once consent is withdrawn for good
};

const std::vector<Def>& Defs() {
  static const std::vector<Def> k = {
      {{"case.create", "Creates a case at step need_detected for a plan owner."}, CaseCreate, false},
      {{"case.update", "Changes the case's collaboration form, origin, kind, discharge date, level or scenario."}, CaseUpdate, false},
      {{"owner.update", "Changes the plan owner's name, identity, address or phone."}, OwnerUpdate, false},
      {{"representative.add", "Adds a guardian, god man, förvaltare, framtidsfullmakt holder, power of attorney or relative."}, RepresentativeAdd, false},
      {{"representative.remove", "Removes a representative who has not given consent."}, RepresentativeRemove, false},
      {{"consent.record", "Records a consent (who, form, validity, coverage, exclusions) in the ledger."}, ConsentRecord, false},
      {{"consent.withdraw", "Records a withdrawal; with no consent left in force the plan no longer applies."}, ConsentWithdraw, false},
      {{"consent.refuse", "Records a refusal and the attempts to motivate; closes the case without a SIP."}, ConsentRefuse, false},
      {{"convener.set", "Sets the convener (sammankallande): role from the list, organisation, chair delegation."}, ConvenerSet, false},
      {{"participant.add", "Adds a participant (person, organisation, huvudman, role, contact)."}, ParticipantAdd, false},
      {{"participant.update", "Changes a participant, including invited/confirmed/substitute/declined."}, ParticipantUpdate, false},
      {{"preparation.start", "need_detected → preparation."}, PreparationStart, false},
      {{"preparation.update", "\"Vad är viktigt för dig?\", questions, attendees, participation, leader, exclusions."}, PreparationUpdate, false},
      {{"mapping.update", "Sets the person's view and known interventions for one life area."}, MappingUpdate, false},
      {{"invitation.update", "Sets the invitation's purpose, questions, time, place and invitees."}, InvitationUpdate, false},
      {{"invitation.send", "preparation → invitation; needs a complete invitation and consent."}, InvitationSend, false},
      {{"meeting.record", "invitation → meeting; attendance for every invitee, agenda, leader, documenter."}, MeetingRecord, false},
      {{"goal.add", "Adds a main goal or a sub-goal."}, GoalAdd, false},
      {{"goal.update", "Changes a goal."}, GoalUpdate, false},
      {{"intervention.add", "Adds an intervention: what, responsible, start, frequency, place."}, InterventionAdd, false},
      {{"intervention.update", "Changes an intervention."}, InterventionUpdate, false},
      {{"plan.update", "Sets coordinator, child perspective, follow-up date and owner, hand-over date."}, PlanUpdate, false},
      {{"other_actor.add", "Adds an action by another actor (Försäkringskassan, …)."}, OtherActorAdd, false},
      {{"other_plan.add", "Adds another plan the SIP coordinates with."}, OtherPlanAdd, false},
      {{"plan.establish", "meeting → follow_up; keeps the plan as a new version (also after a 'revise' follow-up)."}, PlanEstablish, false},
      {{"followup.record", "Records a follow-up: evaluation per goal and intervention, new circumstances, decision, next follow-up."}, FollowUpRecord, false},
      {{"case.close", "Closes the case with a reason, the record that participants were told and where to turn."}, CaseClose, true},
      {{"deviation.report", "Reports a deviation (avvikelse), or confirms a proposed one."}, DeviationReport, true},
      {{"deviation.dismiss", "Dismisses a proposed guideline_not_followed deviation, with the reason."}, DeviationDismiss, true},
      {{"checklist.mark", "Marks a step of home care's hand-off checklist as done (or not)."}, ChecklistMark, true},
  };
  return k;
}

const Def* FindDef(std::string_view name) {
  for (const auto& d : Defs())
    if (d.info.name == name) return &d;
  return nullptr;
}

}  // namespace

const std::vector<CaseCommandInfo>& CaseCommandCatalogue() {
  static const std::vector<CaseCommandInfo> k = [] {
    std::vector<CaseCommandInfo> v;
    for (const auto& d : Defs()) v.push_back(d.info);
    return v;
  }();
  return k;
}

bool IsCaseCommand(std::string_view cmd) { return FindDef(cmd) != nullptr; }

Result<CaseOutcome> ApplyCaseCommand(const Case* current, const Request& r, const CommandContext& ctx) {
  const Def* def = FindDef(r.cmd);
  if (!def) return Error{Errc::UnknownCommand, r.cmd.substr(0, 64)};
  if (!IsValidDate(ctx.today)) return Error{Errc::Internal, "no valid today"};
  CaseOutcome out;
  if (def->fn == CaseCreate) {
    if (ctx.new_case_id.empty()) return Error{Errc::Internal, "no case id"};
    out.state.id = ctx.new_case_id;
    out.state.created_on = FormatDate(ctx.today);
  } else {
    if (!current) return Error{Errc::CaseNotFound, {}};
    if (current->step == Step::Closed) return Error{Errc::CaseClosed, {}};
    if (!def->after_withdrawal && ConsentWithdrawnForGood(*current, ctx.today)) return Error{Errc::ConsentWithdrawn, {}};
    out.state = *current;
  }
  Args args(r.args);
  Ctx x{out.state, args, ctx, out.events};
  auto result = def->fn(x);
  if (!result) return result.error();
  SIP_TRY(args.Finish());
  Json data = r.args;
  data.erase("case_id");
  if (result->is_object())
    for (auto it = result->begin(); it != result->end(); ++it) data[it.key()] = it.value();
  out.events.insert(out.events.begin(), Event{r.cmd, std::move(data)});
  out.result = std::move(*result);
  out.result["case_id"] = out.state.id;
  out.result["step"] = out.state.step;
  return out;
}

}  // namespace sip
