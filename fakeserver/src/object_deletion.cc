#include "object_deletion.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "apiextensions/crd_conditions.h"
#include "apiextensions/crd_finalizer.h"
#include "graceful_deletion.h"
#include "object_lifecycle.h"
#include "special_resources.h"

namespace kubefake::fakeserver {
namespace {

// R4.2: precondition conflicts name the Kind, not the resource.
api::Error PreconditionConflict(const RequestScope& scope, std::string_view name,
                                std::string_view cause) {
  return api::NewConflict({scope.resource->group, scope.resource->kind}, name, cause);
}

Result<void> CheckPreconditions(const RequestScope& scope, const api::Object& object,
                                const DeleteOptions& options) {
  if (options.precondition_uid && *options.precondition_uid != object.GetUid()) {
    return Fail(PreconditionConflict(
        scope, object.GetName(),
        "the UID in the precondition (" + *options.precondition_uid +
            ") does not match the UID in record (" + std::string(object.GetUid()) +
            "). The object might have been deleted and then recreated"));
  }
  if (options.precondition_resource_version &&
      *options.precondition_resource_version != object.GetResourceVersion()) {
    return Fail(PreconditionConflict(
        scope, object.GetName(),
        "the ResourceVersion in the precondition (" + *options.precondition_resource_version +
            ") does not match the ResourceVersion in record (" +
            std::string(object.GetResourceVersion()) + "). The object might have been modified"));
  }
  return {};
}

// The resources whose DefaultGarbageCollectionPolicy is OrphanDependents in the served version:
// v1 ReplicationControllers and batch/v1 Jobs keep their pre-GC default, as do the deprecated
// workload versions (KK: pkg/registry/*/strategy.go DefaultGarbageCollectionPolicy). Every
// other resource deletes dependents in the background by default (R4.5).
bool OrphansDependentsByDefault(const api::ResourceInfo& resource) {
  struct Entry {
    std::string_view group, version, resource;
  };
  static constexpr Entry kOrphaning[] = {
      {"", "v1", "replicationcontrollers"},   {"batch", "v1", "jobs"},
      {"batch", "v1beta1", "cronjobs"},       {"extensions", "v1beta1", "deployments"},
      {"extensions", "v1beta1", "daemonsets"}, {"extensions", "v1beta1", "replicasets"},
      {"apps", "v1beta1", "deployments"},     {"apps", "v1beta1", "statefulsets"},
      {"apps", "v1beta2", "deployments"},     {"apps", "v1beta2", "statefulsets"},
      {"apps", "v1beta2", "daemonsets"},      {"apps", "v1beta2", "replicasets"},
  };
  return std::ranges::any_of(kOrphaning, [&](const Entry& entry) {
    return entry.group == resource.group && entry.version == resource.version &&
           entry.resource == resource.name;
  });
}

// shouldOrphanDependents / shouldDeleteDependents: the options first, then the object's own
// GC finalizers, then the resource's default.
bool ShouldOrphan(const std::vector<std::string>& finalizers, const DeleteOptions& options,
                  bool orphan_by_default) {
  if (options.orphan_dependents) return *options.orphan_dependents;
  if (options.propagation_policy) return *options.propagation_policy == "Orphan";
  for (const std::string& finalizer : finalizers) {
    if (finalizer == kOrphanFinalizer) return true;
    if (finalizer == kForegroundFinalizer) return false;
  }
  return orphan_by_default;
}

bool ShouldDeleteInForeground(const std::vector<std::string>& finalizers,
                              const DeleteOptions& options) {
  if (options.orphan_dependents) return false;
  if (options.propagation_policy) return *options.propagation_policy == "Foreground";
  for (const std::string& finalizer : finalizers) {
    if (finalizer == kForegroundFinalizer) return true;
    if (finalizer == kOrphanFinalizer) return false;
  }
  return false;
}

// deletionFinalizersForGarbageCollection: the finalizers without both GC finalizers, then
// `orphan` and `foregroundDeletion` appended as the policy asks (R4.5).
std::vector<std::string> GarbageCollectionFinalizers(const std::vector<std::string>& finalizers,
                                                     const DeleteOptions& options,
                                                     bool orphan_by_default) {
  std::vector<std::string> result;
  for (const std::string& finalizer : finalizers) {
    if (finalizer != kOrphanFinalizer && finalizer != kForegroundFinalizer) {
      result.push_back(finalizer);
    }
  }
  if (ShouldOrphan(finalizers, options, orphan_by_default)) result.emplace_back(kOrphanFinalizer);
  if (ShouldDeleteInForeground(finalizers, options)) result.emplace_back(kForegroundFinalizer);
  return result;
}

bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::ranges::sort(a);
  std::ranges::sort(b);
  return a == b;
}

bool IsNamespaces(const RequestScope& scope) {
  return scope.group_resource() == kNamespaces;
}

bool IsCustomResourceDefinitions(const RequestScope& scope) {
  return scope.group_resource() ==
         api::GroupResource{"apiextensions.k8s.io", "customresourcedefinitions"};
}

// markAsDeleting: deletion of an object that waits only for finalizers.
void MarkAsDeleting(api::Object& object, api::Time now) {
  const std::optional<api::Time> timestamp = object.GetDeletionTimestamp();
  if (!timestamp && object.GetGeneration() > 0) object.SetGeneration(object.GetGeneration() + 1);
  if (!timestamp || *timestamp > now) object.SetDeletionTimestamp(now);
  object.SetDeletionGracePeriodSeconds(0);
}

// One DELETE as genericregistry.Store.Delete (and, for namespaces, the namespace storage's
// Delete in front of it) decides it, run inside GuaranteedUpdate.
class Deleter {
 public:
  Deleter(RequestScope& scope, const DeleteOptions& options) : scope_(scope), options_(options) {}

  Result<UpdateDecision> operator()(const KeyValue* current) {
    delete_after_write_ = false;
    if (current == nullptr) {
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    }
    const api::Object& old = *current->object;
    const bool namespaces = IsNamespaces(scope_);
    const bool crds = IsCustomResourceDefinitions(scope_);
    if ((namespaces || crds) && options_.precondition_uid &&
        *options_.precondition_uid != old.GetUid()) {
      return Fail(api::NewConflict(scope_.group_resource(), old.GetName(),
                                   "Precondition failed: UID in precondition: " +
                                       *options_.precondition_uid +
                                       ", UID in object meta: " + std::string(old.GetUid())));
    }
    if (Result<void> ok = CheckPreconditions(scope_, old, options_); !ok) return Fail(ok.error());
    if (namespaces) {
      const std::string_view name = old.GetName();
      if (name == "default" || name == "kube-system" || name == "kube-public") {
        return Fail(api::NewForbidden(scope_.group_resource(), name,
                                      "this namespace may not be deleted"));
      }
      if (!old.GetDeletionTimestamp()) return StartNamespaceDeletion(old);
      if (HasNamespaceFinalizers(old)) {
        return Fail(api::NewConflict(
            scope_.group_resource(), name,
            "The system is ensuring all content is removed from this namespace.  Upon "
            "completion, this namespace will automatically be purged by the system."));
      }
    }
    if (crds && !old.GetDeletionTimestamp()) return StartCrdDeletion(old);
    return StoreDelete(old);
  }

  DeletionOutcome& outcome() { return *outcome_; }
  // The decision wrote the deletion marks of a graceful deletion with grace 0: the caller
  // removes the object next, as the store does after updateForGracefulDeletionAndFinalizers.
  bool delete_after_write() const { return delete_after_write_; }

 private:
  // The namespace storage's first DELETE: deletionTimestamp and phase Terminating (no grace
  // period), GC finalizers as the options ask, and the namespace stays for its controller.
  Result<UpdateDecision> StartNamespaceDeletion(const api::Object& old) {
    api::Object object = old;
    object.SetDeletionTimestamp(Now());
    object.mutable_json()["status"]["phase"] = "Terminating";
    const std::vector<std::string> finalizers =
        GarbageCollectionFinalizers(old.GetFinalizers(), options_, false);
    if (!SameSet(finalizers, old.GetFinalizers())) object.SetFinalizers(finalizers);
    return Keep(old, std::move(object));
  }

  // The CRD storage's first DELETE (R4.10): deletionTimestamp, the cleanup finalizer and
  // Terminating True, no grace period and no GC finalizers; apiextensions' CrdFinalizer does
  // the rest.
  Result<UpdateDecision> StartCrdDeletion(const api::Object& old) {
    api::Object object = old;
    object.SetDeletionTimestamp(Now());
    std::vector<std::string> finalizers = old.GetFinalizers();
    if (std::ranges::find(finalizers, apiextensions::kCustomResourceCleanupFinalizer) ==
        finalizers.end()) {
      finalizers.emplace_back(apiextensions::kCustomResourceCleanupFinalizer);
      object.SetFinalizers(finalizers);
    }
    nlohmann::json& status = object.mutable_json()["status"];
    if (!status.is_object()) status = nlohmann::json::object();
    apiextensions::SetCrdCondition(
        status,
        apiextensions::CrdCondition("Terminating", true, "InstanceDeletionPending",
                                    "CustomResourceDefinition marked for deletion; "
                                    "CustomResource deletion will begin soon"),
        Now().String());
    return Keep(old, std::move(object));
  }

  Result<UpdateDecision> StoreDelete(const api::Object& old) {
    api::Object object = old;
    GracefulDeletion graceful;
    if (scope_.strategy.graceful_delete) {
      graceful = BeforeGracefulDelete(object, options_.grace_period_seconds, Now());
    }
    if (graceful.pending) return Keep(old, old);
    const std::vector<std::string> finalizers = GarbageCollectionFinalizers(
        old.GetFinalizers(), options_, OrphansDependentsByDefault(*scope_.resource));
    const bool finalizers_changed = !SameSet(finalizers, old.GetFinalizers());
    if (!graceful.graceful && old.GetFinalizers().empty() && !finalizers_changed) {
      return Remove(old);
    }
    if (finalizers_changed) object.SetFinalizers(finalizers);
    if (!graceful.graceful) {
      if (finalizers.empty()) return Remove(old);
      MarkAsDeleting(object, Now());
      return Keep(old, std::move(object));
    }
    if (!finalizers.empty() || object.GetDeletionGracePeriodSeconds().value_or(0) > 0) {
      return Keep(old, std::move(object));
    }
    delete_after_write_ = true;
    outcome_ = DeletionOutcome{object, true};
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  // Deletion is pending: write `object` unless it equals the stored state.
  Result<UpdateDecision> Keep(const api::Object& old, api::Object object) {
    if (object.json() == old.json()) {
      outcome_ = DeletionOutcome{old, false};
      return UpdateDecision{UpdateDecision::Action::kNoop, {}};
    }
    outcome_ = DeletionOutcome{object, false};
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  Result<UpdateDecision> Remove(const api::Object& old) {
    outcome_ = DeletionOutcome{old, true};
    return UpdateDecision{UpdateDecision::Action::kDelete, {}};
  }

  api::Time Now() const { return api::Time::FromTimePoint(scope_.server.clock.Now()); }

  RequestScope& scope_;
  const DeleteOptions& options_;
  std::optional<DeletionOutcome> outcome_;
  bool delete_after_write_ = false;
};

}  // namespace

Result<DeletionOutcome> DeleteObject(RequestScope& scope, const std::string& key,
                                     const DeleteOptions& options) {
  Deleter deleter(scope, options);
  Storage& storage = scope.server.storage;
  if (options.DryRun()) {
    Result<KeyValue> current = storage.Get(key);
    if (!current && !api::IsNotFound(current.error())) return Fail(current.error());
    Result<UpdateDecision> decision = deleter(current ? &*current : nullptr);
    if (!decision) return Fail(decision.error());
    return std::move(deleter.outcome());
  }
  Result<KeyValue> result = storage.GuaranteedUpdate(key, 0, std::ref(deleter));
  if (!result) return Fail(result.error());
  DeletionOutcome outcome = std::move(deleter.outcome());
  outcome.object = *result->object;  // the stored state, with its resourceVersion
  if (deleter.delete_after_write()) {
    // The second step of a graceful deletion with grace 0. Losing a race to another deleter
    // is fine (kubernetes#19403): the object is gone either way.
    Result<KeyValue> deleted = storage.Delete(key, result->mod_revision);
    if (deleted) {
      outcome.object = *deleted->object;
    } else if (!api::IsNotFound(deleted.error()) && !api::IsConflict(deleted.error())) {
      return Fail(deleted.error());
    }
  }
  return outcome;
}

nlohmann::json DeleteResponseBody(const RequestScope& scope, const DeletionOutcome& outcome) {
  if (!outcome.removed || scope.strategy.return_deleted_object) {
    return AsRequestedVersion(scope, outcome.object);
  }
  nlohmann::json details = {{"name", outcome.object.GetName()},
                            {"kind", scope.resource->name},
                            {"uid", outcome.object.GetUid()}};
  if (!scope.resource->group.empty()) details["group"] = scope.resource->group;
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", nlohmann::json::object()},
          {"status", "Success"},
          {"details", std::move(details)}};
}

}  // namespace kubefake::fakeserver
