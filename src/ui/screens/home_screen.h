// sipui/screens/home_screen.h — Översikt: every case on this device with the person's name, the step, the next
// deadline (as a date and as "om 5 dagar") and the warnings, overdue first; search by name or identity number
// (any spelling), filter by step and by "har varningar"; "Ny SIP".
//
// The list is read once (case.list) into rows whose sort keys and texts are computed then, never per frame;
// after a save only the cases written since are read again (case.list `since`), so a save costs the same with
// 1,000 cases as with one. The filtered row set is kept until the rows or the filters change; only the visible
// rows are laid out (ImGuiListClipper).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/time.h"

namespace sip::ui {

struct UiContext;

struct HomeScreen {
  struct Row {
    std::string case_id, owner_name, identity_number, step_label, noticed_on, created_on;
    Step step = Step::NeedDetected;
    std::string next_due;          // the earliest due date among the warnings, "" when none
    std::string next_due_text;     // "2026-11-22 (om 5 dagar)"
    std::string worst_warning;     // the message of the most severe warning
    int severity = 0;              // 0 none, 1 info, 2 warning, 3 overdue
    int warning_count = 0;
  };
  // Cached reads, refreshed when the data generation moves (never a query per frame).
  std::string staff_name;
  std::vector<Row> cases;          // sorted: overdue first, then by next deadline, then newest
  std::string error;               // Swedish message when the list could not be read
  uint64_t loaded_generation = ~uint64_t{0};
  CivilDate loaded_today{};
  int64_t loaded_revision = 0;     // case.list's `revision` at the last read
  uint64_t loaded_epoch = 0;       // case.list's `epoch` at the last read; 0: read everything next time
  uint64_t rows_version = 0;       // moves whenever `cases` changes

  // Search and filters (kept while the user goes elsewhere).
  std::string search;
  int step_filter = -1;            // -1 all, else a Step
  bool only_warnings = false;
  bool focus_search = false;       // Ctrl+F asked for the search field

  // What the user chose this frame: open a case, or start a new one (AppUi acts on it).
  std::string open_case;
  bool new_case = false;

  void Load(const UiContext& ctx);

  // The rows that pass the search and filters, in display order (indices into `cases`); recomputed only when
  // the rows, the search or a filter changed.
  const std::vector<size_t>& Visible();
  void Draw(const UiContext& ctx);

 private:
  struct VisibleKey {
    uint64_t rows_version = ~uint64_t{0};
    std::string search;
    int step_filter = -1;
    bool only_warnings = false;
  };
  VisibleKey visible_key;
  std::vector<size_t> visible;
};

}  // namespace sip::ui
