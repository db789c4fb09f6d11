// `sipfield office serve` over real HTTP on loopback (ephemeral ports): the API (health, profile, enrollment
// pending → approved through the CLI, bundles with signed receipts, receipts per device), idempotency under
// concurrency, refusals (413 before the body, 429, 422, 409, 405, 400), static files (MIME, CSP, path
// traversal), a slow client, and the real binary killed mid-import and restarted. Also the pure handler
// (http_api.h) without sockets.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "office/http_api.h"
#include "office/server.h"
#include "office_support.h"

using namespace sip;
using namespace sip::officetest;

namespace {

struct PassphraseEnv {
  PassphraseEnv() { setenv("SIPFIELD_PASSPHRASE", kPass, 1); }
  ~PassphraseEnv() { unsetenv("SIPFIELD_PASSPHRASE"); }
};

int RunCli(std::vector<std::string> args, std::string* out = nullptr) {
  std::stringstream in, o, e;
  const int code = cli::Run(args, {in, o, e, [] { return UnixMs{kNow * 1000}; }, {}});
  if (out) *out = o.str() + e.str();
  return code;
}

// An office with a server in front of it (in-process) and a client.
struct ServerFixture : Fixture {
  std::unique_ptr<office::Server> server;
  int port = 0;
  std::vector<std::string> log;
  std::mutex log_mu;

  explicit ServerFixture(office::ServeOptions o = Options()) : Fixture("serve") {
    o.port = 0;
    server = std::make_unique<office::Server>(*office, o, [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu);
      log.push_back(line);
    });
    auto p = server->Start();
    REQUIRE_MESSAGE(p.ok(), p.error().detail);
    port = *p;
  }
  ~ServerFixture() { server.reset(); }
  static office::ServeOptions Options() {
    office::ServeOptions o;
    o.threads = 8;
    o.read_timeout_s = 2;
    o.limits.posts_per_second = 100000;
    o.limits.post_burst = 100000;
    return o;
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Result PostBundle(const Bytes& file) const {
    return Client().Post("/api/v1/bundles", std::string(file.begin(), file.end()), "application/octet-stream");
  }
};

Json Body(const httplib::Result& r) {
  REQUIRE(r);
  return Json::parse(r->body);
}

// Sends raw bytes on a fresh connection and returns what comes back before the server closes it (or 3 s).
// A TCP connection to the server on loopback.
int ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

std::string Raw(int port, const std::string& bytes, bool half_close = false) {
  const int fd = ConnectLoopback(port);
  timeval tv{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (!bytes.empty()) REQUIRE(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  if (half_close) shutdown(fd, SHUT_WR);
  std::string got;
  char buf[4096];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    if (got.find("\r\n\r\n") != std::string::npos && got.find("Content-Length: ") != std::string::npos) {
      const size_t cl = std::stoul(got.substr(got.find("Content-Length: ") + 16));
      if (got.size() >= got.find("\r\n\r\n") + 4 + cl) break;
    }
  }
  close(fd);
  return got;
}

int Status(const std::string& raw) { return raw.size() > 12 ? std::atoi(raw.c_str() + 9) : 0; }

}  // namespace

TEST_CASE("office server: the pure handler refuses before reading bodies, and parses targets strictly") {
  Fixture f("api");
  {
    office::http::ApiLimits limits;
    limits.posts_per_second = 0.001;
    limits.post_burst = 2;
    office::http::Api api(*f.office, limits, [] { return int64_t{1000}; });
    office::http::Request head{"POST", "/api/v1/bundles", {{"content-length", "999999999"}}, "", "10.0.0.1", false};
    auto r = api.Admit(head);
    REQUIRE(r.has_value());
    CHECK(r->status == 413);
    CHECK(Json::parse(r->body)["error"]["code"] == "bundle_too_large");
    CHECK(api.Handle({"DELETE", "/api/v1/bundles", {}, "", "x"}).status == 405);
    CHECK(api.Handle({"POST", "/api/v1/health", {}, "", "x"}).status == 405);
    CHECK(api.Handle({"GET", "/api/v2/health", {}, "", "x"}).status == 404);
    CHECK(api.Handle({"GET", "/api/v1/receipts", {}, "", "x"}).status == 400);
    CHECK(api.Handle({"GET", "/api/v1/receipts?kid=abcdefgh&kid=x", {}, "", "x"}).status == 400);
    CHECK(api.Handle({"GET", "/api/v1/receipts?kid=AAAAAAAAAAAA", {}, "", "x"}).status == 404);
    CHECK(api.Handle({"GET", "/api/v1/health", {}, "", "x"}).status == 200);
    // Two POSTs from one address pass the bucket, the third is 429.
    CHECK(api.Handle({"POST", "/api/v1/bundles", {}, "junk", "10.0.0.2"}).status == 422);
    CHECK(api.Handle({"POST", "/api/v1/bundles", {}, "junk", "10.0.0.2"}).status == 422);
    auto limited = api.Handle({"POST", "/api/v1/bundles", {}, "junk", "10.0.0.2"});
    CHECK(limited.status == 429);
    CHECK(Json::parse(limited.body)["error"]["code"] == "too_many_requests");
    CHECK(api.Handle({"POST", "/api/v1/bundles", {}, "junk", "10.0.0.3"}).status == 422);   // another address
  }
  using office::http::ParseTarget;
  CHECK(ParseTarget("/a%20b?x=1&y=%C3%A5+z")->query.at("y") == "å z");
  CHECK(ParseTarget("/a%20b")->path == "/a b");
  for (const char* bad : {"", "a/b", "/%", "/%4", "/%zz", "/%00", "/a\x01", "/x#y", "/?a=1&a=2", "/?=1", "/%0a"})
    CHECK_MESSAGE(!ParseTarget(bad).has_value(), bad);
}

TEST_CASE("office server: health, profile, enrollment pending → approved by the CLI, bundles with receipts") {
  PassphraseEnv pass;
  ServerFixture f;
  auto c = f.Client();
  auto health = c.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(Body(health)["office"] == "Kontoret Testby");
  auto profile = Body(c.Get("/api/v1/profile"));
  auto read = bundle::ReadOfficeProfile(profile["profile"].get<std::string>());
  REQUIRE(read.ok());
  CHECK(read->admin_kid == f.office->AdminKid());

  Device d = Fixture::NewDevice(11);
  const std::string request = f.Request(d);
  auto posted = c.Post("/api/v1/enrollments", request, "application/jose");
  REQUIRE(posted);
  CHECK(posted->status == 202);
  CHECK(Body(posted)["state"] == "pending");
  CHECK(Body(posted)["kid"] == d.kid);
  // Not trusted yet: its bundle is refused.
  const bundle::X25519Recipient to = f.Recipient();
  const Sealed early = f.Seal(d, f.Claims(d, 1, ""), to);
  auto refused = f.PostBundle(early.file);
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(Body(refused)["error"]["code"] == "jws_unknown_kid");

  // The administrator sees the fingerprint and names, and approves (the CLI, its own connection).
  std::string out;
  REQUIRE(RunCli({"office", "enroll", "--pending", "--office", f.dir.path}, &out) == 0);
  CHECK(out.find(d.kid.substr(0, 4) + " " + d.kid.substr(4, 4)) != std::string::npos);
  CHECK(out.find("Laptop 3") != std::string::npos);
  REQUIRE(RunCli({"office", "enroll", "--approve", d.kid.substr(0, 10), "--office", f.dir.path}, &out) == 0);
  REQUIRE(RunCli({"office", "enroll", "--pending", "--office", f.dir.path}, &out) == 0);
  CHECK(out.find("Inga registreringar") != std::string::npos);
  auto again = c.Post("/api/v1/enrollments", request, "application/jose");
  CHECK(again->status == 200);
  CHECK(Body(again)["state"] == "approved");

  // Now the bundle imports (the server picked up the trust list the CLI signed): 201 and a signed receipt.
  auto ok = f.PostBundle(early.file);
  REQUIRE(ok);
  CHECK(ok->status == 201);
  const Json j = Body(ok);
  CHECK(j["status"] == "imported");
  CHECK(j["jti"] == early.jti);
  auto receipt = bundle::ReadReceipt(j["receipt"].get<std::string>(), f.office->AdminPublicKey());
  REQUIRE(receipt.ok());
  REQUIRE(receipt->bundles.size() == 1);
  CHECK(receipt->bundles[0].jti == early.jti);
  CHECK(receipt->bundles[0].hash == early.jws_hash);
  // The same bundle again: the same receipt.
  auto same = f.PostBundle(early.file);
  CHECK(same->status == 200);
  CHECK(Body(same)["receipt"] == j["receipt"]);

  // A second bundle, then the device recovers its receipts.
  const Sealed second = f.Seal(d, f.Claims(d, 2, early.jws_hash), to);
  CHECK(f.PostBundle(second.file)->status == 201);
  auto list = Body(c.Get(("/api/v1/receipts?kid=" + d.kid + "&after_seq=0").c_str()));
  CHECK(list["receipts"].size() == 2);
  CHECK(list["bundles"].size() == 2);
  auto after1 = Body(c.Get(("/api/v1/receipts?kid=" + d.kid + "&after_seq=1").c_str()));
  CHECK(after1["receipts"].size() == 1);
  REQUIRE(after1["bundles"].size() == 1);
  CHECK(after1["bundles"][0]["jti"] == second.jti);

  // 409: the same seq under another jti; 422: not a bundle.
  const Sealed fork = f.Seal(d, f.Claims(d, 2, early.jws_hash), to);
  auto conflict = f.PostBundle(fork.file);
  CHECK(conflict->status == 409);
  CHECK(Body(conflict)["error"]["code"] == "bundle_seq_conflict");
  auto junk = c.Post("/api/v1/bundles", std::string("not a bundle"), "application/octet-stream");
  CHECK(junk->status == 422);
  CHECK(Body(junk)["error"]["code"] == "age_not_age_file");

  // The log names routes, key ids and bundle ids; never the staff member's name.
  std::lock_guard<std::mutex> lock(f.log_mu);
  bool named = false;
  for (const auto& line : f.log) {
    CHECK(line.find(d.staff) == std::string::npos);
    if (line.find(early.jti) != std::string::npos) named = true;
  }
  CHECK(named);
}

TEST_CASE("office server: the same bundle 20 times at once → one import, 20 identical receipts") {
  ServerFixture f;
  Device d = Fixture::NewDevice(12);
  f.Enroll(d);
  const Sealed s = f.Seal(d, f.Claims(d, 1, ""), f.Recipient());
  std::vector<std::string> receipts(20), answers(20);
  std::vector<int> statuses(20);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      auto r = f.PostBundle(s.file);
      statuses[i] = r ? r->status : -1;
      answers[i] = r ? r->body : "transport error " + httplib::to_string(r.error());
      if (r && (r->status == 200 || r->status == 201)) receipts[i] = Json::parse(r->body)["receipt"].get<std::string>();
    });
  for (auto& t : threads) t.join();
  std::string failures;   // what the requests that got no receipt were answered
  for (size_t i = 0; i < 20; ++i)
    if (statuses[i] != 200 && statuses[i] != 201) failures += std::to_string(statuses[i]) + " " + answers[i] + "\n";
  INFO(failures);
  CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
  CHECK(std::count(statuses.begin(), statuses.end(), 200) == 19);
  CHECK(std::set<std::string>(receipts.begin(), receipts.end()).size() == 1);
  CHECK_FALSE(receipts[0].empty());
  auto counts = f.office->CountAll();
  REQUIRE(counts.ok());
  CHECK(counts->bundles == 1);
  CHECK(counts->flags == 0);
}

TEST_CASE("office server: hostile HTTP — 413 before the body, 429, wrong methods, malformed, slow clients") {
  auto o = ServerFixture::Options();
  o.limits.posts_per_second = 0.01;
  o.limits.post_burst = 3;
  o.read_timeout_s = 1;
  ServerFixture f(o);
  // 413 from the head alone: the body is never sent.
  const auto t0 = std::chrono::steady_clock::now();
  const std::string big = Raw(f.port, "POST /api/v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Length: 900000000\r\n\r\n");
  CHECK(Status(big) == 413);
  CHECK(big.find("bundle_too_large") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
  // Oversized header line and request line.
  {
    // cpp-httplib reads header lines into a bounded buffer: an oversized one is refused or the connection closed.
    const std::string raw = Raw(f.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    CHECK((Status(raw) >= 400 || raw.empty()));
    CHECK(raw.find(" 200 ") == std::string::npos);
  }
  CHECK(Status(Raw(f.port, "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n")) >= 400);
  // Malformed requests.
  CHECK(Status(Raw(f.port, "HELLO\r\n\r\n")) == 400);
  CHECK(Status(Raw(f.port, "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n")) == 400);
  // Wrong methods.
  auto c = f.Client();
  CHECK(c.Delete("/api/v1/bundles")->status == 405);
  CHECK(c.Put("/api/v1/health", std::string("x"), "text/plain")->status == 405);
  CHECK(c.Get("/api/v1/bundles")->status == 405);
  CHECK(c.Get("/api/v1/nothing")->status == 404);
  // A slow client that sends half a request is cut off; the server keeps serving.
  const auto t1 = std::chrono::steady_clock::now();
  Raw(f.port, "POST /api/v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  CHECK(std::chrono::steady_clock::now() - t1 < std::chrono::seconds(3));
  // 429 once the bucket is empty (the slow client's request counted as one).
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    auto r = c.Post("/api/v1/bundles", std::string("junk"), "application/octet-stream");
    if (r && r->status == 429) {
      ++limited;
      CHECK(r->get_header_value("Retry-After") == "5");
    }
  }
  CHECK(limited >= 2);
  CHECK(c.Get("/api/v1/health")->status == 200);
}

namespace {
// Sends `head` and then one byte every `every` (each read arrives well within the read timeout) until the
// server closes the connection or `give_up` passes; returns how long the server kept it.
std::chrono::milliseconds Trickle(int port, const std::string& head, std::chrono::milliseconds every,
                                  std::chrono::milliseconds give_up) {
  const int fd = ConnectLoopback(port);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
  timeval tv{0, static_cast<suseconds_t>(std::chrono::microseconds(every).count())};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (std::chrono::steady_clock::now() - t0 < give_up) {
    if (send(fd, "a", 1, MSG_NOSIGNAL) != 1) break;   // reset by the server
    char buf[512];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) break;   // closed by the server
  }
  close(fd);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
}
}  // namespace

TEST_CASE("office server: a client trickling a request under the read timeout is cut off at the connection cap") {
  auto o = ServerFixture::Options();
  o.read_timeout_s = 2;          // each byte arrives well within it…
  o.max_connection_s = 1;        // …but the connection as a whole may last one second
  ServerFixture f(o);
  using std::chrono::milliseconds;
  // Headers a byte at a time (slowloris), and a body a byte at a time after honest headers.
  const milliseconds headers = Trickle(f.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ", milliseconds(200),
                                       milliseconds(8000));
  CHECK(headers >= milliseconds(900));
  CHECK(headers < milliseconds(4000));
  const milliseconds body = Trickle(f.port, "POST /api/v1/enrollments HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n",
                                    milliseconds(200), milliseconds(8000));
  CHECK(body >= milliseconds(900));
  CHECK(body < milliseconds(4000));
  // A quick client on a fresh connection is served as ever.
  CHECK(f.Client().Get("/api/v1/health")->status == 200);
}

TEST_CASE("office server: at most max_connections held at once; a flood of idle connections waits in the kernel") {
  auto o = ServerFixture::Options();
  o.threads = 2;
  o.max_connections = 4;
  o.read_timeout_s = 2;
  o.keep_alive_timeout_s = 2;
  ServerFixture f(o);
  const auto open_fds = [] {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
  };
  const size_t before = open_fds();
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(f.port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);   // the kernel completes it
    idle.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // The server's sockets: the 4 it holds, and at most the one its accepting thread has in hand while it waits.
  const size_t server_side = open_fds() - before - idle.size();
  CHECK(server_side >= 2);
  CHECK(server_side <= o.max_connections + 1);
  // The CLI's bound: a number, at least the worker threads (usage error 2 before anything is opened).
  std::string out;
  CHECK(RunCli({"office", "serve", "--office", f.dir.path, "--threads", "8", "--max-connections", "4"}, &out) == 2);
  CHECK(out.find("--max-connections") != std::string::npos);
  CHECK(RunCli({"office", "serve", "--office", f.dir.path, "--max-connections", "many"}, &out) == 2);
  for (int fd : idle) close(fd);
  // The flood gone, the server answers again.
  auto c = f.Client();
  auto r = c.Get("/api/v1/health");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("office server: HTTPS with a certificate and key; untrusted and plain clients get nothing; a bad key") {
  TempDir tls("tls");
  const std::string cert = tls / "cert.pem", key = tls / "key.pem";
  const std::string make = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
                           " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" + key +
                           "' -out '" + cert + "' >/dev/null 2>&1";
  REQUIRE(std::system(make.c_str()) == 0);
  auto o = ServerFixture::Options();
  o.tls_cert = cert;
  o.tls_key = key;
  ServerFixture f(o);
  {
    httplib::SSLClient c("127.0.0.1", f.port);
    c.set_ca_cert_path(cert.c_str());
    c.enable_server_certificate_verification(true);
    c.set_connection_timeout(5, 0);
    auto r = c.Get("/api/v1/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(Body(r)["office"] == "Kontoret Testby");
  }
  {
    httplib::SSLClient c("127.0.0.1", f.port);   // the system's CAs only: the office's certificate is not among them
    c.set_ca_cert_path("/etc/ssl/certs/ca-certificates.crt");
    c.enable_server_certificate_verification(true);
    auto r = c.Get("/api/v1/health");
    CHECK(!r);
    CHECK(r.error() == httplib::Error::SSLServerVerification);
  }
  // Plain HTTP to the TLS port: no HTTP answer, and the server keeps serving.
  CHECK(Status(Raw(f.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")) == 0);
  // A key that does not exist, or a certificate without its key: the server does not start.
  for (const auto& [c, k] : {std::pair<std::string, std::string>{cert, tls / "missing.pem"}, {cert, ""}, {"", key}}) {
    auto bad = ServerFixture::Options();
    bad.port = 0;
    bad.tls_cert = c;
    bad.tls_key = k;
    office::Server s(*f.office, bad, [](const std::string&) {});
    auto started = s.Start();
    REQUIRE(!started.ok());
    CHECK(started.error().code == Errc::ServerListenFailed);
  }
  httplib::SSLClient again("127.0.0.1", f.port);
  again.set_ca_cert_path(cert.c_str());
  again.enable_server_certificate_verification(true);
  auto r = again.Get("/api/v1/health");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("office server: static files with MIME types and CSP; path traversal and links out are refused") {
  TempDir dist("dist");
  WriteFile(dist / "index.html", std::string("<!DOCTYPE html><title>SIP Field</title>"));
  WriteFile(dist / "sipfield.wasm", std::string("\0asm", 4));
  std::filesystem::create_directories(dist / "sub");
  WriteFile(dist / "sub/sw.js", std::string("self.x=1;"));
  TempDir outside("outside");
  WriteFile(outside / "secret.txt", std::string("TOPSECRET"));
  REQUIRE(symlink((outside / "secret.txt").c_str(), (dist / "link.txt").c_str()) == 0);
  auto o = ServerFixture::Options();
  o.dist = dist.path;
  ServerFixture f(o);
  auto c = f.Client();
  auto index = c.Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(index->get_header_value("Content-Security-Policy").find("connect-src 'self'") != std::string::npos);
  CHECK(index->get_header_value("Cache-Control") == "no-cache");
  CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
  const std::string etag = index->get_header_value("ETag");
  CHECK_FALSE(etag.empty());
  auto cached = c.Get("/index.html", httplib::Headers{{"If-None-Match", etag}});
  CHECK(cached->status == 304);
  CHECK(c.Get("/sipfield.wasm")->get_header_value("Content-Type") == "application/wasm");
  CHECK(c.Get("/sub/sw.js")->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(c.Get("/missing.js")->status == 404);
  CHECK(c.Post("/index.html", std::string("x"), "text/plain")->status == 405);
  for (const char* evil_path : {"/../outside/secret.txt", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                 "/sub/../../etc/passwd", "//etc/passwd", "/sub/..", "/link.txt", "/.%2e/x",
                                 "/sub%5c..%5c..%5cetc"}) {
    const std::string evil = evil_path;
    CAPTURE(evil);
    const std::string raw = Raw(f.port, "GET " + evil + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK((Status(raw) == 400 || Status(raw) == 404));
    CHECK(raw.find("TOPSECRET") == std::string::npos);
    CHECK(raw.find("root:") == std::string::npos);
  }
  CHECK(c.Get("/api/v1/health")->status == 200);
}

TEST_CASE("office server: the binary killed during imports and restarted → every bundle exactly once") {
  PassphraseEnv pass;
  Fixture f("kill");
  std::vector<Device> devices;
  std::vector<Sealed> bundles;
  for (uint8_t i = 0; i < 4; ++i) {
    devices.push_back(Fixture::NewDevice(static_cast<uint8_t>(40 + i)));
    f.Enroll(devices.back());
  }
  const auto to = f.Recipient();
  for (int k = 0; k < 15; ++k)
    for (auto& d : devices) bundles.push_back(f.Next(d));
  f.office.reset();

  // A free port for the child.
  // A free port for the child: bound and closed again (a socket left listening would share the port).
  int port = 0;
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port = ntohs(a.sin_port);
    close(fd);
  }
  auto start = [&] {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      const std::string p = std::to_string(port);
      const int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      execl(SIP_SIPFIELD_BIN, SIP_SIPFIELD_BIN, "office", "serve", "--office", f.dir.path.c_str(), "--port", p.c_str(),
            "--posts-per-minute", "1000000", static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(1, 0);
    for (int i = 0; i < 600; ++i) {   // unlocking takes two Argon2id runs
      if (auto r = c.Get("/api/v1/health"); r && r->status == 200) return pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the server did not start");
    return pid;
  };
  auto post_all = [&](std::atomic<int>& done, std::atomic<bool>& stop) {
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t)
      ts.emplace_back([&, t] {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(5, 0);
        c.set_read_timeout(30, 0);
        for (size_t i = static_cast<size_t>(t); i < bundles.size() && !stop; i += 4) {
          auto r = c.Post("/api/v1/bundles", std::string(bundles[i].file.begin(), bundles[i].file.end()),
                          "application/octet-stream");
          if (r && (r->status == 201 || r->status == 200)) ++done;
        }
      });
    for (auto& t : ts) t.join();
  };
  pid_t pid = start();
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  std::thread sender([&] { post_all(done, stop); });
  for (int i = 0; i < 60000 && done < 10; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  kill(pid, SIGKILL);   // in the middle of the run
  int status = 0;
  waitpid(pid, &status, 0);
  stop = true;
  sender.join();
  CHECK(done < static_cast<int>(bundles.size()));

  pid = start();   // the devices retry everything
  std::atomic<int> done2{0};
  std::atomic<bool> never{false};
  post_all(done2, never);
  CHECK(done2 == static_cast<int>(bundles.size()));
  kill(pid, SIGTERM);
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  f.Reopen();
  auto counts = f.office->CountAll();
  REQUIRE(counts.ok());
  CHECK(counts->bundles == static_cast<int64_t>(bundles.size()));
  CHECK(counts->flags == 0);
  auto chains = f.office->Chains();
  REQUIRE(chains.ok());
  CHECK(chains->clean());
  (void)to;
}

TEST_CASE("office server: load (reduced; SIP_LOAD_DEVICES × SIP_LOAD_BUNDLES for the full run)") {
  auto env_or = [](const char* name, int def) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : def;
  };
  const int devices = env_or("SIP_LOAD_DEVICES", 20);
  const int per_device = env_or("SIP_LOAD_BUNDLES", 10);
  ServerFixture f;
  std::vector<Device> ds;
  for (int i = 0; i < devices; ++i) {
    ds.push_back(Fixture::NewDevice(static_cast<uint8_t>(100 + i % 150), "Laptop", "Staff " + std::to_string(i)));
    // distinct keys beyond 150 devices: vary the seed's second byte
    if (i >= 150) {
      bundle::Ed25519Seed s{};
      s.fill(static_cast<uint8_t>(i % 256));
      s[1] = static_cast<uint8_t>(i / 256 + 1);
      ds.back().key = bundle::Ed25519FromSeed(s);
      ds.back().kid = bundle::JwkThumbprint(ds.back().key.public_key);
    }
    f.Enroll(ds.back());
  }
  std::vector<std::vector<Sealed>> work(static_cast<size_t>(devices));
  for (int k = 0; k < per_device; ++k)
    for (int i = 0; i < devices; ++i) work[static_cast<size_t>(i)].push_back(f.Next(ds[static_cast<size_t>(i)]));
  std::atomic<int> ok{0}, bad{0};
  std::mutex failures_mu;
  std::vector<std::string> failures;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> senders;
  for (int i = 0; i < devices; ++i)
    senders.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", f.port);
      c.set_read_timeout(60, 0);
      for (const auto& s : work[static_cast<size_t>(i)]) {
        auto r = c.Post("/api/v1/bundles", std::string(s.file.begin(), s.file.end()), "application/octet-stream");
        if (r && r->status == 201) {
          ++ok;
        } else {
          ++bad;
          std::lock_guard<std::mutex> lock(failures_mu);
          failures.push_back(r ? std::to_string(r->status) + " " + r->body : "transport error " + httplib::to_string(r.error()));
        }
      }
    });
  for (auto& t : senders) t.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("load: " << devices << " devices × " << per_device << " bundles in " << secs << " s = "
                   << (devices * per_device) / secs << " bundles/s");
  for (const auto& why : failures) MESSAGE("refused: " << why);
  CHECK(ok == devices * per_device);
  CHECK(bad == 0);
  auto counts = f.office->CountAll();
  REQUIRE(counts.ok());
  CHECK(counts->bundles == devices * per_device);
  CHECK(counts->flags == 0);
  auto chains = f.office->Chains();
  REQUIRE(chains.ok());
  CHECK(chains->clean());
}
