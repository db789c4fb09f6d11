// Must compile with sipcore's include paths (the positive control for probe_forbidden.cpp).
#include "core/command.h"
#include "core/settings.h"
int main() { return sip::KnownSettings().empty() ? 1 : 0; }
