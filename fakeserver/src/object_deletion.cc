#include "object_deletion.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "object_lifecycle.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kOrphanFinalizer = "orphan";
constexpr std::string_view kForegroundFinalizer = "foregroundDeletion";

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

enum class Propagation { kUnset, kOrphan, kBackground, kForeground };

// propagationPolicy, or the deprecated orphanDependents (validation made them exclusive).
Propagation PropagationOf(const DeleteOptions& options) {
  if (options.propagation_policy == "Orphan") return Propagation::kOrphan;
  if (options.propagation_policy == "Foreground") return Propagation::kForeground;
  if (options.propagation_policy == "Background") return Propagation::kBackground;
  if (options.orphan_dependents) {
    return *options.orphan_dependents ? Propagation::kOrphan : Propagation::kBackground;
  }
  return Propagation::kUnset;
}

// The finalizers after applying the propagation policy (R4.5).
std::vector<std::string> FinalizersFor(const api::Object& object, const DeleteOptions& options) {
  std::vector<std::string> finalizers = object.GetFinalizers();
  auto remove = [&](std::string_view name) { std::erase(finalizers, std::string(name)); };
  auto ensure = [&](std::string_view name) {
    if (std::ranges::find(finalizers, name) == finalizers.end()) finalizers.emplace_back(name);
  };
  switch (PropagationOf(options)) {
    case Propagation::kOrphan:
      ensure(kOrphanFinalizer);
      remove(kForegroundFinalizer);
      break;
    case Propagation::kForeground:
      ensure(kForegroundFinalizer);
      remove(kOrphanFinalizer);
      break;
    case Propagation::kBackground:
      remove(kOrphanFinalizer);
      remove(kForegroundFinalizer);
      break;
    case Propagation::kUnset:
      break;
  }
  return finalizers;
}

bool IsNamespaces(const RequestScope& scope) {
  return scope.group_resource() == api::GroupResource{"", "namespaces"};
}

bool HasNamespaceFinalizers(const api::Object& ns) {
  const nlohmann::json& json = ns.json();
  auto spec = json.find("spec");
  if (spec == json.end() || !spec->is_object()) return false;
  auto finalizers = spec->find("finalizers");
  return finalizers != spec->end() && finalizers->is_array() && !finalizers->empty();
}

class Deleter {
 public:
  Deleter(RequestScope& scope, const DeleteOptions& options) : scope_(scope), options_(options) {}

  Result<UpdateDecision> operator()(const KeyValue* current) {
    if (current == nullptr) {
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    }
    const api::Object& old = *current->object;
    if (Result<void> ok = CheckPreconditions(scope_, old, options_); !ok) return Fail(ok.error());
    const bool namespaces = IsNamespaces(scope_);
    if (namespaces) {
      const std::string_view name = old.GetName();
      if (name == "default" || name == "kube-system" || name == "kube-public") {
        return Fail(api::NewForbidden(scope_.group_resource(), name,
                                      "this namespace may not be deleted"));
      }
      if (old.GetDeletionTimestamp() && HasNamespaceFinalizers(old)) {
        return Fail(api::NewConflict(
            scope_.group_resource(), name,
            "The system is ensuring all content is removed from this namespace.  Upon "
            "completion, this namespace will automatically be purged by the system."));
      }
    }
    const std::vector<std::string> finalizers = FinalizersFor(old, options_);
    const bool pending = !finalizers.empty() || (namespaces && HasNamespaceFinalizers(old));
    if (!pending) {
      outcome_ = DeletionOutcome{old, true};
      return UpdateDecision{UpdateDecision::Action::kDelete, {}};
    }
    api::Object object = old;
    if (!object.GetDeletionTimestamp()) {
      object.SetDeletionTimestamp(api::Time::FromTimePoint(scope_.server.clock.Now()));
      object.SetDeletionGracePeriodSeconds(0);
      if (object.GetGeneration() > 0) object.SetGeneration(object.GetGeneration() + 1);
    }
    object.SetFinalizers(finalizers);
    if (namespaces) object.mutable_json()["status"]["phase"] = "Terminating";
    if (object.json() == old.json()) {
      outcome_ = DeletionOutcome{old, false};
      return UpdateDecision{UpdateDecision::Action::kNoop, {}};
    }
    outcome_ = DeletionOutcome{object, false};
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  DeletionOutcome& outcome() { return *outcome_; }

 private:
  RequestScope& scope_;
  const DeleteOptions& options_;
  std::optional<DeletionOutcome> outcome_;
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
    if (decision->action == UpdateDecision::Action::kWrite) {
      return DeletionOutcome{std::move(decision->object), false};
    }
    return std::move(deleter.outcome());
  }
  Result<KeyValue> result = storage.GuaranteedUpdate(key, 0, std::ref(deleter));
  if (!result) return Fail(result.error());
  DeletionOutcome outcome = std::move(deleter.outcome());
  outcome.object = *result->object;  // the stored state, with its resourceVersion
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
