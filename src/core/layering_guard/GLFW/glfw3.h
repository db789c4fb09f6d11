// Layering guard: sipcore (the domain) has no I/O. This file shadows <GLFW/glfw3.h> on sipcore's private include
// path so that a stray include fails to compile on every target, even where the real header is installed.
#error "layering: sipcore must not include <GLFW/glfw3.h> (GLFW belongs to the platform layer)"
