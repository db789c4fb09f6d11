#include "ui/screens/settings_screen.h"

#include <imgui.h>

#include "app/handler.h"
#include "core/error.h"
#include "core/lock_policy.h"
#include "ui/app_ui.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"
#include "ui/widgets/progress.h"
#include <algorithm>
#include <cstdio>

namespace sip::ui {
namespace {
void WipeString(std::string& s) { app::WipeSecret(s); }
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
  if (backup_job.Running()) return false;
  // A job (app/jobs.h): Tick() runs one step per frame and downloads the file when it is done.
  std::string refused;
  if (!StartJob(ctx, backup_job, {{"op", "backup.export"}, {"passphrase", passphrase}}, "Säkerhetskopierar databasen",
                &refused)) {
    backup_message = "Säkerhetskopian sparades inte: " + refused;
    return false;
  }
  WipePassphrase();
  backup_message.clear();
  backup_message_is_error = false;
  return true;
}

void SettingsScreen::Tick(const UiContext& ctx, const FileHooks& files) {
  if (restore_pending && restore_shown) {
    restore_pending = false;
    ConfirmRestore(files);
  }
  Json result;
  std::string failed;
  switch (AdvanceJob(ctx, backup_job, &result, &failed)) {
    case JobOutcome::Done: {
      const auto bytes = app::FileBytes(result);
      if (!bytes || !files.download) {
        backup_message = "Säkerhetskopian sparades inte: " + std::string(ErrorMessage(Errc::Internal));
        backup_message_is_error = true;
        return;
      }
      const std::string name = result["file_name"].get<std::string>();
      files.download(name, "application/octet-stream", *bytes);
      backup_message = "Säkerhetskopian är sparad som " + name +
                       ". Förvara den och lösenfrasen åtskilda – utan lösenfrasen går den inte att läsa.";
      backup_message_is_error = false;
      return;
    }
    case JobOutcome::Failed:
      backup_message = "Säkerhetskopian sparades inte: " + failed;
      backup_message_is_error = true;
      return;
    default:
      return;
  }
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
    f.allowed = s.value("allowed", "");
    f.edit = f.saved;
    fields.push_back(std::move(f));
  }
  loaded = true;
}

bool SettingsScreen::Dirty() const {
  for (const auto& f : fields)
    if (f.allowed.empty() && f.edit != f.saved) return true;
  return false;
}

std::string SettingsScreen::Value(const std::string& key) const {
  for (const auto& f : fields)
    if (f.key == key) return f.saved;
  return {};
}

bool SettingsScreen::SetAppearance(const UiContext& ctx, const std::string& key, const std::string& value) {
  const Json r = ctx.handler.Dispatch({{"cmd", "settings.set"}, {"key", key}, {"value", value}});
  if (!r.value("ok", false)) {
    message = r["error"].value("message", "");
    message_is_error = true;
    return false;
  }
  for (auto& f : fields)
    if (f.key == key) f.saved = f.edit = value;
  ui::SetAppearance(ThemeFromSetting(Value("ui.theme")), TextPercentFromSetting(Value("ui.text_size")));
  return true;
}

bool SettingsScreen::Save(const UiContext& ctx) {
  for (auto& f : fields) {
    if (!f.allowed.empty() || f.edit == f.saved) continue;
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
  ImGui::BeginChild("settings", ImVec2(0, 0), false);
  SectionTitle("Du och enheten");
  HelpText("Uppgifterna används som avsändare när du lämnar över en plan till den som är sammankallande.");
  for (auto& f : fields) {
    if (!f.allowed.empty()) continue;
    ImGui::PushID(f.key.c_str());
    TextField(f.label.c_str(), f.edit);
    ImGui::PopID();
  }
  if (Button("Spara", Dirty())) Save(ctx);
  Feedback(message, message_is_error);

  SectionTitle("Utseende");
  static const std::vector<const char*> kSizes{"100 %", "125 %", "150 %", "175 %", "200 %"};
  static const char* const kSizeValues[] = {"100", "125", "150", "175", "200"};
  int size_index = (TextPercentFromSetting(Value("ui.text_size")) - 100) / 25;
  if (ChoiceIndex("Textstorlek", size_index, kSizes, {.help = "Texten ritas om i den nya storleken, skarp."}))
    SetAppearance(ctx, "ui.text_size", kSizeValues[size_index]);
  static const std::vector<const char*> kThemes{"Ljust", "Mörkt", "Hög kontrast"};
  int theme_index = static_cast<int>(ThemeFromSetting(Value("ui.theme")));
  if (ChoiceIndex("Färgtema", theme_index, kThemes))
    SetAppearance(ctx, "ui.theme", ThemeSetting(static_cast<ThemeKind>(theme_index)));

  SectionTitle("Skydd");
  static const std::vector<const char*> kIdle{"5 minuter", "10 minuter", "15 minuter", "30 minuter", "60 minuter"};
  static const char* const kIdleValues[] = {"5", "10", "15", "30", "60"};
  const int idle_minutes = IdleLockMinutes(Value("lock.idle_minutes"));
  int idle_index = 1;
  for (int i = 0; i < 5; ++i)
    if (std::to_string(idle_minutes) == kIdleValues[i]) idle_index = i;
  if (ChoiceIndex("Lås appen efter", idle_index, kIdle,
                  {.help = "Så länge appen får vara olåst utan att du använder den. Du kan också låsa med Ctrl+L."}))
    SetAppearance(ctx, "lock.idle_minutes", kIdleValues[idle_index]);
  if (files.change_passphrase) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Byt lösenfras");
    passphrase_change.Draw(files.change_passphrase);
  }

  // --- Säkerhetskopia ---
  SectionTitle("Säkerhetskopia");
  ImGui::TextWrapped("Spara hela den lokala databasen som en fil, skyddad med en lösenfras du väljer, och återställ "
                     "den på en annan enhet eller i en annan webbläsare. Utan lösenfrasen går filen inte att läsa.");
  ImGui::Spacing();
  TextField("Lösenfras", passphrase, {.help = "Minst 8 tecken. Utan lösenfrasen går kopian inte att läsa.", .password = true});
  TextField("Upprepa lösenfrasen (för att spara)", passphrase_repeat, {.password = true});
  ImGui::Spacing();
  if (backup_job.Running()) {
    if (DrawJob(ctx, backup_job)) {
      backup_message = "Säkerhetskopieringen avbröts. Ingen fil sparades.";
      backup_message_is_error = false;
    }
  } else if (ctx.status.file_read >= 0) {
    ImGui::TextUnformatted("Läser säkerhetskopian");
    char pct[16];
    std::snprintf(pct, sizeof pct, "%d %%", static_cast<int>(ctx.status.file_read * 100 + 0.5f));
    ImGui::ProgressBar(ctx.status.file_read,
                       ImVec2(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 24), 0), pct);
    if (files.cancel_read) {
      ImGui::SameLine();
      if (Button("Avbryt##read")) {
        files.cancel_read();
        backup_message = "Inläsningen avbröts. Ingenting har ändrats.";
        backup_message_is_error = false;
      }
    }
  } else if (restore_pending) {
    ImGui::TextUnformatted("Återställer säkerhetskopian");
    ImGui::TextWrapped("Kontrollerar lösenfrasen och filen, och byter sedan databas …");
    ImGui::ProgressBar(0.5f, ImVec2(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 24), 0), "");
    restore_shown = true;
  } else {
    ImGui::BeginDisabled(!files.download || passphrase.empty());
    if (ImGui::Button("Spara säkerhetskopia")) ExportBackup(ctx, files);
    ImGui::EndDisabled();
    SameLineIfFits("Återställ från säkerhetskopia…");
    ImGui::BeginDisabled(!files.pick || !files.restore_backup);
    if (ImGui::Button("Återställ från säkerhetskopia…")) PickBackup(files);
    ImGui::EndDisabled();
  }
  if (!picked_backup.empty() && !restore_pending) {
    ImGui::Spacing();
    const Rgba w = Semantic().warning;
    ImGui::TextColored(ImVec4(w.r, w.g, w.b, 1), "Vill du ersätta databasen med säkerhetskopian (%zu kB)?",
                       (picked_backup.size() + 1023) / 1024);
    ImGui::TextWrapped("Allt som finns i appen nu ersätts med säkerhetskopians innehåll. Den nuvarande databasen sparas "
                       "först som en kopia i webbläsaren. Lösenfrasen hämtas från fältet ovan.");
    if (ImGui::Button("Ja, återställ")) {
      restore_pending = true;   // the next frame shows "Återställer…"; the one after runs it (Tick)
      restore_shown = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("Avbryt")) CancelRestore();
  }
  Feedback(backup_message, backup_message_is_error);
  ImGui::EndChild();
}

}  // namespace sip::ui
