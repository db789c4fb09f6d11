// src/platform/native.cpp's AllocatorName(), linked into this suite as into `sipfield` (with sip_allocator):
// the native programs really allocate through mimalloc, and `sipfield --version` says so.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/cli.h"
#include "platform/platform.h"

using namespace sip;

TEST_CASE("the native programs' malloc and operator new are mimalloc's, and --version names it") {
  const std::string name = platform::AllocatorName();
  // Fails if the dynamic linker bound malloc to libc's (e.g. libmimalloc linked after libc, or not at all).
  CHECK(name.rfind("mimalloc 2.", 0) == 0);

  std::istringstream in;
  std::ostringstream out, err;
  const int code = cli::Run({"--version"}, {in, out, err, [] { return UnixMs{0}; }, {}, platform::AllocatorName});
  CHECK(code == 0);
  CHECK(out.str().find(", " + name + ")\n") != std::string::npos);

  // Without an allocator in the environment the line ends with libsodium's version, as before.
  std::ostringstream plain;
  CHECK(cli::Run({"--version"}, {in, plain, err, [] { return UnixMs{0}; }, {}}) == 0);
  CHECK(plain.str().find("mimalloc") == std::string::npos);
}
