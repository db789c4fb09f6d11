// Mötesläge: the agenda timer on a fake clock (exact overrun, pause and phase changes), a meeting run through the
// view with the keyboard (Space, N, Esc), and the privacy rule: the view's facts carry no identity number,
// address or phone, for the scenario cases and for generated ones.
#include <doctest/doctest.h>

#include <imgui.h>

#include <random>

#include "app/handler.h"
#include "core/fhir_cases.h"
#include "core/readiness.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/screens/meeting/meeting_view.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22
constexpr UnixMs kMin = 60000;

std::string AllText(const ui::MeetingFacts& f) {
  std::string s = f.person + "\n" + f.purpose + "\n" + f.what_matters + "\n";
  for (const auto& q : f.questions) s += q + "\n";
  for (const auto& i : f.invitees) s += i.id + " " + i.name + "\n";
  for (const auto& a : f.areas) s += a.area + " " + a.persons_view + "\n";
  for (const auto& g : f.goals) s += g + "\n";
  for (const auto& i : f.interventions) s += i.what + i.who + i.start_date + i.frequency + i.place + "\n";
  return s;
}

// Every way the person's identity number may be written, their address and phone (and the representatives').
std::vector<std::string> Forbidden(const Case& c) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& v) {
    if (v.size() >= 4) out.push_back(v);
  };
  const std::string& pnr = c.owner.identity_number;   // 12 digits as stored
  if (pnr.size() == 12) {
    add(pnr);
    add(pnr.substr(2));
    add(pnr.substr(0, 8) + "-" + pnr.substr(8));
    add(pnr.substr(2, 6) + "-" + pnr.substr(8));
    add(pnr.substr(2, 6) + "+" + pnr.substr(8));
  }
  add(c.owner.address);
  add(c.owner.phone);
  for (const auto& r : c.representatives) {
    add(r.phone);
    add(r.address);
  }
  return out;
}

void CheckNoPersonalNumbers(const Case& c, const std::string& what) {
  const std::string text = AllText(ui::MeetingFactsOf(c, false));
  for (const auto& f : Forbidden(c)) {
    INFO(what << ": " << f);
    CHECK(text.find(f) == std::string::npos);
  }
}

struct Fixture {
  ui::testing::Headless h;
  store::Store store = std::move(*store::Store::Open(":memory:", kNow));
  UnixMs now = kNow;
  app::CommandHandler handler{&store, {[this] { return now; }, "test", {}}};
  ui::UiStatus status;
  ui::AppUi app{handler};
  Fixture() { status.db_open = true; }
  Json Must(const Json& request) {
    Json r = handler.Dispatch(request);
    REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
    ++status.data_generation;
    return r["result"];
  }
  void Frame() { h.Frame([&] { app.Draw(status, now); }); }
  void Key(ImGuiKey k) {
    Frame();
    ImGui::GetIO().AddKeyEvent(k, true);
    Frame();
    ImGui::GetIO().AddKeyEvent(k, false);
    Frame();
  }
};
}  // namespace

TEST_CASE("meeting timer: exact on a fake clock — overrun, pause, phase changes, the agenda used") {
  ui::MeetingTimer t;
  REQUIRE(t.phases().size() == 6);
  CHECK(t.phases()[1].planned_minutes == 20);
  CHECK(t.phases()[2].planned_minutes == 20);
  CHECK(t.phases()[3].planned_minutes == 20);
  CHECK(t.phases()[0].planned_minutes == 5);
  const UnixMs t0 = 1000000;
  CHECK(t.LeftMs(t0) == 5 * kMin);   // not started: nothing runs
  CHECK(t.Agenda(t0).empty());
  t.Start(t0);
  CHECK(t.LeftMs(t0 + 5 * kMin - 1) == 1);
  CHECK_FALSE(t.Overrun(t0 + 5 * kMin));
  CHECK(t.Overrun(t0 + 5 * kMin + 1));
  CHECK(ui::FormatClock(t.LeftMs(t0 + 5 * kMin + 61000)) == "+1:01");
  // Paused for ten minutes: no time passes in the phase.
  t.Pause(t0 + 2 * kMin);
  CHECK(t.UsedMs(0, t0 + 12 * kMin) == 2 * kMin);
  t.Toggle(t0 + 12 * kMin);
  CHECK(t.running());
  CHECK(t.UsedMs(0, t0 + 13 * kMin) == 3 * kMin);
  // N: the next phase starts at zero, the first keeps its time.
  t.Next(t0 + 13 * kMin);
  CHECK(t.current() == 1);
  CHECK(t.UsedMs(0, t0 + 40 * kMin) == 3 * kMin);
  CHECK(t.UsedMs(1, t0 + 13 * kMin + 1500) == 1500);
  // The planned time changes during the meeting; 1…240 minutes.
  t.SetPlanned(1, 25);
  CHECK(t.LeftMs(t0 + 13 * kMin) == 25 * kMin);
  t.SetPlanned(1, 0);
  CHECK(t.phases()[1].planned_minutes == 1);
  t.SetPlanned(1, 999);
  CHECK(t.phases()[1].planned_minutes == 240);
  t.SetPlanned(1, 20);
  t.GoTo(3, t0 + 33 * kMin + 30000);   // 20.5 minutes in phase 1
  t.Pause(t0 + 50 * kMin);
  const auto agenda = t.Agenda(t0 + 60 * kMin);
  REQUIRE(agenda.size() == 3);
  CHECK(agenda[0].name == "Inledning");
  CHECK(agenda[0].used_minutes == 3);
  CHECK(agenda[1].name == "Laget runt bordet");
  CHECK(agenda[1].used_minutes == 21);   // rounded up
  CHECK(agenda[1].planned_minutes == 20);
  CHECK(agenda[2].name == "Planering");
  CHECK(agenda[2].used_minutes == 17);
  // The last phase has no next.
  t.GoTo(5, t0 + 60 * kMin);
  t.Next(t0 + 60 * kMin);
  CHECK(t.current() == 5);
  CHECK(ui::FormatClock(5 * kMin) == "5:00");
  CHECK(ui::FormatClock(1) == "0:01");
  CHECK(ui::FormatClock(0) == "0:00");
}

TEST_CASE("meeting view: a meeting run with the keyboard, goals and interventions typed live, recorded and established") {
  Fixture f;
  f.Must({{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Olle Omsorgshandledare"}});
  const std::string id = f.Must({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-16"},
                                 {"owner", {{"name", "Arvid Testsson"}, {"identity_number", "19821105-9954"},
                                            {"address", "Storgatan 1, 123 45 Testköping"}, {"phone", "010-000 00 00"}}}})["case_id"].get<std::string>();
  f.Must({{"cmd", "preparation.start"}, {"case_id", id}});
  const std::string olle = f.Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Olle Omsorgshandledare"},
                                   {"organisation", "Hemtjänsten"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
  const std::string sara = f.Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Sara Socialsekreterare"},
                                   {"organisation", "Socialtjänsten"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
  f.Must({{"cmd", "convener.set"}, {"case_id", id}, {"name", "Sara Socialsekreterare"},
          {"organisation", "Socialtjänsten"}, {"role", "socialsekreterare"}});
  f.Must({{"cmd", "consent.record"}, {"case_id", id}, {"given_by", "person"}, {"form", "written"},
          {"documented_by", "Olle Omsorgshandledare"}, {"documented_on", "2026-11-16"}, {"valid_from", "2026-11-16"},
          {"covers", {"Hemtjänsten", "Socialtjänsten"}}});
  f.Must({{"cmd", "invitation.update"}, {"case_id", id}, {"purpose", "Att Arvid kan bo kvar hemma"},
          {"place", "Hemma hos Arvid"}, {"meeting_at", "2026-11-22T10:00"}, {"invitees", {olle, sara}}});
  f.Must({{"cmd", "invitation.send"}, {"case_id", id}, {"sent_on", "2026-11-22"}});

  // From the workspace: "Mötesläge".
  f.app.OpenCase(f.status, f.now, id);
  f.Frame();
  f.app.OpenMeeting(f.status, f.now, id);
  CHECK(f.app.current() == ui::Screen::Meeting);
  ui::MeetingView& m = f.app.meeting();
  f.Frame();
  CHECK_FALSE(m.timer.running());
  f.Key(ImGuiKey_Space);   // starts the timer
  CHECK(m.timer.running());
  f.now += 6 * kMin;       // the introduction runs over (5 minutes planned)
  f.Frame();
  CHECK(m.timer.Overrun(f.now));
  f.Key(ImGuiKey_N);       // the next phase
  CHECK(m.timer.current() == 1);
  f.now += 15 * kMin;
  f.Key(ImGuiKey_Space);   // a pause
  CHECK_FALSE(m.timer.running());
  f.now += 10 * kMin;      // … of ten minutes that count nowhere
  f.Key(ImGuiKey_Space);
  CHECK(m.timer.UsedMs(1, f.now) == 15 * kMin);

  // Attendance and how the person takes part, typed during the meeting: a draft of the case.
  ui::CaseDraft& d = *f.app.workspace().Current();
  d.meeting.attendance[olle] = Attendance::Present;
  d.meeting.attendance[sara] = Attendance::AbsentWithoutNotice;
  d.meeting.participation = ParticipationMode::InPerson;
  // Esc leaves the view; the input stays; the meeting view opens again where it was.
  f.Key(ImGuiKey_Escape);
  CHECK(f.app.current() == ui::Screen::Case);
  CHECK(f.app.HasUnsavedInput());
  f.app.OpenMeeting(f.status, f.now, id);
  CHECK(m.timer.current() == 1);
  CHECK(f.app.workspace().Current()->meeting.attendance.size() == 2);

  // Planera: two goals and three interventions entered live.
  f.Key(ImGuiKey_N);
  f.now += 12 * kMin;   // Problematisera
  f.Key(ImGuiKey_N);
  f.now += 25 * kMin;   // Planera runs five minutes over
  CHECK(m.timer.current() == 3);
  const auto ctx = ui::UiContext{f.handler, f.status, f.now};
  d.new_goal.text = "Jag vill bo kvar hemma";
  d.new_goal.persons_own_words = true;
  REQUIRE(ui::AddGoal(ctx, d));
  d.new_goal.text = "Jag vill kunna gå till affären själv";
  REQUIRE(ui::AddGoal(ctx, d));
  for (const char* what : {"Hjälp med morgonrutinen", "Promenad två gånger i veckan", "Trygghetslarm"}) {
    d.new_intervention.what = what;
    d.new_intervention.responsible = olle;
    d.new_intervention.frequency = "dagligen";
    REQUIRE(ui::AddIntervention(ctx, d));
  }
  ++f.status.data_generation;
  f.Frame();
  CHECK(ui::MeetingFactsOf(d.base, false).interventions.size() == 3);

  CHECK(m.timer.Overrun(f.now));
  // Sammanfattning lists what is missing; the follow-up is set there.
  f.Key(ImGuiKey_N);
  f.now += 8 * kMin;
  CHECK(m.timer.current() == 4);
  CHECK(MissingForEstablish(d.edit, {2026, 11, 22}).size() == 2);   // coordinator, follow-up
  d.edit.plan.coordinator = sara;
  d.edit.plan.follow_up_on = "2027-02-15";
  d.edit.plan.follow_up_owner = sara;
  REQUIRE(ui::SavePlan(ctx, d));
  CHECK(MissingForEstablish(d.edit, {2026, 11, 22}).empty());

  // Avslut: the meeting is recorded with the phases used, the absence proposes a deviation, the plan is
  // established from the view.
  f.Key(ImGuiKey_N);
  CHECK(m.timer.current() == 5);
  f.now += 2 * kMin;
  REQUIRE(m.EndMeeting(ui::UiContext{f.handler, f.status, f.now}, d));
  CHECK_FALSE(m.timer.running());
  REQUIRE(m.proposed_deviations.size() == 1);
  CHECK(m.proposed_deviations[0].find("Sara") == 0);
  const Json meeting = f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}})["result"]["case"]["meeting"];
  CHECK(meeting["held_on"] == "2026-11-22");
  REQUIRE(meeting["agenda"].size() == 6);
  CHECK(meeting["agenda"][0]["name"] == "Inledning");
  CHECK(meeting["agenda"][0]["used_minutes"] == 6);
  CHECK(meeting["agenda"][1]["used_minutes"] == 15);
  CHECK(meeting["agenda"][3]["used_minutes"] == 25);
  CHECK(meeting["agenda"][3]["planned_minutes"] == 20);
  CHECK(meeting["agenda"][5]["name"] == "Avslut");
  ++f.status.data_generation;
  f.Frame();
  d.established_on = "2026-11-22";
  REQUIRE(ui::EstablishPlan(ui::UiContext{f.handler, f.status, f.now}, d));
  CHECK(f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}})["result"]["case"]["versions"].size() == 1);
  ++f.status.data_generation;
  f.Frame();
  CHECK_FALSE(f.app.HasUnsavedInput());
}

TEST_CASE("meeting view: no identity number, address or phone in what it shows — scenario and generated cases") {
  CheckNoPersonalNumbers(fhirtest::CaseHomeCare(), "home care");
  CheckNoPersonalNumbers(fhirtest::CaseDischarge(), "discharge");
  CheckNoPersonalNumbers(fhirtest::CaseChild(), "child");
  CheckNoPersonalNumbers(fhirtest::CaseWithdrawn(), "withdrawn");
  std::mt19937 rng(20261122);
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
  };
  const char* names[] = {"Åsa", "Bertil", "Cecilia", "Dag", "Eira"};
  for (int k = 0; k < 500; ++k) {
    Case c;
    c.owner.name = std::string(names[k % 5]) + " Testsson";
    c.owner.identity_number = "19" + digits(10);
    c.owner.address = "Gatan " + digits(2) + ", " + digits(3) + " " + digits(2) + " Ort";
    c.owner.phone = "07" + digits(1) + "-" + digits(7);
    c.representatives.push_back({"r1", RepresentativeRole::Relative, "Närstående " + digits(2), "08-" + digits(6),
                                 "x@example.se", "Vägen " + digits(2)});
    c.invitation.purpose = "Att kunna bo kvar hemma " + digits(3);
    c.preparation.what_matters = "Det viktiga är " + digits(4);
    for (int p = 0; p < 3; ++p) {
      Participant x;
      x.id = "p" + std::to_string(p);
      x.name = "Deltagare " + digits(2);
      x.organisation = "Org " + digits(2);
      x.contact = "010-" + digits(7);
      c.participants.push_back(x);
      c.invitation.invitees.push_back(x.id);
    }
    c.plan.goals.push_back({"g1", "Mål " + digits(3), "", true, GoalStatus::Active});
    c.plan.interventions.push_back({});
    c.plan.interventions.back().what = "Insats " + digits(3);
    c.plan.interventions.back().responsible = "p1";
    CheckNoPersonalNumbers(c, "generated " + std::to_string(k));
  }
}
