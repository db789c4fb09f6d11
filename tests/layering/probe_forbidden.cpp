// Must NOT compile with sipcore's include paths: PROBE_HEADER names a header of a higher layer.
#include PROBE_HEADER
int main() { return 0; }
