#include "cli/device_key.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "cli/files.h"

namespace sip::cli {

Result<bundle::Ed25519KeyPair> CreateDeviceKeyFile(const std::string& path, std::string_view passphrase) {
  if (std::ifstream(path)) return Error{Errc::InvalidArgument, "the key file exists"};
  bundle::Ed25519KeyPair key = bundle::Ed25519Generate();
  bundle::Bytes seed(key.seed.begin(), key.seed.end());
  auto sealed = bundle::SealBackup(seed, passphrase);
  bundle::Wipe(seed.data(), seed.size());
  if (!sealed) return sealed.error();
  if (auto w = WriteFileAtomic(path, *sealed); !w) return w.error();
  return key;
}

Result<bundle::Ed25519KeyPair> LoadDeviceKeyFile(const std::string& path, std::string_view passphrase) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error{Errc::DbIo, "cannot open the key file"};
  bundle::Bytes file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (file.size() > 4096) return Error{Errc::InvalidArgument, "not a device key file"};
  auto seed = bundle::OpenBackup(file, passphrase, 64);
  if (!seed) return seed.error();
  if (seed->size() != 32) return Error{Errc::InvalidArgument, "not a device key file"};
  bundle::Ed25519Seed s{};
  std::copy(seed->begin(), seed->end(), s.begin());
  bundle::Wipe(seed->data(), seed->size());
  bundle::Ed25519KeyPair key = bundle::Ed25519FromSeed(s);
  bundle::Wipe(s.data(), s.size());
  return key;
}

}  // namespace sip::cli
