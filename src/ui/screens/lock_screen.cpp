#include "ui/screens/lock_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/handler.h"
#include "core/error.h"
#include "core/passphrase.h"
#include "ui/locator.h"
#include "ui/theme.h"
#include "ui/widgets/form.h"

namespace sip::ui {
namespace {

ImVec4 Col(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }

bool NewPassphrase(LockMode m) { return m == LockMode::Create || m == LockMode::Adopt; }

std::string WaitText(int64_t ms) {
  const int64_t s = (ms + 999) / 1000;
  char buf[96];
  if (s < 120) std::snprintf(buf, sizeof buf, "Försök igen om %lld sekunder.", static_cast<long long>(s));
  else std::snprintf(buf, sizeof buf, "Försök igen om %lld minuter.", static_cast<long long>((s + 59) / 60));
  return buf;
}

}  // namespace

std::string UserLabel(const DeviceUser& u) { return u.name.empty() ? "Användare " + std::to_string(u.id) : u.name; }

const DeviceUser* LockScreen::Current() const {
  for (const auto& u : users)
    if (u.id == current_user) return &u;
  return nullptr;
}

// Who this is, and the way to the others: switching reloads the page into their lock screen (this user's
// database is already closed), "Ny användare" into a first start of its own.
void LockScreen::DrawUsers() {
  if (mode == LockMode::Create && !NewUser() && users.size() <= 1) return;   // the profile's very first start
  ImGui::Spacing();
  ImGui::Separator();
  if (NewUser()) {
    ImGui::TextWrapped("Finns du redan här? Gå tillbaka och lås upp med din egen lösenfras.");
  } else {
    HelpText("Andra som använder SIP Field på den här datorn har var sin krypterad databas.");
  }
  for (const auto& u : users) {
    if (u.id == current_user) continue;
    const std::string label = "Byt till " + UserLabel(u);
    ImGui::PushID(u.id);
    if (Button(label.c_str(), true)) pending_ = LockRequest{LockRequest::Kind::SwitchUser, {}, {}, u.id};
    ImGui::PopID();
  }
  if (!NewUser() && Button("Ny användare på den här datorn", true))
    pending_ = LockRequest{LockRequest::Kind::SwitchUser, {}, {}, 0};
}

void LockScreen::Wipe() {
  app::WipeSecret(passphrase);
  app::WipeSecret(repeat);
}

void LockScreen::Failed(const std::string& code, int failures_now, UnixMs wait_until_now) {
  failures = failures_now;
  wait_until = wait_until_now;
  const auto errc = ErrcFromCode(code);
  message = errc ? std::string(ErrorMessage(*errc)) : "Det gick inte att öppna databasen. Felkod: " + code;
  message_is_error = true;
  focus_ = true;
}

void LockScreen::Submit(UnixMs now) {
  if (pending_ || mode == LockMode::Closed || mode == LockMode::Locking) return;
  if (now < wait_until) return;
  if (NewPassphrase(mode)) {
    if (auto ok = CheckNewPassphrase(passphrase); !ok) {
      message = std::string(ErrorMessage(ok.error().code));
      message_is_error = true;
      focus_ = true;
      return;
    }
    if (passphrase != repeat) {
      message = "Lösenfraserna är inte lika. Skriv samma lösenfras i båda fälten.";
      message_is_error = true;
      focus_ = true;
      return;
    }
  } else if (passphrase.empty()) {
    message = "Skriv din lösenfras.";
    message_is_error = true;
    return;
  }
  if (NewUser() && name.find_first_not_of(' ') == std::string::npos) {
    message = "Skriv ditt namn, så att du hittar din egen databas här nästa gång.";
    message_is_error = true;
    return;
  }
  if (name.size() > 120) {   // at a character's start, never inside one
    size_t n = 120;
    while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) --n;
    name.resize(n);
  }
  const size_t first = name.find_first_not_of(' '), last = name.find_last_not_of(' ');
  pending_ = LockRequest{NewPassphrase(mode) ? LockRequest::Kind::Create : LockRequest::Kind::Unlock, passphrase,
                         first == std::string::npos ? std::string() : name.substr(first, last - first + 1), 0};
  Wipe();
  message.clear();
}

std::optional<LockRequest> LockScreen::Draw(UnixMs now) {
  locator::BeginFrame();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("SIP Field låst", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float width = std::min(vp->WorkSize.x - 48.0f, ImGui::GetFontSize() * 30.0f);
  ImGui::SetCursorPos(ImVec2(std::max(24.0f, (vp->WorkSize.x - width) * 0.5f), ImGui::GetFontSize() * 3.0f));
  ImGui::BeginChild("lock", ImVec2(width, 0), false);
  ImGui::TextUnformatted("SIP Field");
  ImGui::TextDisabled("samordnad individuell plan för hemtjänsten");
  ImGui::Separator();
  ImGui::Spacing();

  std::optional<LockRequest> out;
  if (pending_) {
    ImGui::TextUnformatted(pending_->kind == LockRequest::Kind::SwitchUser                           ? "Byter användare …"
                           : pending_->kind == LockRequest::Kind::Create && mode == LockMode::Adopt ? "Krypterar databasen …"
                                                                                                     : "Låser upp …");
    out = std::move(pending_);   // the platform handles it after this frame is rendered
    pending_.reset();
    ImGui::EndChild();
    ImGui::End();
    return out;
  }

  switch (mode) {
    case LockMode::Create:
      if (NewUser()) {
        ImGui::TextUnformatted("Ny användare på den här datorn");
        ImGui::TextWrapped("Du får en egen databas, krypterad med din egen lösenfras. De andra användarna kan inte "
                           "läsa den, och du kan inte läsa deras.");
        ImGui::Spacing();
        break;
      }
      ImGui::TextUnformatted("Välj en lösenfras");
      ImGui::TextWrapped("Allt du skriver i SIP Field sparas krypterat på den här datorn. Lösenfrasen låser upp det. "
                         "Utan den går uppgifterna inte att läsa – inte heller för oss. Skriv inte ned den på datorn.");
      break;
    case LockMode::Adopt:
      ImGui::TextUnformatted("Skydda dina uppgifter med en lösenfras");
      ImGui::TextWrapped("Den här versionen sparar allt krypterat. Välj en lösenfras, så krypteras databasen som "
                         "finns på datorn. Inget går förlorat, och den okrypterade kopian tas bort efteråt.");
      break;
    case LockMode::Unlock:
      ImGui::TextUnformatted("SIP Field är låst");
      if (users.size() > 1 || (Current() && !Current()->name.empty()))
        ImGui::Text("Användare: %s", Current() ? UserLabel(*Current()).c_str() : "");
      if (locked_by_idle) ImGui::TextWrapped("Appen låstes eftersom den inte användes på en stund.");
      ImGui::TextWrapped("Skriv din lösenfras för att fortsätta där du var.");
      break;
    case LockMode::Locking:
      ImGui::TextUnformatted("Låser …");
      ImGui::EndChild();
      ImGui::End();
      return out;
    case LockMode::Closed:
      ImGui::TextColored(Col(Semantic().error), "Databasen kan inte öppnas.");
      ImGui::TextWrapped("%s", message.c_str());
      ImGui::EndChild();
      ImGui::End();
      return out;
  }
  ImGui::Spacing();
  const bool waiting = now < wait_until;
  if (focus_) {
    // Only when no field is active: a field the person already clicked into must not be activated again (that
    // would select what they have begun to type, and the next key would replace it).
    if (!ImGui::IsAnyItemActive()) RequestFocus("lock.passphrase");
    focus_ = false;
  }
  bool enter = false;
  TextField("Lösenfras", passphrase,
            {.anchor = "lock.passphrase",
             .help = NewPassphrase(mode) ? "Minst 12 tecken eller fyra ord, t.ex. en mening bara du vet." : nullptr,
             .password = true});
  enter |= ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter, false);
  if (NewPassphrase(mode)) {
    TextField("Upprepa lösenfrasen", repeat, {.password = true});
    enter |= ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter, false);
  }
  if (mode == LockMode::Create) {
    TextField(NewUser() ? "Ditt namn" : "Ditt namn (valfritt)", name,
              {.help = "Visas bara här, så att var och en hittar sin egen databas.", .required = NewUser()});
    enter |= ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter, false);
  }
  enter |= ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
  ImGui::Spacing();
  const char* label = mode == LockMode::Unlock ? "Lås upp" : mode == LockMode::Adopt ? "Kryptera och öppna" : "Skydda och öppna";
  if (Button(label, !waiting) || (enter && !waiting)) Submit(now);
  if (waiting) {
    ImGui::TextColored(Col(Semantic().warning), "För många felaktiga försök. %s", WaitText(wait_until - now).c_str());
  } else if (failures > 0 && mode == LockMode::Unlock) {
    if (failures == 1) ImGui::TextDisabled("1 felaktigt försök.");
    else ImGui::TextDisabled("%d felaktiga försök i rad.", failures);
  }
  Feedback(message, message_is_error);
  if (mode == LockMode::Unlock) {
    ImGui::Spacing();
    HelpText("Har du glömt lösenfrasen? Då går uppgifterna på den här datorn inte att läsa. Kontakta kontoret: har "
             "det en återställningsnyckel för enheten kan det hjälpa dig. Planpaket du redan lämnat över finns kvar.");
  }
  if (mode == LockMode::Unlock || mode == LockMode::Create) DrawUsers();
  ImGui::EndChild();
  ImGui::End();
  return out;
}

}  // namespace sip::ui
