// platform/platform.h — what only the platform knows, behind one interface. Implemented once for the
// browser (platform/web.cpp, Emscripten) and once natively (platform/native.cpp); nothing else in the tree
// has a platform #ifdef.
#pragma once

#include <string>

#include "core/time.h"

namespace sip::platform {

// Wall-clock time now.
UnixMs NowMs();
// Minutes to add to UTC for local time at `t` (Sweden: 60 or 120).
int LocalUtcOffsetMinutes(UnixMs t);
// "web" or "native".
const char* Name();
// The allocator that malloc and operator new reach, checked at the call, e.g. "mimalloc 2.0.9" (the native
// programs link Debian's libmimalloc: it more than halves the office import's allocation cost), "libc malloc"
// (a build without it, e.g. the sanitized fuzz tree) or "emmalloc" (Emscripten's small allocator).
std::string AllocatorName();

}  // namespace sip::platform
