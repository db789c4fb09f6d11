// sipapp/jobs.h — long operations in bounded steps, so that the screen which started one draws a progress bar
// and "Avbryt" between the steps instead of freezing until everything is done.
//
//   job.start  {op, …the op's own arguments}  → {job_id, op, phase, progress: 0, done: false}
//   job.step   {job_id}                       → runs one step → {job_id, op, phase, progress, done, result?}
//   job.cancel {job_id}                       → {cancelled}
//
// `phase` names the step that runs next (the screen shows it while that step runs), or "done"; `progress` is
// the share of the work done, 0…1, by each step's weight. A job writes nothing before its last step, so
// cancelling it loses nothing. A step that fails ends the job with the step's error. The screens are single
// threaded: each step is one bounded piece of work (one Argon2id derivation, one encryption pass).
//
// Ops: backup.export (read_database · derive_key · encrypt · encode; the result is backup.export's).
//
// Sections: JobStep and Job · JobTable
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/command.h"

namespace sip::app {

// --- JobStep and Job ----------------------------------------------------------------------------------------

struct JobStep {
  std::string phase;                     // stable code, e.g. "derive_key"; the screens say it in Swedish
  double weight = 1;                     // its share of the progress bar
  std::function<Result<void>()> run;
};

struct Job {
  std::string op;
  std::vector<JobStep> steps;
  std::function<Result<Json>()> result;  // called after the last step
  std::shared_ptr<void> state;           // what the steps share (kept alive with the job, freed with it)
};

// --- JobTable -----------------------------------------------------------------------------------------------

// The running jobs of one handler. At most kMaxJobs at once: a screen that forgot one cannot pile them up.
class JobTable {
 public:
  static constexpr size_t kMaxJobs = 4;

  // Takes a job and answers job.start's reply; invalid_argument (detail "too many jobs running") when full.
  Result<Json> Start(Job job);
  // job.step / job.cancel; not_found for an unknown (finished, cancelled or never started) id.
  Result<Json> Step(const std::string& job_id);
  Result<Json> Cancel(const std::string& job_id);
  size_t running() const { return jobs_.size(); }

 private:
  struct Running {
    Job job;
    size_t next = 0;
  };
  Json Progress(const std::string& id, const Running& r) const;
  std::map<std::string, Running> jobs_;
  uint64_t counter_ = 0;
};

}  // namespace sip::app
