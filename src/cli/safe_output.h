// cli/safe_output.h — everything the CLI prints passes through here, so text that came from outside
// (device and staff names, FHIR strings, case ids, file names, error details) cannot drive the terminal:
// control characters, bidirectional overrides and malformed UTF-8 are written as visible escapes
// (core/display_text.h TerminalEscape: `\u001B`, `\u202E`, `\xFF`). Tab and line feed pass. A `\uXXXX`
// escape is valid inside a JSON string, so `--json` and `apply` output keep their meaning.
//
//   SafeOutput  an ostream over another ostream that escapes as it forwards (line by line, and on flush)
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace sip::cli {

class SafeOutput {
 public:
  explicit SafeOutput(std::ostream& target);
  ~SafeOutput();   // forwards what is left (an incomplete UTF-8 sequence as \xNN) and flushes; never throws
  SafeOutput(const SafeOutput&) = delete;
  SafeOutput& operator=(const SafeOutput&) = delete;

  std::ostream& stream() { return stream_; }

 private:
  class Buf : public std::streambuf {
   public:
    explicit Buf(std::ostream& target) : target_(target) {}
    void Finish();   // forwards everything, incomplete sequences included

   protected:
    int_type overflow(int_type ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

   private:
    void Forward(bool all);
    std::ostream& target_;
    std::string pending_;
  };
  Buf buf_;
  std::ostream stream_;
};

}  // namespace sip::cli
