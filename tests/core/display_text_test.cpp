// core/display_text.h: which characters count as control or bidi, and how the terminal sees them.
#include <doctest/doctest.h>

#include <string>

#include "core/display_text.h"
#include "core/papers/html.h"

using namespace sip;

TEST_CASE("display text: every C0, DEL, C1 and bidi control is named; ordinary text is not") {
  for (uint32_t cp = 0; cp < 0x20; ++cp) CHECK(IsControlOrBidi(cp));
  CHECK(IsControlOrBidi(0x7F));
  for (uint32_t cp = 0x80; cp <= 0x9F; ++cp) CHECK(IsControlOrBidi(cp));
  for (uint32_t cp = 0x202A; cp <= 0x202E; ++cp) CHECK(IsControlOrBidi(cp));
  for (uint32_t cp = 0x2066; cp <= 0x2069; ++cp) CHECK(IsControlOrBidi(cp));
  for (uint32_t cp : {0x20u, 0x41u, 0x7Eu, 0xA0u, 0xE5u, 0x2013u, 0x2029u, 0x2065u, 0x206Au, 0x200Fu, 0x1F600u})
    CHECK_FALSE(IsControlOrBidi(cp));
  CHECK_FALSE(HasControlOrBidi("Åsa Öberg – hemtjänst 2 €"));
  CHECK(HasControlOrBidi("a\nb"));
  CHECK(HasControlOrBidi("\xE2\x80\xAE"));
  CHECK(HasControlOrBidi("\xC0\xAF"));   // overlong '/'
  CHECK(HasControlOrBidi("\xED\xA0\x80"));   // a surrogate
  CHECK(HasControlOrBidi("\xE2\x80"));   // truncated
}

TEST_CASE("display text: TerminalEscape writes visible escapes, keeps line breaks only when asked") {
  CHECK(TerminalEscape("Åsa") == "Åsa");
  CHECK(TerminalEscape("\x1b]0;x\x07") == "\\u001B]0;x\\u0007");
  CHECK(TerminalEscape("a\nb\tc") == "a\\u000Ab\\u0009c");
  CHECK(TerminalEscape("a\nb\tc", true) == "a\nb\tc");
  CHECK(TerminalEscape("\xC2\x9B" "2J") == "\\u009B2J");
  CHECK(TerminalEscape("x\xE2\x80\xAEy\xE2\x81\xA9") == "x\\u202Ey\\u2069");
  CHECK(TerminalEscape("\xFF\xC0\xAF") == "\\xFF\\xC0\\xAF");
  CHECK(TerminalEscape("\x7F") == "\\u007F");
  // Every escaped text is free of what it escapes.
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  CHECK_FALSE(HasControlOrBidi(TerminalEscape(all + "\xE2\x80\xAA\xE2\x81\xA6")));
}

TEST_CASE("display text: HtmlText uses the same classification (tab and line feed stay text)") {
  CHECK(HtmlText("a\tb\nc") == "a\tb\nc");
  CHECK(HtmlText("\x1b\xE2\x80\xAE\xC2\x85") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}
