// `sipfield office …` (cli/office_cli.h). Output never carries personal data except where the command's
// purpose is to show it (trust-list: the enrolled staff; render/fhir/commitments: the plan itself): progress
// and per-file lines name files, jti, kid, seq and codes only.
#include "cli/office_cli.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <thread>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "cli/files.h"
#include "core/display_text.h"
#include "core/fhir.h"
#include "core/time.h"
#include "office/office.h"

namespace sip::cli {

const char* const kOfficeHelp = R"(
Kontoret (planpaket från hemtjänstens datorer; docs/bundle-format.md, "The office tool"):
  Alla office-kommandon tar --office KAT (standard ./office) och --json (ett JSON-objekt per rad).
  Lösenfrasen för kontorets nycklar läses från SIPFIELD_PASSPHRASE.
  sipfield office init --name NAMN  skapa kontoret: administratörsnyckel, importnycklar (aktuell
                                  och nästa) och en tom förtroendelista
  sipfield office profile [--out FIL] [--recovery-recipient age1…|none]
                                  skriv den signerade kontorsprofilen som enheterna behöver;
                                  med --recovery-recipient (från office recovery-key) krypterar
                                  enheterna som tar emot profilen också sin databasnyckel till
                                  kontorets återställningsnyckel (none: inte längre)
  sipfield office export-identity --out FIL
                                  skriv kontorets importnycklar som age-nycklar (fil med läsrätt
                                  bara för dig) så att paketen kan öppnas med age -d -i FIL även
                                  utan SIP Field. HEMLIG: den som har filen kan läsa alla paket
  sipfield office rotate          byt importnyckel: nästa blir aktuell, en ny nästa skapas (den
                                  gamla kan fortfarande dekryptera)
  sipfield office enroll BEGÄRAN [--valid-days N]
                                  registrera en enhet från dess registreringsbegäran (giltig N
                                  dagar, standard 365, 0 = tills vidare)
  sipfield office enroll --pending visa registreringar som kommit till servern och väntar
                                  (nyckelns fingeravtryck och namnen som angetts)
  sipfield office enroll --approve KID [--valid-days N]
                                  godkänn en väntande registrering (jämför fingeravtrycket först)
  sipfield office serve [--port N] [--host ADR] [--dist KAT] [--threads N]
                        [--max-connections N] [--max-connection-seconds N]
                        [--tls-cert FIL --tls-key FIL] [--posts-per-minute N]
                                  kontorets server: appen (KAT, t.ex. .build/web/dist) och API:t
                                  /api/v1 (planpaket, registreringar, kvitton). Standard
                                  127.0.0.1:8080; stoppa med Ctrl-C
  sipfield office revoke KID [--after-seq N]
                                  återkalla en enhets nyckel; paket med löpnummer över N godtas
                                  fortfarande inte (utan --after-seq: inga fler paket)
  sipfield office trust-list      visa förtroendelistan
  sipfield office verify FIL…|KAT kontrollera paket utan att importera; slutkod 0 om alla är giltiga
  sipfield office import FIL…|KAT kontrollera och spara paket (*.sipbundle i en katalog); samma
                                  paket två gånger är ingen ändring ("redan importerat"); luckor och
                                  brutna kedjor rapporteras
  sipfield office status          antal, nycklar, kedjor och paket som väntar på kvitto
  sipfield office flags           paket som har flaggats (samma id eller löpnummer, annat innehåll)
  sipfield office show JTI        uppgifter om ett importerat paket
  sipfield office render JTI [--out FIL]
                                  planen som HTML-sida
  sipfield office fhir JTI [--out FIL]
                                  planen som FHIR-dokument (JSON)
  sipfield office commitments JTI hemtjänstens åtaganden i planen
  sipfield office receipt [--device KID] [--since ÅÅÅÅ-MM-DD] --out FIL
                                  signerat kvitto på importerade paket som inte kvitterats än
  Slutkoder för office: 0 klart · 1 något avvisades (koden skrivs ut) · 2 fel användning ·
  3 kontoret kunde inte öppnas
)";

namespace {

using OJson = nlohmann::ordered_json;
constexpr size_t kProgressEvery = 500;
constexpr uint64_t kMaxBundleFile = 16u << 20;   // bundle::OpenLimits::max_file_bytes
constexpr uint64_t kMaxRequestFile = 4u << 20;   // bundle::kMaxDocumentBytes

struct Options {
  std::string office_dir = "office";
  bool json = false;
  std::map<std::string, std::string> values;   // --name, --out, …
  std::vector<std::string> positional;
  bool Has(const std::string& k) const { return values.count(k) != 0; }
  std::string Get(const std::string& k) const {
    auto it = values.find(k);
    return it == values.end() ? std::string() : it->second;
  }
};

// One field of a human-readable line: line breaks and tabs escaped too (SafeOutput already escapes the rest),
// so a name or file name from outside cannot fake a line of its own.
std::string Field(std::string_view text) { return TerminalEscape(text); }

class Ctx {
 public:
  Ctx(Env& env, const Options& o) : env_(env), o_(o) {}
  Env& env() { return env_; }
  const Options& opt() const { return o_; }
  bool json() const { return o_.json; }
  int64_t Now() const { return env_.clock() / 1000; }

  int Usage(const std::string& what) {
    env_.err << "sipfield office: " << what << "\nSe sipfield --help.\n";
    return 2;
  }
  // Prints a refusal and returns `exit_code`.
  int Fail(const Error& e, int exit_code) {
    if (json()) {
      OJson out;
      out["ok"] = false;
      out["error"] = ErrorJson(e);
      env_.out << out.dump() << "\n";
    } else {
      env_.err << "sipfield office: " << ErrorMessage(e.code) << " [" << ErrorCode(e.code) << "]";
      if (!e.detail.empty()) env_.err << " (" << Field(e.detail) << ")";
      env_.err << "\n";
    }
    env_.out.flush();
    return exit_code;
  }
  // 3 for an office that cannot be opened or a database failure, else 1.
  int FailOpen(const Error& e) { return Fail(e, IsOpenFailure(e.code) ? 3 : 1); }
  void Json(const OJson& j) { env_.out << j.dump() << "\n"; }
  std::ostream& out() { return env_.out; }

  static OJson ErrorJson(const Error& e) {
    OJson j;
    j["code"] = std::string(ErrorCode(e.code));
    j["message"] = std::string(ErrorMessage(e.code));
    j["detail"] = e.detail;
    return j;
  }
  static bool IsOpenFailure(Errc c) {
    switch (c) {
      case Errc::OfficeNotFound:
      case Errc::OfficeDamaged:
      case Errc::DbOpenFailed:
      case Errc::DbCorrupt:
      case Errc::DbTooNew:
      case Errc::DbMigrationHistory:
      case Errc::DbBusy:
      case Errc::DbFull:
      case Errc::DbIo:
      case Errc::DbError:
        return true;
      default:
        return false;
    }
  }

 private:
  Env& env_;
  const Options& o_;
};

std::optional<std::string> Passphrase() {
  const char* p = std::getenv("SIPFIELD_PASSPHRASE");
  if (!p || !*p) return std::nullopt;
  return std::string(p);
}

std::string Date(int64_t unix_s) { return unix_s == 0 ? "–" : FormatDate(CivilFromUnixMs(unix_s * 1000)); }
std::string Iso(int64_t unix_s) { return FormatIsoUtc(unix_s * 1000); }

std::string BaseName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// Reads at most `cap` bytes (+1 to notice more). nullopt when it cannot be read.
std::optional<bundle::Bytes> ReadFile(const std::string& path, uint64_t cap, bool* too_large) {
  *too_large = false;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  if (size > cap) {
    *too_large = true;
    return bundle::Bytes{};
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  bundle::Bytes b(static_cast<size_t>(size));
  f.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
  if (!f && !f.eof()) return std::nullopt;
  b.resize(static_cast<size_t>(f.gcount()));
  return b;
}

// FILE… | DIR → the files, a directory giving its *.sipbundle files sorted by name.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (const auto& e : std::filesystem::directory_iterator(in, ec))
        if (e.is_regular_file() && e.path().extension() == bundle::kBundleExtension) found.push_back(e.path().string());
      if (ec) return Error{Errc::FileUnreadable, "cannot list " + in};
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(in);
    }
  }
  return files;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  for (char& c : s)
    if (c == '.') c = ',';   // Swedish decimal comma
  return s;
}

const char* StatusSv(bundle::TrustStatus s) { return s == bundle::TrustStatus::Active ? "aktiv" : "återkallad"; }
const char* StatusCode(bundle::TrustStatus s) { return s == bundle::TrustStatus::Active ? "active" : "revoked"; }

OJson EntryJson(const bundle::TrustEntry& e) {
  OJson j;
  j["kid"] = e.kid;
  j["device"] = e.device_name;
  j["staff"] = e.staff;
  j["valid_from"] = Iso(e.valid_from);
  j["valid_to"] = e.valid_to == 0 ? OJson(nullptr) : OJson(Iso(e.valid_to));
  j["status"] = StatusCode(e.status);
  if (e.revoked_after_seq) j["revoked_after_seq"] = *e.revoked_after_seq;
  return j;
}

OJson ChainJson(const office::ChainReport& r) {
  OJson gaps = OJson::array(), broken = OJson::array();
  for (const auto& g : r.gaps) gaps.push_back({{"kid", g.kid}, {"from_seq", g.from_seq}, {"to_seq", g.to_seq}});
  for (const auto& b : r.broken) broken.push_back({{"kid", b.kid}, {"seq", b.seq}, {"jti", b.jti}});
  return OJson{{"missing", gaps}, {"broken_links", broken}};
}

void PrintChainsHuman(std::ostream& out, const office::ChainReport& r) {
  if (r.clean()) {
    out << "Kedjorna är hela: inga saknade paket.\n";
    return;
  }
  for (const auto& g : r.gaps) {
    out << "Saknas: enhet " << g.kid << ", löpnummer " << g.from_seq;
    if (g.to_seq != g.from_seq) out << "–" << g.to_seq;
    out << "\n";
  }
  for (const auto& b : r.broken)
    out << "Bruten kedja: enhet " << b.kid << ", löpnummer " << b.seq << " (jti " << b.jti
        << ") pekar inte på det importerade löpnummer " << (b.seq - 1) << "\n";
}

// Opens the office and, when `use` is given, unlocks those keys with SIPFIELD_PASSPHRASE.
// Returns the exit code through `code` on failure.
std::optional<office::Office> OpenOffice(Ctx& ctx, std::optional<office::KeyUse> use, int* code) {
  std::optional<std::string> pass;
  if (use) {
    pass = Passphrase();
    if (!pass) {
      *code = ctx.Usage("miljövariabeln SIPFIELD_PASSPHRASE saknas");
      return std::nullopt;
    }
  }
  auto clock = ctx.env().clock;
  auto office = office::Office::Open(ctx.opt().office_dir, [clock] { return clock() / 1000; });
  if (!office) {
    *code = ctx.FailOpen(office.error());
    return std::nullopt;
  }
  if (use) {
    if (auto r = office->Unlock(*pass, *use); !r) {
      *code = ctx.FailOpen(r.error());
      return std::nullopt;
    }
  }
  return std::move(*office);
}

// --- commands ------------------------------------------------------------------------------------------------

int Init(Ctx& ctx) {
  const auto& o = ctx.opt();
  if (!o.positional.empty()) return ctx.Usage("init tar inga filnamn");
  if (!o.Has("--name")) return ctx.Usage("init kräver --name NAMN");
  auto pass = Passphrase();
  if (!pass) return ctx.Usage("miljövariabeln SIPFIELD_PASSPHRASE saknas");
  auto clock = ctx.env().clock;
  auto office = office::Office::Create(o.office_dir, o.Get("--name"), *pass, [clock] { return clock() / 1000; });
  if (!office) return ctx.FailOpen(office.error());
  auto keys = office->Keys();
  if (!keys) return ctx.FailOpen(keys.error());
  if (ctx.json()) {
    OJson out{{"ok", true}, {"office", office->name()}, {"dir", o.office_dir}, {"admin_kid", office->AdminKid()},
              {"admin_fingerprint", bundle::KeyFingerprint(office->AdminKid())}};
    OJson ik = OJson::array();
    for (const auto& k : *keys)
      if (k.kind == "import") ik.push_back({{"kid", k.kid}, {"role", k.role}, {"recipient", k.public_key}});
    out["import_keys"] = ik;
    ctx.Json(out);
  } else {
    ctx.out() << "Kontoret \"" << Field(office->name()) << "\" är skapat i " << Field(o.office_dir) << ".\n"
              << "Administratörsnyckel: " << office->AdminKid() << "\n"
              << "Fingeravtryck att ge personalen: " << bundle::KeyFingerprint(office->AdminKid()) << "\n";
    for (const auto& k : *keys)
      if (k.kind == "import")
        ctx.out() << "Importnyckel (" << (k.role == "current" ? "aktuell" : "nästa") << "): " << k.public_key << "\n";
    ctx.out() << "Nästa steg: sipfield office profile --out kontor.profile, och registrera enheterna med "
                 "sipfield office enroll.\n";
  }
  return 0;
}

int Profile(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("profile tar inga filnamn");
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Admin, &code);
  if (!office) return code;
  if (ctx.opt().Has("--recovery-recipient")) {
    const std::string text = ctx.opt().Get("--recovery-recipient");
    std::optional<bundle::X25519Recipient> recipient;
    if (text != "none") {
      auto parsed = bundle::ParseRecipient(text);
      if (!parsed) return ctx.Fail(parsed.error(), 1);
      recipient = *parsed;
    }
    if (auto r = office->SetRecoveryRecipient(recipient); !r) return ctx.Fail(r.error(), 3);
  }
  auto recovery = office->RecoveryRecipient();
  if (!recovery) return ctx.Fail(recovery.error(), 3);
  auto jws = office->Profile();
  if (!jws) return ctx.Fail(jws.error(), 1);
  const std::string out_path = ctx.opt().Get("--out");
  if (!out_path.empty()) {
    if (auto r = WriteFileAtomic(out_path, *jws + "\n", FileMode::Public); !r)
      return ctx.Fail(r.error(), r.error().code == Errc::OutputNotAFile ? 1 : 3);
  }
  if (ctx.json()) {
    OJson out{{"ok", true}, {"office", office->name()}, {"admin_kid", office->AdminKid()},
              {"admin_fingerprint", bundle::KeyFingerprint(office->AdminKid())},
              {"recovery_recipient", *recovery ? OJson(bundle::EncodeRecipient(**recovery)) : OJson()}};
    if (out_path.empty()) out["profile"] = *jws;
    else out["out"] = out_path;
    ctx.Json(out);
  } else if (out_path.empty()) {
    ctx.out() << *jws << "\n";
  } else {
    ctx.out() << "Kontorsprofilen är skriven till " << Field(out_path) << ".\n"
              << "Fingeravtryck att ge personalen (appen visar det innan profilen används): "
              << bundle::KeyFingerprint(office->AdminKid()) << "\n";
  }
  return 0;
}

// The import keys as an age identity file, so an office can open its archive with standard tools
// (`age -d -i FILE`) if SIP Field is gone. Never to stdout; always 0600; a loud warning.
int ExportIdentity(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("export-identity tar inga filnamn; ange --out FIL");
  const std::string out_path = ctx.opt().Get("--out");
  if (out_path.empty()) return ctx.Usage("export-identity kräver --out FIL (nycklarna skrivs aldrig till skärmen)");
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Import, &code);
  if (!office) return code;
  auto text = office->ExportIdentities();
  if (!text) return ctx.Fail(text.error(), 1);
  if (auto r = WriteFileAtomic(out_path, *text, FileMode::Private); !r)
    return ctx.Fail(r.error(), r.error().code == Errc::OutputNotAFile ? 1 : 3);
  ctx.env().err << "VARNING: " << Field(out_path) << " innehåller kontorets HEMLIGA importnycklar, okrypterade.\n"
                << "VARNING: Den som har filen kan läsa ALLA planpaket som skickats till kontoret.\n"
                << "VARNING: Förvara den offline och inlåst, och radera kopior du inte behöver.\n";
  ctx.env().err.flush();
  if (ctx.json()) ctx.Json({{"ok", true}, {"out", out_path}, {"mode", "0600"}});
  else ctx.out() << "Importnycklarna är skrivna till " << Field(out_path) << " (läsbar bara för dig). Öppna ett paket med: age -d -i "
                 << Field(out_path) << " paket.sipbundle\n";
  return 0;
}

int Rotate(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("rotate tar inga argument");
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::All, &code);
  if (!office) return code;
  auto r = office->Rotate();
  if (!r) return ctx.FailOpen(r.error());
  if (ctx.json()) {
    ctx.Json({{"ok", true}, {"retired_kid", r->retired_kid}, {"current_kid", r->current_kid}, {"next_kid", r->next_kid}});
  } else {
    ctx.out() << "Importnyckeln är bytt. Aktuell: " << r->current_kid << ", nästa: " << r->next_kid
              << ", tidigare (dekrypterar fortfarande): " << r->retired_kid << ".\n"
              << "Skriv en ny kontorsprofil (sipfield office profile) och ge den till enheterna.\n";
  }
  return 0;
}

// Requests that arrived at the server (POST /api/v1/enrollments) and wait for an administrator: the key's
// fingerprint (to compare with what the device shows) and the names given.
int EnrollPending(Ctx& ctx) {
  int code = 0;
  auto office = OpenOffice(ctx, std::nullopt, &code);
  if (!office) return code;
  auto pending = office->PendingEnrollments();
  if (!pending) return ctx.FailOpen(pending.error());
  if (ctx.json()) {
    OJson list = OJson::array();
    for (const auto& p : *pending)
      list.push_back({{"kid", p.kid}, {"fingerprint", p.fingerprint}, {"device", p.device_name}, {"staff", p.staff},
                      {"iat", Iso(p.iat)}, {"received_at", Iso(p.received_at)}});
    ctx.Json({{"ok", true}, {"pending", list}});
    return 0;
  }
  if (pending->empty()) ctx.out() << "Inga registreringar väntar på godkännande.\n";
  for (const auto& p : *pending)
    ctx.out() << "Väntar: " << p.kid << "\n  fingeravtryck: " << p.fingerprint << "\n  enhet: " << Field(p.device_name)
              << "\n  personal: " << Field(p.staff) << "\n  mottagen: " << Iso(p.received_at)
              << "\n  godkänn med: sipfield office enroll --approve " << p.kid.substr(0, 12) << "\n";
  return 0;
}

int Enroll(Ctx& ctx) {
  const auto& o = ctx.opt();
  if (o.Has("--pending")) {
    if (!o.positional.empty() || o.Has("--approve")) return ctx.Usage("enroll --pending tar inga andra argument");
    return EnrollPending(ctx);
  }
  const bool approve = o.Has("--approve");
  if (approve ? !o.positional.empty() : o.positional.size() != 1)
    return ctx.Usage("enroll kräver exakt en registreringsbegäran, eller --approve KID");
  int64_t days = office::kDefaultValidDays;
  if (o.Has("--valid-days")) {
    try {
      size_t used = 0;
      days = std::stoll(o.Get("--valid-days"), &used);
      if (used != o.Get("--valid-days").size() || days < 0) return ctx.Usage("--valid-days kräver ett heltal ≥ 0");
    } catch (...) {
      return ctx.Usage("--valid-days kräver ett heltal ≥ 0");
    }
  }
  std::string text;
  if (!approve) {
    bool too_large = false;
    auto file = ReadFile(o.positional[0], kMaxRequestFile, &too_large);
    if (!file) return ctx.Fail({Errc::FileUnreadable, BaseName(o.positional[0])}, 1);
    if (too_large) return ctx.Fail({Errc::DocumentInvalid, "request file too large"}, 1);
    text.assign(file->begin(), file->end());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  }
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Admin, &code);
  if (!office) return code;
  auto r = approve ? office->ApproveEnrollment(o.Get("--approve"), days) : office->Enroll(text, days);
  if (!r) return ctx.FailOpen(r.error());
  if (ctx.json()) {
    OJson out{{"ok", true}, {"changed", r->changed}, {"version", r->version}};
    out["device"] = EntryJson(r->entry);
    ctx.Json(out);
  } else if (r->changed) {
    ctx.out() << "Enheten " << r->entry.kid << " (" << Field(r->entry.device_name) << ") är registrerad, giltig "
              << Date(r->entry.valid_from) << " – " << (r->entry.valid_to ? Date(r->entry.valid_to) : "tills vidare")
              << ". Förtroendelistan är nu version " << r->version << ".\n";
  } else {
    ctx.out() << "Enheten " << r->entry.kid << " är redan registrerad – ingen ändring (förtroendelista version "
              << r->version << ").\n";
  }
  return 0;
}

int Revoke(Ctx& ctx) {
  const auto& o = ctx.opt();
  if (o.positional.size() != 1) return ctx.Usage("revoke kräver exakt en nyckel (KID)");
  std::optional<uint64_t> after;
  if (o.Has("--after-seq")) {
    try {
      size_t used = 0;
      const long long v = std::stoll(o.Get("--after-seq"), &used);
      if (used != o.Get("--after-seq").size() || v < 0) return ctx.Usage("--after-seq kräver ett heltal ≥ 0");
      after = static_cast<uint64_t>(v);
    } catch (...) {
      return ctx.Usage("--after-seq kräver ett heltal ≥ 0");
    }
  }
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Admin, &code);
  if (!office) return code;
  auto r = office->Revoke(o.positional[0], after);
  if (!r) return ctx.FailOpen(r.error());
  if (ctx.json()) {
    OJson out{{"ok", true}, {"changed", r->changed}, {"version", r->version}, {"kid", r->kid}};
    out["after_seq"] = r->after_seq ? OJson(*r->after_seq) : OJson(nullptr);
    ctx.Json(out);
  } else if (r->changed) {
    ctx.out() << "Enheten " << r->kid << " är återkallad";
    if (r->after_seq) ctx.out() << "; paket till och med löpnummer " << *r->after_seq << " godtas fortfarande";
    ctx.out() << ". Förtroendelistan är nu version " << r->version << ".\n";
  } else {
    ctx.out() << "Enheten " << r->kid << " är redan återkallad så – ingen ändring.\n";
  }
  return 0;
}

int TrustList(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("trust-list tar inga argument");
  int code = 0;
  auto office = OpenOffice(ctx, std::nullopt, &code);
  if (!office) return code;
  const auto& t = office->Trust();
  const int64_t now = ctx.Now();
  if (ctx.json()) {
    OJson devices = OJson::array();
    for (const auto& d : t.devices) devices.push_back(EntryJson(d));
    ctx.Json({{"ok", true}, {"office", t.office}, {"version", t.version}, {"iat", Iso(t.iat)}, {"devices", devices}});
    return 0;
  }
  ctx.out() << "Förtroendelista för " << Field(t.office) << ", version " << t.version << " (" << Iso(t.iat) << "), "
            << t.devices.size() << " enheter\n";
  for (const auto& d : t.devices) {
    std::string status = StatusSv(d.status);
    if (d.status == bundle::TrustStatus::Revoked && d.revoked_after_seq)
      status += " efter löpnummer " + std::to_string(*d.revoked_after_seq);
    else if (d.status == bundle::TrustStatus::Active && d.valid_to != 0 && d.valid_to < now)
      status = "utgången";
    ctx.out() << d.kid << "  " << Field(d.device_name) << "  " << Field(d.staff) << "  " << Date(d.valid_from) << " – "
              << (d.valid_to ? Date(d.valid_to) : "tills vidare") << "  " << status << "\n";
  }
  return 0;
}

int Verify(Ctx& ctx) {
  if (ctx.opt().positional.empty()) return ctx.Usage("verify kräver minst en fil eller katalog");
  auto files = ExpandInputs(ctx.opt().positional);
  if (!files) return ctx.Fail(files.error(), 1);
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Import, &code);
  if (!office) return code;
  int bad = 0;
  for (const auto& path : *files) {
    const std::string name = BaseName(path);
    bool too_large = false;
    auto file = ReadFile(path, kMaxBundleFile, &too_large);
    Result<bundle::OpenedBundle> r = Error{Errc::FileUnreadable, ""};
    if (file && too_large) r = Error{Errc::BundleTooLarge, "file over the limit"};
    else if (file) r = office->Verify(file->data(), file->size());
    if (!r) ++bad;
    if (ctx.json()) {
      OJson out{{"file", name}, {"ok", r.ok()}};
      if (r) {
        out["jti"] = r->claims.jti;
        out["kid"] = r->claims.iss;
        out["seq"] = r->claims.seq;
        out["jws_hash"] = r->jws_hash;
      } else {
        out["error"] = Ctx::ErrorJson(r.error());
      }
      ctx.Json(out);
    } else if (r) {
      ctx.out() << Field(name) << ": giltigt (jti " << r->claims.jti << ", enhet " << r->claims.iss << ", löpnummer "
                << r->claims.seq << ")\n";
    } else {
      ctx.out() << Field(name) << ": ogiltigt – " << ErrorMessage(r.error().code) << " [" << ErrorCode(r.error().code) << "]\n";
    }
  }
  if (!ctx.json())
    ctx.out() << files->size() - static_cast<size_t>(bad) << " av " << files->size() << " paket är giltiga.\n";
  return bad == 0 ? 0 : 1;
}

int Import(Ctx& ctx) {
  if (ctx.opt().positional.empty()) return ctx.Usage("import kräver minst en fil eller katalog");
  auto files = ExpandInputs(ctx.opt().positional);
  if (!files) return ctx.Fail(files.error(), 1);
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Import, &code);
  if (!office) return code;

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  size_t imported = 0, already = 0, refused = 0, flagged = 0;
  std::set<std::string> kids;
  // Bundles are opened on worker threads; results come back here in file order.
  const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  office->ImportFiles(*files, threads, [&](size_t i, const office::ImportOutcome& r) {
    const std::string name = BaseName((*files)[i]);
    const std::string shown = Field(name);
    if (!r.kid.empty()) kids.insert(r.kid);
    const char* status = "refused";
    switch (r.status) {
      case office::ImportStatus::Imported: ++imported; status = "imported"; break;
      case office::ImportStatus::AlreadyImported: ++already; status = "already_imported"; break;
      case office::ImportStatus::Refused: ++refused; status = "refused"; break;
      case office::ImportStatus::Flagged: ++flagged; status = "flagged"; break;
    }
    if (ctx.json()) {
      OJson out{{"file", name}, {"status", status}};
      if (!r.jti.empty()) {
        out["jti"] = r.jti;
        out["kid"] = r.kid;
        out["seq"] = r.seq;
      }
      if (r.status == office::ImportStatus::Refused || r.status == office::ImportStatus::Flagged)
        out["error"] = Ctx::ErrorJson(r.error);
      if (r.status == office::ImportStatus::Flagged) out["existing_jti"] = r.existing_jti;
      ctx.Json(out);
    } else {
      switch (r.status) {
        case office::ImportStatus::Imported:
          ctx.out() << shown << ": importerat (jti " << r.jti << ", löpnummer " << r.seq << ")\n";
          break;
        case office::ImportStatus::AlreadyImported:
          ctx.out() << shown << ": redan importerat (jti " << r.jti << ") – ingen ändring\n";
          break;
        case office::ImportStatus::Refused:
          ctx.out() << shown << ": avvisat – " << ErrorMessage(r.error.code) << " [" << ErrorCode(r.error.code) << "]\n";
          break;
        case office::ImportStatus::Flagged:
          ctx.out() << shown << ": avvisat och flaggat – " << ErrorMessage(r.error.code) << " ["
                    << ErrorCode(r.error.code) << "] (jti " << r.jti << ", löpnummer " << r.seq << ", motsäger "
                    << r.existing_jti << ")\n";
          break;
      }
    }
    if ((i + 1) % kProgressEvery == 0 && i + 1 < files->size()) {
      const double t = elapsed();
      ctx.env().err << "import: " << (i + 1) << "/" << files->size() << " filer, "
                    << Fixed(t > 0 ? static_cast<double>(i + 1) / t : 0, 0) << " paket/s\n";
      ctx.env().err.flush();
    }
  });
  if (auto r = office->Checkpoint(); !r) return ctx.FailOpen(r.error());
  const double seconds = elapsed();
  const double rate = seconds > 0 ? static_cast<double>(files->size()) / seconds : 0;
  auto chains = office->Chains(std::vector<std::string>(kids.begin(), kids.end()));
  if (!chains) return ctx.FailOpen(chains.error());
  if (ctx.json()) {
    OJson summary{{"files", files->size()}, {"imported", imported}, {"already_imported", already},
                  {"refused", refused},      {"flagged", flagged},   {"seconds", seconds},
                  {"bundles_per_second", rate}};
    summary["chains"] = ChainJson(*chains);
    ctx.Json({{"summary", summary}});
  } else {
    ctx.out() << "Klart: " << files->size() << " filer på " << Fixed(seconds, 1) << " s (" << Fixed(rate, 0)
              << " paket/s): " << imported << " importerade, " << already << " redan importerade, " << refused
              << " avvisade, " << flagged << " flaggade.\n";
    PrintChainsHuman(ctx.out(), *chains);
  }
  ctx.env().err << "import: " << files->size() << " filer på " << Fixed(seconds, 1) << " s, " << Fixed(rate, 0)
                << " paket/s\n";
  return refused + flagged == 0 ? 0 : 1;
}

int Status(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("status tar inga argument");
  int code = 0;
  auto office = OpenOffice(ctx, std::nullopt, &code);
  if (!office) return code;
  auto counts = office->CountAll();
  if (!counts) return ctx.FailOpen(counts.error());
  auto chains = office->Chains();
  if (!chains) return ctx.FailOpen(chains.error());
  auto pending = office->PendingReceipts();
  if (!pending) return ctx.FailOpen(pending.error());
  auto keys = office->Keys();
  if (!keys) return ctx.FailOpen(keys.error());
  if (ctx.json()) {
    OJson p = OJson::array();
    for (const auto& d : *pending) p.push_back({{"kid", d.kid}, {"bundles", d.bundles}});
    OJson k = OJson::array();
    for (const auto& key : *keys) k.push_back({{"kid", key.kid}, {"kind", key.kind}, {"role", key.role}});
    ctx.Json({{"ok", true},
              {"office", office->name()},
              {"trust_list_version", office->Trust().version},
              {"devices", office->Trust().devices.size()},
              {"bundles", counts->bundles},
              {"flags", counts->flags},
              {"receipted", counts->receipted},
              {"keys", k},
              {"pending_receipts", p},
              {"chains", ChainJson(*chains)}});
    return 0;
  }
  ctx.out() << "Kontor: " << Field(office->name()) << "\nFörtroendelista: version " << office->Trust().version << ", "
            << office->Trust().devices.size() << " enheter\nImporterade paket: " << counts->bundles
            << " (kvitterade " << counts->receipted << ")\nFlaggade paket: " << counts->flags << "\n";
  for (const auto& key : *keys)
    ctx.out() << "Nyckel: " << key.kid << " (" << (key.kind == "admin" ? "administratör" : "import, " + key.role)
              << ")\n";
  for (const auto& d : *pending) ctx.out() << "Väntar på kvitto: enhet " << d.kid << ", " << d.bundles << " paket\n";
  PrintChainsHuman(ctx.out(), *chains);
  return 0;
}

int Flags(Ctx& ctx) {
  if (!ctx.opt().positional.empty()) return ctx.Usage("flags tar inga argument");
  int code = 0;
  auto office = OpenOffice(ctx, std::nullopt, &code);
  if (!office) return code;
  auto flags = office->Flags();
  if (!flags) return ctx.FailOpen(flags.error());
  if (ctx.json()) {
    OJson list = OJson::array();
    for (const auto& f : *flags)
      list.push_back({{"id", f.id}, {"code", f.code}, {"jti", f.jti}, {"kid", f.kid}, {"seq", f.seq},
                      {"jws_hash", f.jws_hash}, {"existing_jti", f.existing_jti}, {"file", f.source_name},
                      {"flagged_at", Iso(f.flagged_at)}});
    ctx.Json({{"ok", true}, {"flags", list}});
    return 0;
  }
  if (flags->empty()) ctx.out() << "Inga flaggade paket.\n";
  for (const auto& f : *flags)
    ctx.out() << f.id << ": [" << f.code << "] " << Field(f.source_name) << " (jti " << f.jti << ", enhet " << f.kid
              << ", löpnummer " << f.seq << ") motsäger " << f.existing_jti << ", " << Iso(f.flagged_at) << "\n";
  return 0;
}

// show / render / fhir / commitments
int Read(Ctx& ctx, const std::string& what) {
  const auto& o = ctx.opt();
  if (o.positional.size() != 1) return ctx.Usage(what + " kräver exakt ett paket-id (JTI)");
  int code = 0;
  auto office = OpenOffice(ctx, std::nullopt, &code);
  if (!office) return code;
  auto b = office->FindBundle(o.positional[0]);
  if (!b) return ctx.FailOpen(b.error());
  const Json& document = b->payload.contains("document") ? b->payload.at("document") : Json::object();
  const std::string out_path = o.Get("--out");
  auto emit = [&](const std::string& text, const char* member) -> int {
    if (!out_path.empty()) {
      if (auto r = WriteFileAtomic(out_path, text, FileMode::Private); !r)
        return ctx.Fail(r.error(), r.error().code == Errc::OutputNotAFile ? 1 : 3);
      if (ctx.json()) ctx.Json({{"ok", true}, {"jti", b->jti}, {"out", out_path}, {"bytes", text.size()}});
      else ctx.out() << "Skrivet till " << Field(out_path) << ".\n";
    } else if (ctx.json()) {
      OJson out{{"ok", true}, {"jti", b->jti}};
      out[member] = text;
      ctx.Json(out);
    } else {
      ctx.out() << text;
      if (!text.empty() && text.back() != '\n') ctx.out() << "\n";
    }
    return 0;
  };
  if (what == "render") return emit(RenderHtml(document), "html");
  if (what == "fhir") {
    if (!out_path.empty() || !ctx.json()) return emit(document.dump(2) + "\n", "document");
    ctx.Json({{"ok", true}, {"jti", b->jti}, {"document", OJson::parse(document.dump())}});
    return 0;
  }
  if (what == "commitments") {
    const Json list = Commitments(document);
    if (ctx.json()) {
      ctx.Json({{"ok", true}, {"jti", b->jti}, {"commitments", OJson::parse(list.dump())}});
      return 0;
    }
    if (list.empty()) ctx.out() << "Planen har inga åtaganden för hemtjänsten.\n";
    for (const auto& c : list) {
      ctx.out() << "- " << Field(c.value("what", ""));
      for (const char* k : {"performer", "start", "frequency", "place", "status"})
        if (c.contains(k) && c.at(k).is_string()) ctx.out() << " | " << Field(c.at(k).get<std::string>());
      ctx.out() << "\n";
    }
    return 0;
  }
  // show
  const bundle::TrustEntry* device = office->Trust().Find(b->kid);
  if (ctx.json()) {
    OJson out{{"ok", true},          {"jti", b->jti},
              {"kid", b->kid},       {"device", device ? OJson(device->device_name) : OJson(nullptr)},
              {"seq", b->seq},       {"prev", b->prev},
              {"case_id", b->case_id}, {"kind", b->kind},
              {"plan_version", b->plan_version}, {"iat", Iso(b->iat)},
              {"imported_at", Iso(b->imported_at)}, {"file", b->source_name},
              {"jws_hash", b->jws_hash}, {"file_sha256", b->file_sha256}};
    out["receipt_id"] = b->receipt_id ? OJson(b->receipt_id) : OJson(nullptr);
    ctx.Json(out);
    return 0;
  }
  ctx.out() << "jti: " << b->jti << "\nenhet: " << b->kid;
  if (device) ctx.out() << " (" << Field(device->device_name) << ")";
  ctx.out() << "\nlöpnummer: " << b->seq << "\närende: " << Field(b->case_id) << "\nslag: "
            << (b->kind == "plan" ? "plan" : "uppföljning") << "\nplanversion: " << b->plan_version
            << "\nsignerat: " << Iso(b->iat) << "\nimporterat: " << Iso(b->imported_at) << "\nfil: " << Field(b->source_name)
            << "\njws_hash: " << b->jws_hash << "\nkvitterat: "
            << (b->receipt_id ? "ja (kvitto " + std::to_string(b->receipt_id) + ")" : std::string("nej")) << "\n";
  return 0;
}

int Receipt(Ctx& ctx) {
  const auto& o = ctx.opt();
  if (!o.positional.empty()) return ctx.Usage("receipt tar inga filnamn; ange --out FIL");
  const std::string out_path = o.Get("--out");
  if (out_path.empty()) return ctx.Usage("receipt kräver --out FIL");
  int64_t since = 0;
  if (o.Has("--since")) {
    const auto d = ParseDate(o.Get("--since"));
    if (!d) return ctx.Usage("--since kräver ett datum ÅÅÅÅ-MM-DD");
    since = DaysFromCivil(*d) * 86400;
  }
  int code = 0;
  auto office = OpenOffice(ctx, office::KeyUse::Admin, &code);
  if (!office) return code;
  std::string device = o.Get("--device");
  if (device.empty()) {
    auto pending = office->PendingReceipts();
    if (!pending) return ctx.FailOpen(pending.error());
    if (pending->empty()) return ctx.Fail({Errc::ReceiptEmpty, ""}, 1);
    if (pending->size() > 1) {
      std::string list;
      for (const auto& p : *pending) list += "\n  " + p.kid + " (" + std::to_string(p.bundles) + " paket)";
      return ctx.Usage("flera enheter väntar på kvitto; ange --device KID:" + list);
    }
    device = pending->front().kid;
  }
  auto r = office->IssueReceipt(device, since, [&](const std::string& jws) { return WriteFileAtomic(out_path, jws + "\n", FileMode::Public); });
  if (!r) return ctx.FailOpen(r.error());
  if (ctx.json()) {
    ctx.Json({{"ok", true}, {"receipt_id", r->id}, {"device", r->receipt.device}, {"bundles", r->receipt.bundles.size()},
              {"remaining", r->remaining}, {"out", out_path}});
  } else {
    ctx.out() << "Kvitto " << r->id << " för enhet " << r->receipt.device << ": " << r->receipt.bundles.size()
              << " paket, skrivet till " << Field(out_path) << ".\n";
    if (r->remaining > 0) ctx.out() << r->remaining << " paket återstår; kör receipt igen.\n";
  }
  return 0;
}

}  // namespace

int OfficeCommand(const std::vector<std::string>& args, Env& env) {
  if (args.size() < 2) {
    env.err << "sipfield office: ange ett underkommando.\nSe sipfield --help.\n";
    return 2;
  }
  const std::string sub = args[1];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    env.out << kOfficeHelp;
    return 0;
  }
  static const std::map<std::string, std::set<std::string>> kOptions = {
      {"init", {"--name"}},       {"profile", {"--out", "--recovery-recipient"}},        {"export-identity", {"--out"}},        {"rotate", {}},
      {"enroll", {"--valid-days", "--approve", "--pending"}}, {"serve", {"--host", "--port", "--dist", "--threads", "--max-connections", "--max-connection-seconds", "--tls-cert", "--tls-key", "--posts-per-minute"}}, {"revoke", {"--after-seq"}},   {"trust-list", {}},
      {"verify", {}},             {"import", {}},                {"status", {}},
      {"flags", {}},              {"show", {}},                  {"render", {"--out"}},
      {"fhir", {"--out"}},        {"commitments", {}},           {"receipt", {"--device", "--since", "--out"}},
  };
  auto allowed = kOptions.find(sub);
  if (allowed == kOptions.end()) {
    env.err << "sipfield office: okänt underkommando: " << sub << "\nSe sipfield --help.\n";
    return 2;
  }
  Options o;
  for (size_t i = 2; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      o.json = true;
    } else if (a == "--office") {
      if (i + 1 >= args.size()) return Ctx(env, o).Usage("--office kräver en katalog");
      o.office_dir = args[++i];
    } else if (a == "--pending" && sub == "enroll") {
      o.values[a] = "1";
    } else if (a.rfind("--", 0) == 0) {
      if (!allowed->second.count(a)) return Ctx(env, o).Usage("okänt argument för " + sub + ": " + a);
      if (i + 1 >= args.size()) return Ctx(env, o).Usage(a + " kräver ett värde");
      o.values[a] = args[++i];
    } else {
      o.positional.push_back(a);
    }
  }
  Ctx ctx(env, o);
  int code = 2;
  if (sub == "init") code = Init(ctx);
  else if (sub == "profile") code = Profile(ctx);
  else if (sub == "rotate") code = Rotate(ctx);
  else if (sub == "export-identity") code = ExportIdentity(ctx);
  else if (sub == "serve") code = OfficeServe(o.office_dir, o.values, env);
  else if (sub == "enroll") code = Enroll(ctx);
  else if (sub == "revoke") code = Revoke(ctx);
  else if (sub == "trust-list") code = TrustList(ctx);
  else if (sub == "verify") code = Verify(ctx);
  else if (sub == "import") code = Import(ctx);
  else if (sub == "status") code = Status(ctx);
  else if (sub == "flags") code = Flags(ctx);
  else if (sub == "receipt") code = Receipt(ctx);
  else code = Read(ctx, sub);
  env.out.flush();
  return code;
}

}  // namespace sip::cli
