#include "object_lifecycle.h"

#include <nlohmann/json.hpp>

#include "apiextensions/crd_validation.h"
#include "apiextensions/schema_pruning.h"
#include "special_resources.h"

namespace kubefake::fakeserver {
namespace {

void EraseMetadata(api::Object& object, std::initializer_list<const char*> keys) {
  nlohmann::json& json = object.mutable_json();
  auto metadata = json.find(std::string_view("metadata"));
  if (metadata == json.end() || !metadata->is_object()) return;
  for (const char* key : keys) metadata->erase(std::string_view(key));
}

bool IsTerminating(const api::Object& ns) {
  if (ns.GetDeletionTimestamp()) return true;
  const nlohmann::json& json = ns.json();
  auto status = json.find("status");
  return status != json.end() && status->is_object() &&
         status->value("phase", "") == "Terminating";
}

}  // namespace

Result<void> ReconcileNamespace(const RequestScope& scope, api::Object& object) {
  if (!scope.resource->namespaced) {
    EraseMetadata(object, {"namespace"});
    return {};
  }
  const std::string_view body_namespace = object.GetNamespace();
  if (body_namespace.empty()) {
    object.SetNamespace(scope.info.namespace_);
  } else if (body_namespace != scope.info.namespace_) {
    return Fail(api::NewBadRequest(
        "the namespace of the provided object does not match the namespace sent on the request"));
  }
  return {};
}

Result<void> CheckRequestName(const RequestScope& scope, const api::Object& object,
                              bool exact_namespace) {
  if (object.GetName() != scope.info.name) {
    return Fail(api::NewBadRequest("the name of the object (" + std::string(object.GetName()) +
                                   ") does not match the name on the URL (" + scope.info.name +
                                   ")"));
  }
  const std::string_view ns = object.GetNamespace();
  const bool allowed =
      exact_namespace ? ns == scope.info.namespace_
                      : scope.info.namespace_.empty() || ns.empty() || ns == scope.info.namespace_;
  if (!allowed) {
    return Fail(api::NewBadRequest("the namespace of the object (" + std::string(ns) +
                                   ") does not match the namespace on the request (" +
                                   scope.info.namespace_ + ")"));
  }
  return {};
}

api::Error OptimisticLockConflict(const RequestScope& scope) {
  return api::NewConflict(scope.group_resource(), scope.info.name,
                          "the object has been modified; please apply your changes to the latest "
                          "version and try again");
}

Result<void> AdmitCreateInNamespace(const RequestScope& scope, std::string_view name) {
  if (!scope.resource->namespaced) return {};
  const std::string& ns = scope.info.namespace_;
  Result<KeyValue> stored = scope.server.storage.Get(ObjectKey(kNamespaces, "", ns));
  if (!stored) {
    if (api::IsNotFound(stored.error())) return Fail(api::NewNotFound(kNamespaces, ns));
    return Fail(stored.error());
  }
  if (IsTerminating(*stored->object)) {
    api::Error error = api::NewForbidden(
        scope.group_resource(), name,
        "unable to create new content in namespace " + ns + " because it is being terminated");
    api::StatusDetails details = *error.details();
    details.causes.push_back(api::StatusCause{"NamespaceTerminating",
                                              "namespace " + ns + " is being terminated",
                                              "metadata.namespace"});
    return Fail(api::Error(error.code(), error.reason(), error.message(), std::move(details)));
  }
  return {};
}

nlohmann::json AsVersion(const api::GroupVersionKind& kind, const api::Object& object,
                         const apiextensions::CustomResourceVersion* custom) {
  nlohmann::json json = object.json();
  if (custom != nullptr && !custom->storage_schema.is_null()) {
    apiextensions::PruneBySchema(json, custom->storage_schema);
    apiextensions::ApplySchemaDefaults(json, custom->storage_schema);
  }
  json["apiVersion"] = kind.GetGroupVersion().String();
  json["kind"] = kind.kind;
  return json;
}

void PrepareForCreate(const RequestScope& scope, api::Object& object) {
  EraseMetadata(object, {"uid", "creationTimestamp", "deletionTimestamp",
                         "deletionGracePeriodSeconds", "selfLink", "managedFields"});
  object.SetUid(scope.server.identity.NewUid());
  object.SetCreationTimestamp(api::Time::FromTimePoint(scope.server.clock.Now()));
  if (scope.strategy.generation != ResourceStrategy::Generation::kNone) object.SetGeneration(1);
  nlohmann::json& json = object.mutable_json();
  if (scope.strategy.has_status_subresource) json.erase("status");

  const api::GroupResource resource = scope.group_resource();
  if (resource == kNamespaces) {
    // R2.10: the namespace controller's finalizer, phase Active and the name label.
    nlohmann::json& spec = json["spec"];
    if (!spec.is_object()) spec = nlohmann::json::object();
    if (!spec.contains("finalizers")) spec["finalizers"] = {"kubernetes"};
    json["status"] = {{"phase", "Active"}};
    api::StringMap labels = object.GetLabels();
    labels["kubernetes.io/metadata.name"] = std::string(object.GetName());
    object.SetLabels(labels);
  } else if (resource == api::GroupResource{"", "pods"}) {
    json["status"] = {{"phase", "Pending"}};
  } else if (resource == kCustomResourceDefinitions) {
    apiextensions::DefaultCustomResourceDefinition(json);
    apiextensions::PrepareCustomResourceDefinitionForCreate(json);
  }
}

void PrepareForUpdate(const RequestScope& scope, const api::Object& old, api::Object& object) {
  if (object.GetUid().empty()) object.SetUid(old.GetUid());
  object.SetCreationTimestamp(old.GetCreationTimestamp());
  object.SetDeletionTimestamp(old.GetDeletionTimestamp());
  object.SetDeletionGracePeriodSeconds(old.GetDeletionGracePeriodSeconds());
  nlohmann::json& json = object.mutable_json();
  if (scope.info.subresource == "status") {
    // R3.3: the status endpoint takes status and metadata from the body, the rest from `old`;
    // for custom resources status alone.
    nlohmann::json merged = old.json();
    for (const char* key : {"apiVersion", "kind", "metadata", "status"}) {
      if (scope.custom && std::string_view(key) == "metadata") continue;
      if (auto it = json.find(key); it != json.end()) {
        merged[key] = std::move(*it);
      } else {
        merged.erase(key);
      }
    }
    json = std::move(merged);
  } else if (scope.strategy.has_status_subresource) {
    auto old_status = old.json().find("status");
    if (old_status == old.json().end()) {
      json.erase("status");
    } else {
      json["status"] = *old_status;
    }
  }
  if (scope.group_resource() == kCustomResourceDefinitions && scope.info.subresource.empty()) {
    apiextensions::DefaultCustomResourceDefinition(json);
    apiextensions::PrepareCustomResourceDefinitionForUpdate(json);
  }
  if (scope.group_resource() == kNamespaces && scope.info.subresource != "finalize") {
    // Only /finalize changes spec.finalizers (R4.9); it keeps status like the main endpoint.
    auto old_spec = old.json().find("spec");
    if (old_spec != old.json().end() && old_spec->is_object() && old_spec->contains("finalizers")) {
      json["spec"]["finalizers"] = (*old_spec)["finalizers"];
    }
  }
  // Clients cannot set generation (R2.4): it follows the stored value and the policy.
  int64_t generation = old.GetGeneration();
  if (scope.strategy.ChangesGeneration(old, object)) ++generation;
  object.SetGeneration(generation);
}

api::FieldErrorList ValidateDeletionFieldsUnchanged(const api::Object& old,
                                                    const api::Object& object) {
  api::FieldErrorList errors;
  const std::optional<api::Time> timestamp = object.GetDeletionTimestamp();
  if (timestamp && !old.GetDeletionTimestamp()) {
    errors.push_back(api::InvalidError("metadata.deletionTimestamp", timestamp->String(),
                                       "field is immutable"));
  }
  const std::optional<int64_t> grace = object.GetDeletionGracePeriodSeconds();
  if (grace && grace != old.GetDeletionGracePeriodSeconds()) {
    errors.push_back(api::InvalidError("metadata.deletionGracePeriodSeconds", *grace,
                                       "field is immutable"));
  }
  return errors;
}

bool ShouldDeleteDuringUpdate(const api::Object& object) {
  if (!object.GetDeletionTimestamp() || !object.GetFinalizers().empty()) return false;
  if (HasNamespaceFinalizers(object)) return false;
  const std::optional<int64_t> grace = object.GetDeletionGracePeriodSeconds();
  return !grace || *grace == 0;
}

bool HasNamespaceFinalizers(const api::Object& ns) {
  const nlohmann::json& json = ns.json();
  if (json.value("kind", "") != "Namespace") return false;
  auto spec = json.find("spec");
  if (spec == json.end() || !spec->is_object()) return false;
  auto finalizers = spec->find("finalizers");
  return finalizers != spec->end() && finalizers->is_array() && !finalizers->empty();
}

}  // namespace kubefake::fakeserver
