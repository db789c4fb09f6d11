// sipui/screens/bundles_screen.h — Planpaket: sending plans to the convener's office and following them up.
//
// What the staff member sees and does, all through the handler's bundle commands (docs/commands.md):
//   - the office this device sends to: fetched from the office server at first contact (profile.preview shows
//     the admin key's fingerprint to compare with what the office gave; profile.import on confirmation), or
//     read from a file the office gave them (profile.import);
//   - the enrollment's state as the office server last answered it ("Väntar på godkännande");
//   - this device's enrollment request, saved as a file for the office (device.enrollment_request);
//   - exporting a case's established plan as a signed, encrypted *.sipbundle (bundle.export), downloaded;
//   - every bundle sent, "Väntar på kvitto" until the office's receipt is read in (receipt.import), and
//     downloading a bundle again.
// Files come and go through the platform (FileHooks): in the browser a download and a file picker; the
// picked file's text arrives later through OnFilePicked(). Actions are methods so tests can run them without
// drawing; Draw() only lays them out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/command.h"
#include "ui/file_hooks.h"

namespace sip::ui {

struct UiContext;
struct OutboxStatus;

// What the Status column of Planpaket says of one bundle (a row of bundle.list), given the outbox's last report;
// times in local clock time (UTC + the offset), as the status bar shows them.
struct BundleStatusLine {
  enum class Tone { Normal, Warning, Error };
  std::string text;   // Swedish
  Tone tone = Tone::Normal;
};
BundleStatusLine BundleStatus(const Json& bundle, const OutboxStatus& outbox, int local_utc_offset_min);

struct BundlesScreen {
  struct CaseRow {
    std::string case_id, owner_name, step;
  };
  // Cached reads, refreshed when the data generation moves.
  Json info;                       // device.info
  Json bundles = Json::array();    // bundle.list
  std::vector<CaseRow> cases;      // cases that may have an established plan
  uint64_t loaded_generation = ~uint64_t{0};
  std::string message;             // feedback of the last action (Swedish)
  bool message_is_error = false;
  // First contact: the profile fetched from the office server, waiting for the user to compare the admin
  // key's fingerprint and confirm (profile.preview's result in `preview`); empty when none waits.
  std::string fetched_profile;
  Json preview;
  bool fetching = false;

  void Load(const UiContext& ctx);
  void Draw(const UiContext& ctx, const FileHooks& files);

  // Actions (valid any time; each sets `message`). Return true on success.
  bool ExportCase(const UiContext& ctx, const FileHooks& files, const std::string& case_id);
  bool SaveEnrollmentRequest(const UiContext& ctx, const FileHooks& files);
  bool DownloadAgain(const UiContext& ctx, const FileHooks& files, const std::string& jti);
  // A picked file's text: an office profile or a receipt.
  bool OnFilePicked(const UiContext& ctx, PickKind kind, const std::string& text);
  // First contact: asks the platform for the office server's profile; its answer arrives in OnProfileFetched()
  // (the text, or an error code), which verifies it and waits for ConfirmFetchedProfile() or CancelFetchedProfile().
  void FetchProfile(const FileHooks& files);
  bool OnProfileFetched(const UiContext& ctx, const std::string& text, const std::string& error_code);
  bool ConfirmFetchedProfile(const UiContext& ctx, const FileHooks& files);
  void CancelFetchedProfile();
};

}  // namespace sip::ui
