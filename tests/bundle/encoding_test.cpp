#include <doctest/doctest.h>

#include "bundle/encoding.h"

using namespace sip::bundle;

TEST_CASE("base64url matches RFC 4648 test vectors (unpadded, URL alphabet)") {
  CHECK(Base64UrlEncode(std::string_view("")) == "");
  CHECK(Base64UrlEncode(std::string_view("f")) == "Zg");
  CHECK(Base64UrlEncode(std::string_view("fo")) == "Zm8");
  CHECK(Base64UrlEncode(std::string_view("foo")) == "Zm9v");
  CHECK(Base64UrlEncode(std::string_view("foob")) == "Zm9vYg");
  CHECK(Base64UrlEncode(std::string_view("fooba")) == "Zm9vYmE");
  CHECK(Base64UrlEncode(std::string_view("foobar")) == "Zm9vYmFy");
  const Bytes b = {0xfb, 0xff, 0xbf};
  CHECK(Base64UrlEncode(b) == "-_-_");
}

TEST_CASE("base64url decoding round-trips every length and refuses non-canonical text") {
  Bytes data;
  for (int n = 0; n < 70; ++n) {
    const std::string e = Base64UrlEncode(data);
    auto d = Base64UrlDecode(e);
    REQUIRE(d.has_value());
    CHECK(*d == data);
    data.push_back(static_cast<uint8_t>(n * 37 + 11));
  }
  CHECK_FALSE(Base64UrlDecode("Zg==").has_value());   // padding
  CHECK_FALSE(Base64UrlDecode("Zh").has_value());     // non-zero trailing bits ("f" is Zg)
  CHECK_FALSE(Base64UrlDecode("Zm9+").has_value());   // standard alphabet
  CHECK_FALSE(Base64UrlDecode("Z").has_value());      // impossible length
  CHECK_FALSE(Base64UrlDecode("Zm 9v").has_value());  // whitespace
}

TEST_CASE("hex round-trips and refuses odd or non-hex input") {
  const Bytes b = {0x00, 0x7f, 0xab, 0xff};
  CHECK(HexEncode(b) == "007fabff");
  CHECK(*HexDecode("007FABff") == b);
  CHECK_FALSE(HexDecode("abc").has_value());
  CHECK_FALSE(HexDecode("zz").has_value());
}

TEST_CASE("standard base64 (age headers): RFC 4648 vectors, unpadded, canonical only") {
  CHECK(Base64StdEncode(Bytes{}) == "");
  const std::string foobar = "foobar";
  for (size_t n = 0; n <= foobar.size(); ++n) {
    const Bytes b(foobar.begin(), foobar.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK(Base64StdEncode(b) == Base64UrlEncode(b));   // same alphabet for these
    CHECK(*Base64StdDecode(Base64StdEncode(b)) == b);
  }
  const Bytes b = {0xfb, 0xff, 0xbf};
  CHECK(Base64StdEncode(b) == "+/+/");
  CHECK(*Base64StdDecode("+/+/") == b);
  CHECK_FALSE(Base64StdDecode("-_-_").has_value());   // URL alphabet
  CHECK_FALSE(Base64StdDecode("Zg==").has_value());   // padding
  CHECK_FALSE(Base64StdDecode("Zh").has_value());     // non-zero trailing bits
  CHECK_FALSE(Base64StdDecode("Zm9v\n").has_value());
  CHECK_FALSE(Base64UrlDecode("+/+/").has_value());   // and the other way round
}

TEST_CASE("padded standard base64 matches RFC 4648 section 10 and refuses non-canonical text") {
  auto enc = [](std::string_view s) { return Base64StdPaddedEncode(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
  CHECK(enc("") == "");
  CHECK(enc("f") == "Zg==");
  CHECK(enc("fo") == "Zm8=");
  CHECK(enc("foo") == "Zm9v");
  CHECK(enc("foob") == "Zm9vYg==");
  CHECK(enc("fooba") == "Zm9vYmE=");
  CHECK(enc("foobar") == "Zm9vYmFy");
  CHECK(Base64StdPaddedEncode(Bytes{0xfb, 0xff, 0xbf, 0xfe}) == "+/+//g==");
  for (size_t n = 0; n < 40; ++n) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 37 + 11);
    const std::string s = Base64StdPaddedEncode(b);
    CHECK(s.size() % 4 == 0);
    REQUIRE(Base64StdPaddedDecode(s).has_value());
    CHECK(*Base64StdPaddedDecode(s) == b);
  }
  for (const char* bad : {"Zg", "Zg=", "Zg===", "Zm8", "Zm8==", "Z===", "Zh==", "Zm9=", "Z=g=", "Zm 9v", "Zm9v\n",
                          "-_-_", "====", "Zg==Zg=="})
    CHECK_MESSAGE(!Base64StdPaddedDecode(bad).has_value(), bad);
}
