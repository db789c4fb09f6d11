// platform/platform.h — what only the platform knows, behind one interface. Implemented once for the
// browser (platform/web.cpp, Emscripten) and once natively (platform/native.cpp); nothing else in the tree
// has a platform #ifdef.
#pragma once

#include "core/time.h"

namespace sip::platform {

// Wall-clock time now.
UnixMs NowMs();
// Minutes to add to UTC for local time at `t` (Sweden: 60 or 120).
int LocalUtcOffsetMinutes(UnixMs t);
// "web" or "native".
const char* Name();

}  // namespace sip::platform
