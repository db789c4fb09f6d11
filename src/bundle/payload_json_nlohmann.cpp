// sipbundle/payload_json_nlohmann.cpp — ParsePayloadJson() (payload_json.h) for the wasm build, chosen by
// src/CMakeLists.txt: the app never opens bundles in bulk, so nlohmann's strict parse is the whole of it.
#include "bundle/payload_json.h"

namespace sip::bundle {

Result<Json> ParsePayloadJson(std::string_view text) { return ParseJsonStrict(text); }

}  // namespace sip::bundle
