// sipbundle/payload_json.h — parsing a plan bundle's payload (after its signature verified).
//
// ParsePayloadJson() gives exactly ParseJsonStrict()'s answer (core/command.h: duplicate members, nesting
// deeper than kMaxJsonDepth and text over kMaxRequestBytes refused; the same values and number types) for
// every input. Natively it is faster: the office's import spent a third of a bundle's verify time in
// nlohmann's lexer, so payload_json_simdjson.cpp parses with simdjson (Debian's libsimdjson-dev) and builds
// the same DOM from simdjson's; whatever simdjson refuses, or could read differently, is handed to
// ParseJsonStrict for the authoritative answer. The wasm build (payload_json_nlohmann.cpp) calls
// ParseJsonStrict directly. tests/bundle/payload_json_test.cpp and the fuzz target fuzz_payload_json compare the two.
#pragma once

#include <string_view>

#include "core/command.h"
#include "core/result.h"

namespace sip::bundle {

Result<Json> ParsePayloadJson(std::string_view text);

}  // namespace sip::bundle
