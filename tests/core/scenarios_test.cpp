// Scenario tests: whole SIP processes as the seeds describe them, driven through ApplyCaseCommand with
// requests parsed as the handler gets them.
//
//   (a) home care detects the need and hands over to the social worker (seed 001, first table);
//   (b) the region convenes at discharge from hospital, home care is invited (seed 001, seed 004 §4.5.1);
//   (c) a child with two guardians (seed 004 §4.3.1, §4.6.1, §4.8 item 8);
//   (d) consent withdrawn after the plan was established (seed 002, seed 003: withdrawal ends the plan);
//   (e) an invitee absent without notice (seed 004 §4.7.3);
//   (f) collaboration without the individual, convened and chaired by the provider's enhetschef (seed 000);
//   (g) a child whose second guardian withdraws consent after the plan (seed 004 §4.3.1; issue 12 rule 3);
//   (h) a follow-up, held early, that decides to close the plan (seed 002 "Följ upp", "Avsluta").
//
// All people are fictional. Identity numbers come from the shared test list
// (/work/shared/testdata/personnummer-list.json, rows marked valid); the list has no valid number of a
// child on these dates, so the child is recorded by a reserve identity (name + birth date).
// "Today" moves with the story: each command runs on the day it happens.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/case_commands.h"
#include "core/deadlines.h"
#include "core/rules.h"

using namespace sip;

namespace {

CivilDate D(const char* s) {
  auto d = ParseDate(s);
  REQUIRE(d.has_value());
  return *d;
}

int64_t DaysBetween(const std::string& from, const std::string& to) {
  return DaysFromCivil(D(to.c_str())) - DaysFromCivil(D(from.c_str()));
}

// One case in a story. `today` is the day of the next command.
struct Story {
  Case c;
  CommandContext ctx{{2026, 11, 22}, "Olle Omsorgshandledare", "c-1"};
  Error last_error;

  void On(const char* date) { ctx.today = D(date); }

  // Applies a command that must be accepted; returns its result.
  Json Do(Json j) {
    if (j.value("cmd", "") != "case.create") j["case_id"] = "c-1";
    auto req = ParseRequest(j);
    REQUIRE(req.ok());
    auto out = ApplyCaseCommand(req->cmd == "case.create" ? nullptr : &c, *req, ctx);
    INFO(j.dump());
    REQUIRE_MESSAGE(out.ok(), (out ? std::string() : std::string(ErrorCode(out.error().code)) + " " + out.error().detail));
    REQUIRE_FALSE(out->events.empty());
    CHECK(out->events[0].type == req->cmd);
    c = out->state;
    return out->result;
  }
  Json Do(const char* text) { return Do(Json::parse(text)); }

  // Applies a command that must be refused; the case stays as it was. Returns the code.
  Errc Refuse(Json j) {
    j["case_id"] = "c-1";
    auto req = ParseRequest(j);
    REQUIRE(req.ok());
    const std::string before = Json(c).dump();
    auto out = ApplyCaseCommand(&c, *req, ctx);
    INFO(j.dump());
    REQUIRE_FALSE(out.ok());
    CHECK(Json(c).dump() == before);
    last_error = out.error();
    return out.error().code;
  }
  Errc Refuse(const char* text) { return Refuse(Json::parse(text)); }

  std::string Add(const Json& participant) {
    Json j = participant;
    j["cmd"] = "participant.add";
    return Do(j)["participant_id"].get<std::string>();
  }

  void Mark(const char* item, const char* on, const char* by) {
    Do(Json{{"cmd", "checklist.mark"}, {"item", item}, {"done_on", on}, {"done_by", by}});
  }

  const ChecklistEntry& Checklist(ChecklistItem item) const {
    auto it = std::find_if(c.checklist.begin(), c.checklist.end(), [&](const ChecklistEntry& e) { return e.item == item; });
    REQUIRE(it != c.checklist.end());
    return *it;
  }
};

// The attendance list of meeting.record: (participant id, attendance) pairs.
Json Attending(std::initializer_list<std::pair<std::string, const char*>> rows) {
  Json a = Json::array();
  for (const auto& [id, how] : rows) a.push_back({{"participant_id", id}, {"attendance", how}});
  return a;
}

}  // namespace

// =========================================================================================================
// (a) Home care detects the need and hands over to the social worker (seed 001)
// =========================================================================================================
TEST_CASE("scenario a: home care detects a need, the social worker convenes, home care holds the meeting") {
  Story s;

  // A caregiver notices that Arvid, who lives alone, no longer manages his wounds and has fallen twice.
  s.On("2026-11-02");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Arvid Testsson","identity_number":"19821105-9954",
           "address":"Testgatan 1, Testköping","phone":"070-000 00 01"},
           "noticed_by":"home_care","noticed_on":"2026-11-02"})");
  CHECK(s.c.scenario == ConveningScenario::HomeCareDetects);
  CHECK(s.c.step == Step::NeedDetected);
  CHECK_FALSE(IsChild(s.c, s.ctx.today));
  // Step 0: the staff member always consults the manager, omsorgshandledare or fast omsorgskontakt first.
  s.Mark("consult_manager", "2026-11-02", "Maja Medarbetare");

  // Step 1 (omsorgshandledare): compile the need, agree with Arvid when to meet and who attends, and
  // document his consent — orally, so who documented it and when are recorded.
  s.On("2026-11-03");
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(R"({"cmd":"preparation.update","what_matters":"Jag vill bo kvar hemma och kunna gå ut på promenad",
           "questions":["Vem lägger om såren?","Kan jag få hjälp att inte ramla?"],
           "wished_attendees":["Hemtjänsten","Socialsekreteraren","Distriktssköterskan"],
           "participation":"in_person","meeting_place_wish":"Hemma","meeting_leader":"Olle Omsorgshandledare"})");
  CHECK(s.Refuse(R"({"cmd":"consent.record","given_by":"person","form":"oral","valid_from":"2026-11-03"})") ==
        Errc::ConsentIncomplete);
  auto consent = s.Do(R"({"cmd":"consent.record","given_by":"person","form":"oral","documented_by":"Olle Omsorgshandledare",
                          "documented_on":"2026-11-03","valid_from":"2026-11-03",
                          "covers":["Socialtjänsten","Vårdcentralen Test","Hemtjänsten Testgården"]})");
  CHECK(consent["consent_id"].is_string());
  const std::string home_care = s.Add({{"name", "Olle Omsorgshandledare"}, {"organisation", "Hemtjänsten Testgården"},
                                       {"huvudman", "municipality"}, {"role", "omsorgshandledare"}});
  const std::string social_worker = s.Add({{"name", "Sara Socialsekreterare"}, {"organisation", "Socialtjänsten Testköping"},
                                           {"huvudman", "municipality"}, {"role", "socialsekreterare"}});
  const std::string nurse = s.Add({{"name", "Doris Distriktssköterska"}, {"organisation", "Vårdcentralen Test"},
                                   {"huvudman", "region"}, {"role", "sjukskoterska"}});
  s.Do(R"({"cmd":"mapping.update","area":"personal_care","person_view":"Såren läker inte",
           "interventions":[{"party":"Hemtjänsten","description":"Hjälp med dusch"}]})");
  s.Do(R"({"cmd":"mapping.update","area":"mobility","person_view":"Jag har ramlat två gånger"})");
  s.Do(Json{{"cmd", "invitation.update"},
            {"purpose", "Att Arvid kan bo kvar hemma och gå ut på promenad"},
            {"questions", {"Vem lägger om såren?", "Hur förebygger vi fall?"}},
            {"meeting_at", "2026-11-17T10:00"},
            {"place", "Hemma hos Arvid"},
            {"invitees", {home_care, social_worker, nurse}}});
  s.Mark("compile_need", "2026-11-03", "Olle Omsorgshandledare");

  // Step 2: contact the social worker, describe the need, send the material, confirm the consent.
  s.On("2026-11-04");
  s.Mark("contact_social_worker", "2026-11-04", "Olle Omsorgshandledare");

  // Step 3: the socialsekreterare convenes in SAMSA on home care's behalf.
  s.On("2026-11-05");
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
           "role":"socialsekreterare","contact":"via Treserva"})");
  s.Mark("convener_registered", "2026-11-05", "Sara Socialsekreterare");
  auto sent = s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-05"})");
  CHECK(sent["consent_obtained"] == true);   // the invitation says consent was obtained
  CHECK(s.c.step == Step::Invitation);

  // Step 4: home care holds the meeting, within three weeks of the need being detected.
  s.On("2026-11-17");
  auto met = s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
                       {"held_on", "2026-11-17"},
                       {"leader", "Olle Omsorgshandledare"},
                       {"documenter", "Olle Omsorgshandledare"},
                       {"attendance", Attending({{home_care, "present"}, {social_worker, "present"}, {nurse, "present"}})}});
  CHECK(met["proposed_deviations"].empty());
  CHECK(DaysBetween(s.c.noticed_on, s.c.meeting.held_on) <= 21);
  s.Mark("meeting_held", "2026-11-17", "Olle Omsorgshandledare");

  const std::string main_goal =
      s.Do(R"({"cmd":"goal.add","text":"Jag vill bo kvar hemma och kunna gå ut på promenad","persons_own_words":true})")
          ["goal_id"].get<std::string>();
  const std::string sub_goal = s.Do(Json{{"cmd", "goal.add"}, {"text", "Såren är läkta till jul"}, {"parent_id", main_goal}})
                                   ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Påminnelse om och hjälp inför såromläggning"}, {"responsible", home_care},
            {"start_date", "2026-11-18"}, {"frequency", "måndag och torsdag"}, {"place", "Hemma"}, {"goal_id", sub_goal},
            {"home_care_commitment", true}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Såromläggning"}, {"responsible", nurse}, {"start_date", "2026-11-18"},
            {"frequency", "två gånger i veckan"}, {"goal_id", sub_goal}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Utreda trygghetslarm"}, {"responsible", social_worker}, {"goal_id", main_goal}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", social_worker}, {"follow_up_on", "2027-02-15"},
            {"follow_up_owner", social_worker}, {"what_to_follow_up", "Såren, fallen och larmet"}});
  auto established = s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-17"})");
  CHECK(established["version"] == 1);
  CHECK(s.c.step == Step::FollowUp);

  // Steps 5 and 7: the plan goes to the convener (the bundle), home care files its own commitments.
  s.On("2026-11-18");
  s.Do(R"({"cmd":"plan.update","handed_to_person_on":"2026-11-18"})");
  CHECK(DaysBetween(s.c.meeting.held_on, s.c.plan.handed_to_person_on) <= 3);
  s.Mark("plan_sent_to_convener", "2026-11-18", "Olle Omsorgshandledare");
  s.Mark("commitments_filed", "2026-11-18", "Olle Omsorgshandledare");

  // The hand-off checklist was done in seed 001's order.
  REQUIRE(s.c.checklist.size() == kChecklistCount);
  for (int i = 0; i < kChecklistCount; ++i) {
    const auto& e = s.Checklist(static_cast<ChecklistItem>(i));
    CAPTURE(i);
    CHECK_FALSE(e.done_on.empty());
    CHECK_FALSE(e.done_by.empty());
    if (i > 0) CHECK(s.Checklist(static_cast<ChecklistItem>(i - 1)).done_on <= e.done_on);
  }
  // Home care's own commitment is part of the established plan, with home care responsible.
  const auto& v1 = s.c.versions.at(0).plan;
  const auto commitments = std::count_if(v1.interventions.begin(), v1.interventions.end(),
                                         [&](const Intervention& i) { return i.home_care_commitment; });
  CHECK(commitments == 1);
  CHECK(std::all_of(v1.interventions.begin(), v1.interventions.end(), [&](const Intervention& i) {
    return !i.home_care_commitment || i.responsible == home_care;
  }));

  // The follow-up: everyone delivered, the goals are met; the plan is closed and everyone is told.
  s.On("2027-02-15");
  std::vector<Json> evals;
  for (const auto& i : s.c.plan.interventions) evals.push_back({{"intervention_id", i.id}, {"delivered", true}});
  auto followed = s.Do(Json{{"cmd", "followup.record"},
                            {"held_on", "2027-02-15"},
                            {"decision", "close"},
                            {"goals", {{{"goal_id", main_goal}, {"result", "achieved"}}, {{"goal_id", sub_goal}, {"result", "achieved"}}}},
                            {"interventions", evals}});
  CHECK(followed["proposed_deviations"].empty());
  s.Do(R"({"cmd":"case.close","reason":"goals_met","closed_on":"2027-02-15","participants_informed":true,
           "informed_on":"2027-02-15","where_to_turn":"Ring hemtjänsten eller socialtjänsten om behovet kommer tillbaka"})");
  CHECK(s.c.step == Step::Closed);
  CHECK(s.c.closure.reason == ClosureReason::GoalsMet);
  CHECK(std::all_of(s.c.plan.goals.begin(), s.c.plan.goals.end(), [](const Goal& g) { return g.status == GoalStatus::Achieved; }));
  CHECK(s.c.versions.size() == 1);
  CHECK(s.Refuse(R"({"cmd":"checklist.mark","item":"commitments_filed","done_on":"","done_by":""})") == Errc::CaseClosed);
}

// =========================================================================================================
// (b) The region convenes at discharge; home care is a participant (seed 001, seed 004 §4.1.2, §4.5.1)
// =========================================================================================================
TEST_CASE("scenario b: the region convenes at discharge and invites home care within three days") {
  Story s;
  s.On("2026-11-19");
  // Bengt has a samordningsnummer (day + 60) and is ready for discharge from the hospital today.
  s.Do(R"({"cmd":"case.create","owner":{"name":"Bengt Testsson","identity_number":"19570574-9959"},
           "noticed_by":"regional_health_care","noticed_on":"2026-11-19","ready_for_discharge_on":"2026-11-19"})");
  CHECK(s.c.scenario == ConveningScenario::RegionConvenes);   // at discharge the fast vårdkontakt convenes
  CHECK(s.c.owner.birth_date == "1957-05-14");
  CHECK(s.c.ready_for_discharge_on == "2026-11-19");

  s.Do(R"({"cmd":"convener.set","name":"Vera Vårdkontakt","organisation":"Testsjukhuset, avdelning 12",
           "role":"fast_vardkontakt"})");
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","documented_by":"Vera Vårdkontakt",
           "documented_on":"2026-11-19","valid_from":"2026-11-19"})");
  const std::string ward = s.Add({{"name", "Vera Vårdkontakt"}, {"organisation", "Testsjukhuset, avdelning 12"},
                                  {"huvudman", "region"}, {"role", "fast_vardkontakt"}});
  const std::string home_care = s.Add({{"organisation", "Hemtjänsten Testgården"}, {"huvudman", "municipality"},
                                       {"role", "omsorgshandledare"}});
  const std::string social_worker = s.Add({{"name", "Sara Socialsekreterare"}, {"organisation", "Socialtjänsten Testköping"},
                                           {"huvudman", "municipality"}, {"role", "other"}, {"role_text", "biståndshandläggare"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"},
            {"purpose", "Att Bengt kan komma hem tryggt efter sjukhusvistelsen"},
            {"questions", {"Vilken hjälp behövs hemma första veckan?"}},
            {"meeting_at", "2026-11-24T13:00"},
            {"place", "Testsjukhuset, avdelning 12"},
            {"invitees", {ward, home_care, social_worker}}});

  s.On("2026-11-21");
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-21"})");
  CHECK(DaysBetween(s.c.ready_for_discharge_on, s.c.invitation.sent_on) <= 3);   // seed 004 §4.5.1
  // Home care is invited as a municipal party; it confirms and comes to the meeting.
  const Participant* hc = FindParticipant(s.c, home_care);
  REQUIRE(hc);
  CHECK(hc->huvudman == Huvudman::Municipality);
  CHECK(std::find(s.c.invitation.invitees.begin(), s.c.invitation.invitees.end(), home_care) != s.c.invitation.invitees.end());
  s.Do(Json{{"cmd", "participant.update"}, {"participant_id", home_care}, {"status", "confirmed"}, {"name", "Olle Omsorgshandledare"}});
  CHECK(FindParticipant(s.c, home_care)->status == ParticipantStatus::Confirmed);

  s.On("2026-11-24");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
            {"held_on", "2026-11-24"},
            {"leader", "Vera Vårdkontakt"},
            {"attendance", Attending({{ward, "present"}, {home_care, "present"}, {social_worker, "present"}})}});
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill sova i min egen säng","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Tillsyn morgon och kväll"}, {"responsible", home_care}, {"goal_id", goal},
            {"start_date", "2026-11-25"}, {"home_care_commitment", true}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Läkemedelsgenomgång"}, {"responsible", ward}, {"goal_id", goal}});
  s.Do(R"({"cmd":"other_plan.add","kind":"discharge_planning","note":"Samordnad utskrivning"})");
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", ward}, {"follow_up_on", "2026-12-15"}, {"follow_up_owner", ward}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-24"})");
  // Home care files its own commitments (seed 001: when someone else convenes).
  s.Mark("commitments_filed", "2026-11-25", "Olle Omsorgshandledare");
  CHECK(s.c.step == Step::FollowUp);
  CHECK(s.c.versions.at(0).plan.interventions.at(0).home_care_commitment);
  CHECK(s.c.versions.at(0).plan.other_plans.at(0).kind == OtherPlanKind::DischargePlanning);
}

// =========================================================================================================
// (c) A child with two guardians (seed 004 §4.3.1, §4.6.1, §4.8 item 8)
// =========================================================================================================
TEST_CASE("scenario c: a child with two guardians: both consent, the child's view and the child perspective") {
  Story s;
  s.On("2026-11-10");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Lilly Testsson","reserve_number":true,"birth_date":"2014-05-12"},
           "noticed_by":"school","noticed_on":"2026-11-10"})");
  CHECK(IsChild(s.c, s.ctx.today));
  const std::string mother = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Mira Testsson","phone":"070-1"})")
                                 ["representative_id"].get<std::string>();
  const std::string father = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Max Testsson","phone":"070-2"})")
                                 ["representative_id"].get<std::string>();

  // The child's own view, as far as age and maturity allow, in the preparation and the mapping.
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(R"({"cmd":"preparation.update","what_matters":"Jag vill vara med kompisarna på rasterna",
           "participation":"part_of_meeting","wished_attendees":["Mamma","Pappa","Mentorn"]})");
  s.Do(R"({"cmd":"mapping.update","area":"play","person_view":"Jag vill vara med och spela fotboll"})");
  s.Do(R"({"cmd":"mapping.update","area":"education","person_view":"Det är för stökigt i klassrummet"})");
  CHECK(s.c.preparation.what_matters == "Jag vill vara med kompisarna på rasterna");

  // Only the guardians consent for a child — not the child, not anyone else.
  CHECK(s.Refuse(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-10"})") ==
        Errc::ConsentNotAllowed);
  s.Do(Json{{"cmd", "consent.record"}, {"given_by", mother}, {"form", "written"}, {"valid_from", "2026-11-11"},
            {"documented_by", "Mentor Test"}, {"documented_on", "2026-11-11"}});

  s.Do(R"({"cmd":"convener.set","name":"Malin Mentor","organisation":"Testskolan","role":"other","role_text":"mentor"})");
  const std::string school = s.Add({{"name", "Malin Mentor"}, {"organisation", "Testskolan"}, {"huvudman", "municipality"}});
  const std::string bup = s.Add({{"organisation", "BUP Test"}, {"huvudman", "region"}, {"role", "other"}, {"role_text", "psykolog"}});
  const std::string guardians = s.Add({{"name", "Mira och Max Testsson"}, {"huvudman", "relative"}});
  s.Do(Json{{"cmd", "invitation.update"},
            {"purpose", "Att Lilly trivs i skolan"},
            {"meeting_at", "2026-11-26T15:00"},
            {"place", "Testskolan"},
            {"invitees", {school, bup, guardians}}});

  s.On("2026-11-12");
  CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-12"})") == Errc::GuardianConsentMissing);
  CHECK(s.last_error.detail == father);
  s.Do(Json{{"cmd", "consent.record"}, {"given_by", father}, {"form", "oral"}, {"valid_from", "2026-11-12"},
            {"documented_by", "Malin Mentor"}, {"documented_on", "2026-11-12"}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-12"})");

  s.On("2026-11-26");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
            {"held_on", "2026-11-26"},
            {"attendance", Attending({{school, "present"}, {bup, "present"}, {guardians, "present"}})}});
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill vara med kompisarna på rasterna","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Rastvärd följer med ut"}, {"responsible", school}, {"goal_id", goal}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Samtal om oro"}, {"responsible", bup}, {"goal_id", goal}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", school}, {"follow_up_on", "2027-01-28"}, {"follow_up_owner", school}});
  // The plan must show that the child perspective is met.
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2026-11-26"})") == Errc::PlanChildPerspectiveMissing);
  s.Do(R"({"cmd":"plan.update","child_perspective":"Lilly deltog i början av mötet och berättade själv; målet är hennes egna ord."})");
  auto v = s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-26"})");
  CHECK(v["version"] == 1);
  CHECK_FALSE(s.c.versions.at(0).plan.child_perspective.empty());
  CHECK(CheckConsent(s.c, s.ctx.today));
  CHECK(ConsentsInForce(s.c, s.ctx.today).size() == 2);
}

// =========================================================================================================
// (d) Consent withdrawn after the plan was established
// =========================================================================================================
TEST_CASE("scenario d: consent withdrawn after the plan: further changes refused, then closed") {
  Story s;
  s.On("2026-10-01");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Cecilia Testsson","identity_number":"199012119948"},
           "noticed_by":"social_services","noticed_on":"2026-10-01"})");
  const std::string consent =
      s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-10-01","valid_to":"2027-10-01"})")
          ["consent_id"].get<std::string>();
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping","role":"socialsekreterare"})");
  const std::string home_care = s.Add({{"organisation", "Hemtjänsten Testgården"}, {"huvudman", "municipality"}});
  const std::string psychiatry = s.Add({{"organisation", "Psykiatrin Test"}, {"huvudman", "region"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Trygg vardag"}, {"meeting_at", "2026-10-15T09:00"}, {"place", "Hemma"},
            {"invitees", {home_care, psychiatry}}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-10-02"})");
  s.On("2026-10-15");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"}, {"held_on", "2026-10-15"},
            {"attendance", Attending({{home_care, "present"}, {psychiatry, "present"}})}});
  s.Do(R"({"cmd":"goal.add","text":"Jag vill klara min vardag","persons_own_words":true})");
  const std::string intervention = s.Do(Json{{"cmd", "intervention.add"}, {"what", "Stöd med inköp"}, {"responsible", home_care},
                                             {"home_care_commitment", true}})["intervention_id"].get<std::string>();
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", psychiatry}, {"follow_up_on", "2027-01-15"}, {"follow_up_owner", psychiatry}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-10-15"})");
  const std::string v1 = Json(s.c.versions.at(0)).dump();

  // Cecilia withdraws her consent: the plan no longer applies.
  s.On("2026-11-20");
  auto w = s.Do(Json{{"cmd", "consent.withdraw"}, {"consent_id", consent}, {"withdrawn_on", "2026-11-20"},
                     {"recorded_by", "Olle Omsorgshandledare"}});
  CHECK(w["plan_no_longer_applies"] == true);
  CHECK(ConsentWithdrawnForGood(s.c, s.ctx.today));

  // Further plan changes are refused …
  CHECK(s.Refuse(R"({"cmd":"goal.add","text":"Nytt mål","persons_own_words":true})") == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(Json{{"cmd", "intervention.update"}, {"intervention_id", intervention}, {"status", "ongoing"}}) ==
        Errc::ConsentWithdrawn);
  CHECK(s.Refuse(R"({"cmd":"plan.update","follow_up_on":"2027-02-01"})") == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(R"({"cmd":"followup.record","held_on":"2026-11-20","decision":"revise"})") == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2026-11-20"})") == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(R"({"cmd":"participant.add","organisation":"Försäkringskassan","huvudman":"other"})") == Errc::ConsentWithdrawn);

  // … but home care still ticks off its checklist, and the case is closed with the reason recorded.
  s.Mark("commitments_filed", "2026-11-20", "Olle Omsorgshandledare");
  s.On("2026-11-22");
  CHECK(s.Refuse(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-11-22"})") == Errc::ClosureNotInformed);
  s.Do(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-11-22","participants_informed":true,
           "informed_on":"2026-11-22","where_to_turn":"Kontakta socialtjänsten om du vill ha en SIP igen"})");
  CHECK(s.c.step == Step::Closed);
  CHECK(s.c.closure.reason == ClosureReason::ConsentWithdrawn);
  REQUIRE(s.c.versions.size() == 1);
  CHECK(Json(s.c.versions[0]).dump() == v1);   // the established plan stays on record, unchanged
}

// =========================================================================================================
// (e) An invitee absent without notice (seed 004 §4.7.3)
// =========================================================================================================
TEST_CASE("scenario e: an invitee absent without notice gives a proposed deviation, then a reported one") {
  Story s;
  s.On("2026-11-01");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Doris Testsson","identity_number":"19730674-9982"},
           "noticed_by":"home_care","noticed_on":"2026-11-01"})");
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"oral","documented_by":"Olle Omsorgshandledare",
           "documented_on":"2026-11-01","valid_from":"2026-11-01"})");
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping","role":"socialsekreterare"})");
  const std::string home_care = s.Add({{"organisation", "Hemtjänsten Testgården"}, {"huvudman", "municipality"}});
  const std::string social_worker = s.Add({{"name", "Sara Socialsekreterare"}, {"huvudman", "municipality"}});
  const std::string clinic = s.Add({{"organisation", "Vårdcentralen Test"}, {"huvudman", "region"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Att Doris kan äta ordentligt"}, {"meeting_at", "2026-11-18T10:00"},
            {"place", "Hemma hos Doris"}, {"invitees", {home_care, social_worker, clinic}}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-04"})");

  // The health centre neither comes nor calls.
  s.On("2026-11-18");
  auto met = s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
                       {"held_on", "2026-11-18"},
                       {"attendance", Attending({{home_care, "present"}, {social_worker, "present"}, {clinic, "absent_without_notice"}})}});
  REQUIRE(met["proposed_deviations"].size() == 1);
  CHECK(met["proposed_deviations"][0]["kind"] == "absent_without_notice");
  CHECK(met["proposed_deviations"][0]["participant_id"] == clinic);
  CHECK(s.c.deviations.empty());   // proposed, not yet reported

  // The convener reports it; an absence report must name who was absent.
  CHECK(s.Refuse(R"({"cmd":"deviation.report","kind":"absent_without_notice","description":"Vårdcentralen uteblev",
                     "occurred_on":"2026-11-18","reported_by":"Sara Socialsekreterare"})") == Errc::DeviationIncomplete);
  auto dev = s.Do(Json{{"cmd", "deviation.report"},
                       {"kind", "absent_without_notice"},
                       {"description", "Vårdcentralen uteblev från SIP-mötet utan att meddela"},
                       {"occurred_on", "2026-11-18"},
                       {"reported_by", "Sara Socialsekreterare"},
                       {"participant_id", clinic}});
  REQUIRE(s.c.deviations.size() == 1);
  const Deviation& d = s.c.deviations[0];
  CHECK(d.id == dev["deviation_id"].get<std::string>());
  CHECK(d.kind == DeviationKind::AbsentWithoutNotice);
  CHECK(d.participant_id == clinic);
  CHECK(d.reported_by == "Sara Socialsekreterare");
  CHECK(s.c.step == Step::Meeting);   // the deviation does not stop the plan
  CHECK(FindParticipant(s.c, clinic)->attendance == Attendance::AbsentWithoutNotice);
}

namespace {
bool Warned(const Story& s, std::string_view code, const std::string& ref = "*") {
  for (const auto& w : ComputeWarnings(s.c, s.ctx.today))
    if (w.code == code && (ref == "*" || w.ref == ref)) return true;
  return false;
}
}  // namespace

// =========================================================================================================
// (f) Collaboration without the individual: the provider's enhetschef convenes and chairs (seed 000)
// =========================================================================================================
TEST_CASE("scenario f: without the individual the enhetschef convenes, delegates the chair, meets at an interval") {
  Story s;
  s.On("2026-11-02");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Arvid Testsson","identity_number":"19821105-9954"},
           "form":"without_individual","noticed_by":"home_care","noticed_on":"2026-11-02"})");
  // Consent is needed before collaboration across committees (seed 000: "Sekretessgränsen går vid respektive nämnd").
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"oral","documented_by":"Olle Omsorgshandledare",
           "documented_on":"2026-11-02","valid_from":"2026-11-02","valid_to":"2027-11-02"})");
  // "EC för utförare är sammankallande": nobody else may convene this form.
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Olle Omsorgshandledare","organisation":"Hemtjänsten Testgården",
                     "role":"omsorgshandledare"})") == Errc::ConvenerNotEnhetschef);
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
                     "role":"socialsekreterare"})") == Errc::ConvenerNotEnhetschef);
  // "… och är ordförande för mötet. Vid behov kan ordförandeskapet delegeras till annan person."
  auto set = s.Do(R"({"cmd":"convener.set","name":"Eva Enhetschef","organisation":"Hemtjänsten Testgården",
                      "role":"enhetschef","chair_delegated_to":"Olle Omsorgshandledare"})");
  CHECK(set["warnings"] == Json::array());
  CHECK(s.c.convener.chair_delegated_to == "Olle Omsorgshandledare");
  CHECK_FALSE(Warned(s, kConvenerNotPerRoutine));
  const std::string home_care = s.Add({{"name", "Olle Omsorgshandledare"}, {"organisation", "Hemtjänsten Testgården"},
                                       {"huvudman", "municipality"}, {"role", "omsorgshandledare"}});
  const std::string nurse = s.Add({{"name", "Siv Sjuksköterska"}, {"organisation", "Kommunal hälso- och sjukvård Test"},
                                   {"huvudman", "municipality"}, {"role", "sjukskoterska"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Säkra pågående insatser hos Arvid"}, {"meeting_at", "2026-11-30T09:00"},
            {"place", "Hemtjänsten Testgården"}, {"invitees", {home_care, nurse}}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-20"})");
  // Held at the agreed interval, 28 days after: no 21-day rule for this form, nothing proposed.
  s.On("2026-11-30");
  CHECK_FALSE(Warned(s, kMeetingDue));
  auto met = s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"}, {"held_on", "2026-11-30"}, {"leader", "Olle Omsorgshandledare"},
                       {"attendance", Attending({{home_care, "present"}, {nurse, "present"}})}});
  CHECK(met["proposed_deviations"] == Json::array());
  CHECK(s.c.deviation_proposals.empty());
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill klara mig själv hemma","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Läkemedelsgenomgång"}, {"responsible", nurse}, {"goal_id", goal}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", home_care}, {"follow_up_on", "2027-03-01"}, {"follow_up_owner", home_care}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-30"})");
  // The case cannot become a discharge SIP under the enhetschef's feet: the fast vårdkontakt convenes those.
  CHECK(s.Refuse(R"({"cmd":"case.update","form":"sip","ready_for_discharge_on":"2026-11-29"})") ==
        Errc::ConvenerNotFastVardkontakt);
  s.On("2027-03-01");
  s.Do(Json{{"cmd", "followup.record"}, {"held_on", "2027-03-01"}, {"decision", "continue"},
            {"next_follow_up_on", "2027-06-01"}, {"next_follow_up_owner", home_care}});
  CHECK(s.c.plan.follow_up_on == "2027-06-01");
  for (const auto& w : ComputeWarnings(s.c, s.ctx.today))
    if (w.code == kFollowUpDue) CHECK(w.due == "2027-06-01");   // the next one, not the one just held
}

// =========================================================================================================
// (g) A child whose second guardian withdraws (seed 004 §4.3.1: both guardians consent, and keep consenting)
// =========================================================================================================
TEST_CASE("scenario g: the second guardian withdraws: the plan no longer applies, the case is closed") {
  Story s;
  s.On("2026-11-10");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Lilly Testsson","reserve_number":true,"birth_date":"2014-05-12"},
           "noticed_by":"school","noticed_on":"2026-11-10"})");
  const std::string mother = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Mira Testsson"})")
                                 ["representative_id"].get<std::string>();
  const std::string father = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Max Testsson"})")
                                 ["representative_id"].get<std::string>();
  s.Do(Json{{"cmd", "consent.record"}, {"given_by", mother}, {"form", "written"}, {"valid_from", "2026-11-10"}});
  const std::string fathers = s.Do(Json{{"cmd", "consent.record"}, {"given_by", father}, {"form", "written"},
                                        {"valid_from", "2026-11-10"}})["consent_id"].get<std::string>();
  s.Do(R"({"cmd":"convener.set","name":"Malin Mentor","organisation":"Testskolan","role":"other","role_text":"Mentor"})");
  const std::string school = s.Add({{"name", "Malin Mentor"}, {"organisation", "Testskolan"}, {"huvudman", "municipality"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Att Lilly trivs i skolan"}, {"meeting_at", "2026-11-20T15:00"},
            {"place", "Testskolan"}, {"invitees", {school}}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-10"})");
  s.On("2026-11-20");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"}, {"held_on", "2026-11-20"}, {"attendance", Attending({{school, "present"}})}});
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill vara med på rasterna","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Rastvärd"}, {"responsible", school}, {"goal_id", goal}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", school}, {"follow_up_on", "2027-01-28"}, {"follow_up_owner", school},
            {"child_perspective", "Lilly berättade själv vad hon vill."}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-20"})");

  // The father withdraws. A withdrawal dated tomorrow cannot be recorded yet.
  s.On("2026-12-01");
  CHECK(s.Refuse(Json{{"cmd", "consent.withdraw"}, {"consent_id", fathers}, {"withdrawn_on", "2026-12-02"},
                      {"recorded_by", "Malin Mentor"}}) == Errc::InvalidDate);
  auto w = s.Do(Json{{"cmd", "consent.withdraw"}, {"consent_id", fathers}, {"withdrawn_on", "2026-12-01"},
                     {"recorded_by", "Malin Mentor"}});
  CHECK(w["plan_no_longer_applies"] == true);   // the mother's consent alone does not carry the child's SIP
  CHECK(ConsentWithdrawnForGood(s.c, s.ctx.today));
  CHECK(Warned(s, kConsentWithdrawnCloseCase, fathers));
  CHECK(s.Refuse(Json{{"cmd", "intervention.add"}, {"what", "Ny insats"}, {"responsible", school}}) == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(Json{{"cmd", "followup.record"}, {"held_on", "2026-12-01"}, {"decision", "continue"},
                      {"next_follow_up_on", "2027-01-28"}, {"next_follow_up_owner", school}}) == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(Json{{"cmd", "consent.record"}, {"given_by", father}, {"form", "written"}, {"valid_from", "2026-12-01"}}) ==
        Errc::ConsentWithdrawn);
  s.Mark("commitments_filed", "2026-12-01", "Malin Mentor");
  CHECK(s.Refuse(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-12-01","participants_informed":true,
                     "informed_on":"2026-12-01"})") == Errc::ClosureWhereToTurnMissing);
  s.Do(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-12-01","participants_informed":true,
           "informed_on":"2026-12-01","where_to_turn":"Vårdnadshavarna kontaktar skolans elevhälsa om behovet kommer tillbaka"})");
  CHECK(s.c.step == Step::Closed);
  CHECK(ComputeWarnings(s.c, s.ctx.today).empty());
}

// =========================================================================================================
// (h) A follow-up, held early, decides to close the plan (seed 002 "Följ upp", "Avsluta", "Avvikelser")
// =========================================================================================================
TEST_CASE("scenario h: an early follow-up decides to close; a deviation is reported as proposed; the case closes") {
  Story s;
  s.On("2026-11-02");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Arvid Testsson","identity_number":"19821105-9954"},
           "noticed_by":"home_care","noticed_on":"2026-11-02"})");
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-02","valid_to":"2027-03-31"})");
  // Home care hands over; the social worker convenes on its behalf (seed 001). Home care itself would be a warning.
  auto own = s.Do(R"({"cmd":"convener.set","name":"Olle Omsorgshandledare","organisation":"Hemtjänsten Testgården",
                      "role":"omsorgshandledare"})");
  REQUIRE(own["warnings"].size() == 1);
  CHECK(own["warnings"][0]["code"] == kConvenerNotPerRoutine);
  s.Mark("contact_social_worker", "2026-11-03", "Olle Omsorgshandledare");
  auto social_convenes = s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
                                  "role":"socialsekreterare"})");
  CHECK(social_convenes["warnings"] == Json::array());
  const std::string home_care = s.Add({{"name", "Olle Omsorgshandledare"}, {"organisation", "Hemtjänsten Testgården"},
                                       {"huvudman", "municipality"}, {"role", "omsorgshandledare"}});
  const std::string social = s.Add({{"name", "Sara Socialsekreterare"}, {"organisation", "Socialtjänsten Testköping"},
                                    {"huvudman", "municipality"}, {"role", "socialsekreterare"}});
  const std::string clinic = s.Add({{"organisation", "Vårdcentralen Test"}, {"huvudman", "region"}, {"role", "sjukskoterska"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Att Arvid kan bo kvar hemma"}, {"meeting_at", "2026-11-23T10:00"},
            {"place", "Hemma"}, {"invitees", {home_care, social, clinic}}});
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-05"})");
  s.On("2026-11-23");   // day 21: on time
  auto met = s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"}, {"held_on", "2026-11-23"},
                       {"attendance", Attending({{home_care, "present"}, {social, "present"}, {clinic, "present"}})}});
  CHECK(met["proposed_deviations"] == Json::array());
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill bo kvar hemma","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  const std::string shower = s.Do(Json{{"cmd", "intervention.add"}, {"what", "Hjälp med dusch"}, {"responsible", home_care},
                                       {"goal_id", goal}})["intervention_id"].get<std::string>();
  const std::string wounds = s.Do(Json{{"cmd", "intervention.add"}, {"what", "Såromläggning"}, {"responsible", clinic},
                                       {"goal_id", goal}})["intervention_id"].get<std::string>();
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", social}, {"follow_up_on", "2027-03-01"}, {"follow_up_owner", social}});
  auto v = s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-23"})");
  CHECK(v["warnings"] == Json::array());   // the consent (to 2027-03-31) outlasts the follow-up

  // Arvid has moved to a nursing home: the coordinator convenes earlier than planned (seed 002).
  s.On("2027-02-10");
  CHECK(Warned(s, kFollowUpDue));
  auto f = s.Do(Json{{"cmd", "followup.record"}, {"held_on", "2027-02-10"}, {"decision", "close"},
                     {"new_circumstances", "Flyttat till vård- och omsorgsboende"},
                     {"goals", {{{"goal_id", goal}, {"result", "achieved"}}}},
                     {"interventions", {{{"intervention_id", shower}, {"delivered", true}},
                                        {{"intervention_id", wounds}, {"delivered", false}}}}});
  CHECK_FALSE(Warned(s, kFollowUpDue));            // held early: it counts for 2027-03-01
  CHECK(Warned(s, kCloseDecided, f["follow_up_id"].get<std::string>()));
  CHECK(Warned(s, kDeviationProposed, wounds));
  REQUIRE(f["proposed_deviations"].size() == 1);
  Json report = f["proposed_deviations"][0];
  report["cmd"] = "deviation.report";
  s.Do(report);                                     // reported as it was proposed
  CHECK(s.c.deviations.back().intervention_id == wounds);
  CHECK_FALSE(Warned(s, kDeviationProposed));
  // Closing: everyone is told, and the person knows where to turn.
  CHECK(s.Refuse(R"({"cmd":"case.close","reason":"no_longer_needed","closed_on":"2027-02-12","participants_informed":true,
                     "informed_on":"2027-02-12"})") == Errc::ClosureWhereToTurnMissing);
  CHECK(Warned(s, kCloseDecided));
  s.On("2027-02-12");
  s.Do(R"({"cmd":"case.close","reason":"no_longer_needed","closed_on":"2027-02-12","participants_informed":true,
           "informed_on":"2027-02-12","where_to_turn":"Boendets sjuksköterska eller socialtjänsten"})");
  CHECK(s.c.step == Step::Closed);
  CHECK(ComputeWarnings(s.c, s.ctx.today).empty());
}
