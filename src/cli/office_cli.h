// cli/office_cli.h — `sipfield office …`: the convener's side of plan bundles, over office/office.h.
//
//   sipfield office init --name NAME [--office DIR]        create the office (keys, empty trust list)
//   sipfield office profile [--out FILE]                   the signed office profile for the devices
//   sipfield office export-identity --out FILE            the import keys as an age identity file (0600)
//   sipfield office rotate                                 next import key → current, a fresh next
//   sipfield office enroll REQUEST_FILE [--valid-days N]   trust a device (enrollment request)
//   sipfield office enroll --pending | --approve KID       requests that came to the server / approve one
//   sipfield office serve [--port N] [--dist DIR] …        the office server (cli/office_serve.cpp)
//   sipfield office revoke KID [--after-seq N]             stop trusting a device key
//   sipfield office trust-list                             the devices and their status
//   sipfield office verify FILE…|DIR                       check bundles without importing
//   sipfield office import FILE…|DIR                       verify and store, idempotently
//   sipfield office status | flags                         counts, chains, pending receipts / conflicts
//   sipfield office show|render|fhir|commitments JTI       read an imported plan
//   sipfield office receipt [--device KID] [--since DATE] --out FILE
//
// Every command takes --office DIR (default ./office) and --json (one JSON object per line on stdout).
// The passphrase comes from SIPFIELD_PASSPHRASE. Exit codes: 0 ok · 1 an input was refused (the stable code
// is printed) · 2 usage · 3 the office cannot be opened (office_not_found, office_damaged, db_*).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace sip::cli {

// `args` starts with "office". Returns the exit code.
int OfficeCommand(const std::vector<std::string>& args, Env& env);

// `sipfield office serve` (cli/office_serve.cpp): `values` are the parsed --options. Returns the exit code.
int OfficeServe(const std::string& office_dir, const std::map<std::string, std::string>& values, Env& env);

// The help text's office part (Swedish).
extern const char* const kOfficeHelp;

}  // namespace sip::cli
