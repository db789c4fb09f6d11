// cli/safe_output.h and cli/files.h: what the CLI prints cannot drive the terminal; what it writes does not
// follow planted links.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "bundle/crypto.h"
#include "cli/cli.h"
#include "cli/files.h"
#include "cli/safe_output.h"
#include "core/command.h"

using namespace sip;

namespace {
struct Dir {
  std::string path;
  Dir() {
    char tmpl[] = "/tmp/sipfield-files-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
};
std::string Read(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("SafeOutput escapes controls and bidi, keeps lines and UTF-8 split across writes") {
  std::stringstream target;
  {
    cli::SafeOutput safe(target);
    std::ostream& o = safe.stream();
    o << "Åsa\x1b[2J\n";
    o << "\xE2";   // U+202E split over three writes
    o << "\x80";
    o << "\xAE" "x\tä";
    o.flush();
    CHECK(target.str() == "Åsa\\u001B[2J\n\\u202Ex\tä");
    o << "\xC3";   // an incomplete sequence at the end is written as a byte escape
  }
  CHECK(target.str() == "Åsa\\u001B[2J\n\\u202Ex\tä\\xC3");
}

TEST_CASE("cli::Run passes everything through SafeOutput: apply's JSON keeps its meaning") {
  Dir d;
  std::stringstream in(R"({"cmd":"ping","id":"a)" "\xE2\x80\xAE" R"(b"})" "\n"), out, err;
  const int code = cli::Run({"apply", "--db", d / "x.db"}, {in, out, err, [] { return UnixMs{1795336070123}; }, {}});
  INFO(out.str() << err.str());
  CHECK(out.str().find("\xE2\x80\xAE") == std::string::npos);
  CHECK(out.str().find("\\u202E") != std::string::npos);
  const Json j = Json::parse(out.str().substr(0, out.str().find('\n')));
  CHECK(j.dump().find("\xE2\x80\xAE") != std::string::npos);   // the same string after parsing
  CHECK(code == 0);
}

TEST_CASE("WriteFileAtomic: modes, replacing a file, refusing links, folders and devices") {
  REQUIRE(bundle::InitCrypto());
  Dir d;
  const std::string p = d / "out.txt";
  REQUIRE(cli::WriteFileAtomic(p, std::string_view("one")).ok());
  struct stat st {};
  REQUIRE(lstat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(cli::WriteFileAtomic(p, std::string_view("two"), cli::FileMode::Public).ok());
  CHECK(Read(p) == "two");

  const std::string victim = d / "victim";
  std::ofstream(victim) << "keep";
  const std::string link = d / "link";
  REQUIRE(symlink(victim.c_str(), link.c_str()) == 0);
  CHECK(cli::WriteFileAtomic(link, std::string_view("x")).error().code == Errc::OutputNotAFile);
  CHECK(cli::WriteFileAtomic(d.path, std::string_view("x")).error().code == Errc::OutputNotAFile);
  CHECK(cli::WriteFileAtomic("/dev/null", std::string_view("x")).error().code == Errc::OutputNotAFile);
  const std::string fifo = d / "fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(cli::WriteFileAtomic(fifo, std::string_view("x")).error().code == Errc::OutputNotAFile);
  CHECK(Read(victim) == "keep");
  // A dangling link planted as the target is refused as well (it would otherwise be replaced silently).
  const std::string dangling = d / "dangling";
  REQUIRE(symlink((d / "nowhere").c_str(), dangling.c_str()) == 0);
  CHECK(cli::WriteFileAtomic(dangling, std::string_view("x")).error().code == Errc::OutputNotAFile);
  CHECK_FALSE(std::filesystem::exists(d / "nowhere"));
  // A folder that cannot be written: db_io and nothing left behind.
  CHECK(cli::WriteFileAtomic(d / "no/such/dir/x", std::string_view("x")).error().code == Errc::DbIo);
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(d.path)) {
    (void)e;
    ++files;
  }
  CHECK(files == 5);   // out.txt, victim, link, fifo, dangling: no temporary file left
}
