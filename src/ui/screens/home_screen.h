// sipui/screens/home_screen.h — Översikt: who is using the device and the cases on it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sip::ui {

struct UiContext;

struct HomeScreen {
  struct Row {
    std::string case_id, owner_name, step_label, noticed_on;
  };
  // Cached reads, refreshed when the data generation moves (never a query per frame).
  std::string staff_name;
  std::vector<Row> cases;
  std::string error;                // Swedish message when the list could not be read
  uint64_t loaded_generation = ~uint64_t{0};

  void Load(const UiContext& ctx);

  void Draw(const UiContext& ctx);
};

}  // namespace sip::ui
