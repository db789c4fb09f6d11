#include "app/jobs.h"

namespace sip::app {

Json JobTable::Progress(const std::string& id, const Running& r) const {
  double total = 0, done = 0;
  for (size_t i = 0; i < r.job.steps.size(); ++i) {
    total += r.job.steps[i].weight;
    if (i < r.next) done += r.job.steps[i].weight;
  }
  const bool finished = r.next >= r.job.steps.size();
  return Json{{"job_id", id},
              {"op", r.job.op},
              {"phase", finished ? "done" : r.job.steps[r.next].phase},
              {"progress", total > 0 ? done / total : 1.0},
              {"done", false}};
}

Result<Json> JobTable::Start(Job job) {
  if (jobs_.size() >= kMaxJobs) return Error{Errc::InvalidArgument, "too many jobs running"};
  const std::string id = "job-" + std::to_string(++counter_);
  auto it = jobs_.emplace(id, Running{std::move(job), 0}).first;
  return Progress(id, it->second);
}

Result<Json> JobTable::Step(const std::string& job_id) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return Error{Errc::NotFound, "job_id"};
  Running& r = it->second;
  if (r.next < r.job.steps.size()) {
    auto ran = r.job.steps[r.next].run();
    if (!ran) {
      jobs_.erase(it);
      return ran.error();
    }
    ++r.next;
  }
  Json out = Progress(job_id, r);
  if (r.next < r.job.steps.size()) return out;
  auto result = r.job.result ? r.job.result() : Result<Json>(Json::object());
  jobs_.erase(it);
  if (!result) return result.error();
  out["progress"] = 1.0;
  out["done"] = true;
  out["result"] = std::move(*result);
  return out;
}

Result<Json> JobTable::Cancel(const std::string& job_id) {
  if (jobs_.erase(job_id) == 0) return Error{Errc::NotFound, "job_id"};
  return Json{{"cancelled", true}};
}

}  // namespace sip::app
