// cli/safe_output.cpp — see safe_output.h.
#include "cli/safe_output.h"

#include "core/display_text.h"

namespace sip::cli {

SafeOutput::SafeOutput(std::ostream& target) : buf_(target), stream_(&buf_) {}

SafeOutput::~SafeOutput() {
  try {
    buf_.Finish();
  } catch (...) {   // a destructor never throws; the target stream's state says what was lost
  }
}

SafeOutput::Buf::int_type SafeOutput::Buf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  const char c = traits_type::to_char_type(ch);
  pending_ += c;
  if (c == '\n') Forward(false);
  return ch;
}

std::streamsize SafeOutput::Buf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<size_t>(n));
  if (pending_.find('\n') != std::string::npos || pending_.size() > 64 * 1024) Forward(false);
  return n;
}

int SafeOutput::Buf::sync() {
  Forward(false);
  target_.flush();
  return target_ ? 0 : -1;
}

void SafeOutput::Buf::Finish() {
  Forward(true);
  target_.flush();
}

// Forwards pending text, keeping back a trailing incomplete UTF-8 sequence (it may be completed by the next
// write) unless `all`.
void SafeOutput::Buf::Forward(bool all) {
  size_t end = pending_.size();
  if (!all) {
    // Back up over at most 3 continuation bytes to a lead byte whose sequence is not complete yet.
    for (size_t back = 1; back <= 4 && back <= pending_.size(); ++back) {
      const auto b = static_cast<uint8_t>(pending_[pending_.size() - back]);
      if ((b & 0xC0) == 0x80) continue;   // continuation byte
      const size_t need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
      if (need > back) end = pending_.size() - back;
      break;
    }
  }
  if (end == 0) return;
  target_ << TerminalEscape(std::string_view(pending_).substr(0, end), /*keep_line_breaks=*/true);
  pending_.erase(0, end);
}

}  // namespace sip::cli
