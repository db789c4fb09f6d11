// Text size 200 % in a 1280×720 window: every screen and every panel of a case with data in every area is
// drawn with the real UI font rebuilt at twice its size, and nothing is cut off sideways. Vertical overflow is
// fine (windows and tables scroll); what must not happen is text or a widget running past the edge of the
// window, table cell or field that clips it.
//
// The check reads ImGui's draw data: each draw command carries the clip rectangle it is drawn with, and a
// glyph that crosses the clip rectangle's left or right edge is cut off on screen.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>   // ImTextCharToUtf8

#include <algorithm>
#include <cmath>
#include <sstream>

#include "app/handler.h"
#include "store/store.h"
#include "ui/app_ui.h"
#include "ui/headless.h"
#include "ui/locator.h"
#include "ui/screens/case/panels.h"
#include "ui/theme.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22

struct Overflow {
  std::string where;
  float left = 0, right = 0, clip_left = 0, clip_right = 0;
  std::string glyphs;   // the characters cut off, as far as the atlas tells (for the failure message)
};

// The character whose atlas rectangle starts at `uv` in any loaded font, or '?'.
std::string GlyphAt(ImVec2 uv) {
  for (const ImFont* f : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : f->Glyphs)
      if (std::abs(g.U0 - uv.x) < 1e-6f && std::abs(g.V0 - uv.y) < 1e-6f) {
        char buf[8] = {};
        ImTextCharToUtf8(buf, g.Codepoint);
        return buf;
      }
  return "?";
}

// Every glyph drawn more than 2 px beyond its clip rectangle sideways, grouped per draw command. Shapes (frames,
// separators, focus rings) use the font atlas's white pixel and are left out: a separator spans the whole
// window by design, and only cut-off text hides something from the reader.
std::vector<Overflow> SidewaysOverflow(const std::string& where) {
  std::vector<Overflow> out;
  const ImDrawData* dd = ImGui::GetDrawData();
  REQUIRE(dd != nullptr);
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* list = dd->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      float lo = 1e9f, hi = -1e9f;
      std::string glyphs;
      for (unsigned t = 0; t + 2 < cmd.ElemCount; t += 3) {
        const ImDrawVert* v[3];
        bool glyph = false;
        for (int k = 0; k < 3; ++k) {
          v[k] = &list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset + t + k)])];
          glyph = glyph || v[k]->uv.x != white.x || v[k]->uv.y != white.y;
        }
        if (!glyph) continue;
        float tlo = 1e9f, thi = -1e9f, top = 1e9f, bottom = -1e9f;
        for (const ImDrawVert* x : v) {
          tlo = std::min(tlo, x->pos.x);
          thi = std::max(thi, x->pos.x);
          top = std::min(top, x->pos.y);
          bottom = std::max(bottom, x->pos.y);
        }
        // Glyphs wholly above or below their clip rectangle are scrolled out of view, not cut off sideways.
        if (bottom <= cmd.ClipRect.y || top >= cmd.ClipRect.w) continue;
        if (thi > cmd.ClipRect.z + 2.0f || tlo < cmd.ClipRect.x - 2.0f) {   // 2 px: anti-aliasing, bearings
          lo = std::min(lo, tlo);
          hi = std::max(hi, thi);
          ImVec2 uv0 = v[0]->uv;
          for (const ImDrawVert* x : v) uv0 = ImVec2(std::min(uv0.x, x->uv.x), std::min(uv0.y, x->uv.y));
          if (t % 6 == 0) glyphs += GlyphAt(uv0) + "@y" + std::to_string(static_cast<int>(top));   // a glyph is two triangles
        }
      }
      if (hi > lo) out.push_back({where + " [" + list->_OwnerName + "]", lo, hi, cmd.ClipRect.x, cmd.ClipRect.z, glyphs});
    }
  }
  return out;
}

struct Fixture {
  ui::testing::Headless h;
  store::Store store = std::move(*store::Store::Open(":memory:", kNow));
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  ui::UiStatus status;
  ui::AppUi app{handler};
  Fixture() {
    status.db_open = true;
    ui::locator::Enable(true);
    ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    ui::SetAppearance(ui::ThemeKind::Light, 200);
    REQUIRE(ui::RebuildFonts(SIP_FONT));
    unsigned char* px = nullptr;
    int w = 0, hh = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &hh);
  }
  ~Fixture() {
    ui::locator::Enable(false);
    ui::ApplyTheme();
  }
  Json Must(const Json& request) {
    Json r = handler.Dispatch(request);
    REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
    ++status.data_generation;
    return r["result"];
  }
  void Check(const std::string& where) {
    h.DrawApp(app, status, kNow, 3);
    const auto found = SidewaysOverflow(where);
    std::ostringstream ss;
    for (const auto& o : found) {
      ss << o.where << ": \"" << o.glyphs << "\" drawn " << o.left << "…" << o.right << ", clipped to " << o.clip_left
         << "…" << o.clip_right;
      // The widget that starts where the overflowing drawing starts, to name it in the message.
      for (const auto& it : ui::locator::All())
        if ((it.x >= o.left - 16 && it.x <= o.left + 16) || (it.x <= o.left && it.x + it.w >= o.clip_right - 2))
          ss << " — near \"" << it.label << "\"";
      ss << "\n";
    }
    CHECK_MESSAGE(found.empty(), ss.str());
  }
};

// A case with something in every area, in the follow-up step, with long Swedish texts where people write them.
std::string RichCase(Fixture& f) {
  f.Must({{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Olle Omsorgshandledare"}});
  const std::string id =
      f.Must({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-16"},
              {"owner", {{"name", "Karl-Åke Långnamnsson Testsson"}, {"identity_number", "19821105-9954"},
                         {"address", "Storgatan 123, 123 45 Testköping"}, {"phone", "010-000 00 00"}}}})["case_id"].get<std::string>();
  f.Must({{"cmd", "preparation.start"}, {"case_id", id}});
  f.Must({{"cmd", "preparation.update"}, {"case_id", id},
          {"what_matters", "Jag vill bo kvar hemma i mitt hus med trädgården och klara morgonen själv, och jag vill "
                           "att alla som hjälper mig vet om varandra så att jag slipper berätta samma sak flera gånger."},
          {"questions", {"Hur får jag hjälp på morgonen när jag har ont i höften och inte kan ta mig upp själv?"}}});
  const std::string olle = f.Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Olle Omsorgshandledare"},
                                   {"organisation", "Hemtjänsten Testgården, område norr"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
  const std::string sara = f.Must({{"cmd", "participant.add"}, {"case_id", id}, {"name", "Sara Socialsekreterare"},
                                   {"organisation", "Socialtjänsten Testköpings kommun"}, {"huvudman", "municipality"}})["participant_id"].get<std::string>();
  f.Must({{"cmd", "convener.set"}, {"case_id", id}, {"name", "Sara Socialsekreterare"},
          {"organisation", "Socialtjänsten Testköpings kommun"}, {"role", "socialsekreterare"}});
  f.Must({{"cmd", "consent.record"}, {"case_id", id}, {"given_by", "person"}, {"form", "oral"},
          {"documented_by", "Olle Omsorgshandledare"}, {"documented_on", "2026-11-16"}, {"valid_from", "2026-11-16"},
          {"covers", {"Hemtjänsten Testgården", "Socialtjänsten Testköpings kommun", "Vårdcentralen Testköping"}}});
  f.Must({{"cmd", "mapping.update"}, {"case_id", id}, {"area", "mobility"},
          {"person_view", "Jag har ramlat två gånger i badrummet i höstas"},
          {"interventions", {{{"party", "Hemtjänsten Testgården"}, {"description", "Tillsyn två gånger om dagen"}}}}});
  f.Must({{"cmd", "invitation.update"}, {"case_id", id}, {"purpose", "Att Karl-Åke kan bo kvar hemma"},
          {"place", "Hemma hos Karl-Åke, Storgatan 123"}, {"meeting_at", "2026-11-30T10:00"},
          {"invitees", {olle, sara}}});
  f.Must({{"cmd", "invitation.send"}, {"case_id", id}, {"sent_on", "2026-11-22"}});
  f.Must({{"cmd", "meeting.record"}, {"case_id", id}, {"held_on", "2026-11-22"}, {"participation", "in_person"},
          {"attendance", {{{"participant_id", olle}, {"attendance", "present"}},
                          {{"participant_id", sara}, {"attendance", "absent_without_notice"}}}}});
  f.Must({{"cmd", "goal.add"}, {"case_id", id}, {"text", "Jag vill bo kvar hemma och klara morgonen själv"},
          {"persons_own_words", true}});
  f.Must({{"cmd", "intervention.add"}, {"case_id", id},
          {"what", "Hjälp med morgonrutinen: uppstigning, dusch, påklädning och frukost"}, {"responsible", olle},
          {"frequency", "dagligen 07.30–09.00"}, {"place", "Hemma"}, {"start_date", "2026-11-23"}});
  f.Must({{"cmd", "plan.update"}, {"case_id", id}, {"coordinator", sara}, {"follow_up_on", "2027-02-15"},
          {"follow_up_owner", sara}});
  f.Must({{"cmd", "plan.establish"}, {"case_id", id}, {"established_on", "2026-11-22"}});
  return id;
}
}  // namespace

TEST_CASE("text size 200 % in 1280×720: no screen and no panel is cut off sideways") {
  Fixture f;
  f.app.Show(ui::Screen::Home);
  f.Check("Översikt (empty)");
  const std::string id = RichCase(f);
  f.Must({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-01"},
          {"owner", {{"name", "Berit Åberg"}, {"identity_number", "19821105-9954"}}}});
  f.app.Show(ui::Screen::Home);
  f.Check("Översikt");
  f.app.Show(ui::Screen::NewCase);
  f.Check("Ny SIP");
  f.app.Show(ui::Screen::Bundles);
  f.Check("Planpaket");
  f.app.Show(ui::Screen::Settings);
  f.Check("Inställningar");
  f.app.OpenCase(f.status, kNow, id);
  for (int i = 0; i < static_cast<int>(ui::Panel::Count); ++i) {
    f.app.workspace().panel = static_cast<ui::Panel>(i);
    f.Check("panel " + std::to_string(i));
  }
  // Mötesläge, every phase, with its large type.
  f.app.OpenMeeting(f.status, kNow, id);
  for (size_t i = 0; i < f.app.meeting().timer.phases().size(); ++i) {
    f.app.meeting().timer.GoTo(i, kNow);
    f.Check("Mötesläge, fas " + std::to_string(i + 1));
  }
  f.app.Show(ui::Screen::Case);
  // The help overlay (F1).
  ImGui::GetIO().AddKeyEvent(ImGuiKey_F1, true);
  f.h.DrawApp(f.app, f.status, kNow, 1);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_F1, false);
  REQUIRE(f.app.help_open());
  f.Check("F1");
}
