#include "ui/screens/home_screen.h"

#include <imgui.h>

#include "ui/app_ui.h"

namespace sip::ui {

void HomeScreen::Draw(const UiContext& ctx) {
  ImGui::TextUnformatted("Översikt");
  ImGui::Separator();
  if (loaded_generation != ctx.status.data_generation) {
    const Json staff = ctx.handler.Dispatch({{"cmd", "settings.get"}, {"key", "staff.name"}});
    const bool has_name = staff.value("ok", false) && staff["result"]["value"].is_string();
    staff_name = has_name ? staff["result"]["value"].get<std::string>() : "";
    loaded_generation = ctx.status.data_generation;
  }
  if (!staff_name.empty())
    ImGui::Text("Användare: %s", staff_name.c_str());
  else
    ImGui::TextWrapped("Ange ditt namn och din enhet under Inställningar innan du börjar – "
                       "det används när du lämnar över en plan.");
  ImGui::Spacing();
  ImGui::TextWrapped("SIP – samordnad individuell plan – är den enskildes plan. Den byggs kring frågan "
                     "”Vad är viktigt för dig?” och samordnar insatser från kommun och region.");
  ImGui::Spacing();
  ImGui::TextDisabled("Allt du sparar stannar på den här enheten tills du själv lämnar över det.");
}

}  // namespace sip::ui
