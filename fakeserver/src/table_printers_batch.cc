// The batch/v1 printers of printers.go: jobs (status, completions, duration) and cronjobs.
#include <string>

#include "human_duration.h"
#include "kubefake/api/time.h"
#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

// hasJobCondition: the first condition of `type` decides.
bool HasJobCondition(const nlohmann::json& job, std::string_view type) {
  const nlohmann::json& conditions = FieldAt(job, {"status", "conditions"});
  if (!conditions.is_array()) return false;
  for (const nlohmann::json& condition : conditions) {
    if (StringAt(condition, {"type"}) == type) return StringAt(condition, {"status"}) == "True";
  }
  return false;
}

std::string JobStatus(const nlohmann::json& job) {
  if (HasJobCondition(job, "Complete")) return "Complete";
  if (HasJobCondition(job, "Failed")) return "Failed";
  if (FieldAt(job, {"metadata", "deletionTimestamp"}).is_string()) return "Terminating";
  if (HasJobCondition(job, "Suspended")) return "Suspended";
  if (HasJobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

std::string JobCompletions(const nlohmann::json& job) {
  const std::string succeeded = std::to_string(IntAt(job, {"status", "succeeded"}));
  if (FieldAt(job, {"spec", "completions"}).is_number_integer()) {
    return succeeded + "/" + std::to_string(IntAt(job, {"spec", "completions"}));
  }
  const int64_t parallelism = IntAt(job, {"spec", "parallelism"});
  if (parallelism > 1) return succeeded + "/1 of " + std::to_string(parallelism);
  return succeeded + "/1";
}

// From the start to the completion, or to now while running; "" before the start.
std::string JobDuration(const nlohmann::json& job, const PrintContext& context) {
  const std::string start = StringAt(job, {"status", "startTime"});
  if (start.empty()) return "";
  Result<api::Time> started = api::Time::Parse(start);
  if (!started) return "";
  const std::string completion = StringAt(job, {"status", "completionTime"});
  Result<api::Time> completed = api::Time::Parse(completion);
  if (completion.empty() || !completed) {
    return HumanDuration(context.now - started->time_point());
  }
  return HumanDuration(completed->time_point() - started->time_point());
}

PrintedRow PrintJob(const nlohmann::json& job, const PrintContext& context) {
  auto [names, images] = ContainerCells(FieldAt(job, {"spec", "template", "spec", "containers"}));
  return {{StringAt(job, {"metadata", "name"}), JobStatus(job), JobCompletions(job),
           JobDuration(job, context), Age(job, context), names, images,
           FormatLabelSelector(FieldAt(job, {"spec", "selector"}))},
          {}};
}

PrintedRow PrintCronJob(const nlohmann::json& cron_job, const PrintContext& context) {
  const nlohmann::json& job_spec = FieldAt(cron_job, {"spec", "jobTemplate", "spec"});
  auto [names, images] = ContainerCells(FieldAt(job_spec, {"template", "spec", "containers"}));
  const nlohmann::json& last_schedule = FieldAt(cron_job, {"status", "lastScheduleTime"});
  const nlohmann::json& time_zone = FieldAt(cron_job, {"spec", "timeZone"});
  const nlohmann::json& suspend = FieldAt(cron_job, {"spec", "suspend"});
  return {
      {StringAt(cron_job, {"metadata", "name"}), StringAt(cron_job, {"spec", "schedule"}),
       time_zone.is_string() ? time_zone.get<std::string>() : "<none>",
       suspend.is_boolean() ? (suspend.get<bool>() ? "True" : "False") : "<unset>",
       CountAt(cron_job, {"status", "active"}),
       last_schedule.is_string() ? TimestampSince(last_schedule, context) : "<none>",
       Age(cron_job, context), names, images, FormatLabelSelector(FieldAt(job_spec, {"selector"}))},
      {}};
}

}  // namespace

void AddBatchPrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"batch", "jobs"},
                   TablePrinter{{NameColumn(),
                                 {"Status", "string", "", 0},
                                 {"Completions", "string", "", 0},
                                 {"Duration", "string", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images"),
                                 WideColumn("Selector")},
                                PrintJob});
  printers.emplace(api::GroupResource{"batch", "cronjobs"},
                   TablePrinter{{NameColumn(),
                                 {"Schedule", "string", "", 0},
                                 {"Timezone", "string", "", 0},
                                 {"Suspend", "boolean", "", 0},
                                 {"Active", "integer", "", 0},
                                 {"Last Schedule", "string", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images"),
                                 WideColumn("Selector")},
                                PrintCronJob});
}

}  // namespace kubefake::fakeserver
