// sipcore/passphrase.h — the rules a new database passphrase must meet (pure: no I/O, no crypto).
//
// A passphrase protects the database key (bundle/key_wrap.h): whoever guesses it reads every case on the
// laptop. The rules, in the order checked (each failure has a stable code and a Swedish message, core/error.h):
//   passphrase_too_long     more than kPassphraseMaxBytes bytes (UTF-8)
//   passphrase_too_short    fewer than kPassphraseMinChars characters (code points) AND fewer than
//                           kPassphraseMinWords words (runs of at least two letters or digits)
//   passphrase_repetitive   one character repeated, or a plain run up or down ("123456789012", "abcdefghijkl")
//   passphrase_common       on the built-in list of common passwords and phrases — compared case-folded
//                           (ASCII and å/ä/ö/é), with spaces, hyphens, dots and underscores removed, and also
//                           with trailing digits and punctuation removed ("Lösenord2024!" is "lösenord")
// The rules apply only when a passphrase is set or changed; unlocking takes whatever was accepted then.
// The list is deliberately small (what staff are most likely to pick); Argon2id (bundle/key_wrap.h) makes
// every other guess expensive.
//
// Sections: limits · CheckNewPassphrase · helpers exposed for tests
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sip {

// --- limits -----------------------------------------------------------------------------------------------
inline constexpr size_t kPassphraseMinChars = 12;
inline constexpr size_t kPassphraseMinWords = 4;
inline constexpr size_t kPassphraseMaxBytes = 1024;

// --- CheckNewPassphrase -----------------------------------------------------------------------------------
// Ok, or the first rule the passphrase breaks (codes above). The detail never repeats the passphrase.
Result<void> CheckNewPassphrase(std::string_view passphrase);

// --- helpers exposed for tests ----------------------------------------------------------------------------
// Code points in valid UTF-8 (invalid bytes count one each).
size_t CountCodePoints(std::string_view text);
// Words: maximal runs of letters (any non-ASCII byte counts as a letter) or digits, of at least 2 characters.
size_t CountWords(std::string_view text);
// The comparison form used against the common list (see above), without the trailing-digit strip.
std::string FoldPassphrase(std::string_view text);

}  // namespace sip
