#include "platform/web_anchor.h"

#include <imgui.h>

namespace sip::platform::anchor {
namespace {
Mode g_mode = Mode::Off;
constexpr int kRows = 1000;
constexpr int kColumns = 5;

void Row(int row) {
  ImGui::TableNextRow();
  for (int c = 0; c < kColumns; ++c) {
    ImGui::TableSetColumnIndex(c);
    ImGui::Text("Rad %d, kolumn %d", row, c);
  }
}
}  // namespace

void Set(Mode mode) { g_mode = mode; }
Mode Current() { return g_mode; }

void Draw() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("anchor", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  if (ImGui::BeginTable("rows", kColumns, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
    if (g_mode == Mode::Clipper) {
      ImGuiListClipper clipper;
      clipper.Begin(kRows);
      while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) Row(r);
    } else {
      for (int r = 0; r < kRows; ++r) Row(r);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace sip::platform::anchor
