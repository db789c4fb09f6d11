// sipcore/need_summary.h — the first contact with licensed staff, without sensitive personal data.
//
// Seed 001 step 2: home care describes the need for a SIP to the responsible social worker or to licensed
// staff (legitimerad personal). Social workers are told through the case system's message function; licensed
// staff by e-mail "utan känsliga personuppgifter", followed by a phone call. NeedSummary() writes that e-mail
// body from the case's structured, non-personal fields only; ContainsPersonalData() is the check that it
// (or any other text about the case) carries none of the case's personal strings.
//
// What the summary may say: who noticed the need (a category), the form of collaboration, new SIP or
// follow-up, the coordination level, whether consent is in force on `today` and in which form, which kinds of
// parties (huvudman categories) and which organisations should take part, the latest day for the meeting
// (noticed_on + 21, while the meeting is not held), whether it is a discharge case, when home care detected the
// need the request that the reader convene in the region's system (seed 001 step 3), and a closing line asking
// the reader to phone the sender. Never: names, identity numbers, birth dates,
// addresses, phone numbers, e-mail addresses, free text (what matters, questions, notes, mapping, plan,
// follow-ups, deviations — these may hold health details), nor the previous SIP's reference.
//
// Guarantee: ContainsPersonalData(NeedSummary(c, today), c) is false for every Case. A line — or an
// organisation name — that would fail the check is left out (an organisation named after a participant, say);
// in a pathological case the summary can be empty, never leaky.
//
// Sections: summary · personal-data check
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"
#include "core/time.h"

namespace sip {

// ---------------------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------------------
// A few Swedish lines, each ending in '\n', for an e-mail to licensed staff. `today` (a valid date) decides
// whether consent is in force and whether the meeting's latest day has passed. Valid for any Case.
std::string NeedSummary(const Case& c, CivilDate today);

// ---------------------------------------------------------------------------------------------------------
// Personal-data check
// ---------------------------------------------------------------------------------------------------------
// True when `text` holds any of the case's personal strings, or anything that looks like a Swedish identity
// number. Comparison ignores case (ASCII and the Latin-1 letters: Å/å, Ä/ä, Ö/ö, É/é, …). Valid for any
// text and Case.
//
//   needle                                                              matched
//   people's names — the owner, representatives, participants and       whole word; each part (split at
//     their substitutes: the full name, and each part of ≥ 3 letters    non-letters) also with a genitive
//                                                                       "s" ("Annas"); "Bo", "Li" are not
//                                                                       needles on their own
//   the identity number: its last 10 digits; the birth date (given,     in the text with spaces and
//     or read from a 12-digit number, a samordningsnummer's day − 60):  - + . / ( ) removed, so every
//     YYYYMMDD and YYMMDD                                               spelling is found
//   phone numbers and contacts (owner, representatives, participants,   the same; +46/0046 and a leading
//     convener) with 6–15 digits: their digits                          0 are both tried
//   addresses: the whole, and each comma/line part holding a digit      substring (a town alone is not
//     (street and number, postcode and town); e-mail addresses and      personal)
//     contacts as typed; an unparsable birth date as typed
//   free text of ≥ 4 characters, trimmed, and each of its lines:        whole words
//     preparation (what matters, questions, wished attendees, place
//     wish, leader, not to discuss), mapping views and known
//     interventions' descriptions, the plan and every version (goals,
//     interventions' what/frequency/place, other actors' actions,
//     other plans' notes, child perspective, what to follow up),
//     invitation (purpose, questions, place), meeting (leader,
//     documenter, notes), consent documenters and exclusions, refusal
//     attempts and documenter, follow-ups (circumstances, comments,
//     effects), deviations (description, reporter, temporary
//     responsibility), closure (where to turn), previous_sip; the
//     convener's name
//   any "6 digits, optional '-', '+' or space, 4 digits" (so 8-digit    anywhere
//     forms too)
//
// Not personal strings: organisations (participants' organisation, consent `covers`, a known intervention's
// `party`, other actors), roles, huvudman categories, ids, enums, and dates other than the birth date.
bool ContainsPersonalData(std::string_view text, const Case& c);

}  // namespace sip
