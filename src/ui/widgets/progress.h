// sipui/widgets/progress.h — a long operation on screen: what is happening, in Swedish, a progress bar and
// "Avbryt", while the operation runs as a job of the handler (app/jobs.h) one step per frame.
//
// A step runs on the frame AFTER the frame that showed its phase, so while a step keeps the thread busy the
// screen shows what it is doing ("Skyddar filen med lösenfrasen…"), and between steps everything else
// (navigation, the status bar) answers as usual. The owner calls AdvanceJob() every frame, whichever screen
// is shown (AppUi does it for the screens' jobs), and DrawJob() where the operation was started.
#pragma once

#include <string>
#include <string_view>

#include "core/command.h"

namespace sip::ui {

struct UiContext;

struct JobView {
  std::string job_id;        // "" when no job runs
  std::string title;         // what the whole operation is, e.g. "Säkerhetskopierar databasen"
  std::string phase;         // the step that runs next (app/jobs.h phase codes)
  float progress = 0;        // 0…1
  bool shown = false;        // a frame showed the current phase: its step runs on the next AdvanceJob()
  bool Running() const { return !job_id.empty(); }
};

enum class JobOutcome { Idle, Running, Done, Failed, Cancelled };

// Starts a job: `start` holds job.start's arguments ({op, …}). Returns false with `error_message` (Swedish)
// when the handler refuses it.
bool StartJob(const UiContext& ctx, JobView& job, Json start, std::string title, std::string* error_message);
// Call once per frame before drawing: on the first call after a phase change it only marks the phase shown (the
// frame then draws it); on the next it runs that step. On Done fills `result`, on Failed `error_message`.
JobOutcome AdvanceJob(const UiContext& ctx, JobView& job, Json* result, std::string* error_message);
// Draws the title, the phase, the bar and "Avbryt" (when `cancellable`); returns true when the user cancelled
// (the job is then cancelled in the handler, and nothing it did is kept).
bool DrawJob(const UiContext& ctx, JobView& job, bool cancellable = true);
// Cancels a running job (no-op when none runs).
void CancelJob(const UiContext& ctx, JobView& job);
// Swedish for a phase code ("derive_key" → "Skyddar filen med lösenfrasen").
const char* JobPhaseText(std::string_view phase);

}  // namespace sip::ui
