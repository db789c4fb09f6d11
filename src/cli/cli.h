// cli/cli.h — the native command-line tool `sipfield`, as a function so tests can run it in-process.
//
//   sipfield --help | --version
//   sipfield apply --db FILE [--keep-going]     JSON commands on stdin, one per line → one JSON result per line
//   sipfield id NUMBER                          check a personnummer/samordningsnummer, one JSON line
//   sipfield render --db FILE --case ID --doc min-sip|invitation|consent [--version N]   a paper as HTML
//   sipfield backup export --db FILE --out BACKUP     encrypted backup (passphrase from SIPFIELD_PASSPHRASE)
//   sipfield backup restore --in BACKUP --db FILE [--force]
//   sipfield office …                           the office side of plan bundles (cli/office_cli.h)
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/time.h"

namespace sip::cli {

struct Env {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  std::function<UnixMs()> clock;
  std::function<int(UnixMs)> utc_offset_min;   // local time = UTC + this; null means UTC
  std::function<std::string()> allocator = {};   // the allocator's name for --version; null: not shown
};

// Runs the tool with `args` (without the program name); everything written to env.out and env.err passes
// through cli/safe_output.h (control and bidi characters escaped). Returns the process exit code:
// 0 success · 1 a command failed · 2 usage error · 3 the database could not be opened.
int Run(const std::vector<std::string>& args, Env env);

}  // namespace sip::cli
