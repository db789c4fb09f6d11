#include "cli/local_db.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "bundle/crypto.h"
#include "bundle/key_wrap.h"
#include "cli/files.h"

namespace sip::cli {
namespace {

bool FileExists(const std::string& path, bool non_empty = false) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (!non_empty || st.st_size > 0);
}

std::unique_ptr<LocalDb> Fail(Env& env, const Error& e, int code, int& exit_code) {
  env.err << "sipfield: " << ErrorMessage(e.code) << " [" << ErrorCode(e.code) << "] " << e.detail << "\n";
  exit_code = code;
  return nullptr;
}

}  // namespace

void LocalDb::CheckpointIfDue() {
  if (sealed) (void)sealed->Checkpoint(/*only_if_due=*/true);
}

LocalDb::~LocalDb() {
  store.reset();
  if (sealed) (void)sealed->Checkpoint();
}

std::unique_ptr<LocalDb> OpenLocalDb(const std::string& path, Env& env, bool create, bool encrypt, int& exit_code) {
  auto db = std::make_unique<LocalDb>();
  const std::string key_path = KeyFilePath(path);
  const bool has_key = FileExists(key_path);
  if (!has_key && !encrypt) {
    auto s = store::Store::Open(path, env.clock(), {.create = create, .read_only = false, .vfs = {}});
    if (!s) return Fail(env, s.error(), 3, exit_code);
    db->store = std::move(*s);
    return db;
  }
  const char* pass = std::getenv("SIPFIELD_PASSPHRASE");
  if (!pass || !*pass) {
    env.err << "sipfield: miljövariabeln SIPFIELD_PASSPHRASE saknas (databasen är krypterad)\nSe sipfield --help.\n";
    exit_code = 2;
    return nullptr;
  }
  if (!bundle::InitCrypto()) return Fail(env, {Errc::Internal, "no random source"}, 3, exit_code);

  std::optional<bundle::DbKey> key;
  if (has_key) {
    std::ifstream f(key_path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (!f.good() && !f.eof()) return Fail(env, {Errc::DbIo, "cannot read the key file"}, 3, exit_code);
    auto file = bundle::ParseKeyFile(text);
    if (!file) return Fail(env, file.error(), 3, exit_code);
    auto k = bundle::UnlockDbKey(*file, pass);
    if (!k) return Fail(env, k.error(), 3, exit_code);
    key = std::move(*k);
  } else {
    if (!create && !FileExists(path)) return Fail(env, {Errc::DbOpenFailed, "the database file does not exist"}, 3, exit_code);
    auto k = bundle::CreateDbKey(pass);
    if (!k) return Fail(env, k.error(), 1, exit_code);
    // The key file goes first: a plaintext database next to it is an adoption to finish, never the reverse.
    if (auto w = WriteFileAtomic(key_path, bundle::SerializeKeyFile(k->file)); !w)
      return Fail(env, w.error(), 3, exit_code);
    key = std::move(k->key);
  }
  auto resumed = store::ResumeAdoption(path);
  if (!resumed) return Fail(env, resumed.error(), 3, exit_code);
  if (!*resumed && FileExists(path, /*non_empty=*/true)) {
    if (auto a = store::AdoptPlaintext(path, key->bytes()); !a) return Fail(env, a.error(), 3, exit_code);
  }
  static int counter = 0;
  auto sealed = store::SealedFile::Open(path, key->bytes(), "sip-cli-" + std::to_string(++counter), create);
  key->Wipe();
  if (!sealed) return Fail(env, sealed.error(), 3, exit_code);
  db->sealed = std::move(*sealed);
  auto s = store::Store::Open("sipfield.db", env.clock(), db->sealed->options());
  if (!s) return Fail(env, s.error(), 3, exit_code);
  db->store = std::move(*s);
  return db;
}

}  // namespace sip::cli
