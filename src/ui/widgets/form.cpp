#include "ui/widgets/form.h"

#include <imgui.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <string>
#include <string_view>

#include "ui/locator.h"
#include "ui/theme.h"

namespace sip::ui {
namespace {

std::string g_pending_focus;

ImU32 U32(Rgba c) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a)); }

int ResizeCallback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

float FieldWidth(const FieldOpts& o) {
  if (o.width > 0) return o.width;
  const float measure = ImGui::GetFontSize() * 40.0f;   // a readable line length
  return std::min(ImGui::GetContentRegionAvail().x, measure);
}

// The label above the field, with the required mark; focuses the field when its anchor was requested.
void Label(const char* label, const FieldOpts& o) {
  const char* end = std::strstr(label, "##");   // "Namn##rep": shown as "Namn"; "##id": no visible label
  const bool hidden = end == label;
  if (!hidden) ImGui::TextUnformatted(label, end);
  if (o.required && !hidden) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(U32(Semantic().error)), "*");
  }
  if (o.anchor && g_pending_focus == o.anchor) {
    ImGui::SetKeyboardFocusHere();
    ImGui::SetScrollHereY(0.3f);
    g_pending_focus.clear();
  }
}

void Below(const char* label, const FieldOpts& o) {
  locator::NoteLastItem(label);   // tests find the field by the label above it
  FocusRing();
  if (o.error && *o.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, U32(Semantic().error));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + FieldWidth(o));
    ImGui::TextUnformatted(o.error);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  if (o.help && *o.help) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + FieldWidth(o));
    ImGui::TextDisabled("%s", o.help);
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
}

bool InputString(const char* id, std::string& value, const FieldOpts& o, bool multiline) {
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
  if (o.read_only) flags |= ImGuiInputTextFlags_ReadOnly;
  if (o.password) flags |= ImGuiInputTextFlags_Password;
  if (multiline) {
    const int lines = o.lines > 0 ? o.lines : 4;
    const ImVec2 size(FieldWidth(o), ImGui::GetTextLineHeight() * static_cast<float>(lines) +
                                         ImGui::GetStyle().FramePadding.y * 2.0f);
    return ImGui::InputTextMultiline(id, value.data(), value.capacity() + 1, size, flags, ResizeCallback, &value);
  }
  ImGui::SetNextItemWidth(FieldWidth(o));
  if (o.hint)
    return ImGui::InputTextWithHint(id, o.hint, value.data(), value.capacity() + 1, flags, ResizeCallback, &value);
  return ImGui::InputText(id, value.data(), value.capacity() + 1, flags, ResizeCallback, &value);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += '\n';
    out += items[i];
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

}  // namespace

void RequestFocus(std::string_view anchor) { g_pending_focus = std::string(anchor); }
const std::string& PendingFocus() { return g_pending_focus; }
void ClearPendingFocus() { g_pending_focus.clear(); }

void BulletWrapped(const char* fmt, ...) {
  ImGui::Bullet();
  ImGui::SameLine();
  va_list args;
  va_start(args, fmt);
  ImGui::TextWrappedV(fmt, args);
  va_end(args);
}

void SameLineIfFits(const char* next_label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(next_label, nullptr, true).x + st.FramePadding.x * 2;
  const float right = ImGui::GetItemRectMax().x + st.ItemSpacing.x + w;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x) ImGui::SameLine();
}

std::string FitText(std::string_view text, float max_width) {
  const auto width = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
  if (width(text) <= max_width) return std::string(text);
  const std::string_view ellipsis = "…";
  size_t n = text.size();
  while (n > 0) {
    --n;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;   // whole UTF-8 characters
    std::string cut = std::string(text.substr(0, n)) + std::string(ellipsis);
    if (width(cut) <= max_width) return cut;
  }
  return std::string(ellipsis);
}

void FocusRing() {
  if (!ImGui::IsItemActive() && !ImGui::IsItemFocused()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), U32(Semantic().accent),
                                      ImGui::GetStyle().FrameRounding + 2, 0, 2.5f);
}

bool TextField(const char* label, std::string& value, const FieldOpts& o) {
  ImGui::PushID(label);
  Label(label, o);
  const bool changed = InputString("##f", value, o, false);
  Below(label, o);
  ImGui::PopID();
  return changed;
}

bool TextArea(const char* label, std::string& value, const FieldOpts& o) {
  ImGui::PushID(label);
  Label(label, o);
  const bool changed = InputString("##f", value, o, true);
  Below(label, o);
  ImGui::PopID();
  return changed;
}

bool LinesField(const char* label, std::vector<std::string>& items, const FieldOpts& o) {
  // The text being edited is kept per field while it is active, so a trailing newline (the start of the next
  // item) survives until the user types on.
  ImGuiStorage* st = ImGui::GetStateStorage();
  ImGui::PushID(label);
  const ImGuiID key = ImGui::GetID("##lines");
  static std::string editing;   // one field is active at a time
  const bool was_active = st->GetBool(key, false);
  std::string text = was_active ? editing : Join(items);
  Label(label, o);
  FieldOpts f = o;
  if (f.lines == 0) f.lines = 3;
  const bool changed = InputString("##f", text, f, true);
  const bool active = ImGui::IsItemActive();
  st->SetBool(key, active);
  if (active) editing = text;
  Below(label, f);
  ImGui::PopID();
  if (!changed) return false;
  auto next = SplitLines(text);
  if (next == items) return false;
  items = std::move(next);
  return true;
}

bool ChoiceIndex(const char* label, int& index, const std::vector<const char*>& items, const FieldOpts& o) {
  ImGui::PushID(label);
  Label(label, o);
  bool changed = false;
  ImGui::SetNextItemWidth(std::min(FieldWidth(o), ImGui::GetFontSize() * 22.0f));
  const char* preview = index >= 0 && index < static_cast<int>(items.size()) ? items[static_cast<size_t>(index)] : "Välj …";
  if (ImGui::BeginCombo("##c", preview)) {
    for (int i = 0; i < static_cast<int>(items.size()); ++i) {
      const bool selected = i == index;
      if (ImGui::Selectable(items[static_cast<size_t>(i)], selected) && !selected) {
        index = i;
        changed = true;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  Below(label, o);
  ImGui::PopID();
  return changed;
}

bool CheckField(const char* label, bool& value, const FieldOpts& o) {
  if (o.anchor && g_pending_focus == o.anchor) {
    ImGui::SetKeyboardFocusHere();
    g_pending_focus.clear();
  }
  const bool changed = ImGui::Checkbox(label, &value);
  Below(label, o);
  return changed;
}

void SectionTitle(const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, U32(Semantic().accent));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::Separator();
  ImGui::Spacing();
}

// Where a paragraph wraps: a readable measure (40 em), never past the edge of the panel.
float ReadableWrapPos() {
  return std::min(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 40.0f, ImGui::GetContentRegionMax().x);
}

void HelpText(const char* text) {
  ImGui::PushTextWrapPos(ReadableWrapPos());
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

void Feedback(const std::string& text, bool is_error) {
  if (text.empty()) return;
  const SemanticColors c = Semantic();
  ImGui::PushStyleColor(ImGuiCol_Text, U32(is_error ? c.error : c.success));
  ImGui::PushTextWrapPos(ReadableWrapPos());
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

bool Button(const char* label, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  FocusRing();
  if (!enabled) ImGui::EndDisabled();
  return pressed && enabled;
}

}  // namespace sip::ui
