// sipoffice/connection_reaper.h — the office server's cap on how long one connection may last.
//
// cpp-httplib (Debian's 0.11.4) bounds each read and write by a timeout, but not a request or a connection as
// a whole: a client that sends one byte of its headers every few seconds stays under the read timeout and
// holds a worker for hours ("slowloris"). The library hands accepted sockets to its task queue without
// telling anyone which socket is whose, so the reaper finds them itself: about once a second it lists the
// process's open sockets (/proc/self/fd), keeps those whose local port is the server's and that have a peer
// (connections accepted by it; the listening socket has no peer, and a client in the same process has the
// server's port as its *peer* port), notes when it first saw each (by inode, so a reused descriptor number is
// a new connection), and shuts down any open longer than the limit. The blocked read or write then fails,
// cpp-httplib closes the socket and the worker takes the next connection. Linux only (the office server's
// platform). A connection cut mid-request loses only that request: the device retries it (a bundle is
// idempotent), and one that idles between keep-alive requests just reconnects.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace sip::office {

class ConnectionReaper {
 public:
  // Watches the connections accepted on `port` (the server's, bound already); `limit` from the first sight.
  ConnectionReaper(int port, std::chrono::milliseconds limit,
                   std::chrono::milliseconds period = std::chrono::milliseconds(500));
  ~ConnectionReaper();   // stops and joins; never throws
  ConnectionReaper(const ConnectionReaper&) = delete;
  ConnectionReaper& operator=(const ConnectionReaper&) = delete;

  // Connections shut down so far (for tests and the log).
  uint64_t reaped() const { return reaped_.load(); }
  // One scan now (the thread calls it every `period`); exposed for tests.
  void ScanOnce();

 private:
  void Run();

  const int port_;
  const std::chrono::milliseconds limit_, period_;
  std::atomic<uint64_t> reaped_{0};
  std::mutex mu_;                  // stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  struct Seen;
  std::mutex scan_mu_;             // one scan at a time (the thread's, a test's)
  std::unique_ptr<Seen> seen_;
  std::thread thread_;
};

}  // namespace sip::office
