#include "pod_subresources.h"

#include <nlohmann/json.hpp>

#include "body_codec.h"
#include "kubefake/api/label_selector.h"
#include "object_deletion.h"
#include "object_lifecycle.h"
#include "request_options.h"
#include "storage_key.h"

namespace kubefake::fakeserver {
namespace {

// podutil.UpdatePodCondition: adds or replaces the condition of `type`, keeping
// lastTransitionTime when the status does not change.
void UpdatePodCondition(api::Object& pod, nlohmann::json condition, const std::string& now) {
  nlohmann::json& status = pod.mutable_json()["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  nlohmann::json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = nlohmann::json::array();
  condition["lastProbeTime"] = nullptr;
  condition["lastTransitionTime"] = now;
  for (nlohmann::json& old : conditions) {
    if (!old.is_object() || old.value("type", "") != condition["type"]) continue;
    if (old.value("status", "") == condition["status"]) {
      condition["lastTransitionTime"] = old.value("lastTransitionTime", nlohmann::json());
    }
    old = std::move(condition);
    return;
  }
  conditions.push_back(std::move(condition));
}

// What BindingREST and EvictionREST answer: a success Status, given the create's 201.
Result<Response> CreatedStatus(const RequestScope& scope) {
  return EncodeResponse(201,
                        {{"kind", "Status"},
                         {"apiVersion", "v1"},
                         {"metadata", nlohmann::json::object()},
                         {"status", "Success"},
                         {"code", 201}},
                        scope.format);
}

// Decodes the subresource's body (its kind from the catalog) and checks its name and
// namespace against the URL, with `mismatch` as the name error.
Result<DecodedObject> DecodeSubresourceBody(RequestScope& scope, const CreateOptions& options,
                                            std::string_view mismatch) {
  const api::SubresourceInfo* subresource = scope.resource->FindSubresource(scope.info.subresource);
  Result<DecodedObject> decoded =
      DecodeObjectBody(scope.request, subresource->kind,
                       {.custom = false, .field_validation = options.field_validation});
  if (!decoded) return decoded;
  if (decoded->object.GetName() != scope.info.name) {
    return Fail(api::NewBadRequest(std::string(mismatch)));
  }
  if (Result<void> ns = ReconcileNamespace(scope, decoded->object); !ns) return Fail(ns.error());
  if (Result<void> admitted = AdmitCreateInNamespace(scope, scope.info.name); !admitted) {
    return Fail(admitted.error());
  }
  return decoded;
}

std::string Now(const RequestScope& scope) {
  return api::Time::FromTimePoint(scope.server.clock.Now()).String();
}

class Binder {
 public:
  Binder(RequestScope& scope, const api::Object& binding) : scope_(scope), binding_(binding) {}

  Result<UpdateDecision> operator()(const KeyValue* current) {
    if (current == nullptr)
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    const api::Object& old = *current->object;
    const std::string name(old.GetName());
    if (!binding_.GetUid().empty() && binding_.GetUid() != old.GetUid()) {
      return Fail(PreconditionFailed(current->key, "UID", binding_.GetUid(), old.GetUid()));
    }
    if (!binding_.GetResourceVersion().empty() &&
        binding_.GetResourceVersion() != old.GetResourceVersion()) {
      return Fail(PreconditionFailed(current->key, "ResourceVersion", binding_.GetResourceVersion(),
                                     old.GetResourceVersion()));
    }
    if (old.GetDeletionTimestamp()) {
      return Fail(api::Error(500, api::Reason::kUnknown,
                             "pod " + name + " is being deleted, cannot be assigned to a host"));
    }
    const nlohmann::json spec = old.json().value("spec", nlohmann::json::object());
    const std::string node = spec.is_object() ? spec.value("nodeName", "") : "";
    const api::GroupResource bindings{"", "pods/binding"};
    if (!node.empty()) {
      return Fail(api::NewConflict(
          bindings, name, "pod " + name + " is already assigned to node \"" + node + "\""));
    }
    if (spec.is_object() && spec.contains("schedulingGates") && !spec["schedulingGates"].empty()) {
      return Fail(
          api::NewConflict(bindings, name, "pod " + name + " has non-empty .spec.schedulingGates"));
    }
    api::Object pod = old;
    pod.mutable_json()["spec"]["nodeName"] = binding_.json()["target"]["name"];
    api::StringMap annotations = pod.GetAnnotations();
    for (const auto& [key, value] : binding_.GetAnnotations()) annotations[key] = value;
    if (!annotations.empty()) pod.SetAnnotations(annotations);
    UpdatePodCondition(pod, {{"type", "PodScheduled"}, {"status", "True"}}, Now(scope_));
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(pod)};
  }

 private:
  // storage.Preconditions.Check's error, as the registry reports it.
  api::Error PreconditionFailed(const std::string& key, std::string_view what,
                                std::string_view expected, std::string_view actual) const {
    return api::NewConflict(
        scope_.group_resource(), scope_.info.name,
        "StorageError: invalid object, Code: 4, Key: " + key +
            ", ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: " + std::string(what) +
            " in precondition: " + std::string(expected) + ", " + std::string(what) +
            " in object meta: " + std::string(actual));
  }

  RequestScope& scope_;
  const api::Object& binding_;
};

// ValidatePodBinding, reported as its aggregate (a plain error: HTTP 500, no reason).
Result<void> ValidateBinding(const api::Object& binding) {
  const nlohmann::json target = binding.json().value("target", nlohmann::json::object());
  const std::string kind = target.is_object() ? target.value("kind", "") : "";
  const std::string name = target.is_object() ? target.value("name", "") : "";
  std::vector<std::string> errors;
  if (!kind.empty() && kind != "Node") {
    errors.push_back(api::NotSupportedError("target.kind", kind, {"Node", "<empty>"}).Message());
  }
  if (name.empty()) errors.push_back(api::RequiredError("target.name").Message());
  if (errors.empty()) return {};
  return Fail(api::Error(500, api::Reason::kUnknown, api::AggregateMessage(errors)));
}

// Whether the eviction may skip PodDisruptionBudgets (canIgnorePDB).
bool CanIgnoreBudgets(const api::Object& pod) {
  if (pod.GetDeletionTimestamp()) return true;
  const nlohmann::json status = pod.json().value("status", nlohmann::json::object());
  const std::string phase = status.is_object() ? status.value("phase", "") : "";
  return phase == "Pending" || phase == "Succeeded" || phase == "Failed";
}

// Whether a PodDisruptionBudget in the pod's namespace selects it.
Result<bool> HasBudget(const RequestScope& scope, const api::Object& pod) {
  Result<ListResult> budgets = scope.server.storage.List(
      CollectionPrefix({"policy", "poddisruptionbudgets"}, pod.GetNamespace()), {});
  if (!budgets) return Fail(budgets.error());
  const api::StringMap labels = pod.GetLabels();
  const api::LabelSet set(labels.begin(), labels.end());
  for (const KeyValue& budget : budgets->items) {
    const nlohmann::json spec = budget.object->json().value("spec", nlohmann::json::object());
    if (!spec.is_object()) continue;
    Result<api::LabelSelector> selector =
        api::LabelSelectorAsSelector(spec.value("selector", nlohmann::json()));
    if (selector && !selector->Empty() && selector->Matches(set)) return true;
  }
  return false;
}

}  // namespace

Result<Response> HandleBinding(RequestScope& scope) {
  Result<CreateOptions> options = ParseCreateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> binding =
      DecodeSubresourceBody(scope, *options, "name in URL does not match name in Binding object");
  if (!binding) return Fail(binding.error());
  if (Result<void> valid = ValidateBinding(binding->object); !valid) return Fail(valid.error());
  Binder binder(scope, binding->object);
  const std::string key = scope.ObjectKey(scope.info.namespace_, scope.info.name);
  if (options->DryRun()) {
    Result<KeyValue> current = scope.server.storage.Get(key);
    if (!current && !api::IsNotFound(current.error())) return Fail(current.error());
    if (Result<UpdateDecision> decision = binder(current ? &*current : nullptr); !decision) {
      return Fail(decision.error());
    }
  } else if (Result<KeyValue> bound =
                 scope.server.storage.GuaranteedUpdate(key, 0, std::ref(binder));
             !bound) {
    return Fail(bound.error());
  }
  return WithWarnings(CreatedStatus(scope), binding->warnings, scope.format);
}

Result<Response> HandleEviction(RequestScope& scope) {
  Result<CreateOptions> options = ParseCreateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> eviction =
      DecodeSubresourceBody(scope, *options, "name in URL does not match name in Eviction object");
  if (!eviction) return Fail(eviction.error());
  Result<DeleteOptions> delete_options =
      DeleteOptionsFromJson(eviction->object.json().value("deleteOptions", nlohmann::json()));
  if (!delete_options) return Fail(delete_options.error());
  if (options->DryRun()) delete_options->dry_run = options->dry_run;

  const std::string key = scope.ObjectKey(scope.info.namespace_, scope.info.name);
  Result<KeyValue> current = scope.server.storage.Get(key);
  if (!current) {
    if (api::IsNotFound(current.error())) {
      return Fail(api::NewNotFound(scope.group_resource(), scope.info.name));
    }
    return Fail(current.error());
  }
  if (!CanIgnoreBudgets(*current->object)) {
    Result<bool> budgeted = HasBudget(scope, *current->object);
    if (!budgeted) return Fail(budgeted.error());
    if (*budgeted) {
      return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                             "evicting a pod that a PodDisruptionBudget selects is not emulated "
                             "by kubefake"));
    }
  }
  if (!delete_options->DryRun()) {
    // addConditionAndDeletePod: the DisruptionTarget condition first, then the delete.
    const std::string now = Now(scope);
    Result<KeyValue> marked = scope.server.storage.GuaranteedUpdate(
        key, 0, [&](const KeyValue* pod) -> Result<UpdateDecision> {
          if (pod == nullptr)
            return Fail(api::NewNotFound(scope.group_resource(), scope.info.name));
          api::Object object = *pod->object;
          UpdatePodCondition(object,
                             {{"type", "DisruptionTarget"},
                              {"status", "True"},
                              {"reason", "EvictionByEvictionAPI"},
                              {"message", "Eviction API: evicting"}},
                             now);
          if (object == *pod->object) return UpdateDecision{UpdateDecision::Action::kNoop, {}};
          return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
        });
    if (!marked) return Fail(marked.error());
  }
  Result<DeletionOutcome> deleted = DeleteObject(scope, key, *delete_options);
  if (!deleted) return Fail(deleted.error());
  return WithWarnings(CreatedStatus(scope), eviction->warnings, scope.format);
}

}  // namespace kubefake::fakeserver
