#include "ui/screens/home_screen.h"

#include <imgui.h>

#include <algorithm>

#include "ui/app_ui.h"
#include "ui/screens/case/case_draft.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {
namespace {

int SeverityRank(const std::string& s) { return s == "overdue" ? 3 : s == "warning" ? 2 : s == "info" ? 1 : 0; }

}  // namespace

void HomeScreen::Load(const UiContext& ctx) {
  const Json staff = ctx.handler.Dispatch({{"cmd", "settings.get"}, {"key", "staff.name"}});
  const bool has_name = staff.value("ok", false) && staff["result"]["value"].is_string();
  staff_name = has_name ? staff["result"]["value"].get<std::string>() : "";
  cases.clear();
  error.clear();
  const CivilDate today = LocalToday(ctx);
  const Json list = ctx.handler.Dispatch({{"cmd", "case.list"}});
  if (!list.value("ok", false)) {
    error = list["error"].value("message", "");
  } else {
    for (const auto& c : list["result"]["cases"]) {
      Row r;
      r.case_id = c.value("case_id", "");
      r.owner_name = c.value("owner_name", "");
      r.identity_number = c.value("identity_number", "");
      r.step = c["step"].get<Step>();
      r.step_label = StepLabel(r.step);
      r.noticed_on = c.value("noticed_on", "");
      for (const auto& w : c.value("warnings", Json::array())) {
        ++r.warning_count;
        const int sev = SeverityRank(w.value("severity", ""));
        if (sev > r.severity) {
          r.severity = sev;
          r.worst_warning = w.value("message", "");
        }
        const std::string due = w.value("due", "");
        if (!due.empty() && (r.next_due.empty() || due < r.next_due)) r.next_due = due;
      }
      if (!r.next_due.empty()) r.next_due_text = r.next_due + " (" + RelativeDays(r.next_due, today) + ")";
      cases.push_back(std::move(r));
    }
    // Overdue first, then the nearest deadline, then the rest (case.list's order: newest first).
    std::stable_sort(cases.begin(), cases.end(), [](const Row& a, const Row& b) {
      if ((a.severity == 3) != (b.severity == 3)) return a.severity == 3;
      if (a.next_due.empty() != b.next_due.empty()) return !a.next_due.empty();
      return a.next_due < b.next_due;
    });
  }
  loaded_generation = ctx.status.data_generation;
  loaded_today = today;
}

std::vector<size_t> HomeScreen::Visible() const {
  std::vector<size_t> out;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Row& r = cases[i];
    if (step_filter >= 0 && static_cast<int>(r.step) != step_filter) continue;
    if (only_warnings && r.warning_count == 0) continue;
    if (!search.empty() && !MatchesSearch(search, r.owner_name, r.identity_number)) continue;
    out.push_back(i);
  }
  return out;
}

void HomeScreen::Draw(const UiContext& ctx) {
  open_case.clear();
  new_case = false;
  const CivilDate today = LocalToday(ctx);
  if (loaded_generation != ctx.status.data_generation || DaysFromCivil(today) != DaysFromCivil(loaded_today)) Load(ctx);

  ImGui::TextUnformatted("Översikt");
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 7);
  if (Button("Ny SIP  (Ctrl+N)")) new_case = true;
  ImGui::Separator();
  if (!staff_name.empty())
    ImGui::Text("Användare: %s", staff_name.c_str());
  else
    ImGui::TextWrapped("Ange ditt namn och din enhet under Inställningar innan du börjar – "
                       "det används när du lämnar över en plan.");
  if (!error.empty()) Feedback(error, true);

  // Search and filters on one row.
  ImGui::TextUnformatted("Sök på namn eller personnummer");
  if (focus_search) {
    ImGui::SetKeyboardFocusHere();
    focus_search = false;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
  FieldOpts so;
  so.hint = "t.ex. Andersson eller 19121212-1212";
  so.width = ImGui::GetFontSize() * 18;
  TextField("##search", search, so);
  ImGui::SameLine();
  std::vector<const char*> steps{"Alla steg"};
  for (int i = 0; i <= static_cast<int>(Step::Closed); ++i) steps.push_back(StepLabel(static_cast<Step>(i)));
  int sel = step_filter + 1;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::Combo("##step", &sel, steps.data(), static_cast<int>(steps.size()))) step_filter = sel - 1;
  FocusRing();
  ImGui::SameLine();
  ImGui::Checkbox("Har varningar", &only_warnings);
  FocusRing();

  const std::vector<size_t> visible = Visible();
  ImGui::Text("Ärenden på den här enheten: %d%s", static_cast<int>(cases.size()),
              visible.size() != cases.size() ? (" – " + std::to_string(visible.size()) + " visas").c_str() : "");
  if (cases.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("SIP – samordnad individuell plan – är den enskildes plan. Den byggs kring frågan "
                       "”Vad är viktigt för dig?” och samordnar insatser från kommun och region.");
    ImGui::TextDisabled("Allt du sparar stannar på den här enheten tills du själv lämnar över det.");
    return;
  }
  const SemanticColors col = Semantic();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("cases", 4, flags, ImVec2(0, 0))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Den enskilde", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Steg", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Nästa tidsgräns", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Varningar", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;   // only the visible rows are laid out, however many cases there are
    clipper.Begin(static_cast<int>(visible.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Row& r = cases[visible[static_cast<size_t>(i)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(r.case_id.c_str());
        if (ImGui::Selectable(r.owner_name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) open_case = r.case_id;
        FocusRing();
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.step_label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.next_due_text.empty() ? "–" : r.next_due_text.c_str());
        ImGui::TableNextColumn();
        if (r.warning_count > 0) {
          const Rgba c = r.severity == 3 ? col.error : r.severity == 2 ? col.warning : col.accent;
          ImGui::TextColored(ImVec4(c.r, c.g, c.b, 1), "%s%s", r.worst_warning.c_str(),
                             r.warning_count > 1 ? (" (+" + std::to_string(r.warning_count - 1) + ")").c_str() : "");
        }
      }
    ImGui::EndTable();
  }
}

}  // namespace sip::ui
