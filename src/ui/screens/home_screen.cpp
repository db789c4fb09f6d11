#include "ui/screens/home_screen.h"

#include <imgui.h>

#include "core/model.h"
#include "ui/app_ui.h"

namespace sip::ui {

void HomeScreen::Load(const UiContext& ctx) {
  const Json staff = ctx.handler.Dispatch({{"cmd", "settings.get"}, {"key", "staff.name"}});
  const bool has_name = staff.value("ok", false) && staff["result"]["value"].is_string();
  staff_name = has_name ? staff["result"]["value"].get<std::string>() : "";
  cases.clear();
  error.clear();
  const Json list = ctx.handler.Dispatch({{"cmd", "case.list"}});
  if (!list.value("ok", false)) {
    error = list["error"].value("message", "");
  } else {
    for (const auto& c : list["result"]["cases"])
      cases.push_back({c["case_id"].get<std::string>(), c["owner_name"].get<std::string>(),
                       StepLabel(c["step"].get<Step>()), c["noticed_on"].get<std::string>()});
  }
  loaded_generation = ctx.status.data_generation;
}

void HomeScreen::Draw(const UiContext& ctx) {
  ImGui::TextUnformatted("Översikt");
  ImGui::Separator();
  if (loaded_generation != ctx.status.data_generation) Load(ctx);
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
  ImGui::Spacing();
  ImGui::Text("Ärenden på den här enheten: %d", static_cast<int>(cases.size()));
  if (!error.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", error.c_str());
  if (cases.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("cases", 3, flags, ImVec2(0, 0))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Den enskilde");
    ImGui::TableSetupColumn("Steg");
    ImGui::TableSetupColumn("Behov upptäckt");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;   // only the visible rows are laid out, however many cases there are
    clipper.Begin(static_cast<int>(cases.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Row& r = cases[static_cast<size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.owner_name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.step_label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.noticed_on.c_str());
      }
    ImGui::EndTable();
  }
}

}  // namespace sip::ui
