// The wire forms of the metav1 options.
#include "kubefake/client/meta_options.h"

namespace kubefake::client {
namespace {

void AddIfSet(QueryParams& query, const char* name, const std::string& value) {
  if (!value.empty()) query.emplace(name, value);
}

void AddDryRun(QueryParams& query, const std::vector<std::string>& dry_run) {
  for (const std::string& value : dry_run) query.emplace("dryRun", value);
}

}  // namespace

QueryParams ToQuery(const ListOptions& options) {
  QueryParams query;
  AddIfSet(query, "labelSelector", options.label_selector);
  AddIfSet(query, "fieldSelector", options.field_selector);
  AddIfSet(query, "resourceVersion", options.resource_version);
  AddIfSet(query, "resourceVersionMatch", options.resource_version_match);
  if (options.timeout_seconds)
    query.emplace("timeoutSeconds", std::to_string(*options.timeout_seconds));
  if (options.limit > 0) query.emplace("limit", std::to_string(options.limit));
  AddIfSet(query, "continue", options.continue_);
  if (options.allow_watch_bookmarks) query.emplace("allowWatchBookmarks", "true");
  if (options.send_initial_events) {
    query.emplace("sendInitialEvents", *options.send_initial_events ? "true" : "false");
  }
  return query;
}

QueryParams ToQuery(const GetOptions& options) {
  QueryParams query;
  AddIfSet(query, "resourceVersion", options.resource_version);
  return query;
}

QueryParams ToQuery(const CreateOptions& options) {
  QueryParams query;
  AddDryRun(query, options.dry_run);
  AddIfSet(query, "fieldManager", options.field_manager);
  AddIfSet(query, "fieldValidation", options.field_validation);
  return query;
}

QueryParams ToQuery(const PatchOptions& options) {
  QueryParams query;
  AddDryRun(query, options.dry_run);
  if (options.force) query.emplace("force", *options.force ? "true" : "false");
  AddIfSet(query, "fieldManager", options.field_manager);
  AddIfSet(query, "fieldValidation", options.field_validation);
  return query;
}

PatchOptions ToPatchOptions(const ApplyOptions& options) {
  PatchOptions patch;
  patch.dry_run = options.dry_run;
  patch.force = options.force;
  patch.field_manager = options.field_manager;
  return patch;
}

nlohmann::json ToJson(const DeleteOptions& options) {
  nlohmann::json body = {{"kind", "DeleteOptions"}, {"apiVersion", "meta.k8s.io/v1"}};
  if (options.grace_period_seconds) body["gracePeriodSeconds"] = *options.grace_period_seconds;
  if (options.preconditions) {
    nlohmann::json preconditions = nlohmann::json::object();
    if (options.preconditions->uid) preconditions["uid"] = *options.preconditions->uid;
    if (options.preconditions->resource_version) {
      preconditions["resourceVersion"] = *options.preconditions->resource_version;
    }
    body["preconditions"] = std::move(preconditions);
  }
  if (options.propagation_policy) body["propagationPolicy"] = *options.propagation_policy;
  if (!options.dry_run.empty()) body["dryRun"] = options.dry_run;
  return body;
}

}  // namespace kubefake::client
