// Server-side apply: merge, removal, conflicts and managedFields (R8.8-R8.10, R5.4).
#include "server_side_apply.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "apply_merge.h"
#include "kubefake/api/error.h"
#include "kubefake/api/go_quote.h"
#include "managed_fields.h"
#include "object_fields.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kBeforeFirstApply = "before-first-apply";

bool IsApplier(const nlohmann::json& entry, const ApplyOperation& operation) {
  return entry.value("manager", "") == operation.manager &&
         entry.value("operation", "") == "Apply" &&
         entry.value("subresource", "") == operation.subresource;
}

// A manager as conflict messages print it (internal/conflict.go printManager).
std::string DescribeManager(const nlohmann::json& entry) {
  std::string text = api::GoQuote(entry.value("manager", ""));
  if (const std::string subresource = entry.value("subresource", ""); !subresource.empty()) {
    text += " with subresource " + api::GoQuote(subresource);
  }
  if (entry.value("operation", "") == "Update") {
    text += " using " + entry.value("apiVersion", "");
  }
  return text;
}

api::Error ConflictError(const std::vector<std::pair<std::string, FieldSet::Path>>& conflicts) {
  std::vector<api::StatusCause> causes;
  std::map<std::string, std::vector<std::string>> by_manager;
  for (const auto& [manager, path] : conflicts) {
    const std::string field = FieldSet::Describe(path);
    causes.push_back(api::StatusCause{"FieldManagerConflict", "conflict with " + manager, field});
    by_manager[manager].push_back(field);
  }
  if (conflicts.size() == 1) {
    return api::NewApplyConflict(std::move(causes), "Apply failed with 1 conflict: conflict with " +
                                                        conflicts[0].first + ": " +
                                                        causes[0].field);
  }
  std::string message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: ";
  bool first = true;
  for (const auto& [manager, fields] : by_manager) {
    if (!first) message += "\n";
    first = false;
    message += "conflicts with " + manager + ":";
    for (const std::string& field : fields) message += "\n- " + field;
  }
  return api::NewApplyConflict(std::move(causes), std::move(message));
}

}  // namespace

Result<nlohmann::json> ApplyConfiguration(const nlohmann::json* live, const nlohmann::json& config,
                                          const SchemaNode& root, const ApplyOperation& operation) {
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& current = live != nullptr ? *live : empty;
  const FieldValues live_fields = CollectObjectFields(current, root, operation.track_status);

  std::vector<ManagedFieldsEntry> entries = ReadManagedFields(current);
  if (live != nullptr && entries.empty()) {
    entries.push_back(ManagedFieldsEntry{{{"manager", kBeforeFirstApply},
                                          {"operation", "Update"},
                                          {"apiVersion", current.value("apiVersion", "")},
                                          {"time", operation.now},
                                          {"fieldsType", "FieldsV1"}},
                                         PathsOf(live_fields)});
  }
  auto mine = std::ranges::find_if(
      entries, [&](const ManagedFieldsEntry& entry) { return IsApplier(entry.entry, operation); });
  const FieldSet last_applied = mine != entries.end() ? mine->fields : FieldSet();
  const FieldSet applied = PathsOf(CollectObjectFields(config, root, operation.track_status));

  FieldSet owned_by_others;
  for (const ManagedFieldsEntry& entry : entries) {
    if (&entry != std::to_address(mine)) owned_by_others = owned_by_others.Union(entry.fields);
  }
  const FieldSet keep = applied.Union(owned_by_others);
  nlohmann::json merged = MergeApplied(current, config, root);
  RemoveFields(merged, root, last_applied.Difference(keep), keep);

  const FieldValues merged_fields = CollectObjectFields(merged, root, operation.track_status);
  const FieldChanges changes = CompareFields(live_fields, merged_fields);

  std::vector<std::pair<std::string, FieldSet::Path>> conflicts;
  for (ManagedFieldsEntry& entry : entries) {
    if (&entry == std::to_address(mine)) continue;
    const FieldSet conflicting = entry.fields.Intersection(changes.changed);
    for (const FieldSet::Path& path : conflicting.paths()) {
      conflicts.emplace_back(DescribeManager(entry.entry), path);
    }
    if (operation.force) entry.fields = entry.fields.Difference(conflicting);
    entry.fields = entry.fields.Difference(changes.removed);
  }
  if (!conflicts.empty() && !operation.force) {
    std::ranges::sort(conflicts);
    return Fail(ConflictError(conflicts));
  }

  if (mine == entries.end()) {
    entries.push_back(ManagedFieldsEntry{{{"manager", operation.manager},
                                          {"operation", "Apply"},
                                          {"apiVersion", operation.api_version},
                                          {"fieldsType", "FieldsV1"}},
                                         {}});
    if (!operation.subresource.empty()) entries.back().entry["subresource"] = operation.subresource;
    mine = entries.end() - 1;
  }
  if (mine->fields != applied || !mine->entry.contains("time")) {
    mine->fields = applied;
    mine->entry["time"] = operation.now;
    mine->entry["apiVersion"] = operation.api_version;
  }
  WriteManagedFields(std::move(entries), merged);
  return merged;
}

}  // namespace kubefake::fakeserver
