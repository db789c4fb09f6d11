// sipoffice/http_api.h — the office server's request handling (`sipfield office serve`), without sockets:
// a parsed HTTP request in, a response out. server.h puts it behind cpp-httplib; tests and the fuzz target
// (tests/fuzz/fuzz_http_api.cpp) call it directly.
//
//   ParseTarget()   the request-target: path (percent-decoded, strictly) and query parameters
//   RateLimiter     a token bucket per client address (429)
//   Api             the JSON API under /api/v1 (below), over one Office shared by the server's threads
//
// The API (docs/commands.md, "The office server"):
//   GET  /api/v1/health                      200 {ok, office, api: 1}
//   GET  /api/v1/profile                     200 {ok, profile: "<signed office profile JWS>", admin_kid}
//   POST /api/v1/enrollments   (JWS text)    202 {ok, state: "pending", kid} · 200 state "approved" ·
//                                            409 device_revoked · 422 jws_* / document_invalid / enrollment_text_invalid
//   POST /api/v1/bundles       (.sipbundle)  201 {ok, status: "imported", jti, seq, receipt} · 200 the same for a
//                                            bundle imported before (the same receipt) · 409 bundle_duplicate_jti /
//                                            bundle_seq_conflict · 413 bundle_too_large · 422 any other refusal
//   GET  /api/v1/receipts?kid=K&after_seq=N  200 {ok, kid, receipts: [JWS…], bundles: [{seq, jti}…]} · 404
// Every refusal is {ok: false, error: {code, message}} with the stable code of core/error.h; 400 for a
// malformed request, 404 an unknown path, 405 a wrong method (with Allow), 429 too many requests from one
// address, 503 the database is busy. Nothing personal is ever logged: a log line names the route, the status,
// the key id and the bundle id.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "office/office.h"

namespace sip::office::http {

struct Request {
  std::string method;                          // "GET", "POST", …
  std::string target;                          // the request-target as received: "/api/v1/receipts?kid=…"
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote;                          // the client address (rate limiting only; never logged)
  bool body_read = true;                       // false: only the head so far (Admit)
  bool admitted = false;                       // Admit() already passed it (the server's pre-routing)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Target {
  std::string path;                            // percent-decoded
  std::map<std::string, std::string> query;    // percent-decoded; '+' is a space
};
// An origin-form request-target ("/path?query"). nullopt for anything else: not starting with '/', a '#',
// bad or NUL percent escapes, a control character, a repeated query parameter, over 8 KiB.
std::optional<Target> ParseTarget(std::string_view target);

// A token bucket per client address: `burst` requests at once, refilled at `per_second`. Remembers at most
// `max_clients` addresses (the least recently seen is forgotten first). Thread-safe.
class RateLimiter {
 public:
  RateLimiter(double per_second, double burst, size_t max_clients = 10000);
  bool Allow(const std::string& client, int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
  };
  double per_second_, burst_;
  size_t max_clients_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

struct ApiLimits {
  size_t max_bundle_bytes = 16u << 20;       // bundle::OpenLimits::max_file_bytes
  size_t max_enrollment_bytes = 64u << 10;
  double posts_per_second = 10;              // per client address, POSTs only
  double post_burst = 60;
};

class Api {
 public:
  using Log = std::function<void(const std::string& line)>;
  using NowMs = std::function<int64_t()>;
  // `office` must be unlocked for Admin and Import and outlive the Api. The Api serialises every use of the
  // office with its own lock and opens bundles (decryption, signature, payload and FHIR checks) outside it,
  // in parallel, against a copy of the trust list that is renewed when the list changes.
  Api(Office& office, ApiLimits limits, NowMs now_ms, Log log = {});

  bool IsApi(std::string_view path) const { return path.rfind("/api/", 0) == 0 || path == "/api"; }

  // Decides from the head alone (before the body is read): a response when the request is refused already —
  // unknown path or method, a body over the limit (413), too many requests (429) — else nullopt.
  std::optional<Response> Admit(const Request& head);
  // The whole request (Admit() included). Never throws.
  Response Handle(const Request& request);

 private:
  Response Route(const Request& r, const Target& t);
  Response Health();
  Response Profile();
  Response Enroll(const Request& r);
  Response PostBundle(const Request& r);
  Response Receipts(const Target& t);
  void Write(const std::string& line);

  Office& office_;
  ApiLimits limits_;
  NowMs now_ms_;
  Log log_;
  std::mutex log_mu_;
  std::mutex office_mu_;                          // the Office: its database and trust list
  std::shared_ptr<const bundle::TrustList> trust_;   // a copy for opening bundles outside the lock (office_mu_)
  RateLimiter posts_;
};

// A JSON refusal: {ok: false, error: {code, message}} with `status`.
Response ErrorResponse(int status, const Error& e);
// The HTTP status of a refusal with code `c` (the table in http_api.cpp).
int StatusFor(Errc c);

}  // namespace sip::office::http
