// The screens run headlessly: an ImGui context with a font atlas but no renderer, driven frame by frame.
#include <doctest/doctest.h>

#include <imgui.h>

#include "app/handler.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/theme.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;

using ui::testing::Headless;

store::Store OpenedStore() {
  auto s = store::Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  return std::move(*s);
}

// The application window over an empty in-memory database, open.
struct OpenApp {
  Headless h;
  store::Store s = OpenedStore();
  app::CommandHandler handler{&s, {[] { return kNow; }, "test", {}}};
  ui::AppUi ui{handler};
  ui::UiStatus status = [] {
    ui::UiStatus st;
    st.db_open = true;
    return st;
  }();
};
}  // namespace

TEST_CASE("the application window draws every screen without a database and with one") {
  Headless h;
  app::CommandHandler none(nullptr, {[] { return kNow; }, "test", {}});
  ui::AppUi ui_closed(none);
  ui::UiStatus closed;
  closed.db_error_code = "db_corrupt";
  h.Frame([&] { ui_closed.Draw(closed, kNow); });

  auto s = store::Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  app::CommandHandler handler(&*s, {[] { return kNow; }, "test", {}});
  ui::AppUi ui(handler);
  ui::UiStatus open;
  open.db_open = true;
  for (auto screen : {ui::Screen::Home, ui::Screen::Settings}) {
    ui.Show(screen);
    h.Frame([&] { ui.Draw(open, kNow); });
    h.Frame([&] { ui.Draw(open, kNow); });
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  }
}

TEST_CASE("the settings screen saves through the handler and keeps rejected input") {
  Headless h;
  auto s = store::Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  app::CommandHandler handler(&*s, {[] { return kNow; }, "test", {}});
  ui::UiStatus st;
  st.db_open = true;
  ui::UiContext ctx{handler, st, kNow};
  ui::SettingsScreen screen;
  screen.Load(ctx);
  REQUIRE(screen.fields.size() >= 3);
  CHECK_FALSE(screen.Dirty());
  screen.fields[0].edit = "Testa Testsson";
  CHECK(screen.Dirty());
  CHECK(screen.Save(ctx));
  CHECK_FALSE(screen.Dirty());
  CHECK(handler.Dispatch({{"cmd", "settings.get"}, {"key", screen.fields[0].key}})["result"]["value"] ==
        "Testa Testsson");
  screen.fields[1].edit = std::string(1000, 'x');
  CHECK_FALSE(screen.Save(ctx));
  CHECK(screen.message_is_error);
  CHECK(screen.fields[1].edit.size() == 1000);   // the user's input is kept
  h.Frame([&] { screen.Draw(ctx); });
}

TEST_CASE("status-bar text for each save state") {
  ui::SaveStatus s;
  CHECK(ui::SaveStatusText(s, 60) == "Inga osparade ändringar");
  s.state = ui::SaveStatus::State::Saving;
  CHECK(ui::SaveStatusText(s, 60) == "Sparar…");
  s.state = ui::SaveStatus::State::Saved;
  s.saved_at = kNow;   // 08:27 UTC
  CHECK(ui::SaveStatusText(s, 60) == "Sparat 09:27");
  CHECK(ui::SaveStatusText(s, -600) == "Sparat 22:27");
  s.state = ui::SaveStatus::State::Error;
  CHECK(ui::SaveStatusText(s, 60).rfind("Fel", 0) == 0);
  s.state = ui::SaveStatus::State::Full;   // the disk refused a write: it waits, it is not lost
  CHECK(ui::SaveStatusText(s, 60).find("fullt") != std::string::npos);
  CHECK(ui::SaveStatusText(s, 60).find("inte sparat") != std::string::npos);
  // Typed input not saved yet: the status bar does not say "nothing unsaved" or "saved".
  CHECK(ui::SaveStatusText(s, 60, true) == ui::SaveStatusText(s, 60));   // a full disk says so first
  s.state = ui::SaveStatus::State::Idle;
  CHECK(ui::SaveStatusText(s, 60, true) == "Osparade ändringar i ett formulär");
  CHECK(ui::SaveStatusText(s, 60, false) == "Inga osparade ändringar");
  s.state = ui::SaveStatus::State::Saved;
  CHECK(ui::SaveStatusText(s, 60, true) == "Osparade ändringar i ett formulär");
  s.state = ui::SaveStatus::State::Error;
  CHECK(ui::SaveStatusText(s, 60, true).rfind("Fel", 0) == 0);
}

TEST_CASE("the glyph ranges cover Swedish letters and typographic punctuation") {
  const unsigned short* r = ui::GlyphRanges();
  auto covered = [&](unsigned c) {
    for (int i = 0; r[i]; i += 2)
      if (c >= r[i] && c <= r[i + 1]) return true;
    return false;
  };
  for (unsigned c : {0xE5u, 0xE4u, 0xF6u, 0xC5u, 0xC4u, 0xD6u, 0xA7u, 0x2013u, 0x2026u, 0x201Du}) CHECK(covered(c));
}

TEST_CASE("the subset UI font keeps every glyph of the glyph ranges that DejaVu Sans has") {
  // scripts/setup cuts DejaVu Sans down to GlyphRanges(); if the two lists drift apart, text turns into '?'.
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  ImFont* full = io.Fonts->AddFontFromFileTTF(SIP_FONT_FULL, 16.0f, nullptr, ui::GlyphRanges());
  ImFont* subset = io.Fonts->AddFontFromFileTTF(SIP_FONT, 16.0f, nullptr, ui::GlyphRanges());
  REQUIRE(full != nullptr);
  REQUIRE(subset != nullptr);
  REQUIRE(io.Fonts->Build());
  const unsigned short* r = ui::GlyphRanges();
  int checked = 0;
  for (int i = 0; r[i]; i += 2)
    for (unsigned c = r[i]; c <= r[i + 1]; ++c)
      if (full->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
        INFO("U+" << std::hex << c);
        CHECK(subset->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
        ++checked;
      }
  CHECK(checked > 250);
  for (ImWchar c : {0xE5, 0xE4, 0xF6, 0xA7, 0x2013, 0x2026, 0x201D}) CHECK(subset->FindGlyphNoFallback(c) != nullptr);
  ImGui::DestroyContext();
}

TEST_CASE("a new version: the status bar offers it, and the switch waits until nothing is unsaved") {
  OpenApp fx;
  Headless& h = fx.h;
  ui::AppUi& ui = fx.ui;
  app::CommandHandler& handler = fx.handler;
  int switches = 0;
  ui.SetUpdateHook([&] { ++switches; });
  ui::UiStatus& st = fx.status;
  st.online = 0;

  CHECK(ui.RequestUpdate(st) == ui::AppUi::UpdateRequest::NoUpdate);
  CHECK(ui.UpdateNote(st).empty());
  st.update_available = true;
  CHECK(ui.UpdateNote(st) == "Ny version finns");

  ui.Show(ui::Screen::Settings);
  h.Frame([&] { ui.Draw(st, kNow); });   // loads the form
  REQUIRE_FALSE(ui.settings().fields.empty());
  CHECK_FALSE(ui.HasUnsavedInput());
  ui.settings().fields[0].edit = "Testa Testsson";
  CHECK(ui.HasUnsavedInput());
  CHECK(ui.RequestUpdate(st) == ui::AppUi::UpdateRequest::UnsavedInput);
  CHECK(switches == 0);
  CHECK(ui.UpdateNote(st) == "Spara dina ändringar först");
  h.Frame([&] { ui.Draw(st, kNow); });

  ui::UiContext ctx{handler, st, kNow};
  REQUIRE(ui.settings().Save(ctx));
  CHECK_FALSE(ui.HasUnsavedInput());
  CHECK(ui.UpdateNote(st) == "Ny version finns");
  CHECK(ui.RequestUpdate(st) == ui::AppUi::UpdateRequest::Started);
  CHECK(switches == 1);
  CHECK(ui.UpdateNote(st) == "Uppdaterar…");
  h.Frame([&] { ui.Draw(st, kNow); });
  ui.UpdateFailed();   // e.g. the last save had failed: offered again
  CHECK(ui.UpdateNote(st) == "Ny version finns");
}

TEST_CASE("status-bar text for the network") {
  CHECK(ui::NetworkStatusText(1) == "Online");
  CHECK(ui::NetworkStatusText(0) == "Offline – allt sparas lokalt");
  CHECK(ui::NetworkStatusText(-1).empty());
}

TEST_CASE("a damaged database: the window explains in Swedish and offers export and a fresh start") {
  Headless h;
  app::CommandHandler none(nullptr, {[] { return kNow; }, "test", {}});
  ui::AppUi ui(none);
  int exports = 0, fresh = 0;
  ui.SetDamageHooks([&] { ++exports; }, [&] { ++fresh; });
  ui::UiStatus st;
  st.db_error_code = "db_corrupt";
  st.damaged_path = "/data/sipfield.db.damaged-2026-11-22T08-27-50";
  h.Frame([&] { ui.Draw(st, kNow); });
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  CHECK(exports == 0);
  CHECK(fresh == 0);
}

TEST_CASE("Ctrl+F before any click puts the caret in Översikt's search field") {
  // No window has ImGui's focus before the first click; the request must not be dropped then.
  OpenApp fx;
  Headless& h = fx.h;
  ui::AppUi& ui = fx.ui;
  const ui::UiStatus& open = fx.status;
  h.DrawApp(ui, open, kNow, 3);
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  h.CtrlChord(ui, open, kNow, ImGuiKey_F);
  h.DrawApp(ui, open, kNow, 3);
  CHECK(ImGui::GetIO().WantTextInput);
  ImGui::GetIO().AddInputCharactersUTF8("Åsa");
  h.DrawApp(ui, open, kNow, 3);
  CHECK(ui.home().search == "Åsa");
}

TEST_CASE("status-bar text for the outbox") {
  ui::OutboxStatus o;
  CHECK(ui::OutboxStatusText(o, 1, 60).empty());   // nothing waits, nothing sent
  o.waiting = 1;
  CHECK(ui::OutboxStatusText(o, 1, 60) == "1 planpaket väntar");
  o.waiting = 2;
  CHECK(ui::OutboxStatusText(o, 1, 60) == "2 planpaket väntar");
  o.sending = true;
  CHECK(ui::OutboxStatusText(o, 1, 60) == "Skickar planpaket…");
  o.sending = false;
  o.error_code = "office_unreachable";
  o.next_try_at = 1795336070123 + 10 * 60 * 1000;   // 08:27 UTC + 10 min, shown at UTC+1
  CHECK(ui::OutboxStatusText(o, 1, 60) == "Kontoret svarar inte – försöker igen 09:37");
  CHECK(ui::OutboxStatusText(o, 0, 60) == "2 planpaket väntar");   // offline: the network status says why
  o.error_code = "jws_bad_signature";
  CHECK(ui::OutboxStatusText(o, 1, 60) == "Kunde inte skicka – försöker igen 09:37");
  o = {};
  o.last_sent_at = 1795336070123;
  CHECK(ui::OutboxStatusText(o, 1, 60) == "Skickat 09:27");
}

TEST_CASE("a full disk: a notice above every screen, gone once the writes are stored") {
  OpenApp app;
  auto vertices = [&](ui::SaveStatus::State state) {
    app.status.save.state = state;
    app.h.Frame([&] { app.ui.Draw(app.status, kNow); });
    app.h.Frame([&] { app.ui.Draw(app.status, kNow); });
    return ImGui::GetDrawData()->TotalVtxCount;
  };
  for (auto screen : {ui::Screen::Home, ui::Screen::Settings}) {
    app.ui.Show(screen);
    const int saved = vertices(ui::SaveStatus::State::Saved);
    const int full = vertices(ui::SaveStatus::State::Full);
    CHECK(full > saved + 200);   // two wrapped paragraphs of text
    CHECK(vertices(ui::SaveStatus::State::Saved) == saved);
  }
}
