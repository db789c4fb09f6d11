// sipoffice/http_api.cpp — see http_api.h.
#include "office/http_api.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "bundle/crypto.h"
#include "bundle/encoding.h"

namespace sip::office::http {
namespace {

constexpr size_t kMaxTarget = 8192;

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict percent-decoding; `plus_is_space` for query parts. nullopt for a bad escape, %00 or a control.
std::optional<std::string> Decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = Hex(s[i + 1]);
      const int lo = Hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
    out += c;
  }
  return out;
}

Json ErrorBody(const Error& e) {
  return Json{{"ok", false},
              {"error", Json{{"code", std::string(ErrorCode(e.code))}, {"message", std::string(ErrorMessage(e.code))}}}};
}

Response JsonResponse(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

Response MethodNotAllowed(const char* allow) {
  Response r = ErrorResponse(405, Error{Errc::InvalidRequest, "method"});
  r.headers.emplace_back("Allow", allow);
  return r;
}

std::optional<uint64_t> ParseUint(const std::string& s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::optional<uint64_t> ContentLength(const Request& r) {
  auto it = r.headers.find("content-length");
  if (it == r.headers.end()) return std::nullopt;
  return ParseUint(it->second);
}

bool IsBase64UrlText(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
         });
}

const char* StateName(EnrollmentState s) {
  switch (s) {
    case EnrollmentState::Pending: return "pending";
    case EnrollmentState::Approved: return "approved";
    case EnrollmentState::Revoked: return "revoked";
  }
  return "pending";
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
std::optional<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.size() > kMaxTarget || target[0] != '/') return std::nullopt;
  if (target.find('#') != std::string_view::npos) return std::nullopt;
  const size_t q = target.find('?');
  auto path = Decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  Target t;
  t.path = std::move(*path);
  if (q == std::string_view::npos) return t;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      auto key = Decode(part.substr(0, eq), true);
      auto value = eq == std::string_view::npos ? std::optional<std::string>("") : Decode(part.substr(eq + 1), true);
      if (!key || !value || key->empty()) return std::nullopt;
      if (!t.query.emplace(std::move(*key), std::move(*value)).second) return std::nullopt;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------------
RateLimiter::RateLimiter(double per_second, double burst, size_t max_clients)
    : per_second_(per_second), burst_(burst), max_clients_(std::max<size_t>(1, max_clients)) {}

bool RateLimiter::Allow(const std::string& client, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {   // forget the client seen longest ago
      auto oldest = std::min_element(buckets_.begin(), buckets_.end(),
                                     [](const auto& a, const auto& b) { return a.second.last_ms < b.second.last_ms; });
      buckets_.erase(oldest);
    }
    it = buckets_.emplace(client, Bucket{burst_, now_ms}).first;
  }
  Bucket& b = it->second;
  const double elapsed = static_cast<double>(std::max<int64_t>(0, now_ms - b.last_ms)) / 1000.0;
  b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
  b.last_ms = std::max(b.last_ms, now_ms);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
int StatusFor(Errc c) {
  switch (c) {
    case Errc::InvalidRequest:
    case Errc::InvalidArgument: return 400;
    case Errc::NotFound:
    case Errc::BundleNotFound:
    case Errc::DeviceNotEnrolled: return 404;
    case Errc::BundleTooLarge:
    case Errc::JwsTooLarge:
    case Errc::AgeTooLarge: return 413;
    case Errc::BundleDuplicateJti:
    case Errc::BundleSeqConflict:
    case Errc::DeviceRevoked: return 409;
    case Errc::DbBusy:
    case Errc::DbFull:
    case Errc::DbIo:
    case Errc::DbError:
    case Errc::DbOpenFailed: return 503;
    case Errc::Internal: return 500;
    default: return 422;
  }
}

Response ErrorResponse(int status, const Error& e) { return JsonResponse(status, ErrorBody(e)); }

// ---------------------------------------------------------------------------------------------------------
Api::Api(Office& office, ApiLimits limits, NowMs now_ms, Log log)
    : office_(office), limits_(limits), now_ms_(std::move(now_ms)), log_(std::move(log)),
      posts_(limits.posts_per_second, limits.post_burst) {}

void Api::Write(const std::string& line) {
  if (!log_) return;
  std::lock_guard<std::mutex> lock(log_mu_);
  log_(line);
}

std::optional<Response> Api::Admit(const Request& r) {
  auto t = ParseTarget(r.target);
  if (!t) return ErrorResponse(400, Error{Errc::InvalidRequest, "request target"});
  const std::string& p = t->path;
  const bool post_route = p == "/api/v1/bundles" || p == "/api/v1/enrollments";
  const bool get_route = p == "/api/v1/health" || p == "/api/v1/profile" || p == "/api/v1/receipts";
  if (!post_route && !get_route) return ErrorResponse(404, Error{Errc::NotFound, "no such API path"});
  if (get_route && r.method != "GET" && r.method != "HEAD") return MethodNotAllowed("GET, HEAD");
  if (post_route && r.method != "POST") return MethodNotAllowed("POST");
  if (post_route) {
    const size_t cap = p == "/api/v1/bundles" ? limits_.max_bundle_bytes : limits_.max_enrollment_bytes;
    const auto length = ContentLength(r);
    if (length && *length > cap)
      return ErrorResponse(413, Error{p == "/api/v1/bundles" ? Errc::BundleTooLarge : Errc::DocumentInvalid, "body over the limit"});
    if (r.body_read && r.body.size() > cap)
      return ErrorResponse(413, Error{p == "/api/v1/bundles" ? Errc::BundleTooLarge : Errc::DocumentInvalid, "body over the limit"});
    if (!posts_.Allow(r.remote, now_ms_())) {
      Response tooMany = ErrorResponse(429, Error{Errc::TooManyRequests, ""});
      tooMany.headers.emplace_back("Retry-After", "5");
      Write("429 " + p);
      return tooMany;
    }
  }
  return std::nullopt;
}

Response Api::Handle(const Request& r) {
  try {
    if (!r.admitted) {
      if (auto refused = Admit(r)) return *refused;
    }
    auto t = ParseTarget(r.target);
    if (!t) return ErrorResponse(400, Error{Errc::InvalidRequest, "request target"});
    return Route(r, *t);
  } catch (...) {
    return ErrorResponse(500, Error{Errc::Internal, "exception"});
  }
}

Response Api::Route(const Request& r, const Target& t) {
  if (t.path == "/api/v1/health") return Health();
  if (t.path == "/api/v1/profile") return Profile();
  if (t.path == "/api/v1/receipts") return Receipts(t);
  if (t.path == "/api/v1/enrollments") return Enroll(r);
  return PostBundle(r);
}

Response Api::Health() {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(office_mu_);
    name = office_.name();
  }
  return JsonResponse(200, Json{{"ok", true}, {"office", name}, {"api", 1}});
}

Response Api::Profile() {
  std::unique_lock<std::mutex> lock(office_mu_);
  auto jws = office_.Profile();
  if (!jws) return ErrorResponse(StatusFor(jws.error().code), jws.error());
  return JsonResponse(200, Json{{"ok", true}, {"profile", *jws}, {"admin_kid", office_.AdminKid()}});
}

Response Api::Enroll(const Request& r) {
  std::string text = r.body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  Result<EnrollmentState> state = Error{Errc::Internal, ""};
  {
    std::unique_lock<std::mutex> lock(office_mu_);
    if (auto refreshed = office_.RefreshTrust(); !refreshed) return ErrorResponse(StatusFor(refreshed.error().code), refreshed.error());
    state = office_.SubmitEnrollment(text);
  }
  if (!state) {
    Write("enrollment refused " + std::string(ErrorCode(state.error().code)));
    return ErrorResponse(StatusFor(state.error().code), state.error());
  }
  auto req = bundle::ReadEnrollmentRequest(text);
  const std::string kid = req ? req->kid : std::string();
  Write("enrollment " + kid + " " + StateName(*state));
  if (*state == EnrollmentState::Revoked) return ErrorResponse(409, Error{Errc::DeviceRevoked, ""});
  return JsonResponse(*state == EnrollmentState::Pending ? 202 : 200,
                      Json{{"ok", true}, {"state", StateName(*state)}, {"kid", kid}});
}

Response Api::PostBundle(const Request& r) {
  const auto* data = reinterpret_cast<const uint8_t*>(r.body.data());
  const size_t size = r.body.size();
  const bundle::Sha256Digest digest = bundle::Sha256(data, size);
  const std::string sha = bundle::HexEncode(digest.data(), digest.size());
  const std::string source = "POST /api/v1/bundles";
  ImportOutcome outcome;
  bool known = false;
  bundle::OpenParams params;
  std::shared_ptr<const bundle::TrustList> trust;
  {
    std::unique_lock<std::mutex> lock(office_mu_);
    auto refreshed = office_.RefreshTrust();
    if (!refreshed) return ErrorResponse(StatusFor(refreshed.error().code), refreshed.error());
    auto k = office_.IsKnownFile(sha);
    if (!k) return ErrorResponse(StatusFor(k.error().code), k.error());
    known = *k;
    if (known) {
      outcome = office_.Import(data, size, source);   // the fast path: not decrypted again
    } else {
      if (!trust_ || trust_->version != office_.Trust().version)
        trust_ = std::make_shared<const bundle::TrustList>(office_.Trust());
      trust = trust_;
      params = office_.VerifyParams();
      params.trust = trust.get();
    }
  }
  if (!known) {
    // Decryption, signature, payload and FHIR checks: outside the lock, in parallel with other requests.
    const Result<bundle::OpenedBundle> opened = bundle::OpenBundle(data, size, params, &digest);
    std::unique_lock<std::mutex> lock(office_mu_);
    outcome = office_.ImportOpened(opened, sha, source);
  }
  if (outcome.status == ImportStatus::Refused || outcome.status == ImportStatus::Flagged) {
    Write("bundle refused " + std::string(ErrorCode(outcome.error.code)) +
          (outcome.jti.empty() ? "" : " jti " + outcome.jti + " kid " + outcome.kid));
    return ErrorResponse(StatusFor(outcome.error.code), outcome.error);
  }
  Result<std::string> receipt = Error{Errc::Internal, ""};
  {
    std::unique_lock<std::mutex> lock(office_mu_);
    receipt = office_.ReceiptFor(outcome.jti);
  }
  if (!receipt) return ErrorResponse(StatusFor(receipt.error().code), receipt.error());
  const bool imported = outcome.status == ImportStatus::Imported;
  Write(std::string(imported ? "bundle imported" : "bundle already imported") + " jti " + outcome.jti + " kid " +
        outcome.kid + " seq " + std::to_string(outcome.seq));
  return JsonResponse(imported ? 201 : 200, Json{{"ok", true},
                                                 {"status", imported ? "imported" : "already_imported"},
                                                 {"jti", outcome.jti},
                                                 {"kid", outcome.kid},
                                                 {"seq", outcome.seq},
                                                 {"receipt", *receipt}});
}

Response Api::Receipts(const Target& t) {
  auto kid = t.query.find("kid");
  if (kid == t.query.end() || !IsBase64UrlText(kid->second))
    return ErrorResponse(400, Error{Errc::InvalidRequest, "kid missing or malformed"});
  uint64_t after = 0;
  if (auto a = t.query.find("after_seq"); a != t.query.end()) {
    auto v = ParseUint(a->second);
    if (!v) return ErrorResponse(400, Error{Errc::InvalidRequest, "after_seq is not an integer"});
    after = *v;
  }
  for (const auto& q : t.query)
    if (q.first != "kid" && q.first != "after_seq") return ErrorResponse(400, Error{Errc::InvalidRequest, "unknown parameter"});
  Result<DeviceReceipts> r = Error{Errc::Internal, ""};
  {
    std::unique_lock<std::mutex> lock(office_mu_);
    if (auto refreshed = office_.RefreshTrust(); !refreshed) return ErrorResponse(StatusFor(refreshed.error().code), refreshed.error());
    r = office_.ReceiptsFor(kid->second, after);
  }
  if (!r) return ErrorResponse(StatusFor(r.error().code), r.error());
  Json bundles = Json::array();
  for (const auto& b : r->bundles) bundles.push_back(Json{{"seq", b.first}, {"jti", b.second}});
  Write("receipts kid " + kid->second + " after_seq " + std::to_string(after) + ": " + std::to_string(r->receipts.size()));
  return JsonResponse(200, Json{{"ok", true}, {"kid", kid->second}, {"receipts", r->receipts}, {"bundles", bundles}});
}

}  // namespace sip::office::http
