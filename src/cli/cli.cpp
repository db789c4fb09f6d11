#include "cli/cli.h"

#include <istream>
#include <ostream>

#include "app/handler.h"
#include "bundle/crypto.h"
#include "store/store.h"

namespace sip::cli {
namespace {

constexpr const char* kHelp = R"(sipfield – SIP Field för kommandoraden (kontoret, skript och tester)

Användning:
  sipfield --help                 visa den här texten
  sipfield --version              visa versioner (app, schema, SQLite, libsodium)
  sipfield apply --db FIL [--keep-going]
                                  läs JSON-kommandon från stdin, ett per rad, och skriv ett
                                  JSON-svar per rad till stdout. Avbryter vid första fel
                                  (slutkod 1) om inte --keep-going anges; då körs alla rader
                                  och slutkoden är 1 om något kommando misslyckades.

Kommandona beskrivs i docs/commands.md. Exempel:
  echo '{"cmd":"settings.set","key":"staff.name","value":"Testa Testsson"}' | sipfield apply --db sip.db

Slutkoder: 0 klart · 1 ett kommando misslyckades · 2 fel användning · 3 databasen kunde inte öppnas
)";

int Usage(Env& env, const std::string& what) {
  env.err << "sipfield: " << what << "\nSe sipfield --help.\n";
  return 2;
}

int Apply(const std::vector<std::string>& args, Env& env) {
  std::string db_path;
  bool keep_going = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) db_path = args[++i];
    else if (args[i] == "--keep-going") keep_going = true;
    else return Usage(env, "okänt argument: " + args[i]);
  }
  if (db_path.empty()) return Usage(env, "apply kräver --db FIL");

  auto store = store::Store::Open(db_path, env.clock());
  if (!store) {
    env.err << "sipfield: " << ErrorMessage(store.error().code) << " [" << ErrorCode(store.error().code) << "] "
            << store.error().detail << "\n";
    return 3;
  }
  app::CommandHandler handler(&*store, {env.clock, "native"});
  int status = 0;
  std::string line;
  while (std::getline(env.in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const Json r = handler.DispatchText(line);
    env.out << r.dump() << "\n";
    if (!r.value("ok", false)) {
      status = 1;
      if (!keep_going) break;
    }
  }
  env.out.flush();
  return status;
}

}  // namespace

int Run(const std::vector<std::string>& args, Env env) {
  bundle::InitCrypto();
  if (args.empty()) {
    env.err << kHelp;
    return 2;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    env.out << kHelp;
    return 0;
  }
  if (cmd == "--version") {
    app::CommandHandler handler(nullptr, {env.clock, "native"});
    const Json v = handler.Dispatch({{"cmd", "version"}})["result"];
    env.out << "sipfield " << v["app"].get<std::string>() << " (schema " << v["schema"].get<int>() << ", SQLite "
            << v["sqlite"].get<std::string>() << ", libsodium " << v["sodium"].get<std::string>() << ")\n";
    return 0;
  }
  if (cmd == "apply") return Apply(args, env);
  return Usage(env, "okänt kommando: " + cmd);
}

}  // namespace sip::cli
