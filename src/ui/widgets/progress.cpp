#include "ui/widgets/progress.h"

#include <imgui.h>

#include <cstdio>

#include "ui/app_ui.h"
#include "ui/widgets/form.h"

namespace sip::ui {

const char* JobPhaseText(std::string_view phase) {
  if (phase == "read_database") return "Läser databasen";
  if (phase == "derive_key") return "Skyddar filen med lösenfrasen (det tar någon sekund)";
  if (phase == "encrypt") return "Krypterar";
  if (phase == "encode") return "Förbereder filen";
  if (phase == "done") return "Klart";
  return "Arbetar";
}

namespace {
void Take(JobView& job, const Json& r) {
  job.phase = r.value("phase", "");
  job.progress = r.value("progress", 0.0f);
  job.shown = false;
}
}  // namespace

bool StartJob(const UiContext& ctx, JobView& job, Json start, std::string title, std::string* error_message) {
  start["cmd"] = "job.start";
  const Json r = ctx.handler.Dispatch(start);
  if (!r.value("ok", false)) {
    if (error_message) *error_message = r["error"].value("message", "");
    return false;
  }
  job = JobView{};
  job.job_id = r["result"].value("job_id", "");
  job.title = std::move(title);
  Take(job, r["result"]);
  return true;
}

JobOutcome AdvanceJob(const UiContext& ctx, JobView& job, Json* result, std::string* error_message) {
  if (!job.Running()) return JobOutcome::Idle;
  if (!job.shown) {   // this frame shows the phase; its step runs on the next one
    job.shown = true;
    return JobOutcome::Running;
  }
  const Json r = ctx.handler.Dispatch({{"cmd", "job.step"}, {"job_id", job.job_id}});
  if (!r.value("ok", false)) {
    if (error_message) *error_message = r["error"].value("message", "");
    job = JobView{};
    return JobOutcome::Failed;
  }
  const Json& res = r["result"];
  if (res.value("done", false)) {
    if (result) *result = res["result"];
    job = JobView{};
    return JobOutcome::Done;
  }
  Take(job, res);
  return JobOutcome::Running;
}

void CancelJob(const UiContext& ctx, JobView& job) {
  if (!job.Running()) return;
  ctx.handler.Dispatch({{"cmd", "job.cancel"}, {"job_id", job.job_id}});
  job = JobView{};
}

bool DrawJob(const UiContext& ctx, JobView& job, bool cancellable) {
  if (!job.Running()) return false;
  ImGui::PushID(job.job_id.c_str());
  ImGui::TextUnformatted(job.title.c_str());
  ImGui::TextWrapped("%s …", JobPhaseText(job.phase));
  char overlay[16];
  std::snprintf(overlay, sizeof overlay, "%d %%", static_cast<int>(job.progress * 100 + 0.5f));
  ImGui::ProgressBar(job.progress, ImVec2(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 24), 0),
                     overlay);
  bool cancelled = false;
  if (cancellable) {
    ImGui::SameLine();
    if (Button("Avbryt")) {
      CancelJob(ctx, job);
      cancelled = true;
    }
  }
  ImGui::PopID();
  return cancelled;
}

}  // namespace sip::ui
