// Interoperability with tools SIP Field did not write: Debian's `age` / `age-keygen` (Go, filippo.io/age)
// and npm `jose` (JWS in Node). Native only: the tests run external programs on files under /tmp. They
// fail, never skip, when a tool is missing: scripts/setup installs all of them.
#ifndef __EMSCRIPTEN__

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/jws.h"
#include "bundle/plan_bundle.h"
#include "bundle_test_support.h"
#include "core/fhir_cases.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::bundle::testing;

namespace {

const std::string kRoot = SIP_SOURCE_DIR;
constexpr size_t kCap = 4u << 20;
constexpr const char* kTyp = "sipfield-plan+jws";

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sipbundle-interop-XXXXXX";
    const char* p = mkdtemp(tmpl);
    REQUIRE(p != nullptr);
    path_ = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const Bytes& data) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  REQUIRE(f.good());
}
void WriteFile(const std::string& path, std::string_view text) { WriteFile(path, ToBytes(text)); }
Bytes ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Runs a shell command; returns its exit status and (optionally) its stdout. Paths passed in are ours,
// under /tmp or the source tree, and are single-quoted.
int Run(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string buf;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf.append(chunk, n);
  const int status = pclose(p);
  if (out) *out = buf;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
std::string Q(const std::string& s) { return "'" + s + "'"; }

void RequireTools() {
  INFO("age, age-keygen, node and node_modules/jose are installed by scripts/setup");
  REQUIRE(Run("command -v age >/dev/null 2>&1") == 0);
  REQUIRE(Run("command -v age-keygen >/dev/null 2>&1") == 0);
  REQUIRE(Run("command -v node >/dev/null 2>&1") == 0);
  REQUIRE(std::filesystem::exists(kRoot + "/node_modules/jose/package.json"));
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// An identity made by age-keygen: {key file path, its recipient as age-keygen -y prints it}.
struct AgeKeygenKey {
  std::string file;
  std::string recipient;
};
AgeKeygenKey Keygen(const TempDir& dir, const std::string& name) {
  AgeKeygenKey k{dir / name, {}};
  REQUIRE(Run("age-keygen -o " + Q(k.file) + " 2>/dev/null") == 0);
  REQUIRE(Run("age-keygen -y " + Q(k.file), &k.recipient) == 0);
  k.recipient = Trim(k.recipient);
  return k;
}
// The AGE-SECRET-KEY-1… line of an age-keygen key file.
std::string SecretLine(const std::string& key_file) {
  std::istringstream in(ToString(ReadFile(key_file)));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("AGE-SECRET-KEY-1", 0) == 0) return line;
  FAIL("no secret key line in " << key_file);
  return {};
}

Bytes AgeDecryptWithTool(const std::string& key_file, const std::string& in_file, const TempDir& dir, int* rc) {
  const std::string out = dir / "age-out.bin";
  std::filesystem::remove(out);
  // Through the shell's redirection: age opens -o lazily and writes no file for an empty plaintext.
  *rc = Run("age -d -i " + Q(key_file) + " " + Q(in_file) + " > " + Q(out) + " 2>/dev/null");
  return *rc == 0 ? ReadFile(out) : Bytes{};
}

// Padded standard base64 in 76-column lines, as `base64` prints it (for the docs example).
std::string PaddedBase64Lines(const Bytes& b) {
  std::string s = Base64StdEncode(b);
  while (s.size() % 4) s += '=';
  std::string out;
  for (size_t i = 0; i < s.size(); i += 76) out += s.substr(i, 76) + "\n";
  return out;
}

}  // namespace

TEST_CASE("interop: age -d decrypts what AgeEncrypt writes") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const AgeKeygenKey office = Keygen(dir, "office.key");
  const X25519Recipient office_r = *ParseRecipient(office.recipient);
  // A second recipient whose identity we made: age must accept our AGE-SECRET-KEY-1 encoding too.
  const X25519Identity ours = X25519Generate();
  WriteFile(dir / "ours.key", "# made by SIP Field's tests\n" + EncodeIdentity(ours) + "\n");
  int files = 0;
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, kAgeChunkSize - 1, kAgeChunkSize, kAgeChunkSize + 1,
                   3 * kAgeChunkSize, 3 * kAgeChunkSize + 12345}) {
    CAPTURE(n);
    const Bytes pt = PatternBytes(n, static_cast<uint8_t>(n));
    auto one = AgeEncrypt(pt, {office_r});
    REQUIRE(one.ok());
    WriteFile(dir / "one.age", *one);
    int rc = 0;
    CHECK(AgeDecryptWithTool(office.file, dir / "one.age", dir, &rc) == pt);
    CHECK(rc == 0);
    auto two = AgeEncrypt(pt, {office_r, RecipientOf(ours)});
    REQUIRE(two.ok());
    WriteFile(dir / "two.age", *two);
    CHECK(AgeDecryptWithTool(office.file, dir / "two.age", dir, &rc) == pt);
    CHECK(rc == 0);
    CHECK(AgeDecryptWithTool(dir / "ours.key", dir / "two.age", dir, &rc) == pt);
    CHECK(rc == 0);
    files += 3;
  }
  MESSAGE("age -d decrypted " << files << " files written by AgeEncrypt");
}

TEST_CASE("interop: age -d decrypts the pinned deterministic file of age_test.cpp") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const char* key = "AGE-SECRET-KEY-1K8KQ5JTQ04055UDJS4LZFP0PHEST83FKDRXEHX3VQY400DA4V3FSQCTK2Y";
  const std::string plaintext = "SIP Field: known answer from age 1.1.1\n";
  DeterministicRandom r("det");
  auto file = AgeEncrypt(ToBytes(plaintext), {RecipientOf(*ParseIdentity(key))}, r.Source());
  REQUIRE(file.ok());
  const Sha256Digest d = Sha256(file->data(), file->size());
  CHECK(HexEncode(d.data(), d.size()) == "88b2c195bb9450f03fec3b4720aa01855f8358b9a7aaab07fdfb6ee36dc3101a");
  WriteFile(dir / "k.key", std::string(key) + "\n");
  WriteFile(dir / "det.age", *file);
  int rc = 0;
  CHECK(ToString(AgeDecryptWithTool(dir / "k.key", dir / "det.age", dir, &rc)) == plaintext);
  CHECK(rc == 0);
}

TEST_CASE("interop: AgeDecrypt opens what age -r writes; age -a output is refused as armor") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const AgeKeygenKey other = Keygen(dir, "other.key");
  const X25519Identity ours = X25519Generate();
  const X25519Identity theirs = *ParseIdentity(SecretLine(other.file));
  CHECK(EncodeRecipient(RecipientOf(theirs)) == other.recipient);
  int files = 0;
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, kAgeChunkSize - 1, kAgeChunkSize, kAgeChunkSize + 1,
                   3 * kAgeChunkSize, 3 * kAgeChunkSize + 12345}) {
    CAPTURE(n);
    const Bytes pt = PatternBytes(n, static_cast<uint8_t>(n + 1));
    WriteFile(dir / "pt.bin", pt);
    REQUIRE(Run("age -r " + EncodeRecipient(RecipientOf(ours)) + " -o " + Q(dir / "a.age") + " " +
                Q(dir / "pt.bin")) == 0);
    auto a = AgeDecrypt(ReadFile(dir / "a.age"), ours, kCap);
    REQUIRE(a.ok());
    CHECK(*a == pt);
    REQUIRE(Run("age -r " + other.recipient + " -r " + EncodeRecipient(RecipientOf(ours)) + " -o " +
                Q(dir / "b.age") + " " + Q(dir / "pt.bin")) == 0);
    const Bytes b = ReadFile(dir / "b.age");
    CHECK(*AgeDecrypt(b, ours, kCap) == pt);
    CHECK(*AgeDecrypt(b, theirs, kCap) == pt);
    CHECK(AgeDecrypt(b, X25519Generate(), kCap).error().code == Errc::AgeWrongRecipient);
    // Our cap applies to age's files too.
    if (n > 0) CHECK(AgeDecrypt(b, ours, n - 1).error().code == Errc::AgeTooLarge);
    files += 3;
  }
  REQUIRE(Run("age -a -r " + other.recipient + " -o " + Q(dir / "c.age") + " " + Q(dir / "pt.bin")) == 0);
  CHECK(AgeDecrypt(ReadFile(dir / "c.age"), theirs, kCap).error().code == Errc::AgeNotAgeFile);
  MESSAGE("AgeDecrypt opened " << files << " files written by age");
}

TEST_CASE("interop: altered files are refused by both age and AgeDecrypt") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const AgeKeygenKey office = Keygen(dir, "office.key");
  const X25519Identity theirs = *ParseIdentity(SecretLine(office.file));
  const Bytes pt = PatternBytes(kAgeChunkSize + 300);
  const Bytes file = *AgeEncrypt(pt, {*ParseRecipient(office.recipient)});
  int both = 0;
  for (size_t i = 0; i < file.size(); i += file.size() / 40) {
    Bytes t = file;
    t[i] ^= 0x04;
    WriteFile(dir / "t.age", t);
    int rc = 0;
    AgeDecryptWithTool(office.file, dir / "t.age", dir, &rc);
    CAPTURE(i);
    CHECK(rc != 0);
    CHECK_FALSE(AgeDecrypt(t, theirs, kCap).ok());
    ++both;
  }
  // Cut at a chunk boundary: both see the missing final chunk.
  const Bytes cut(file.begin(), file.end() - 300 - 16);
  WriteFile(dir / "cut.age", cut);
  int rc = 0;
  AgeDecryptWithTool(office.file, dir / "cut.age", dir, &rc);
  CHECK(rc != 0);
  CHECK(AgeDecrypt(cut, theirs, kCap).error().code == Errc::AgeTruncated);
  MESSAGE(both << " altered files refused by both");
}

TEST_CASE("interop: jose verifies what JwsSign writes and refuses altered ones") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const Ed25519KeyPair k = Ed25519Generate();
  WriteFile(dir / "pub.jwk", PublicJwk(k.public_key));
  for (const std::string& payload :
       {std::string(R"({"plan":"fiktiv","mål":"Kunna handla själv"})"), std::string(), std::string(5000, 'x'),
        ToString(PatternBytes(777))}) {
    const std::string jws = *JwsSign(k, kTyp, payload);
    WriteFile(dir / "a.jws", jws);
    std::string out;
    CHECK(Run("node " + Q(kRoot + "/tests/bundle/jose-verify.mjs") + " " + Q(dir / "pub.jwk") + " " +
                  Q(dir / "a.jws") + " " + kTyp + " 2>/dev/null",
              &out) == 0);
    CHECK(out == payload);
  }
  const std::string jws = *JwsSign(k, kTyp, "amount=1");
  for (size_t i : {size_t{5}, jws.find('.') + 2, jws.size() - 3}) {
    std::string t = jws;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    WriteFile(dir / "t.jws", t);
    CHECK(Run("node " + Q(kRoot + "/tests/bundle/jose-verify.mjs") + " " + Q(dir / "pub.jwk") + " " +
              Q(dir / "t.jws") + " 2>/dev/null") == 1);
  }
}

TEST_CASE("interop: JwsVerify accepts what jose signs, and jose's kid is our thumbprint") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const Ed25519KeyPair k = Ed25519Generate();
  WriteFile(dir / "priv.jwk", PrivateJwk(k));
  const JwsKeyLookup lookup = [&](std::string_view kid) -> std::optional<Ed25519PublicKey> {
    if (kid == JwkThumbprint(k.public_key)) return k.public_key;
    return std::nullopt;
  };
  for (const Bytes& payload : {ToBytes(R"({"plan":"fiktiv"})"), ToBytes("x"), PatternBytes(70000)}) {
    WriteFile(dir / "payload.bin", payload);
    std::string jws;
    REQUIRE(Run("node " + Q(kRoot + "/tests/bundle/jose-sign.mjs") + " " + Q(dir / "priv.jwk") + " " +
                    Q(dir / "payload.bin") + " " + kTyp,
                &jws) == 0);
    auto v = JwsVerify(jws, lookup, kTyp);
    REQUIRE(v.ok());
    CHECK(v->payload == payload);
    CHECK(v->kid == JwkThumbprint(k.public_key));
    // Ed25519 is deterministic and jose writes the same header bytes: the same JWS as ours.
    CHECK(jws == *JwsSign(k, kTyp, payload.data(), payload.size()));
  }
}

TEST_CASE("interop: a bundle signed and encrypted here opens with age -d and jose") {
  REQUIRE(InitCrypto());
  RequireTools();
  TempDir dir;
  const AgeKeygenKey office = Keygen(dir, "office.key");
  const Ed25519KeyPair device = Ed25519Generate();
  WriteFile(dir / "device.jwk", PublicJwk(device.public_key));
  const std::string payload = R"({"plan":"fiktiv","version":1})";
  const std::string jws = *JwsSign(device, kTyp, payload);
  WriteFile(dir / "bundle.age", *AgeEncrypt(ToBytes(jws), {*ParseRecipient(office.recipient)}));
  std::string out;
  REQUIRE(Run("age -d -i " + Q(office.file) + " " + Q(dir / "bundle.age") + " > " + Q(dir / "bundle.jws")) == 0);
  CHECK(Run("node " + Q(kRoot + "/tests/bundle/jose-verify.mjs") + " " + Q(dir / "device.jwk") + " " +
                Q(dir / "bundle.jws") + " " + kTyp + " 2>/dev/null",
            &out) == 0);
  CHECK(out == payload);
}

TEST_CASE("interop: the worked example in docs/bundle-format.md is what this code makes, and public tools open it") {
  REQUIRE(InitCrypto());
  RequireTools();
  // The example's inputs, all published in the document.
  Ed25519Seed seed{};
  const Bytes d = *Base64UrlDecode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");   // RFC 8037 A.1
  std::copy(d.begin(), d.end(), seed.begin());
  const Ed25519KeyPair device = Ed25519FromSeed(seed);
  const X25519Identity office =
      *ParseIdentity("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");   // age spec
  const std::string payload = R"({"example":"SIP Field bundle format, worked example","plan":"to be specified"})";
  const std::string jws = *JwsSign(device, kTyp, payload);
  DeterministicRandom rnd("docs/bundle-format.md worked example");
  const Bytes file = *AgeEncrypt(ToBytes(jws), {RecipientOf(office)}, rnd.Source());

  const std::string doc = ToString(ReadFile(kRoot + "/docs/bundle-format.md"));
  auto block = [&](const std::string& begin) {
    const size_t a = doc.find(begin);
    REQUIRE(a != std::string::npos);
    const size_t start = a + begin.size();
    const size_t end = doc.find("EOF\n", start);
    REQUIRE(end != std::string::npos);
    return doc.substr(start, end - start);
  };
  CHECK(block("base64 -d > example.age <<'EOF'\n") == PaddedBase64Lines(file));
  CHECK(block("cat > device.jwk <<'EOF'\n") == PublicJwk(device.public_key) + "\n");
  CHECK(block("cat > office.key <<'EOF'\n") == EncodeIdentity(office) + "\n");
  CHECK(doc.find(jws) != std::string::npos);
  CHECK(doc.find(payload) != std::string::npos);
  CHECK(doc.find(EncodeRecipient(RecipientOf(office))) != std::string::npos);
  CHECK(doc.find(JwkThumbprint(device.public_key)) != std::string::npos);

  // And the commands the document gives work.
  TempDir dir;
  WriteFile(dir / "example.age", file);
  WriteFile(dir / "device.jwk", PublicJwk(device.public_key) + "\n");
  WriteFile(dir / "office.key", EncodeIdentity(office) + "\n");
  REQUIRE(Run("age -d -i " + Q(dir / "office.key") + " -o " + Q(dir / "example.jws") + " " + Q(dir / "example.age")) == 0);
  CHECK(ToString(ReadFile(dir / "example.jws")) == jws);
  std::string out;
  CHECK(Run("node " + Q(kRoot + "/tests/bundle/jose-verify.mjs") + " " + Q(dir / "device.jwk") + " " +
                Q(dir / "example.jws") + " " + kTyp + " 2>/dev/null",
            &out) == 0);
  CHECK(out == payload);
  MESSAGE("worked example:\n--- jws\n" << jws << "\n--- example.age (base64)\n" << PaddedBase64Lines(file));
}

TEST_CASE("interop: a real plan bundle opens with age -d, its JWS verifies with jose, its FHIR document passes Lantana") {
  RequireTools();
  TempDir dir;
  const AgeKeygenKey office = Keygen(dir, "office.key");
  auto recipient = ParseRecipient(office.recipient);
  REQUIRE(recipient.ok());
  const Ed25519KeyPair device = SeededKey(1);

  BundleClaims c;
  c.iss = JwkThumbprint(device.public_key);
  c.sub = "Olle Omsorgshandledare";
  c.aud = ImportKeyId(*recipient);
  c.jti = "0f8e2a4c-5b1d-4e3f-9a7b-6c5d4e3f2a1b";
  c.seq = 1;
  c.iat = 1795336070;
  c.case_id = "c-0000000000000001";
  c.plan_version = 1;
  auto document = PlanDocument(fhirtest::CaseHomeCare(), fhirtest::Params(1, c.jti.c_str()));
  REQUIRE(document.ok());
  const Json payload = BundlePayload(c, *document, Json::array());
  auto sealed = SealBundle(device, payload, {*recipient});
  REQUIRE(sealed.ok());
  WriteFile(dir / "plan.sipbundle", sealed->file);

  REQUIRE(Run("age -d -i " + Q(office.file) + " -o " + Q(dir / "plan.jws") + " " + Q(dir / "plan.sipbundle")) == 0);
  CHECK(ToString(ReadFile(dir / "plan.jws")) == sealed->jws);

  WriteFile(dir / "device.jwk", PublicJwk(device.public_key));
  std::string out;
  REQUIRE(Run("node " + Q(kRoot + "/tests/bundle/jose-verify.mjs") + " " + Q(dir / "device.jwk") + " " + Q(dir / "plan.jws") +
              " sipfield-plan+jws 2>/dev/null", &out) == 0);
  CHECK(Json::parse(out) == payload);

  std::filesystem::create_directory(dir / "fhir");
  WriteFile(dir / "fhir/plan.json", Json::parse(out)["document"].dump());
  std::string report;
  const int rc = Run("node " + Q(kRoot + "/tests/core/fhir-validate.mjs") + " " + Q(dir / "fhir") + " 2>&1", &report);
  INFO(report);
  CHECK(rc == 0);
}

#endif  // __EMSCRIPTEN__
