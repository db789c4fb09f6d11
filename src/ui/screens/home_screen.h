// sipui/screens/home_screen.h — Översikt: who is using the device and the cases on it.
#pragma once

#include <cstdint>
#include <string>

namespace sip::ui {

struct UiContext;

struct HomeScreen {
  std::string staff_name;           // cached read, refreshed when the data generation moves
  uint64_t loaded_generation = ~uint64_t{0};

  void Draw(const UiContext& ctx);
};

}  // namespace sip::ui
