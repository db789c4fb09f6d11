#include "cli/cli.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <iterator>
#include <optional>
#include <ostream>

#include "app/handler.h"
#include "cli/device_key.h"
#include "cli/files.h"
#include "cli/local_db.h"
#include "cli/recover.h"
#include "cli/office_cli.h"
#include "cli/safe_output.h"
#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "core/identity.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/store.h"

namespace sip::cli {
namespace {

constexpr const char* kHelp = R"(sipfield – SIP Field för kommandoraden (kontoret, skript och tester)

Användning:
  sipfield --help                 visa den här texten
  sipfield --version              visa versioner (app, schema, SQLite, libsodium, minnesallokerare)
  sipfield audit verify --db FIL  kontrollera granskningsloggens hashkedja; slutkod 0 om hel,
                                  1 om en länk är bruten (första brutna posten anges)
  sipfield apply --db FIL [--keep-going] [--device-key NYCKEL] [--encrypt]
                                  läs JSON-kommandon från stdin, ett per rad, och skriv ett
                                  JSON-svar per rad till stdout. Avbryter vid första fel
                                  (slutkod 1) om inte --keep-going anges; då körs alla rader
                                  och slutkoden är 1 om något kommando misslyckades. Med
                                  --device-key signeras planpaket och anmälningar med enhetens
                                  nyckel (lösenfrasen läses från SIPFIELD_PASSPHRASE).
                                  Krypterad databas: finns FIL-key är databasen krypterad och
                                  öppnas med lösenfrasen i SIPFIELD_PASSPHRASE. --encrypt skapar
                                  en ny krypterad databas, eller krypterar en befintlig okrypterad
                                  databas på plats (minst 12 tecken eller fyra ord). Gäller också
                                  render, audit verify och backup export.
  sipfield device init --key NYCKEL
                                  skapa en ny signeringsnyckel för enheten i filen NYCKEL,
                                  krypterad med lösenfrasen i SIPFIELD_PASSPHRASE. Skriver
                                  en JSON-rad med nyckelns id (kid).
  sipfield id NUMMER              kontrollera ett person- eller samordningsnummer (10 eller 12
                                  siffror, med -, + eller utan skiljetecken) och skriv en
                                  JSON-rad: typ, normaliserat nummer (12 siffror), födelsedatum
                                  och juridiskt kön, eller varför numret inte är giltigt.
                                  Slutkod 0 om numret är giltigt, annars 1.
  sipfield render --db FIL --case ID --doc min-sip|invitation|consent [--version N]
                                  skriv ett papper som en fristående HTML-sida till stdout:
                                  min-sip (den enskildes eget exemplar av planen, senaste
                                  fastställda versionen om inte --version anges), invitation
                                  (kallelse till SIP-möte) eller consent (kopia av samtycket).
                                  Samma sida som appen gör (frågan case.paper). Slutkod 0 klart ·
                                  1 ärendet, versionen eller pappret finns inte (koden skrivs på
                                  stderr) · 2 fel användning · 3 databasen kunde inte öppnas
  sipfield backup export --db FIL --out KOPIA
                                  spara hela databasen som en krypterad säkerhetskopia
                                  (Argon2id + XChaCha20-Poly1305). Lösenfrasen (minst 8 tecken)
                                  läses från miljövariabeln SIPFIELD_PASSPHRASE, aldrig från
                                  kommandoraden. Skriver en JSON-rad.
  sipfield backup restore --in KOPIA --db FIL [--force]
                                  återställ en säkerhetskopia till FIL. Kopian kontrolleras helt
                                  (lösenfras, skador, att det är en SIP Field-databas som den här
                                  versionen kan läsa) innan något skrivs; vid fel lämnas FIL orörd.
                                  En befintlig databas som inte är tom ersätts bara med --force.
                                  Skriver en JSON-rad. Slutkoder för backup: 0 klart · 1 fel
                                  lösenfras, skadad eller främmande kopia, eller FIL finns redan
                                  (koden står i JSON-raden) · 2 fel användning eller
                                  SIPFIELD_PASSPHRASE saknas · 3 databasen eller en fil kunde inte
                                  öppnas, läsas eller skrivas

  sipfield key recovery --db FIL --recipient age1…
                                  låt kontorets återställningsnyckel också låsa upp den krypterade
                                  databasen FIL (lösenfrasen i SIPFIELD_PASSPHRASE). Kontoret kan då
                                  läsa databasen om lösenfrasen glöms – och den som har både
                                  kontorets nyckel och en kopia av filerna (docs/protection-at-rest.md)
  sipfield office recovery-key --out FIL
                                  skapa kontorets återställningsnyckel (AGE-SECRET-KEY-1…) i FIL och
                                  skriv den publika delen (age1…). Förvara FIL offline.
  sipfield office recover --identity FIL --key-file FIL-key
                                  lås upp en dators databasnyckel med återställningsnyckeln och lås
                                  den med en ny lösenfras från SIPFIELD_NEW_PASSPHRASE

Kommandona beskrivs i docs/commands.md. Exempel:
  echo '{"cmd":"settings.set","key":"staff.name","value":"Testa Testsson"}' | sipfield apply --db sip.db

Slutkoder: 0 klart · 1 ett kommando misslyckades · 2 fel användning · 3 databasen kunde inte öppnas
)";

int Usage(Env& env, const std::string& what) {
  env.err << "sipfield: " << what << "\nSe sipfield --help.\n";
  return 2;
}

// Opens the local database at `path`, plaintext or encrypted (cli/local_db.h); prints the Swedish reason and
// returns nullptr on failure, with the exit code in `exit_code`.
std::unique_ptr<LocalDb> OpenStore(const std::string& path, Env& env, int& exit_code, bool encrypt = false) {
  return OpenLocalDb(path, env, /*create=*/true, encrypt, exit_code);
}

// `sipfield audit verify --db FILE`: one JSON line; 0 intact, 1 broken, 2 usage, 3 unreadable database.
int Audit(const std::vector<std::string>& args, Env& env) {
  if (args.size() != 4 || args[1] != "verify" || args[2] != "--db") return Usage(env, "audit verify --db FIL");
  int code = 3;
  auto local = OpenStore(args[3], env, code);
  if (!local) return code;
  auto v = store::audit_repo::Verify(*local->store);
  if (!v) {
    env.err << "sipfield: " << ErrorMessage(v.error().code) << " [" << ErrorCode(v.error().code) << "]\n";
    return 3;
  }
  Json out = {{"ok", v->ok}, {"entries", v->entries}};
  if (!v->ok) out.update({{"first_broken_seq", v->first_broken_seq}, {"reason", v->reason}});
  env.out << out.dump() << "\n";
  return v->ok ? 0 : 1;
}

// The passphrase for sealed key files and backups: never from the command line.
const char* PassphraseFromEnv() {
  const char* p = std::getenv("SIPFIELD_PASSPHRASE");
  return p && *p ? p : nullptr;
}

int Apply(const std::vector<std::string>& args, Env& env) {
  std::string db_path, key_path;
  bool keep_going = false, encrypt = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) db_path = args[++i];
    else if (args[i] == "--device-key" && i + 1 < args.size()) key_path = args[++i];
    else if (args[i] == "--keep-going") keep_going = true;
    else if (args[i] == "--encrypt") encrypt = true;
    else return Usage(env, "okänt argument: " + args[i]);
  }
  if (db_path.empty()) return Usage(env, "apply kräver --db FIL");

  std::optional<bundle::Ed25519KeyPair> device_key;
  if (!key_path.empty()) {
    const char* pass = PassphraseFromEnv();
    if (!pass) return Usage(env, "miljövariabeln SIPFIELD_PASSPHRASE saknas");
    bundle::InitCrypto();
    auto key = LoadDeviceKeyFile(key_path, pass);
    if (!key) {
      env.err << "sipfield: " << ErrorMessage(key.error().code) << " [" << ErrorCode(key.error().code) << "]\n";
      return 3;
    }
    device_key = std::move(*key);
  }
  int code = 3;
  auto local = OpenStore(db_path, env, code, encrypt);
  if (!local) return code;
  app::CommandHandler handler(&*local->store, {env.clock, "native", env.utc_offset_min,
                                        [&device_key]() -> const bundle::Ed25519KeyPair* {
                                          return device_key ? &*device_key : nullptr;
                                        }});
  int status = 0;
  std::string line;
  while (std::getline(env.in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const Json r = handler.DispatchText(line);
    local->CheckpointIfDue();
    env.out << r.dump() << "\n";
    if (!r.value("ok", false)) {
      status = 1;
      if (!keep_going) break;
    }
  }
  env.out.flush();
  return status;
}

// `sipfield device init --key FILE`: one JSON line {ok, kid}; 0 created, 1 refused, 2 usage.
int Device(const std::vector<std::string>& args, Env& env) {
  if (args.size() != 4 || args[1] != "init" || args[2] != "--key") return Usage(env, "device init --key NYCKEL");
  const char* pass = PassphraseFromEnv();
  if (!pass) return Usage(env, "miljövariabeln SIPFIELD_PASSPHRASE saknas");
  bundle::InitCrypto();
  auto key = CreateDeviceKeyFile(args[3], pass);
  if (!key) {
    env.out << ErrorResponse(nullptr, key.error()).dump() << "\n";
    return 1;
  }
  env.out << Json{{"ok", true}, {"kid", bundle::JwkThumbprint(key->public_key)}}.dump() << "\n";
  return 0;
}

// `sipfield id NUMBER`: one JSON line; 0 valid, 1 invalid, 2 usage. "Today" is the local date.
int Id(const std::vector<std::string>& args, Env& env) {
  if (args.size() != 2) return Usage(env, "id kräver exakt ett nummer");
  const UnixMs now = env.clock();
  const int offset = env.utc_offset_min ? env.utc_offset_min(now) : 0;
  const auto id = ParseIdentityNumber(args[1], CivilFromUnixMs(now + int64_t{offset} * 60000));
  nlohmann::ordered_json out;
  if (id) {
    out["valid"] = true;
    out["type"] = std::string(IdentityTypeName(id->type));
    out["normalized"] = id->normalized;
    out["birth_date"] = FormatDate(id->birth_date);
    out["sex"] = std::string(LegalSexName(id->sex));
  } else {
    out["valid"] = false;
    out["reason"] = id.error().detail;
    out["code"] = std::string(ErrorCode(id.error().code));
  }
  env.out << out.dump() << "\n";
  env.out.flush();
  return id ? 0 : 1;
}

// --- backup -----------------------------------------------------------------------------------------------

constexpr size_t kMaxDatabaseBytes = size_t{512} * 1024 * 1024;   // what a restore accepts

// Prints {"ok":false,"error":{...}} and returns `exit_code`.
int BackupFailure(Env& env, const Error& e, int exit_code) {
  nlohmann::ordered_json out;
  out["ok"] = false;
  out["error"] = {{"code", std::string(ErrorCode(e.code))}, {"message", std::string(ErrorMessage(e.code))},
                  {"detail", e.detail}};
  env.out << out.dump() << "\n";
  env.out.flush();
  return exit_code;
}

// The size of the file at `path`, or nullopt when it cannot be opened.
std::optional<uint64_t> FileSize(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return std::nullopt;
  return static_cast<uint64_t>(f.tellg());
}

// `sipfield backup export|restore …`; exit codes in kHelp.
int Backup(const std::vector<std::string>& args, Env& env) {
  const bool is_export = args.size() >= 2 && args[1] == "export";
  const bool is_restore = args.size() >= 2 && args[1] == "restore";
  if (!is_export && !is_restore)
    return Usage(env, "backup export --db FIL --out KOPIA | backup restore --in KOPIA --db FIL [--force]");
  std::string db_path, file_path;
  bool force = false;
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) db_path = args[++i];
    else if (is_export && args[i] == "--out" && i + 1 < args.size()) file_path = args[++i];
    else if (is_restore && args[i] == "--in" && i + 1 < args.size()) file_path = args[++i];
    else if (is_restore && args[i] == "--force") force = true;
    else return Usage(env, "okänt argument: " + args[i]);
  }
  if (db_path.empty() || file_path.empty())
    return Usage(env, is_export ? "backup export kräver --db FIL och --out KOPIA"
                                : "backup restore kräver --in KOPIA och --db FIL");
  const char* pass_env = std::getenv("SIPFIELD_PASSPHRASE");
  if (!pass_env || !*pass_env) return Usage(env, "miljövariabeln SIPFIELD_PASSPHRASE saknas");
  const std::string passphrase = pass_env;

  if (is_export) {
    // Exporting must not create an empty database where there was none.
    if (!FileSize(db_path)) return BackupFailure(env, {Errc::DbOpenFailed, "the database file does not exist"}, 3);
    int code = 3;
    auto local = OpenStore(db_path, env, code);
    if (!local) return code;
    const store::Store* store = &*local->store;
    auto image = store::ExportDatabase(*store);
    if (!image) return BackupFailure(env, image.error(), 3);
    auto sealed = bundle::SealBackup(*image, passphrase);
    if (!sealed) return BackupFailure(env, sealed.error(), 1);
    if (auto w = WriteFileAtomic(file_path, *sealed); !w)
      return BackupFailure(env, {Errc::DbIo, "cannot write the backup file"}, 3);
    nlohmann::ordered_json out;
    out["ok"] = true;
    out["database_bytes"] = image->size();
    out["backup_bytes"] = sealed->size();
    out["schema_version"] = store->schema().version_after;
    env.out << out.dump() << "\n";
    env.out.flush();
    return 0;
  }

  // restore
  const auto size = FileSize(file_path);
  if (!size) return BackupFailure(env, {Errc::DbIo, "cannot open the backup file"}, 3);
  if (*size > kMaxDatabaseBytes + bundle::kBackupHeaderSize + bundle::kBackupTagSize)
    return BackupFailure(env, {Errc::BackupTooLarge, "the backup file is over the size cap"}, 1);
  if (const auto existing = FileSize(db_path); existing && *existing > 0 && !force)
    return BackupFailure(env, {Errc::BackupTargetExists, "use --force to replace it"}, 1);
  bundle::Bytes file;
  {
    std::ifstream f(file_path, std::ios::binary);
    file.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (f.bad()) return BackupFailure(env, {Errc::DbIo, "cannot read the backup file"}, 3);
  }
  auto image = bundle::OpenBackup(file, passphrase, kMaxDatabaseBytes);
  if (!image) return BackupFailure(env, image.error(), 1);
  auto state = store::RestoreDatabaseFile(db_path, *image, env.clock());
  if (!state) return BackupFailure(env, state.error(), state.error().code == Errc::DbIo ? 3 : 1);
  nlohmann::ordered_json out;
  out["ok"] = true;
  out["database_bytes"] = image->size();
  out["schema_version"] = state->version_before;
  env.out << out.dump() << "\n";
  env.out.flush();
  return 0;
}

// `sipfield render --db FILE --case ID --doc DOC [--version N]`: the page on stdout; exit codes in kHelp.
int Render(const std::vector<std::string>& args, Env& env) {
  std::string db_path, case_id, doc;
  Json request = {{"cmd", "case.paper"}};
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) db_path = args[++i];
    else if (args[i] == "--case" && i + 1 < args.size()) case_id = args[++i];
    else if (args[i] == "--doc" && i + 1 < args.size()) doc = args[++i];
    else if (args[i] == "--version" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos)
        return Usage(env, "--version kräver ett versionsnummer (1, 2, …)");
      request["version"] = std::stoi(v);
    } else {
      return Usage(env, "okänt argument: " + args[i]);
    }
  }
  if (db_path.empty() || case_id.empty() || doc.empty())
    return Usage(env, "render kräver --db FIL, --case ID och --doc min-sip|invitation|consent");
  // Rendering reads; it must not create an empty database where there was none.
  if (!FileSize(db_path)) {
    env.err << "sipfield: " << ErrorMessage(Errc::DbOpenFailed) << " [" << ErrorCode(Errc::DbOpenFailed)
            << "] the database file does not exist\n";
    return 3;
  }
  int code = 3;
  auto local = OpenStore(db_path, env, code);
  if (!local) return code;
  app::CommandHandler handler(&*local->store, {env.clock, "native", env.utc_offset_min, {}});
  request["case_id"] = case_id;
  request["doc"] = doc;
  const Json r = handler.Dispatch(request);
  if (!r.value("ok", false)) {
    const Json& e = r["error"];
    env.err << "sipfield: " << e.value("message", "") << " [" << e.value("code", "") << "]";
    if (!e.value("detail", "").empty()) env.err << " " << e.value("detail", "");
    env.err << "\n";
    return e.value("code", "") == std::string(ErrorCode(Errc::DbOpenFailed)) ? 3 : 1;
  }
  env.out << r["result"]["html"].get<std::string>();
  env.out.flush();
  return 0;
}

int RunCommand(const std::vector<std::string>& args, Env env) {
  if (args.empty()) {
    env.err << kHelp << kOfficeHelp;
    return 2;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    env.out << kHelp << kOfficeHelp;
    return 0;
  }
  if (cmd == "--version") {
    app::CommandHandler handler(nullptr, {env.clock, "native", env.utc_offset_min, {}});
    const Json v = handler.Dispatch({{"cmd", "version"}})["result"];
    env.out << "sipfield " << v["app"].get<std::string>() << " (schema " << v["schema"].get<int>() << ", SQLite "
            << v["sqlite"].get<std::string>() << ", libsodium " << v["sodium"].get<std::string>();
    if (env.allocator) env.out << ", " << env.allocator();
    env.out << ")\n";
    return 0;
  }
  if (cmd == "apply") return Apply(args, env);
  if (cmd == "audit") return Audit(args, env);
  if (cmd == "id") return Id(args, env);
  if (cmd == "device") return Device(args, env);
  if (cmd == "backup") return Backup(args, env);
  if (cmd == "render") return Render(args, env);
  if (cmd == "office" && args.size() > 1 && args[1] == "recover") return OfficeRecover(args, env);
  if (cmd == "office" && args.size() > 1 && args[1] == "recovery-key") return OfficeRecoveryKey(args, env);
  if (cmd == "key") return KeyRecovery(args, env);
  if (cmd == "office") return OfficeCommand(args, env);
  return Usage(env, "okänt kommando: " + cmd);
}

}  // namespace

int Run(const std::vector<std::string>& args, Env env) {
  bundle::InitCrypto();
  // Everything printed goes through SafeOutput: text from devices and files cannot drive the terminal.
  SafeOutput out(env.out), err(env.err);
  return RunCommand(args, Env{env.in, out.stream(), err.stream(), env.clock, env.utc_offset_min, env.allocator});
}

}  // namespace sip::cli
