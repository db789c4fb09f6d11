// sipui/file_hooks.h — what the platform does with files for the screens: downloads, file pickers, opening a
// paper in a new tab, restoring a backup. The platform sets them (src/platform/web.cpp; tests set their own);
// a screen whose hook is unset hides the button that needs it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sip::ui {

// Which file the user is asked to pick. Backup is binary: its BYTES arrive through AppUi::OnFileBytesPicked()
// (the others' text through AppUi::OnFilePicked()).
enum class PickKind { OfficeProfile, Receipt, Backup };

// The platform's file handling; unset hooks hide the buttons that need them.
struct FileHooks {
  // Offers `bytes` as a download named `name`.
  std::function<void(const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes)> download;
  // Opens a file picker; the platform later calls AppUi::OnFilePicked(kind, text) (or never, if cancelled).
  std::function<void(PickKind kind)> pick;
  // Replaces the whole local database with the one inside a backup file (settings_screen.h, "Säkerhetskopia"):
  // opens it with `passphrase`, checks that it is a SIP Field database this code can open, keeps the current
  // database aside and only then replaces it. Returns "" on success, otherwise an error code (core/error.h),
  // and then nothing was changed.
  std::function<std::string(const std::vector<uint8_t>& file, const std::string& passphrase)> restore_backup = {};
  // Stops reading a picked file (UiStatus::file_read shows the progress); nothing is delivered then.
  std::function<void()> cancel_read = {};
  // Opens `html`, a complete self-contained page (a paper: Min SIP, the invitation, the consent), in a new
  // browser tab, where the user prints it or saves it as PDF. Returns false when the browser refused (a pop-up
  // blocker); the caller then offers the page as a download named `name`. Nothing of it goes into a URL.
  std::function<bool(const std::string& name, const std::string& html)> open_page = {};
  // Sends what waits in the outbox to the office now ("Skicka nu"), instead of at the next planned round.
  std::function<void()> send_outbox = {};
  // Fetches the office profile from the office server this app was loaded from (GET /api/v1/profile, first
  // contact); the platform later calls AppUi::OnProfileFetched() with its text or an error code.
  std::function<void()> fetch_profile = {};
  // Re-wraps the database key under a new passphrase (Inställningar → Skydd, screens/passphrase_panel.h): ""
  // when the new one is in force, otherwise an error code and nothing changed. Unset where nothing is locked.
  std::function<std::string(const std::string& current, const std::string& next)> change_passphrase = {};
};

}  // namespace sip::ui
