// sipoffice/static_files.cpp — see static_files.h.
#include "office/static_files.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace sip::office::http {
namespace {

const char* Mime(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".data", "application/octet-stream"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".ttf", "font/ttf"},
  };
  const std::string ext = std::filesystem::path(path).extension().string();
  for (const auto& t : kTypes)
    if (ext == t.first) return t.second;
  return "application/octet-stream";
}

std::string Base36(uint64_t v) {
  if (v == 0) return "0";
  std::string s;
  while (v) {
    s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36]);
    v /= 36;
  }
  return s;
}

Response Plain(int status, const char* text) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = text;
  AddStaticHeaders(r);
  return r;
}

}  // namespace

const char* const kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

void AddStaticHeaders(Response& r) {
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  const auto canonical = std::filesystem::canonical(root, ec);
  root_ = ec ? root : canonical.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

Response StaticFiles::Serve(const Request& r) const {
  if (r.method != "GET" && r.method != "HEAD") {
    Response m = Plain(405, "Method not allowed");
    m.headers.emplace_back("Allow", "GET, HEAD");
    return m;
  }
  auto t = ParseTarget(r.target);
  if (!t) return Plain(400, "Bad request");
  std::string rel = t->path;
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  // Every segment a plain name: no "", ".", "..", backslash (ParseTarget already refused controls and NUL).
  size_t start = 1;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    const std::string_view seg = std::string_view(rel).substr(start, end - start);
    if (seg.empty() || seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos) return Plain(400, "Bad request");
    start = end + 1;
  }
  std::error_code ec;
  const auto file = std::filesystem::canonical(root_ + rel, ec);
  if (ec) return Plain(404, "Not found");
  const std::string f = file.string();
  if (f.compare(0, root_.size() + 1, root_ + "/") != 0) return Plain(404, "Not found");   // a link out of the root
  struct stat st {};
  if (::stat(f.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return Plain(404, "Not found");
  const std::string etag = "\"" + Base36(static_cast<uint64_t>(st.st_size)) + "-" +
                           Base36(static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000 + static_cast<uint64_t>(st.st_mtim.tv_nsec / 1000000)) +
                           "-" + Base36(static_cast<uint64_t>(st.st_ino)) + "\"";
  Response out;
  AddStaticHeaders(out);
  out.headers.emplace_back("ETag", etag);
  auto inm = r.headers.find("if-none-match");
  if (inm != r.headers.end() && inm->second == etag) {
    out.status = 304;
    out.content_type.clear();
    return out;
  }
  std::ifstream in(f, std::ios::binary);
  if (!in) return Plain(404, "Not found");
  out.status = 200;
  out.content_type = Mime(f);
  out.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());   // HEAD: the server sends no body
  return out;
}

}  // namespace sip::office::http
