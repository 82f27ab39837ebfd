// Object: a Kubernetes object as JSON with typed accessors for apiVersion, kind and ObjectMeta;
// client-go's unstructured.Unstructured. The server and the dynamic client work on it.
// Value type; thread-compatible.
//
// Getters never throw: a field that is missing or has the wrong JSON type reads as empty.
// Views returned by getters point into the object and are valid until it is next modified.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/api/time.h"
#include "kubefake/api/types/meta/v1.h"

namespace kubefake::api {

using StringMap = std::map<std::string, std::string>;

class Object {
 public:
  // An empty JSON object.
  Object();
  // Takes `json` as is; see FromJson for a checked construction.
  explicit Object(nlohmann::json json) : json_(std::move(json)) {}

  // Errors: BadRequest unless `json` is a JSON object whose "metadata", if present, is one too.
  static Result<Object> FromJson(nlohmann::json json);

  const nlohmann::json& json() const { return json_; }
  nlohmann::json& mutable_json() { return json_; }
  nlohmann::json ReleaseJson() && { return std::move(json_); }

  std::string_view GetApiVersion() const;
  void SetApiVersion(std::string_view api_version);
  std::string_view GetKind() const;
  void SetKind(std::string_view kind);
  // nullopt when apiVersion does not parse.
  std::optional<GroupVersionKind> GetGroupVersionKind() const;
  void SetGroupVersionKind(const GroupVersionKind& gvk);

  std::string_view GetName() const;
  void SetName(std::string_view name);
  std::string_view GetGenerateName() const;
  void SetGenerateName(std::string_view generate_name);
  std::string_view GetNamespace() const;
  void SetNamespace(std::string_view ns);
  std::string_view GetUid() const;
  void SetUid(std::string_view uid);
  std::string_view GetResourceVersion() const;
  void SetResourceVersion(std::string_view resource_version);
  // metadata.generation; 0 when absent (the apiserver omits it when 0).
  int64_t GetGeneration() const;
  void SetGeneration(int64_t generation);

  // nullopt when absent, null or not a valid RFC 3339 time.
  std::optional<Time> GetCreationTimestamp() const;
  void SetCreationTimestamp(std::optional<Time> t);
  std::optional<Time> GetDeletionTimestamp() const;
  void SetDeletionTimestamp(std::optional<Time> t);
  std::optional<int64_t> GetDeletionGracePeriodSeconds() const;
  void SetDeletionGracePeriodSeconds(std::optional<int64_t> seconds);

  // String-valued entries only; others are skipped.
  StringMap GetLabels() const;
  // An empty map removes the field.
  void SetLabels(const StringMap& labels);
  StringMap GetAnnotations() const;
  void SetAnnotations(const StringMap& annotations);
  std::vector<std::string> GetFinalizers() const;
  void SetFinalizers(const std::vector<std::string>& finalizers);
  bool HasFinalizer(std::string_view finalizer) const;

  // Entries that do not decode as OwnerReference / ManagedFieldsEntry are skipped.
  std::vector<meta::v1::OwnerReference> GetOwnerReferences() const;
  void SetOwnerReferences(const std::vector<meta::v1::OwnerReference>& owners);
  std::vector<meta::v1::ManagedFieldsEntry> GetManagedFields() const;
  void SetManagedFields(const std::vector<meta::v1::ManagedFieldsEntry>& entries);

  bool operator==(const Object& other) const { return json_ == other.json_; }

 private:
  const nlohmann::json* MetadataField(const char* key) const;
  std::string_view MetadataString(const char* key) const;
  // Sets metadata[key], creating metadata; a null `value` removes the key.
  void SetMetadataField(const char* key, nlohmann::json value);

  nlohmann::json json_;
};

}  // namespace kubefake::api
