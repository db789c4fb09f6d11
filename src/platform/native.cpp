#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>

#if SIP_MIMALLOC
#include <mimalloc.h>
#endif

#include "platform/platform.h"

namespace sip::platform {

UnixMs NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int LocalUtcOffsetMinutes(UnixMs t) {
  const std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm local{};
  localtime_r(&s, &local);
  return static_cast<int>(local.tm_gmtoff / 60);
}

const char* Name() { return "native"; }

std::string AllocatorName() {
#if SIP_MIMALLOC
  // Linked, mimalloc replaces malloc only if the dynamic linker binds malloc to it before libc's: ask it
  // whether a fresh block from each entry point is its own.
  void* block = std::malloc(64);
  const auto object = std::make_unique<char[]>(64);
  const bool ours = mi_is_in_heap_region(block) && mi_is_in_heap_region(object.get());
  std::free(block);
  if (ours) {
    const int v = mi_version();   // e.g. 209
    return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
  }
#endif
  return "libc malloc";
}

}  // namespace sip::platform
