// sipoffice/connection_reaper.cpp — see connection_reaper.h.
#include "office/connection_reaper.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <unordered_map>

namespace sip::office {
namespace {

using Clock = std::chrono::steady_clock;

// The local port of a TCP socket, or -1.
int LocalPort(int fd) {
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) != 0) return -1;
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&a)->sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&a)->sin6_port);
  return -1;
}

bool HasPeer(int fd) {
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  return ::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0;
}

}  // namespace

struct ConnectionReaper::Seen {
  struct Entry {
    Clock::time_point first;
    bool cut = false;
    uint64_t scan = 0;
  };
  std::unordered_map<uint64_t, Entry> by_inode;
  uint64_t scan = 0;
};

ConnectionReaper::ConnectionReaper(int port, std::chrono::milliseconds limit, std::chrono::milliseconds period)
    : port_(port), limit_(limit), period_(period), seen_(std::make_unique<Seen>()) {
  thread_ = std::thread([this] { Run(); });
}

ConnectionReaper::~ConnectionReaper() {
  try {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  } catch (...) {   // a destructor never throws
  }
}

void ConnectionReaper::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    ScanOnce();
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

void ConnectionReaper::ScanOnce() {
  std::lock_guard<std::mutex> lock(scan_mu_);
  Seen& seen = *seen_;
  const uint64_t scan = ++seen.scan;
  const auto now = Clock::now();
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return;
  const int own = ::dirfd(d);
  while (const dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || fd == own) continue;
    struct stat st {};
    if (::fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    if (LocalPort(static_cast<int>(fd)) != port_ || !HasPeer(static_cast<int>(fd))) continue;
    auto [it, fresh] = seen.by_inode.try_emplace(static_cast<uint64_t>(st.st_ino), Seen::Entry{now, false, scan});
    it->second.scan = scan;
    if (fresh || it->second.cut || now - it->second.first < limit_) continue;
    // Open too long: the blocked read or write in the worker fails, and cpp-httplib closes the socket.
    ::shutdown(static_cast<int>(fd), SHUT_RDWR);
    it->second.cut = true;
    reaped_.fetch_add(1);
  }
  ::closedir(d);
  for (auto it = seen.by_inode.begin(); it != seen.by_inode.end();)   // gone since: forget
    it = it->second.scan == scan ? std::next(it) : seen.by_inode.erase(it);
}

}  // namespace sip::office
