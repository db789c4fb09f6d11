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
