#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/model.h"

using namespace sip;
using Json = nlohmann::json;

TEST_CASE("a case round-trips through its JSON form, defaults included") {
  Case c;
  c.id = "c-1";
  c.step = Step::FollowUp;
  c.owner.name = "Tolvan Tolvansson";
  c.representatives.push_back({"r1", RepresentativeRole::Forvaltare, "Testa Testsson", "", "", ""});
  c.plan.goals.push_back({"g1", "Bo kvar hemma", "", true, GoalStatus::Active});
  c.versions.push_back({1, "2026-11-22", "", c.plan, ParticipationMode::InPerson, ""});
  c.mapping.push_back({LifeArea::Housing, "Trappan är svår", {{"Hemtjänsten", "Inköp"}}});
  const Json j = c;
  CHECK(j["step"] == "follow_up");
  CHECK(j["representatives"][0]["role"] == "forvaltare");
  CHECK(j["mapping"][0]["area"] == "housing");
  CHECK(Json(j.get<Case>()) == j);
  CHECK(Json(Json(Case{}).get<Case>()) == Json(Case{}));
}

TEST_CASE("the 14 life areas of seed 004 §4.6 have distinct Swedish labels and JSON names") {
  std::set<std::string> labels, names;
  for (int i = 0; i < kLifeAreaCount; ++i) {
    const auto a = static_cast<LifeArea>(i);
    labels.insert(LifeAreaLabel(a));
    names.insert(Json(a).get<std::string>());
  }
  CHECK(labels.size() == 14);
  CHECK(names.size() == 14);
  CHECK(std::string(LifeAreaLabel(LifeArea::Learning)) == "Inläring och använda kunskap");
  CHECK(std::string(LifeAreaLabel(LifeArea::Leisure)) == "Rekreation och fritid");
}

TEST_CASE("the hand-off checklist of seed 001 has seven steps, each with a responsible role") {
  std::set<std::string> labels;
  for (int i = 0; i < kChecklistCount; ++i) {
    const auto item = static_cast<ChecklistItem>(i);
    labels.insert(ChecklistLabel(item));
    CHECK(std::string(ChecklistResponsible(item)).size() > 5);
  }
  CHECK(labels.size() == 7);
}

TEST_CASE("the default agenda is 20/20/20 and every step has a label") {
  const auto agenda = DefaultAgenda();
  REQUIRE(agenda.size() == 3);
  for (const auto& p : agenda) CHECK(p.planned_minutes == 20);
  for (Step s : {Step::NeedDetected, Step::Preparation, Step::Invitation, Step::Meeting, Step::FollowUp, Step::Closed})
    CHECK(std::string(StepLabel(s)).size() > 3);
}

TEST_CASE("unknown enum spellings do not pass as known values") {
  // The JSON reader maps an unknown string to the first entry; commands compare back to refuse it.
  const Json bad = "not_a_reason";
  CHECK(Json(bad.get<ClosureReason>()) != bad);
  CHECK(Json(Json("goals_met").get<ClosureReason>()) == "goals_met");
}

TEST_CASE("model: an older free-text convener role still loads (issue 12)") {
  auto load = [](const char* role) {
    Json j = Json(Case{});
    j["convener"] = {{"name", "N"}, {"organisation", "O"}, {"role", role}, {"contact", ""}};
    return j.get<Case>().convener;
  };
  CHECK(load("socialsekreterare").role == StaffRole::Socialsekreterare);
  CHECK(load("Enhetschef").role == StaffRole::Enhetschef);
  CHECK(load("fast vårdkontakt").role == StaffRole::FastVardkontakt);
  CHECK(load("Sjuksköterska").role == StaffRole::Sjukskoterska);
  const Convener other = load("distriktssköterska");
  CHECK(other.role == StaffRole::Other);
  CHECK(other.role_text == "distriktssköterska");
  CHECK(load("").role == StaffRole::Unknown);
  // No role at all, and none of the new fields: defaults.
  Json j = Json(Case{});
  j["convener"] = {{"name", "N"}};
  j.erase("deviation_proposals");
  const Case c = j.get<Case>();
  CHECK(c.convener.role == StaffRole::Unknown);
  CHECK(c.convener.chair_delegated_to.empty());
  CHECK(c.deviation_proposals.empty());
  // Round trip of the new form.
  Convener v{"N", "O", StaffRole::Other, "Kurator", "070", "Olle"};
  CHECK(Json(v).get<Convener>().role_text == "Kurator");
  CHECK(Json(Json(v).get<Convener>()) == Json(v));
}

TEST_CASE("model: every staff role has a JSON spelling and a Swedish label") {
  for (int i = 1; i <= static_cast<int>(StaffRole::Other); ++i) {
    const auto r = static_cast<StaffRole>(i);
    CHECK(Json(r).is_string());
    CHECK(std::string(StaffRoleLabel(r)).size() > 0);
    CHECK(StaffRoleFromText(Json(r).get<std::string>()) == r);
  }
  CHECK(std::string(StaffRoleLabel(StaffRole::Unknown)).empty());
}

TEST_CASE("model: an older free-text participant role loads as other with the text; participation defaults") {
  Json j = Json(Case{});
  j["participants"] = Json::array({{{"id", "p1"}, {"name", "N"}, {"role", "distriktssköterska"}},
                                   {{"id", "p2"}, {"name", "M"}, {"role", "omsorgshandledare"}},
                                   {{"id", "p3"}, {"name", "O"}}});
  j["meeting"] = {{"held_on", "2026-11-20"}};
  j["versions"] = Json::array({{{"version", 1}, {"established_on", "2026-11-20"}}});
  const Case c = j.get<Case>();
  CHECK(c.participants[0].role == StaffRole::Other);
  CHECK(c.participants[0].role_text == "distriktssköterska");
  CHECK(c.participants[1].role == StaffRole::Omsorgshandledare);
  CHECK(c.participants[2].role == StaffRole::Unknown);
  CHECK(c.meeting.participation == ParticipationMode::Unknown);
  CHECK(c.versions[0].participation == ParticipationMode::Unknown);
  CHECK(StaffRoleDisplay(c.participants[0].role, c.participants[0].role_text) == "distriktssköterska");
  CHECK(StaffRoleDisplay(StaffRole::Socialsekreterare, "") == "Socialsekreterare (myndighet)");
  CHECK(Json(Json(c).get<Case>()) == Json(c));
  CHECK(Json(ParticipationMode::NotAtAll) == "not_at_all");
  CHECK(std::string(ParticipationModeLabel(ParticipationMode::NotAtAll)).size() > 0);
}
