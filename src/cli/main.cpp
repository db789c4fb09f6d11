// The native entry point: everything lives in cli.cpp so tests can run it in-process.
#include <iostream>

#include "cli/cli.h"
#include "platform/platform.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return sip::cli::Run(args, {std::cin, std::cout, std::cerr, sip::platform::NowMs, sip::platform::LocalUtcOffsetMinutes,
                              sip::platform::AllocatorName});
}
