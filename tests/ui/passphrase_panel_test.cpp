// Inställningar → Skydd → "Byt lösenfras" (ui/screens/passphrase_panel.h): the rules of the new passphrase, the
// same twice, the fields wiped at the click, the change one frame later through the hook, its outcome.
#include <doctest/doctest.h>

#include <imgui.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "ui/headless.h"
#include "ui/screens/passphrase_panel.h"

using namespace sip;
using sip::ui::testing::Headless;

namespace {

struct Calls {
  std::vector<std::pair<std::string, std::string>> seen;
  std::string answer;
  ui::ChangePassphraseHook Hook() {
    return [this](const std::string& current, const std::string& next) {
      seen.emplace_back(current, next);
      return answer;
    };
  }
};

void DrawFrame(ui::PassphrasePanel& panel, const ui::ChangePassphraseHook& hook) {
  Headless h;
  h.Frame([&] {
    ImGui::Begin("t");
    panel.Draw(hook);
    ImGui::End();
  });
}

}  // namespace

TEST_CASE("passphrase panel: the new passphrase meets the rules and is typed the same twice; nothing runs before") {
  ui::PassphrasePanel panel;
  Calls calls;
  panel.current = "blå tåg sjunger högt i natt";
  panel.next = panel.repeat = "kort";
  CHECK_FALSE(panel.Submit());
  CHECK(panel.message == std::string(ErrorMessage(Errc::PassphraseTooShort)));
  panel.next = "fyra ord som ingen gissar";
  panel.repeat = "fyra ord som ingen gissa";
  CHECK_FALSE(panel.Submit());
  CHECK(panel.message.find("inte likadan") != std::string::npos);
  panel.current.clear();
  panel.repeat = panel.next;
  CHECK_FALSE(panel.Submit());
  CHECK(panel.message_is_error);
  DrawFrame(panel, calls.Hook());
  CHECK(calls.seen.empty());
  CHECK(panel.Holds());   // nothing typed was thrown away by a refusal
}

TEST_CASE("passphrase panel: the fields are wiped at the click and the hook runs one frame later; its code is shown") {
  ui::PassphrasePanel panel;
  Calls calls;
  calls.answer = std::string(ErrorCode(Errc::WrongPassphrase));
  panel.current = "fel nuvarande lösenfras";
  panel.next = panel.repeat = "fyra ord som ingen gissar";
  REQUIRE(panel.Submit());
  CHECK_FALSE(panel.Holds());
  CHECK(panel.Pending());
  DrawFrame(panel, calls.Hook());   // "Byter lösenfras …"
  CHECK(calls.seen.empty());
  DrawFrame(panel, calls.Hook());
  REQUIRE(calls.seen.size() == 1);
  CHECK(calls.seen[0].first == "fel nuvarande lösenfras");
  CHECK(calls.seen[0].second == "fyra ord som ingen gissar");
  CHECK_FALSE(panel.Pending());
  CHECK(panel.message_is_error);
  CHECK(panel.message == std::string(ErrorMessage(Errc::WrongPassphrase)));

  calls.answer.clear();
  panel.current = "blå tåg sjunger högt i natt";
  panel.next = panel.repeat = "fyra ord som ingen gissar";
  REQUIRE(panel.Submit());
  DrawFrame(panel, calls.Hook());
  DrawFrame(panel, calls.Hook());
  CHECK(calls.seen.size() == 2);
  CHECK_FALSE(panel.message_is_error);
  CHECK(panel.message.find("bytt") != std::string::npos);
}
