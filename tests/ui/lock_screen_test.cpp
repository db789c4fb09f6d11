// The lock screen (ui/screens/lock_screen.h) and the lock in the application window: the checks of a new
// passphrase, the one frame of "Låser upp …" before the request, the back-off's wait, a wrong passphrase's
// message, "Lås" and Ctrl+L, and the resume note (ids only) that brings the user back.
#include <doctest/doctest.h>

#include <imgui.h>

#include "app/handler.h"
#include "core/lock_policy.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/locator.h"
#include "ui/screens/lock_screen.h"

using namespace sip;
using sip::ui::testing::Headless;

namespace {

constexpr UnixMs kNow = 1795336070123;

// One submit as a person makes it: the fields filled, Enter, and the next frame. Each in a fresh ImGui
// context, so no field is active with a copy of an older value. Returns the request, if any.
std::optional<ui::LockRequest> Submit(ui::LockScreen& screen, UnixMs now = kNow) {
  Headless h;
  std::optional<ui::LockRequest> out;
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, true);
  h.Frame([&] { out = screen.Draw(now); });
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, false);
  if (out) return out;
  h.Frame([&] { out = screen.Draw(now); });
  return out;
}

}  // namespace

TEST_CASE("lock screen: a new passphrase must meet the rules and be typed twice; the request follows one frame later") {
  ui::LockScreen screen;
  screen.mode = ui::LockMode::Create;
  {
    Headless h;
    std::optional<ui::LockRequest> out;
    h.Frame([&] { out = screen.Draw(kNow); });
    CHECK_FALSE(out);
  }
  screen.passphrase = screen.repeat = "sommar2024";
  CHECK_FALSE(Submit(screen));
  CHECK_FALSE(screen.Working());
  CHECK(screen.message_is_error);
  CHECK(screen.message == std::string(ErrorMessage(Errc::PassphraseTooShort)));

  screen.passphrase = "blå tåg sjunger högt i natt";
  screen.repeat = "blå tåg sjunger högt i dag";
  CHECK_FALSE(Submit(screen));
  CHECK(screen.message.find("inte lika") != std::string::npos);

  screen.repeat = screen.passphrase;
  {
    Headless h;
    std::optional<ui::LockRequest> out;
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, true);
    h.Frame([&] { out = screen.Draw(kNow); });
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, false);
    CHECK_FALSE(out);                  // this frame shows "Låser upp …"
    CHECK(screen.Working());
    CHECK(screen.passphrase.empty());  // the fields are wiped at once
    CHECK(screen.repeat.empty());
    h.Frame([&] { out = screen.Draw(kNow); });
    REQUIRE(out);
    CHECK(out->kind == ui::LockRequest::Kind::Create);
    CHECK(out->passphrase == "blå tåg sjunger högt i natt");
    CHECK_FALSE(screen.Working());
  }
}

TEST_CASE("lock screen: unlock, a wrong passphrase's message, and no try while the back-off waits") {
  ui::LockScreen screen;
  screen.mode = ui::LockMode::Unlock;
  screen.passphrase = "vad som helst";
  auto out = Submit(screen);
  REQUIRE(out);
  CHECK(out->kind == ui::LockRequest::Kind::Unlock);

  screen.Failed("wrong_passphrase", 5, NextUnlockAt(5, kNow));
  CHECK(screen.message == std::string(ErrorMessage(Errc::WrongPassphrase)));
  screen.passphrase = "ett nytt försök med rätt fras";
  CHECK_FALSE(Submit(screen, kNow + 29'000));   // 30 s have not passed
  CHECK_FALSE(screen.Working());
  CHECK(Submit(screen, kNow + 30'000));

  ui::LockScreen closed;
  closed.mode = ui::LockMode::Closed;
  closed.message = "Nyckelfilen saknas.";
  closed.passphrase = "blå tåg sjunger högt i natt";
  CHECK_FALSE(Submit(closed));
}

TEST_CASE("the application window: 'Lås' and Ctrl+L call the lock hook; the resume note holds ids and comes back") {
  Headless h;
  auto s = store::Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  app::CommandHandler handler(&*s, {[] { return kNow; }, "test", {}});
  ui::AppUi ui(handler);
  ui::UiStatus st;
  st.db_open = true;
  h.DrawApp(ui, st, kNow);
  ui::locator::Enable(true);
  h.DrawApp(ui, st, kNow);
  CHECK(ui::locator::Find("Lås (Ctrl+L)").empty());   // no hook: not offered
  int locks = 0;
  ui.SetLockHook([&] { ++locks; });
  h.DrawApp(ui, st, kNow);
  CHECK(ui::locator::Find("Lås (Ctrl+L)").size() == 1);
  h.CtrlChord(ui, st, kNow, ImGuiKey_L);
  h.DrawApp(ui, st, kNow, 1);
  CHECK(locks == 1);
  ui::locator::Enable(false);

  const Json created = handler.Dispatch({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-30"},
                                         {"owner", {{"name", "Arvid Testsson"}, {"identity_number", "19821105-9954"}}}});
  REQUIRE(created.value("ok", false));
  const std::string id = created["result"]["case_id"].get<std::string>();
  ui.OpenCase(st, kNow, id);
  const std::string note = ui.ResumeNote();
  CHECK(note.find(id) != std::string::npos);
  CHECK(note.find("Arvid") == std::string::npos);
  CHECK(note.find("9954") == std::string::npos);

  ui::AppUi later(handler);
  CHECK(later.current() == ui::Screen::Home);
  later.Resume(note, st, kNow);
  CHECK(later.current() == ui::Screen::Case);
  CHECK(later.workspace().current == id);
  later.Resume("not json", st, kNow);   // ignored
  CHECK(later.current() == ui::Screen::Case);
  ui::AppUi settings(handler);
  settings.Show(ui::Screen::Settings);
  ui::AppUi back(handler);
  back.Resume(settings.ResumeNote(), st, kNow);
  CHECK(back.current() == ui::Screen::Settings);
  CHECK(back.IdleLockMinutes() == kDefaultIdleLockMinutes);
}

namespace {
// A click in the middle of the widget labelled `label`, as the mouse makes it; the request the frames return.
std::optional<ui::LockRequest> ClickOn(Headless& h, ui::LockScreen& screen, const char* label) {
  std::optional<ui::LockRequest> out;
  for (int i = 0; i < 2; ++i) h.Frame([&] { out = screen.Draw(kNow); });   // laid out, and recorded
  const auto found = ui::locator::Find(label);
  REQUIRE(found.size() == 1);
  const ImVec2 at(found[0].x + found[0].w / 2, found[0].y + found[0].h / 2);
  ImGui::GetIO().AddMousePosEvent(at.x, at.y);
  h.Frame([&] { out = screen.Draw(kNow); });
  ImGui::GetIO().AddMouseButtonEvent(0, true);
  h.Frame([&] { out = screen.Draw(kNow); });
  ImGui::GetIO().AddMouseButtonEvent(0, false);
  for (int i = 0; i < 3 && !out; ++i) h.Frame([&] { out = screen.Draw(kNow); });
  return out;
}
}  // namespace

TEST_CASE("lock screen: the users of this profile by their own names; switching and adding one are requests") {
  ui::locator::Enable(true);
  auto anna = [] {   // (each request reloads the page: every click on a fresh screen)
    ui::LockScreen s;
    s.mode = ui::LockMode::Unlock;
    s.users = {{1, "Anna"}, {2, ""}, {3, "Bo Berg"}};
    s.current_user = 1;
    return s;
  };
  {
    Headless h;
    ui::LockScreen screen = anna();
    h.Frame([&] { (void)screen.Draw(kNow); });
    h.Frame([&] { (void)screen.Draw(kNow); });
    CHECK(ui::locator::Find("Byt till Anna").empty());   // not yourself
    CHECK(ui::locator::Find("Byt till Användare 2").size() == 1);
    CHECK(ui::locator::Find("Ny användare på den här datorn").size() == 1);
    const auto req = ClickOn(h, screen, "Byt till Bo Berg");
    REQUIRE(req);
    CHECK(req->kind == ui::LockRequest::Kind::SwitchUser);
    CHECK(req->user == 3);
    CHECK(req->passphrase.empty());
  }
  {
    Headless h;
    ui::LockScreen screen = anna();
    const auto req = ClickOn(h, screen, "Ny användare på den här datorn");
    REQUIRE(req);
    CHECK(req->kind == ui::LockRequest::Kind::SwitchUser);
    CHECK(req->user == 0);
  }
  ui::LockScreen screen;
  // A new user's first start: a name is required (and trimmed), a way back is offered, no new-user button.
  screen.mode = ui::LockMode::Create;
  screen.current_user = 4;
  screen.users = {{1, "Anna"}, {4, ""}};
  screen.passphrase = screen.repeat = "blå tåg sjunger högt i natt";
  CHECK_FALSE(Submit(screen));
  CHECK(screen.message.find("namn") != std::string::npos);
  {
    Headless h;
    h.Frame([&] { (void)screen.Draw(kNow); });
    h.Frame([&] { (void)screen.Draw(kNow); });
    CHECK(ui::locator::Find("Byt till Anna").size() == 1);
    CHECK(ui::locator::Find("Ny användare på den här datorn").empty());
  }
  screen.name = "  Cecilia Ceder ";
  const auto req = Submit(screen);
  REQUIRE(req);
  CHECK(req->kind == ui::LockRequest::Kind::Create);
  CHECK(req->name == "Cecilia Ceder");
  // The profile's very first start: no list, the name optional.
  ui::LockScreen first;
  first.mode = ui::LockMode::Create;
  first.users = {{1, ""}};
  first.passphrase = first.repeat = "blå tåg sjunger högt i natt";
  const auto made = Submit(first);
  REQUIRE(made);
  CHECK(made->name.empty());
  ui::locator::Enable(false);
}
