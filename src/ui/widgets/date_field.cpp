#include "ui/widgets/date_field.h"

#include <imgui.h>

#include <cstdio>

namespace sip::ui {
namespace {

const char* const kMonths[] = {"januari", "februari", "mars",     "april",   "maj",      "juni",
                               "juli",    "augusti",  "september", "oktober", "november", "december"};
const char* const kDays[] = {"må", "ti", "on", "to", "fr", "lö", "sö"};

int DaysInMonth(int y, int m) {
  static const int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDaysIn[m - 1];
}

// The calendar popup; returns true when a day was picked into `value`.
bool Calendar(const char* popup_id, std::string& value, CivilDate today) {
  bool picked = false;
  if (!ImGui::BeginPopup(popup_id)) return false;
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID ym_key = ImGui::GetID("ym");
  int ym = st->GetInt(ym_key, 0);
  if (ym == 0) {
    const CivilDate start = ParseDate(value).value_or(today);
    ym = start.year * 12 + (start.month - 1);
  }
  if (ImGui::ArrowButton("prev", ImGuiDir_Left)) --ym;
  ImGui::SameLine();
  ImGui::Text("%s %d", kMonths[ym % 12], ym / 12);
  ImGui::SameLine();
  if (ImGui::ArrowButton("next", ImGuiDir_Right)) ++ym;
  st->SetInt(ym_key, ym);
  const int y = ym / 12, m = ym % 12 + 1;
  if (ImGui::BeginTable("cal", 8, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("v.");
    for (const char* d : kDays) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(d);
    }
    const int first_wd = WeekdayMonday0({y, m, 1});
    const int n = DaysInMonth(y, m);
    const auto selected = ParseDate(value);
    for (int cell = 0; cell < first_wd + n; ++cell) {
      if (cell % 7 == 0) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const int day_in_row = cell - first_wd < 0 ? 1 : cell - first_wd + 1;
        ImGui::TextDisabled("%d", IsoWeek({y, m, day_in_row}));
      }
      ImGui::TableNextColumn();
      if (cell < first_wd) continue;
      const int day = cell - first_wd + 1;
      char label[16];
      std::snprintf(label, sizeof label, "%d", day);
      const bool is_sel = selected && selected->year == y && selected->month == m && selected->day == day;
      const bool is_today = today.year == y && today.month == m && today.day == day;
      if (is_today) ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
      if (ImGui::Selectable(label, is_sel, 0, ImVec2(ImGui::GetFontSize() * 1.6f, 0))) {
        value = FormatDate({y, m, day});
        picked = true;
        st->SetInt(ym_key, 0);
        ImGui::CloseCurrentPopup();
      }
      if (is_today) ImGui::PopStyleVar();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button("I dag")) {
    value = FormatDate(today);
    picked = true;
    st->SetInt(ym_key, 0);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return picked;
}

}  // namespace

int WeekdayMonday0(CivilDate d) {
  const int64_t days = DaysFromCivil(d);   // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

int IsoWeek(CivilDate d) {
  // The week belongs to the year of its Thursday.
  const int64_t days = DaysFromCivil(d);
  const int64_t thursday = days - WeekdayMonday0(d) + 3;
  const CivilDate th = CivilFromDays(thursday);
  const int64_t jan1 = DaysFromCivil({th.year, 1, 1});
  return static_cast<int>((thursday - jan1) / 7 + 1);
}

bool IsValidClock(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (int i : {0, 1, 3, 4})
    if (s[static_cast<size_t>(i)] < '0' || s[static_cast<size_t>(i)] > '9') return false;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60;
}

bool DateField(const char* label, std::string& value, CivilDate today, const FieldOpts& o) {
  FieldOpts f = o;
  if (!f.hint) f.hint = "ÅÅÅÅ-MM-DD";
  if (!f.width) f.width = ImGui::GetFontSize() * 8.0f;
  if ((!f.error || !*f.error) && !value.empty() && !ParseDate(value)) f.error = "Skriv datumet som ÅÅÅÅ-MM-DD.";
  ImGui::PushID(label);
  // The field and the calendar button on one line; TextField draws the label above.
  const char* help = f.help;
  const char* error = f.error;
  f.help = nullptr;
  f.error = nullptr;
  ImGui::BeginGroup();
  bool changed = TextField(label, value, f);
  ImGui::EndGroup();
  const ImVec2 after = ImGui::GetCursorPos();
  ImGui::SameLine();
  // Align the button with the field (the group's last line is the spacing under it).
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetTextLineHeightWithSpacing());
  if (ImGui::Button("Kalender")) ImGui::OpenPopup("cal");
  FocusRing();
  if (Calendar("cal", value, today)) changed = true;
  ImGui::SetCursorPos(after);
  ImGui::Dummy(ImVec2(0, 0));   // ImGui 1.89+: a cursor moved by hand is followed by an item
  ImGui::PopID();
  if ((error && *error) || (help && *help)) {
    if (error && *error) Feedback(error, true);
    if (help && *help) HelpText(help);
    ImGui::Spacing();
  }
  return changed;
}

bool DateTimeField(const char* label, std::string& value, CivilDate today, const FieldOpts& o) {
  std::string date = value.size() >= 10 ? value.substr(0, 10) : value;
  std::string clock = value.size() > 11 ? value.substr(11) : "";
  ImGui::PushID(label);
  FieldOpts df = o;
  df.error = nullptr;
  df.help = nullptr;
  ImGui::BeginGroup();
  bool changed = DateField(label, date, today, df);
  ImGui::EndGroup();
  ImGui::SameLine(0, ImGui::GetFontSize());
  ImGui::BeginGroup();
  FieldOpts tf;
  tf.hint = "TT:MM";
  tf.width = ImGui::GetFontSize() * 4.5f;
  tf.anchor = nullptr;
  changed |= TextField("Klockslag", clock, tf);
  ImGui::EndGroup();
  ImGui::PopID();
  if (changed) value = clock.empty() ? date : date + "T" + clock;
  const char* err = o.error;
  if ((!err || !*err) && !clock.empty() && !IsValidClock(clock)) err = "Skriv klockslaget som TT:MM, t.ex. 14:30.";
  if (err && *err) Feedback(err, true);
  if (o.help && *o.help) HelpText(o.help);
  return changed;
}

}  // namespace sip::ui
