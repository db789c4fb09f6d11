#include "cli/recover.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/key_wrap.h"
#include "cli/files.h"
#include "cli/local_db.h"
#include "core/command.h"
#include "core/passphrase.h"

namespace sip::cli {
namespace {

int Usage(Env& env, const std::string& what) {
  env.err << "sipfield: " << what << "\nSe sipfield --help.\n";
  return 2;
}

int Refused(Env& env, const Error& e, int code) {
  env.out << Json{{"ok", false},
                  {"error", {{"code", ErrorCode(e.code)}, {"message", ErrorMessage(e.code)}, {"detail", e.detail}}}}
                 .dump()
          << "\n";
  return code;
}

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// "--name value" pairs after the first `skip` arguments; false on anything else.
bool Options(const std::vector<std::string>& args, size_t skip, std::map<std::string, std::string>& out) {
  for (size_t i = skip; i < args.size(); i += 2) {
    if (i + 1 >= args.size() || args[i].rfind("--", 0) != 0) return false;
    out[args[i]] = args[i + 1];
  }
  return true;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

int OfficeRecoveryKey(const std::vector<std::string>& args, Env& env) {
  std::map<std::string, std::string> o;
  if (!Options(args, 2, o) || o.size() != 1 || !o.count("--out")) return Usage(env, "office recovery-key --out FIL");
  bundle::InitCrypto();
  const bundle::X25519Identity id = bundle::X25519Generate();
  std::string text = bundle::EncodeIdentity(id) + "\n";
  const int fd = ::open(o["--out"].c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Refused(env, {Errc::DbIo, "cannot create the identity file (does it exist already?)"}, 3);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  bundle::Wipe(text.data(), text.size());
  if (!ok) return Refused(env, {Errc::DbIo, "cannot write the identity file"}, 3);
  env.out << Json{{"ok", true}, {"recipient", bundle::EncodeRecipient(bundle::RecipientOf(id))}}.dump() << "\n";
  return 0;
}

int OfficeRecover(const std::vector<std::string>& args, Env& env) {
  std::map<std::string, std::string> o;
  if (!Options(args, 2, o) || o.size() != 2 || !o.count("--identity") || !o.count("--key-file"))
    return Usage(env, "office recover --identity FIL --key-file DBKEY");
  const char* pass = std::getenv("SIPFIELD_NEW_PASSPHRASE");
  if (!pass || !*pass) return Usage(env, "miljövariabeln SIPFIELD_NEW_PASSPHRASE saknas (den nya lösenfrasen)");
  bundle::InitCrypto();
  auto id_text = ReadText(o["--identity"]);
  auto key_text = ReadText(o["--key-file"]);
  if (!id_text || !key_text) return Refused(env, {Errc::FileUnreadable, "identity or key file"}, 3);
  auto id = bundle::ParseIdentity(Trim(*id_text));
  bundle::Wipe(id_text->data(), id_text->size());
  if (!id) return Refused(env, id.error(), 1);
  auto file = bundle::ParseKeyFile(*key_text);
  if (!file) return Refused(env, file.error(), 1);
  auto key = bundle::RecoverDbKey(*file, *id);
  if (!key) return Refused(env, key.error(), 1);
  if (auto rules = CheckNewPassphrase(pass); !rules) return Refused(env, rules.error(), 1);
  auto wrapped = bundle::WrapDbKey(*key, pass);
  if (!wrapped) return Refused(env, wrapped.error(), 1);
  bundle::KeyFile out = *file;
  out.kdf = wrapped->kdf;
  out.salt = wrapped->salt;
  out.wrapped_key = wrapped->wrapped_key;
  if (auto w = WriteFileAtomic(o["--key-file"], bundle::SerializeKeyFile(out)); !w) return Refused(env, w.error(), 3);
  env.out << Json{{"ok", true}}.dump() << "\n";
  return 0;
}

int KeyRecovery(const std::vector<std::string>& args, Env& env) {
  std::map<std::string, std::string> o;
  if (args.size() < 2 || args[1] != "recovery" || !Options(args, 2, o) || o.size() != 2 || !o.count("--db") ||
      !o.count("--recipient"))
    return Usage(env, "key recovery --db FIL --recipient age1…");
  const char* pass = std::getenv("SIPFIELD_PASSPHRASE");
  if (!pass || !*pass) return Usage(env, "miljövariabeln SIPFIELD_PASSPHRASE saknas");
  bundle::InitCrypto();
  const std::string key_path = KeyFilePath(o["--db"]);
  auto key_text = ReadText(key_path);
  if (!key_text) return Refused(env, {Errc::FileUnreadable, "the database has no key file (not encrypted)"}, 3);
  auto file = bundle::ParseKeyFile(*key_text);
  if (!file) return Refused(env, file.error(), 1);
  auto key = bundle::UnlockDbKey(*file, pass);
  if (!key) return Refused(env, key.error(), 1);
  if (auto r = bundle::SetRecoveryRecipient(*file, *key, o["--recipient"]); !r) return Refused(env, r.error(), 1);
  if (auto w = WriteFileAtomic(key_path, bundle::SerializeKeyFile(*file)); !w) return Refused(env, w.error(), 3);
  env.out << Json{{"ok", true}, {"recipient", o["--recipient"]}}.dump() << "\n";
  return 0;
}

}  // namespace sip::cli
