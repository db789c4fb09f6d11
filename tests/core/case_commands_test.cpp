// Tests for core/case_commands.h: ApplyCaseCommand driven with requests parsed from JSON, as the handler
// gets them. Every guard and every error code a case command can return has a test here that would fail
// without that guard; every refusal is also checked to leave the case byte-for-byte unchanged.
//
// The context is fixed: today 2026-11-22, actor "Testa Testsson", new case id "c-1". The plan owner is an
// adult with a valid personnummer from the shared test list (19821105-9954); the child is recorded by a
// reserve identity (the list holds no valid number of someone under 18 on 2026-11-22).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_commands.h"
#include "core/deadlines.h"
#include "core/rules.h"

using namespace sip;

namespace {

const CommandContext kCtx{{2026, 11, 22}, "Testa Testsson", "c-1"};

std::string Dump(const Case& c) { return Json(c).dump(); }

// `j` as the handler would see it: parsed into a Request, with the case id filled in when missing.
Request Req(Json j) {
  if (j.value("cmd", "") != "case.create" && !j.contains("case_id")) j["case_id"] = "c-1";
  auto r = ParseRequest(j);
  REQUIRE(r.ok());
  return *r;
}

std::string Describe(const Error& e) { return std::string(ErrorCode(e.code)) + " (" + e.detail + ")"; }

// One case, driven command by command.
struct Sip {
  Case c;
  CommandContext ctx = kCtx;
  Error last_error;

  // Applies a command that must be accepted; the case moves on. Returns the outcome.
  CaseOutcome Do(const Json& j) {
    Request r = Req(j);
    auto out = ApplyCaseCommand(r.cmd == "case.create" ? nullptr : &c, r, ctx);
    INFO(j.dump());
    REQUIRE_MESSAGE(out.ok(), (out ? std::string() : Describe(out.error())));
    c = out->state;
    return *out;
  }
  CaseOutcome Do(const char* text) { return Do(Json::parse(text)); }

  // Applies a command that must be refused; checks that the case did not change. Returns the code.
  Errc Refuse(const Json& j) {
    Request r = Req(j);
    const std::string before = Dump(c);
    auto out = ApplyCaseCommand(r.cmd == "case.create" ? nullptr : &c, r, ctx);
    INFO(j.dump());
    REQUIRE_MESSAGE(!out.ok(), "accepted");
    CHECK(Dump(c) == before);
    last_error = out.error();
    return out.error().code;
  }
  Errc Refuse(const char* text) { return Refuse(Json::parse(text)); }
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures. Ids are handed out in order by the case, so they are stable:
//   r1 (a relative), p2 home care, p3 the social worker, p4 the health centre, g5 main goal, g6 sub-goal,
//   i7 home care's intervention, i8 the district nurse's, k9 the person's consent (valid for a year).
// ---------------------------------------------------------------------------------------------------------
constexpr const char* kCreate = R"({"cmd":"case.create",
  "owner":{"name":"Astrid Testsson","identity_number":"19821105-9954","address":"Testgatan 1, Testköping"},
  "noticed_by":"home_care","noticed_on":"2026-11-16"})";

Sip Created() {
  Sip s;
  s.Do(kCreate);
  return s;
}

// Everything a plan needs, but still at need_detected; `consent` adds the person's consent (k9).
Sip Complete(bool consent = true) {
  Sip s = Created();
  REQUIRE(s.Do(R"({"cmd":"representative.add","role":"relative","name":"Rut Testsson"})")
              .result["representative_id"] == "r1");
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
           "role":"socialsekreterare"})");
  REQUIRE(s.Do(R"({"cmd":"participant.add","organisation":"Hemtjänsten Testgården","huvudman":"municipality",
                   "role":"omsorgshandledare","name":"Olle Omsorg"})")
              .result["participant_id"] == "p2");
  REQUIRE(s.Do(R"({"cmd":"participant.add","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
                   "huvudman":"municipality","role":"socialsekreterare"})")
              .result["participant_id"] == "p3");
  REQUIRE(s.Do(R"({"cmd":"participant.add","organisation":"Vårdcentralen Test","huvudman":"region",
                   "role":"sjukskoterska"})")
              .result["participant_id"] == "p4");
  s.Do(R"({"cmd":"invitation.update","purpose":"Att Astrid kan bo kvar hemma","questions":["Hur ska duschen ordnas?"],
           "meeting_at":"2026-12-01T10:00","place":"Hemma hos Astrid","invitees":["p2","p3","p4"]})");
  REQUIRE(s.Do(R"({"cmd":"goal.add","text":"Jag vill bo kvar hemma","persons_own_words":true})")
              .result["goal_id"] == "g5");
  REQUIRE(s.Do(R"({"cmd":"goal.add","text":"Duscha två gånger i veckan","parent_id":"g5"})").result["goal_id"] == "g6");
  REQUIRE(s.Do(R"({"cmd":"intervention.add","what":"Hjälp med dusch","responsible":"p2","goal_id":"g6",
                   "frequency":"tisdag och fredag","home_care_commitment":true})")
              .result["intervention_id"] == "i7");
  REQUIRE(s.Do(R"({"cmd":"intervention.add","what":"Såromläggning","responsible":"p4"})")
              .result["intervention_id"] == "i8");
  s.Do(R"({"cmd":"plan.update","coordinator":"p3","follow_up_on":"2027-02-15","follow_up_owner":"p3",
           "what_to_follow_up":"Duschen och såren"})");
  if (consent)
    REQUIRE(s.Do(R"({"cmd":"consent.record","given_by":"person","form":"oral","documented_by":"Olle Omsorg",
                     "documented_on":"2026-11-16","valid_from":"2026-11-16","valid_to":"2027-11-16",
                     "covers":["Socialtjänsten","Vårdcentralen"]})")
                .result["consent_id"] == "k9");
  return s;
}

constexpr const char* kMeeting = R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","attendance":[
  {"participant_id":"p2","attendance":"present"},{"participant_id":"p3","attendance":"present"},
  {"participant_id":"p4","attendance":"present"}]})";

Sip Prepared() {
  Sip s = Complete();
  s.Do(R"({"cmd":"preparation.start"})");
  return s;
}
Sip Invited() {
  Sip s = Prepared();
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
  return s;
}
Sip Met() {
  Sip s = Invited();
  s.Do(kMeeting);
  return s;
}
Sip Established() {
  Sip s = Met();
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})");
  return s;
}
Sip Closed() {
  Sip s = Established();
  s.Do(R"({"cmd":"case.close","where_to_turn":"Ring hemtjänsten","reason":"goals_met","closed_on":"2026-11-22","participants_informed":true,
           "informed_on":"2026-11-22"})");
  return s;
}

// Met on 2026-12-08, day 22 after the need (2026-11-16): proposal dp10 (guideline_not_followed) is open.
Sip MetLate() {
  Sip s = Invited();
  Json j = Json::parse(kMeeting);
  j["held_on"] = "2026-12-08";
  s.Do(j);
  REQUIRE(s.c.deviation_proposals.size() == 1);
  REQUIRE(s.c.deviation_proposals[0].id == "dp10");
  return s;
}

// A child (reserve identity) with two guardians r1 and r2, nothing else.
Sip ChildCreated() {
  Sip s;
  s.Do(R"({"cmd":"case.create","owner":{"name":"Lilly Testsson","reserve_number":true,"birth_date":"2014-05-12"},
           "noticed_by":"school","noticed_on":"2026-11-16"})");
  REQUIRE(s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Mamma Testsson"})").result["representative_id"] == "r1");
  REQUIRE(s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Pappa Testsson"})").result["representative_id"] == "r2");
  return s;
}

// Every case command, with arguments that are accepted in the state the builder makes.
using Builder = Sip (*)();
struct Row {
  const char* cmd;
  Builder state;
  const char* args;
};

Sip NoCase() { return Sip{}; }
Sip CompleteWithoutConsent() { return Complete(false); }
Sip CompleteWithConsent() { return Complete(true); }

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      {"case.create", NoCase,
       R"({"owner":{"name":"Astrid Testsson","identity_number":"19821105-9954"},"noticed_by":"home_care",
           "noticed_on":"2026-11-16","form":"sip","kind":"new","level":"sip","scenario":"home_care_detects",
           "ready_for_discharge_on":"2026-11-15"})"},
      {"case.update", CompleteWithConsent,
       R"({"form":"sip","noticed_by":"home_care","kind":"follow_up","level":"sip_plus","scenario":"home_care_detects",
           "previous_sip":"SIP 2025"})"},
      {"owner.update", CompleteWithConsent, R"({"phone":"070-000 00 00","identity_number":"198211059954"})"},
      {"representative.add", CompleteWithConsent, R"({"role":"god_man","name":"Gustav God","phone":"070-1"})"},
      {"representative.remove", CompleteWithConsent, R"({"representative_id":"r1"})"},
      {"consent.record", CompleteWithConsent,
       R"({"given_by":"person","form":"written","valid_from":"2026-11-22","valid_to":"2027-11-22",
           "documented_on":"2026-11-22","documented_by":"Olle Omsorg","covers":["Hemtjänsten"],"exclusions":["Ekonomin"]})"},
      {"consent.withdraw", CompleteWithConsent, R"({"consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"Olle Omsorg"})"},
      {"consent.refuse", CompleteWithoutConsent,
       R"({"refused_on":"2026-11-20","refused_by":"person","attempts":["Samtal 2026-11-18"],"documented_by":"Olle Omsorg"})"},
      {"convener.set", CompleteWithConsent, R"({"name":"Vera Vårdcentral","organisation":"Vårdcentralen Test"})"},
      {"participant.add", CompleteWithConsent,
       R"({"name":"Filip Försäkring","organisation":"Försäkringskassan","huvudman":"other","status":"confirmed"})"},
      {"participant.update", CompleteWithConsent,
       R"({"participant_id":"p4","status":"substitute","substitute":"Doris Distrikt"})"},
      {"preparation.start", CompleteWithConsent, R"({})"},
      {"preparation.update", CompleteWithConsent,
       R"({"what_matters":"Att få bo kvar hemma med min katt","questions":["Dusch?"],"wished_attendees":["Rut"],
           "participation":"in_person","meeting_place_wish":"Hemma","meeting_leader":"Sara","not_to_discuss":["Arvet"]})"},
      {"mapping.update", CompleteWithConsent,
       R"({"area":"personal_care","person_view":"Duschen är svår","interventions":[{"party":"Hemtjänsten","description":"Morgonhjälp"}]})"},
      {"invitation.update", CompleteWithConsent, R"({"place":"Träffpunkten Test","meeting_at":"2026-12-02T13:30"})"},
      {"invitation.send", Prepared, R"({"sent_on":"2026-11-22"})"},
      {"meeting.record", Invited,
       R"({"held_on":"2026-12-01","leader":"Sara","documenter":"Olle","notes":"Bra möte","participation":"video",
           "agenda":[{"name":"Laget runt","planned_minutes":15}],
           "attendance":[{"participant_id":"p2","attendance":"present"},{"participant_id":"p3","attendance":"absent_with_notice"},
                         {"participant_id":"p4","attendance":"present"}]})"},
      {"goal.add", CompleteWithConsent, R"({"text":"Gå till affären själv","parent_id":"g5","status":"active"})"},
      {"goal.update", CompleteWithConsent, R"({"goal_id":"g6","text":"Duscha tre gånger i veckan","status":"partly_achieved"})"},
      {"intervention.add", CompleteWithConsent,
       R"({"what":"Promenad","responsible":"p2","start_date":"2026-12-02","frequency":"dagligen","place":"Hemma",
           "goal_id":"g5","status":"planned","home_care_commitment":true})"},
      {"intervention.update", CompleteWithConsent, R"({"intervention_id":"i8","status":"ongoing","start_date":"2026-12-03"})"},
      {"plan.update", CompleteWithConsent,
       R"({"coordinator":"p2","child_perspective":"","follow_up_on":"2027-03-01","follow_up_owner":"p2",
           "what_to_follow_up":"Allt","handed_to_person_on":"2026-12-03"})"},
      {"other_actor.add", CompleteWithConsent, R"({"actor":"Försäkringskassan","action":"Utreder aktivitetsersättning"})"},
      {"other_plan.add", CompleteWithConsent, R"({"kind":"implementation_plan","note":"Genomförandeplan hemtjänst"})"},
      {"plan.establish", Met, R"({"established_on":"2026-12-01"})"},
      {"followup.record", Established,
       R"({"held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3","new_circumstances":"Inga",
           "goals":[{"goal_id":"g6","result":"achieved","comment":"Fungerar"}],
           "interventions":[{"intervention_id":"i7","delivered":true,"effect":"Bra"}]})"},
      {"case.close", CompleteWithConsent,
       R"({"reason":"no_longer_needed","closed_on":"2026-11-22","participants_informed":true,"informed_on":"2026-11-22",
           "where_to_turn":"Ring hemtjänsten"})"},
      {"deviation.report", CompleteWithConsent,
       R"({"kind":"parties_disagree","description":"Oenighet om ansvaret för dusch","occurred_on":"2026-11-21",
           "reported_by":"Olle Omsorg","participant_id":"p4","temporary_responsibility":"Hemtjänsten tills vidare"})"},
      {"deviation.dismiss", MetLate, R"({"proposal_id":"dp10","reason":"Den enskilde bad om ett senare möte","dismissed_by":"Sara Socialsekreterare"})"},
      {"checklist.mark", CompleteWithConsent, R"({"item":"consult_manager","done_on":"2026-11-16","done_by":"Olle Omsorg"})"},
  };
  return rows;
}

const Row& RowFor(std::string_view cmd) {
  for (const auto& r : Rows())
    if (r.cmd == cmd) return r;
  FAIL("no row for " << std::string(cmd));
  return Rows().front();
}

Json RowJson(const Row& r) {
  Json j = Json::parse(r.args);
  j["cmd"] = r.cmd;
  return j;
}

// The row's command with one member (a JSON pointer into the arguments) replaced.
Json RowWith(std::string_view cmd, const char* pointer, Json value) {
  Json j = RowJson(RowFor(cmd));
  j[Json::json_pointer(pointer)] = std::move(value);
  return j;
}

// The row's command with one member removed (a top-level argument).
Json RowWithout(std::string_view cmd, const char* key) {
  Json j = RowJson(RowFor(cmd));
  REQUIRE(j.erase(key) == 1);
  return j;
}

Sip StateFor(std::string_view cmd) { return RowFor(cmd).state(); }

// Withdraws every consent in force (recording one first when there is none), so only case.close,
// deviation.report and checklist.mark remain.
void WithdrawAll(Sip& s) {
  if (ConsentsInForce(s.c, s.ctx.today).empty())
    s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-22"})");
  std::vector<std::string> ids;
  for (const Consent* k : ConsentsInForce(s.c, s.ctx.today)) ids.push_back(k->id);
  for (const auto& id : ids)
    s.Do(Json{{"cmd", "consent.withdraw"}, {"consent_id", id}, {"withdrawn_on", "2026-11-22"}, {"recorded_by", "Olle Omsorg"}});
  REQUIRE(ConsentWithdrawnForGood(s.c, s.ctx.today));
}

// Moves today past the end of the person's consent (k9, valid to 2027-11-16): it ran out, nobody withdrew it.
void Expire(Sip& s) {
  s.ctx.today = {2028, 1, 10};
  REQUIRE(ConsentsInForce(s.c, s.ctx.today).empty());
  REQUIRE_FALSE(ConsentWithdrawnForGood(s.c, s.ctx.today));
}

bool HasStepChange(const CaseOutcome& o, const char* from, const char* to) {
  return std::any_of(o.events.begin(), o.events.end(), [&](const Event& e) {
    return e.type == "case.step_changed" && e.data == Json{{"from", from}, {"to", to}};
  });
}

}  // namespace

// =========================================================================================================
// The catalogue, every command accepted once, and the generic guards
// =========================================================================================================
TEST_CASE("case commands: the test table covers the whole catalogue, in order") {
  const auto& cat = CaseCommandCatalogue();
  REQUIRE(cat.size() == Rows().size());
  for (size_t i = 0; i < cat.size(); ++i) {
    CHECK(cat[i].name == Rows()[i].cmd);
    CHECK_FALSE(cat[i].summary.empty());
    CHECK(IsCaseCommand(cat[i].name));
  }
  CHECK_FALSE(IsCaseCommand("case.get"));
  CHECK_FALSE(IsCaseCommand("settings.set"));
}

TEST_CASE("case commands: every command is accepted in its state; first event is the command, result has case_id and step") {
  for (const auto& row : Rows()) {
    CAPTURE(std::string(row.cmd));
    Sip s = row.state();
    auto out = s.Do(RowJson(row));
    REQUIRE_FALSE(out.events.empty());
    CHECK(out.events[0].type == row.cmd);
    if (std::string_view(row.cmd) != "case.create") CHECK_FALSE(out.events[0].data.contains("case_id"));
    CHECK_FALSE(out.events[0].data.contains("cmd"));
    CHECK(out.result["case_id"] == "c-1");
    CHECK(out.result["step"] == Json(out.state.step));
    for (size_t i = 1; i < out.events.size(); ++i) CHECK(out.events[i].type == "case.step_changed");
  }
}

TEST_CASE("case commands: an unknown field is invalid_argument naming it, for every command") {
  for (const auto& row : Rows()) {
    CAPTURE(std::string(row.cmd));
    Sip s = row.state();
    Json j = RowJson(row);
    j["zz_unknwon"] = 1;
    CHECK(s.Refuse(j) == Errc::InvalidArgument);
    CHECK(s.last_error.detail == "unknown field zz_unknwon");
  }
}

TEST_CASE("case commands: unknown fields inside nested objects and list items are refused too") {
  Sip s;
  CHECK(s.Refuse(RowWith("case.create", "/owner/persnummer", "19821105-9954")) == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "unknown field persnummer");
  Sip inv = Invited();
  CHECK(inv.Refuse(RowWith("meeting.record", "/attendance/0/present", true)) == Errc::InvalidArgument);
  CHECK(inv.last_error.detail == "unknown field present");
  Sip est = Established();
  CHECK(est.Refuse(RowWith("followup.record", "/interventions/0/delivred", true)) == Errc::InvalidArgument);
  Sip c = Complete();
  CHECK(c.Refuse(RowWith("mapping.update", "/interventions/0/who", "Hemtjänsten")) == Errc::InvalidArgument);
}

TEST_CASE("case commands: a misspelt enum value is invalid_argument naming the field") {
  struct Bad {
    const char* cmd;
    const char* pointer;
    const char* detail;
  };
  const Bad bad[] = {
      {"case.create", "/form", "form"},
      {"case.create", "/noticed_by", "noticed_by"},
      {"case.create", "/kind", "kind"},
      {"case.create", "/level", "level"},
      {"case.create", "/scenario", "scenario"},
      {"case.update", "/level", "level"},
      {"representative.add", "/role", "role"},
      {"consent.record", "/form", "form"},
      {"participant.add", "/huvudman", "huvudman"},
      {"participant.add", "/status", "status"},
      {"participant.update", "/status", "status"},
      {"preparation.update", "/participation", "participation"},
      {"mapping.update", "/area", "area"},
      {"meeting.record", "/attendance/1/attendance", "attendance"},
      {"meeting.record", "/participation", "participation"},
      {"convener.set", "/role", "role"},
      {"participant.add", "/role", "role"},
      {"goal.add", "/status", "status"},
      {"goal.update", "/status", "status"},
      {"intervention.add", "/status", "status"},
      {"intervention.update", "/status", "status"},
      {"other_plan.add", "/kind", "kind"},
      {"followup.record", "/decision", "decision"},
      {"followup.record", "/goals/0/result", "result"},
      {"case.close", "/reason", "reason"},
      {"deviation.report", "/kind", "kind"},
      {"checklist.mark", "/item", "item"},
  };
  for (const auto& b : bad) {
    CAPTURE(std::string(b.cmd));
    CAPTURE(std::string(b.pointer));
    for (const char* spelling : {"Oral_typo", "", "PRESENT"}) {
      Sip s = StateFor(b.cmd);
      CHECK(s.Refuse(RowWith(b.cmd, b.pointer, spelling)) == Errc::InvalidArgument);
      CHECK(s.last_error.detail == b.detail);
    }
    Sip s = StateFor(b.cmd);
    CHECK(s.Refuse(RowWith(b.cmd, b.pointer, 3)) == Errc::InvalidArgument);   // not a string at all
  }
  SUBCASE("the first value of an enum without an 'unknown' is still a valid spelling") {
    Sip s = Complete();
    s.Do(RowWith("mapping.update", "/area", "perceived_health"));
    CHECK(s.c.mapping.front().area == LifeArea::PerceivedHealth);
  }
}

TEST_CASE("case commands: wrong types and missing required arguments are invalid_argument") {
  Sip s = Complete();
  CHECK(s.Refuse(RowWith("goal.add", "/text", 5)) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWith("goal.add", "/persons_own_words", "yes")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWith("preparation.update", "/questions", "en fråga")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWith("preparation.update", "/questions/0", 1)) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWith("goal.add", "/text", "bad\x01text")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("representative.add", "name")) == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "name");
  CHECK(s.Refuse(RowWithout("representative.add", "role")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("consent.record", "given_by")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("consent.record", "valid_from")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("other_actor.add", "action")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("checklist.mark", "item")) == Errc::InvalidArgument);
  CHECK(s.Refuse(RowWithout("checklist.mark", "done_by")) == Errc::InvalidArgument);   // done_on without who
  CHECK(s.Refuse(RowWithout("case.close", "closed_on")) == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"participant.add","huvudman":"region"})") == Errc::InvalidArgument);   // no name or organisation
  CHECK(s.Refuse(R"({"cmd":"participant.update","participant_id":"p2","status":"substitute"})") == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "substitute");
  CHECK(s.Refuse(R"({"cmd":"convener.set","role":"socialsekreterare","name":"","organisation":""})") == Errc::InvalidArgument);
  Sip inv = Invited();
  CHECK(inv.Refuse(RowWith("meeting.record", "/agenda/0/planned_minutes", 0)) == Errc::InvalidArgument);
  CHECK(inv.Refuse(RowWith("meeting.record", "/agenda/0/planned_minutes", 481)) == Errc::InvalidArgument);
  CHECK(inv.Refuse(RowWith("meeting.record", "/agenda/0/planned_minutes", "15")) == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"case.update","noticed_on":""})") == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"A","identity_number":"19821105-9954"},"noticed_by":"home_care"})") ==
        Errc::InvalidArgument);   // no noticed_on
  CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"A","identity_number":"19821105-9954"},"noticed_on":"2026-11-16"})") ==
        Errc::InvalidArgument);   // no noticed_by
  CHECK(s.Refuse(R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "owner");
  CHECK(s.Refuse(R"({"cmd":"consent.refuse","refused_on":"2026-11-20","refused_by":"person","attempts":[],
                     "documented_by":"Olle"})") == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "attempts");
  SUBCASE("followup.record needs an answer for 'delivered' (a missing one must not read as 'not delivered')") {
    Sip e = Established();
    Json j = RowJson(RowFor("followup.record"));
    j["interventions"][0].erase("delivered");
    CHECK(e.Refuse(j) == Errc::InvalidArgument);
    CHECK(e.last_error.detail == "delivered");
  }
}

TEST_CASE("case commands: an unknown command and a missing case") {
  Case c = Complete().c;
  CHECK(ApplyCaseCommand(&c, Req(Json{{"cmd", "case.frobnicate"}}), kCtx).error().code == Errc::UnknownCommand);
  CHECK(ApplyCaseCommand(nullptr, Req(Json{{"cmd", "goal.add"}, {"text", "x"}}), kCtx).error().code == Errc::CaseNotFound);
  CommandContext no_id = kCtx;
  no_id.new_case_id = "";
  CHECK(ApplyCaseCommand(nullptr, Req(Json::parse(kCreate)), no_id).error().code == Errc::Internal);
}

TEST_CASE("case commands: case_closed for every command on a closed case") {
  for (const auto& row : Rows()) {
    if (std::string_view(row.cmd) == "case.create") continue;
    CAPTURE(std::string(row.cmd));
    Sip s = Closed();
    CHECK(s.Refuse(RowJson(row)) == Errc::CaseClosed);
  }
  SUBCASE("also after a refusal closed the case") {
    Sip s = Complete(false);
    s.Do(RowJson(RowFor("consent.refuse")));
    REQUIRE(s.c.step == Step::Closed);
    CHECK(s.Refuse(R"({"cmd":"checklist.mark","item":"consult_manager","done_on":"","done_by":""})") == Errc::CaseClosed);
    CHECK(s.Refuse(RowJson(RowFor("case.close"))) == Errc::CaseClosed);
  }
}

TEST_CASE("case commands: consent_withdrawn for every command but case.close, deviation.report/.dismiss and checklist.mark") {
  for (const auto& row : Rows()) {
    const std::string_view cmd = row.cmd;
    if (cmd == "case.create") continue;
    CAPTURE(std::string(row.cmd));
    Sip s = row.state();
    WithdrawAll(s);
    if (cmd == "case.close" || cmd == "deviation.report" || cmd == "deviation.dismiss" || cmd == "checklist.mark") {
      auto out = s.Do(RowJson(row));
      CHECK(out.events[0].type == cmd);
    } else {
      CHECK(s.Refuse(RowJson(row)) == Errc::ConsentWithdrawn);
    }
  }
}

TEST_CASE("case commands: after withdrawal the case closes with reason consent_withdrawn") {
  Sip s = Established();
  auto w = s.Do(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"Olle Omsorg"})");
  CHECK(w.result["plan_no_longer_applies"] == true);
  CHECK(s.c.consents[0].withdrawn_on == "2026-11-22");
  CHECK(s.c.consents[0].withdrawal_recorded_by == "Olle Omsorg");
  CHECK(s.Refuse(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"x"})") ==
        Errc::ConsentWithdrawn);
  auto out = s.Do(R"({"cmd":"case.close","where_to_turn":"Ring hemtjänsten","reason":"consent_withdrawn","closed_on":"2026-11-22","participants_informed":true,
                      "informed_on":"2026-11-22"})");
  CHECK(s.c.step == Step::Closed);
  CHECK(s.c.closure.reason == ClosureReason::ConsentWithdrawn);
  CHECK(HasStepChange(out, "follow_up", "closed"));
  CHECK(s.c.versions.size() == 1);   // the established version stays on record
}

TEST_CASE("case commands: a withdrawal with another consent in force keeps the case open") {
  Sip s = Complete();
  s.Do(R"({"cmd":"representative.add","role":"forvaltare","name":"Fia Förvaltare"})");   // r10
  REQUIRE(s.Do(R"({"cmd":"consent.record","given_by":"r10","form":"written","valid_from":"2026-11-20"})").result["consent_id"] == "k11");
  auto w = s.Do(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"Olle"})");
  CHECK(w.result["plan_no_longer_applies"] == false);
  s.Do(R"({"cmd":"preparation.start"})");   // not consent_withdrawn
  CHECK(s.Refuse(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"Olle"})") ==
        Errc::InvalidArgument);   // already withdrawn
  CHECK(s.last_error.detail == "already withdrawn");
  CHECK(s.Refuse(R"({"cmd":"case.close","where_to_turn":"Ring hemtjänsten","reason":"consent_withdrawn","closed_on":"2026-11-22","participants_informed":true,
                     "informed_on":"2026-11-22"})") == Errc::InvalidArgument);
}

TEST_CASE("case commands: case.close with reason consent_withdrawn needs a withdrawal") {
  Sip s = Established();
  CHECK(s.Refuse(RowWith("case.close", "/reason", "consent_withdrawn")) == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "no consent has been withdrawn");
}

// =========================================================================================================
// The state machine: wrong_step for every transition from every wrong step
// =========================================================================================================
TEST_CASE("case commands: wrong_step for each transition from each wrong step") {
  // Each transition command, and the steps it is accepted from. Every fixture has a complete plan,
  // invitation and consent, so without the step guard each of these would be accepted.
  struct Transition {
    const char* cmd;
    Json args;
    std::vector<Step> from;
  };
  const std::vector<Transition> transitions = {
      {"preparation.start", Json::object(), {Step::NeedDetected}},
      {"invitation.send", Json{{"sent_on", "2026-11-22"}}, {Step::Preparation}},
      {"meeting.record", Json::parse(kMeeting), {Step::Invitation}},
      {"plan.establish", Json{{"established_on", "2026-12-01"}}, {Step::Meeting}},
      {"followup.record", Json{{"held_on", "2027-02-15"}, {"decision", "continue"}, {"next_follow_up_on", "2027-05-15"}, {"next_follow_up_owner", "p3"}}, {Step::FollowUp}},
  };
  const std::vector<std::pair<Step, Builder>> states = {
      {Step::NeedDetected, CompleteWithConsent}, {Step::Preparation, Prepared}, {Step::Invitation, Invited},
      {Step::Meeting, Met}, {Step::FollowUp, Established}};
  for (const auto& t : transitions) {
    for (const auto& state : states) {
      const Step step = state.first;   // (no structured bindings: CAPTURE's lambda cannot use them in clang 14)
      const Builder build = state.second;
      CAPTURE(std::string(t.cmd));
      CAPTURE(Json(step).dump());
      Sip s = build();
      REQUIRE(s.c.step == step);
      Json j = t.args;
      j["cmd"] = t.cmd;
      if (std::find(t.from.begin(), t.from.end(), step) != t.from.end()) {
        s.Do(j);
      } else {
        CHECK(s.Refuse(j) == Errc::WrongStep);
        if (!(step == Step::FollowUp && std::string_view(t.cmd) == "plan.establish"))
          CHECK(s.last_error.detail == Json(step).get<std::string>());
      }
    }
  }
}

TEST_CASE("case commands: wrong_step detail names the current step") {
  Sip s = Met();
  CHECK(s.Refuse(R"({"cmd":"preparation.start"})") == Errc::WrongStep);
  CHECK(s.last_error.detail == "meeting");
}

TEST_CASE("case commands: consent.refuse is wrong_step once the invitation is sent") {
  // The consent ran out: without the step guard, a refusal would be accepted at these steps.
  for (Builder build : {Invited, Met, Established}) {
    Sip s = build();
    Expire(s);
    CAPTURE(Json(s.c.step).dump());
    CHECK(s.Refuse(RowJson(RowFor("consent.refuse"))) == Errc::WrongStep);
  }
  Sip prepared = Complete(false);
  prepared.Do(R"({"cmd":"preparation.start"})");
  auto out = prepared.Do(RowJson(RowFor("consent.refuse")));
  CHECK(HasStepChange(out, "preparation", "closed"));
}

TEST_CASE("case commands: invitation.update is wrong_step once the invitation is sent") {
  Sip s = Invited();
  CHECK(s.Refuse(R"({"cmd":"invitation.update","place":"Annan plats"})") == Errc::WrongStep);
  CHECK(s.last_error.detail == "invitation already sent");
}

TEST_CASE("case commands: plan.establish at follow_up needs a 'revise' decision since the last version") {
  Sip s = Established();
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2027-02-15"})") == Errc::WrongStep);
  s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3"})");
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2027-02-15"})") == Errc::WrongStep);
  s.Do(R"({"cmd":"followup.record","held_on":"2027-05-15","decision":"revise","next_follow_up_on":"2027-08-15","next_follow_up_owner":"p3"})");
  auto out = s.Do(R"({"cmd":"plan.establish","established_on":"2027-05-20"})");
  CHECK(out.result["version"] == 2);
  CHECK(out.events.size() == 1);   // follow_up → follow_up: no step change
  CHECK(s.c.step == Step::FollowUp);
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2027-05-21"})") == Errc::WrongStep);
}

TEST_CASE("case commands: the transitions record case.step_changed events") {
  Sip s = Complete();
  auto a = s.Do(R"({"cmd":"preparation.start"})");
  REQUIRE(a.events.size() == 2);
  CHECK(a.events[0].type == "preparation.start");
  CHECK(a.events[1].type == "case.step_changed");
  CHECK(a.events[1].data == Json{{"from", "need_detected"}, {"to", "preparation"}});
  CHECK(a.result["step"] == "preparation");
  CHECK(HasStepChange(s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})"), "preparation", "invitation"));
  CHECK(HasStepChange(s.Do(kMeeting), "invitation", "meeting"));
  CHECK(HasStepChange(s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})"), "meeting", "follow_up"));
  auto f = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3"})");
  CHECK(f.events.size() == 1);
  CHECK(HasStepChange(s.Do(RowJson(RowFor("case.close"))), "follow_up", "closed"));
  SUBCASE("commands that do not move have only their own event") {
    Sip c = Complete();
    CHECK(c.Do(RowJson(RowFor("goal.add"))).events.size() == 1);
  }
}

TEST_CASE("case commands: case.close works from every open step") {
  for (Builder build : {CompleteWithConsent, Prepared, Invited, Met, Established}) {
    Sip s = build();
    const Step from = s.c.step;
    auto out = s.Do(RowJson(RowFor("case.close")));
    CHECK(s.c.step == Step::Closed);
    CHECK(HasStepChange(out, Json(from).get<std::string>().c_str(), "closed"));
    CHECK(s.c.closure.reason == ClosureReason::NoLongerNeeded);
    CHECK(s.c.closure.participants_informed);
    CHECK(s.c.closure.where_to_turn == "Ring hemtjänsten");
  }
}

// =========================================================================================================
// case.create, case.update, owner.update: owner_incomplete, invalid_identity_number, invalid_date
// =========================================================================================================
TEST_CASE("case commands: case.create fills defaults, the checklist and the default agenda") {
  Sip s;
  auto out = s.Do(kCreate);
  CHECK(out.result["case_id"] == "c-1");
  CHECK(out.result["step"] == "need_detected");
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].type == "case.create");
  CHECK(out.events[0].data["case_id"] == "c-1");   // the result's members are added to the event
  const Case& c = s.c;
  CHECK(c.id == "c-1");
  CHECK(c.created_on == "2026-11-22");
  CHECK(c.step == Step::NeedDetected);
  CHECK(c.form == CollaborationForm::Sip);
  CHECK(c.kind == SipKind::New);
  CHECK(c.level == CoordinationLevel::Sip);
  CHECK(c.scenario == ConveningScenario::HomeCareDetects);
  CHECK(c.owner.identity_number == "198211059954");
  CHECK(c.owner.birth_date == "1982-11-05");
  CHECK_FALSE(c.owner.reserve_number);
  REQUIRE(c.checklist.size() == kChecklistCount);
  for (int i = 0; i < kChecklistCount; ++i) {
    CHECK(c.checklist[i].item == static_cast<ChecklistItem>(i));
    CHECK(c.checklist[i].done_on.empty());
  }
  CHECK(Json(c.meeting.agenda) == Json(DefaultAgenda()));
  CHECK(c.next_id == 1);
}

TEST_CASE("case commands: case.create derives the scenario from who noticed the need") {
  const std::pair<const char*, ConveningScenario> rows[] = {
      {"home_care", ConveningScenario::HomeCareDetects},
      {"regional_health_care", ConveningScenario::RegionConvenes},
      {"municipal_health_care", ConveningScenario::MunicipalHealthConvenes},
      {"social_services", ConveningScenario::SocialServicesConvenes},
      {"individual", ConveningScenario::SocialServicesConvenes},
  };
  for (const auto& [by, scenario] : rows) {
    Json j = RowJson(RowFor("case.create"));
    j.erase("scenario");
    j.erase("ready_for_discharge_on");   // at discharge the region convenes whoever noticed (tested below)
    j["noticed_by"] = by;
    Sip s;
    s.Do(j);
    CHECK(s.c.scenario == scenario);
  }
  Sip given;
  given.Do(RowWith("case.create", "/scenario", "region_convenes"));
  CHECK(given.c.scenario == ConveningScenario::RegionConvenes);
  CHECK(given.c.ready_for_discharge_on == "2026-11-15");
}

TEST_CASE("case commands: owner_incomplete") {
  Sip s;
  SUBCASE("no name") {
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"identity_number":"19821105-9954"},"noticed_by":"home_care",
                       "noticed_on":"2026-11-16"})") == Errc::OwnerIncomplete);
    CHECK(s.last_error.detail == "name");
  }
  SUBCASE("neither identity number nor birth date") {
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"Astrid Testsson"},"noticed_by":"home_care",
                       "noticed_on":"2026-11-16"})") == Errc::OwnerIncomplete);
    CHECK(s.last_error.detail == "identity_number");
  }
  SUBCASE("a birth date alone is not an identity unless it is a reserve identity") {
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"Astrid Testsson","birth_date":"1982-11-05"},
                       "noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::OwnerIncomplete);
  }
  SUBCASE("a reserve identity without a birth date") {
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"Astrid Testsson","reserve_number":true},
                       "noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::OwnerIncomplete);
    CHECK(s.last_error.detail == "birth_date");
  }
  SUBCASE("a reserve identity without a name") {
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"reserve_number":true,"birth_date":"2014-05-12"},
                       "noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::OwnerIncomplete);
    CHECK(s.last_error.detail == "name");
  }
  SUBCASE("owner.update that blanks the name") {
    Sip c = Created();
    CHECK(c.Refuse(R"({"cmd":"owner.update","name":""})") == Errc::OwnerIncomplete);
  }
}

TEST_CASE("case commands: invalid_identity_number, with a detail that carries no digit") {
  // Rows marked invalid in the shared personnummer list.
  for (const char* number : {"19870704-9996", "20150916-0006", "19390182-9913", "20121075-9984", "19821105-9953", "1982-11-05"}) {
    CAPTURE(std::string(number));
    Sip s;
    CHECK(s.Refuse(RowWith("case.create", "/owner/identity_number", number)) == Errc::InvalidIdentityNumber);
    CHECK(s.last_error.detail.find_first_of("0123456789") == std::string::npos);
    Sip c = Created();
    CHECK(c.Refuse(Json{{"cmd", "owner.update"}, {"identity_number", number}}) == Errc::InvalidIdentityNumber);
  }
}

TEST_CASE("case commands: valid numbers from the shared list are normalised, the birth date derived") {
  const std::pair<const char*, const char*> rows[] = {
      {"19821105-9954", "1982-11-05"}, {"8211059954", "1982-11-05"}, {"19901211-9948", "1990-12-11"},
      {"20001209-9891", "2000-12-09"}, {"19730674-9982", "1973-06-14"},   // samordningsnummer: day + 60
  };
  for (const auto& row : rows) {
    const char* number = row.first;
    const char* birth = row.second;
    CAPTURE(std::string(number));
    Sip s;
    s.Do(RowWith("case.create", "/owner/identity_number", number));
    CHECK(s.c.owner.identity_number.size() == 12);
    CHECK(s.c.owner.birth_date == birth);
  }
}

TEST_CASE("case commands: a reserve identity keeps the birth date and no number") {
  Sip s = ChildCreated();
  CHECK(s.c.owner.reserve_number);
  CHECK(s.c.owner.identity_number.empty());
  CHECK(s.c.owner.birth_date == "2014-05-12");
  CHECK(IsChild(s.c, kCtx.today));
  SUBCASE("a birth date in the future is refused") {
    Sip n;
    CHECK(n.Refuse(R"({"cmd":"case.create","owner":{"name":"Nyfödd","reserve_number":true,"birth_date":"2026-11-23"},
                       "noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::InvalidArgument);
  }
  SUBCASE("owner.update to a personnummer") {
    s.Do(R"({"cmd":"owner.update","reserve_number":false,"identity_number":"19901211-9948","name":"Lilly Testsson"})");
    CHECK_FALSE(s.c.owner.reserve_number);
    CHECK(s.c.owner.identity_number == "199012119948");
    CHECK(s.c.owner.birth_date == "1990-12-11");
  }
}

TEST_CASE("case commands: owner.update changes only what it names") {
  Sip s = Created();
  s.Do(R"({"cmd":"owner.update","phone":"070-123 45 67"})");
  CHECK(s.c.owner.phone == "070-123 45 67");
  CHECK(s.c.owner.name == "Astrid Testsson");
  CHECK(s.c.owner.address == "Testgatan 1, Testköping");
  CHECK(s.c.owner.identity_number == "198211059954");
}

TEST_CASE("case commands: case.update changes only what it names") {
  Sip s = Created();
  s.Do(R"({"cmd":"case.update","level":"sip_plus_plus","ready_for_discharge_on":"2026-11-20"})");
  CHECK(s.c.level == CoordinationLevel::SipPlusPlus);
  CHECK(s.c.ready_for_discharge_on == "2026-11-20");
  CHECK(s.c.noticed_by == NoticedBy::HomeCare);
  CHECK(s.c.noticed_on == "2026-11-16");
  s.Do(R"({"cmd":"case.update","ready_for_discharge_on":""})");
  CHECK(s.c.ready_for_discharge_on.empty());
}

TEST_CASE("case commands: invalid_date for every date argument") {
  struct Bad {
    const char* cmd;
    const char* pointer;
  };
  const Bad bad[] = {
      {"case.create", "/noticed_on"},        {"case.create", "/ready_for_discharge_on"},
      {"case.update", "/ready_for_discharge_on"},
      {"consent.record", "/documented_on"},  {"consent.record", "/valid_from"},
      {"consent.record", "/valid_to"},       {"consent.withdraw", "/withdrawn_on"},
      {"consent.refuse", "/refused_on"},     {"invitation.send", "/sent_on"},
      {"meeting.record", "/held_on"},        {"intervention.add", "/start_date"},
      {"intervention.update", "/start_date"}, {"plan.update", "/follow_up_on"},
      {"plan.update", "/handed_to_person_on"}, {"plan.establish", "/established_on"},
      {"followup.record", "/held_on"},       {"followup.record", "/next_follow_up_on"},
      {"case.close", "/closed_on"},
      {"case.close", "/informed_on"},        {"deviation.report", "/occurred_on"},
      {"checklist.mark", "/done_on"},
  };
  for (const auto& b : bad) {
    // Not a calendar day, the wrong shape, a time where a date belongs, and a long string.
    for (const char* value : {"2026-02-29", "2026-13-01", "22/11/2026", "20261122", "2026-11-22T10:00", "2026-11-22 och lite till"}) {
      CAPTURE(std::string(b.cmd));
      CAPTURE(std::string(b.pointer));
      CAPTURE(std::string(value));
      Sip s = StateFor(b.cmd);
      CHECK(s.Refuse(RowWith(b.cmd, b.pointer, value)) == Errc::InvalidDate);
      CHECK(s.last_error.detail == std::string(b.pointer + 1));
    }
  }
  SUBCASE("the meeting time is YYYY-MM-DDTHH:MM") {
    for (const char* value : {"2026-12-01", "2026-12-01 10:00", "2026-12-01T25:00", "2026-12-01T10:00:00"}) {
      CAPTURE(std::string(value));
      Sip s = Complete();
      CHECK(s.Refuse(RowWith("invitation.update", "/meeting_at", value)) == Errc::InvalidDate);
    }
  }
  SUBCASE("a reserve identity's birth date") {
    Sip s;
    CHECK(s.Refuse(R"({"cmd":"case.create","owner":{"name":"Lilly","reserve_number":true,"birth_date":"2014-02-30"},
                       "noticed_by":"home_care","noticed_on":"2026-11-16"})") == Errc::InvalidDate);
  }
  SUBCASE("valid_to before valid_from") {
    Sip s = Complete();
    CHECK(s.Refuse(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-22",
                       "valid_to":"2026-11-21"})") == Errc::InvalidDate);
  }
  SUBCASE("a date of 29 February in a leap year is fine") {
    Sip s = Complete();
    s.Do(RowWith("plan.update", "/follow_up_on", "2028-02-29"));
    CHECK(s.c.plan.follow_up_on == "2028-02-29");
  }
}

// =========================================================================================================
// Representatives and consent
// =========================================================================================================
TEST_CASE("case commands: representative.add returns the id; at most two guardians") {
  Sip s = ChildCreated();
  CHECK(s.c.representatives.size() == 2);
  CHECK(s.Refuse(R"({"cmd":"representative.add","role":"guardian","name":"Tredje Testsson"})") == Errc::InvalidArgument);
  auto out = s.Do(R"({"cmd":"representative.add","role":"relative","name":"Mormor Testsson"})");
  CHECK(out.result["representative_id"] == "r3");
  CHECK(s.c.representatives.back().role == RepresentativeRole::Relative);
}

TEST_CASE("case commands: representative.remove: unknown_reference, and refused once they consented") {
  Sip s = ChildCreated();
  CHECK(s.Refuse(R"({"cmd":"representative.remove","representative_id":"r9"})") == Errc::UnknownReference);
  s.Do(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-20"})");
  CHECK(s.Refuse(R"({"cmd":"representative.remove","representative_id":"r1"})") == Errc::InvalidArgument);
  s.Do(R"({"cmd":"representative.remove","representative_id":"r2"})");
  REQUIRE(s.c.representatives.size() == 1);
  CHECK(s.c.representatives[0].id == "r1");
}

TEST_CASE("case commands: consent.record returns the id and keeps every field") {
  Sip s = Complete(false);
  auto out = s.Do(RowJson(RowFor("consent.record")));
  CHECK(out.result["consent_id"] == "k9");
  CHECK(out.events[0].data["consent_id"] == "k9");
  const Consent& k = s.c.consents.at(0);
  CHECK(k.given_by == "person");
  CHECK(k.form == ConsentForm::Written);
  CHECK(k.valid_from == "2026-11-22");
  CHECK(k.valid_to == "2027-11-22");
  CHECK(k.covers == std::vector<std::string>{"Hemtjänsten"});
  CHECK(k.exclusions == std::vector<std::string>{"Ekonomin"});
  CHECK(k.withdrawn_on.empty());
}

TEST_CASE("case commands: consent_incomplete: an oral consent without who or when") {
  Sip s = Complete(false);
  const char* oral = R"({"cmd":"consent.record","given_by":"person","form":"oral","valid_from":"2026-11-16",
                         "documented_by":"Olle Omsorg","documented_on":"2026-11-16"})";
  Json j = Json::parse(oral);
  SUBCASE("no documented_by") { j.erase("documented_by"); }
  SUBCASE("empty documented_by") { j["documented_by"] = ""; }
  SUBCASE("no documented_on") { j.erase("documented_on"); }
  SUBCASE("neither") {
    j.erase("documented_by");
    j.erase("documented_on");
  }
  SUBCASE("the complete oral consent is accepted") {}
  if (j.contains("documented_by") && j.contains("documented_on") && j["documented_by"] != "")
    s.Do(j);
  else
    CHECK(s.Refuse(j) == Errc::ConsentIncomplete);
}

TEST_CASE("case commands: a written consent does not need documented_by or documented_on") {
  Sip s = Complete(false);
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-16"})");
}

TEST_CASE("case commands: consent_not_allowed for an adult") {
  Sip s = Complete(false);   // r1 is a relative
  s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Gunnar Guardian"})");     // r9
  s.Do(R"({"cmd":"representative.add","role":"forvaltare","name":"Fia Förvaltare"})");   // r10
  const char* tmpl = R"({"cmd":"consent.record","form":"written","valid_from":"2026-11-16"})";
  Json relative = Json::parse(tmpl);
  relative["given_by"] = "r1";
  CHECK(s.Refuse(relative) == Errc::ConsentNotAllowed);
  CHECK(s.last_error.detail == "relative");
  Json guardian = Json::parse(tmpl);
  guardian["given_by"] = "r9";
  CHECK(s.Refuse(guardian) == Errc::ConsentNotAllowed);
  CHECK(s.last_error.detail == "guardian");
  Json forvaltare = Json::parse(tmpl);
  forvaltare["given_by"] = "r10";
  s.Do(forvaltare);
  CHECK(CheckConsent(s.c, kCtx.today));
}

TEST_CASE("case commands: consent_not_allowed for a child: the child themself, a relative, a god man") {
  Sip s = ChildCreated();
  s.Do(R"({"cmd":"representative.add","role":"god_man","name":"Gustav God"})");      // r3
  s.Do(R"({"cmd":"representative.add","role":"relative","name":"Mormor Testsson"})");   // r4
  for (const char* who : {"person", "r3", "r4"}) {
    CAPTURE(std::string(who));
    CHECK(s.Refuse(Json{{"cmd", "consent.record"}, {"given_by", who}, {"form", "written"}, {"valid_from", "2026-11-16"}}) ==
          Errc::ConsentNotAllowed);
  }
  s.Do(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-16"})");
}

TEST_CASE("case commands: consent.record and consent.withdraw: unknown_reference") {
  Sip s = Complete();
  CHECK(s.Refuse(R"({"cmd":"consent.record","given_by":"r77","form":"written","valid_from":"2026-11-16"})") ==
        Errc::UnknownReference);
  CHECK(s.last_error.detail == "given_by");
  CHECK(s.Refuse(R"({"cmd":"consent.withdraw","consent_id":"k1","withdrawn_on":"2026-11-22","recorded_by":"Olle"})") ==
        Errc::UnknownReference);
}

TEST_CASE("case commands: consent.refuse closes the case without a SIP; consent_already_given") {
  Sip s = Complete(false);
  auto out = s.Do(RowJson(RowFor("consent.refuse")));
  CHECK(s.c.step == Step::Closed);
  CHECK(s.c.closure.reason == ClosureReason::ConsentRefused);
  CHECK(s.c.closure.closed_on == "2026-11-20");
  CHECK(s.c.refusal.refused_by == "person");
  CHECK(s.c.refusal.attempts == std::vector<std::string>{"Samtal 2026-11-18"});
  CHECK(HasStepChange(out, "need_detected", "closed"));
  SUBCASE("not while a consent is in force") {
    Sip k = Complete();
    CHECK(k.Refuse(RowJson(RowFor("consent.refuse"))) == Errc::ConsentAlreadyGiven);
  }
  SUBCASE("the refusing representative must be known") {
    Sip r = Complete(false);
    CHECK(r.Refuse(RowWith("consent.refuse", "/refused_by", "r42")) == Errc::UnknownReference);
  }
}

// =========================================================================================================
// Participants, preparation, mapping, invitation
// =========================================================================================================
TEST_CASE("case commands: participant.add and participant.update") {
  Sip s = Complete();
  auto out = s.Do(RowJson(RowFor("participant.add")));
  CHECK(out.result["participant_id"] == "p10");
  CHECK(s.c.participants.back().status == ParticipantStatus::Confirmed);
  s.Do(RowJson(RowFor("participant.update")));
  const Participant* p = FindParticipant(s.c, "p4");
  REQUIRE(p);
  CHECK(p->status == ParticipantStatus::Substitute);
  CHECK(p->substitute == "Doris Distrikt");
  CHECK(p->organisation == "Vårdcentralen Test");   // unchanged
  CHECK(s.Refuse(R"({"cmd":"participant.update","participant_id":"p99","status":"declined"})") == Errc::UnknownReference);
}

TEST_CASE("case commands: preparation.update and mapping.update") {
  Sip s = Complete();
  s.Do(RowJson(RowFor("preparation.update")));
  CHECK(s.c.preparation.what_matters == "Att få bo kvar hemma med min katt");
  CHECK(s.c.preparation.participation == ParticipationMode::InPerson);
  s.Do(R"({"cmd":"preparation.update","meeting_leader":"Olle"})");
  CHECK(s.c.preparation.what_matters == "Att få bo kvar hemma med min katt");   // unchanged
  CHECK(s.c.preparation.meeting_leader == "Olle");
  s.Do(R"({"cmd":"mapping.update","area":"finances","person_view":"Klarar räkningarna"})");
  s.Do(RowJson(RowFor("mapping.update")));
  s.Do(R"({"cmd":"mapping.update","area":"personal_care","person_view":"Bättre nu"})");
  REQUIRE(s.c.mapping.size() == 2);
  CHECK(s.c.mapping[0].area == LifeArea::PersonalCare);   // kept in the seed's order
  CHECK(s.c.mapping[0].person_view == "Bättre nu");
  CHECK(s.c.mapping[0].interventions.size() == 1);          // untouched when not named
  CHECK(s.c.mapping[1].area == LifeArea::Finances);
}

TEST_CASE("case commands: invitation.update: unknown_reference for an invitee who is not a participant") {
  Sip s = Complete();
  CHECK(s.Refuse(R"({"cmd":"invitation.update","invitees":["p2","p42"]})") == Errc::UnknownReference);
  CHECK(s.last_error.detail == "invitees");
  s.Do(R"({"cmd":"invitation.update","invitees":["p2"]})");
  CHECK(s.c.invitation.invitees == std::vector<std::string>{"p2"});
  CHECK(s.c.invitation.place == "Hemma hos Astrid");   // unchanged
}

TEST_CASE("case commands: invitation_incomplete for each missing part") {
  struct Missing {
    const char* update;   // the invitation.update (or convener.set) that would have completed it
    const char* detail;
  };
  const Missing rows[] = {
      {R"({"cmd":"invitation.update","purpose":"Att Astrid kan bo kvar hemma"})", "purpose"},
      {R"({"cmd":"invitation.update","meeting_at":"2026-12-01T10:00"})", "meeting_at"},
      {R"({"cmd":"invitation.update","place":"Hemma hos Astrid"})", "place"},
      {R"({"cmd":"invitation.update","invitees":["p2","p3","p4"]})", "invitees"},
  };
  for (const auto& m : rows) {
    CAPTURE(std::string(m.detail));
    Sip s = Prepared();
    Json blank = Json::parse(m.update);
    for (auto it = blank.begin(); it != blank.end(); ++it)
      if (it.key() != "cmd") *it = it->is_array() ? Json::array() : Json("");
    s.Do(blank);
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::InvitationIncomplete);
    CHECK(s.last_error.detail == m.detail);
    s.Do(m.update);
    s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
  }
  SUBCASE("no convener") {
    Sip s = Created();
    s.Do(R"({"cmd":"participant.add","organisation":"Hemtjänsten Testgården","huvudman":"municipality"})");
    s.Do(R"({"cmd":"invitation.update","purpose":"x","meeting_at":"2026-12-01T10:00","place":"y","invitees":["p1"]})");
    s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-16"})");
    s.Do(R"({"cmd":"preparation.start"})");
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::InvitationIncomplete);
    CHECK(s.last_error.detail == "convener");
    s.Do(R"({"cmd":"convener.set","organisation":"Socialtjänsten Testköping","role":"socialsekreterare"})");
    s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
  }
}

TEST_CASE("case commands: invitation.send: consent_missing, guardian_consent_missing, and consent_obtained") {
  SUBCASE("an adult without consent") {
    Sip s = Complete(false);
    s.Do(R"({"cmd":"preparation.start"})");
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::ConsentMissing);
    s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-22"})");
    auto out = s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
    CHECK(out.result["consent_obtained"] == true);
    CHECK(s.c.invitation.consent_obtained);
    CHECK(s.c.invitation.sent_on == "2026-11-22");
  }
  SUBCASE("a consent that starts tomorrow is not in force yet") {
    Sip s = Complete(false);
    s.Do(R"({"cmd":"preparation.start"})");
    s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-23"})");
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::ConsentMissing);
  }
  SUBCASE("a child with two guardians, one consented") {
    Sip s = ChildCreated();
    s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","role":"socialsekreterare"})");
    s.Do(R"({"cmd":"participant.add","organisation":"Skolan Test","huvudman":"municipality"})");   // p3
    s.Do(R"({"cmd":"invitation.update","purpose":"x","meeting_at":"2026-12-01T10:00","place":"Skolan","invitees":["p3"]})");
    s.Do(R"({"cmd":"preparation.start"})");
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::GuardianConsentMissing);
    CHECK(s.last_error.detail == "r1");
    s.Do(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-20"})");
    CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::GuardianConsentMissing);
    CHECK(s.last_error.detail == "r2");
    s.Do(R"({"cmd":"consent.record","given_by":"r2","form":"oral","documented_by":"Olle","documented_on":"2026-11-21",
             "valid_from":"2026-11-21"})");
    s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
  }
}

// =========================================================================================================
// The meeting
// =========================================================================================================
TEST_CASE("case commands: meeting.record: attendance_incomplete and unknown_reference") {
  Sip s = Invited();
  SUBCASE("no attendance at all") {
    CHECK(s.Refuse(R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01"})") == Errc::AttendanceIncomplete);
  }
  SUBCASE("one invitee missing") {
    CHECK(s.Refuse(R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","attendance":[
      {"participant_id":"p2","attendance":"present"},{"participant_id":"p4","attendance":"present"}]})") ==
          Errc::AttendanceIncomplete);
    CHECK(s.last_error.detail == "p3");
  }
  SUBCASE("attendance for someone who is not a participant") {
    Json j = Json::parse(kMeeting);
    j["attendance"].push_back({{"participant_id", "p42"}, {"attendance", "present"}});
    CHECK(s.Refuse(j) == Errc::UnknownReference);
  }
  SUBCASE("an entry without an attendance value") {
    Json j = Json::parse(kMeeting);
    j["attendance"][0].erase("attendance");
    CHECK(s.Refuse(j) == Errc::InvalidArgument);
  }
  SUBCASE("held_on is required") {
    Json j = Json::parse(kMeeting);
    j.erase("held_on");
    CHECK(s.Refuse(j) == Errc::InvalidArgument);
  }
}

TEST_CASE("case commands: meeting.record keeps attendance, agenda and proposes deviations for absence without notice") {
  Sip s = Invited();
  auto out = s.Do(R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","leader":"Sara","documenter":"Olle","attendance":[
    {"participant_id":"p2","attendance":"present"},{"participant_id":"p3","attendance":"absent_with_notice"},
    {"participant_id":"p4","attendance":"absent_without_notice"}]})");
  REQUIRE(out.result["proposed_deviations"].size() == 1);
  const Json& proposal = out.result["proposed_deviations"][0];
  CHECK(proposal["kind"] == "absent_without_notice");
  CHECK(proposal["participant_id"] == "p4");
  CHECK(proposal["occurred_on"] == "2026-12-01");
  CHECK(proposal["reported_by"] == "Testa Testsson");
  CHECK(proposal["description"].get<std::string>().size() > 0);
  CHECK(FindParticipant(s.c, "p2")->attendance == Attendance::Present);
  CHECK(FindParticipant(s.c, "p3")->attendance == Attendance::AbsentWithNotice);
  CHECK(FindParticipant(s.c, "p4")->attendance == Attendance::AbsentWithoutNotice);
  CHECK(s.c.meeting.held_on == "2026-12-01");
  CHECK(s.c.meeting.leader == "Sara");
  CHECK(Json(s.c.meeting.agenda) == Json(DefaultAgenda()));   // the default when none is given
  CHECK(s.c.deviations.empty());                               // proposed only, not reported
  SUBCASE("everyone present: nothing proposed; a given agenda replaces the default") {
    Sip t = Invited();
    Json j = Json::parse(kMeeting);
    j["agenda"] = Json::parse(R"([{"name":"Runda","planned_minutes":10},{"name":"Plan","planned_minutes":30}])");
    auto o = t.Do(j);
    CHECK(o.result["proposed_deviations"] == Json::array());
    REQUIRE(t.c.meeting.agenda.size() == 2);
    CHECK(t.c.meeting.agenda[1].planned_minutes == 30);
  }
}

// =========================================================================================================
// The plan: goals, interventions, plan.update, plan.establish
// =========================================================================================================
TEST_CASE("case commands: goal.add and goal.update") {
  Sip s = Complete();
  auto out = s.Do(RowJson(RowFor("goal.add")));
  CHECK(out.result["goal_id"] == "g10");
  CHECK(s.c.plan.goals.back().parent_id == "g5");
  s.Do(R"({"cmd":"goal.update","goal_id":"g10","status":"achieved"})");
  CHECK(FindGoal(s.c.plan, "g10")->status == GoalStatus::Achieved);
  CHECK(FindGoal(s.c.plan, "g10")->text == "Gå till affären själv");
  SUBCASE("unknown_reference") {
    CHECK(s.Refuse(R"({"cmd":"goal.update","goal_id":"g99","text":"x"})") == Errc::UnknownReference);
    CHECK(s.Refuse(R"({"cmd":"goal.add","text":"x","parent_id":"g99"})") == Errc::UnknownReference);
    CHECK(s.Refuse(R"({"cmd":"goal.add","text":"x","parent_id":"g6"})") == Errc::UnknownReference);   // a sub-goal
    CHECK(s.Refuse(R"({"cmd":"goal.update","goal_id":"g5","parent_id":"g5"})") == Errc::UnknownReference);   // itself
  }
  SUBCASE("a main goal with sub-goals cannot become a sub-goal") {
    s.Do(R"({"cmd":"goal.add","text":"Träffa barnbarnen","persons_own_words":true})");   // g11
    CHECK(s.Refuse(R"({"cmd":"goal.update","goal_id":"g5","parent_id":"g11"})") == Errc::InvalidArgument);
    s.Do(R"({"cmd":"goal.update","goal_id":"g6","parent_id":"g11"})");   // a sub-goal may move
    CHECK(FindGoal(s.c.plan, "g6")->parent_id == "g11");
  }
  SUBCASE("a goal needs text") {
    CHECK(s.Refuse(R"({"cmd":"goal.add","persons_own_words":true})") == Errc::InvalidArgument);
    CHECK(s.Refuse(R"({"cmd":"goal.update","goal_id":"g5","text":""})") == Errc::InvalidArgument);
  }
}

TEST_CASE("case commands: intervention.add and intervention.update") {
  Sip s = Complete();
  auto out = s.Do(RowJson(RowFor("intervention.add")));
  CHECK(out.result["intervention_id"] == "i10");
  const Intervention& i = s.c.plan.interventions.back();
  CHECK(i.home_care_commitment);
  CHECK(i.responsible == "p2");
  CHECK(i.start_date == "2026-12-02");
  s.Do(RowJson(RowFor("intervention.update")));
  CHECK(s.c.plan.interventions[1].status == InterventionStatus::Ongoing);
  CHECK(s.c.plan.interventions[1].what == "Såromläggning");
  CHECK(s.Refuse(R"({"cmd":"intervention.update","intervention_id":"i99","status":"done"})") == Errc::UnknownReference);
  CHECK(s.Refuse(R"({"cmd":"intervention.add","what":"x","responsible":"p99"})") == Errc::UnknownReference);
  CHECK(s.last_error.detail == "responsible");
  CHECK(s.Refuse(R"({"cmd":"intervention.add","what":"x"})") == Errc::UnknownReference);   // no responsible
  CHECK(s.Refuse(R"({"cmd":"intervention.add","what":"x","responsible":"p2","goal_id":"g99"})") == Errc::UnknownReference);
  CHECK(s.last_error.detail == "goal_id");
  CHECK(s.Refuse(R"({"cmd":"intervention.add","responsible":"p2"})") == Errc::InvalidArgument);
}

TEST_CASE("case commands: plan.update: unknown_reference for coordinator and follow-up owner") {
  Sip s = Complete();
  CHECK(s.Refuse(R"({"cmd":"plan.update","coordinator":"p99"})") == Errc::UnknownReference);
  CHECK(s.last_error.detail == "coordinator");
  CHECK(s.Refuse(R"({"cmd":"plan.update","follow_up_owner":"r1"})") == Errc::UnknownReference);
  CHECK(s.last_error.detail == "follow_up_owner");
  s.Do(RowJson(RowFor("plan.update")));
  CHECK(s.c.plan.coordinator == "p2");
  CHECK(s.c.plan.handed_to_person_on == "2026-12-03");
}

TEST_CASE("case commands: other_actor.add and other_plan.add") {
  Sip s = Complete();
  s.Do(RowJson(RowFor("other_actor.add")));
  s.Do(RowJson(RowFor("other_plan.add")));
  REQUIRE(s.c.plan.other_actors.size() == 1);
  CHECK(s.c.plan.other_actors[0].actor == "Försäkringskassan");
  REQUIRE(s.c.plan.other_plans.size() == 1);
  CHECK(s.c.plan.other_plans[0].kind == OtherPlanKind::ImplementationPlan);
}

TEST_CASE("case commands: plan.establish: each plan_* code") {
  Sip s = Met();
  const char* establish = R"({"cmd":"plan.establish","established_on":"2026-12-01"})";
  SUBCASE("plan_main_goal_missing: not in the person's own words") {
    s.Do(R"({"cmd":"goal.update","goal_id":"g5","persons_own_words":false})");
    CHECK(s.Refuse(establish) == Errc::PlanMainGoalMissing);
  }
  SUBCASE("plan_main_goal_missing: cancelled") {
    s.Do(R"({"cmd":"goal.update","goal_id":"g5","status":"cancelled"})");
    CHECK(s.Refuse(establish) == Errc::PlanMainGoalMissing);
  }
  SUBCASE("plan_intervention_missing") {
    s.Do(R"({"cmd":"intervention.update","intervention_id":"i7","status":"cancelled"})");
    s.Do(R"({"cmd":"intervention.update","intervention_id":"i8","status":"cancelled"})");
    CHECK(s.Refuse(establish) == Errc::PlanInterventionMissing);
  }
  SUBCASE("plan_coordinator_missing") {
    s.Do(R"({"cmd":"plan.update","coordinator":""})");
    CHECK(s.Refuse(establish) == Errc::PlanCoordinatorMissing);
  }
  SUBCASE("plan_follow_up_missing: no date") {
    s.Do(R"({"cmd":"plan.update","follow_up_on":""})");
    CHECK(s.Refuse(establish) == Errc::PlanFollowUpMissing);
  }
  SUBCASE("plan_follow_up_missing: no owner") {
    s.Do(R"({"cmd":"plan.update","follow_up_owner":""})");
    CHECK(s.Refuse(establish) == Errc::PlanFollowUpMissing);
  }
  SUBCASE("consent_missing: the consent ran out before the plan was established") {
    Expire(s);
    s.Do(R"({"cmd":"case.update","level":"sip"})");   // still open: nothing was withdrawn
    CHECK(s.Refuse(establish) == Errc::ConsentMissing);
  }
  SUBCASE("all there") {
    auto out = s.Do(establish);
    CHECK(out.result["version"] == 1);
    CHECK(out.events[0].data["version"] == 1);
  }
}

TEST_CASE("case commands: plan.establish for a child: plan_child_perspective_missing and guardian_consent_missing") {
  Sip s = ChildCreated();
  s.Do(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-20"})");   // k3
  s.Do(R"({"cmd":"consent.record","given_by":"r2","form":"written","valid_from":"2026-11-20"})");   // k4
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","role":"socialsekreterare"})");
  s.Do(R"({"cmd":"participant.add","organisation":"Skolan Test","huvudman":"municipality"})");      // p5
  s.Do(R"({"cmd":"invitation.update","purpose":"x","meeting_at":"2026-12-01T10:00","place":"Skolan","invitees":["p5"]})");
  s.Do(R"({"cmd":"goal.add","text":"Jag vill gå i skolan varje dag","persons_own_words":true})");    // g6
  s.Do(R"({"cmd":"intervention.add","what":"Skolskjuts","responsible":"p5"})");                     // i7
  s.Do(R"({"cmd":"plan.update","coordinator":"p5","follow_up_on":"2027-02-15","follow_up_owner":"p5"})");
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
  s.Do(R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","attendance":[{"participant_id":"p5","attendance":"present"}]})");
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2026-12-01"})") == Errc::PlanChildPerspectiveMissing);
  s.Do(R"({"cmd":"plan.update","child_perspective":"Lilly har berättat själv vad hon vill."})");
  SUBCASE("one guardian withdraws: the child's consent is no longer in force (issue 12, rule 3)") {
    auto w = s.Do(R"({"cmd":"consent.withdraw","consent_id":"k4","withdrawn_on":"2026-11-22","recorded_by":"Olle"})");
    CHECK(w.result["plan_no_longer_applies"] == true);    // the other guardian's consent does not carry it alone
    CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2026-12-01"})") == Errc::ConsentWithdrawn);
  }
  SUBCASE("both consented") { s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})"); }
}

TEST_CASE("case commands: plan versions are kept: a revision adds version 2 and leaves version 1 untouched") {
  Sip s = Established();
  REQUIRE(s.c.versions.size() == 1);
  CHECK(s.c.versions[0].version == 1);
  CHECK(s.c.versions[0].established_on == "2026-12-01");
  const std::string v1 = Json(s.c.versions[0]).dump();
  s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"revise","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3","new_circumstances":"Ny höft",
           "goals":[{"goal_id":"g6","result":"not_achieved"}]})");
  s.Do(R"({"cmd":"goal.add","text":"Gå med rollator till brevlådan","parent_id":"g5"})");
  s.Do(R"({"cmd":"plan.update","follow_up_on":"2027-05-15"})");
  auto out = s.Do(R"({"cmd":"plan.establish","established_on":"2027-02-20"})");
  CHECK(out.result["version"] == 2);
  REQUIRE(s.c.versions.size() == 2);
  CHECK(Json(s.c.versions[0]).dump() == v1);
  CHECK(s.c.versions[1].version == 2);
  CHECK(s.c.versions[1].established_on == "2027-02-20");
  CHECK(s.c.versions[1].plan.goals.size() == 3);
  CHECK(s.c.versions[0].plan.goals.size() == 2);
  CHECK(s.c.versions[0].plan.goals[1].status == GoalStatus::Active);
  CHECK(s.c.versions[1].plan.goals[1].status == GoalStatus::NotAchieved);
  CHECK(Json(s.c.versions[1].plan) == Json(s.c.plan));
  CHECK(s.c.versions[1].revises_after == s.c.follow_ups.back().id);
  // One "revise" decision allows one new version: a second establish needs another follow-up.
  CHECK(s.Refuse(R"({"cmd":"plan.establish","established_on":"2027-02-20"})") == Errc::WrongStep);
  CHECK(s.c.versions.size() == 2);
}

// =========================================================================================================
// Follow-up
// =========================================================================================================
TEST_CASE("case commands: followup.record: evaluations carry over and not delivered interventions are proposed") {
  Sip s = Established();
  auto out = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3",
    "goals":[{"goal_id":"g6","result":"achieved","comment":"Duschar själv"}],
    "interventions":[{"intervention_id":"i7","delivered":true,"effect":"Bra"},{"intervention_id":"i8","delivered":false}]})");
  CHECK(out.result["follow_up_id"] == "f10");
  REQUIRE(out.result["proposed_deviations"].size() == 1);
  const Json& proposal = out.result["proposed_deviations"][0];
  CHECK(proposal["kind"] == "intervention_not_performed");
  CHECK(proposal["intervention_id"] == "i8");
  CHECK(proposal["participant_id"] == "p4");
  CHECK(proposal["occurred_on"] == "2027-02-15");
  CHECK(FindGoal(s.c.plan, "g6")->status == GoalStatus::Achieved);
  CHECK(s.c.plan.interventions[0].status == InterventionStatus::Planned);
  CHECK(s.c.plan.interventions[1].status == InterventionStatus::NotPerformed);
  REQUIRE(s.c.follow_ups.size() == 1);
  CHECK(s.c.follow_ups[0].decision == FollowUpDecision::Continue);
  CHECK(s.c.follow_ups[0].interventions.size() == 2);
  CHECK(s.c.versions[0].plan.interventions[1].status == InterventionStatus::Planned);   // the version is not touched
  CHECK(s.c.deviations.empty());
  SUBCASE("unknown_reference") {
    CHECK(s.Refuse(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3",
                       "goals":[{"goal_id":"g99","result":"achieved"}]})") == Errc::UnknownReference);
    CHECK(s.Refuse(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15","next_follow_up_owner":"p3",
                       "interventions":[{"intervention_id":"i99","delivered":true}]})") == Errc::UnknownReference);
  }
  SUBCASE("decision is required") {
    CHECK(s.Refuse(R"({"cmd":"followup.record","held_on":"2027-02-15"})") == Errc::InvalidArgument);
  }
}

// =========================================================================================================
// Closing
// =========================================================================================================
TEST_CASE("case commands: case.close: closure_reason_missing and closure_not_informed") {
  Sip s = Established();
  CHECK(s.Refuse(RowWithout("case.close", "reason")) == Errc::ClosureReasonMissing);
  CHECK(s.Refuse(RowWith("case.close", "/reason", nullptr)) == Errc::ClosureReasonMissing);
  CHECK(s.Refuse(RowWith("case.close", "/reason", "consent_refused")) == Errc::ClosureReasonMissing);   // only by consent.refuse
  CHECK(s.Refuse(RowWithout("case.close", "participants_informed")) == Errc::ClosureNotInformed);
  CHECK(s.Refuse(RowWith("case.close", "/participants_informed", false)) == Errc::ClosureNotInformed);
  CHECK(s.Refuse(RowWithout("case.close", "informed_on")) == Errc::ClosureNotInformed);
  CHECK(s.Refuse(RowWith("case.close", "/informed_on", "")) == Errc::ClosureNotInformed);
  CHECK(s.Refuse(RowWith("case.close", "/participants_informed", "true")) == Errc::InvalidArgument);
  for (const char* reason : {"goals_met", "no_longer_needed", "person_died"}) {
    Sip t = Established();
    t.Do(RowWith("case.close", "/reason", reason));
    CHECK(t.c.step == Step::Closed);
  }
}

TEST_CASE("case commands: case.close with goals_met marks active goals achieved, and only those") {
  Sip s = Established();
  s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"close","goals":[{"goal_id":"g6","result":"partly_achieved"}]})");
  s.Do(RowWith("case.close", "/reason", "goals_met"));
  CHECK(FindGoal(s.c.plan, "g5")->status == GoalStatus::Achieved);
  CHECK(FindGoal(s.c.plan, "g6")->status == GoalStatus::PartlyAchieved);
}

// =========================================================================================================
// Deviations and the checklist
// =========================================================================================================
TEST_CASE("case commands: deviation.report: deviation_incomplete for each missing part") {
  for (const char* key : {"kind", "description", "occurred_on", "reported_by"}) {
    CAPTURE(std::string(key));
    Sip s = Complete();
    CHECK(s.Refuse(RowWithout("deviation.report", key)) == Errc::DeviationIncomplete);
    if (std::string_view(key) != "kind") CHECK(s.Refuse(RowWith("deviation.report", (std::string("/") + key).c_str(), "")) == Errc::DeviationIncomplete);
  }
  Sip s = Complete();
  CHECK(s.Refuse(R"({"cmd":"deviation.report","kind":"absent_without_notice","description":"Kom inte",
                     "occurred_on":"2026-12-01","reported_by":"Sara"})") == Errc::DeviationIncomplete);
  CHECK(s.last_error.detail == "participant_id");
  CHECK(s.Refuse(RowWith("deviation.report", "/participant_id", "p42")) == Errc::UnknownReference);
  auto out = s.Do(RowJson(RowFor("deviation.report")));
  CHECK(out.result["deviation_id"] == "d10");
  REQUIRE(s.c.deviations.size() == 1);
  CHECK(s.c.deviations[0].kind == DeviationKind::PartiesDisagree);
  CHECK(s.c.deviations[0].temporary_responsibility == "Hemtjänsten tills vidare");
}

TEST_CASE("case commands: checklist.mark marks and unmarks one item") {
  Sip s = Complete();
  s.Do(RowJson(RowFor("checklist.mark")));
  CHECK(s.c.checklist[0].done_on == "2026-11-16");
  CHECK(s.c.checklist[0].done_by == "Olle Omsorg");
  CHECK(s.c.checklist.size() == kChecklistCount);
  s.Do(R"({"cmd":"checklist.mark","item":"consult_manager","done_on":""})");
  CHECK(s.c.checklist[0].done_on.empty());
  CHECK(s.c.checklist.size() == kChecklistCount);
}

// =========================================================================================================
// A refusal never changes the input case
// =========================================================================================================
TEST_CASE("case commands: a refused command leaves the input case unchanged") {
  // Commands refused deep inside their handler, after part of the work was done on the copy.
  Sip s = Invited();
  const std::string before = Dump(s.c);
  const Case input = s.c;
  const char* refused[] = {
      R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","notes":"x","attendance":[{"participant_id":"p2","attendance":"present"}]})",
      R"({"cmd":"meeting.record","participation":"in_person","held_on":"2026-12-01","agenda":[{"name":"x"}],"attendance":[{"participant_id":"p2","attendance":"presnt"}]})",
      R"({"cmd":"goal.add","text":"x","persons_own_words":true,"bogus":1})",
      R"({"cmd":"participant.update","participant_id":"p2","name":"Ny","status":"substitute"})",
      R"({"cmd":"preparation.update","what_matters":"x","questions":[1]})",
      R"({"cmd":"mapping.update","area":"housing","person_view":"x","interventions":[{"party":"x"}]})",
      R"({"cmd":"plan.update","coordinator":"p2","follow_up_owner":"p99"})",
      R"({"cmd":"case.update","level":"sip_plus","scenario":"nope"})",
      R"({"cmd":"owner.update","phone":"1","identity_number":"19821105-9953"})",
      R"({"cmd":"representative.add","role":"guardian","name":"x","bogus":true})",
      R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"x","extra":1})",
      R"({"cmd":"case.close","where_to_turn":"Ring hemtjänsten","reason":"goals_met","closed_on":"2026-11-22","participants_informed":true})",
  };
  for (const char* text : refused) {
    CAPTURE(std::string(text));
    Request r = Req(Json::parse(text));
    auto out = ApplyCaseCommand(&input, r, kCtx);
    CHECK_FALSE(out.ok());
    CHECK(Dump(input) == before);
  }
}

// --- Fixes after review: one revision per "revise" decision; who may refuse; discharge scenario ---------

namespace review_fixes {
sip::Result<sip::CaseOutcome> Do(const sip::Case* c, const std::string& json) {
  auto r = sip::ParseRequest(nlohmann::json::parse(json));
  REQUIRE(r.ok());
  sip::CommandContext ctx{{2026, 11, 22}, "Testa Testsson", "c-9"};
  return sip::ApplyCaseCommand(c, *r, ctx);
}
}  // namespace review_fixes

TEST_CASE("review: a relative cannot refuse consent for an adult; at discharge the region convenes") {
  using review_fixes::Do;
  auto c = Do(nullptr, R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-20",
      "ready_for_discharge_on":"2026-11-21","owner":{"name":"Tolvan Tolvansson","identity_number":"199012119948"}})");
  REQUIRE(c.ok());
  CHECK(c->state.scenario == sip::ConveningScenario::RegionConvenes);
  auto rel = Do(&c->state, R"({"cmd":"representative.add","case_id":"c-9","role":"relative","name":"Anna Testsson"})");
  REQUIRE(rel.ok());
  const std::string rid = rel->result["representative_id"].get<std::string>();
  auto refused = Do(&rel->state, R"({"cmd":"consent.refuse","case_id":"c-9","refused_on":"2026-11-22","refused_by":")" +
                                     rid + R"(","attempts":["samtal"],"documented_by":"Testa"})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == sip::Errc::ConsentNotAllowed);
  auto by_person = Do(&rel->state, R"({"cmd":"consent.refuse","case_id":"c-9","refused_on":"2026-11-22",
      "refused_by":"person","attempts":["samtal"],"documented_by":"Testa"})");
  CHECK(by_person.ok());
}

// =========================================================================================================
// Issue 12: conveners, consent that ends, participation, closing, deviations from the facts, follow-ups
// =========================================================================================================
namespace issue12 {

CivilDate D(const char* s) {
  auto d = ParseDate(s);
  REQUIRE(d.has_value());
  return *d;
}

bool HasWarning(const Case& c, std::string_view code, const std::string& ref = "*", CivilDate today = kCtx.today) {
  for (const auto& w : ComputeWarnings(c, today))
    if (w.code == code && (ref == "*" || w.ref == ref)) return true;
  return false;
}

// A case of the form `form` (and discharge date) with one participant p1 and nothing else.
Sip FormCase(const char* form, const char* discharge = nullptr) {
  Sip s;
  Json j = Json::parse(kCreate);
  j["form"] = form;
  if (discharge) j["ready_for_discharge_on"] = discharge;
  s.Do(j);
  return s;
}

}  // namespace issue12
using issue12::D;

TEST_CASE("issue 12 rule 1: convener.set takes a role from the list; other needs its text") {
  Sip s = Created();
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara"})") == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "role");
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara","role":"mentor"})") == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara","role":"other"})") == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "role_text");
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara","role":"socialsekreterare","role_text":"x"})") ==
        Errc::InvalidArgument);
  s.Do(R"({"cmd":"convener.set","name":"Kim Kurator","organisation":"Skolan","role":"other","role_text":"Kurator"})");
  CHECK(s.c.convener.role == StaffRole::Other);
  CHECK(s.c.convener.role_text == "Kurator");
  // Changing the role from other drops the text.
  s.Do(R"({"cmd":"convener.set","role":"sjukskoterska"})");
  CHECK(s.c.convener.role == StaffRole::Sjukskoterska);
  CHECK(s.c.convener.role_text.empty());
  CHECK(Json(s.c.convener)["role"] == "sjukskoterska");
  for (const char* role : {"enhetschef", "omsorgshandledare", "fast_omsorgskontakt", "socialsekreterare", "sjukskoterska",
                           "arbetsterapeut", "fysioterapeut", "lakare", "fast_vardkontakt"}) {
    CAPTURE(std::string(role));
    Sip t = Created();
    t.Do(Json{{"cmd", "convener.set"}, {"name", "N N"}, {"organisation", "O"}, {"role", role}});
    CHECK(Json(t.c.convener.role) == role);
    CHECK(std::string(StaffRoleLabel(t.c.convener.role)).size() > 0);
  }
}

TEST_CASE("issue 12 rule 1: without the individual the provider's enhetschef convenes (convener_not_enhetschef)") {
  Sip s = issue12::FormCase("without_individual");
  for (const char* role : {"socialsekreterare", "omsorgshandledare", "fast_vardkontakt", "sjukskoterska"})
    CHECK(s.Refuse(Json{{"cmd", "convener.set"}, {"name", "N"}, {"organisation", "Hemtjänsten"}, {"role", role}}) ==
          Errc::ConvenerNotEnhetschef);
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"N","role":"other","role_text":"Enhetschef"})") ==
        Errc::ConvenerNotEnhetschef);
  // The enhetschef convenes and chairs; the chair can be delegated, and the delegation is recorded.
  auto out = s.Do(R"({"cmd":"convener.set","name":"Eva Enhetschef","organisation":"Hemtjänsten Testgården",
                      "role":"enhetschef","chair_delegated_to":"Olle Omsorgshandledare"})");
  CHECK(out.result["warnings"] == Json::array());
  CHECK(s.c.convener.role == StaffRole::Enhetschef);
  CHECK(s.c.convener.chair_delegated_to == "Olle Omsorgshandledare");
  CHECK(out.events[0].data["chair_delegated_to"] == "Olle Omsorgshandledare");
  CHECK(s.Refuse(R"({"cmd":"convener.set","role":"omsorgshandledare"})") == Errc::ConvenerNotEnhetschef);
  CHECK(s.c.convener.role == StaffRole::Enhetschef);
}

TEST_CASE("issue 12 rule 1: at discharge the region's fast vårdkontakt convenes (convener_not_fast_vardkontakt)") {
  Sip s = issue12::FormCase("sip", "2026-11-20");
  for (const char* role : {"socialsekreterare", "enhetschef", "omsorgshandledare", "lakare"})
    CHECK(s.Refuse(Json{{"cmd", "convener.set"}, {"name", "N"}, {"organisation", "O"}, {"role", role}}) ==
          Errc::ConvenerNotFastVardkontakt);
  auto out = s.Do(R"({"cmd":"convener.set","name":"Vera Vårdkontakt","organisation":"Testsjukhuset","role":"fast_vardkontakt"})");
  CHECK(out.result["warnings"] == Json::array());
  CHECK_FALSE(issue12::HasWarning(s.c, kConvenerNotPerRoutine));
}

TEST_CASE("issue 12 rule 1: case.update may not leave the recorded convener breaking a rule") {
  Sip s = Complete();   // convener: the socialsekreterare
  CHECK(s.Refuse(R"({"cmd":"case.update","form":"without_individual"})") == Errc::ConvenerNotEnhetschef);
  CHECK(s.Refuse(R"({"cmd":"case.update","ready_for_discharge_on":"2026-11-20"})") == Errc::ConvenerNotFastVardkontakt);
  s.Do(R"({"cmd":"case.update","level":"sip_plus"})");   // other changes still go through
  s.Do(R"({"cmd":"convener.set","name":"Vera Vårdkontakt","organisation":"Testsjukhuset","role":"fast_vardkontakt"})");
  s.Do(R"({"cmd":"case.update","ready_for_discharge_on":"2026-11-20"})");
  CHECK(s.c.ready_for_discharge_on == "2026-11-20");
}

TEST_CASE("issue 12 rule 1: invitation.send refuses a stored convener that breaks a rule (an older case)") {
  Sip s = Prepared();
  s.c.form = CollaborationForm::WithoutIndividual;   // as an older case could hold it
  CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::ConvenerNotEnhetschef);
  s.c.form = CollaborationForm::Sip;
  s.c.ready_for_discharge_on = "2026-11-20";
  CHECK(s.Refuse(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})") == Errc::ConvenerNotFastVardkontakt);
}

TEST_CASE("issue 12 rule 1: home care detects: a convener other than the social worker or licensed staff is a warning") {
  Sip s = Created();   // noticed by home care: scenario home_care_detects
  REQUIRE(s.c.scenario == ConveningScenario::HomeCareDetects);
  for (const char* role : {"omsorgshandledare", "enhetschef", "fast_omsorgskontakt", "fast_vardkontakt"}) {
    CAPTURE(std::string(role));
    auto out = s.Do(Json{{"cmd", "convener.set"}, {"name", "N"}, {"organisation", "O"}, {"role", role}});
    REQUIRE(out.result["warnings"].size() == 1);
    CHECK(out.result["warnings"][0]["code"] == kConvenerNotPerRoutine);
    CHECK(out.result["warnings"][0]["due"] == "2026-11-16");
    CHECK(issue12::HasWarning(s.c, kConvenerNotPerRoutine));
  }
  for (const char* role : {"socialsekreterare", "sjukskoterska", "arbetsterapeut", "fysioterapeut", "lakare"}) {
    CAPTURE(std::string(role));
    auto out = s.Do(Json{{"cmd", "convener.set"}, {"role", role}});
    CHECK(out.result["warnings"] == Json::array());
    CHECK_FALSE(issue12::HasWarning(s.c, kConvenerNotPerRoutine));
  }
  SUBCASE("not when someone else noticed the need") {
    s.Do(R"({"cmd":"case.update","scenario":"social_services_convenes"})");
    s.Do(R"({"cmd":"convener.set","role":"omsorgshandledare"})");
    CHECK_FALSE(issue12::HasWarning(s.c, kConvenerNotPerRoutine));
  }
}

TEST_CASE("issue 12 rule 2: consent_ends_before_follow_up at establishment: the day before, on, after") {
  // The person's consent k9 is valid to 2027-11-16.
  struct Row {
    const char* follow_up_on;
    bool warned;
  };
  for (const Row& r : {Row{"2027-11-17", true}, Row{"2027-11-16", false}, Row{"2027-11-15", false}}) {
    CAPTURE(std::string(r.follow_up_on));
    Sip s = Met();
    s.Do(Json{{"cmd", "plan.update"}, {"follow_up_on", r.follow_up_on}});
    auto out = s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})");
    CHECK(out.result["warnings"].size() == (r.warned ? 1u : 0u));
    CHECK(issue12::HasWarning(s.c, kConsentEndsBeforeFollowUp, "k9") == r.warned);
    if (r.warned) {
      CHECK(out.result["warnings"][0]["code"] == kConsentEndsBeforeFollowUp);
      CHECK(out.result["warnings"][0]["due"] == "2027-11-16");
      CHECK(out.result["warnings"][0]["ref"] == "k9");
      // Renewed (an open-ended consent from the person): no longer warned.
      s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-22"})");
      CHECK_FALSE(issue12::HasWarning(s.c, kConsentEndsBeforeFollowUp));
    }
  }
  SUBCASE("an open-ended consent never warns") {
    Sip s = Complete(false);
    s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","valid_from":"2026-11-16"})");
    s.Do(R"({"cmd":"plan.update","follow_up_on":"2030-01-01"})");
    s.Do(R"({"cmd":"preparation.start"})");
    s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-22"})");
    s.Do(kMeeting);
    CHECK(s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})").result["warnings"] == Json::array());
  }
  SUBCASE("a revision: the follow-up that sets the next date after the consent's end warns too") {
    Sip s = Established();
    auto f = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"revise",
                      "next_follow_up_on":"2027-12-01","next_follow_up_owner":"p3"})");
    REQUIRE(f.result["warnings"].size() == 1);
    CHECK(f.result["warnings"][0]["code"] == kConsentEndsBeforeFollowUp);
    auto v2 = s.Do(R"({"cmd":"plan.establish","established_on":"2027-02-16"})");
    CHECK(v2.result["version"] == 2);
    CHECK(v2.result["warnings"].size() == 1);
  }
}

TEST_CASE("issue 12 rule 3: one guardian's withdrawal ends the child's consent; a future withdrawal is refused") {
  Sip s = ChildCreated();
  s.Do(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-20"})");   // k3
  s.Do(R"({"cmd":"consent.record","given_by":"r2","form":"written","valid_from":"2026-11-20"})");   // k4
  CHECK(s.Refuse(R"({"cmd":"consent.withdraw","consent_id":"k4","withdrawn_on":"2026-11-23","recorded_by":"Olle"})") ==
        Errc::InvalidDate);
  SUBCASE("withdrawn today") {
    auto w = s.Do(R"({"cmd":"consent.withdraw","consent_id":"k4","withdrawn_on":"2026-11-22","recorded_by":"Olle"})");
    CHECK(w.result["plan_no_longer_applies"] == true);
  }
  SUBCASE("withdrawn yesterday") {
    auto w = s.Do(R"({"cmd":"consent.withdraw","consent_id":"k3","withdrawn_on":"2026-11-21","recorded_by":"Olle"})");
    CHECK(w.result["plan_no_longer_applies"] == true);
  }
  CHECK(ConsentWithdrawnForGood(s.c, kCtx.today));
  CHECK(issue12::HasWarning(s.c, kConsentWithdrawnCloseCase));
  CHECK(s.Refuse(R"({"cmd":"convener.set","name":"Sara","role":"socialsekreterare"})") == Errc::ConsentWithdrawn);
  CHECK(s.Refuse(R"({"cmd":"consent.record","given_by":"r1","form":"written","valid_from":"2026-11-22"})") ==
        Errc::ConsentWithdrawn);
  s.Do(R"({"cmd":"checklist.mark","item":"consult_manager","done_on":"2026-11-22","done_by":"Olle"})");
  s.Do(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-11-22","participants_informed":true,
           "informed_on":"2026-11-22","where_to_turn":"Kontakta skolkuratorn"})");
  CHECK(s.c.step == Step::Closed);
}

TEST_CASE("issue 12 rule 3: an adult's withdrawal dated after today is refused too") {
  Sip s = Established();
  CHECK(s.Refuse(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-23","recorded_by":"Olle"})") ==
        Errc::InvalidDate);
  CHECK(s.Do(R"({"cmd":"consent.withdraw","consent_id":"k9","withdrawn_on":"2026-11-22","recorded_by":"Olle"})")
            .result["plan_no_longer_applies"] == true);
}

TEST_CASE("issue 12 rule 5: a follow-up that decides to close warns close_decided until case.close") {
  Sip s = Established();
  auto f = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"close"})");
  REQUIRE(f.result["warnings"].size() == 1);
  CHECK(f.result["warnings"][0]["code"] == kCloseDecided);
  CHECK(f.result["warnings"][0]["ref"] == "f10");
  CHECK(f.result["warnings"][0]["due"] == "2027-02-15");
  CHECK(issue12::HasWarning(s.c, kCloseDecided, "f10"));
  CHECK_FALSE(issue12::HasWarning(s.c, kFollowUpDue));   // the follow-up for 2027-02-15 was held
  // case.close requires where_to_turn (seed 002 "Avsluta") …
  CHECK(s.Refuse(R"({"cmd":"case.close","reason":"goals_met","closed_on":"2027-02-15","participants_informed":true,
                     "informed_on":"2027-02-15"})") == Errc::ClosureWhereToTurnMissing);
  CHECK(s.Refuse(R"({"cmd":"case.close","reason":"goals_met","closed_on":"2027-02-15","participants_informed":true,
                     "informed_on":"2027-02-15","where_to_turn":""})") == Errc::ClosureWhereToTurnMissing);
  SUBCASE("… and closing ends the warning") {
    s.Do(R"({"cmd":"case.close","reason":"goals_met","closed_on":"2027-02-15","participants_informed":true,
             "informed_on":"2027-02-15","where_to_turn":"Ring hemtjänsten om behovet kommer tillbaka"})");
    CHECK(ComputeWarnings(s.c, kCtx.today).empty());
  }
  SUBCASE("… except when the person has died") {
    s.Do(R"({"cmd":"case.close","reason":"person_died","closed_on":"2027-02-15","participants_informed":true,
             "informed_on":"2027-02-15"})");
    CHECK(s.c.step == Step::Closed);
  }
  SUBCASE("a later follow-up that continues ends it") {
    s.Do(R"({"cmd":"followup.record","held_on":"2027-02-20","decision":"continue","next_follow_up_on":"2027-05-15",
             "next_follow_up_owner":"p3"})");
    CHECK_FALSE(issue12::HasWarning(s.c, kCloseDecided));
  }
}

TEST_CASE("issue 12 rule 6: deviation.report references the intervention; the proposals are reportable as they are") {
  Sip s = Established();
  CHECK(s.Refuse(R"({"cmd":"deviation.report","kind":"intervention_not_performed","description":"x",
                     "occurred_on":"2026-11-22","reported_by":"Olle"})") == Errc::DeviationIncomplete);
  CHECK(s.last_error.detail == "intervention_id");
  CHECK(s.Refuse(R"({"cmd":"deviation.report","kind":"intervention_not_performed","description":"x",
                     "occurred_on":"2026-11-22","reported_by":"Olle","intervention_id":"i99"})") == Errc::UnknownReference);
  auto f = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-05-15",
                    "next_follow_up_owner":"p3","interventions":[{"intervention_id":"i7","delivered":false},
                    {"intervention_id":"i8","delivered":false}]})");
  REQUIRE(f.result["proposed_deviations"].size() == 2);
  // Not reported yet: one warning per intervention, due on the follow-up.
  CHECK(issue12::HasWarning(s.c, kDeviationProposed, "i7"));
  CHECK(issue12::HasWarning(s.c, kDeviationProposed, "i8"));
  Json report = f.result["proposed_deviations"][0];
  report["cmd"] = "deviation.report";
  auto d = s.Do(report);
  CHECK(s.c.deviations.back().intervention_id == "i7");
  CHECK(s.c.deviations.back().kind == DeviationKind::InterventionNotPerformed);
  CHECK(d.result["deviation_id"] == s.c.deviations.back().id);
  CHECK_FALSE(issue12::HasWarning(s.c, kDeviationProposed, "i7"));
  CHECK(issue12::HasWarning(s.c, kDeviationProposed, "i8"));
}

TEST_CASE("issue 12 rule 6: the meeting on day 21 is on time, on day 22 it proposes guideline_not_followed") {
  // The need was noticed 2026-11-16: day 21 is 2026-12-07.
  Sip on_time = Invited();
  Json j = Json::parse(kMeeting);
  j["held_on"] = "2026-12-07";
  CHECK(on_time.Do(j).result["proposed_deviations"] == Json::array());
  CHECK(on_time.c.deviation_proposals.empty());

  Sip late = Invited();
  j["held_on"] = "2026-12-08";
  auto out = late.Do(j);
  REQUIRE(out.result["proposed_deviations"].size() == 1);
  const Json p = out.result["proposed_deviations"][0];
  CHECK(p["kind"] == "guideline_not_followed");
  CHECK(p["occurred_on"] == "2026-12-08");
  REQUIRE(late.c.deviation_proposals.size() == 1);
  const DeviationProposal& stored = late.c.deviation_proposals[0];
  CHECK(p["proposal_id"] == stored.id);
  CHECK(stored.rule == GuidelineRule::MeetingWithin21Days);
  CHECK(stored.deadline == "2026-12-07");
  CHECK(stored.days_late == 1);
  CHECK(stored.status == ProposalStatus::Open);
  // The lateness is in the case's history (the event the audit log keeps).
  CHECK(out.events[0].data["proposed_deviations"][0]["proposal_id"] == stored.id);
  CHECK(issue12::HasWarning(late.c, kDeviationProposed, stored.id, D("2026-12-08")));

  SUBCASE("the convener confirms it: reported as it stands") {
    Json report = p;
    report["cmd"] = "deviation.report";
    late.Do(report);
    CHECK(late.c.deviation_proposals[0].status == ProposalStatus::Confirmed);
    CHECK(late.c.deviation_proposals[0].deviation_id == late.c.deviations.back().id);
    CHECK(late.c.deviations.back().proposal_id == stored.id);
    CHECK_FALSE(issue12::HasWarning(late.c, kDeviationProposed, stored.id, D("2026-12-08")));
    CHECK(late.Refuse(report) == Errc::InvalidArgument);   // once
    CHECK(late.Refuse(Json{{"cmd", "deviation.dismiss"}, {"proposal_id", stored.id}, {"reason", "x"},
                           {"dismissed_by", "Sara"}}) == Errc::InvalidArgument);
  }
  SUBCASE("or dismisses it, with a reason; the proposal stays in the case") {
    CHECK(late.Refuse(Json{{"cmd", "deviation.dismiss"}, {"proposal_id", stored.id}, {"dismissed_by", "Sara"}}) ==
          Errc::InvalidArgument);
    CHECK(late.Refuse(Json{{"cmd", "deviation.dismiss"}, {"proposal_id", "dp99"}, {"reason", "x"},
                           {"dismissed_by", "Sara"}}) == Errc::UnknownReference);
    late.Do(Json{{"cmd", "deviation.dismiss"}, {"proposal_id", stored.id},
                 {"reason", "Den enskilde ville vänta till efter sjukhusvistelsen"}, {"dismissed_by", "Sara"}});
    CHECK(late.c.deviation_proposals[0].status == ProposalStatus::Dismissed);
    CHECK(late.c.deviation_proposals[0].resolved_by == "Sara");
    CHECK(late.c.deviations.empty());
    CHECK_FALSE(issue12::HasWarning(late.c, kDeviationProposed, stored.id, D("2026-12-08")));
  }
  SUBCASE("a proposal is confirmed only as guideline_not_followed") {
    Json report = p;
    report["cmd"] = "deviation.report";
    report["kind"] = "parties_disagree";
    CHECK(late.Refuse(report) == Errc::InvalidArgument);
  }
}

TEST_CASE("issue 12 rule 6: collaboration without the individual has no 21-day rule") {
  Sip s = Invited();
  s.c.form = CollaborationForm::WithoutIndividual;
  s.c.convener.role = StaffRole::Enhetschef;
  Json j = Json::parse(kMeeting);
  j["held_on"] = "2026-12-20";
  CHECK(s.Do(j).result["proposed_deviations"] == Json::array());
}

TEST_CASE("issue 12 rule 6: the discharge invitation on day 3 is on time, on day 4 it proposes a deviation") {
  auto at_discharge = [] {
    Sip s = Complete();
    s.Do(R"({"cmd":"convener.set","name":"Vera Vårdkontakt","organisation":"Testsjukhuset","role":"fast_vardkontakt"})");
    s.Do(R"({"cmd":"case.update","ready_for_discharge_on":"2026-11-16"})");
    s.Do(R"({"cmd":"preparation.start"})");
    return s;
  };
  Sip on_time = at_discharge();
  CHECK(on_time.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-19"})").result["proposed_deviations"] == Json::array());
  CHECK(on_time.c.deviation_proposals.empty());
  Sip late = at_discharge();
  auto out = late.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-20"})");
  REQUIRE(out.result["proposed_deviations"].size() == 1);
  CHECK(out.result["proposed_deviations"][0]["kind"] == "guideline_not_followed");
  REQUIRE(late.c.deviation_proposals.size() == 1);
  CHECK(late.c.deviation_proposals[0].rule == GuidelineRule::DischargeInvitationWithin3Days);
  CHECK(late.c.deviation_proposals[0].deadline == "2026-11-19");
  CHECK(late.c.deviation_proposals[0].days_late == 1);
  CHECK(issue12::HasWarning(late.c, kDeviationProposed, late.c.deviation_proposals[0].id));
}

TEST_CASE("issue 12 rule 7: every follow-up that continues or revises sets the next one and its owner") {
  Sip s = Established();
  for (const char* decision : {"continue", "revise"}) {
    CAPTURE(std::string(decision));
    Json base{{"cmd", "followup.record"}, {"held_on", "2027-02-15"}, {"decision", decision}};
    CHECK(s.Refuse(base) == Errc::PlanFollowUpMissing);
    Json no_owner = base;
    no_owner["next_follow_up_on"] = "2027-05-15";
    CHECK(s.Refuse(no_owner) == Errc::PlanFollowUpMissing);
    Json no_date = base;
    no_date["next_follow_up_owner"] = "p3";
    CHECK(s.Refuse(no_date) == Errc::PlanFollowUpMissing);
    Json bad_owner = no_owner;
    bad_owner["next_follow_up_owner"] = "p99";
    CHECK(s.Refuse(bad_owner) == Errc::UnknownReference);
    Json same_day = no_owner;
    same_day["next_follow_up_owner"] = "p3";
    same_day["next_follow_up_on"] = "2027-02-15";
    CHECK(s.Refuse(same_day) == Errc::InvalidDate);
  }
  CHECK(s.Refuse(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"close","next_follow_up_on":"2027-05-15"})") ==
        Errc::InvalidArgument);
  auto ok = s.Do(R"({"cmd":"followup.record","held_on":"2027-02-15","decision":"continue","next_follow_up_on":"2027-02-16",
                     "next_follow_up_owner":"p2"})");
  CHECK(s.c.plan.follow_up_on == "2027-02-16");
  CHECK(s.c.plan.follow_up_owner == "p2");
  CHECK(s.c.follow_ups.back().planned_for == "2027-02-15");
  CHECK(s.c.follow_ups.back().next_follow_up_on == "2027-02-16");
}

TEST_CASE("issue 12 rule 7: a follow-up held early clears follow_up_due for that date") {
  Sip s = Established();   // follow-up planned for 2027-02-15
  s.ctx.today = D("2027-02-10");
  CHECK(issue12::HasWarning(s.c, kFollowUpDue, "*", s.ctx.today));
  s.Do(R"({"cmd":"followup.record","held_on":"2027-02-10","decision":"continue","next_follow_up_on":"2027-08-10",
           "next_follow_up_owner":"p3"})");
  const auto warnings = ComputeWarnings(s.c, s.ctx.today);
  for (const auto& w : warnings)
    if (w.code == kFollowUpDue) CHECK(w.due == "2027-08-10");   // the next one only, no longer 2027-02-15
  CHECK(issue12::HasWarning(s.c, kFollowUpDue, "*", s.ctx.today));
}

TEST_CASE("issue 12 rule 1: participants carry a role from the list too") {
  Sip s = Created();
  CHECK(s.Refuse(R"({"cmd":"participant.add","name":"N","role":"distriktssköterska"})") == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"participant.add","name":"N","role":"other"})") == Errc::InvalidArgument);
  CHECK(s.Refuse(R"({"cmd":"participant.add","name":"N","role":"lakare","role_text":"x"})") == Errc::InvalidArgument);
  const std::string a = s.Do(R"({"cmd":"participant.add","name":"Doris","organisation":"Vårdcentralen","role":"sjukskoterska"})")
                            .result["participant_id"].get<std::string>();
  const std::string b = s.Do(R"({"cmd":"participant.add","name":"Kim","role":"other","role_text":"Kurator"})")
                            .result["participant_id"].get<std::string>();
  s.Do(R"({"cmd":"participant.add","name":"Rut Testsson","huvudman":"relative"})");   // no role: fine
  CHECK(FindParticipant(s.c, a)->role == StaffRole::Sjukskoterska);
  CHECK(FindParticipant(s.c, b)->role_text == "Kurator");
  s.Do(Json{{"cmd", "participant.update"}, {"participant_id", b}, {"role", "arbetsterapeut"}});
  CHECK(FindParticipant(s.c, b)->role == StaffRole::Arbetsterapeut);
  CHECK(FindParticipant(s.c, b)->role_text.empty());
}

TEST_CASE("issue 12 rule 4: meeting.record requires how the person took part; not at all needs the reason") {
  Sip s = Invited();
  Json j = Json::parse(kMeeting);
  j.erase("participation");
  CHECK(s.Refuse(j) == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "participation");
  j["participation"] = "present";
  CHECK(s.Refuse(j) == Errc::InvalidArgument);
  j["participation"] = "not_at_all";
  CHECK(s.Refuse(j) == Errc::InvalidArgument);
  CHECK(s.last_error.detail == "participation_reason");
  j["participation"] = "phone";
  j["participation_reason"] = "x";
  CHECK(s.Refuse(j) == Errc::InvalidArgument);
  for (const char* mode : {"in_person", "phone", "video", "part_of_meeting", "through_representative", "in_writing"}) {
    CAPTURE(std::string(mode));
    Sip t = Invited();
    Json k = Json::parse(kMeeting);
    k["participation"] = mode;
    t.Do(k);
    CHECK(Json(t.c.meeting.participation) == mode);
  }
  j["participation"] = "not_at_all";
  j["participation_reason"] = "Astrid orkade inte; hennes önskemål fanns med skriftligt genom Rut";
  s.Do(j);
  CHECK(s.c.meeting.participation == ParticipationMode::NotAtAll);
  // It appears in the plan: the established version keeps it.
  auto v = s.Do(R"({"cmd":"plan.establish","established_on":"2026-12-01"})");
  CHECK(s.c.versions[0].participation == ParticipationMode::NotAtAll);
  CHECK(s.c.versions[0].participation_reason == s.c.meeting.participation_reason);
  CHECK(v.result["version"] == 1);
}
