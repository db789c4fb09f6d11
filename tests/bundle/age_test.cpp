#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/jws.h"
#include "bundle_test_support.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::bundle::testing;

namespace {

constexpr size_t kCap = 1u << 20;

X25519Identity Id(std::string_view text) {
  auto id = ParseIdentity(text);
  REQUIRE(id.ok());
  return *id;
}

Errc DecryptCode(const Bytes& file, const X25519Identity& id, size_t cap = kCap) {
  auto r = AgeDecrypt(file, id, cap);
  return r.ok() ? Errc::Ok : r.error().code;
}

// --- a test-side age writer, so that files the encoder never makes can be built from a known file key ---

// The header text before "---" of a file.
std::string HeaderStanzas(const Bytes& file) {
  const std::string text = ToString(file);
  const size_t at = text.find("\n--- ");
  REQUIRE(at != std::string::npos);
  return text.substr(0, at + 1);
}

struct Chunk {
  Bytes plaintext;
  bool final = false;
  uint64_t counter = UINT64_MAX;   // default: its position
};

ChaChaNonce StreamNonce(uint64_t counter, bool final) {
  ChaChaNonce n{};
  for (int i = 0; i < 8; ++i) n[10 - i] = static_cast<uint8_t>(counter >> (8 * i));
  n[11] = final ? 1 : 0;
  return n;
}

std::string MacLine(const std::string& stanzas, const Bytes& file_key) {
  const Bytes key = HkdfSha256(file_key.data(), file_key.size(), nullptr, 0, "header", 32);
  const std::string covered = stanzas + "---";
  const Sha256Digest mac =
      HmacSha256(key.data(), key.size(), reinterpret_cast<const uint8_t*>(covered.data()), covered.size());
  return "--- " + Base64StdEncode(mac.data(), mac.size()) + "\n";
}

Bytes Build(const std::string& stanzas, const Bytes& file_key, const std::vector<Chunk>& chunks,
            const Bytes& nonce = Bytes(16, 0x5a)) {
  Bytes out = ToBytes(stanzas + MacLine(stanzas, file_key));
  out.insert(out.end(), nonce.begin(), nonce.end());
  const Bytes pk = HkdfSha256(file_key.data(), file_key.size(), nonce.data(), nonce.size(), "payload", 32);
  ChaChaKey key{};
  std::copy(pk.begin(), pk.end(), key.begin());
  for (size_t i = 0; i < chunks.size(); ++i) {
    const uint64_t counter = chunks[i].counter == UINT64_MAX ? i : chunks[i].counter;
    const Bytes c = ChaCha20Poly1305Seal(key, StreamNonce(counter, chunks[i].final), chunks[i].plaintext.data(),
                                         chunks[i].plaintext.size());
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

// A file made by AgeEncrypt with a known file key: {stanzas, file key}.
struct KnownKey {
  std::string stanzas;
  Bytes file_key;
};
KnownKey MakeKnownKey(const X25519Recipient& to, const std::string& label = "known-key") {
  DeterministicRandom r(label);
  auto file = AgeEncrypt(ToBytes("x"), {to}, r.Source());
  REQUIRE(file.ok());
  DeterministicRandom again(label);
  return {HeaderStanzas(*file), again.Take(16)};
}

// Files produced by Debian's age 1.1.1 (`age -r … -o f.age pt.txt`), with the identities from age-keygen.
constexpr const char* kAgeKey1 = "AGE-SECRET-KEY-1K8KQ5JTQ04055UDJS4LZFP0PHEST83FKDRXEHX3VQY400DA4V3FSQCTK2Y";
constexpr const char* kAgeRecipient1 = "age1q4wcy3mgvuy37plwjgz7f50th44pry8zlznq9udyhalnlkcca4jsxljm5p";
constexpr const char* kAgeKey2 = "AGE-SECRET-KEY-169DP9G469QWAQ66R5WEV4K8F03ZHNMJXFEGWTFTJX78FCMZ442WS2YG23D";
constexpr const char* kAgeRecipient2 = "age1lcs6wd62xcuw53w4v2c2chackk9y0d32fqt6u8kg94fa7d6lruqs7vwh97";
constexpr const char* kAgePlaintext = "SIP Field: known answer from age 1.1.1\n";
constexpr const char* kAgeFileOne =   // to recipient 1
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSAyRm82bkljaDFWYUwzaklrN1ZSK056N2ZkTG9HMGdvc0RFeDA0djVPLzNRClJ1Rm"
    "NLNnM1ODgvOXRrbis1YThYWm5lUVE3azRtL3doWFdUd2FXL1FoR3MKLS0tIGdTckcxQmFHSnpLUUh0bkgzVk4rbFF6Zm9ZSVhmTXNLOVZ3"
    "ZjE4Uk5aYTQKgtk9cDYn2lYzPGsS2osY1Sgj9jCuifK4ut9S64onYGjD7AbbdipJ4614+SjKnVTxGBPbWLKH3eMZ2OlTLrV4qrY5A6GdCa"
    "Q=";
constexpr const char* kAgeFileTwo =   // to recipients 1 and 2
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBXeW1sYXdrR0FkbGRpR1Nac0JKMVVsMm5XQnlaTC92RlhjcDNkdFFNdENRCmlEan"
    "BSOVd5OHlUbFdCMExhMVpZeElRbUVEdWVtQ3dSMGc4Um9zVU8zUnMKLT4gWDI1NTE5IE85ck41bU1Jd2Z3Rlh5UXM4eDhWQWhzM1VseFZH"
    "SVFVU3k0UlVlUUl6dzQKdk1ZZmc3TGZDQjUrTW5iOC9mejB2dWFISlk1TmhCOWhFSmJQUitrV2Q5cwotLS0gVDdKbXIxekdDVXNZczdFQk"
    "1jQUJRMUVRL3RqcDVzRzk0NTFHQUl5OGxLWQrBP9HS52lriq6mHj7pGO60s4r5o+VxX/9tLz9vwuXG64YwkOZ9KUUPAtEzk73cDPxiTOaT"
    "KOsisudrAabyh4DSUfaxqaxxyg==";
constexpr const char* kAgeFileEmpty =   // empty plaintext, to recipient 1
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBlVko4VUVVM01TNTlhMVdYWEE0MlZPOWc4UjFzWkI0bHFOenR4eGxIUnhJCkJXa1"
    "lLV3dXaXp0ZDcwUm01OTZhUFZWTnFNVGsxVzRYaStUR3dtdWtQdE0KLS0tIEdibEhvVGdhbU5jVndVUnBldmhJS083MFk2VEs3Z29iUVB5"
    "WlQzakdOVHMKGaas47FVcgpbC04PNswHJbzzbzLVFp8YVAVRxiFkyfI=";

// Padded standard base64 (as `base64` prints it), for the embedded files only.
Bytes FromPaddedBase64(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  auto b = Base64StdDecode(s);
  REQUIRE(b.has_value());
  return *b;
}

}  // namespace

// --- keys -------------------------------------------------------------------------------------------------

TEST_CASE("bech32: BIP 173 valid test vectors decode and re-encode") {
  const char* valid[] = {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl",
  };
  for (const char* v : valid) {
    CAPTURE(v);
    auto d = Bech32Decode(v);
    REQUIRE(d.has_value());
    std::string lower = v;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    std::string hrp = d->first;
    for (char& c : hrp) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    CHECK(Bech32Encode(hrp, d->second) == lower);
  }
}

TEST_CASE("bech32: BIP 173 invalid test vectors are refused") {
  const std::string invalid[] = {
      std::string("\x20") + "1nwldj5",   // HRP character out of range
      std::string("\x7f") + "1axkwrx",
      std::string("\x80") + "1eym55h",
      "pzry9x0s0muk",                    // no separator
      "1pzry9x0s0muk",                   // empty HRP
      "x1b4n0q5v",                       // invalid data character
      "li1dgmt3",                        // too short checksum
      std::string("de1lg7wt") + "\xff",  // invalid character in checksum
      "A1G7SGD8",                        // checksum calculated with upper-case HRP
      "10a06t8",                         // empty HRP
      "1qzzfhee",                        // empty HRP
      "A12uEL5L",                        // mixed case
      "a12uel5m",                        // wrong checksum
  };
  for (const std::string& v : invalid) {
    CAPTURE(v);
    CHECK_FALSE(Bech32Decode(v).has_value());
  }
  CHECK_FALSE(Bech32Decode("a1" + std::string(200, 'q')).has_value());   // over our length cap
}

TEST_CASE("age keys: the spec's example identity and the CCTV test identity give the recipients age-keygen -y prints") {
  REQUIRE(InitCrypto());
  // Identity from the age v1 specification; recipient checked with `age-keygen -y`.
  const X25519Identity spec = Id("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");
  CHECK(spec.secret == std::array<uint8_t, 32>{0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
                                                0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
                                                0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42});
  CHECK(EncodeRecipient(RecipientOf(spec)) == "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj");
  CHECK(EncodeIdentity(spec) == "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");
  // The identity of C2SP's CCTV age test vectors.
  const X25519Identity cctv = Id("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0");
  CHECK(EncodeRecipient(RecipientOf(cctv)) == "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef");
  // Keys made by age-keygen.
  CHECK(EncodeRecipient(RecipientOf(Id(kAgeKey1))) == kAgeRecipient1);
  CHECK(EncodeRecipient(RecipientOf(Id(kAgeKey2))) == kAgeRecipient2);
  auto r = ParseRecipient(kAgeRecipient1);
  REQUIRE(r.ok());
  CHECK(*r == RecipientOf(Id(kAgeKey1)));
}

TEST_CASE("age keys: generated keys round-trip through their text forms") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const std::string it = EncodeIdentity(id), rt = EncodeRecipient(RecipientOf(id));
  CHECK(it.size() == 74);
  CHECK(it.rfind("AGE-SECRET-KEY-1", 0) == 0);
  CHECK(rt.size() == 62);
  CHECK(rt.rfind("age1", 0) == 0);
  CHECK(Id(it).secret == id.secret);
  CHECK(*ParseRecipient(rt) == RecipientOf(id));
  CHECK(X25519Generate().secret != id.secret);
}

TEST_CASE("age keys: malformed recipients and identities have their own codes") {
  REQUIRE(InitCrypto());
  const std::string rec = kAgeRecipient1, key = kAgeKey1;
  std::string upper_rec = rec, lower_key = key;
  for (char& c : upper_rec) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  for (char& c : lower_key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  std::string bad_sum = rec;
  bad_sum.back() = bad_sum.back() == 'q' ? 'p' : 'q';
  for (const std::string& r : {std::string(""), upper_rec, bad_sum, rec.substr(0, 61), rec + "q", key, " " + rec,
                               std::string("age1qqqqqqqq")}) {
    CAPTURE(r);
    auto p = ParseRecipient(r);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == Errc::AgeBadRecipient);
  }
  // A recipient with 31 bytes of data under the right HRP.
  CHECK(ParseRecipient(Bech32Encode("age", Bytes(31, 1))).error().code == Errc::AgeBadRecipient);
  for (const std::string& k : {std::string(""), lower_key, rec, key.substr(0, 73), key + "\n"}) {
    CAPTURE(k);
    auto p = ParseIdentity(k);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == Errc::AgeBadIdentity);
  }
}

// --- known answers ----------------------------------------------------------------------------------------

TEST_CASE("files encrypted by age 1.1.1 decrypt (one recipient, two recipients, empty)") {
  REQUIRE(InitCrypto());
  auto one = AgeDecrypt(FromPaddedBase64(kAgeFileOne), Id(kAgeKey1), kCap);
  REQUIRE(one.ok());
  CHECK(ToString(*one) == kAgePlaintext);
  for (const char* k : {kAgeKey1, kAgeKey2}) {
    auto two = AgeDecrypt(FromPaddedBase64(kAgeFileTwo), Id(k), kCap);
    REQUIRE(two.ok());
    CHECK(ToString(*two) == kAgePlaintext);
  }
  auto empty = AgeDecrypt(FromPaddedBase64(kAgeFileEmpty), Id(kAgeKey1), kCap);
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  CHECK(DecryptCode(FromPaddedBase64(kAgeFileOne), Id(kAgeKey2)) == Errc::AgeWrongRecipient);
}

TEST_CASE("deterministic randomness gives byte-identical files; the layout is age's") {
  REQUIRE(InitCrypto());
  const X25519Identity office = Id(kAgeKey1);
  DeterministicRandom a("det"), b("det");
  auto f1 = AgeEncrypt(ToBytes(kAgePlaintext), {RecipientOf(office)}, a.Source());
  auto f2 = AgeEncrypt(ToBytes(kAgePlaintext), {RecipientOf(office)}, b.Source());
  REQUIRE(f1.ok());
  REQUIRE(f2.ok());
  CHECK(*f1 == *f2);
  // Pinned: this exact file is also handed to `age -d` by the interop suite.
  const Sha256Digest d = Sha256(f1->data(), f1->size());
  CHECK(HexEncode(d.data(), d.size()) == "88b2c195bb9450f03fec3b4720aa01855f8358b9a7aaab07fdfb6ee36dc3101a");
  const std::string text = ToString(*f1);
  const std::string header = text.substr(0, text.find("\n--- ") + 1);
  CHECK(header.rfind("age-encryption.org/v1\n-> X25519 ", 0) == 0);
  CHECK(std::count(header.begin(), header.end(), '\n') == 3);
  const size_t mac_line = text.find("\n--- ") + 1;
  CHECK(text.find('\n', mac_line) == mac_line + 4 + 43);
  CHECK(f1->size() == mac_line + 48 + 16 + std::string(kAgePlaintext).size() + 16);
  // The ephemeral share is the second 32 bytes of the stream: X25519 of it with the base point.
  DeterministicRandom c("det");
  c.Take(16);
  X25519Identity eph;
  const Bytes e = c.Take(32);
  std::copy(e.begin(), e.end(), eph.secret.begin());
  const X25519Recipient share = RecipientOf(eph);
  CHECK(header.find("-> X25519 " + Base64StdEncode(share.data(), 32) + "\n") != std::string::npos);
}

TEST_CASE("round trips at chunk boundaries, to one and two recipients") {
  REQUIRE(InitCrypto());
  const X25519Identity a = X25519Generate(), b = X25519Generate(), stranger = X25519Generate();
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, kAgeChunkSize - 1, kAgeChunkSize, kAgeChunkSize + 1,
                   2 * kAgeChunkSize, 3 * kAgeChunkSize + 17}) {
    CAPTURE(n);
    const Bytes pt = PatternBytes(n);
    auto one = AgeEncrypt(pt, {RecipientOf(a)});
    REQUIRE(one.ok());
    auto back = AgeDecrypt(*one, a, kCap);
    REQUIRE(back.ok());
    CHECK(*back == pt);
    auto two = AgeEncrypt(pt, {RecipientOf(a), RecipientOf(b)});
    REQUIRE(two.ok());
    CHECK(*AgeDecrypt(*two, a, kCap) == pt);
    CHECK(*AgeDecrypt(*two, b, kCap) == pt);
    CHECK(DecryptCode(*two, stranger) == Errc::AgeWrongRecipient);
    // Several identities: the right one need not be first.
    auto any = AgeDecrypt(two->data(), two->size(), {stranger, b}, kCap);
    REQUIRE(any.ok());
    CHECK(*any == pt);
    // With the identities' public keys given (an importer computes them once): the same result; keys that are
    // not the identities' own open nothing (they are bound into the wrapping key's derivation).
    const std::vector<X25519Recipient> pubs{RecipientOf(stranger), RecipientOf(b)};
    auto cached = AgeDecrypt(two->data(), two->size(), {stranger, b}, kCap, &pubs);
    REQUIRE(cached.ok());
    CHECK(*cached == pt);
    const std::vector<X25519Recipient> wrong{RecipientOf(b), RecipientOf(stranger)};
    auto mismatched = AgeDecrypt(two->data(), two->size(), {stranger, b}, kCap, &wrong);
    REQUIRE_FALSE(mismatched.ok());
    CHECK(mismatched.error().code == Errc::AgeWrongRecipient);
    const size_t chunks = n == 0 ? 1 : (n + kAgeChunkSize - 1) / kAgeChunkSize;
    const size_t header = ToString(*one).find("\n--- ") + 1 + 4 + 43 + 1;
    CHECK(one->size() == header + 16 + n + 16 * chunks);
  }
}

TEST_CASE("AgeEncrypt refuses no recipients, too many, and a low-order recipient") {
  REQUIRE(InitCrypto());
  const X25519Recipient r = RecipientOf(X25519Generate());
  CHECK(AgeEncrypt(ToBytes("x"), {}).error().code == Errc::InvalidArgument);
  CHECK(AgeEncrypt(ToBytes("x"), {r, r, r}).error().code == Errc::InvalidArgument);
  CHECK(AgeEncrypt(ToBytes("x"), {r, X25519Recipient{}}).error().code == Errc::AgeBadRecipient);
  CHECK(AgeEncrypt(ToBytes("x"), {r, r}).ok());
}

// --- rejections -------------------------------------------------------------------------------------------

TEST_CASE("age_not_age_file: other formats, versions and the armor") {
  REQUIRE(InitCrypto());
  const X25519Identity id = Id(kAgeKey1);
  for (std::string s : {std::string(""), std::string("hello"), std::string("age-encryption.org/v2\n-> X25519 a\n"),
                        std::string("age-encryption.org/v1\r\n"), std::string("age-encryption.org/v1 \n"),
                        std::string("\nage-encryption.org/v1\n"), std::string("AGE-ENCRYPTION.ORG/V1\n"),
                        std::string("-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n"
                                    "-----END AGE ENCRYPTED FILE-----\n")}) {
    CAPTURE(s);
    CHECK(DecryptCode(ToBytes(s), id) == Errc::AgeNotAgeFile);
  }
}

TEST_CASE("age_truncated: every cut inside the header, before the nonce, before the final chunk") {
  REQUIRE(InitCrypto());
  const X25519Identity id = Id(kAgeKey1);
  const Bytes file = FromPaddedBase64(kAgeFileOne);
  const size_t payload = ToString(file).find("\n--- ") + 1 + 48;
  for (size_t n = 1; n <= payload + 16 + 15; ++n) {
    CAPTURE(n);
    CHECK(DecryptCode(Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n)), id) ==
          Errc::AgeTruncated);
  }
  // Cut inside the chunk after its tag could be there: indistinguishable from an altered chunk.
  CHECK(DecryptCode(Bytes(file.begin(), file.end() - 1), id) == Errc::AgeChunkAuth);
  // A whole number of chunks, the last not final: the final chunk is missing.
  const X25519Identity me = X25519Generate();
  auto two_chunks = AgeEncrypt(PatternBytes(kAgeChunkSize + 10), {RecipientOf(me)});
  REQUIRE(two_chunks.ok());
  const Bytes cut(two_chunks->begin(), two_chunks->end() - 26);
  CHECK(DecryptCode(cut, me) == Errc::AgeTruncated);
}

TEST_CASE("age_header_malformed: stanza and MAC line syntax (MAC recomputed, so only parsing can refuse)") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const KnownKey k = MakeKnownKey(RecipientOf(id));
  const std::vector<Chunk> pt = {{ToBytes("plan"), true}};
  // The known stanzas rebuild a valid file.
  REQUIRE(DecryptCode(Build(k.stanzas, k.file_key, pt), id) == Errc::Ok);
  const std::string version = "age-encryption.org/v1\n";
  const std::string stanza = k.stanzas.substr(version.size());   // "-> X25519 <share>\n<body>\n"
  const size_t nl = stanza.find('\n');
  const std::string args = stanza.substr(0, nl), body = stanza.substr(nl + 1, 43);
  const std::string share = args.substr(10);
  REQUIRE(share.size() == 43);
  auto noncanon = [](std::string s) {   // flip a spare bit in the last character
    const std::string alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    s.back() = alpha[alpha.find(s.back()) + 1];
    return s;
  };
  const std::vector<std::string> bad = {
      version,                                                           // no stanza
      version + args + " extra\n" + body + "\n",                         // X25519 with two arguments
      version + "-> X25519\n" + body + "\n",                             // X25519 without its share
      version + "-> X25519 " + share.substr(0, 42) + "\n" + body + "\n", // share not 32 bytes
      version + "-> X25519 " + noncanon(share) + "\n" + body + "\n",     // share not canonical
      version + "-> X25519 " + share + "=\n" + body + "\n",              // padded share
      version + args + "\n" + body.substr(0, 42) + "\n",                 // body not 32 bytes
      version + args + "\n" + noncanon(body) + "\n",                     // body not canonical
      version + args + "\n" + body + "=\n",                              // padded body
      version + args + "\n" + body + "\n\n",                             // stray empty line
      version + "->  X25519 " + share + "\n" + body + "\n",              // empty argument
      version + "-> X25519  " + share + "\n" + body + "\n",              // empty argument
      version + "-> X25519 " + share + " \n" + body + "\n",              // trailing space
      version + "->\n" + body + "\n",                                    // no type
      version + "-> \n" + body + "\n",                                   // empty type
      version + "-> X25519 " + share + "\r\n" + body + "\n",             // CR
      version + args + "\n" + body + "\r\n",                             // CR in the body
      version + "-> gr\xc3\xa4s\n\n" + stanza,                           // non-ASCII argument
      version + "-> grease\n" + std::string(65, 'A') + "\n\n" + stanza,  // body line over 64 columns
      version + "-> grease\n" + std::string(64, 'A') + "\n" + stanza,    // 64-column line must be followed
      version + "-> X25519 " + std::string(43, 'A') + "\n" + body + "\n",// low-order (zero) share
      version + "> X25519 " + share + "\n" + body + "\n",                // not a stanza
  };
  for (const std::string& s : bad) {
    CAPTURE(s);
    CHECK(DecryptCode(Build(s, k.file_key, pt), id) == Errc::AgeHeaderMalformed);
  }
  // Too many stanzas.
  std::string many = version;
  for (size_t i = 0; i < kAgeMaxStanzas; ++i) many += "-> grease\n\n";
  CHECK(DecryptCode(Build(many + stanza, k.file_key, pt), id) == Errc::AgeHeaderMalformed);
  CHECK(DecryptCode(Build(version + "-> grease\n\n" + stanza, k.file_key, pt), id) == Errc::Ok);
  // The MAC line itself.
  const Bytes good = Build(k.stanzas, k.file_key, pt);
  const std::string text = ToString(good);
  const size_t mac_at = text.find("\n--- ") + 1;
  const std::string mac = text.substr(mac_at + 4, 43), rest = text.substr(mac_at + 48);
  for (const std::string& line : {"--- " + mac + "=\n", "---" + mac + "\n", "---  " + mac + "\n",
                                  "--- " + mac.substr(0, 42) + "\n", "--- " + noncanon(mac) + "\n",
                                  "--- " + mac + " \n", "-- " + mac + "\n", "--- " + mac + "AAAA\n"}) {
    CAPTURE(line);
    const Bytes f = ToBytes(text.substr(0, mac_at) + line + rest);
    const Errc code = DecryptCode(f, id);
    CHECK((code == Errc::AgeHeaderMalformed || code == Errc::AgeTruncated));
  }
  CHECK(DecryptCode(ToBytes(text.substr(0, mac_at) + "--- " + mac + "=\n" + rest), id) == Errc::AgeHeaderMalformed);
}

TEST_CASE("unknown stanza types are skipped; stanza bodies of any length parse") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const KnownKey k = MakeKnownKey(RecipientOf(id));
  const std::string version = "age-encryption.org/v1\n";
  const std::string stanza = k.stanzas.substr(version.size());
  auto body = [](size_t n) {
    std::string out;
    const std::string b64 = Base64StdEncode(PatternBytes(n));
    size_t i = 0;
    for (; i + 64 <= b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
    return out + b64.substr(i) + "\n";
  };
  const std::string grease = "-> grease-1 a+b/ 3\n" + body(0) + "-> grease-2\n" + body(48) + "-> scrypt x 9\n" +
                             body(100) + "-> x25519 lower-case-is-another-type\n" + body(32);
  const std::vector<Chunk> pt = {{ToBytes("plan"), true}};
  auto r = AgeDecrypt(Build(version + grease + stanza, k.file_key, pt), id, kCap);
  REQUIRE(r.ok());
  CHECK(ToString(*r) == "plan");
  // Only unknown stanzas: nothing opens.
  CHECK(DecryptCode(Build(version + grease, k.file_key, pt), id) == Errc::AgeWrongRecipient);
}

TEST_CASE("age_header_mac: any change to the header that still parses") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const KnownKey k = MakeKnownKey(RecipientOf(id));
  const std::string version = "age-encryption.org/v1\n";
  const std::vector<Chunk> pt = {{ToBytes("plan"), true}};
  const Bytes good = Build(version + "-> grease a\n\n" + k.stanzas.substr(version.size()), k.file_key, pt);
  REQUIRE(DecryptCode(good, id) == Errc::Ok);
  std::string t = ToString(good);
  t[t.find("grease a") + 7] = 'b';
  CHECK(DecryptCode(ToBytes(t), id) == Errc::AgeHeaderMac);
  // A MAC made with another file key.
  CHECK(DecryptCode(Build(k.stanzas, Bytes(16, 1), pt), id) == Errc::AgeHeaderMac);
}

TEST_CASE("age_chunk_auth, age_trailing_data, age_empty_chunk: the STREAM rules") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const KnownKey k = MakeKnownKey(RecipientOf(id));
  const Bytes full = PatternBytes(kAgeChunkSize, 1), tail = ToBytes("tail");
  auto code = [&](const std::vector<Chunk>& chunks) { return DecryptCode(Build(k.stanzas, k.file_key, chunks), id); };

  CHECK(code({{full, false}, {tail, true}}) == Errc::Ok);
  CHECK(code({{full, true}}) == Errc::Ok);                     // a full final chunk
  CHECK(code({{{}, true}}) == Errc::Ok);                       // the empty file
  CHECK(code({{full, false}, {full, true}}) == Errc::Ok);
  CHECK(code({{full, false}, {{}, true}}) == Errc::AgeEmptyChunk);
  CHECK(code({{full, true}, {tail, true}}) == Errc::AgeTrailingData);
  CHECK(code({{full, true}, {tail, false}}) == Errc::AgeTrailingData);
  CHECK(code({{full, false}, {full, false}}) == Errc::AgeTruncated);   // no final chunk
  CHECK(code({{tail, false}}) == Errc::AgeChunkAuth);          // a short chunk must be final
  CHECK(code({{full, false}, {tail, true, 0}}) == Errc::AgeChunkAuth);   // counter repeated
  CHECK(code({{full, false}, {tail, true, 2}}) == Errc::AgeChunkAuth);   // counter skipped
  CHECK(code({{full, false, 1}, {tail, true, 0}}) == Errc::AgeChunkAuth);   // chunks swapped
  // A payload encrypted under another nonce than the one written.
  Bytes f = Build(k.stanzas, k.file_key, {{tail, true}});
  f[ToString(f).find("\n--- ") + 1 + 48] ^= 1;   // first nonce byte
  CHECK(DecryptCode(f, id) == Errc::AgeChunkAuth);
  // Data appended after a short final chunk merges with it: an altered chunk.
  Bytes g = Build(k.stanzas, k.file_key, {{tail, true}});
  g.push_back(0);
  CHECK(DecryptCode(g, id) == Errc::AgeChunkAuth);
}

TEST_CASE("age_too_large: refused from the length alone, before any key is tried or chunk opened") {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate(), stranger = X25519Generate();
  const Bytes pt = PatternBytes(2 * kAgeChunkSize + 5);
  auto file = AgeEncrypt(pt, {RecipientOf(id)});
  REQUIRE(file.ok());
  CHECK(DecryptCode(*file, id, pt.size()) == Errc::Ok);
  CHECK(DecryptCode(*file, id, pt.size() - 1) == Errc::AgeTooLarge);
  CHECK(DecryptCode(*file, stranger, pt.size() - 1) == Errc::AgeTooLarge);   // no key tried
  Bytes altered = *file;
  altered.back() ^= 1;
  CHECK(DecryptCode(altered, id, pt.size() - 1) == Errc::AgeTooLarge);       // no chunk opened
  CHECK(DecryptCode(altered, id, pt.size()) == Errc::AgeChunkAuth);
  CHECK(DecryptCode(*file, id, 0) == Errc::AgeTooLarge);
  // A header that never ends within the header cap.
  const std::string endless = "age-encryption.org/v1\n-> grease\n" + std::string(kAgeMaxHeaderBytes, 'A');
  CHECK(DecryptCode(ToBytes(endless), id) == Errc::AgeTooLarge);
}

// --- the tamper sweep -------------------------------------------------------------------------------------

TEST_CASE("tamper sweep: every bit flip, cut and extension of an encrypted signed bundle is refused") {
  REQUIRE(InitCrypto());
  Ed25519Seed seed{};
  seed.fill(7);
  const Ed25519KeyPair device = Ed25519FromSeed(seed);
  const X25519Identity office = Id(kAgeKey1), backup = Id(kAgeKey2);
  const std::string payload = R"({"plan":"fiktiv","goals":["Kunna handla själv"],"version":1})";
  const std::string jws = *JwsSign(device, "sipfield-plan+jws", payload);
  DeterministicRandom rnd("tamper");
  const Bytes file = *AgeEncrypt(ToBytes(jws), {RecipientOf(office), RecipientOf(backup)}, rnd.Source());
  std::map<std::string, Ed25519PublicKey> keys = {{JwkThumbprint(device.public_key), device.public_key}};
  const JwsKeyLookup lookup = [&](std::string_view kid) -> std::optional<Ed25519PublicKey> {
    auto it = keys.find(std::string(kid));
    return it == keys.end() ? std::nullopt : std::optional<Ed25519PublicKey>(it->second);
  };
  // The open path the office will use: decrypt, then verify.
  auto open = [&](const Bytes& f) -> Errc {
    auto pt = AgeDecrypt(f.data(), f.size(), {office}, 1u << 16);
    if (!pt) return pt.error().code;
    auto v = JwsVerify(ToString(*pt), lookup, "sipfield-plan+jws");
    return v ? Errc::Ok : v.error().code;
  };
  REQUIRE(open(file) == Errc::Ok);

  std::map<std::string, int> codes;
  size_t variants = 0;
  for (size_t i = 0; i < file.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes t = file;
      t[i] ^= static_cast<uint8_t>(1u << bit);
      const Errc c = open(t);
      ++variants;
      ++codes[std::string(ErrorCode(c))];
      if (c == Errc::Ok) FAIL("accepted a flip of bit " << bit << " at offset " << i);
    }
  }
  for (size_t n = 0; n < file.size(); ++n) {
    const Errc c = open(Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n)));
    ++variants;
    ++codes[std::string(ErrorCode(c))];
    if (c == Errc::Ok) FAIL("accepted a cut at " << n);
  }
  for (int extra = 1; extra <= 17; ++extra) {
    Bytes t = file;
    t.insert(t.end(), static_cast<size_t>(extra), 0);
    ++variants;
    ++codes[std::string(ErrorCode(open(t)))];
    CHECK(open(t) != Errc::Ok);
  }
  CHECK(codes.count("ok") == 0);
  std::string summary;
  for (const auto& [code, n] : codes) summary += " " + code + "=" + std::to_string(n);
  MESSAGE("file " << file.size() << " bytes, " << variants << " variants refused:" << summary);
}

TEST_CASE("benchmark: age encrypt and decrypt, 1 MiB" * doctest::skip()) {
  REQUIRE(InitCrypto());
  const X25519Identity id = X25519Generate();
  const Bytes pt = PatternBytes(1u << 20);
  using Clock = std::chrono::steady_clock;
  const int n = 20;
  Bytes file;
  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) file = *AgeEncrypt(pt, {RecipientOf(id)});
  auto t1 = Clock::now();
  for (int i = 0; i < n; ++i) REQUIRE(AgeDecrypt(file, id, pt.size()).ok());
  auto t2 = Clock::now();
  const double mb = n * (pt.size() / 1048576.0);
  MESSAGE("AgeEncrypt " << mb / std::chrono::duration<double>(t1 - t0).count() << " MiB/s, AgeDecrypt "
                        << mb / std::chrono::duration<double>(t2 - t1).count() << " MiB/s");
}
