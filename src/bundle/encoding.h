// sipbundle/encoding.h — byte encodings used by bundles: base64url (RFC 4648 §5, unpadded; JWS and JWK),
// standard base64 (RFC 4648 §4, unpadded; age headers) and hex.
//
// Decoding is strict: a non-canonical base64 string (padding, stray characters, non-zero trailing bits)
// is refused, because two spellings of one signature must not both verify.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sip::bundle {

using Bytes = std::vector<uint8_t>;

std::string Base64UrlEncode(const uint8_t* data, size_t size);
inline std::string Base64UrlEncode(const Bytes& b) { return Base64UrlEncode(b.data(), b.size()); }
inline std::string Base64UrlEncode(std::string_view s) {
  return Base64UrlEncode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// nullopt for anything but canonical unpadded base64url.
std::optional<Bytes> Base64UrlDecode(std::string_view text);

// Standard alphabet (`+`, `/`) without padding, as age writes its header.
std::string Base64StdEncode(const uint8_t* data, size_t size);
inline std::string Base64StdEncode(const Bytes& b) { return Base64StdEncode(b.data(), b.size()); }
// nullopt for anything but canonical unpadded standard base64.
std::optional<Bytes> Base64StdDecode(std::string_view text);

// Standard alphabet with `=` padding (RFC 4648 section 4), what `base64 -d` and browsers' atob() read: the
// `file` of bundle.export, bundle.file and backup.export.
std::string Base64StdPaddedEncode(const uint8_t* data, size_t size);
inline std::string Base64StdPaddedEncode(const Bytes& b) { return Base64StdPaddedEncode(b.data(), b.size()); }
// nullopt for anything but canonical padded standard base64 (length a multiple of 4, exactly the padding
// the length needs, zero spare bits, no whitespace).
std::optional<Bytes> Base64StdPaddedDecode(std::string_view text);

std::string HexEncode(const uint8_t* data, size_t size);
inline std::string HexEncode(const Bytes& b) { return HexEncode(b.data(), b.size()); }
// Lower- or upper-case hex of even length; nullopt otherwise.
std::optional<Bytes> HexDecode(std::string_view text);

}  // namespace sip::bundle
