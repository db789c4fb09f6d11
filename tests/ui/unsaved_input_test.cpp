// What was typed and not saved, kept across a lock (ui/unsaved_input.h, AppUi::ResumeNote/Resume): every form
// of a case, Ny SIP, Inställningar and the meeting view's timer come back as they were, sections saved
// meanwhile stay saved, and a note that does not read comes back as far as it does without breaking anything.
#include <doctest/doctest.h>

#include "app/handler.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/unsaved_input.h"

using namespace sip;

namespace {

constexpr UnixMs kNow = 1795336070123;

store::Store OpenStore() {
  auto s = store::Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  return std::move(*s);
}

// An open in-memory database behind the command handler, as the app has it while unlocked.
struct Unlocked {
  store::Store store = OpenStore();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  ui::UiStatus st = [] {
    ui::UiStatus s;
    s.db_open = true;
    return s;
  }();
};

std::string CreateCase(app::CommandHandler& handler, const char* name, const char* pnr) {
  const Json created = handler.Dispatch({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-30"},
                                         {"owner", {{"name", name}, {"identity_number", pnr}}}});
  REQUIRE(created.value("ok", false));
  return created["result"]["case_id"].get<std::string>();
}

// Something typed into every form of a case's draft (none of it saved).
void TypeEverywhere(ui::CaseDraft& d) {
  d.edit.owner.phone = "070-123 45 67";
  d.edit.noticed_on = "2026-11-28";
  d.edit.preparation.what_matters = "Att få vara hemma och ta hand om trädgården.";
  d.edit.plan.coordinator = "Kim Samordnare";
  Goal goal;
  goal.id = "g-typed";
  goal.text = "Klara morgonen själv";
  goal.persons_own_words = true;
  d.edit.plan.goals.push_back(goal);
  d.new_representative.name = "Greta Anhörig";
  d.new_consent.given_by = "Arvid Testsson";
  d.refusal.refused_by = "Arvid Testsson";
  d.refusal_attempts = "Försök 1\nFörsök 2";
  d.withdraw.consent_id = "c-1";
  d.new_participant.name = "Sam Sjuksköterska";
  d.new_goal.text = "Gå till affären";
  d.new_intervention.what = "Hjälp med dusch";
  d.new_actor.actor = "Grannen";
  d.new_other_plan.note = "Vårdplan finns";
  d.meeting.notes = "Mötet började i köket.";
  d.meeting.attendance["p-1"] = Attendance::Present;
  d.follow_up.held_on = "2026-12-10";
  d.closure.where_to_turn = "Ring hemtjänsten.";
  d.new_deviation.description = "Kallelsen kom för sent.";
  d.dismiss_reason["prop-1"] = "Personen ville vänta.";
  d.established_on = "2026-12-02";
  d.sent_on = "2026-12-03";
  d.checklist_by[2] = "Kim";
}

}  // namespace

TEST_CASE("unsaved input: every form of a case comes back after a lock, and nothing else changes") {
  Unlocked u;
  app::CommandHandler& handler = u.handler;
  ui::UiStatus& st = u.st;
  const std::string id = CreateCase(handler, "Arvid Testsson", "19821105-9954");
  const std::string other = CreateCase(handler, "Bea Testsson", "19821105-9954");

  ui::AppUi ui(handler);
  ui.OpenCase(st, kNow, other);   // opened, nothing typed: not in the note
  ui.OpenCase(st, kNow, id);
  ui.workspace().panel = ui::Panel::Plan;
  ui::CaseDraft& d = ui.workspace().drafts.at(id);
  TypeEverywhere(d);
  const Json before = ui::UnsavedInput(d);
  CHECK(before.contains("sections"));
  CHECK(before["sections"] == Json{0, 1, 3, 6, 8});   // case info, owner, preparation, plan fields, goals
  CHECK(before["forms"].size() == 18);                 // every single-shot form

  const Json note = Json::parse(ui.ResumeNote());
  CHECK(note["input"]["cases"].size() == 1);
  CHECK(note["input"]["cases"].contains(id));
  CHECK(note["panel"] == static_cast<int>(ui::Panel::Plan));

  // Meanwhile (another device's bundle, or a save before the lock) the convener changed in the store.
  REQUIRE(handler.Dispatch({{"cmd", "convener.set"}, {"case_id", id}, {"name", "Rut Region"},
                            {"organisation", "Socialtjänsten"}, {"role", "socialsekreterare"}})
              .value("ok", false));

  ui::AppUi later(handler);
  st.data_generation = 7;
  later.Resume(note.dump(), st, kNow);
  REQUIRE(later.current() == ui::Screen::Case);
  CHECK(later.workspace().current == id);
  CHECK(later.workspace().panel == ui::Panel::Plan);
  const ui::CaseDraft& back = later.workspace().drafts.at(id);
  const Json after = ui::UnsavedInput(back);
  CHECK(after["sections"] == before["sections"]);
  CHECK(after["forms"] == before["forms"]);
  CHECK(back.HasUnsavedInput());
  CHECK(back.edit.owner.phone == "070-123 45 67");
  CHECK(back.edit.owner.name == "Arvid Testsson");
  CHECK(back.edit.plan.goals.size() == 1);
  CHECK(back.edit.convener.name == "Rut Region");   // not touched by the user: the stored version shows
  CHECK_FALSE(back.Dirty(ui::Section::Convener));
  CHECK(back.meeting.attendance.at("p-1") == Attendance::Present);
  CHECK(back.checklist_by.at(2) == "Kim");
  CHECK(later.workspace().drafts.count(other) == 0);
}

TEST_CASE("unsaved input: Ny SIP and Inställningar come back; a typed backup passphrase does not") {
  Unlocked u;
  app::CommandHandler& handler = u.handler;
  ui::UiStatus& st = u.st;
  const ui::UiContext ctx{handler, st, kNow};

  ui::AppUi ui(handler);
  ui.new_case().draft.owner.name = "Cilla Ny";
  ui.new_case().draft.owner.identity_number = "19821105-9954";
  ui.new_case().representatives.push_back({"", RepresentativeRole::Unknown, "Dan Anhörig", "", "", ""});
  ui.settings().Load(ctx);
  bool typed = false;
  for (auto& f : ui.settings().fields)
    if (f.key == "staff.name") {
      f.edit = "Eva Hemtjänst";
      typed = true;
    }
  REQUIRE(typed);
  ui.settings().passphrase = "hemlig lösenfras för kopian";
  ui.Show(ui::Screen::Settings);
  const std::string note = ui.ResumeNote();
  CHECK(note.find("hemlig") == std::string::npos);

  ui::AppUi later(handler);
  later.Resume(note, st, kNow);
  CHECK(later.current() == ui::Screen::Settings);
  CHECK(later.new_case().draft.owner.name == "Cilla Ny");
  CHECK(later.new_case().draft.owner.identity_number == "19821105-9954");
  REQUIRE(later.new_case().representatives.size() == 1);
  CHECK(later.new_case().representatives[0].name == "Dan Anhörig");
  CHECK(later.settings().Dirty());
  CHECK(ui::UnsavedInput(later.settings()) == Json{{"staff.name", "Eva Hemtjänst"}});
  CHECK(later.settings().passphrase.empty());
  CHECK(later.HasUnsavedInput());
}

TEST_CASE("unsaved input: nothing typed means a note of ids only") {
  Unlocked u;
  app::CommandHandler& handler = u.handler;
  ui::UiStatus& st = u.st;
  const std::string id = CreateCase(handler, "Arvid Testsson", "19821105-9954");
  ui::AppUi ui(handler);
  ui.OpenCase(st, kNow, id);
  const Json note = Json::parse(ui.ResumeNote());
  CHECK_FALSE(note.contains("input"));
  CHECK(ui::UnsavedInput(ui.workspace().drafts.at(id)).empty());
}

TEST_CASE("unsaved input: a note that does not read comes back as far as it does") {
  Unlocked u;
  app::CommandHandler& handler = u.handler;
  ui::UiStatus& st = u.st;
  const std::string id = CreateCase(handler, "Arvid Testsson", "19821105-9954");
  const Json note = {{"screen", static_cast<int>(ui::Screen::Case)}, {"case", id}, {"panel", 99},
                     {"input", {{"cases", {{id, {{"sections", {1, 3, 99, "x"}},
                                                  {"edit", {{"owner", 17}, {"preparation", {{"what_matters", "Kvar"}}}}},
                                                  {"forms", {{"new_goal", "inte ett mål"},
                                                             {"new_deviation", {{"description", "Kvar också"}}},
                                                             {"checklist_by", {{"a", 1}}}}}}},
                                            {"ingen-sådan", {{"new_goal", {{"text", "x"}}}}}}},
                                {"settings", {{"staff.name", 5}, {"no.such.key", "x"}}},
                                {"new_case", 3},
                                {"meeting", {{"case", id}, {"timer", {0, 1, 1, "x"}}}}}}};
  ui::AppUi later(handler);
  later.Resume(note.dump(), st, kNow);
  REQUIRE(later.current() == ui::Screen::Case);
  const ui::CaseDraft& d = later.workspace().drafts.at(id);
  CHECK(d.edit.owner.name == "Arvid Testsson");   // an edited case that does not read: every section as stored
  CHECK(d.edit.preparation.what_matters.empty());
  CHECK_FALSE(d.Dirty(ui::Section::Owner));
  CHECK(d.new_goal.text.empty());                  // forms that do not all read: none of them
  CHECK(d.new_deviation.description.empty());
  CHECK(later.workspace().drafts.count("ingen-sådan") == 0);   // no such case
  CHECK(later.workspace().panel != static_cast<ui::Panel>(99));
  CHECK_FALSE(later.settings().Dirty());
}

TEST_CASE("meeting timer: a snapshot keeps a running meeting's clock through a lock") {
  ui::MeetingTimer t;
  t.SetPlanned(1, 25);
  t.Start(kNow);
  t.Next(kNow + 60000);
  const Json snap = t.Snapshot();
  ui::MeetingTimer back;
  REQUIRE(back.Restore(snap));
  CHECK(back.current() == 1);
  CHECK(back.running());
  CHECK(back.phases()[1].planned_minutes == 25);
  CHECK(back.UsedMs(0, kNow + 600000) == 60000);
  CHECK(back.UsedMs(1, kNow + 600000) == 540000);   // the minutes locked count: the meeting went on
  ui::MeetingTimer untouched;
  CHECK_FALSE(untouched.Restore(Json::array({0, 1, 1, 5})));
  Json bad_phase = snap;
  bad_phase[0] = 6;   // no seventh phase
  CHECK_FALSE(untouched.Restore(bad_phase));
  CHECK_FALSE(untouched.Restore(Json("nonsense")));
  CHECK_FALSE(untouched.started());
}

TEST_CASE("unsaved input: the meeting view comes back with its dates and its running timer") {
  Unlocked u;
  app::CommandHandler& handler = u.handler;
  ui::UiStatus& st = u.st;
  const std::string id = CreateCase(handler, "Arvid Testsson", "19821105-9954");
  ui::AppUi ui(handler);
  ui.OpenMeeting(st, kNow, id);
  ui.meeting().held_on = "2026-12-01";
  ui.meeting().timer.Start(kNow);
  ui.meeting().timer.Next(kNow + 300000);
  const std::string note = ui.ResumeNote();

  ui::AppUi later(handler);
  later.Resume(note, st, kNow + 900000);
  REQUIRE(later.current() == ui::Screen::Meeting);
  CHECK(later.meeting().case_id == id);
  CHECK(later.meeting().held_on == "2026-12-01");
  CHECK(later.meeting().timer.running());
  CHECK(later.meeting().timer.current() == 1);
  CHECK(later.meeting().timer.UsedMs(1, kNow + 900000) == 600000);
}
