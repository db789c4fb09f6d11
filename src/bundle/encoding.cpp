#include "bundle/encoding.h"

namespace sip::bundle {
namespace {
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kB64Std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decoding table of an alphabet: symbol value, or -1.
struct B64Table {
  int8_t value[256];
  explicit constexpr B64Table(const char* alphabet) : value{} {
    for (int i = 0; i < 256; ++i) value[i] = -1;
    for (int i = 0; i < 64; ++i) value[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  }
};
constexpr B64Table kUrlTable(kB64Url);
constexpr B64Table kStdTable(kB64Std);

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Both directions write into a pre-sized buffer: per-character push_back is out of line, and slow, in the
// -Os wasm build.
std::string B64Encode(const char* kB64, const uint8_t* data, size_t size) {
  std::string out(size / 3 * 4 + (size % 3 ? size % 3 + 1 : 0), '\0');
  char* o = out.data();
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
    *o++ = kB64[(v >> 6) & 63];
    *o++ = kB64[v & 63];
  }
  if (size - i == 1) {
    const uint32_t v = uint32_t{data[i]} << 16;
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
  } else if (size - i == 2) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
    *o++ = kB64[(v >> 6) & 63];
  }
  return out;
}

std::optional<Bytes> B64Decode(const B64Table& table, std::string_view text) {
  const size_t rem = text.size() % 4;
  if (rem == 1) return std::nullopt;
  // Decoded into a string first: std::string(n, 0) is one memset and a vector built from a pointer range one
  // memcpy, whereas Bytes(n) value-initialises element by element in the -Os wasm build.
  std::string buf(text.size() / 4 * 3 + (rem ? rem - 1 : 0), '\0');
  const uint8_t* in = reinterpret_cast<const uint8_t*>(text.data());
  uint8_t* o = reinterpret_cast<uint8_t*>(buf.data());
  const size_t full = text.size() - rem;
  for (size_t i = 0; i < full; i += 4) {
    const int a = table.value[in[i]], b = table.value[in[i + 1]], c = table.value[in[i + 2]], d = table.value[in[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const uint32_t v = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6 | uint32_t(d);
    *o++ = static_cast<uint8_t>(v >> 16);
    *o++ = static_cast<uint8_t>(v >> 8);
    *o++ = static_cast<uint8_t>(v);
  }
  if (rem) {
    const int a = table.value[in[full]], b = table.value[in[full + 1]], c = rem == 3 ? table.value[in[full + 2]] : 0;
    if ((a | b | c) < 0) return std::nullopt;
    const uint32_t v = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6;
    // Canonical form: the bits after the last full byte must be zero.
    if (rem == 2 && (v & 0xffff)) return std::nullopt;
    if (rem == 3 && (v & 0xff)) return std::nullopt;
    *o++ = static_cast<uint8_t>(v >> 16);
    if (rem == 3) *o++ = static_cast<uint8_t>(v >> 8);
  }
  const uint8_t* b = reinterpret_cast<const uint8_t*>(buf.data());
  return Bytes(b, b + buf.size());
}
}  // namespace

std::string Base64UrlEncode(const uint8_t* data, size_t size) { return B64Encode(kB64Url, data, size); }
std::optional<Bytes> Base64UrlDecode(std::string_view text) { return B64Decode(kUrlTable, text); }
std::string Base64StdEncode(const uint8_t* data, size_t size) { return B64Encode(kB64Std, data, size); }
std::optional<Bytes> Base64StdDecode(std::string_view text) { return B64Decode(kStdTable, text); }

std::string HexEncode(const uint8_t* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

std::optional<Bytes> HexDecode(std::string_view text) {
  if (text.size() % 2) return std::nullopt;
  Bytes out(text.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(text[2 * i]), lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::string Base64StdPaddedEncode(const uint8_t* data, size_t size) {
  std::string s = Base64StdEncode(data, size);
  while (s.size() % 4 != 0) s += '=';
  return s;
}

std::optional<Bytes> Base64StdPaddedDecode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  const std::string_view body = text.substr(0, text.size() - pad);
  // The unpadded length decides the padding: 4k → none, 4k+2 → "==", 4k+3 → "=" (4k+1 is never valid).
  static const size_t kNeeded[4] = {0, 9, 2, 1};
  if (kNeeded[body.size() % 4] != pad) return std::nullopt;
  return Base64StdDecode(body);   // refuses any other '=' and non-canonical spare bits
}

}  // namespace sip::bundle
