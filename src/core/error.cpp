#include "core/error.h"

#include <array>

namespace sip {
namespace {

struct Row {
  std::string_view code;
  std::string_view message;
};

constexpr std::array kRows = {
#define SIP_X(name, code, msg) Row{code, msg},
    SIP_ERROR_TABLE(SIP_X)
#undef SIP_X
};

}  // namespace

std::string_view ErrorCode(Errc e) { return kRows[static_cast<size_t>(e)].code; }
std::string_view ErrorMessage(Errc e) { return kRows[static_cast<size_t>(e)].message; }
int ErrorCount() { return static_cast<int>(kRows.size()); }

std::optional<Errc> ErrcFromCode(std::string_view code) {
  for (size_t i = 0; i < kRows.size(); ++i)
    if (kRows[i].code == code) return static_cast<Errc>(i);
  return std::nullopt;
}

}  // namespace sip
