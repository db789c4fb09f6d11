// Layering guard: sipcore (the domain) has no I/O. This file shadows <emscripten.h> on sipcore's private include
// path so that a stray include fails to compile on every target, even where the real header is installed.
#error "layering: sipcore must not include <emscripten.h> (Emscripten belongs to the platform layer)"
