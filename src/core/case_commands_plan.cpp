// sipcore/case_commands_plan.cpp — goals, interventions, the plan and its versions, follow-up and closing (see case_command_support.h).
#include "core/case_command_support.h"

#include <algorithm>

namespace sip::case_cmd {

Result<Json> GoalAdd(Ctx& x) {
  Goal g;
  SIP_TRY(ReadGoalFields(x, g));
  g.id = x.NewId("g");
  x.c.plan.goals.push_back(g);
  return Json{{"goal_id", g.id}};
}

Result<Json> GoalUpdate(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("goal_id", &id, true, kMaxShort));
  Goal* g = FindById(x.c.plan.goals, id);
  if (!g) return Error{Errc::UnknownReference, "goal_id"};
  Goal copy = *g;
  SIP_TRY(ReadGoalFields(x, copy));
  *g = copy;
  return Json::object();
}

Result<Json> InterventionAdd(Ctx& x) {
  Intervention i;
  SIP_TRY(ReadInterventionFields(x, i));
  i.id = x.NewId("i");
  x.c.plan.interventions.push_back(i);
  return Json{{"intervention_id", i.id}};
}

Result<Json> InterventionUpdate(Ctx& x) {
  std::string id;
  SIP_TRY(x.a.Str("intervention_id", &id, true, kMaxShort));
  Intervention* i = FindById(x.c.plan.interventions, id);
  if (!i) return Error{Errc::UnknownReference, "intervention_id"};
  Intervention copy = *i;
  SIP_TRY(ReadInterventionFields(x, copy));
  *i = copy;
  return Json::object();
}

Result<Json> PlanUpdate(Ctx& x) {
  Plan p = x.c.plan;
  SIP_TRY(x.a.Str("coordinator", &p.coordinator, false, kMaxShort));
  SIP_TRY(x.a.Str("child_perspective", &p.child_perspective));
  SIP_TRY(x.a.Date("follow_up_on", &p.follow_up_on));
  SIP_TRY(x.a.Str("follow_up_owner", &p.follow_up_owner, false, kMaxShort));
  SIP_TRY(x.a.Str("what_to_follow_up", &p.what_to_follow_up));
  SIP_TRY(x.a.Date("handed_to_person_on", &p.handed_to_person_on));
  if (!p.coordinator.empty()) SIP_TRY(NeedParticipant(x.c, p.coordinator, "coordinator"));
  if (!p.follow_up_owner.empty()) SIP_TRY(NeedParticipant(x.c, p.follow_up_owner, "follow_up_owner"));
  x.c.plan = p;
  return Json::object();
}

Result<Json> OtherActorAdd(Ctx& x) {
  OtherActorAction o;
  SIP_TRY(x.a.Str("actor", &o.actor, true, kMaxShort));
  SIP_TRY(x.a.Str("action", &o.action, true));
  x.c.plan.other_actors.push_back(o);
  return Json::object();
}

Result<Json> OtherPlanAdd(Ctx& x) {
  OtherPlan o;
  SIP_TRY(x.a.Enum("kind", &o.kind, true));
  SIP_TRY(x.a.Str("note", &o.note));
  x.c.plan.other_plans.push_back(o);
  return Json::object();
}

namespace {

// A revision is due when the latest follow-up decided "revise" and no version was established for it yet.
bool RevisionPending(const Case& c) {
  if (c.follow_ups.empty() || c.versions.empty()) return false;
  const FollowUp& f = c.follow_ups.back();
  return f.decision == FollowUpDecision::Revise && c.versions.back().revises_after != f.id;
}

}  // namespace

Result<Json> PlanEstablish(Ctx& x) {
  if (x.c.step == Step::FollowUp) {
    if (!RevisionPending(x.c)) return Error{Errc::WrongStep, "no follow-up decided to revise the plan"};
  } else {
    SIP_TRY(NeedStep(x.c, {Step::Meeting}));
  }
  std::string on;
  SIP_TRY(x.a.Date("established_on", &on, true));
  SIP_TRY(CheckConsent(x.c, x.cc.today));
  SIP_TRY(CheckPlanComplete(x.c, x.cc.today));
  PlanVersion v{static_cast<int>(x.c.versions.size()) + 1, on,
                x.c.step == Step::FollowUp ? x.c.follow_ups.back().id : std::string(), x.c.plan,
                x.c.meeting.participation, x.c.meeting.participation_reason};
  x.c.versions.push_back(v);
  x.MoveTo(Step::FollowUp);
  return Json{{"version", v.version}, {"warnings", WarningsOf(x, {kConsentEndsBeforeFollowUp})}};
}

Result<Json> FollowUpRecord(Ctx& x) {
  SIP_TRY(NeedStep(x.c, {Step::FollowUp}));
  FollowUp f;
  SIP_TRY(x.a.Date("held_on", &f.held_on, true));
  SIP_TRY(x.a.Str("new_circumstances", &f.new_circumstances));
  SIP_TRY(x.a.Enum("decision", &f.decision, true));
  SIP_TRY(x.a.Date("next_follow_up_on", &f.next_follow_up_on));
  SIP_TRY(x.a.Str("next_follow_up_owner", &f.next_follow_up_owner, false, kMaxShort));
  if (f.decision == FollowUpDecision::Close) {
    if (!f.next_follow_up_on.empty() || !f.next_follow_up_owner.empty())
      return Error{Errc::InvalidArgument, "next_follow_up: a follow-up that closes the plan sets no next one"};
  } else {
    // Every meeting sets the next one and its owner (seed 004 §4.8 item 10).
    if (f.next_follow_up_on.empty() || f.next_follow_up_owner.empty()) return Error{Errc::PlanFollowUpMissing, {}};
    SIP_TRY(NeedParticipant(x.c, f.next_follow_up_owner, "next_follow_up_owner"));
    if (*DaysBetween(f.held_on, f.next_follow_up_on) <= 0)
      return Error{Errc::InvalidDate, "next_follow_up_on not after held_on"};
  }
  f.planned_for = x.c.plan.follow_up_on;
  SIP_TRY(x.a.List("goals", [&](Args& a) -> Result<void> {
    GoalEvaluation e;
    SIP_TRY(a.Str("goal_id", &e.goal_id, true, kMaxShort));
    SIP_TRY(a.Enum("result", &e.result, true));
    SIP_TRY(a.Str("comment", &e.comment));
    if (!FindGoal(x.c.plan, e.goal_id)) return Error{Errc::UnknownReference, "goal_id"};
    f.goals.push_back(e);
    return {};
  }));
  SIP_TRY(x.a.List("interventions", [&](Args& a) -> Result<void> {
    InterventionEvaluation e;
    SIP_TRY(a.Str("intervention_id", &e.intervention_id, true, kMaxShort));
    // Required: a missing answer must not read as "not delivered" (that proposes a deviation).
    if (!a.Has("delivered")) return Error{Errc::InvalidArgument, "delivered"};
    SIP_TRY(a.Bool("delivered", &e.delivered));
    SIP_TRY(a.Str("effect", &e.effect));
    if (!FindById(x.c.plan.interventions, e.intervention_id)) return Error{Errc::UnknownReference, "intervention_id"};
    f.interventions.push_back(e);
    return {};
  }));
  // Evaluations carry over to the working plan: goal status, interventions not delivered.
  for (const auto& e : f.goals) FindById(x.c.plan.goals, e.goal_id)->status = e.result;
  for (const auto& e : f.interventions)
    if (!e.delivered) FindById(x.c.plan.interventions, e.intervention_id)->status = InterventionStatus::NotPerformed;
  if (f.decision != FollowUpDecision::Close) {
    x.c.plan.follow_up_on = f.next_follow_up_on;
    x.c.plan.follow_up_owner = f.next_follow_up_owner;
  }
  f.id = x.NewId("f");
  x.c.follow_ups.push_back(f);
  Json proposed = Json::array();
  for (const auto& e : f.interventions) {
    if (e.delivered) continue;
    Json p = Proposal(x, DeviationKind::InterventionNotPerformed, f.held_on,
                      "En insats som överenskommits i planen har inte utförts (uppföljning " + f.held_on + ").");
    p["intervention_id"] = e.intervention_id;
    if (const Intervention* i = FindById(x.c.plan.interventions, e.intervention_id); !i->responsible.empty())
      p["participant_id"] = i->responsible;
    proposed.push_back(std::move(p));
  }
  return Json{{"follow_up_id", f.id}, {"proposed_deviations", proposed},
              {"warnings", WarningsOf(x, {kConsentEndsBeforeFollowUp, kCloseDecided})}};
}

Result<Json> CaseClose(Ctx& x) {
  Closure cl;
  SIP_TRY(x.a.Enum("reason", &cl.reason));
  SIP_TRY(x.a.Date("closed_on", &cl.closed_on, true));
  SIP_TRY(x.a.Bool("participants_informed", &cl.participants_informed));
  SIP_TRY(x.a.Date("informed_on", &cl.informed_on));
  SIP_TRY(x.a.Str("where_to_turn", &cl.where_to_turn));
  if (cl.reason == ClosureReason::Unknown || cl.reason == ClosureReason::ConsentRefused)
    return Error{Errc::ClosureReasonMissing, {}};
  if (!cl.participants_informed || cl.informed_on.empty()) return Error{Errc::ClosureNotInformed, {}};
  // Seed 002 "Avsluta": the person and their relatives know where to turn if the need returns.
  if (cl.reason != ClosureReason::PersonDied && cl.where_to_turn.empty()) return Error{Errc::ClosureWhereToTurnMissing, {}};
  if (cl.reason == ClosureReason::ConsentWithdrawn && !ConsentWithdrawnForGood(x.c, x.cc.today))
    return Error{Errc::InvalidArgument, "no consent has been withdrawn"};
  x.c.closure = cl;
  if (cl.reason == ClosureReason::GoalsMet)
    for (auto& g : x.c.plan.goals)
      if (g.status == GoalStatus::Active) g.status = GoalStatus::Achieved;
  x.MoveTo(Step::Closed);
  return Json::object();
}

}  // namespace sip::case_cmd
