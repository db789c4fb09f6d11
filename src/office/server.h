// sipoffice/server.h — `sipfield office serve`: the office server over HTTP (cpp-httplib, Debian's
// libcpp-httplib-dev 0.11.4), in front of http_api.h (the JSON API) and static_files.h (the web app).
//
// Bounds: worker threads (`threads`), connections held at once (`max_connections`, working or waiting for a
// worker; beyond it the server stops accepting, and the kernel's listen queue holds or refuses the rest), the body (the API's
// limits: 16 MiB for a bundle, refused with 413 from the headers before the body is read), request line and
// header lines (8 KiB each: cpp-httplib's compiled limits), read and write timeouts per socket operation
// (slow clients are cut off), keep-alive (requests per connection and idle seconds), and each connection's
// whole life (`max_connection_s`: a client that trickles bytes under the read timeout is cut off too). TLS directly with a
// certificate and key (PEM), or plain HTTP behind the municipality's reverse proxy (docs/commands.md).
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "core/result.h"
#include "office/http_api.h"

namespace sip::office {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: any free port (tests)
  std::string dist;                // the built web app; "" = the API only
  unsigned threads = 8;            // worker threads
  size_t max_connections = 64;     // connections held at once, working or waiting (at least `threads`)
  time_t read_timeout_s = 10;      // per read: a client silent this long is cut off
  time_t write_timeout_s = 10;
  time_t keep_alive_timeout_s = 5;
  size_t keep_alive_max = 100;     // requests per connection
  time_t max_connection_s = 300;   // a connection's whole life, whatever it does (connection_reaper.h)
  std::string tls_cert, tls_key;   // PEM files: serve HTTPS (both or neither)
  http::ApiLimits limits;
};

class Server {
 public:
  // `office` unlocked for Admin and Import; it must outlive the server. `log` receives one line per API
  // request (route, status, key and bundle ids: never personal data); it may be called from any thread.
  Server(Office& office, ServeOptions options, http::Api::Log log);
  ~Server();   // stops and joins; never throws
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on a thread of its own; returns the port. Errors: server_listen_failed.
  Result<int> Start();
  // Stops accepting and finishes; safe to call more than once, from any thread (e.g. a signal watcher).
  void Stop();
  // Blocks until the server stopped.
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sip::office
