#include "ui/screens/settings_screen.h"

#include <imgui.h>

#include "ui/app_ui.h"

namespace sip::ui {
namespace {
// ImGui::InputText on a std::string, growing it as the user types (imgui_stdlib is not in Debian's source).
int ResizeCallback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}
bool InputString(const char* label, std::string* s) {
  return ImGui::InputText(label, s->data(), s->capacity() + 1, ImGuiInputTextFlags_CallbackResize, ResizeCallback, s);
}
}  // namespace

void SettingsScreen::Load(const UiContext& ctx) {
  fields.clear();
  const Json r = ctx.handler.Dispatch({{"cmd", "settings.list"}});
  if (!r.value("ok", false)) {
    message = r["error"].value("message", "");
    message_is_error = true;
    return;
  }
  for (const auto& s : r["result"]["settings"]) {
    Field f;
    f.key = s["key"].get<std::string>();
    f.label = s["label"].get<std::string>();
    f.max_length = s["max_length"].get<size_t>();
    f.saved = s["value"].is_string() ? s["value"].get<std::string>() : "";
    f.edit = f.saved;
    fields.push_back(std::move(f));
  }
  loaded = true;
}

bool SettingsScreen::Dirty() const {
  for (const auto& f : fields)
    if (f.edit != f.saved) return true;
  return false;
}

bool SettingsScreen::Save(const UiContext& ctx) {
  for (auto& f : fields) {
    if (f.edit == f.saved) continue;
    const Json r = ctx.handler.Dispatch({{"cmd", "settings.set"}, {"key", f.key}, {"value", f.edit}});
    if (!r.value("ok", false)) {
      message = f.label + ": " + r["error"].value("message", "");
      message_is_error = true;
      return false;
    }
    f.saved = f.edit;
  }
  message = "Sparat.";
  message_is_error = false;
  return true;
}

void SettingsScreen::Draw(const UiContext& ctx) {
  if (!loaded) Load(ctx);
  ImGui::TextUnformatted("Inställningar");
  ImGui::Separator();
  ImGui::TextWrapped("Uppgifterna används som avsändare när du lämnar över en plan till den som är sammankallande.");
  ImGui::Spacing();
  ImGui::PushItemWidth(320);
  for (auto& f : fields) {
    ImGui::PushID(f.key.c_str());
    InputString(f.label.c_str(), &f.edit);
    ImGui::PopID();
  }
  ImGui::PopItemWidth();
  ImGui::Spacing();
  ImGui::BeginDisabled(!Dirty());
  if (ImGui::Button("Spara")) Save(ctx);
  ImGui::EndDisabled();
  if (!message.empty()) {
    ImGui::SameLine();
    if (message_is_error)
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", message.c_str());
    else
      ImGui::TextUnformatted(message.c_str());
  }
}

}  // namespace sip::ui
