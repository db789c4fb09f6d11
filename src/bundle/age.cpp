#include "bundle/age.h"

#include <sodium.h>

#include <algorithm>

#include "bundle/crypto.h"

namespace sip::bundle {
namespace {

constexpr std::string_view kVersionLine = "age-encryption.org/v1";
constexpr std::string_view kX25519Info = "age-encryption.org/v1/X25519";
constexpr std::string_view kRecipientHrp = "age";
constexpr std::string_view kIdentityHrp = "AGE-SECRET-KEY-";
constexpr size_t kFileKeySize = 16;
constexpr size_t kNonceSize = 16;
constexpr size_t kTagSize = crypto_aead_chacha20poly1305_ietf_ABYTES;   // 16
constexpr size_t kChunkCipherSize = kAgeChunkSize + kTagSize;
constexpr size_t kBodyLineColumns = 64;

// --- bech32 (BIP 173) ---

constexpr char kBech32Charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

uint32_t Bech32Polymod(const std::vector<uint8_t>& values) {
  static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    const uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) chk ^= kGen[i];
  }
  return chk;
}

std::vector<uint8_t> HrpExpand(std::string_view hrp) {
  std::vector<uint8_t> out;
  for (char c : hrp) out.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) >> 5));
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(c & 31));
  return out;
}

// Regroups bits; with pad=false the leftover must be fewer than `from` bits and zero (canonical).
std::optional<Bytes> ConvertBits(const Bytes& in, int from, int to, bool pad) {
  uint32_t acc = 0;
  int bits = 0;
  const uint32_t maxv = (1u << to) - 1;
  Bytes out;
  for (uint8_t v : in) {
    if (v >> from) return std::nullopt;
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push_back(static_cast<uint8_t>((acc >> bits) & maxv));
    }
  }
  if (pad) {
    if (bits) out.push_back(static_cast<uint8_t>((acc << (to - bits)) & maxv));
  } else if (bits >= from || ((acc << (to - bits)) & maxv)) {
    return std::nullopt;
  }
  return out;
}

// --- primitives ---

Bytes Hkdf(const uint8_t* ikm, size_t ikm_size, const uint8_t* salt, size_t salt_size, std::string_view info) {
  return HkdfSha256(ikm, ikm_size, salt, salt_size, info, 32);
}

void ChunkNonce(uint64_t counter, bool last, uint8_t nonce[12]) {
  std::fill(nonce, nonce + 12, 0);
  for (int i = 0; i < 8; ++i) nonce[10 - i] = static_cast<uint8_t>(counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
}

// The header MAC over header[0, size).
Sha256Digest HeaderMac(const uint8_t* file_key, const uint8_t* header, size_t size) {
  Bytes key = Hkdf(file_key, kFileKeySize, nullptr, 0, "header");
  Sha256Digest mac = HmacSha256(key.data(), key.size(), header, size);
  sodium_memzero(key.data(), key.size());
  return mac;
}

// Wipes a vector's contents before it goes away.
struct WipeOnExit {
  Bytes& b;
  ~WipeOnExit() { sodium_memzero(b.data(), b.size()); }
};

// --- header parsing ---

struct Stanza {
  std::vector<std::string_view> args;   // args[0] is the type
  Bytes body;
};

struct Header {
  std::vector<Stanza> stanzas;
  size_t mac_input_size = 0;   // bytes covered by the MAC: up to and including "---"
  Bytes mac;
  size_t payload_offset = 0;
};

bool IsVchar(char c) { return c >= 0x21 && c <= 0x7e; }
bool IsBase64StdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

Result<Header> ParseHeader(std::string_view file) {
  size_t pos = 0;
  // Next line without its '\n'; nullopt when the file (or the header size limit) ends first.
  bool too_long = false;
  auto next_line = [&]() -> std::optional<std::string_view> {
    const size_t nl = file.find('\n', pos);
    if (nl == std::string_view::npos || nl + 1 > kAgeMaxHeaderBytes) {
      too_long = nl != std::string_view::npos || file.size() > kAgeMaxHeaderBytes;
      return std::nullopt;
    }
    std::string_view line = file.substr(pos, nl - pos);
    pos = nl + 1;
    return line;
  };
  auto ended = [&]() -> Error {
    if (too_long) return Error{Errc::AgeTooLarge, "header too long"};
    return Error{Errc::AgeTruncated, "file ends inside the header"};
  };

  // Version line. Anything not starting with it is not an age v1 file.
  if (file.substr(0, kVersionLine.size() + 1) != std::string(kVersionLine) + "\n") {
    if (file.size() <= kVersionLine.size() && kVersionLine.substr(0, file.size()) == file && !file.empty())
      return Error{Errc::AgeTruncated, "file ends inside the version line"};
    if (file.substr(0, 34) == "-----BEGIN AGE ENCRYPTED FILE-----")
      return Error{Errc::AgeNotAgeFile, "ASCII armor is not supported"};
    if (file.substr(0, 19) == "age-encryption.org/") return Error{Errc::AgeNotAgeFile, "unsupported version"};
    return Error{Errc::AgeNotAgeFile, "no age v1 version line"};
  }
  pos = kVersionLine.size() + 1;

  Header h;
  for (;;) {
    const size_t line_start = pos;
    auto line = next_line();
    if (!line) return ended();
    if (line->substr(0, 4) == "--- ") {
      auto mac = Base64StdDecode(line->substr(4));
      if (line->size() != 4 + 43 || !mac || mac->size() != 32)
        return Error{Errc::AgeHeaderMalformed, "bad MAC line"};
      h.mac = std::move(*mac);
      h.mac_input_size = line_start + 3;
      h.payload_offset = pos;
      break;
    }
    if (line->substr(0, 3) != "-> ") return Error{Errc::AgeHeaderMalformed, "expected a stanza or the MAC line"};
    if (h.stanzas.size() == kAgeMaxStanzas) return Error{Errc::AgeHeaderMalformed, "too many stanzas"};
    Stanza s;
    std::string_view rest = line->substr(3);
    for (;;) {
      const size_t sp = rest.find(' ');
      std::string_view arg = rest.substr(0, sp);
      if (arg.empty() || !std::all_of(arg.begin(), arg.end(), IsVchar))
        return Error{Errc::AgeHeaderMalformed, "bad stanza argument"};
      s.args.push_back(arg);
      if (sp == std::string_view::npos) break;
      rest = rest.substr(sp + 1);
    }
    // Body: full 64-column lines, then one shorter (possibly empty) line.
    std::string body64;
    for (;;) {
      auto body_line = next_line();
      if (!body_line) return ended();
      if (body_line->size() > kBodyLineColumns ||
          !std::all_of(body_line->begin(), body_line->end(), IsBase64StdChar))
        return Error{Errc::AgeHeaderMalformed, "bad stanza body line"};
      body64 += *body_line;
      if (body_line->size() < kBodyLineColumns) break;
    }
    auto body = Base64StdDecode(body64);
    if (!body) return Error{Errc::AgeHeaderMalformed, "stanza body is not canonical base64"};
    s.body = std::move(*body);
    h.stanzas.push_back(std::move(s));
  }
  if (h.stanzas.empty()) return Error{Errc::AgeHeaderMalformed, "no recipient stanza"};
  return h;
}

// The file key from an X25519 stanza, if one of the identities opens it. Errors: age_header_malformed.
Result<std::optional<std::array<uint8_t, kFileKeySize>>> UnwrapX25519(const Stanza& s,
                                                                      const std::vector<X25519Identity>& ids,
                                                                      const std::vector<X25519Recipient>* recipients) {
  using FileKey = std::array<uint8_t, kFileKeySize>;
  if (s.args.size() != 2) return Error{Errc::AgeHeaderMalformed, "X25519 stanza needs one argument"};
  auto share = Base64StdDecode(s.args[1]);
  if (!share || share->size() != 32) return Error{Errc::AgeHeaderMalformed, "X25519 share is not 32 bytes"};
  if (s.body.size() != kFileKeySize + kTagSize) return Error{Errc::AgeHeaderMalformed, "X25519 body size"};
  const bool known = recipients && recipients->size() == ids.size();
  for (size_t i = 0; i < ids.size(); ++i) {
    const X25519Identity& id = ids[i];
    std::array<uint8_t, 32> shared{};
    if (crypto_scalarmult_curve25519(shared.data(), id.secret.data(), share->data()) != 0)
      return Error{Errc::AgeHeaderMalformed, "X25519 share is a low-order point"};
    const X25519Recipient me = known ? (*recipients)[i] : RecipientOf(id);
    uint8_t salt[64];
    std::copy(share->begin(), share->end(), salt);
    std::copy(me.begin(), me.end(), salt + 32);
    Bytes wrap = Hkdf(shared.data(), shared.size(), salt, sizeof salt, kX25519Info);
    sodium_memzero(shared.data(), shared.size());
    FileKey key{};
    const uint8_t zero_nonce[12] = {};
    const int rc = crypto_aead_chacha20poly1305_ietf_decrypt_detached(
        key.data(), nullptr, s.body.data(), kFileKeySize, s.body.data() + kFileKeySize, nullptr, 0, zero_nonce,
        wrap.data());
    sodium_memzero(wrap.data(), wrap.size());
    if (rc == 0) return std::optional<FileKey>(key);
  }
  return std::optional<FileKey>();
}

void AppendBody(std::string& out, const uint8_t* data, size_t size) {
  const std::string b64 = Base64StdEncode(data, size);
  size_t i = 0;
  for (; i + kBodyLineColumns <= b64.size(); i += kBodyLineColumns) {
    out.append(b64, i, kBodyLineColumns);
    out += '\n';
  }
  out.append(b64, i, std::string::npos);   // the last line is shorter than 64 columns, possibly empty
  out += '\n';
}

}  // namespace

// --- keys ---

X25519Identity::~X25519Identity() { sodium_memzero(secret.data(), secret.size()); }

X25519Identity X25519Generate() {
  X25519Identity id;
  randombytes_buf(id.secret.data(), id.secret.size());
  return id;
}

X25519Recipient RecipientOf(const X25519Identity& identity) {
  X25519Recipient r{};
  crypto_scalarmult_curve25519_base(r.data(), identity.secret.data());
  return r;
}

std::string EncodeRecipient(const X25519Recipient& recipient) {
  return Bech32Encode(kRecipientHrp, Bytes(recipient.begin(), recipient.end()));
}

Result<X25519Recipient> ParseRecipient(std::string_view text) {
  auto d = Bech32Decode(text);
  if (!d || d->first != kRecipientHrp || d->second.size() != 32)
    return Error{Errc::AgeBadRecipient, "not an age1… X25519 recipient"};
  X25519Recipient r{};
  std::copy(d->second.begin(), d->second.end(), r.begin());
  return r;
}

std::string EncodeIdentity(const X25519Identity& identity) {
  Bytes secret(identity.secret.begin(), identity.secret.end());
  std::string s = Bech32Encode("age-secret-key-", secret);
  sodium_memzero(secret.data(), secret.size());
  std::transform(s.begin(), s.end(), s.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
  return s;
}

Result<X25519Identity> ParseIdentity(std::string_view text) {
  auto d = Bech32Decode(text);
  if (!d || d->first != kIdentityHrp || d->second.size() != 32) {
    if (d) sodium_memzero(d->second.data(), d->second.size());
    return Error{Errc::AgeBadIdentity, "not an AGE-SECRET-KEY-1… identity"};
  }
  X25519Identity id;
  std::copy(d->second.begin(), d->second.end(), id.secret.begin());
  sodium_memzero(d->second.data(), d->second.size());
  return id;
}

// --- encryption ---

Result<Bytes> AgeEncrypt(const uint8_t* plaintext, size_t size, const std::vector<X25519Recipient>& recipients,
                         const RandomSource& random) {
  if (recipients.empty() || recipients.size() > kAgeMaxRecipients)
    return Error{Errc::InvalidArgument, "recipients"};
  auto fill = [&](uint8_t* out, size_t n) {
    if (random) random(out, n);
    else randombytes_buf(out, n);
  };

  std::array<uint8_t, kFileKeySize> file_key{};
  fill(file_key.data(), file_key.size());
  struct Wipe16 {
    std::array<uint8_t, kFileKeySize>& k;
    ~Wipe16() { sodium_memzero(k.data(), k.size()); }
  } wipe_file_key{file_key};

  std::string header(kVersionLine);
  header += '\n';
  for (const X25519Recipient& r : recipients) {
    std::array<uint8_t, 32> eph{}, share{}, shared{};
    fill(eph.data(), eph.size());
    crypto_scalarmult_curve25519_base(share.data(), eph.data());
    const int rc = crypto_scalarmult_curve25519(shared.data(), eph.data(), r.data());
    sodium_memzero(eph.data(), eph.size());
    if (rc != 0) return Error{Errc::AgeBadRecipient, "low-order recipient"};
    uint8_t salt[64];
    std::copy(share.begin(), share.end(), salt);
    std::copy(r.begin(), r.end(), salt + 32);
    Bytes wrap = Hkdf(shared.data(), shared.size(), salt, sizeof salt, kX25519Info);
    sodium_memzero(shared.data(), shared.size());
    uint8_t body[kFileKeySize + kTagSize];
    const uint8_t zero_nonce[12] = {};
    crypto_aead_chacha20poly1305_ietf_encrypt_detached(body, body + kFileKeySize, nullptr, file_key.data(),
                                                       kFileKeySize, nullptr, 0, nullptr, zero_nonce, wrap.data());
    sodium_memzero(wrap.data(), wrap.size());
    header += "-> X25519 " + Base64StdEncode(share.data(), share.size()) + "\n";
    AppendBody(header, body, sizeof body);
  }
  header += "---";
  const Sha256Digest mac =
      HeaderMac(file_key.data(), reinterpret_cast<const uint8_t*>(header.data()), header.size());
  header += ' ' + Base64StdEncode(mac.data(), mac.size()) + '\n';

  uint8_t nonce[kNonceSize];
  fill(nonce, sizeof nonce);
  Bytes payload_key = Hkdf(file_key.data(), file_key.size(), nonce, sizeof nonce, "payload");
  WipeOnExit wipe_payload_key{payload_key};

  const size_t chunks = size == 0 ? 1 : (size + kAgeChunkSize - 1) / kAgeChunkSize;
  Bytes out;
  out.reserve(header.size() + kNonceSize + size + chunks * kTagSize);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), nonce, nonce + kNonceSize);
  for (size_t i = 0; i < chunks; ++i) {
    const size_t off = i * kAgeChunkSize;
    const size_t n = std::min(kAgeChunkSize, size - off);
    uint8_t chunk_nonce[12];
    ChunkNonce(i, i + 1 == chunks, chunk_nonce);
    const size_t at = out.size();
    out.resize(at + n + kTagSize);
    crypto_aead_chacha20poly1305_ietf_encrypt_detached(out.data() + at, out.data() + at + n, nullptr,
                                                       plaintext + off, n, nullptr, 0, nullptr, chunk_nonce,
                                                       payload_key.data());
  }
  return out;
}

// --- decryption ---

Result<Bytes> AgeDecrypt(const uint8_t* file, size_t size, const std::vector<X25519Identity>& identities,
                         size_t max_plaintext, const std::vector<X25519Recipient>* recipients) {
  // Cheap bound first: even a file of only full chunks cannot hold more plaintext than its length.
  const size_t slack = kAgeMaxHeaderBytes + kNonceSize + (max_plaintext / kAgeChunkSize + 1) * kTagSize;
  if (size > slack && size - slack > max_plaintext)
    return Error{Errc::AgeTooLarge, "file larger than the cap allows"};

  const std::string_view text(reinterpret_cast<const char*>(file), size);
  auto header = ParseHeader(text);
  if (!header) return header.error();

  // Payload layout, and the exact plaintext size, before anything is decrypted.
  const size_t payload_size = size - header->payload_offset;
  if (payload_size < kNonceSize) return Error{Errc::AgeTruncated, "file ends before the payload nonce"};
  const uint8_t* nonce = file + header->payload_offset;
  const uint8_t* cipher = nonce + kNonceSize;
  const size_t cipher_size = payload_size - kNonceSize;
  if (cipher_size == 0) return Error{Errc::AgeTruncated, "no payload chunk"};
  const size_t chunks = (cipher_size + kChunkCipherSize - 1) / kChunkCipherSize;
  const size_t last_size = cipher_size - (chunks - 1) * kChunkCipherSize;
  const size_t plaintext_size = cipher_size - (chunks - 1) * kTagSize - std::min(last_size, kTagSize);
  if (plaintext_size > max_plaintext) return Error{Errc::AgeTooLarge, "plaintext larger than the cap"};

  // File key: the first X25519 stanza an identity opens. Other stanza types are skipped.
  std::optional<std::array<uint8_t, kFileKeySize>> file_key;
  for (const Stanza& s : header->stanzas) {
    if (s.args[0] != "X25519") continue;
    auto key = UnwrapX25519(s, identities, recipients);
    if (!key) return key.error();
    if (*key) {
      file_key = **key;
      break;
    }
  }
  if (!file_key) return Error{Errc::AgeWrongRecipient, "no stanza opens with this key"};
  struct WipeKey {
    std::array<uint8_t, kFileKeySize>& k;
    ~WipeKey() { sodium_memzero(k.data(), k.size()); }
  } wipe_file_key{*file_key};

  const Sha256Digest mac = HeaderMac(file_key->data(), file, header->mac_input_size);
  if (!ConstantTimeEqual(mac.data(), header->mac.data(), mac.size()))
    return Error{Errc::AgeHeaderMac, "header MAC mismatch"};

  Bytes payload_key = Hkdf(file_key->data(), file_key->size(), nonce, kNonceSize, "payload");
  WipeOnExit wipe_payload_key{payload_key};
  Bytes out(plaintext_size);
  bool done = false;
  auto fail = [&](Errc code, const char* detail) -> Error {
    sodium_memzero(out.data(), out.size());
    return Error{code, detail};
  };
  auto open = [&](size_t i, const uint8_t* c, size_t n, bool last) {
    uint8_t chunk_nonce[12];
    ChunkNonce(i, last, chunk_nonce);
    return crypto_aead_chacha20poly1305_ietf_decrypt_detached(out.data() + i * kAgeChunkSize, nullptr, c,
                                                              n - kTagSize, c + n - kTagSize, nullptr, 0,
                                                              chunk_nonce, payload_key.data()) == 0;
  };
  size_t written = 0;
  for (size_t i = 0; i < chunks && !done; ++i) {
    const uint8_t* c = cipher + i * kChunkCipherSize;
    const bool last_piece = i + 1 == chunks;
    const size_t n = last_piece ? last_size : kChunkCipherSize;
    if (n < kTagSize) return fail(Errc::AgeTruncated, "last chunk shorter than its tag");
    if (written + (n - kTagSize) > max_plaintext) return fail(Errc::AgeTooLarge, "plaintext over the cap");
    if (!last_piece) {
      if (open(i, c, n, false)) {
        written += n - kTagSize;
        continue;
      }
      if (open(i, c, n, true)) return fail(Errc::AgeTrailingData, "data after the final chunk");
      return fail(Errc::AgeChunkAuth, "chunk fails authentication");
    }
    if (open(i, c, n, true)) {
      if (n == kTagSize && i > 0) return fail(Errc::AgeEmptyChunk, "empty final chunk after others");
      written += n - kTagSize;
      done = true;
      continue;
    }
    if (n == kChunkCipherSize && open(i, c, n, false))
      return fail(Errc::AgeTruncated, "the final chunk is missing");
    return fail(Errc::AgeChunkAuth, "chunk fails authentication");
  }
  return out;
}

// --- bech32 ---

std::string Bech32Encode(std::string_view hrp, const Bytes& data) {
  Bytes five = *ConvertBits(data, 8, 5, true);
  std::vector<uint8_t> values = HrpExpand(hrp);
  values.insert(values.end(), five.begin(), five.end());
  values.insert(values.end(), 6, 0);
  const uint32_t mod = Bech32Polymod(values) ^ 1;
  std::string out(hrp);
  out += '1';
  for (uint8_t v : five) out += kBech32Charset[v];
  for (int i = 0; i < 6; ++i) out += kBech32Charset[(mod >> (5 * (5 - i))) & 31];
  sodium_memzero(five.data(), five.size());
  sodium_memzero(values.data(), values.size());
  return out;
}

std::optional<std::pair<std::string, Bytes>> Bech32Decode(std::string_view text) {
  if (text.size() > 200) return std::nullopt;
  bool lower = false, upper = false;
  for (char c : text) {
    if (c < 33 || c > 126) return std::nullopt;
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  if (lower && upper) return std::nullopt;
  const size_t sep = text.rfind('1');
  if (sep == std::string_view::npos || sep == 0 || sep + 7 > text.size()) return std::nullopt;
  std::string hrp(text.substr(0, sep));
  std::string hrp_lower = hrp;
  std::transform(hrp_lower.begin(), hrp_lower.end(), hrp_lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  std::vector<uint8_t> values = HrpExpand(hrp_lower);
  Bytes five;
  for (char c : text.substr(sep + 1)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    const char* p = std::find(kBech32Charset, kBech32Charset + 32, c);
    if (p == kBech32Charset + 32) return std::nullopt;
    five.push_back(static_cast<uint8_t>(p - kBech32Charset));
  }
  values.insert(values.end(), five.begin(), five.end());
  const bool ok = Bech32Polymod(values) == 1;
  sodium_memzero(values.data(), values.size());
  if (!ok) return std::nullopt;
  five.resize(five.size() - 6);
  auto data = ConvertBits(five, 5, 8, false);
  sodium_memzero(five.data(), five.size());
  if (!data) return std::nullopt;
  return std::make_pair(std::move(hrp), std::move(*data));
}

}  // namespace sip::bundle
