#include "ui/locator.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace sip::ui::locator {
namespace {
bool g_on = false;
std::vector<Item> g_current, g_last;

std::string_view Visible(std::string_view label) {
  const size_t hash = label.find("##");
  return hash == std::string_view::npos ? label : label.substr(0, hash);
}

// Records the widget with the part of it its window shows (a test clicks there, or scrolls first).
void Add(std::string_view label, const ImRect& r, const ImRect& clip) {
  const std::string_view v = Visible(label);
  if (v.empty()) return;
  ImRect shown = r;
  shown.ClipWithFull(clip);
  const float h = shown.Max.y > shown.Min.y ? shown.GetHeight() : 0.0f;
  const float w = shown.Max.x > shown.Min.x ? shown.GetWidth() : 0.0f;
  g_current.push_back({std::string(v), shown.Min.x, shown.Min.y, w, h, r.Min.y, r.GetHeight()});
}

ImRect ClipOf(ImGuiContext* ctx) {
  const ImGuiWindow* w = ctx->CurrentWindow;
  return w ? w->ClipRect : ImRect(0, 0, 1e9f, 1e9f);
}
}  // namespace

void Enable(bool on) {
  g_on = on;
  if (ImGui::GetCurrentContext()) ImGui::GetCurrentContext()->TestEngineHookItems = on;
  if (!on) {
    g_current.clear();
    g_last.clear();
  }
}
bool Enabled() { return g_on; }

void BeginFrame() {
  if (!g_on) return;
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
  g_last.swap(g_current);
  g_current.clear();
}

std::vector<Item> Find(std::string_view label) {
  std::vector<Item> out;
  for (const auto& i : g_last)
    if (i.label == label) out.push_back(i);
  return out;
}

const std::vector<Item>& All() { return g_last; }

void NoteLastItem(std::string_view label) {
  if (!g_on) return;
  Add(label, ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), ClipOf(ImGui::GetCurrentContext()));
}

}  // namespace sip::ui::locator

// ImGui's item hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE; called only while TestEngineHookItems is on).
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID, const ImRect&, const ImGuiLastItemData*) {}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID, const char* label, ImGuiItemStatusFlags) {
  if (!sip::ui::locator::Enabled() || !label) return;
  sip::ui::locator::Add(label, ctx->LastItemData.Rect, sip::ui::locator::ClipOf(ctx));
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
