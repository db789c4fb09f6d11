#include "ui/screens/settings_screen.h"

#include <imgui.h>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/error.h"
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
bool InputString(const char* label, std::string* s, ImGuiInputTextFlags flags = 0) {
  return ImGui::InputText(label, s->data(), s->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize,
                          ResizeCallback, s);
}
void WipeString(std::string& s) {
  if (!s.empty()) bundle::Wipe(s.data(), s.size());
  s.clear();
}
std::string MessageFor(std::string_view code) {
  if (auto e = ErrcFromCode(code)) return std::string(ErrorMessage(*e));
  return "Något gick fel (" + std::string(code) + ").";
}
}  // namespace

void SettingsScreen::WipePassphrase() {
  WipeString(passphrase);
  WipeString(passphrase_repeat);
}

bool SettingsScreen::ExportBackup(const UiContext& ctx, const FileHooks& files) {
  backup_message_is_error = true;
  if (!files.download) {
    backup_message = "Den här versionen kan inte spara filer.";
    return false;
  }
  if (passphrase.empty()) {
    backup_message = "Skriv en lösenfras för säkerhetskopian (minst 8 tecken).";
    return false;
  }
  if (passphrase != passphrase_repeat) {
    backup_message = "Lösenfraserna är inte lika. Skriv samma lösenfras i båda fälten.";
    return false;
  }
  const Json r = ctx.handler.Dispatch({{"cmd", "backup.export"}, {"passphrase", passphrase}});
  if (!r.value("ok", false)) {
    backup_message = "Säkerhetskopian sparades inte: " + r["error"].value("message", "");
    return false;
  }
  const auto bytes = bundle::Base64StdDecode(r["result"]["file"].get<std::string>());
  if (!bytes) {
    backup_message = "Säkerhetskopian sparades inte: " + std::string(ErrorMessage(Errc::Internal));
    return false;
  }
  const std::string name = r["result"]["file_name"].get<std::string>();
  files.download(name, "application/octet-stream", *bytes);
  WipePassphrase();
  backup_message = "Säkerhetskopian är sparad som " + name +
                   ". Förvara den och lösenfrasen åtskilda – utan lösenfrasen går den inte att läsa.";
  backup_message_is_error = false;
  return true;
}

bool SettingsScreen::PickBackup(const FileHooks& files) {
  if (!files.pick || !files.restore_backup) {
    backup_message = "Den här versionen kan inte läsa in säkerhetskopior.";
    backup_message_is_error = true;
    return false;
  }
  files.pick(PickKind::Backup);
  return true;
}

bool SettingsScreen::OnBackupPicked(std::vector<uint8_t> bytes) {
  if (bytes.empty()) {
    picked_backup.clear();
    backup_message = "Filen kunde inte läsas, eller så är den för stor.";
    backup_message_is_error = true;
    return false;
  }
  picked_backup = std::move(bytes);
  backup_message.clear();
  backup_message_is_error = false;
  return true;
}

void SettingsScreen::CancelRestore() {
  picked_backup.clear();
  backup_message = "Återställningen avbröts. Ingenting har ändrats.";
  backup_message_is_error = false;
}

bool SettingsScreen::ConfirmRestore(const FileHooks& files) {
  backup_message_is_error = true;
  if (picked_backup.empty()) {
    backup_message = "Välj först en säkerhetskopia.";
    return false;
  }
  if (!files.restore_backup) {
    backup_message = "Den här versionen kan inte läsa in säkerhetskopior.";
    return false;
  }
  if (passphrase.empty()) {
    backup_message = "Skriv säkerhetskopians lösenfras i fältet Lösenfras.";
    return false;
  }
  const std::string code = files.restore_backup(picked_backup, passphrase);
  if (!code.empty()) {
    // The file stays picked so the user can try another passphrase; nothing was changed.
    backup_message = "Säkerhetskopian lästes inte in: " + MessageFor(code) + " Ingenting har ändrats.";
    return false;
  }
  picked_backup.clear();
  WipePassphrase();
  loaded = false;   // the settings now come from the backup
  backup_message = "Säkerhetskopian är återställd. Den tidigare databasen finns kvar som en kopia i webbläsaren.";
  backup_message_is_error = false;
  return true;
}

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
  static const FileHooks kNone;
  Draw(ctx, kNone);
}

void SettingsScreen::Draw(const UiContext& ctx, const FileHooks& files) {
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

  // --- Säkerhetskopia ---
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::TextUnformatted("Säkerhetskopia");
  ImGui::Separator();
  ImGui::TextWrapped("Spara hela den lokala databasen som en fil, skyddad med en lösenfras du väljer, och återställ "
                     "den på en annan enhet eller i en annan webbläsare. Utan lösenfrasen går filen inte att läsa.");
  ImGui::Spacing();
  ImGui::PushItemWidth(320);
  InputString("Lösenfras", &passphrase, ImGuiInputTextFlags_Password);
  InputString("Upprepa lösenfrasen (för att spara)", &passphrase_repeat, ImGuiInputTextFlags_Password);
  ImGui::PopItemWidth();
  ImGui::Spacing();
  ImGui::BeginDisabled(!files.download || passphrase.empty());
  if (ImGui::Button("Spara säkerhetskopia")) ExportBackup(ctx, files);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!files.pick || !files.restore_backup);
  if (ImGui::Button("Återställ från säkerhetskopia…")) PickBackup(files);
  ImGui::EndDisabled();
  if (!picked_backup.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.6f, 0.35f, 0.0f, 1),
                       "Vill du ersätta databasen med säkerhetskopian (%zu kB)?", (picked_backup.size() + 1023) / 1024);
    ImGui::TextWrapped("Allt som finns i appen nu ersätts med säkerhetskopians innehåll. Den nuvarande databasen sparas "
                       "först som en kopia i webbläsaren. Lösenfrasen hämtas från fältet ovan.");
    if (ImGui::Button("Ja, återställ")) ConfirmRestore(files);
    ImGui::SameLine();
    if (ImGui::Button("Avbryt")) CancelRestore();
  }
  if (!backup_message.empty()) {
    if (backup_message_is_error) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.1f, 0.1f, 1));
    ImGui::TextWrapped("%s", backup_message.c_str());
    if (backup_message_is_error) ImGui::PopStyleColor();
  }
}

}  // namespace sip::ui
