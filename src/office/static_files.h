// sipoffice/static_files.h — the built web app (dist/) as the office server serves it, with the headers
// scripts/lib/server.mjs sends: the MIME types (.wasm as application/wasm), no caching without revalidation
// (an ETag per file version, so the service worker's precache gets a 304), and the strict
// Content-Security-Policy that keeps the app talking to its own origin only.
#pragma once

#include <string>

#include "office/http_api.h"

namespace sip::office::http {

// The same policy as scripts/lib/server.mjs: 'wasm-unsafe-eval' lets the page compile WebAssembly.
extern const char* const kContentSecurityPolicy;

class StaticFiles {
 public:
  // `root` is the dist folder; it must exist.
  explicit StaticFiles(const std::string& root);

  // GET/HEAD of a file under the root ("/" and folders mean their index.html). 400 for a malformed target or
  // a path with "." or ".." segments, 404 for anything that is not a regular file inside the root (symlinks
  // leading out of it included), 405 for other methods, 304 when If-None-Match names the current ETag.
  Response Serve(const Request& r) const;

 private:
  std::string root_;   // canonical, without a trailing slash
};

// Headers every static response carries (also used for errors).
void AddStaticHeaders(Response& r);

}  // namespace sip::office::http
