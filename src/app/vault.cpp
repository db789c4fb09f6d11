#include "app/vault.h"

#include <sodium.h>

#include <cstring>
#include <utility>

namespace sip::app {

Result<std::pair<std::unique_ptr<Vault>, Vault::NewFiles>> Vault::Create(std::string_view passphrase,
                                                                         std::string vfs_name, CreateParams params) {
  auto created = bundle::CreateDbKey(passphrase, params.kdf);
  if (!created) return created.error();
  std::vector<uint8_t> image = std::move(params.image);
  std::unique_ptr<Vault> v(new Vault());
  v->key_ = std::move(created->key);
  v->key_file_ = std::move(created->file);
  if (params.device_seed) {
    bundle::WrapDeviceSeed(v->key_file_, v->key_, *params.device_seed);
    sodium_memzero(params.device_seed->data(), params.device_seed->size());
  } else {
    const bundle::Ed25519KeyPair device = bundle::Ed25519Generate();
    bundle::WrapDeviceSeed(v->key_file_, v->key_, device.seed);
  }
  v->cipher_.emplace(v->key_.bytes());
  store::OpenedDatabase opened;
  auto base = store::SealedBase::SealImage(*v->cipher_, image, 1, &opened.base, params.min_capacity);
  if (!base) return base.error();
  opened.replay.image = std::move(image);
  opened.next_seq = 1;
  NewFiles files{bundle::SerializeKeyFile(v->key_file_), std::move(*base)};
  SIP_TRY(v->Start(std::move(vfs_name), std::move(opened)));
  return std::make_pair(std::move(v), std::move(files));
}

Result<std::unique_ptr<Vault>> Vault::Unlock(const Files& files, std::string_view passphrase, std::string vfs_name) {
  auto file = bundle::ParseKeyFile(files.key_file);
  if (!file) return file.error();
  auto key = bundle::UnlockDbKey(*file, passphrase);
  if (!key) return key.error();
  std::unique_ptr<Vault> v(new Vault());
  v->key_ = std::move(*key);
  v->key_file_ = std::move(*file);
  v->cipher_.emplace(v->key_.bytes());
  auto opened = store::OpenSealedDatabase(*v->cipher_, files.base, files.log);
  if (!opened) return opened.error();
  SIP_TRY(v->Start(std::move(vfs_name), std::move(*opened)));
  return v;
}

Result<void> Vault::Start(std::string vfs_name, store::OpenedDatabase opened) {
  base_ = std::move(opened.base);
  auto pl = store::PageLog::Create(std::move(vfs_name), std::move(opened.replay.image), opened.next_seq,
                                   std::move(opened.replay.touched));
  if (!pl) return pl.error();
  log_ = std::move(*pl);
  log_->SetSink([this](std::vector<uint8_t> record, uint64_t seq) {
    if (!cipher_) return;   // locked: nothing leaves in plaintext, and nothing more is sealed
    std::vector<uint8_t> sealed = cipher_->SealRecord(base_.file_id(), seq, record);
    sodium_memzero(record.data(), record.size());
    if (sink_) sink_(std::move(sealed), seq);
  });
  auto device = bundle::UnwrapDeviceKey(key_file_, key_);
  if (device) device_key_ = std::move(*device);
  else if (device.error().code != Errc::NotFound) return device.error();
  return {};
}

Vault::~Vault() {
  (void)Lock();
  log_.reset();
}

Result<void> Vault::Lock() {
  locked_ = true;
  key_.Wipe();
  cipher_.reset();
  device_key_.reset();
  if (log_) return log_->WipeImage();
  return {};
}

store::OpenOptions Vault::options() const { return {.create = true, .read_only = false, .vfs = log_->vfs_name()}; }

Result<store::Checkpoint> Vault::SealCheckpoint() {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  auto cp = log_->TakeCheckpoint();
  if (!cp) return cp.error();
  auto sealed = base_.SealCheckpoint(*cipher_, *cp, log_->image(), log_->next_seq());
  sodium_memzero(cp->data.data(), cp->data.size());
  return sealed;
}

Result<std::vector<uint8_t>> Vault::SealCopy(const std::vector<uint8_t>& image) const {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  return store::SealedBase::SealImage(*cipher_, image, 1);
}

Result<std::vector<uint8_t>> Vault::OpenCopy(const std::vector<uint8_t>& sealed) const {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  auto opened = store::OpenSealedDatabase(*cipher_, sealed, {});
  if (!opened) return opened.error();
  return std::move(opened->replay.image);
}

namespace {
std::vector<uint8_t> NoteAd(std::string_view purpose) {
  constexpr std::string_view kTag = "sipfield-note-v1";
  std::vector<uint8_t> ad(kTag.size() + purpose.size());
  std::memcpy(ad.data(), kTag.data(), kTag.size());
  if (!purpose.empty()) std::memcpy(ad.data() + kTag.size(), purpose.data(), purpose.size());
  return ad;
}
}  // namespace

Result<std::vector<uint8_t>> Vault::SealNote(std::string_view purpose, const std::vector<uint8_t>& plain) const {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  const std::vector<uint8_t> ad = NoteAd(purpose);
  std::vector<uint8_t> out(store::kSealNonce + plain.size() + store::kSealTag);
  cipher_->FreshNonce(out.data());
  cipher_->Seal(out.data(), plain.data(), plain.size(), ad.data(), ad.size(), out.data() + store::kSealNonce,
                out.data() + store::kSealNonce + plain.size());
  return out;
}

Result<std::vector<uint8_t>> Vault::OpenNote(std::string_view purpose, const std::vector<uint8_t>& sealed) const {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  if (sealed.size() < store::kSealNonce + store::kSealTag) return Error{Errc::DbPageAuth, "note too short"};
  const std::vector<uint8_t> ad = NoteAd(purpose);
  const size_t n = sealed.size() - store::kSealNonce - store::kSealTag;
  std::vector<uint8_t> plain(n);
  if (!cipher_->Open(sealed.data(), sealed.data() + store::kSealNonce, n, sealed.data() + store::kSealNonce + n,
                     ad.data(), ad.size(), plain.data()))
    return Error{Errc::DbPageAuth, "note does not authenticate"};
  return plain;
}

Result<std::string> Vault::ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase,
                                            bundle::KdfParams params) {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  auto changed = bundle::ChangePassphrase(key_file_, old_passphrase, new_passphrase, params);
  if (!changed) return changed.error();
  key_file_ = std::move(*changed);
  return bundle::SerializeKeyFile(key_file_);
}

Result<std::string> Vault::SetRecoveryRecipient(std::string_view recipient) {
  if (locked_) return Error{Errc::NotReady, "the vault is locked"};
  SIP_TRY(bundle::SetRecoveryRecipient(key_file_, key_, recipient));
  return bundle::SerializeKeyFile(key_file_);
}

}  // namespace sip::app
