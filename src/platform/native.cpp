#include <chrono>
#include <ctime>

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

}  // namespace sip::platform
