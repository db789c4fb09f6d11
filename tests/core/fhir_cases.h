// tests/core/fhir_cases.h — scenario cases for the FHIR mapping, built through the case commands as
// tests/core/scenarios_test.cpp does (a header, so both the doctest suite and the native dump tool
// tests/fhir/fhir_dump.cpp use the same cases). No doctest here: a refused command throws.
//
// All people are fictional; identity numbers come from /work/shared/testdata (199012119948,
// 198211059954, 197306749982 — the last one is a samordningsnummer).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/case_commands.h"
#include "core/fhir.h"

namespace sip::fhirtest {

class Builder {
 public:
  Case c;
  CommandContext ctx{{2026, 11, 22}, "Olle Omsorgshandledare", "c-1"};

  void On(const char* date) { ctx.today = *ParseDate(date); }

  Json Do(Json j) {
    if (j.value("cmd", "") != "case.create") j["case_id"] = "c-1";
    auto req = ParseRequest(j);
    if (!req) throw std::runtime_error("bad request");
    auto out = ApplyCaseCommand(req->cmd == "case.create" ? nullptr : &c, *req, ctx);
    if (!out)
      throw std::runtime_error(j.value("cmd", "") + ": " + std::string(ErrorCode(out.error().code)) + " " + out.error().detail);
    c = out->state;
    return out->result;
  }
  Json Do(const char* text) { return Do(Json::parse(text)); }
  std::string Add(Json participant) {
    participant["cmd"] = "participant.add";
    return Do(participant)["participant_id"].get<std::string>();
  }
};

inline Json Attending(std::vector<std::pair<std::string, const char*>> rows) {
  Json a = Json::array();
  for (const auto& [id, how] : rows) a.push_back({{"participant_id", id}, {"attendance", how}});
  return a;
}

// (a) Home care detects the need (personnummer), plan established, then a follow-up that continues.
inline Case CaseHomeCare(bool with_follow_up = true) {
  Builder s;
  s.On("2026-11-02");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Arvid Testsson","identity_number":"19821105-9954",
           "address":"Testgatan 1, Testköping","phone":"070-000 00 01"},
           "noticed_by":"home_care","noticed_on":"2026-11-02","level":"sip_plus"})");
  s.On("2026-11-03");
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(R"({"cmd":"preparation.update","what_matters":"Jag vill bo kvar hemma och kunna gå ut på promenad",
           "participation":"in_person","meeting_leader":"Olle Omsorgshandledare"})");
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"oral","documented_by":"Olle Omsorgshandledare",
           "documented_on":"2026-11-03","valid_from":"2026-11-03",
           "covers":["Socialtjänsten Testköping","Vårdcentralen Test","Hemtjänsten Testgården"],
           "exclusions":["Tidigare missbruk"]})");
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
            {"questions", {"Vem lägger om såren?"}},
            {"meeting_at", "2026-11-17T10:00"},
            {"place", "Hemma hos Arvid"},
            {"invitees", {home_care, social_worker, nurse}}});
  s.On("2026-11-05");
  s.Do(R"({"cmd":"convener.set","name":"Sara Socialsekreterare","organisation":"Socialtjänsten Testköping",
           "role":"socialsekreterare"})");
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-05"})");
  s.On("2026-11-17");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
            {"held_on", "2026-11-17"},
            {"leader", "Olle Omsorgshandledare"},
            {"attendance", Attending({{home_care, "present"}, {social_worker, "present"}, {nurse, "absent_with_notice"}})}});
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
  s.Do(R"({"cmd":"other_actor.add","actor":"Försäkringskassan","action":"Bedöma rätt till bostadstillägg"})");
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", social_worker}, {"follow_up_on", "2027-02-15"},
            {"follow_up_owner", social_worker}, {"what_to_follow_up", "Såren, fallen och larmet"}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-17"})");
  if (with_follow_up) {
    s.On("2027-02-15");
    std::vector<Json> evals;
    for (const auto& i : s.c.plan.interventions) evals.push_back({{"intervention_id", i.id}, {"delivered", true}, {"effect", "Bra"}});
    s.Do(Json{{"cmd", "followup.record"},
              {"held_on", "2027-02-15"},
              {"decision", "continue"},
              {"next_follow_up_on", "2027-05-17"},
              {"next_follow_up_owner", social_worker},
              {"goals", {{{"goal_id", main_goal}, {"result", "partly_achieved"}, {"comment", "Promenader varannan dag"}},
                         {{"goal_id", sub_goal}, {"result", "achieved"}}}},
              {"interventions", evals}});
  }
  return s.c;
}

// (b) The region convenes at discharge (personnummer 199012119948); home care invited as an organisation.
inline Case CaseDischarge() {
  Builder s;
  s.On("2026-11-19");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Bengt Testsson","identity_number":"199012119948"},
           "noticed_by":"regional_health_care","noticed_on":"2026-11-19","ready_for_discharge_on":"2026-11-19",
           "scenario":"region_convenes"})");
  s.Do(R"({"cmd":"consent.record","given_by":"person","form":"written","documented_by":"Vera Vårdkontakt",
           "documented_on":"2026-11-19","valid_from":"2026-11-19","valid_to":"2027-11-19"})");
  s.Do(R"({"cmd":"convener.set","name":"Vera Vårdkontakt","organisation":"Testsjukhuset, avdelning 12","role":"fast_vardkontakt"})");
  const std::string ward = s.Add({{"name", "Vera Vårdkontakt"}, {"organisation", "Testsjukhuset, avdelning 12"},
                                  {"huvudman", "region"}, {"role", "fast_vardkontakt"}});
  const std::string home_care = s.Add({{"organisation", "Hemtjänsten Testgården"}, {"huvudman", "municipality"},
                                       {"role", "omsorgshandledare"}});
  const std::string daughter = s.Add({{"name", "Berit Testsson"}, {"huvudman", "relative"}});
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(Json{{"cmd", "invitation.update"},
            {"purpose", "Att Bengt kan komma hem tryggt efter sjukhusvistelsen"},
            {"meeting_at", "2026-11-24T13:00"},
            {"place", "Testsjukhuset, avdelning 12"},
            {"invitees", {ward, home_care, daughter}}});
  s.On("2026-11-21");
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-21"})");
  s.On("2026-11-24");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "in_person"},
            {"held_on", "2026-11-24"},
            {"attendance", Attending({{ward, "present"}, {home_care, "present"}, {daughter, "absent_without_notice"}})}});
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill sova i min egen säng","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Tillsyn morgon och kväll"}, {"responsible", home_care}, {"goal_id", goal},
            {"start_date", "2026-11-25"}, {"home_care_commitment", true}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Läkemedelsgenomgång"}, {"responsible", ward}, {"goal_id", goal}});
  s.Do(R"({"cmd":"other_plan.add","kind":"discharge_planning","note":"Samordnad utskrivning"})");
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", ward}, {"follow_up_on", "2026-12-15"}, {"follow_up_owner", ward}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-24"})");
  return s.c;
}

// (c) A child recorded by a reserve identity, two guardians consenting.
inline Case CaseChild() {
  Builder s;
  s.On("2026-11-10");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Lilly Testsson","reserve_number":true,"birth_date":"2014-05-12"},
           "noticed_by":"school","noticed_on":"2026-11-10"})");
  const std::string mother = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Mira Testsson","phone":"070-1"})")
                                 ["representative_id"].get<std::string>();
  const std::string father = s.Do(R"({"cmd":"representative.add","role":"guardian","name":"Max Testsson","phone":"070-2"})")
                                 ["representative_id"].get<std::string>();
  s.Do(R"({"cmd":"preparation.start"})");
  s.Do(R"({"cmd":"preparation.update","what_matters":"Jag vill vara med kompisarna på rasterna","participation":"part_of_meeting"})");
  s.Do(R"({"cmd":"mapping.update","area":"play","person_view":"Jag vill vara med och spela fotboll"})");
  s.Do(R"({"cmd":"mapping.update","area":"education","person_view":"Det är för stökigt i klassrummet"})");
  s.Do(Json{{"cmd", "consent.record"}, {"given_by", mother}, {"form", "written"}, {"valid_from", "2026-11-11"},
            {"documented_by", "Malin Mentor"}, {"documented_on", "2026-11-11"}});
  s.Do(Json{{"cmd", "consent.record"}, {"given_by", father}, {"form", "oral"}, {"valid_from", "2026-11-12"},
            {"documented_by", "Malin Mentor"}, {"documented_on", "2026-11-12"}});
  s.Do(R"({"cmd":"convener.set","name":"Malin Mentor","organisation":"Testskolan","role":"other","role_text":"mentor"})");
  const std::string school = s.Add({{"name", "Malin Mentor"}, {"organisation", "Testskolan"}, {"huvudman", "municipality"}});
  const std::string bup = s.Add({{"organisation", "BUP Test"}, {"huvudman", "region"}, {"role", "other"}, {"role_text", "psykolog"}});
  s.Do(Json{{"cmd", "invitation.update"}, {"purpose", "Att Lilly trivs i skolan"}, {"meeting_at", "2026-11-26T15:00"},
            {"place", "Testskolan"}, {"invitees", {school, bup}}});
  s.On("2026-11-12");
  s.Do(R"({"cmd":"invitation.send","sent_on":"2026-11-12"})");
  s.On("2026-11-26");
  s.Do(Json{{"cmd", "meeting.record"}, {"participation", "part_of_meeting"}, {"held_on", "2026-11-26"},
            {"attendance", Attending({{school, "present"}, {bup, "present"}})}});
  const std::string goal = s.Do(R"({"cmd":"goal.add","text":"Jag vill vara med kompisarna på rasterna","persons_own_words":true})")
                               ["goal_id"].get<std::string>();
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Rastvärd följer med ut"}, {"responsible", school}, {"goal_id", goal}});
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Samtal om oro"}, {"responsible", bup}, {"goal_id", goal},
            {"frequency", "varannan vecka"}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", school}, {"follow_up_on", "2027-01-28"}, {"follow_up_owner", school},
            {"child_perspective", "Lilly deltog i början av mötet och berättade själv."}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-11-26"})");
  return s.c;
}

// (d) Consent withdrawn after the plan was established (samordningsnummer 197306749982), case closed.
// User text carries markup that must come out escaped.
inline Case CaseWithdrawn(bool close = true) {
  Builder s;
  s.On("2026-10-01");
  s.Do(R"({"cmd":"case.create","owner":{"name":"Doris <script>alert(1)</script> Testsson","identity_number":"19730674-9982"},
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
  s.Do(R"({"cmd":"goal.add","text":"Jag vill klara min vardag <b>själv</b> & \"tryggt\"","persons_own_words":true})");
  s.Do(Json{{"cmd", "intervention.add"}, {"what", "Stöd med inköp <script>alert('x')</script>"}, {"responsible", home_care},
            {"home_care_commitment", true}, {"frequency", "varje fredag"}});
  s.Do(Json{{"cmd", "plan.update"}, {"coordinator", psychiatry}, {"follow_up_on", "2027-01-15"}, {"follow_up_owner", psychiatry}});
  s.Do(R"({"cmd":"plan.establish","established_on":"2026-10-15"})");
  s.On("2026-11-20");
  s.Do(Json{{"cmd", "consent.withdraw"}, {"consent_id", consent}, {"withdrawn_on", "2026-11-20"},
            {"recorded_by", "Olle Omsorgshandledare"}});
  if (close) {
    s.On("2026-11-22");
    s.Do(R"({"cmd":"case.close","reason":"consent_withdrawn","closed_on":"2026-11-22","participants_informed":true,
             "informed_on":"2026-11-22","where_to_turn":"Kontakta socialtjänsten"})");
  }
  return s.c;
}

inline FhirDocumentParams Params(int version, const char* id = "0f8e2a4c-5b1d-4e3f-9a7b-6c5d4e3f2a1b",
                                 const char* timestamp = "2026-11-25T09:30:00Z") {
  FhirDocumentParams p;
  p.plan_version = version;
  p.document_id = id;
  p.timestamp = timestamp;
  p.author_name = "Olle Omsorgshandledare";
  p.author_device = "Laptop 3";
  p.organisation = "Hemtjänsten Testgården";
  return p;
}

// The documents the dump tool writes and the Node validator checks: name → document.
inline std::vector<std::pair<std::string, Json>> ScenarioDocuments() {
  std::vector<std::pair<std::string, Json>> out;
  auto add = [&](const std::string& name, const Case& c, const FhirDocumentParams& p) {
    auto d = PlanDocument(c, p);
    if (!d) throw std::runtime_error(name + ": " + std::string(ErrorCode(d.error().code)) + " " + d.error().detail);
    out.emplace_back(name, *d);
  };
  const Case a = CaseHomeCare();
  add("a-home-care-v1", a, Params(1));
  add("a-home-care-follow-up", a, Params(0, "1a2b3c4d-0000-4000-8000-000000000001", "2027-02-15T14:05:00Z"));
  add("b-discharge-v1", CaseDischarge(), Params(1, "1a2b3c4d-0000-4000-8000-000000000002", "2026-11-25T13:00:00+01:00"));
  add("c-child-reserve-v1", CaseChild(), Params(1, "1a2b3c4d-0000-4000-8000-000000000003"));
  add("d-withdrawn-v1", CaseWithdrawn(), Params(1, "1a2b3c4d-0000-4000-8000-000000000004"));
  FhirDocumentParams bare = Params(1, "1a2b3c4d-0000-4000-8000-000000000005");
  bare.author_name.clear();
  bare.author_device.clear();
  bare.organisation.clear();
  add("e-no-author-no-org", CaseDischarge(), bare);
  return out;
}

}  // namespace sip::fhirtest
