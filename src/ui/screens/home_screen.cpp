#include "ui/screens/home_screen.h"

#include <imgui.h>

#include <algorithm>

#include "ui/app_ui.h"
#include "ui/locator.h"
#include "ui/screens/case/case_draft.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {
namespace {

int SeverityRank(const std::string& s) { return s == "overdue" ? 3 : s == "warning" ? 2 : s == "info" ? 1 : 0; }

}  // namespace

namespace {
HomeScreen::Row MakeRow(const Json& c, CivilDate today) {
  HomeScreen::Row r;
  r.case_id = c.value("case_id", "");
  r.owner_name = c.value("owner_name", "");
  r.identity_number = c.value("identity_number", "");
  r.created_on = c.value("created_on", "");
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
  return r;
}

// Overdue first, then the nearest deadline, then the rest, newest first (case.list's own order).
bool Before(const HomeScreen::Row& a, const HomeScreen::Row& b) {
  if ((a.severity == 3) != (b.severity == 3)) return a.severity == 3;
  if (a.next_due.empty() != b.next_due.empty()) return !a.next_due.empty();
  if (a.next_due != b.next_due) return a.next_due < b.next_due;
  if (a.created_on != b.created_on) return a.created_on > b.created_on;
  return a.case_id > b.case_id;
}
}  // namespace

void HomeScreen::Load(const UiContext& ctx) {
  const Json staff = ctx.handler.Dispatch({{"cmd", "settings.get"}, {"key", "staff.name"}});
  const bool has_name = staff.value("ok", false) && staff["result"]["value"].is_string();
  staff_name = has_name ? staff["result"]["value"].get<std::string>() : "";
  const CivilDate today = LocalToday(ctx);
  // After a save only the cases written since the last read are read again (case.list `since`); a new day, a
  // replaced database (another epoch) or an earlier error reads everything.
  const bool incremental =
      loaded_epoch != 0 && error.empty() && DaysFromCivil(today) == DaysFromCivil(loaded_today);
  Json request{{"cmd", "case.list"}};
  if (incremental) request["since"] = loaded_revision;
  const Json list = ctx.handler.Dispatch(request);
  loaded_generation = ctx.status.data_generation;
  loaded_today = today;
  ++rows_version;
  if (!list.value("ok", false)) {
    cases.clear();
    loaded_epoch = 0;
    error = list["error"].value("message", "");
    return;
  }
  const Json& res = list["result"];
  if (incremental && res.value("epoch", uint64_t{0}) != loaded_epoch) {
    loaded_epoch = 0;
    Load(ctx);
    return;
  }
  error.clear();
  if (!incremental) cases.clear();
  for (const auto& c : res["cases"]) {
    Row r = MakeRow(c, today);
    auto it = incremental ? std::find_if(cases.begin(), cases.end(),
                                         [&](const Row& x) { return x.case_id == r.case_id; })
                          : cases.end();
    if (it != cases.end())
      *it = std::move(r);
    else
      cases.push_back(std::move(r));
  }
  if (incremental && static_cast<int64_t>(cases.size()) != res.value("count", int64_t{-1})) {
    loaded_epoch = 0;   // something other than a write changed the cases: read them all
    Load(ctx);
    return;
  }
  std::sort(cases.begin(), cases.end(), Before);
  loaded_revision = res.value("revision", int64_t{0});
  loaded_epoch = res.value("epoch", uint64_t{0});
}

const std::vector<size_t>& HomeScreen::Visible() {
  if (visible_key.rows_version == rows_version && visible_key.search == search &&
      visible_key.step_filter == step_filter && visible_key.only_warnings == only_warnings)
    return visible;
  visible_key = {rows_version, search, step_filter, only_warnings};
  visible.clear();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Row& r = cases[i];
    if (step_filter >= 0 && static_cast<int>(r.step) != step_filter) continue;
    if (only_warnings && r.warning_count == 0) continue;
    if (!search.empty() && !MatchesSearch(search, r.owner_name, r.identity_number)) continue;
    visible.push_back(i);
  }
  return visible;
}

void HomeScreen::Draw(const UiContext& ctx) {
  open_case.clear();
  new_case = false;
  const CivilDate today = LocalToday(ctx);
  if (loaded_generation != ctx.status.data_generation || DaysFromCivil(today) != DaysFromCivil(loaded_today)) Load(ctx);

  ImGui::TextUnformatted("Översikt");
  const char* kNew = "Ny SIP  (Ctrl+N)";
  const float new_w = ImGui::CalcTextSize(kNew).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - new_w));
  if (Button(kNew)) new_case = true;
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
    // Before the first click no window has ImGui's focus, and a focus request into a window that has none is
    // dropped: give the content panel the focus first.
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere();
    focus_search = false;
  }
  // Search, step and "har varningar" on one row when they fit, else one under the other (large text).
  const float em = ImGui::GetFontSize();
  const bool one_row = ImGui::GetContentRegionAvail().x >= em * 43;
  FieldOpts so;
  so.hint = "t.ex. Andersson eller 19121212-1212";
  so.width = std::min(ImGui::GetContentRegionAvail().x, em * 18);
  TextField("##search", search, so);
  locator::NoteLastItem("Sök på namn eller personnummer");   // the label above names the field for tests
  if (one_row) ImGui::SameLine();
  std::vector<const char*> steps{"Alla steg"};
  for (int i = 0; i <= static_cast<int>(Step::Closed); ++i) steps.push_back(StepLabel(static_cast<Step>(i)));
  int sel = step_filter + 1;
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, em * 14));
  if (ImGui::Combo("##step", &sel, steps.data(), static_cast<int>(steps.size()))) step_filter = sel - 1;
  FocusRing();
  if (one_row) ImGui::SameLine();
  ImGui::Checkbox("Har varningar", &only_warnings);
  FocusRing();

  const std::vector<size_t>& shown = Visible();
  ImGui::TextWrapped("Ärenden på den här enheten: %d%s", static_cast<int>(cases.size()),
                     shown.size() != cases.size() ? (" – " + std::to_string(shown.size()) + " visas").c_str() : "");
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
    ImGui::TableSetupColumn("Den enskilde", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("Steg", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Tidsgräns", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Varningar", ImGuiTableColumnFlags_WidthStretch, 1.8f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;   // only the visible rows are laid out, however many cases there are
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Row& r = cases[shown[static_cast<size_t>(i)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(r.case_id.c_str());
        // The name is the row's button (it cannot wrap): shortened with "…" to its column; the rest wraps.
        const std::string name = FitText(r.owner_name, ImGui::GetContentRegionAvail().x);
        if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) open_case = r.case_id;
        FocusRing();
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.step_label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.next_due_text.empty() ? "–" : r.next_due_text.c_str());
        ImGui::TableNextColumn();
        if (r.warning_count > 0) {
          const Rgba c = r.severity == 3 ? col.error : r.severity == 2 ? col.warning : col.accent;
          ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(c.r, c.g, c.b, 1));
          ImGui::TextWrapped("%s%s", r.worst_warning.c_str(),
                             r.warning_count > 1 ? (" (+" + std::to_string(r.warning_count - 1) + ")").c_str() : "");
          ImGui::PopStyleColor();
        }
      }
    ImGui::EndTable();
  }
}

}  // namespace sip::ui
