// `sipfield office serve` (cli/office_cli.h): the office server in the foreground until SIGINT or SIGTERM.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>

#include "cli/office_cli.h"
#include "core/display_text.h"
#include "core/time.h"
#include "office/office.h"
#include "office/server.h"

namespace sip::cli {
namespace {

bool ParseUnsigned(const std::string& s, long long max, long long* out) {
  if (s.empty() || s.size() > 12) return false;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

}  // namespace

int OfficeServe(const std::string& office_dir, const std::map<std::string, std::string>& values, Env& env) {
  auto get = [&](const char* k, const std::string& def) {
    auto it = values.find(k);
    return it == values.end() ? def : it->second;
  };
  auto usage = [&](const std::string& what) {
    env.err << "sipfield office serve: " << what << "\nSe sipfield --help.\n";
    return 2;
  };
  office::ServeOptions o;
  o.host = get("--host", "127.0.0.1");
  long long v = 0;
  if (!ParseUnsigned(get("--port", "8080"), 65535, &v)) return usage("--port kräver ett portnummer 0–65535");
  o.port = static_cast<int>(v);
  if (!ParseUnsigned(get("--threads", "8"), 256, &v) || v == 0) return usage("--threads kräver ett tal 1–256");
  o.threads = static_cast<unsigned>(v);
  if (!ParseUnsigned(get("--max-connections", "64"), 100000, &v) || v < o.threads)
    return usage("--max-connections kräver ett tal, minst lika stort som --threads");
  o.max_connections = static_cast<size_t>(v);
  if (!ParseUnsigned(get("--max-connection-seconds", "300"), 86400, &v) || v == 0)
    return usage("--max-connection-seconds kräver ett tal 1–86400");
  o.max_connection_s = static_cast<time_t>(v);
  if (!ParseUnsigned(get("--posts-per-minute", "600"), 1000000, &v) || v == 0)
    return usage("--posts-per-minute kräver ett tal ≥ 1");
  o.limits.posts_per_second = static_cast<double>(v) / 60.0;
  o.limits.post_burst = std::max(1.0, static_cast<double>(v) / 10.0);
  o.dist = get("--dist", "");
  o.tls_cert = get("--tls-cert", "");
  o.tls_key = get("--tls-key", "");

  const char* pass = std::getenv("SIPFIELD_PASSPHRASE");
  if (!pass || !*pass) return usage("miljövariabeln SIPFIELD_PASSPHRASE saknas");
  auto clock = env.clock;
  auto office = office::Office::Open(office_dir, [clock] { return clock() / 1000; });
  auto fail = [&](const Error& e, int code) {
    env.err << "sipfield office: " << ErrorMessage(e.code) << " [" << ErrorCode(e.code) << "]";
    if (!e.detail.empty()) env.err << " (" << TerminalEscape(e.detail) << ")";
    env.err << "\n";
    return code;
  };
  if (!office) return fail(office.error(), 3);
  if (auto r = office->Unlock(pass, office::KeyUse::All); !r) return fail(r.error(), r.error().code == Errc::OfficeWrongPassphrase ? 1 : 3);

  // The server's threads inherit a mask without SIGINT/SIGTERM; this thread waits for them.
  sigset_t stop_signals, old;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old);
  int exit_code = 0;
  {
    office::Server server(*office, o, [&env, clock](const std::string& line) {
      env.err << FormatIsoUtc(clock()) << " " << line << "\n";
      env.err.flush();
    });
    auto port = server.Start();
    if (!port) {
      exit_code = fail(port.error(), 3);
    } else {
      const bool tls = !o.tls_cert.empty();
      env.out << "SIP Field-kontoret " << TerminalEscape(office->name()) << ": " << (tls ? "https" : "http") << "://"
              << TerminalEscape(o.host) << ":" << *port << "/\n"
              << (o.dist.empty() ? "Endast API:t (ingen --dist).\n" : "") << "Stoppa med Ctrl-C.\n";
      env.out.flush();
      int sig = 0;
      sigwait(&stop_signals, &sig);
      server.Stop();
      server.Wait();
      if (auto r = office->Checkpoint(); !r) exit_code = fail(r.error(), 3);
      env.out << "Stoppad.\n";
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return exit_code;
}

}  // namespace sip::cli
