#include "core/need_summary.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "core/deadlines.h"
#include "core/rules.h"

namespace sip {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Text helpers (UTF-8; folding keeps byte positions, so offsets in folded text are offsets in the original)
// ---------------------------------------------------------------------------------------------------------
bool IsDigit(char ch) { return ch >= '0' && ch <= '9'; }
bool IsAsciiAlnum(char ch) {
  return IsDigit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
unsigned char U(char ch) { return static_cast<unsigned char>(ch); }

// Lower-cases ASCII and the Latin-1 capitals (U+00C0–U+00DE except ×), byte for byte.
std::string Fold(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    const unsigned char b = U(out[i]);
    if (b >= 'A' && b <= 'Z') {
      out[i] = static_cast<char>(b + 32);
    } else if (b == 0xC3 && i + 1 < out.size()) {
      const unsigned char n = U(out[i + 1]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) out[i + 1] = static_cast<char>(n + 0x20);
      ++i;
    }
  }
  return out;
}

// Length in bytes of the UTF-8 sequence starting with lead byte `b` (1 for stray bytes).
size_t SeqLen(unsigned char b) {
  if (b >= 0xF0 && b <= 0xF4) return 4;
  if (b >= 0xE0) return b <= 0xEF ? 3 : 1;
  if (b >= 0xC2) return 2;
  return 1;
}

// Is the character starting at `i` part of a word? ASCII letters and digits, and the Latin letters of
// U+00C0–U+027F (lead bytes C3–C9) except × and ÷.
bool WordCharAt(std::string_view s, size_t i) {
  const unsigned char b = U(s[i]);
  if (b < 0x80) return IsAsciiAlnum(s[i]);
  if (b < 0xC3 || b > 0xC9 || i + 1 >= s.size()) return false;
  return !(b == 0xC3 && (U(s[i + 1]) == 0x97 || U(s[i + 1]) == 0xB7));
}

// Is the character that ends just before `end` part of a word?
bool WordCharBefore(std::string_view s, size_t end) {
  if (end == 0) return false;
  size_t start = end - 1;
  while (start > 0 && (U(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
  return SeqLen(U(s[start])) == end - start && WordCharAt(s, start);
}

std::string Trim(std::string_view s) {
  const auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  size_t a = 0, b = s.size();
  while (a < b && ws(s[a])) ++a;
  while (b > a && ws(s[b - 1])) --b;
  return std::string(s.substr(a, b - a));
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (U(ch) & 0xC0) != 0x80; }));
}

std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char ch : s)
    if (IsDigit(ch)) out += ch;
  return out;
}

// The text with the separators people put inside numbers removed: "070-123 45 67" → "0701234567".
std::string StripSeparators(std::string_view s) {
  std::string out;
  for (char ch : s)
    if (std::string_view(" -+./()\t").find(ch) == std::string_view::npos) out += ch;
  return out;
}

// 6 digits, an optional '-', '+' or space, 4 digits — anywhere (an 8-digit date form ends in 6 digits).
bool LooksLikeIdentityNumber(std::string_view s) {
  const auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t k = at; k < at + n; ++k)
      if (!IsDigit(s[k])) return false;
    return true;
  };
  for (size_t i = 0; i + 10 <= s.size(); ++i) {
    if (!digits(i, 6)) continue;
    if (digits(i + 6, 4)) return true;
    const char sep = s[i + 6];
    if ((sep == '-' || sep == '+' || sep == ' ') && digits(i + 7, 4)) return true;
  }
  return false;
}

// Does folded `needle` occur in folded `hay` as a whole word (a genitive "s" allowed after it when asked)?
// A boundary is checked only on a side where the needle itself starts or ends with a word character.
bool FindWord(std::string_view hay, std::string_view needle, bool genitive) {
  if (needle.empty()) return false;
  const bool check_before = WordCharAt(needle, 0);
  const bool check_after = WordCharBefore(needle, needle.size());
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) {
    if (check_before && WordCharBefore(hay, at)) continue;
    const size_t end = at + needle.size();
    if (!check_after || end >= hay.size() || !WordCharAt(hay, end)) return true;
    if (genitive && hay[end] == 's' && (end + 1 >= hay.size() || !WordCharAt(hay, end + 1))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// The case's personal strings, folded, built once per check
// ---------------------------------------------------------------------------------------------------------
class PersonalStrings {
 public:
  explicit PersonalStrings(const Case& c) {
    AddPersonName(c.owner.name);
    AddIdentity(c.owner.identity_number);
    AddBirthDate(c.owner.birth_date);
    AddAddress(c.owner.address);
    AddContact(c.owner.phone);
    for (const auto& r : c.representatives) {
      AddPersonName(r.name);
      AddContact(r.phone);
      AddContact(r.email);
      AddAddress(r.address);
    }
    for (const auto& p : c.participants) {
      AddPersonName(p.name);
      AddPersonName(p.substitute);
      AddContact(p.contact);
    }
    AddFree(c.convener.name);
    AddContact(c.convener.contact);
    for (const auto& k : c.consents) {
      AddFree(k.documented_by);
      AddFree(k.withdrawal_recorded_by);
      for (const auto& e : k.exclusions) AddFree(e);
    }
    for (const auto& a : c.refusal.attempts) AddFree(a);
    AddFree(c.refusal.documented_by);
    AddFree(c.previous_sip);
    const Preparation& prep = c.preparation;
    AddFree(prep.what_matters);
    for (const auto& q : prep.questions) AddFree(q);
    for (const auto& w : prep.wished_attendees) AddFree(w);
    AddFree(prep.meeting_place_wish);
    AddFree(prep.meeting_leader);
    for (const auto& n : prep.not_to_discuss) AddFree(n);
    for (const auto& m : c.mapping) {
      AddFree(m.person_view);
      for (const auto& k : m.interventions) AddFree(k.description);
    }
    AddFree(c.invitation.purpose);
    for (const auto& q : c.invitation.questions) AddFree(q);
    AddFree(c.invitation.place);
    AddFree(c.meeting.leader);
    AddFree(c.meeting.documenter);
    AddFree(c.meeting.notes);
    AddPlan(c.plan);
    for (const auto& v : c.versions) AddPlan(v.plan);
    for (const auto& f : c.follow_ups) {
      AddFree(f.new_circumstances);
      for (const auto& g : f.goals) AddFree(g.comment);
      for (const auto& i : f.interventions) AddFree(i.effect);
    }
    for (const auto& d : c.deviations) {
      AddFree(d.description);
      AddFree(d.reported_by);
      AddFree(d.temporary_responsibility);
    }
    AddFree(c.closure.where_to_turn);
  }

  bool FoundIn(std::string_view text) const {
    if (LooksLikeIdentityNumber(text)) return true;
    const std::string folded = Fold(text);
    for (const auto& n : substrings_)
      if (folded.find(n) != std::string::npos) return true;
    for (const auto& n : words_)
      if (FindWord(folded, n, false)) return true;
    for (const auto& n : name_parts_)
      if (FindWord(folded, n, true)) return true;
    if (!digit_runs_.empty()) {
      const std::string stripped = StripSeparators(folded);
      for (const auto& n : digit_runs_)
        if (stripped.find(n) != std::string::npos) return true;
    }
    return false;
  }

 private:
  void AddPlan(const Plan& p) {
    for (const auto& g : p.goals) AddFree(g.text);
    for (const auto& i : p.interventions) {
      AddFree(i.what);
      AddFree(i.frequency);
      AddFree(i.place);
    }
    for (const auto& a : p.other_actors) AddFree(a.action);
    for (const auto& o : p.other_plans) AddFree(o.note);
    AddFree(p.child_perspective);
    AddFree(p.what_to_follow_up);
  }

  // Free text: the whole (trimmed) and each line, when ≥ 4 characters; matched as whole words.
  void AddFree(std::string_view s) {
    AddWord(s);
    size_t start = 0;
    while (start <= s.size()) {
      size_t nl = s.find('\n', start);
      if (nl == std::string_view::npos) nl = s.size();
      if (start != 0 || nl != s.size()) AddWord(s.substr(start, nl - start));
      start = nl + 1;
    }
  }
  void AddWord(std::string_view s) {
    const std::string t = Trim(s);
    if (CodePoints(t) >= 4) words_.push_back(Fold(t));
  }

  // A person's name: the whole as a word, and each part of ≥ 3 letters (split at non-word characters).
  void AddPersonName(std::string_view s) {
    const std::string t = Trim(s);
    if (t.empty()) return;
    if (CodePoints(t) >= 3) words_.push_back(Fold(t));
    const auto next = [&](size_t at) { return std::min(t.size(), at + SeqLen(U(t[at]))); };
    size_t i = 0;
    while (i < t.size()) {
      while (i < t.size() && !WordCharAt(t, i)) i = next(i);
      size_t j = i;
      while (j < t.size() && WordCharAt(t, j)) j = next(j);
      const std::string_view part = std::string_view(t).substr(i, j - i);
      if (CodePoints(part) >= 3) name_parts_.push_back(Fold(part));
      i = j;
    }
  }

  // An identity number in any spelling: its last 10 digits, found with separators removed.
  void AddIdentity(std::string_view s) {
    const std::string d = DigitsOf(s);
    if (d.size() >= 10) {
      digit_runs_.push_back(d.substr(d.size() - 10));
      // The birth date inside a 12-digit number (a samordningsnummer's day is the real day + 60).
      if (d.size() == 12) {
        const auto num = [&](size_t at, size_t n) {
          int v = 0;
          for (size_t k = at; k < at + n; ++k) v = v * 10 + (d[k] - '0');
          return v;
        };
        CivilDate b{num(0, 4), num(4, 2), num(6, 2)};
        if (b.day > 60) b.day -= 60;
        if (IsValidDate(b)) AddBirthDigits(b);
      }
    } else {
      AddSubstring(s);
    }
  }

  void AddBirthDate(std::string_view s) {
    if (auto d = ParseDate(s)) {
      AddBirthDigits(*d);
    } else {
      AddSubstring(s);
    }
  }
  void AddBirthDigits(CivilDate d) {
    const std::string ymd = DigitsOf(FormatDate(d));   // YYYYMMDD
    digit_runs_.push_back(ymd);
    digit_runs_.push_back(ymd.substr(2));              // YYMMDD
  }

  // An address: the whole, and each comma- or line-separated part that holds a digit (street and number,
  // postcode and town — a town name alone is not personal).
  void AddAddress(std::string_view s) {
    AddSubstring(s);
    size_t start = 0;
    while (start < s.size()) {
      size_t end = s.find_first_of(",\n", start);
      if (end == std::string_view::npos) end = s.size();
      const std::string part = Trim(s.substr(start, end - start));
      if (std::any_of(part.begin(), part.end(), IsDigit)) AddSubstring(part);
      start = end + 1;
    }
  }

  // A phone number, e-mail address or other contact: as typed, and its digits when there are ≥ 6.
  void AddContact(std::string_view s) {
    AddSubstring(s);
    const std::string d = DigitsOf(s);
    if (d.size() < 6 || d.size() > 15) return;
    digit_runs_.push_back(d);
    if (d.rfind("0046", 0) == 0) digit_runs_.push_back("0" + d.substr(4));
    if (d.rfind("46", 0) == 0) digit_runs_.push_back("0" + d.substr(2));
    if (d.rfind("0", 0) == 0 && d.rfind("00", 0) != 0) digit_runs_.push_back("46" + d.substr(1));
  }

  void AddSubstring(std::string_view s) {
    const std::string t = Trim(s);
    if (CodePoints(t) >= 4) substrings_.push_back(Fold(t));
  }

  std::vector<std::string> substrings_;   // anywhere
  std::vector<std::string> words_;        // whole words
  std::vector<std::string> name_parts_;   // whole words, genitive "s" allowed
  std::vector<std::string> digit_runs_;   // anywhere in the separator-free text
};

// ---------------------------------------------------------------------------------------------------------
// Swedish labels
// ---------------------------------------------------------------------------------------------------------
const char* NoticedByLabel(NoticedBy n) {
  switch (n) {
    case NoticedBy::Unknown: return nullptr;
    case NoticedBy::School: return "skolan";
    case NoticedBy::SocialServices: return "socialtjänsten";
    case NoticedBy::HomeCare: return "hemtjänsten";
    case NoticedBy::RegionalHealthCare: return "regionens hälso- och sjukvård";
    case NoticedBy::MunicipalHealthCare: return "kommunens hälso- och sjukvård";
    case NoticedBy::Individual: return "den enskilde själv";
    case NoticedBy::Relative: return "en närstående";
    case NoticedBy::Other: return "en annan aktör";
  }
  return nullptr;
}

const char* FormLabel(CollaborationForm f) {
  switch (f) {
    case CollaborationForm::Unknown: return nullptr;
    case CollaborationForm::Sip: return "SIP, samordnad individuell plan (insatser från både kommun och region)";
    case CollaborationForm::WithIndividual: return "samverkan med den enskilde (flera kommunala aktörer)";
    case CollaborationForm::WithoutIndividual: return "samverkan utan den enskilde";
  }
  return nullptr;
}

const char* KindLabel(SipKind k) {
  switch (k) {
    case SipKind::Unknown: return nullptr;
    case SipKind::New: return "Det gäller en ny SIP.";
    case SipKind::FollowUp: return "Det gäller uppföljning av en tidigare SIP.";
  }
  return nullptr;
}

const char* LevelLabel(CoordinationLevel l) {
  switch (l) {
    case CoordinationLevel::Unknown: return nullptr;
    case CoordinationLevel::Sip: return "SIP (visst samordningsbehov)";
    case CoordinationLevel::SipPlus: return "SIP+ (medel till stort samordningsbehov, med SIP-samordnare)";
    case CoordinationLevel::SipPlusPlus: return "SIP++ (mycket stort samordningsbehov)";
  }
  return nullptr;
}

const char* HuvudmanLabel(Huvudman h) {
  switch (h) {
    case Huvudman::Unknown: return nullptr;
    case Huvudman::Municipality: return "kommunen";
    case Huvudman::Region: return "regionen";
    case Huvudman::Individual: return "den enskilde";
    case Huvudman::Relative: return "närstående";
    case Huvudman::Other: return "andra aktörer";
  }
  return nullptr;
}

std::string ConsentLine(const Case& c, CivilDate today) {
  const auto in_force = ConsentsInForce(c, today);
  if (CheckConsent(c, today).ok()) {
    const auto has = [&](ConsentForm f) {
      return std::any_of(in_force.begin(), in_force.end(), [&](const Consent* k) { return k->form == f; });
    };
    if (has(ConsentForm::Written)) return "Samtycke: inhämtat skriftligt.";
    if (has(ConsentForm::Oral)) return "Samtycke: inhämtat muntligt och dokumenterat.";
    return "Samtycke: inhämtat.";
  }
  if (ConsentWithdrawnForGood(c, today)) return "Samtycke: återkallat.";
  if (!c.refusal.refused_on.empty() && in_force.empty()) return "Samtycke: har inte lämnats.";
  if (!in_force.empty()) return "Samtycke: delvis inhämtat (alla som ska samtycka har inte gjort det ännu).";
  if (!c.consents.empty()) return "Samtycke: gäller inte i dag och behöver förnyas.";
  return "Samtycke: inte inhämtat ännu.";
}

// A single line of at most kMaxOrganisationBytes, control characters turned into spaces.
constexpr size_t kMaxOrganisationBytes = 120;
std::string CleanOrganisation(std::string_view s) {
  std::string out = Trim(s);
  for (char& ch : out)
    if (U(ch) < 0x20 || ch == 0x7F) ch = ' ';
  return out.size() <= kMaxOrganisationBytes ? out : std::string();
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

}  // namespace

bool ContainsPersonalData(std::string_view text, const Case& c) { return PersonalStrings(c).FoundIn(text); }

std::string NeedSummary(const Case& c, CivilDate today) {
  const PersonalStrings personal(c);
  std::vector<std::string> lines;

  const bool sip = c.form == CollaborationForm::Sip || c.form == CollaborationForm::Unknown;
  lines.push_back(sip ? "Behov av samordnad individuell plan (SIP) – underlag utan personuppgifter."
                      : "Behov av samverkan – underlag utan personuppgifter.");
  if (const char* s = NoticedByLabel(c.noticed_by))
    lines.push_back(std::string("Behovet har uppmärksammats av ") + s + ".");
  if (const char* s = FormLabel(c.form)) lines.push_back(std::string("Samverkansform: ") + s + ".");
  if (const char* s = KindLabel(c.kind)) lines.push_back(s);
  if (const char* s = LevelLabel(c.level)) lines.push_back(std::string("Samordningsnivå: ") + s + ".");
  lines.push_back(ConsentLine(c, today));

  std::vector<std::string> kinds;
  for (Huvudman h : {Huvudman::Municipality, Huvudman::Region, Huvudman::Individual, Huvudman::Relative,
                     Huvudman::Other}) {
    const bool present = std::any_of(c.participants.begin(), c.participants.end(),
                                     [&](const Participant& p) { return p.huvudman == h; });
    if (present) kinds.push_back(HuvudmanLabel(h));
  }
  if (!kinds.empty()) lines.push_back("Parter som bör delta: " + Join(kinds) + ".");

  // Organisations of the huvudmän and other actors only: a relative's or the person's "organisation" says
  // something about them. Each name must pass the check on its own.
  std::vector<std::string> orgs, seen;
  for (const auto& p : c.participants) {
    if (p.huvudman != Huvudman::Municipality && p.huvudman != Huvudman::Region && p.huvudman != Huvudman::Other)
      continue;
    const std::string org = CleanOrganisation(p.organisation);
    if (org.empty() || personal.FoundIn(org)) continue;
    const std::string key = Fold(org);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    orgs.push_back(org);
  }
  if (!orgs.empty()) lines.push_back("Organisationer som bör delta: " + Join(orgs) + ".");

  if (c.meeting.held_on.empty()) {
    if (auto noticed = ParseDate(c.noticed_on)) {
      const CivilDate due = AddDays(*noticed, kMeetingWithinDays);
      const std::string d = FormatDate(due);
      if (DaysFromCivil(due) < DaysFromCivil(today))
        lines.push_back("Mötet skulle ha hållits senast " + d +
                        " (tre veckor efter att behovet upptäcktes) och bör hållas snarast.");
      else
        lines.push_back("Mötet bör hållas senast " + d + " (inom tre veckor från att behovet upptäcktes).");
    }
  }
  if (!c.ready_for_discharge_on.empty()) lines.push_back("Ärendet gäller utskrivning från slutenvård.");
  if (c.scenario == ConveningScenario::HomeCareDetects)
    lines.push_back("Hemtjänsten ber dig sammankalla berörda parter i regionens SIP-system på hemtjänstens uppdrag.");
  lines.push_back("Ring avsändaren för vidare information.");

  // Keep a line only when the text so far with it passes the check (a free-text needle may span lines).
  std::string out;
  for (const auto& line : lines) {
    std::string next = out + line + "\n";
    if (!personal.FoundIn(next)) out = std::move(next);
  }
  return out;
}

}  // namespace sip
