#include "object_meta_validation.h"

#include <algorithm>
#include <string>

#include "kubefake/api/ascii.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/name_validation.h"

namespace kubefake::fakeserver {
namespace {

constexpr size_t kTotalAnnotationSizeLimit = 256 * 1024;
constexpr char kFieldImmutable[] = "field is immutable";

void ValidateLabels(const nlohmann::json& labels, api::FieldErrorList& errors) {
  if (!labels.is_object()) return;
  for (const auto& [key, value] : labels.items()) {
    for (std::string& message : api::IsQualifiedName(key)) {
      errors.push_back(api::InvalidError("metadata.labels", key, std::move(message)));
    }
    if (!value.is_string()) continue;
    const std::string& text = value.get_ref<const std::string&>();
    for (std::string& message : api::IsValidLabelValue(text)) {
      errors.push_back(api::InvalidError("metadata.labels", text, std::move(message)));
    }
  }
}

void ValidateAnnotations(const nlohmann::json& annotations, api::FieldErrorList& errors) {
  if (!annotations.is_object()) return;
  size_t total = 0;
  for (const auto& [key, value] : annotations.items()) {
    for (std::string& message : api::IsQualifiedName(api::AsciiLowered(key))) {
      errors.push_back(api::InvalidError("metadata.annotations", key, std::move(message)));
    }
    total += key.size() + (value.is_string() ? value.get_ref<const std::string&>().size() : 0);
  }
  if (total > kTotalAnnotationSizeLimit) {
    errors.push_back(api::TooLongError("metadata.annotations", "", kTotalAnnotationSizeLimit));
  }
}

bool IsStandardFinalizer(std::string_view name) {
  return name == "kubernetes" || name == "orphan" || name == "foregroundDeletion";
}

void ValidateFinalizers(const std::vector<std::string>& finalizers, bool kube_names,
                        api::FieldErrorList& errors) {
  bool orphan = false;
  bool foreground = false;
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const std::string& finalizer = finalizers[i];
    for (std::string& message : api::IsQualifiedName(finalizer)) {
      errors.push_back(api::InvalidError("metadata.finalizers", finalizer, std::move(message)));
    }
    orphan |= finalizer == "orphan";
    foreground |= finalizer == "foregroundDeletion";
  }
  if (orphan && foreground) {
    errors.push_back(api::InvalidError("metadata.finalizers", finalizers,
                                       "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  if (!kube_names) return;
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const std::string& finalizer = finalizers[i];
    if (finalizer.find('/') == std::string::npos && !IsStandardFinalizer(finalizer)) {
      errors.push_back(api::InvalidError(
          "metadata.finalizers[" + std::to_string(i) + "]", finalizer,
          "name is neither a standard finalizer name nor is it fully qualified"));
    }
  }
}

void ValidateOwnerReferences(const nlohmann::json& owners, api::FieldErrorList& errors) {
  if (!owners.is_array()) return;
  const std::string path = "metadata.ownerReferences";
  std::vector<std::string> controllers;
  for (const nlohmann::json& owner : owners) {
    if (!owner.is_object()) continue;
    auto text = [&](const char* key) {
      auto it = owner.find(key);
      return it != owner.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string api_version = text("apiVersion");
    const std::string kind = text("kind");
    const std::string name = text("name");
    const std::string uid = text("uid");
    if (api_version.empty()) {
      errors.push_back(api::InvalidError(path + ".apiVersion", api_version,
                                         "version must not be empty"));
    }
    if (kind.empty()) {
      errors.push_back(api::InvalidError(path + ".kind", kind, "kind must not be empty"));
    }
    if (name.empty()) {
      errors.push_back(api::InvalidError(path + ".name", name, "name must not be empty"));
    }
    if (uid.empty()) {
      errors.push_back(api::InvalidError(path + ".uid", uid, "uid must not be empty"));
    }
    if (api_version.find('/') == std::string::npos && kind == "List") {
      errors.push_back(api::InvalidError(path + ".kind", kind, "List is not a valid kind"));
    }
    if (auto it = owner.find("controller"); it != owner.end() && *it == true) {
      controllers.push_back(kind + "/" + name);
    }
  }
  if (controllers.size() > 1) {
    std::string found;
    for (size_t i = 0; i < controllers.size(); ++i) {
      if (i > 0) found += ", ";
      found += controllers[i];
    }
    errors.push_back(api::InvalidError(
        path, owners,
        "Only one reference can have Controller set to true. Found \"true\" in references for " +
            found));
  }
}

const nlohmann::json& MetadataField(const api::Object& object, const char* key) {
  static const nlohmann::json kNull;
  const nlohmann::json& json = object.json();
  auto metadata = json.find("metadata");
  if (metadata == json.end() || !metadata->is_object()) return kNull;
  auto it = metadata->find(key);
  return it == metadata->end() ? kNull : *it;
}

}  // namespace

api::FieldErrorList ValidateObjectMetaForCreate(const api::Object& object,
                                                const ResourceStrategy& strategy, bool namespaced) {
  api::FieldErrorList errors;
  const std::string name(object.GetName());
  const std::string generate_name(object.GetGenerateName());
  if (!generate_name.empty()) {
    for (std::string& message : strategy.ValidateName(generate_name, true)) {
      errors.push_back(api::InvalidError("metadata.generateName", generate_name,
                                         std::move(message)));
    }
  }
  if (name.empty()) {
    errors.push_back(api::RequiredError("metadata.name", "name or generateName is required"));
  } else {
    for (std::string& message : strategy.ValidateName(name, false)) {
      errors.push_back(api::InvalidError("metadata.name", name, std::move(message)));
    }
  }
  const std::string ns(object.GetNamespace());
  if (namespaced) {
    if (ns.empty()) {
      errors.push_back(api::RequiredError("metadata.namespace"));
    } else {
      for (std::string& message : api::IsDNS1123Label(ns)) {
        errors.push_back(api::InvalidError("metadata.namespace", ns, std::move(message)));
      }
    }
  } else if (!ns.empty()) {
    errors.push_back(api::ForbiddenError("metadata.namespace", "not allowed on this type"));
  }
  if (object.GetGeneration() < 0) {
    errors.push_back(api::InvalidError("metadata.generation", object.GetGeneration(),
                                       "must be greater than or equal to 0"));
  }
  ValidateLabels(MetadataField(object, "labels"), errors);
  ValidateAnnotations(MetadataField(object, "annotations"), errors);
  ValidateOwnerReferences(MetadataField(object, "ownerReferences"), errors);
  ValidateFinalizers(object.GetFinalizers(), strategy.kube_finalizer_names, errors);
  return errors;
}

api::FieldErrorList ValidateObjectMetaForUpdate(const api::Object& updated, const api::Object& old,
                                                const ResourceStrategy& strategy, bool namespaced) {
  api::FieldErrorList errors = ValidateObjectMetaForCreate(updated, strategy, namespaced);
  if (updated.GetName() != old.GetName()) {
    errors.push_back(
        api::InvalidError("metadata.name", std::string(updated.GetName()), kFieldImmutable));
  }
  if (updated.GetNamespace() != old.GetNamespace()) {
    errors.push_back(api::InvalidError("metadata.namespace",
                                       std::string(updated.GetNamespace()), kFieldImmutable));
  }
  if (updated.GetUid() != old.GetUid()) {
    errors.push_back(
        api::InvalidError("metadata.uid", std::string(updated.GetUid()), kFieldImmutable));
  }
  if (updated.GetGeneration() < old.GetGeneration()) {
    errors.push_back(api::InvalidError("metadata.generation", updated.GetGeneration(),
                                       "must not be decremented"));
  }
  if (old.GetDeletionTimestamp()) {
    const std::vector<std::string> old_finalizers = old.GetFinalizers();
    std::vector<std::string> added;
    for (const std::string& finalizer : updated.GetFinalizers()) {
      if (std::ranges::find(old_finalizers, finalizer) == old_finalizers.end()) {
        added.push_back(finalizer);
      }
    }
    if (!added.empty()) {
      std::string list = "[]string{";
      for (size_t i = 0; i < added.size(); ++i) {
        if (i > 0) list += ", ";
        list += api::GoQuote(added[i]);
      }
      list += "}";
      errors.push_back(api::ForbiddenError(
          "metadata.finalizers",
          "no new finalizers can be added if the object is being deleted, found new finalizers " +
              list));
    }
  }
  return errors;
}

}  // namespace kubefake::fakeserver
