// sipoffice/server.cpp — see server.h. The only file that knows cpp-httplib.
#include "office/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "office/connection_reaper.h"
#include "office/static_files.h"

namespace sip::office {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

http::Request Convert(const httplib::Request& req, bool with_body) {
  http::Request r;
  r.method = req.method;
  r.target = req.target;
  for (const auto& h : req.headers) {
    std::string name = h.first;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    r.headers.emplace(std::move(name), h.second);   // the first of repeated headers
  }
  r.remote = req.remote_addr;
  r.body_read = with_body;
  if (with_body) r.body = req.body;
  return r;
}

void Apply(const http::Response& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& h : from.headers) to.set_header(h.first, h.second);
  if (from.content_type.empty()) to.body.clear();
  else to.set_content(from.body, from.content_type.c_str());
}

// cpp-httplib's ThreadPool queues every accepted connection without limit: a flood of idle connections
// holds a socket (and its memory) each, however few workers there are. This pool holds at most `max_held`
// connections, working or waiting for a worker; while it is full the accepting thread waits here, so further
// connections wait in the kernel's listen queue (SOMAXCONN), which refuses them when it is full.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(unsigned threads, size_t max_held) : max_held_(std::max<size_t>(max_held, threads)) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~BoundedPool() override = default;   // httplib calls shutdown() first; the threads are joined there

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [this] { return held_ < max_held_ || stopping_; });
    ++held_;
    jobs_.push_back(std::move(fn));   // even when stopping: the job closes its socket
    work_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_.notify_all();
    space_.notify_all();
    for (auto& t : workers_)
      if (t.joinable()) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return;   // stopping, and nothing left to close
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();   // serves the connection and closes its socket
      {
        std::lock_guard<std::mutex> lock(mu_);
        --held_;
      }
      space_.notify_one();
    }
  }

  const size_t max_held_;
  std::mutex mu_;
  std::condition_variable work_, space_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  size_t held_ = 0;
  bool stopping_ = false;
};

}  // namespace

struct Server::Impl {
  Office& office;
  ServeOptions options;
  http::Api api;
  std::optional<http::StaticFiles> files;
  std::unique_ptr<httplib::Server> svr;
  std::unique_ptr<ConnectionReaper> reaper;   // declared after svr: stopped before it
  std::thread thread;
  int port = 0;

  Impl(Office& o, ServeOptions opt, http::Api::Log log)
      : office(o), options(std::move(opt)), api(o, options.limits, NowMs, std::move(log)) {
    if (!options.dist.empty()) files.emplace(options.dist);
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    http::Request r = Convert(req, true);
    auto t = http::ParseTarget(r.target);
    if (t && api.IsApi(t->path)) {
      r.admitted = true;   // Admit() ran in the pre-routing handler
      Apply(api.Handle(r), res);
      return;
    }
    if (files) {
      Apply(files->Serve(r), res);
      return;
    }
    http::Response nf = http::ErrorResponse(404, Error{Errc::NotFound, ""});
    Apply(nf, res);
  }
};

Server::Server(Office& office, ServeOptions options, http::Api::Log log)
    : impl_(std::make_unique<Impl>(office, std::move(options), std::move(log))) {}

Server::~Server() {
  try {
    Stop();
    Wait();
  } catch (...) {   // a destructor never throws
  }
}

Result<int> Server::Start() {
  Impl& im = *impl_;
  const ServeOptions& o = im.options;
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty()) return Error{Errc::ServerListenFailed, "TLS needs both a certificate and a key"};
    auto ssl = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
    if (!ssl->is_valid()) return Error{Errc::ServerListenFailed, "the TLS certificate or key cannot be read"};
    im.svr = std::move(ssl);
  } else {
    im.svr = std::make_unique<httplib::Server>();
  }
  httplib::Server& s = *im.svr;
  const unsigned threads = std::max(1u, o.threads);
  const size_t max_connections = o.max_connections;
  s.new_task_queue = [threads, max_connections] { return new BoundedPool(threads, max_connections); };
  s.set_read_timeout(o.read_timeout_s, 0);
  s.set_write_timeout(o.write_timeout_s, 0);
  s.set_keep_alive_timeout(o.keep_alive_timeout_s);
  s.set_keep_alive_max_count(o.keep_alive_max);
  s.set_payload_max_length(std::max(o.limits.max_bundle_bytes, o.limits.max_enrollment_bytes) + 1);
  // Refusals that need only the head (unknown path, method, size, rate) are answered before the body is read.
  s.set_pre_routing_handler([&im](const httplib::Request& req, httplib::Response& res) {
    auto t = http::ParseTarget(req.target);
    if (!t) {
      Apply(http::ErrorResponse(400, Error{Errc::InvalidRequest, "request target"}), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!im.api.IsApi(t->path)) return httplib::Server::HandlerResponse::Unhandled;
    if (auto refused = im.api.Admit(Convert(req, false))) {
      Apply(*refused, res);
      if (refused->status == 413) res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const Errc code = res.status == 413 ? Errc::BundleTooLarge : res.status == 404 ? Errc::NotFound : Errc::InvalidRequest;
    Apply(http::ErrorResponse(res.status, Error{code, ""}), res);
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    Apply(http::ErrorResponse(500, Error{Errc::Internal, ""}), res);
  });
  auto handler = [&im](const httplib::Request& req, httplib::Response& res) { im.Handle(req, res); };
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Delete(".*", handler);
  s.Patch(".*", handler);
  s.Options(".*", handler);

  // Debian's cpp-httplib is a shared library built with a listen backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG).
  // Beyond 5 connections waiting for accept() Linux drops handshakes, and a client whose request then arrives
  // late is cut off by the read timeout: 20 devices sending at once lost requests. The socket is remembered
  // here and listen() called again with the system's maximum, which Linux allows on a listening socket.
  int listen_fd = -1;
  s.set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;   // the last socket tried is the one bound
  });
  if (o.port == 0) {
    im.port = s.bind_to_any_port(o.host);
    if (im.port <= 0) return Error{Errc::ServerListenFailed, "cannot bind"};
  } else {
    if (!s.bind_to_port(o.host, o.port)) return Error{Errc::ServerListenFailed, "cannot bind"};
    im.port = o.port;
  }
  if (listen_fd < 0 || ::listen(listen_fd, SOMAXCONN) != 0) return Error{Errc::ServerListenFailed, "cannot listen"};
  im.reaper = std::make_unique<ConnectionReaper>(
      im.port, std::chrono::seconds(std::max<time_t>(1, o.max_connection_s)));
  im.thread = std::thread([&s] { s.listen_after_bind(); });
  for (int i = 0; i < 2000 && !s.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return im.port;
}

void Server::Stop() {
  if (impl_ && impl_->svr) impl_->svr->stop();
}

void Server::Wait() {
  if (impl_ && impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace sip::office
