#include "ui/app_ui.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/lock_policy.h"
#include "ui/keys.h"
#include "ui/locator.h"
#include "ui/theme.h"
#include "ui/unsaved_input.h"
#include "ui/widgets/form.h"

namespace sip::ui {
namespace {
ImVec4 Col(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }
}  // namespace

std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min) {
  switch (s.state) {
    case SaveStatus::State::Idle: return "Inga osparade ändringar";
    case SaveStatus::State::Saving: return "Sparar…";
    case SaveStatus::State::Error: return "Fel vid sparande – ändringen är inte säkrad";
    case SaveStatus::State::Saved: return "Sparat " + ClockOf(s.saved_at, local_utc_offset_min);
    case SaveStatus::State::Full:
      return "Lagringsutrymmet är fullt – det senaste är inte sparat";
  }
  return {};
}

std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min, bool unsaved_input) {
  // "Inga osparade ändringar" or "Sparat 09:41" beside a form that holds typed input would be read as "what I
  // typed is saved": the status bar says what is still only typed.
  if (unsaved_input && (s.state == SaveStatus::State::Idle || s.state == SaveStatus::State::Saved))
    return "Osparade ändringar i ett formulär";
  return SaveStatusText(s, local_utc_offset_min);
}

std::string ClockOf(UnixMs at, int local_utc_offset_min) {
  const int64_t local_min = (at / 60000 + local_utc_offset_min) % (24 * 60);
  const int64_t m = local_min < 0 ? local_min + 24 * 60 : local_min;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

std::string LocalDateTimeOf(UnixMs at, int local_utc_offset_min) {
  const UnixMs local = at + static_cast<UnixMs>(local_utc_offset_min) * 60000;
  return FormatDate(CivilFromUnixMs(local)) + " " + ClockOf(at, local_utc_offset_min);
}

std::string OutboxStatusText(const OutboxStatus& o, int online, int local_utc_offset_min) {
  if (o.sending) return "Skickar planpaket…";
  if (o.enrollment == "pending") return "Väntar på godkännande från kontoret";
  if (!o.error_code.empty() && o.waiting > 0 && online != 0) {
    const std::string why = o.error_code == "office_unreachable" ? "Kontoret svarar inte" : "Kunde inte skicka";
    if (o.next_try_at > 0) return why + " – försöker igen " + ClockOf(o.next_try_at, local_utc_offset_min);
    return why;
  }
  if (o.waiting == 1) return "1 planpaket väntar";
  if (o.waiting > 1) return std::to_string(o.waiting) + " planpaket väntar";
  if (o.last_sent_at > 0) return "Skickat " + ClockOf(o.last_sent_at, local_utc_offset_min);
  return {};
}

std::string NetworkStatusText(int online) {
  if (online == 1) return "Online";
  if (online == 0) return "Offline – allt sparas lokalt";
  return {};
}

bool AppUi::OnFilePicked(PickKind kind, const std::string& text, const UiStatus& status, UnixMs now) {
  if (kind == PickKind::Backup) return false;   // binary: OnFileBytesPicked()
  const UiContext ctx{handler_, status, now, &files_};
  return bundles_.OnFilePicked(ctx, kind, text);
}

bool AppUi::OnProfileFetched(const std::string& text, const std::string& error_code, const UiStatus& status,
                             UnixMs now) {
  const UiContext ctx{handler_, status, now, &files_};
  return bundles_.OnProfileFetched(ctx, text, error_code);
}

bool AppUi::OnFileBytesPicked(PickKind kind, std::vector<uint8_t> bytes) {
  if (kind != PickKind::Backup) return false;
  current_ = Screen::Settings;
  return settings_.OnBackupPicked(std::move(bytes));
}

bool AppUi::HasUnsavedInput() const {
  return settings_.Dirty() || settings_.HoldsPassphrase() || new_case_.HasUnsavedInput() || workspace_.HasUnsavedInput();
}

void AppUi::OpenCase(const UiStatus& status, UnixMs now, const std::string& case_id) {
  const UiContext ctx{handler_, status, now, &files_};
  workspace_.Open(ctx, case_id);
  current_ = Screen::Case;
}

void AppUi::LoadAppearance(const UiStatus& status, UnixMs now) {
  const UiContext ctx{handler_, status, now, &files_};
  settings_.Load(ctx);
  SetAppearance(ThemeFromSetting(settings_.Value("ui.theme")), TextPercentFromSetting(settings_.Value("ui.text_size")));
  settings_.loaded = false;   // the screen reads the settings afresh when it is first shown
}

void AppUi::HandleShortcuts(const UiContext& ctx) {
  if (Pressed(Shortcut::Help)) help_open_ = !help_open_;
  if (help_open_ && Pressed(Shortcut::Close)) help_open_ = false;
  if (!ctx.status.db_open) return;
  if (lock_hook_ && Pressed(Shortcut::Lock)) {
    lock_hook_();
    return;
  }
  if (Pressed(Shortcut::NewCase)) current_ = Screen::NewCase;
  if (Pressed(Shortcut::Search)) {
    current_ = Screen::Home;
    home_.focus_search = true;
  }
  if (Pressed(Shortcut::Save)) {
    if (current_ == Screen::Case) workspace_.SaveCurrentPanel(ctx);
    else if (current_ == Screen::Settings && settings_.Dirty()) settings_.Save(ctx);
    else if (current_ == Screen::NewCase) new_case_.Create(ctx);
  }
  if (current_ == Screen::Case)
    for (int i = 0; i < 6; ++i)
      if (Pressed(static_cast<Shortcut>(static_cast<int>(Shortcut::Step1) + i))) workspace_.ShowStep(i + 1);
}

void AppUi::DrawHelp() {
  if (!help_open_) return;
  ImGui::OpenPopup("Kortkommandon");
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Kortkommandon", &help_open_, ImGuiWindowFlags_AlwaysAutoResize)) {
    static const char* const kRows[][2] = {
        {"Ctrl+N", "Ny SIP"},
        {"Ctrl+F", "Sök bland ärendena"},
        {"Ctrl+S", "Spara formuläret du står i"},
        {"Ctrl+L", "Lås appen (lösenfrasen låser upp)"},
        {"Alt+1 … Alt+6", "Gå till stegen i det öppna ärendet"},
        {"Tab / Skift+Tab", "Nästa / föregående fält"},
        {"Piltangenter", "Flytta mellan knappar och rader"},
        {"Enter / Mellanslag", "Tryck på knappen som har fokus"},
        {"Esc", "Stäng en ruta eller lista"},
        {"Ctrl+C / Ctrl+V", "Kopiera / klistra in text"},
        {"Mellanslag (mötesläge)", "Starta eller pausa timern"},
        {"N (mötesläge)", "Nästa fas i mötet"},
        {"Esc (mötesläge)", "Lämna mötesläget – det du skrivit finns kvar"},
        {"F1", "Visa eller dölj den här hjälpen"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("Tangent");
      ImGui::TableSetupColumn("Gör");
      ImGui::TableHeadersRow();
      for (const auto& r : kRows) {
        if (!lock_hook_ && std::string_view(r[0]) == "Ctrl+L") continue;   // no lock on this platform
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r[1]);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("Stäng")) help_open_ = false;
    ImGui::EndPopup();
  }
}

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

void AppUi::OpenMeeting(const UiStatus& status, UnixMs now, const std::string& case_id) {
  UiContext ctx{handler_, status, now, &files_};
  workspace_.Open(ctx, case_id);
  meeting_.Open(case_id);
  current_ = Screen::Meeting;
}

bool AppUi::DrawMeeting(const UiContext& ctx, bool help_was_open) {
  auto it = workspace_.drafts.find(meeting_.case_id);
  if (!ctx.status.db_open || it == workspace_.drafts.end()) return false;
  CaseDraft& d = it->second;
  if (d.loaded_generation != ctx.status.data_generation) LoadCase(ctx, d);
  if (!d.load_error.empty()) return false;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("Mötesläge", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  meeting_.Draw(ctx, d);
  ImGui::End();
  if (meeting_.leave && !help_was_open) {   // Esc with the help open closes only the help
    workspace_.current = meeting_.case_id;
    workspace_.panel = d.base.step == Step::Invitation ? Panel::Meeting : PanelOfStep(d.base.step);
    current_ = Screen::Case;
  }
  return true;
}

void AppUi::Draw(const UiStatus& status, UnixMs now) {
  locator::BeginFrame();
  UiContext ctx{handler_, status, now, &files_};
  if (current_ == Screen::Meeting) {
    if (status.db_open) settings_.Tick(ctx, files_);
    const bool help_was_open = help_open_;
    if (Pressed(Shortcut::Help)) help_open_ = !help_open_;
    if (help_open_ && Pressed(Shortcut::Close)) help_open_ = false;
    if (DrawMeeting(ctx, help_was_open)) {
      DrawHelp();
      return;
    }
    current_ = Screen::Case;
  }
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
  // The navigation column: 11 em, but never more than a fifth of the window (large text in a small window).
  const float nav_w = std::min(ImGui::GetFontSize() * 11.0f, vp->WorkSize.x * 0.2f);
  HandleShortcuts(ctx);
  if (status.db_open) settings_.Tick(ctx, files_);   // a long operation goes on while the user is elsewhere
  ImGui::BeginChild("nav", ImVec2(nav_w, -status_h), true);
  auto nav = [this](const char* label, Screen s) {
    const std::string shown = FitText(label, ImGui::GetContentRegionAvail().x);
    ImGui::PushID(static_cast<int>(s));
    if (ImGui::Selectable(shown.c_str(), current_ == s)) current_ = s;
    ImGui::PopID();
    FocusRing();
  };
  nav("Översikt", Screen::Home);
  nav("Ny SIP", Screen::NewCase);
  if (const CaseDraft* d = workspace_.Current()) {
    const std::string label = "Ärende: " + d->base.owner.name;
    nav(label.c_str(), Screen::Case);
  }
  nav("Planpaket", Screen::Bundles);
  nav("Inställningar", Screen::Settings);
  if (lock_hook_ && status.db_open) {
    ImGui::Spacing();
    if (ImGui::Selectable(FitText("Lås (Ctrl+L)", ImGui::GetContentRegionAvail().x).c_str(), false)) lock_hook_();
    FocusRing();
  }
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("F1: kortkommandon");
  ImGui::PopStyleColor();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("content", ImVec2(0, -status_h), true);
  if (status.save.state == SaveStatus::State::Full) DrawStorageFull();
  if (!status.db_open) {
    DrawClosedDatabase(status);
  } else {
    switch (current_) {
      case Screen::Home:
        home_.Draw(ctx);
        if (home_.new_case) current_ = Screen::NewCase;
        if (!home_.open_case.empty()) OpenCase(status, now, home_.open_case);
        break;
      case Screen::NewCase:
        new_case_.Draw(ctx);
        if (!new_case_.created_case.empty()) {
          OpenCase(status, now, new_case_.created_case);
          new_case_.created_case.clear();
        }
        break;
      case Screen::Case:
        workspace_.Draw(ctx);
        if (workspace_.open_meeting && workspace_.Current()) OpenMeeting(status, now, workspace_.current);
        break;
      case Screen::Meeting: break;   // drawn above, on its own
      case Screen::Bundles: bundles_.Draw(ctx, files_); break;
      case Screen::Settings: settings_.Draw(ctx, files_); break;
    }
  }
  ImGui::EndChild();
  DrawStatusBar(ctx, status_h);
  DrawHelp();
  ImGui::End();
}

void AppUi::DrawClosedDatabase(const UiStatus& status) {
  const auto code = ErrcFromCode(status.db_error_code);
  ImGui::TextColored(Col(Semantic().error), "Databasen är inte öppen.");
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

// Above every screen while the disk refuses writes (the platform retries them; nothing is lost unless the
// page is closed): what happened, what it means and what to do.
void AppUi::DrawStorageFull() {
  ImGui::PushStyleColor(ImGuiCol_Text, Col(Semantic().error));
  ImGui::TextWrapped("Datorns lagringsutrymme är fullt.");
  ImGui::PopStyleColor();
  ImGui::TextWrapped(
      "Det du har ändrat sedan dess finns bara i minnet. Stäng inte fliken. Frigör utrymme på datorn (ta bort "
      "filer du inte behöver, töm papperskorgen) – då sparas allt av sig självt.");
  ImGui::Separator();
}

void AppUi::DrawStatusBar(const UiContext& ctx, float) {
  ImGui::Separator();
  const bool unsaved = HasUnsavedInput();
  const std::string save = SaveStatusText(ctx.status.save, ctx.status.local_utc_offset_min, unsaved);
  if (ctx.status.save.state == SaveStatus::State::Error || ctx.status.save.state == SaveStatus::State::Full)
    ImGui::TextColored(Col(Semantic().error), "%s", save.c_str());
  else if (unsaved)
    ImGui::TextColored(Col(Semantic().warning), "%s", save.c_str());
  else
    ImGui::TextUnformatted(save.c_str());
  if (const std::string net = NetworkStatusText(ctx.status.online); !net.empty()) {
    ImGui::SameLine(0, 24);
    if (ctx.status.online == 0)
      ImGui::TextColored(Col(Semantic().warning), "%s", net.c_str());
    else
      ImGui::TextDisabled("%s", net.c_str());
  }
  const OutboxStatus& outbox = ctx.status.outbox;
  if (const std::string out = OutboxStatusText(outbox, ctx.status.online, ctx.status.local_utc_offset_min);
      !out.empty()) {
    ImGui::SameLine(0, 24);
    if (!outbox.error_code.empty() && outbox.waiting > 0 && ctx.status.online != 0)
      ImGui::TextColored(Col(Semantic().warning), "%s", out.c_str());
    else
      ImGui::TextUnformatted(out.c_str());
  }
  if (const std::string note = UpdateNote(ctx.status); !note.empty()) {
    ImGui::SameLine(0, 24);
    if (update_refused_ && HasUnsavedInput()) {
      ImGui::TextColored(Col(Semantic().error), "Ny version finns – %s", note.c_str());
    } else {
      ImGui::TextColored(Col(Semantic().accent), "%s", note.c_str());
    }
    if (!update_started_) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Uppdatera")) RequestUpdate(ctx.status);
    }
  }
  if (const JobView& job = settings_.backup_job; job.Running()) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored(Col(Semantic().accent), "%s: %d %%", job.title.c_str(), static_cast<int>(job.progress * 100 + 0.5f));
  }
  // The rest only where it fits on the one line (a long status line would be cut at the window's edge).
  auto fits = [](const char* text) { return ImGui::GetContentRegionAvail().x - 24 >= ImGui::CalcTextSize(text).x; };
  ImGui::SameLine(0, 24);
  const char* db = ctx.status.db_open ? "Databas: öppen" : "Databas: stängd";
  if (fits(db)) ImGui::TextDisabled("%s", db);
  else ImGui::NewLine();
  if (ctx.status.storage_persisted == 0) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored(Col(Semantic().warning), "Lagringen är inte beständig – webbläsaren kan rensa den");
  } else if (ctx.status.storage_persisted == 1) {
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("Beständig lagring");
  }
  const std::string version = std::string("Version ") + SIP_VERSION;
  ImGui::SameLine(0, 24);
  if (fits(version.c_str())) ImGui::TextDisabled("%s", version.c_str());
  else ImGui::NewLine();
}

std::string AppUi::ResumeNote() const {
  Json j{{"screen", static_cast<int>(current_)}};
  if ((current_ == Screen::Case || current_ == Screen::Meeting) && !workspace_.current.empty()) {
    j["case"] = workspace_.current;
    j["panel"] = static_cast<int>(workspace_.panel);
  }
  // What was typed and not saved, per screen (only what holds something).
  Json input = Json::object();
  if (Json n = UnsavedInput(new_case_); !n.empty()) input["new_case"] = std::move(n);
  if (Json st = UnsavedInput(settings_); !st.empty()) input["settings"] = std::move(st);
  Json cases = Json::object();
  for (const auto& [id, d] : workspace_.drafts)
    if (Json c = UnsavedInput(d); !c.empty()) cases[id] = std::move(c);
  if (!cases.empty()) input["cases"] = std::move(cases);
  if (current_ == Screen::Meeting && !meeting_.case_id.empty())
    input["meeting"] = {{"case", meeting_.case_id}, {"held_on", meeting_.held_on},
                        {"established_on", meeting_.established_on}, {"timer", meeting_.timer.Snapshot()}};
  if (!input.empty()) j["input"] = std::move(input);
  return j.dump();
}

void AppUi::Resume(const std::string& note, const UiStatus& status, UnixMs now) {
  const Json j = Json::parse(note, nullptr, false);
  if (!j.is_object() || !j.contains("screen") || !j["screen"].is_number_integer()) return;
  const int screen = j["screen"].get<int>();
  const std::string case_id = j.contains("case") && j["case"].is_string() ? j["case"].get<std::string>() : "";
  const UiContext ctx{handler_, status, now, &files_};
  // The unsaved input first, onto freshly read screens, so that opening the screen below keeps it.
  if (const auto in = j.find("input"); in != j.end() && in->is_object()) {
    if (const auto n = in->find("new_case"); n != in->end()) RestoreUnsavedInput(new_case_, *n);
    if (const auto st = in->find("settings"); st != in->end()) {
      settings_.Load(ctx);
      RestoreUnsavedInput(settings_, *st);
    }
    if (const auto cases = in->find("cases"); cases != in->end() && cases->is_object()) {
      for (const auto& [id, input] : cases->items()) {
        CaseDraft& d = workspace_.drafts[id];
        d.case_id = id;
        if (LoadCase(ctx, d)) RestoreUnsavedInput(d, input);
        else workspace_.drafts.erase(id);   // gone meanwhile (not expected: the database was locked)
      }
    }
    if (const auto m = in->find("meeting"); m != in->end() && m->is_object() && m->value("case", "") == case_id &&
                                            !case_id.empty()) {
      meeting_.Open(case_id);
      meeting_.held_on = m->value("held_on", "");
      meeting_.established_on = m->value("established_on", "");
      if (const auto t = m->find("timer"); t != m->end()) meeting_.timer.Restore(*t);
    }
  }
  switch (screen) {
    case static_cast<int>(Screen::Home): current_ = Screen::Home; break;
    case static_cast<int>(Screen::NewCase): current_ = Screen::NewCase; break;
    case static_cast<int>(Screen::Bundles): current_ = Screen::Bundles; break;
    case static_cast<int>(Screen::Settings): current_ = Screen::Settings; break;
    case static_cast<int>(Screen::Case):
      if (!case_id.empty()) OpenCase(status, now, case_id);
      break;
    case static_cast<int>(Screen::Meeting):
      if (!case_id.empty()) OpenMeeting(status, now, case_id);
      break;
    default: break;
  }
  if (screen == static_cast<int>(Screen::Case) && current_ == Screen::Case) {
    const int panel = j.value("panel", -1);
    if (panel >= 0 && panel < static_cast<int>(Panel::Count)) workspace_.panel = static_cast<Panel>(panel);
  }
}

int AppUi::IdleLockMinutes() const { return sip::IdleLockMinutes(settings_.Value("lock.idle_minutes")); }

}  // namespace sip::ui
