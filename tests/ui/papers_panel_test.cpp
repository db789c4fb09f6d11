// The papers from the case screens: Min SIP per established version, the invitation letter and the consent
// open through the platform's FileHooks::open_page (a download when the browser refused the tab), a refusal
// is shown on the panel with its code, and "Min SIP är lämnad …" records the hand-over, which ends the
// 72-hour warning, without saving other plan input.
#include <doctest/doctest.h>

#include <imgui.h>

#include "app/handler.h"
#include "core/deadlines.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/screens/case/case_draft.h"

using namespace sip;
using ui::Panel;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22 (UTC)

struct Opened {
  std::string name, html;
};

struct Fixture {
  ui::testing::Headless h;
  store::Store store = std::move(*store::Store::Open(":memory:", kNow));
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  ui::UiStatus status;
  ui::AppUi app{handler};
  ui::FileHooks files;
  std::vector<Opened> opened, downloaded;
  bool tab_allowed = true;
  std::string id, olle, sara;

  Fixture() {
    status.db_open = true;
    files.open_page = [this](const std::string& name, const std::string& html) {
      if (!tab_allowed) return false;
      opened.push_back({name, html});
      return true;
    };
    files.download = [this](const std::string& name, const std::string&, const std::vector<uint8_t>& bytes) {
      downloaded.push_back({name, std::string(bytes.begin(), bytes.end())});
    };
    app.SetFileHooks(files);
  }
  ui::UiContext Ctx() { return {handler, status, kNow, &files}; }
  Json Must(const Json& request) {
    Json r = handler.Dispatch(request);
    REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
    ++status.data_generation;
    return r["result"];
  }
  // A case up to its invitation, sent (the consent recorded).
  void Invited() {
    id = Must({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-16"},
               {"owner", {{"name", "Arvid Testsson"}, {"identity_number", "19821105-9954"}}}})["case_id"]
             .get<std::string>();
    Must({{"cmd", "preparation.start"}, {"case_id", id}});
    Must({{"cmd", "preparation.update"}, {"case_id", id}, {"what_matters", "Jag vill bo kvar hemma"}});
    olle = Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Olle Omsorgshandledare"},
                 {"organisation", "Hemtjänsten"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
    sara = Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Sara Socialsekreterare"},
                 {"organisation", "Socialtjänsten"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
    Must({{"cmd", "convener.set"}, {"case_id", id}, {"name", "Sara Socialsekreterare"}, {"organisation", "Socialtjänsten"},
          {"role", "socialsekreterare"}});
    Must({{"cmd", "consent.record"}, {"case_id", id}, {"given_by", "person"}, {"form", "written"},
          {"documented_by", "Olle Omsorgshandledare"}, {"documented_on", "2026-11-16"}, {"valid_from", "2026-11-16"},
          {"covers", {"Hemtjänsten", "Socialtjänsten"}}});
    Must({{"cmd", "invitation.update"}, {"case_id", id}, {"purpose", "Att Arvid kan bo kvar hemma"},
          {"place", "Hemma hos Arvid"}, {"meeting_at", "2026-11-20T10:00"}, {"invitees", {olle, sara}}});
    Must({{"cmd", "invitation.send"}, {"case_id", id}, {"sent_on", "2026-11-17"}});
  }
  // … and on to an established plan, the meeting held on 2026-11-20.
  void Established() {
    Invited();
    Must({{"cmd", "meeting.record"}, {"case_id", id}, {"held_on", "2026-11-20"}, {"participation", "in_person"},
          {"attendance", {{{"participant_id", olle}, {"attendance", "present"}}, {{"participant_id", sara}, {"attendance", "present"}}}}});
    Must({{"cmd", "goal.add"}, {"case_id", id}, {"text", "Jag vill bo kvar hemma"}, {"persons_own_words", true}});
    Must({{"cmd", "intervention.add"}, {"case_id", id}, {"what", "Hjälp med morgonrutinen"}, {"responsible", olle}});
    Must({{"cmd", "plan.update"}, {"case_id", id}, {"coordinator", sara}, {"follow_up_on", "2027-02-15"},
          {"follow_up_owner", sara}});
    Must({{"cmd", "plan.establish"}, {"case_id", id}, {"established_on", "2026-11-20"}});
    app.OpenCase(status, kNow, id);
  }
  ui::CaseDraft& Draft() { return *app.workspace().Current(); }
  bool Warns(std::string_view code) {
    const Json r = Must({{"cmd", "case.get"}, {"case_id", id}});
    for (const auto& w : r["warnings"])
      if (w["code"].get<std::string>() == code) return true;
    return false;
  }
  void DrawPanel(Panel p) {
    app.workspace().panel = p;
    h.Frame([&] { app.Draw(status, kNow); });
  }
};

}  // namespace

TEST_CASE("papers: Min SIP of an established version opens in a new tab; the hand-over ends the 72-hour warning") {
  Fixture f;
  f.Established();
  ui::CaseDraft& d = f.Draft();
  f.DrawPanel(Panel::Plan);
  CHECK(f.Warns(kPlanToPersonDue));

  REQUIRE(ui::OpenPaper(f.Ctx(), d, Panel::Plan, "min-sip", 1));
  REQUIRE(f.opened.size() == 1);
  CHECK(f.opened[0].html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(f.opened[0].html.find("lang=\"sv\"") != std::string::npos);
  CHECK(f.opened[0].html.find("Jag vill bo kvar hemma") != std::string::npos);
  CHECK(f.opened[0].name.find(".html") != std::string::npos);
  CHECK(f.downloaded.empty());
  CHECK(d.errors.count(Panel::Plan) == 0);
  // Opening a paper saves nothing and is not a hand-over.
  CHECK(f.Warns(kPlanToPersonDue));

  // Other plan input typed meanwhile stays a draft; the hand-over alone is saved.
  d.edit.plan.what_to_follow_up = "Hur morgnarna fungerar";
  REQUIRE(ui::RecordHandedOver(f.Ctx(), d, "2026-11-22"));
  ++f.status.data_generation;
  f.DrawPanel(Panel::Plan);
  CHECK_FALSE(f.Warns(kPlanToPersonDue));
  const Json plan = f.Must({{"cmd", "case.get"}, {"case_id", f.id}})["case"]["plan"];
  CHECK(plan["handed_to_person_on"] == "2026-11-22");
  CHECK(plan.value("what_to_follow_up", "") == "");
  CHECK(d.edit.plan.what_to_follow_up == "Hur morgnarna fungerar");
  CHECK(d.edit.plan.handed_to_person_on == "2026-11-22");
  CHECK(d.HasUnsavedInput());
}

TEST_CASE("papers: a blocked tab downloads the paper instead; refusals are shown with their code") {
  Fixture f;
  f.Invited();
  f.app.OpenCase(f.status, kNow, f.id);
  ui::CaseDraft& d = f.Draft();

  // Min SIP before any version: refused on the panel, nothing opened.
  CHECK_FALSE(ui::OpenPaper(f.Ctx(), d, Panel::Plan, "min-sip"));
  CHECK(d.error_codes[Panel::Plan] == "wrong_step");
  CHECK(f.opened.empty());

  // The invitation letter and the consent open; with the tab refused, they are downloaded.
  REQUIRE(ui::OpenPaper(f.Ctx(), d, Panel::Invitation, "invitation"));
  REQUIRE(f.opened.size() == 1);
  CHECK(f.opened[0].html.find("Att Arvid kan bo kvar hemma") != std::string::npos);
  f.tab_allowed = false;
  REQUIRE(ui::OpenPaper(f.Ctx(), d, Panel::Consent, "consent"));
  CHECK(f.opened.size() == 1);
  REQUIRE(f.downloaded.size() == 1);
  CHECK(f.downloaded[0].html.find("Socialtjänsten") != std::string::npos);
  CHECK(d.notes[Panel::Consent].find(f.downloaded[0].name) != std::string::npos);

  // No way to show a page at all (no hooks): a clear refusal, with a code.
  ui::UiContext bare{f.handler, f.status, kNow};
  CHECK_FALSE(ui::OpenPaper(bare, d, Panel::Invitation, "invitation"));
  CHECK(d.error_codes[Panel::Invitation] == "page_cannot_open");

  // The panels draw their buttons (the locator finds them by label).
  f.DrawPanel(Panel::Invitation);
  f.DrawPanel(Panel::Consent);
  f.DrawPanel(Panel::Plan);
}
