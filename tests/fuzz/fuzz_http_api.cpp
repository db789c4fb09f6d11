// fuzz_http_api — the office server's request handling without sockets (office/http_api.h): the input is
// one request in a simple text form, given to ParseTarget(), Api::Admit() (the head only) and Api::Handle()
// over a real office (a temporary directory, one enrolled device, made once):
//
//   METHOD SP TARGET LF (NAME ":" VALUE LF)* LF BODY
//
// Invariants: every response has a status 200–599 and a JSON body for the API; a request refused by
// Admit() from its head is refused with the same status by Handle(); nothing is imported from a body that
// is not a bundle sealed to this office (the fuzzer cannot seal), so the bundle count stays 0.
#include <stdlib.h>

#include <cstdio>
#include <filesystem>

#include "fuzz_fixture.h"
#include "office/http_api.h"
#include "office/office.h"

using namespace sip;

namespace {

struct World {
  std::string dir;
  std::optional<office::Office> office;
  std::optional<office::http::Api> api;

  World() {
    if (!bundle::InitCrypto()) std::abort();
    char tmpl[] = "/tmp/sipfield-fuzz-http-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    office::CreateOptions light;
    light.kdf.opslimit = 1;
    light.kdf.memlimit_kib = 8;
    auto o = office::Office::Create(dir, "Kontoret Fuzz", "fuzz passphrase", [] { return int64_t{1795336070}; }, light);
    if (!o) std::abort();
    office.emplace(std::move(*o));
    const fuzz::Fixture& w = fuzz::World();
    auto request = bundle::MakeEnrollmentRequest(w.device, "Laptop 1", "Anna Andersson", 1795336000);
    if (!request || !office->Enroll(*request, 365)) std::abort();
    office::http::ApiLimits limits;
    limits.max_bundle_bytes = 1 << 20;
    limits.posts_per_second = 1e9;
    limits.post_burst = 1e9;
    api.emplace(*office, limits, [] { return int64_t{1795336070000}; });
  }
  ~World() {
    api.reset();
    office.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

World& TheWorld() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  const std::string_view in = fuzz::AsText(data, size);
  office::http::Request r;
  r.remote = "127.0.0.1";
  size_t nl = in.find('\n');
  const std::string_view line = in.substr(0, nl);
  const size_t sp = line.find(' ');
  r.method = std::string(line.substr(0, sp));
  r.target = sp == std::string_view::npos ? std::string() : std::string(line.substr(sp + 1));
  size_t pos = nl == std::string_view::npos ? in.size() : nl + 1;
  while (pos < in.size()) {
    nl = in.find('\n', pos);
    const std::string_view h = in.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? in.size() : nl + 1;
    if (h.empty()) break;
    const size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string value(h.substr(colon + 1));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers.emplace(std::string(h.substr(0, colon)), value);
  }
  r.body = std::string(in.substr(std::min(pos, in.size())));

  (void)office::http::ParseTarget(r.target);
  office::http::Request head = r;
  head.body.clear();
  head.body_read = false;
  const auto early = w.api->Admit(head);
  const office::http::Response resp = w.api->Handle(r);
  SIP_FUZZ_CHECK(resp.status >= 200 && resp.status <= 599);
  if (early) SIP_FUZZ_CHECK(early->status == resp.status);
  if (w.api->IsApi(r.target.substr(0, r.target.find('?')))) {
    auto parsed = nlohmann::json::parse(resp.body, nullptr, false);
    SIP_FUZZ_CHECK(!parsed.is_discarded());
  }
  auto counts = w.office->CountAll();
  SIP_FUZZ_CHECK(counts.ok() && counts->bundles == 0);
  return 0;
}
