// sipui/screens/new_case_screen.h — Ny SIP: who noticed the need, the collaboration form (with who convenes),
// the scenario, the person (identity number checked as it is typed, age and "barn" shown; or a reserve
// number with a birth date), address and phone, representatives and relatives, and the ready-for-discharge
// date at discharge. "Skapa ärendet" sends case.create, then one representative.add per representative.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/time.h"

namespace sip::ui {

struct UiContext;

struct NewCaseScreen {
  Case draft;                                   // only the fields case.create takes
  std::vector<Representative> representatives;  // added after the case is created
  Representative new_representative;
  std::string error, error_code;                // the last refusal (Swedish, code)
  std::string created_case;                     // set once created: AppUi opens it

  // What the identity field says while typing: "" when empty, else e.g. "Giltigt personnummer – 34 år" or the
  // reason it is not valid.
  std::string IdentityNote(CivilDate today, bool* valid) const;
  bool HasUnsavedInput() const;
  void Clear();
  // Creates the case; true on success (then `created_case` holds its id and the form is cleared).
  bool Create(const UiContext& ctx);
  void Draw(const UiContext& ctx);
};

}  // namespace sip::ui
