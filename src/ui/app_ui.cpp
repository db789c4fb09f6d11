#include "ui/app_ui.h"

#include <imgui.h>

#include <cstdio>

namespace sip::ui {

std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min) {
  switch (s.state) {
    case SaveStatus::State::Idle: return "Inga osparade ändringar";
    case SaveStatus::State::Saving: return "Sparar…";
    case SaveStatus::State::Error: return "Fel vid sparande – ändringen är inte säkrad";
    case SaveStatus::State::Saved: {
      const int64_t local_min = (s.saved_at / 60000 + local_utc_offset_min) % (24 * 60);
      const int64_t m = local_min < 0 ? local_min + 24 * 60 : local_min;
      char buf[32];
      std::snprintf(buf, sizeof buf, "Sparat %02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
      return buf;
    }
  }
  return {};
}

std::string NetworkStatusText(int online) {
  if (online == 1) return "Online";
  if (online == 0) return "Offline – allt sparas lokalt";
  return {};
}

bool AppUi::OnFilePicked(PickKind kind, const std::string& text, const UiStatus& status, UnixMs now) {
  if (kind == PickKind::Backup) return false;   // binary: OnFileBytesPicked()
  const UiContext ctx{handler_, status, now};
  return bundles_.OnFilePicked(ctx, kind, text);
}

bool AppUi::OnFileBytesPicked(PickKind kind, std::vector<uint8_t> bytes) {
  if (kind != PickKind::Backup) return false;
  current_ = Screen::Settings;
  return settings_.OnBackupPicked(std::move(bytes));
}

bool AppUi::HasUnsavedInput() const { return settings_.Dirty() || settings_.HoldsPassphrase(); }

AppUi::UpdateRequest AppUi::RequestUpdate(const UiStatus& status) {
  if (!status.update_available) return UpdateRequest::NoUpdate;
  if (HasUnsavedInput()) {
    update_refused_ = true;
    return UpdateRequest::UnsavedInput;
  }
  update_refused_ = false;
  update_started_ = true;
  if (update_hook_) update_hook_();
  return UpdateRequest::Started;
}

std::string AppUi::UpdateNote(const UiStatus& status) const {
  if (!status.update_available) return {};
  if (update_started_) return "Uppdaterar…";
  if (update_refused_ && HasUnsavedInput()) return "Spara dina ändringar först";
  return "Ny version finns";
}

void AppUi::Draw(const UiStatus& status, UnixMs now) {
  UiContext ctx{handler_, status, now};
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("SIP Field", nullptr, flags);

  ImGui::TextUnformatted("SIP Field");
  ImGui::SameLine();
  ImGui::TextDisabled("– samordnad individuell plan för hemtjänsten");
  ImGui::Separator();

  const float status_h = ImGui::GetFrameHeightWithSpacing() + 6.0f;
  const float nav_w = 190.0f;
  ImGui::BeginChild("nav", ImVec2(nav_w, -status_h), true);
  if (ImGui::Selectable("Översikt", current_ == Screen::Home)) current_ = Screen::Home;
  if (ImGui::Selectable("Planpaket", current_ == Screen::Bundles)) current_ = Screen::Bundles;
  if (ImGui::Selectable("Inställningar", current_ == Screen::Settings)) current_ = Screen::Settings;
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("content", ImVec2(0, -status_h), true);
  if (!status.db_open) {
    DrawClosedDatabase(status);
  } else {
    switch (current_) {
      case Screen::Home: home_.Draw(ctx); break;
      case Screen::Bundles: bundles_.Draw(ctx, files_); break;
      case Screen::Settings: settings_.Draw(ctx, files_); break;
    }
  }
  ImGui::EndChild();
  DrawStatusBar(ctx, status_h);
  ImGui::End();
}

void AppUi::DrawClosedDatabase(const UiStatus& status) {
  const auto code = ErrcFromCode(status.db_error_code);
  ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "Databasen är inte öppen.");
  ImGui::TextWrapped("%s", code ? std::string(ErrorMessage(*code)).c_str() : "Databasen kunde inte öppnas.");
  if (status.damaged_path.empty()) {
    ImGui::TextWrapped("Inget har skrivits över. Felkod: %s", status.db_error_code.c_str());
    return;
  }
  ImGui::Spacing();
  ImGui::TextWrapped("Den skadade databasen har lagts åt sidan som %s och skrivs aldrig över. Du kan spara en "
                     "kopia av den (för att få hjälp att rädda uppgifterna) och börja om med en ny, tom databas.",
                     status.damaged_path.c_str());
  ImGui::TextDisabled("Felkod: %s", status.db_error_code.c_str());
  ImGui::Spacing();
  if (export_damaged_ && ImGui::Button("Exportera den skadade databasen")) export_damaged_();
  if (start_fresh_) {
    ImGui::SameLine();
    if (ImGui::Button("Starta en ny databas")) start_fresh_();
  }
}

void AppUi::DrawStatusBar(const UiContext& ctx, float) {
  ImGui::Separator();
  const std::string save = SaveStatusText(ctx.status.save, ctx.status.local_utc_offset_min);
  if (ctx.status.save.state == SaveStatus::State::Error)
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", save.c_str());
  else
    ImGui::TextUnformatted(save.c_str());
  if (const std::string net = NetworkStatusText(ctx.status.online); !net.empty()) {
    ImGui::SameLine(0, 24);
    if (ctx.status.online == 0)
      ImGui::TextColored(ImVec4(0.6f, 0.35f, 0.0f, 1), "%s", net.c_str());
    else
      ImGui::TextDisabled("%s", net.c_str());
  }
  if (const std::string note = UpdateNote(ctx.status); !note.empty()) {
    ImGui::SameLine(0, 24);
    if (update_refused_ && HasUnsavedInput()) {
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "Ny version finns – %s", note.c_str());
    } else {
      ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.6f, 1), "%s", note.c_str());
    }
    if (!update_started_) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Uppdatera")) RequestUpdate(ctx.status);
    }
  }
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("%s", ctx.status.db_open ? "Databas: öppen" : "Databas: stängd");
  if (ctx.status.storage_persisted == 0) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored(ImVec4(0.6f, 0.35f, 0.0f, 1), "Lagringen är inte beständig – webbläsaren kan rensa den");
  } else if (ctx.status.storage_persisted == 1) {
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("Beständig lagring");
  }
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("Version %s", SIP_VERSION);
}

}  // namespace sip::ui
