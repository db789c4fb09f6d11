// tests/app/app_test_support.h — a case taken through the handler from detection to an established plan,
// for suites that need real data behind a command (bundle export, the office round trip). Fictional data;
// the identity number is from ../shared/testdata.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "app/handler.h"

namespace sip::app::testing {

// Dispatches `request`, which must succeed; returns its result.
inline Json Must(CommandHandler& h, const Json& request) {
  Json r = h.Dispatch(request);
  INFO(request.dump());
  INFO(r.dump());
  REQUIRE(r["ok"].get<bool>());
  return r["result"];
}

// Creates a case and establishes plan version 1 (dates in November 2026); returns the case id.
inline std::string EstablishedCase(CommandHandler& h, const std::string& owner = "Arvid Testsson") {
  const std::string id = Must(h, {{"cmd", "case.create"},
                                  {"owner", {{"name", owner}, {"identity_number", "19821105-9954"}}},
                                  {"noticed_by", "home_care"},
                                  {"noticed_on", "2026-11-02"}})["case_id"].get<std::string>();
  auto on = [&](Json j) {
    j["case_id"] = id;
    return Must(h, j);
  };
  on({{"cmd", "preparation.start"}});
  on({{"cmd", "preparation.update"}, {"what_matters", "Jag vill bo kvar hemma"}});
  on({{"cmd", "consent.record"}, {"given_by", "person"}, {"form", "oral"}, {"documented_by", "Olle Omsorgshandledare"},
      {"documented_on", "2026-11-03"}, {"valid_from", "2026-11-03"}, {"covers", {"Socialtjänsten", "Hemtjänsten"}}});
  const std::string home_care = on({{"cmd", "participant.add"}, {"name", "Olle Omsorgshandledare"},
                                    {"organisation", "Hemtjänsten Testgården"}, {"huvudman", "municipality"},
                                    {"role", "omsorgshandledare"}})["participant_id"].get<std::string>();
  const std::string social = on({{"cmd", "participant.add"}, {"name", "Sara Socialsekreterare"},
                                 {"organisation", "Socialtjänsten Testköping"}, {"huvudman", "municipality"},
                                 {"role", "socialsekreterare"}})["participant_id"].get<std::string>();
  on({{"cmd", "mapping.update"}, {"area", "mobility"}, {"person_view", "Jag har ramlat två gånger"}});
  on({{"cmd", "invitation.update"}, {"purpose", "Att Arvid kan bo kvar hemma"}, {"meeting_at", "2026-11-17T10:00"},
      {"place", "Hemma"}, {"invitees", {home_care, social}}});
  on({{"cmd", "convener.set"}, {"name", "Sara Socialsekreterare"}, {"organisation", "Socialtjänsten Testköping"},
      {"role", "socialsekreterare"}});
  on({{"cmd", "invitation.send"}, {"sent_on", "2026-11-05"}});
  on({{"cmd", "meeting.record"}, {"participation", "in_person"}, {"held_on", "2026-11-17"}, {"leader", "Olle Omsorgshandledare"},
      {"documenter", "Olle Omsorgshandledare"},
      {"attendance", {{{"participant_id", home_care}, {"attendance", "present"}},
                      {{"participant_id", social}, {"attendance", "present"}}}}});
  const std::string goal = on({{"cmd", "goal.add"}, {"text", "Jag vill bo kvar hemma"}, {"persons_own_words", true}})["goal_id"].get<std::string>();
  on({{"cmd", "intervention.add"}, {"what", "Hjälp inför såromläggning"}, {"responsible", home_care},
      {"start_date", "2026-11-18"}, {"frequency", "måndag och torsdag"}, {"place", "Hemma"}, {"goal_id", goal},
      {"home_care_commitment", true}});
  on({{"cmd", "plan.update"}, {"coordinator", social}, {"follow_up_on", "2027-02-15"}, {"follow_up_owner", social}});
  on({{"cmd", "plan.establish"}, {"established_on", "2026-11-17"}});
  return id;
}

}  // namespace sip::app::testing
