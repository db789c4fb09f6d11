// A property test of the case state machine: thousands of random command sequences drawn from the
// catalogue, with random but often valid arguments (ids that exist, sometimes ones that do not; dates that
// parse, sometimes ones that do not; now and then an unknown field, a missing one or a misspelt enum).
// Half of the commands come from a small planner that moves the case on, so the sequences reach every
// step. After every command these must hold:
//   (i)   a refused command leaves the case byte-for-byte unchanged (its JSON is equal, hence its dump);
//   (ii)  a plan version only exists when consent was in force as it was established;
//   (iii) a closed case accepts no command (case_closed);
//   (iv)  the step moves only along the documented transitions, with a case.step_changed event;
//   (v)   every accepted command yields at least one event, the first named after the command;
//   (vi)  all ids in the case are unique;
//   (vii) plan versions are numbered 1..n, and established versions never change;
//   (viii) a recorded convener never breaks the law's or the city routine's rule (rules.h CheckConvener);
//   (ix)  every follow-up that continues or revises sets the next date and its owner, after its own date;
//   (x)   a case closed by case.close records where to turn, unless the person died;
//   (xi)  a deviation proposal is resolved at most once, and a confirmed one names its deviation.
// Also: after a withdrawal for good only case.close, deviation.report, deviation.dismiss and checklist.mark
// are accepted,
// and no input ever yields `internal`. Deterministic (fixed seed); prints nothing on success.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/case_commands.h"
#include "core/rules.h"

using namespace sip;

namespace {

constexpr uint32_t kSeed = 20261122;
// Natively 3000 sequences take about a second. Node runs the wasm build an order of magnitude slower (-Os,
// exceptions through JS), so there the first 1000 of the same sequences run, in a few seconds.
#ifdef __EMSCRIPTEN__
constexpr int kSequences = 1000;
#else
constexpr int kSequences = 3000;
#endif
constexpr int kMaxCommands = 40;
const CommandContext kCtx{{2026, 11, 22}, "Testa Testsson", "c-1"};

std::string Two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))]; }
  const char* Pick(std::initializer_list<const char*> v) { return *(v.begin() + Int(0, static_cast<int>(v.size()) - 1)); }

  // Mostly a date up to today, sometimes later, rarely not a date at all.
  std::string Date() {
    const int r = Int(0, 99);
    if (r < 75) return "2026-" + Two(Int(9, 11)) + "-" + Two(Int(1, 22));
    if (r < 92) return "2027-" + Two(Int(1, 12)) + "-" + Two(Int(1, 28));
    if (r < 95) return "2026-02-30";
    if (r < 98) return "22/11/2026";
    return "";
  }
  std::string PastDate() { return Chance(95) ? "2026-11-" + Two(Int(1, 22)) : Date(); }
  std::string DateTime() { return Chance(95) ? "2026-12-" + Two(Int(1, 28)) + "T" + Two(Int(8, 16)) + ":00" : "2026-12-01 10:00"; }
  std::string Text() {
    return Chance(95) ? Pick({"Jag vill bo kvar hemma", "Hjälp med dusch", "Sara Socialsekreterare", "Olle Omsorg",
                              "Vårdcentralen Test", "Att kunna gå ut"})
                      : "";
  }
  // An id of the case (`ids`), or now and then one that does not exist.
  std::string Id(const std::vector<std::string>& ids) {
    if (!ids.empty() && Chance(88)) return Pick(ids);
    return Pick({"p999", "g0", "x", "", "k-1"});
  }
  // A valid spelling, or now and then a misspelt one.
  std::string Enum(std::initializer_list<const char*> values) { return Chance(96) ? Pick(values) : "misspelt"; }

 private:
  std::mt19937 rng_;
};

std::vector<std::string> Ids(const Case& c, char kind) {
  std::vector<std::string> out;
  switch (kind) {
    case 'r': for (const auto& e : c.representatives) out.push_back(e.id); break;
    case 'k': for (const auto& e : c.consents) out.push_back(e.id); break;
    case 'p': for (const auto& e : c.participants) out.push_back(e.id); break;
    case 'g': for (const auto& e : c.plan.goals) out.push_back(e.id); break;
    case 'm': for (const auto& e : c.plan.goals) if (e.parent_id.empty()) out.push_back(e.id); break;
    case 'i': for (const auto& e : c.plan.interventions) out.push_back(e.id); break;
    case 'q': for (const auto& e : c.deviation_proposals) if (e.status == ProposalStatus::Open) out.push_back(e.id); break;
  }
  return out;
}

// Arguments for `cmd`, often valid for the case `c` (nullptr before case.create).
Json Args(const std::string& cmd, Gen& g, const Case* cp) {
  static const Case kNone;
  const Case& c = cp ? *cp : kNone;
  const bool child = IsChild(c, kCtx.today);
  Json a = Json::object();
  if (cmd == "case.create") {
    Json owner;
    const int who = g.Int(0, 9);
    if (who < 6) owner = {{"name", "Arvid Testsson"}, {"identity_number", g.Pick({"19821105-9954", "19901211-9948", "19730674-9982", "8211059954"})}};
    else if (who < 9) owner = {{"name", "Lilly Testsson"}, {"reserve_number", true}, {"birth_date", g.Pick({"2014-05-12", "2010-01-30", "2008-11-23"})}};
    else owner = {{"name", g.Text()}, {"identity_number", g.Pick({"19870704-9996", "", "19821105-9954"})}};
    a = {{"owner", owner},
         {"noticed_by", g.Enum({"home_care", "school", "social_services", "regional_health_care", "municipal_health_care", "relative"})},
         {"noticed_on", g.PastDate()}};
    if (g.Chance(20)) a["ready_for_discharge_on"] = g.PastDate();
    if (g.Chance(20)) a["level"] = g.Enum({"sip", "sip_plus", "sip_plus_plus"});
  } else if (cmd == "case.update") {
    if (g.Chance(50)) a["level"] = g.Enum({"sip", "sip_plus", "sip_plus_plus"});
    if (g.Chance(50)) a["scenario"] = g.Enum({"home_care_detects", "region_convenes", "social_services_convenes"});
    if (g.Chance(30)) a["noticed_on"] = g.Date();
    if (g.Chance(30)) a["ready_for_discharge_on"] = g.Date();
    if (g.Chance(15)) a["form"] = g.Enum({"sip", "with_individual", "without_individual"});
  } else if (cmd == "owner.update") {
    if (g.Chance(50)) a["phone"] = "070-000 00 00";
    if (g.Chance(30)) a["name"] = g.Text();
    if (g.Chance(20)) a["identity_number"] = g.Pick({"19821105-9954", "19870704-9996", "20001209-9891"});
  } else if (cmd == "representative.add") {
    a = {{"role", child && g.Chance(70) ? std::string("guardian")
                                         : g.Enum({"guardian", "god_man", "forvaltare", "framtidsfullmakt", "power_of_attorney", "relative"})},
         {"name", g.Text()}};
  } else if (cmd == "representative.remove") {
    a = {{"representative_id", g.Id(Ids(c, 'r'))}};
  } else if (cmd == "consent.record") {
    std::string by = "person";
    if (child || g.Chance(25)) {
      by = g.Id(Ids(c, 'r'));
      for (const auto& r : c.representatives)   // prefer a guardian who has not consented yet
        if (r.role == RepresentativeRole::Guardian && g.Chance(70) &&
            std::none_of(c.consents.begin(), c.consents.end(), [&](const Consent& k) { return k.given_by == r.id; }))
          by = r.id;
    }
    a = {{"given_by", by}, {"form", g.Enum({"oral", "written"})}, {"valid_from", g.PastDate()}};
    if (g.Chance(85)) a["documented_by"] = "Olle Omsorg";
    if (g.Chance(85)) a["documented_on"] = g.PastDate();
    if (g.Chance(20)) a["valid_to"] = g.Date();
    if (g.Chance(30)) a["covers"] = Json::array({"Socialtjänsten", "Vårdcentralen"});
  } else if (cmd == "consent.withdraw") {
    a = {{"consent_id", g.Id(Ids(c, 'k'))}, {"withdrawn_on", g.PastDate()}, {"recorded_by", "Olle Omsorg"}};
  } else if (cmd == "consent.refuse") {
    a = {{"refused_on", g.PastDate()},
         {"refused_by", g.Chance(80) ? std::string("person") : g.Id(Ids(c, 'r'))},
         {"attempts", g.Chance(90) ? Json::array({"Samtal"}) : Json::array()},
         {"documented_by", "Olle Omsorg"}};
  } else if (cmd == "convener.set") {
    // Usually the role the case calls for (seed 000, 001, 004 §4.1.2), sometimes any role or none.
    const char* expected = c.form == CollaborationForm::WithoutIndividual ? "enhetschef"
                           : !c.ready_for_discharge_on.empty()           ? "fast_vardkontakt"
                                                                         : "socialsekreterare";
    a = {{"name", g.Text()}, {"organisation", "Socialtjänsten Test"}};
    if (g.Chance(90))
      a["role"] = g.Chance(70) ? std::string(expected)
                               : g.Enum({"enhetschef", "omsorgshandledare", "fast_omsorgskontakt", "socialsekreterare",
                                         "sjukskoterska", "lakare", "fast_vardkontakt", "other"});
    if (a.value("role", "") == "other" || g.Chance(5)) a["role_text"] = "Kurator";
    if (g.Chance(10)) a["chair_delegated_to"] = "Olle Omsorg";
  } else if (cmd == "participant.add") {
    a = {{"name", g.Text()}, {"huvudman", g.Enum({"municipality", "region", "relative", "other"})}};
    if (g.Chance(50)) a["role"] = g.Enum({"omsorgshandledare", "socialsekreterare", "sjukskoterska", "fast_vardkontakt", "other"});
    if (a.value("role", "") == "other" ? g.Chance(90) : g.Chance(3)) a["role_text"] = "Kurator";
    if (g.Chance(70)) a["organisation"] = g.Pick({"Hemtjänsten Test", "Vårdcentralen Test", "Skolan Test"});
    if (g.Chance(20)) a["status"] = g.Enum({"invited", "confirmed", "declined"});
  } else if (cmd == "participant.update") {
    a = {{"participant_id", g.Id(Ids(c, 'p'))}, {"status", g.Enum({"confirmed", "substitute", "declined"})}};
    if (g.Chance(70)) a["substitute"] = "Vikarie Test";
  } else if (cmd == "preparation.start") {
  } else if (cmd == "preparation.update") {
    a = {{"what_matters", g.Text()}, {"participation", g.Enum({"in_person", "phone", "in_writing"})}};
    if (g.Chance(50)) a["questions"] = Json::array({g.Text()});
  } else if (cmd == "mapping.update") {
    a = {{"area", g.Enum({"perceived_health", "personal_care", "housing", "play", "other"})}, {"person_view", g.Text()}};
    if (g.Chance(30)) a["interventions"] = Json::array({{{"party", "Hemtjänsten"}, {"description", "Dusch"}}});
  } else if (cmd == "invitation.update") {
    std::vector<std::string> invitees;
    for (const auto& p : c.participants)
      if (g.Chance(80)) invitees.push_back(p.id);
    if (g.Chance(10)) invitees.push_back("p999");
    a = {{"purpose", g.Text()}, {"meeting_at", g.DateTime()}, {"place", g.Text()}, {"invitees", invitees}};
  } else if (cmd == "invitation.send") {
    a = {{"sent_on", g.PastDate()}};
  } else if (cmd == "meeting.record") {
    Json att = Json::array();
    for (const auto& id : c.invitation.invitees)
      if (g.Chance(97))
        att.push_back({{"participant_id", id}, {"attendance", g.Enum({"present", "present", "absent_with_notice", "absent_without_notice"})}});
    if (g.Chance(5)) att.push_back({{"participant_id", "p999"}, {"attendance", "present"}});
    // Now and then late: more than 21 days after the need proposes a guideline_not_followed deviation.
    a = {{"held_on", g.Chance(25) ? "2026-12-" + Two(g.Int(1, 28)) : g.PastDate()}, {"attendance", att}};
    if (g.Chance(97)) a["participation"] = g.Enum({"in_person", "phone", "video", "part_of_meeting", "through_representative",
                                                   "in_writing", "not_at_all"});
    if (a.value("participation", "") == "not_at_all" ? g.Chance(90) : g.Chance(3)) a["participation_reason"] = g.Text();
  } else if (cmd == "goal.add") {
    a = {{"text", g.Text()}, {"persons_own_words", g.Chance(70)}};
    if (g.Chance(30)) a["parent_id"] = g.Id(Ids(c, 'm'));
  } else if (cmd == "goal.update") {
    a = {{"goal_id", g.Id(Ids(c, 'g'))}};
    if (g.Chance(50)) a["status"] = g.Enum({"active", "achieved", "cancelled"});
    if (g.Chance(30)) a["persons_own_words"] = g.Chance(50);
    if (g.Chance(20)) a["parent_id"] = g.Chance(50) ? std::string() : g.Id(Ids(c, 'm'));
  } else if (cmd == "intervention.add") {
    a = {{"what", g.Text()}, {"responsible", g.Id(Ids(c, 'p'))}};
    if (g.Chance(30)) a["goal_id"] = g.Id(Ids(c, 'g'));
    if (g.Chance(20)) a["status"] = g.Enum({"planned", "ongoing", "cancelled"});
    if (g.Chance(30)) a["home_care_commitment"] = true;
  } else if (cmd == "intervention.update") {
    a = {{"intervention_id", g.Id(Ids(c, 'i'))}, {"status", g.Enum({"ongoing", "done", "not_performed", "cancelled"})}};
  } else if (cmd == "plan.update") {
    const auto ps = Ids(c, 'p');
    a = {{"coordinator", g.Id(ps)}, {"follow_up_on", g.Date()}, {"follow_up_owner", g.Id(ps)}};
    if (child || g.Chance(20)) a["child_perspective"] = g.Text();
  } else if (cmd == "other_actor.add") {
    a = {{"actor", "Försäkringskassan"}, {"action", g.Text()}};
  } else if (cmd == "other_plan.add") {
    a = {{"kind", g.Enum({"implementation_plan", "care_plan", "discharge_planning"})}};
  } else if (cmd == "plan.establish") {
    a = {{"established_on", g.PastDate()}};
  } else if (cmd == "followup.record") {
    a = {{"held_on", g.Date()}, {"decision", g.Enum({"continue", "revise", "revise", "close"})}};
    if (a["decision"] != "close" || g.Chance(5)) {
      if (g.Chance(92)) a["next_follow_up_on"] = g.Chance(90) ? "2027-" + Two(g.Int(6, 12)) + "-" + Two(g.Int(1, 28)) : g.Date();
      if (g.Chance(92)) a["next_follow_up_owner"] = g.Id(Ids(c, 'p'));
    }
    Json goals = Json::array();
    for (const auto& e : c.plan.goals)
      if (g.Chance(50)) goals.push_back({{"goal_id", e.id}, {"result", g.Enum({"achieved", "partly_achieved", "not_achieved"})}});
    Json ivs = Json::array();
    for (const auto& e : c.plan.interventions)
      if (g.Chance(50)) ivs.push_back({{"intervention_id", e.id}, {"delivered", g.Chance(70)}});
    a["goals"] = goals;
    a["interventions"] = ivs;
  } else if (cmd == "case.close") {
    a = {{"reason", g.Enum({"goals_met", "no_longer_needed", "consent_withdrawn", "person_died"})},
         {"closed_on", g.PastDate()},
         {"participants_informed", g.Chance(90)},
         {"informed_on", g.PastDate()}};
    if (g.Chance(85)) a["where_to_turn"] = "Ring hemtjänsten";
  } else if (cmd == "deviation.report") {
    a = {{"kind", g.Enum({"guideline_not_followed", "intervention_not_performed", "parties_disagree", "absent_without_notice"})},
         {"description", g.Text()},
         {"occurred_on", g.PastDate()},
         {"reported_by", g.Text()}};
    if (g.Chance(60)) a["participant_id"] = g.Id(Ids(c, 'p'));
    if (a["kind"] == "intervention_not_performed" || g.Chance(10)) a["intervention_id"] = g.Id(Ids(c, 'i'));
    if (!Ids(c, 'q').empty() && g.Chance(50)) {
      a["kind"] = "guideline_not_followed";
      a["proposal_id"] = g.Id(Ids(c, 'q'));
    }
  } else if (cmd == "deviation.dismiss") {
    a = {{"proposal_id", g.Id(Ids(c, 'q'))}, {"reason", g.Text()}, {"dismissed_by", "Sara Socialsekreterare"}};
  } else if (cmd == "checklist.mark") {
    a = {{"item", g.Enum({"consult_manager", "compile_need", "contact_social_worker", "meeting_held", "commitments_filed"})},
         {"done_on", g.Chance(80) ? g.PastDate() : std::string()},
         {"done_by", g.Text()}};
  }
  // Now and then, break the request: an unknown field, a missing one, a value of the wrong kind.
  if (g.Chance(8)) {
    switch (g.Int(0, 3)) {
      case 0: a["bogus_field"] = 1; break;
      case 1:
        if (!a.empty()) {
          auto it = a.begin();
          std::advance(it, g.Int(0, static_cast<int>(a.size()) - 1));
          a.erase(it);
        }
        break;
      case 2:
        if (!a.empty()) {
          auto it = a.begin();
          std::advance(it, g.Int(0, static_cast<int>(a.size()) - 1));
          *it = "zz-nope";
        }
        break;
      default:
        if (!a.empty()) {
          auto it = a.begin();
          std::advance(it, g.Int(0, static_cast<int>(a.size()) - 1));
          *it = 42;
        }
    }
  }
  return a;
}

// The command that would move the case on (the planner half of the sequences).
std::string Useful(const Case* cp, Gen& g) {
  if (!cp) return "case.create";
  const Case& c = *cp;
  if (ConsentWithdrawnForGood(c, kCtx.today)) return g.Chance(70) ? "case.close" : "checklist.mark";
  const bool child = IsChild(c, kCtx.today);
  if (!CheckConsent(c, kCtx.today)) {
    const auto guardians = std::count_if(c.representatives.begin(), c.representatives.end(),
                                         [](const Representative& r) { return r.role == RepresentativeRole::Guardian; });
    if (child && (guardians == 0 || (guardians == 1 && g.Chance(30)))) return "representative.add";
    return g.Chance(95) ? "consent.record" : "consent.refuse";
  }
  if (c.convener.name.empty() && c.convener.organisation.empty()) return "convener.set";
  if (c.participants.size() < 2) return "participant.add";
  if (c.invitation.sent_on.empty() && !CheckInvitationReady(c, kCtx.today)) return "invitation.update";
  switch (c.step) {
    case Step::NeedDetected: return "preparation.start";
    case Step::Preparation: return "invitation.send";
    case Step::Invitation: return "meeting.record";
    case Step::Meeting:
      if (auto r = CheckPlanComplete(c, kCtx.today); !r) {
        switch (r.error().code) {
          case Errc::PlanMainGoalMissing: return "goal.add";
          case Errc::PlanInterventionMissing: return "intervention.add";
          default: return "plan.update";
        }
      }
      return "plan.establish";
    case Step::FollowUp:
      // After a "revise" decision, usually establish the revised plan.
      if (!c.follow_ups.empty() && c.follow_ups.back().decision == FollowUpDecision::Revise && g.Chance(70))
        return "plan.establish";
      if (!Ids(c, 'q').empty() && g.Chance(50)) return g.Pick({"deviation.report", "deviation.dismiss"});
      return g.Pick({"followup.record", "followup.record", "followup.record", "case.close", "deviation.report"});
    case Step::Closed: break;
  }
  return "checklist.mark";
}

bool Allowed(Step from, Step to, const std::string& cmd) {
  if (from == to) return true;
  if (from == Step::NeedDetected && to == Step::Preparation) return cmd == "preparation.start";
  if (from == Step::Preparation && to == Step::Invitation) return cmd == "invitation.send";
  if (from == Step::Invitation && to == Step::Meeting) return cmd == "meeting.record";
  if (from == Step::Meeting && to == Step::FollowUp) return cmd == "plan.establish";
  if (to == Step::Closed && from != Step::Closed) {
    if (cmd == "case.close") return true;
    if (cmd == "consent.refuse") return from == Step::NeedDetected || from == Step::Preparation;
  }
  return false;
}

// Every id in the case (not in the version snapshots, which copy the plan's), all non-empty and unique.
bool IdsUnique(const Case& c, std::string* dup) {
  std::set<std::string> seen;
  auto add = [&](const std::string& id) {
    if (id.empty() || !seen.insert(id).second) {
      *dup = id;
      return false;
    }
    return true;
  };
  for (const auto& e : c.representatives) if (!add(e.id)) return false;
  for (const auto& e : c.consents) if (!add(e.id)) return false;
  for (const auto& e : c.participants) if (!add(e.id)) return false;
  for (const auto& e : c.plan.goals) if (!add(e.id)) return false;
  for (const auto& e : c.plan.interventions) if (!add(e.id)) return false;
  for (const auto& e : c.follow_ups) if (!add(e.id)) return false;
  for (const auto& e : c.deviations) if (!add(e.id)) return false;
  for (const auto& e : c.deviation_proposals) if (!add(e.id)) return false;
  return true;
}

struct Stats {
  int accepted = 0;
  int refused = 0;
  std::set<std::string> accepted_cmds;
  std::set<Step> steps_reached;
  int revisions = 0;
};

// Fails the test with the sequence's history (the requests so far) when `ok` is false. A plain `if`, not
// a doctest assertion per check: a passing run stays fast and prints nothing.
#define PROPERTY(ok, what)                                              \
  do {                                                                  \
    if (!(ok)) {                                                        \
      std::string hist;                                                 \
      for (const auto& h : history) hist += h.dump() + "\n";            \
      FAIL_CHECK(what << "\nsequence " << seq << ":\n" << hist);        \
      failed = true;                                                    \
    }                                                                   \
  } while (0)

}  // namespace

TEST_CASE("property: random command sequences keep the case invariants") {
  Gen g(kSeed);
  const auto& catalogue = CaseCommandCatalogue();
  Stats stats;
  bool failed = false;
  for (int seq = 0; seq < kSequences && !failed; ++seq) {
    Case c;
    bool exists = false;
    Json json;                              // Json(c) when `json_valid` (computed only when a refusal needs it)
    bool json_valid = false;
    std::vector<Json> history;
    std::vector<bool> consent_when_established;   // (ii), one entry per version, tracked here
    const int length = g.Int(1, kMaxCommands);
    for (int n = 0; n < length && !failed; ++n) {
      std::string cmd;
      if (!exists) cmd = g.Chance(95) ? "case.create" : std::string(g.Pick(catalogue).name);
      else cmd = g.Chance(50) ? Useful(&c, g) : std::string(g.Pick(catalogue).name);
      if (exists && cmd == "case.create") cmd = "case.update";   // case.create makes another case, not this one
      Json request = Args(cmd, g, exists ? &c : nullptr);
      request["cmd"] = cmd;
      if (cmd != "case.create" && g.Chance(98)) request["case_id"] = "c-1";
      auto parsed = ParseRequest(request);
      REQUIRE(parsed.ok());
      history.push_back(std::move(request));

      const bool withdrawn = exists && ConsentWithdrawnForGood(c, kCtx.today);
      const Case snapshot = c;             // what the case was, to compare with after a refusal
      auto out = ApplyCaseCommand(exists ? &c : nullptr, *parsed, kCtx);

      if (!out) {
        ++stats.refused;
        const Errc code = out.error().code;
        PROPERTY(code != Errc::Internal, "internal error: " << out.error().detail);
        if (exists) {
          // Comparing the JSON values is comparing their dumps (objects are sorted, no floats), only faster.
          if (!json_valid) json = Json(snapshot);
          Json after = Json(c);
          PROPERTY(after == json, "(i) a refused " << cmd << " changed the case:\n" << json.dump() << "\n" << after.dump());
          json = std::move(after);
          json_valid = true;
          PROPERTY(c.step != Step::Closed || code == Errc::CaseClosed, "(iii) closed case refused " << cmd << " with "
                                                                           << ErrorCode(code) << ", not case_closed");
        }
        continue;
      }

      // Accepted.
      ++stats.accepted;
      stats.accepted_cmds.insert(cmd);
      const Case& next = out->state;
      PROPERTY(!exists || c.step != Step::Closed, "(iii) closed case accepted " << cmd);
      PROPERTY(!withdrawn || cmd == "case.close" || cmd == "deviation.report" || cmd == "deviation.dismiss" ||
                   cmd == "checklist.mark",
               "after withdrawal accepted " << cmd);
      PROPERTY(!out->events.empty() && out->events[0].type == cmd, "(v) first event is not " << cmd);
      PROPERTY(out->result.value("step", Json()) == Json(next.step) && out->result.value("case_id", "") == next.id,
               "result lacks step or case_id");
      const Step from = exists ? c.step : Step::NeedDetected;
      PROPERTY(Allowed(from, next.step, cmd), "(iv) " << cmd << " moved " << Json(from).dump() << " → " << Json(next.step).dump());
      const auto changes = std::count_if(out->events.begin(), out->events.end(),
                                         [](const Event& e) { return e.type == "case.step_changed"; });
      if (from != next.step) {
        PROPERTY(changes == 1 && out->events.back().data == (Json{{"from", from}, {"to", next.step}}),
                 "(iv) step change without its event");
      } else {
        PROPERTY(changes == 0, "(iv) step_changed event without a change");
      }
      for (size_t i = 1; i < out->events.size(); ++i)
        PROPERTY(out->events[i].type == "case.step_changed", "unexpected event " << out->events[i].type);

      // (ii) a version appears only through plan.establish, with consent in force.
      const size_t before_versions = exists ? c.versions.size() : 0;
      if (cmd == "plan.establish") {
        PROPERTY(next.versions.size() == before_versions + 1, "(ii) plan.establish added no version");
        consent_when_established.push_back(CheckConsent(next, kCtx.today).ok());
        if (before_versions > 0) ++stats.revisions;
      } else {
        PROPERTY(next.versions.size() == before_versions, "(ii) " << cmd << " changed the number of versions");
      }
      PROPERTY(next.versions.size() == consent_when_established.size() &&
                   std::all_of(consent_when_established.begin(), consent_when_established.end(), [](bool b) { return b; }),
               "(ii) a version was established without consent in force");
      PROPERTY(next.versions.empty() || !next.consents.empty(), "(ii) versions without any consent");
      // (vii) numbered 1..n; the ones that were there before are untouched.
      for (size_t i = 0; i < next.versions.size(); ++i) {
        PROPERTY(next.versions[i].version == static_cast<int>(i) + 1, "(vii) version " << i << " numbered " << next.versions[i].version);
        if (i < before_versions) PROPERTY(Json(next.versions[i]) == Json(c.versions[i]), "(vii) version " << i + 1 << " changed");
      }
      // (vi) unique ids.
      std::string dup;
      PROPERTY(IdsUnique(next, &dup), "(vi) duplicate or empty id '" << dup << "'");
      // (viii) the convener follows the rules set in law and in the city's routine.
      PROPERTY(CheckConvener(next).ok() || (exists && !CheckConvener(c).ok() && cmd != "convener.set"),
               "(viii) " << cmd << " left a convener that breaks a rule");
      // (ix) every meeting sets the next one and its owner.
      for (const auto& f : next.follow_ups)
        if (f.decision != FollowUpDecision::Close)
          PROPERTY(!f.next_follow_up_on.empty() && FindParticipant(next, f.next_follow_up_owner) &&
                       f.next_follow_up_on > f.held_on,
                   "(ix) follow-up " << f.id << " without its next date and owner");
      // (x) where to turn.
      if (cmd == "case.close")
        PROPERTY(!next.closure.where_to_turn.empty() || next.closure.reason == ClosureReason::PersonDied,
                 "(x) closed without where_to_turn");
      // (xi) proposals: resolved once; a confirmed one names an existing deviation.
      for (size_t i = 0; i < next.deviation_proposals.size(); ++i) {
        const auto& p = next.deviation_proposals[i];
        if (exists && i < c.deviation_proposals.size() && c.deviation_proposals[i].status != ProposalStatus::Open)
          PROPERTY(Json(p) == Json(c.deviation_proposals[i]), "(xi) a resolved proposal changed");
        if (p.status == ProposalStatus::Confirmed)
          PROPERTY(std::any_of(next.deviations.begin(), next.deviations.end(),
                               [&](const Deviation& d) { return d.id == p.deviation_id && d.proposal_id == p.id; }),
                   "(xi) confirmed proposal without its deviation");
      }

      stats.steps_reached.insert(next.step);
      c = std::move(out->state);
      exists = true;
      json_valid = false;
    }
  }
  // The sequences did explore: every command was accepted somewhere, every step reached, plans revised.
  CHECK(stats.accepted_cmds.size() == catalogue.size());
  CHECK(stats.steps_reached.size() == 6);
  CHECK(stats.revisions > 0);
  CHECK(stats.accepted > 5 * kSequences);
  CHECK(stats.refused > 5 * kSequences);
}
