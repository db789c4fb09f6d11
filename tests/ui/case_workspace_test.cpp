// The case screens driven the way a user works them, headlessly: the forms' drafts are filled in, the screens'
// actions are pressed, every panel is drawn at every step, and the results are read back through case.get.
#include <doctest/doctest.h>

#include <imgui.h>

#include "app/handler.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/screens/case/panels.h"
#include "ui/widgets/form.h"
#include "core/readiness.h"
#include <algorithm>

using namespace sip;
using ui::Panel;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22 (UTC)

struct Fixture {
  ui::testing::Headless h;
  store::Store store = std::move(*store::Store::Open(":memory:", kNow));
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  ui::UiStatus status;
  ui::AppUi app{handler};
  Fixture() { status.db_open = true; }
  ui::UiContext Ctx() { return {handler, status, kNow}; }
  // A commit moves the data generation, as the platform does after every write.
  void Committed() { ++status.data_generation; }
  // Draws every panel of the open case (and the whole window) once.
  void DrawAllPanels() {
    for (int i = 0; i < static_cast<int>(Panel::Count); ++i) {
      app.workspace().panel = static_cast<Panel>(i);
      h.Frame([&] { app.Draw(status, kNow); });
      CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  }
  Json Case(const std::string& id) { return handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}})["result"]["case"]; }
};

std::string CreateCase(Fixture& f, const std::string& name, bool child = false) {
  ui::NewCaseScreen& n = f.app.new_case();
  n.draft.noticed_by = NoticedBy::HomeCare;
  n.draft.noticed_on = "2026-11-16";
  n.draft.form = CollaborationForm::Sip;
  n.draft.scenario = ConveningScenario::HomeCareDetects;
  n.draft.owner.name = name;
  if (child) {
    n.draft.owner.reserve_number = true;
    n.draft.owner.birth_date = "2014-05-12";
    n.representatives.push_back({"", RepresentativeRole::Guardian, "Gun Vårdnadshavare", "", "", ""});
    n.representatives.push_back({"", RepresentativeRole::Guardian, "Gert Vårdnadshavare", "", "", ""});
  } else {
    n.draft.owner.identity_number = "19821105-9954";
  }
  REQUIRE(n.Create(f.Ctx()));
  f.Committed();
  const std::string id = n.created_case;
  f.app.OpenCase(f.status, kNow, id);
  n.created_case.clear();
  return id;
}

}  // namespace

TEST_CASE("Ny SIP: the identity number is checked as it is typed and a refused case keeps the input") {
  Fixture f;
  ui::NewCaseScreen& n = f.app.new_case();
  bool valid = true;
  n.draft.owner.identity_number = "19821105-9955";   // wrong check digit
  CHECK_FALSE(n.IdentityNote({2026, 11, 22}, &valid).empty());
  CHECK_FALSE(valid);
  n.draft.owner.identity_number = "821105-9954";
  CHECK(n.IdentityNote({2026, 11, 22}, &valid).find("44 år") != std::string::npos);
  CHECK(valid);
  n.draft.owner.reserve_number = true;
  n.draft.owner.birth_date = "2014-05-12";
  CHECK(n.IdentityNote({2026, 11, 22}, &valid).find("barn") != std::string::npos);
  // No name: refused with the core's code, nothing typed is lost.
  n.draft.noticed_on = "2026-11-16";
  CHECK_FALSE(n.Create(f.Ctx()));
  CHECK(n.error_code == "owner_incomplete");
  CHECK(n.draft.owner.birth_date == "2014-05-12");
  CHECK(f.app.HasUnsavedInput());
  f.app.Show(ui::Screen::NewCase);
  f.h.DrawApp(f.app, f.status, kNow);
}

TEST_CASE("a whole case through the screens: preparation to closure, with refusals shown inline") {
  Fixture f;
  const std::string id = CreateCase(f, "Arvid Testsson");
  CHECK(f.app.current() == ui::Screen::Case);
  ui::CaseDraft& d = *f.app.workspace().Current();
  auto ctx = f.Ctx();
  f.DrawAllPanels();

  // Preparation: typed input is a draft until saved, and survives switching screens and cases.
  REQUIRE(ui::StartPreparation(ctx, d));
  d.edit.preparation.what_matters = "Jag vill bo kvar hemma och klara mig själv på morgonen";
  d.edit.preparation.questions = {"Hur får jag hjälp på morgonen?"};
  CHECK(d.Dirty(ui::Section::Preparation));
  CHECK(f.app.HasUnsavedInput());
  f.app.Show(ui::Screen::Home);
  f.h.DrawApp(f.app, f.status, kNow);
  f.app.OpenCase(f.status, kNow, id);
  CHECK(f.app.workspace().Current()->edit.preparation.what_matters.find("bo kvar") != std::string::npos);
  // The update check refuses while the draft is unsaved.
  f.status.update_available = true;
  CHECK(f.app.RequestUpdate(f.status) == ui::AppUi::UpdateRequest::UnsavedInput);
  f.status.update_available = false;
  // Ctrl+S saves the current panel.
  f.app.workspace().panel = Panel::Preparation;
  REQUIRE(f.app.workspace().SaveCurrentPanel(ctx));
  CHECK_FALSE(d.Dirty(ui::Section::Preparation));
  CHECK(f.Case(id)["preparation"]["what_matters"] == "Jag vill bo kvar hemma och klara mig själv på morgonen");

  // Participants and convener.
  d.new_participant.name = "Olle Omsorgshandledare";
  d.new_participant.organisation = "Hemtjänsten Testgården";
  d.new_participant.huvudman = Huvudman::Municipality;
  REQUIRE(ui::AddParticipant(ctx, d));
  d.new_participant.name = "Sara Socialsekreterare";
  d.new_participant.organisation = "Socialtjänsten Testköping";
  REQUIRE(ui::AddParticipant(ctx, d));
  REQUIRE(d.base.participants.size() == 2);
  const std::string olle = d.base.participants[0].id, sara = d.base.participants[1].id;
  d.edit.convener = {"Sara Socialsekreterare", "Socialtjänsten Testköping", StaffRole::Socialsekreterare, "", "", ""};
  REQUIRE(ui::SaveConvener(ctx, d));

  // The invitation lists what is missing, and a refused send shows the core's code and keeps the input.
  d.edit.invitation.purpose = "Att Arvid kan bo kvar hemma";
  d.edit.invitation.place = "Hemma hos Arvid";
  auto missing = MissingForInvitation(d.edit, {2026, 11, 22});
  REQUIRE(missing.size() >= 3);   // time, invitees, consent
  CHECK(missing.back().code == Errc::ConsentMissing);
  d.sent_on = "2026-11-22";
  CHECK_FALSE(ui::SendInvitation(ctx, d));
  CHECK(d.error_codes[Panel::Invitation] == "invitation_incomplete");
  CHECK(d.edit.invitation.place == "Hemma hos Arvid");
  CHECK(d.base.invitation.place == "Hemma hos Arvid");   // saved before sending
  f.app.workspace().panel = Panel::Invitation;
  f.h.DrawApp(f.app, f.status, kNow);

  // A guard line jumps to its panel.
  ui::RequestFocus("consent");
  f.h.DrawApp(f.app, f.status, kNow, 1);
  CHECK(f.app.workspace().panel == Panel::Consent);
  ui::ClearPendingFocus();

  // Consent.
  d.new_consent.given_by = "person";
  d.new_consent.form = ConsentForm::Oral;
  d.new_consent.valid_from = "2026-11-16";
  CHECK_FALSE(ui::RecordConsent(ctx, d));   // oral without who and when
  CHECK(d.error_codes[Panel::Consent] == "consent_incomplete");
  d.new_consent.documented_by = "Olle Omsorgshandledare";
  d.new_consent.documented_on = "2026-11-16";
  d.new_consent.covers = {"Hemtjänsten", "Socialtjänsten", "Vårdcentralen"};
  REQUIRE(ui::RecordConsent(ctx, d));
  CHECK(d.consent_in_force);

  // Mapping.
  d.edit.mapping.push_back({LifeArea::Mobility, "Jag har ramlat två gånger", {{"Hemtjänsten", "Tillsyn"}}});
  REQUIRE(ui::SaveMapping(ctx, d));
  CHECK(f.Case(id)["mapping"][0]["area"] == "mobility");

  // Send.
  d.edit.invitation.meeting_at = "2026-11-30T10:00";
  d.edit.invitation.invitees = {olle, sara};
  CHECK(MissingForInvitation(d.edit, {2026, 11, 22}).empty());
  REQUIRE(ui::SendInvitation(ctx, d));
  CHECK(d.base.step == Step::Invitation);
  f.DrawAllPanels();

  // Meeting: attendance for every invitee is required.
  d.meeting.held_on = "2026-11-22";
  d.meeting.attendance[olle] = Attendance::Present;
  d.meeting.attendance[sara] = Attendance::AbsentWithoutNotice;
  CHECK_FALSE(ui::RecordMeeting(ctx, d));   // how the person took part is required
  CHECK(d.error_codes[Panel::Meeting] == "invalid_argument");
  d.meeting.participation = ParticipationMode::InPerson;
  d.meeting.attendance.erase(sara);
  CHECK_FALSE(ui::RecordMeeting(ctx, d));
  CHECK(d.error_codes[Panel::Meeting] == "attendance_incomplete");
  d.meeting.attendance[sara] = Attendance::AbsentWithoutNotice;
  REQUIRE(ui::RecordMeeting(ctx, d));
  CHECK(d.proposed_deviations == std::vector<std::string>{sara});

  // Plan: refused while incomplete, with the missing pieces listed; then established.
  CHECK(MissingForEstablish(d.edit, {2026, 11, 22}).size() == 4);
  d.established_on = "2026-11-22";
  CHECK_FALSE(ui::EstablishPlan(ctx, d));
  CHECK(d.error_codes[Panel::Plan] == "plan_main_goal_missing");
  d.new_goal.text = "Jag vill bo kvar hemma";
  d.new_goal.persons_own_words = true;
  REQUIRE(ui::AddGoal(ctx, d));
  d.new_intervention.what = "Hjälp med morgonrutinen";
  d.new_intervention.responsible = olle;
  d.new_intervention.frequency = "dagligen 08–09";
  REQUIRE(ui::AddIntervention(ctx, d));
  d.edit.plan.coordinator = sara;
  d.edit.plan.follow_up_on = "2027-02-15";
  d.edit.plan.follow_up_owner = sara;
  CHECK(MissingForEstablish(d.edit, {2026, 11, 22}).empty());
  REQUIRE(ui::EstablishPlan(ctx, d));   // saves the plan fields first
  CHECK(d.base.step == Step::FollowUp);
  CHECK(d.base.versions.size() == 1);
  f.DrawAllPanels();

  // Deviation for the absence.
  d.new_deviation.kind = DeviationKind::AbsentWithoutNotice;
  d.new_deviation.participant_id = sara;
  d.new_deviation.description = "Uteblev från SIP-mötet utan återbud";
  d.new_deviation.occurred_on = "2026-11-22";
  d.new_deviation.reported_by = "Olle Omsorgshandledare";
  REQUIRE(ui::ReportDeviation(ctx, d));

  // Follow-up that revises, then a second version.
  f.DrawAllPanels();   // the follow-up panel fills the evaluations from the plan
  d.follow_up.held_on = "2026-11-22";
  d.follow_up.decision = FollowUpDecision::Revise;
  REQUIRE_FALSE(d.follow_up.goals.empty());
  CHECK_FALSE(ui::RecordFollowUp(ctx, d));   // every meeting sets the next follow-up and its owner
  CHECK(d.error_codes[Panel::FollowUp] == "plan_follow_up_missing");
  d.follow_up.next_follow_up_on = "2027-05-15";
  d.follow_up.next_follow_up_owner = sara;
  REQUIRE(ui::RecordFollowUp(ctx, d));
  CHECK(d.base.plan.follow_up_on == "2027-05-15");
  d.established_on = "2026-11-22";
  REQUIRE(ui::EstablishPlan(ctx, d));
  CHECK(d.base.versions.size() == 2);

  // Checklist.
  d.checklist_by[0] = "Olle Omsorgshandledare";
  REQUIRE(ui::MarkChecklist(ctx, d, ChecklistItem::ConsultManager, true));
  CHECK(f.Case(id)["checklist"][0]["done_by"] == "Olle Omsorgshandledare");

  // Closure lists what is missing, then closes.
  CHECK(MissingForClose(d.closure).size() == 3);
  d.closure.reason = ClosureReason::GoalsMet;
  d.closure.closed_on = "2026-11-22";
  d.closure.participants_informed = true;
  d.closure.informed_on = "2026-11-22";
  d.closure.where_to_turn = "Ring hemtjänsten på 010-000 00 00";
  REQUIRE(ui::CloseCase(ctx, d));
  CHECK(f.Case(id)["step"] == "closed");
  f.DrawAllPanels();
  CHECK_FALSE(f.app.HasUnsavedInput());
}

TEST_CASE("a draft survives a save elsewhere and switching between cases") {
  Fixture f;
  const std::string a = CreateCase(f, "Arvid Testsson");
  auto ctx = f.Ctx();
  ui::CaseDraft& da = *f.app.workspace().Current();
  da.edit.preparation.what_matters = "Osparad text";
  // Another section is saved: the preparation draft is kept.
  da.edit.owner.phone = "070-000 00 00";
  REQUIRE(ui::SaveOwner(ctx, da));
  f.Committed();
  f.h.DrawApp(f.app, f.status, kNow);
  CHECK(da.edit.preparation.what_matters == "Osparad text");
  CHECK(da.base.owner.phone == "070-000 00 00");
  // Open another case and come back.
  const std::string b = CreateCase(f, "Berit Testsson");
  CHECK(f.app.workspace().Current()->case_id == b);
  f.app.OpenCase(f.status, kNow, a);
  CHECK(f.app.workspace().Current()->edit.preparation.what_matters == "Osparad text");
  CHECK(f.app.HasUnsavedInput());
}

TEST_CASE("a child's case shows each guardian's consent and needs both") {
  Fixture f;
  const std::string id = CreateCase(f, "Lilly Testsson", true);
  auto ctx = f.Ctx();
  ui::CaseDraft& d = *f.app.workspace().Current();
  CHECK(d.child);
  REQUIRE(d.base.representatives.size() == 2);
  auto missing = MissingForEstablish(d.edit, {2026, 11, 22});
  CHECK(std::count_if(missing.begin(), missing.end(),
                      [](const Missing& m) { return m.code == Errc::GuardianConsentMissing; }) == 2);
  // The child cannot consent for themself.
  d.new_consent = {};
  d.new_consent.given_by = "person";
  d.new_consent.form = ConsentForm::Written;
  d.new_consent.valid_from = "2026-11-16";
  CHECK_FALSE(ui::RecordConsent(ctx, d));
  CHECK(d.error_codes[Panel::Consent] == "consent_not_allowed");
  d.new_consent.given_by = d.base.representatives[0].id;
  REQUIRE(ui::RecordConsent(ctx, d));
  missing = MissingForEstablish(d.edit, {2026, 11, 22});
  CHECK(std::count_if(missing.begin(), missing.end(),
                      [](const Missing& m) { return m.code == Errc::GuardianConsentMissing; }) == 1);
  CHECK(missing.front().text.find("Gert") != std::string::npos);
  f.app.workspace().panel = Panel::Consent;
  f.h.DrawApp(f.app, f.status, kNow);
  (void)id;
}

TEST_CASE("Översikt after a save reads only the case written, and everything again for another database") {
  Fixture f;
  const std::string a = CreateCase(f, "Arvid Testsson");
  CreateCase(f, "Berit Åberg");
  f.app.Show(ui::Screen::Home);
  f.h.DrawApp(f.app, f.status, kNow);
  ui::HomeScreen& home = f.app.home();
  REQUIRE(home.cases.size() == 2);
  const int64_t before = home.loaded_revision;
  const uint64_t epoch = home.loaded_epoch;
  CHECK(epoch != 0);
  home.search = "arvid";
  CHECK(home.Visible().size() == 1);

  REQUIRE(f.handler.Dispatch({{"cmd", "preparation.start"}, {"case_id", a}})["ok"].get<bool>());
  f.Committed();
  f.h.DrawApp(f.app, f.status, kNow);
  CHECK(home.loaded_revision == before + 1);
  CHECK(home.loaded_epoch == epoch);
  REQUIRE(home.cases.size() == 2);
  const auto row = std::find_if(home.cases.begin(), home.cases.end(),
                                [&](const ui::HomeScreen::Row& r) { return r.case_id == a; });
  REQUIRE(row != home.cases.end());
  CHECK(row->step == Step::Preparation);
  REQUIRE(home.Visible().size() == 1);   // the filtered set follows the new rows
  CHECK(home.cases[home.Visible()[0]].case_id == a);

  // Another database (a restore): the list is read whole, not merged.
  store::Store other = std::move(*store::Store::Open(":memory:", kNow));
  f.handler.SetStore(&other);
  f.Committed();
  f.h.DrawApp(f.app, f.status, kNow);
  CHECK(home.cases.empty());
  CHECK(home.Visible().empty());
  CHECK(home.loaded_epoch != epoch);
  f.handler.SetStore(&f.store);
}

TEST_CASE("Översikt: search by name or any spelling of the identity number, filters, overdue first") {
  Fixture f;
  CreateCase(f, "Arvid Testsson");
  CreateCase(f, "Berit Åberg");
  f.app.Show(ui::Screen::Home);
  f.h.DrawApp(f.app, f.status, kNow);
  ui::HomeScreen& home = f.app.home();
  REQUIRE(home.cases.size() == 2);
  home.search = "åberg";
  CHECK(home.Visible().size() == 1);
  home.search = "ÅBERG";
  CHECK(home.Visible().size() == 1);
  for (const char* spelling : {"821105-9954", "198211059954", "19821105-9954", "8211059954"}) {
    home.search = spelling;
    CHECK(home.Visible().size() == 2);   // both fixtures use the same fictional number
  }
  home.search = "19901211";
  CHECK(home.Visible().empty());
  home.search.clear();
  home.step_filter = static_cast<int>(Step::Closed);
  CHECK(home.Visible().empty());
  home.step_filter = -1;
  home.only_warnings = true;
  CHECK(home.Visible().size() == 2);   // meeting due within 21 days
  CHECK(home.cases[0].next_due_text.find("2026-12-07") == 0);
  f.h.DrawApp(f.app, f.status, kNow);
}
