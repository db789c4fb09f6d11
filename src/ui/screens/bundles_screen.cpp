#include "ui/screens/bundles_screen.h"

#include <imgui.h>

#include "core/error.h"
#include "core/time.h"
#include "ui/app_ui.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {
namespace {

// The Swedish message of a failed response (its code for the record, never personal data).
std::string Failure(const Json& r) {
  const std::string code = r["error"].value("code", "internal");
  return r["error"].value("message", "Ett fel inträffade.") + " (" + code + ")";
}

// "2026-11-30T14:32:10.000Z" (UTC, as stored) → "2026-11-30 15:32" (local clock time, as the status bar).
std::string DateTimeOf(const Json& v, int local_utc_offset_min) {
  if (!v.is_string()) return {};
  const std::string s = v.get<std::string>();
  const auto parsed = s.size() >= 16 ? ParseDateTime(std::string_view(s).substr(0, 16)) : std::nullopt;
  if (!parsed) return s;
  const UnixMs at = (DaysFromCivil(parsed->first) * 1440 + parsed->second) * UnixMs{60000};
  return LocalDateTimeOf(at, local_utc_offset_min);
}

}  // namespace

BundleStatusLine BundleStatus(const Json& b, const OutboxStatus& outbox, int local_utc_offset_min) {
  using Tone = BundleStatusLine::Tone;
  if (b.value("status", "") == "delivered")
    return {"Levererat " + DateTimeOf(b["delivered_at"], local_utc_offset_min), Tone::Normal};
  const std::string jti = b.value("jti", "");
  if (auto refused = outbox.refused.find(jti); refused != outbox.refused.end()) {
    const auto errc = ErrcFromCode(refused->second);
    return {"Avvisat av kontoret: " + (errc ? std::string(ErrorMessage(*errc)) : refused->second), Tone::Error};
  }
  if (outbox.not_at_office.count(jti))
    return {"Kontoret har inte fått paketet – det skickas när kontoret svarar", Tone::Warning};
  return {"Väntar på kvitto", Tone::Warning};
}

void BundlesScreen::Load(const UiContext& ctx) {
  loaded_generation = ctx.status.data_generation;
  Json r = ctx.handler.Dispatch({{"cmd", "device.info"}});
  info = r["ok"].get<bool>() ? r["result"] : Json();
  r = ctx.handler.Dispatch({{"cmd", "bundle.list"}});
  bundles = r["ok"].get<bool>() ? r["result"]["bundles"] : Json::array();
  cases.clear();
  r = ctx.handler.Dispatch({{"cmd", "case.list"}});
  if (r["ok"].get<bool>())
    for (const auto& c : r["result"]["cases"]) {
      const std::string step = c["step"].get<std::string>();
      if (step == "follow_up" || step == "closed")   // the steps after a plan was established
        cases.push_back({c["case_id"].get<std::string>(), c["owner_name"].get<std::string>(), step});
    }
}

bool BundlesScreen::ExportCase(const UiContext& ctx, const FileHooks& files, const std::string& case_id) {
  Json r = ctx.handler.Dispatch({{"cmd", "bundle.export"}, {"case_id", case_id}});
  if (!r["ok"].get<bool>()) {
    message = "Planpaketet kunde inte skapas: " + Failure(r);
    message_is_error = true;
    return false;
  }
  const Json& b = r["result"];
  auto bytes = app::FileBytes(b);
  if (bytes && files.download) files.download(b["file_name"].get<std::string>(), "application/octet-stream", *bytes);
  message = "Planpaket " + std::to_string(b["seq"].get<int64_t>()) + " är skapat och sparat: " +
            b["file_name"].get<std::string>() + ". Lämna filen till kontoret; den finns kvar här tills kvittot kommer.";
  message_is_error = false;
  return true;
}

bool BundlesScreen::SaveEnrollmentRequest(const UiContext& ctx, const FileHooks& files) {
  Json r = ctx.handler.Dispatch({{"cmd", "device.enrollment_request"}});
  if (!r["ok"].get<bool>()) {
    message = "Anmälan kunde inte skapas: " + Failure(r);
    message_is_error = true;
    return false;
  }
  const std::string jws = r["result"]["jws"].get<std::string>();
  if (files.download)
    files.download(r["result"]["file_name"].get<std::string>(), "application/jose", std::vector<uint8_t>(jws.begin(), jws.end()));
  message = "Anmälan är sparad. Lämna filen till kontoret så att enheten kan registreras.";
  message_is_error = false;
  return true;
}

bool BundlesScreen::DownloadAgain(const UiContext& ctx, const FileHooks& files, const std::string& jti) {
  Json r = ctx.handler.Dispatch({{"cmd", "bundle.file"}, {"jti", jti}});
  if (!r["ok"].get<bool>()) {
    message = Failure(r);
    message_is_error = true;
    return false;
  }
  auto bytes = app::FileBytes(r["result"]);
  if (bytes && files.download)
    files.download(r["result"]["file_name"].get<std::string>(), "application/octet-stream", *bytes);
  message = "Filen " + r["result"]["file_name"].get<std::string>() + " är sparad igen.";
  message_is_error = false;
  return true;
}

bool BundlesScreen::OnFilePicked(const UiContext& ctx, PickKind kind, const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' '))
    trimmed.pop_back();
  if (kind == PickKind::OfficeProfile) {
    Json r = ctx.handler.Dispatch({{"cmd", "profile.import"}, {"profile", trimmed}});
    if (!r["ok"].get<bool>()) {
      message = "Kontorsprofilen lästes inte in: " + Failure(r);
      message_is_error = true;
      return false;
    }
    message = "Kontorsprofilen för " + r["result"]["office"].get<std::string>() + " är inläst.";
  } else {
    Json r = ctx.handler.Dispatch({{"cmd", "receipt.import"}, {"receipt", trimmed}});
    if (!r["ok"].get<bool>()) {
      message = "Kvittot lästes inte in: " + Failure(r);
      message_is_error = true;
      return false;
    }
    const Json& k = r["result"];
    message = "Kvitto från " + k["office"].get<std::string>() + ": " + std::to_string(k["delivered"].get<int>()) +
              " paket levererade";
    if (k["already_delivered"].get<int>() > 0)
      message += ", " + std::to_string(k["already_delivered"].get<int>()) + " redan kvitterade";
    if (k["unknown"].get<int>() + k["mismatched"].get<int>() > 0)
      message += ", " + std::to_string(k["unknown"].get<int>() + k["mismatched"].get<int>()) +
                 " okända eller ändrade (inte markerade)";
    message += ".";
  }
  message_is_error = false;
  loaded_generation = ~uint64_t{0};
  return true;
}

void BundlesScreen::FetchProfile(const FileHooks& files) {
  if (!files.fetch_profile || fetching) return;
  fetching = true;
  fetched_profile.clear();
  preview = Json();
  message.clear();
  files.fetch_profile();
}

bool BundlesScreen::OnProfileFetched(const UiContext& ctx, const std::string& text, const std::string& error_code) {
  fetching = false;
  fetched_profile.clear();
  preview = Json();
  if (!error_code.empty() || text.empty()) {
    const auto errc = ErrcFromCode(error_code);
    message = "Kontorets profil kunde inte hämtas: " +
              std::string(ErrorMessage(errc ? *errc : Errc::OfficeUnreachable)) + " (" +
              (error_code.empty() ? "office_unreachable" : error_code) + ")";
    message_is_error = true;
    return false;
  }
  Json r = ctx.handler.Dispatch({{"cmd", "profile.preview"}, {"profile", text}});
  if (!r["ok"].get<bool>()) {
    message = "Kontorets profil kunde inte kontrolleras: " + Failure(r);
    message_is_error = true;
    return false;
  }
  fetched_profile = text;
  preview = r["result"];
  message.clear();
  return true;
}

bool BundlesScreen::ConfirmFetchedProfile(const UiContext& ctx, const FileHooks& files) {
  if (fetched_profile.empty()) return false;
  Json r = ctx.handler.Dispatch({{"cmd", "profile.import"}, {"profile", fetched_profile}});
  fetched_profile.clear();
  preview = Json();
  if (!r["ok"].get<bool>()) {
    message = "Kontorsprofilen lästes inte in: " + Failure(r);
    message_is_error = true;
    return false;
  }
  message = "Kontorsprofilen för " + r["result"]["office"].get<std::string>() +
            " är inläst. Enhetens anmälan skickas till kontoret.";
  message_is_error = false;
  loaded_generation = ~uint64_t{0};
  if (files.send_outbox) files.send_outbox();   // the next round sends the enrollment request
  return true;
}

void BundlesScreen::CancelFetchedProfile() {
  fetched_profile.clear();
  preview = Json();
  message = "Profilen användes inte. Kontakta kontoret om fingeravtrycket inte stämde.";
  message_is_error = false;
}

namespace {

// First contact: the fetched profile's office and admin key fingerprint, to compare before it is pinned.
void DrawProfilePreview(BundlesScreen& s, const UiContext& ctx, const FileHooks& files) {
  ImGui::TextWrapped("Kontor: %s", s.preview["office"].get<std::string>().c_str());
  ImGui::TextWrapped("Kontrollera administratörsnyckelns fingeravtryck. Jämför det tecken för tecken med det "
                     "som kontoret gav dig på papper eller per telefon:");
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(Semantic().accent.r, Semantic().accent.g, Semantic().accent.b, 1));
  ImGui::TextWrapped("%s", s.preview["admin_fingerprint"].get<std::string>().c_str());
  ImGui::PopStyleColor();
  if (ImGui::Button("Fingeravtrycket stämmer – använd profilen")) s.ConfirmFetchedProfile(ctx, files);
  SameLineIfFits("Avbryt");
  if (ImGui::Button("Avbryt")) s.CancelFetchedProfile();
}

// What the office server last said of this device's enrollment.
void DrawEnrollment(const Json& info) {
  const Json& p = info["profile"];
  const std::string state = p.value("enrollment", "");
  if (state == "pending") {
    const Rgba w = Semantic().warning;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(w.r, w.g, w.b, 1));
    ImGui::TextWrapped("Väntar på godkännande från kontoret.");
    ImGui::PopStyleColor();
    if (info["fingerprint"].is_string())
      ImGui::TextWrapped("Kontoret ser enhetens fingeravtryck när de godkänner den: %s",
                         info["fingerprint"].get<std::string>().c_str());
  } else if (state == "approved") {
    ImGui::TextWrapped("Enheten är godkänd av kontoret.");
  } else if (state == "revoked") {
    const Rgba e = Semantic().error;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(e.r, e.g, e.b, 1));
    ImGui::TextWrapped("%s", std::string(ErrorMessage(Errc::DeviceRevoked)).c_str());
    ImGui::PopStyleColor();
    // What to do next: the office refuses this key's new bundles by any route, file or server.
    ImGui::TextWrapped("Kontakta kontoret. Nya planpaket från den här enheten tas inte emot, varken via "
                       "servern eller som fil.");
  }
}

}  // namespace

void BundlesScreen::Draw(const UiContext& ctx, const FileHooks& files) {
  if (loaded_generation != ctx.status.data_generation) Load(ctx);
  ImGui::TextUnformatted("Planpaket till kontoret");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Planen lämnas som en signerad och krypterad fil – aldrig via e-post.");
  ImGui::PopStyleColor();
  ImGui::Separator();

  if (!message.empty()) {
    Feedback(message, message_is_error);
    ImGui::Spacing();
  }

  // The office.
  const bool has_profile = info.is_object() && info["profile"].is_object();
  if (preview.is_object()) {
    DrawProfilePreview(*this, ctx, files);
    ImGui::Separator();
  } else if (has_profile) {
    ImGui::TextWrapped("Kontor: %s", info["profile"]["office"].get<std::string>().c_str());
    DrawEnrollment(info);
    // The office could not take the enrollment request (e.g. no names yet): what to do, in Swedish.
    const std::string& code = ctx.status.outbox.error_code;
    if (info["profile"].value("enrollment", "") != "approved" && !code.empty() && code != "office_unreachable")
      if (const auto errc = ErrcFromCode(code))
        Feedback("Anmälan kunde inte skickas: " + std::string(ErrorMessage(*errc)), true);
  } else if (files.fetch_profile) {
    ImGui::TextWrapped("Ingen kontorsprofil är inläst. Hämta den från kontoret, eller läs in profilfilen som "
                       "kontoret gav dig.");
    if (fetching) ImGui::TextDisabled("Hämtar kontorets profil…");
    else if (ImGui::Button("Hämta kontorets profil")) FetchProfile(files);
  } else {
    ImGui::TextWrapped("Ingen kontorsprofil är inläst. Be kontoret om profilfilen och läs in den.");
  }
  // A revoked key cannot be enrolled again (the office refuses it), so its request is not offered.
  const std::string enrollment = has_profile ? info["profile"].value("enrollment", "") : "";
  const bool offer_request = files.download && enrollment != "revoked";
  if (files.pick) {
    if (ImGui::Button(has_profile ? "Läs in ny kontorsprofil…" : "Läs in kontorsprofil…")) files.pick(PickKind::OfficeProfile);
    if (offer_request) SameLineIfFits("Spara anmälan till kontoret");
  }
  if (offer_request && ImGui::Button("Spara anmälan till kontoret")) SaveEnrollmentRequest(ctx, files);
  // (While pending, the enrollment line above shows the whole fingerprint.)
  if (info.is_object() && info["kid"].is_string() && enrollment != "pending")
    ImGui::TextDisabled("Enhetens nyckel: %s…", info["kid"].get<std::string>().substr(0, 12).c_str());
  ImGui::Separator();

  // Export.
  ImGui::TextUnformatted("Skapa planpaket");
  if (cases.empty()) ImGui::TextDisabled("Inga ärenden med fastställd plan.");
  for (const auto& c : cases) {
    ImGui::PushID(c.case_id.c_str());
    BulletWrapped("%s", c.owner_name.c_str());
    SameLineIfFits("Exportera planpaket");
    if (ImGui::SmallButton("Exportera planpaket")) ExportCase(ctx, files, c.case_id);
    ImGui::PopID();
  }
  ImGui::Separator();

  // Sent bundles.
  ImGui::TextUnformatted("Skickade paket");
  if (files.pick) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Läs in kvitto…")) files.pick(PickKind::Receipt);
  }
  const OutboxStatus& outbox = ctx.status.outbox;
  if (outbox.active) {
    ImGui::TextWrapped("Paketen skickas till kontoret automatiskt när det finns en anslutning.");
    if (files.send_outbox && outbox.waiting > 0 && !outbox.sending && enrollment != "revoked") {
      SameLineIfFits("Skicka nu");
      if (ImGui::SmallButton("Skicka nu")) files.send_outbox();
    }
  }
  if (bundles.empty()) {
    ImGui::TextDisabled("Inga paket ännu.");
    return;
  }
  if (ImGui::BeginTable("bundles", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupColumn("Fil");
    ImGui::TableSetupColumn("Skapat");
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& b : bundles) {
      ImGui::PushID(b["jti"].get<std::string>().c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", b["file_name"].get<std::string>().c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", DateTimeOf(b["created_at"], ctx.status.local_utc_offset_min).c_str());
      ImGui::TableNextColumn();
      const BundleStatusLine line = BundleStatus(b, outbox, ctx.status.local_utc_offset_min);
      if (line.tone == BundleStatusLine::Tone::Normal) {
        ImGui::TextWrapped("%s", line.text.c_str());
      } else {
        const Rgba c = line.tone == BundleStatusLine::Tone::Error ? Semantic().error : Semantic().warning;
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(c.r, c.g, c.b, 1));
        ImGui::TextWrapped("%s", line.text.c_str());
        ImGui::PopStyleColor();
      }
      ImGui::TableNextColumn();
      if (files.download && ImGui::SmallButton("Spara igen")) DownloadAgain(ctx, files, b["jti"].get<std::string>());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
}

}  // namespace sip::ui
