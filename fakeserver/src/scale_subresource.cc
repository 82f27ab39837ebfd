#include "scale_subresource.h"

#include <limits>

#include "apiextensions/custom_resource_scale.h"
#include "body_codec.h"
#include "kubefake/api/label_selector.h"
#include "managed_fields.h"
#include "object_lifecycle.h"
#include "object_validation.h"
#include "request_options.h"

namespace kubefake::fakeserver {
namespace {

const api::GroupVersionKind kScale{"autoscaling", "v1", "Scale"};

// status.selector: LabelSelectorAsSelector of spec.selector, or SelectorFromSet of a
// ReplicationController's map; "" (omitted) when there is none.
Result<std::string> SelectorString(const RequestScope& scope, const nlohmann::json& spec) {
  auto selector = spec.find("selector");
  if (selector == spec.end() || selector->is_null()) return std::string();
  if (scope.group_resource() == api::GroupResource{"", "replicationcontrollers"}) {
    api::LabelSet labels;
    if (selector->is_object()) {
      for (const auto& [key, value] : selector->items()) {
        if (value.is_string()) labels[key] = value.get<std::string>();
      }
    }
    return api::LabelSelector::FromSet(labels).String();
  }
  Result<api::LabelSelector> parsed = api::LabelSelectorAsSelector(*selector);
  if (!parsed) return Fail(api::NewInternalError(parsed.error().message()));
  return parsed->String();
}

int64_t ReplicasIn(const nlohmann::json& object, const char* section, int64_t absent) {
  auto it = object.find(section);
  if (it == object.end() || !it->is_object()) return absent;
  auto replicas = it->find("replicas");
  return replicas != it->end() && replicas->is_number_integer() ? replicas->get<int64_t>() : absent;
}

// What a Scale carries of its parent.
struct ScaleValues {
  int64_t spec_replicas = 0;
  int64_t status_replicas = 0;
  std::string selector;
};

// The value a custom object without spec replicas gives the Scale an update starts from, so
// that an update leaving it unchanged can be told apart (etcd.go's invalidSpecReplicas).
constexpr int64_t kUnsetSpecReplicas = std::numeric_limits<int32_t>::min();

// The Scale values of `parent`. A custom object without spec replicas reads as
// `unset_spec_replicas`, or fails with the 500 of a GET when that is nullopt.
Result<ScaleValues> ReadScale(const RequestScope& scope, const api::Object& parent,
                              std::optional<int64_t> unset_spec_replicas) {
  const nlohmann::json& json = parent.json();
  if (const auto& custom = scope.custom_resource; custom && custom->scale) {
    Result<apiextensions::CustomScale> read = apiextensions::ReadCustomScale(json, *custom->scale);
    if (!read) return Fail(read.error());
    if (!read->spec_replicas && !unset_spec_replicas) {
      return Fail(api::NewInternalError("the spec replicas field \"" +
                                        custom->scale->spec_replicas_path + "\" does not exist"));
    }
    return ScaleValues{read->spec_replicas.value_or(unset_spec_replicas.value_or(0)),
                       read->status_replicas, std::move(read->selector)};
  }
  const nlohmann::json spec = json.value("spec", nlohmann::json::object());
  Result<std::string> selector =
      SelectorString(scope, spec.is_object() ? spec : nlohmann::json::object());
  if (!selector) return Fail(selector.error());
  return ScaleValues{ReplicasIn(json, "spec", 1), ReplicasIn(json, "status", 0),
                     std::move(*selector)};
}

nlohmann::json BuildScale(const api::Object& parent, const ScaleValues& values) {
  nlohmann::json metadata = {{"name", parent.GetName()},
                             {"uid", parent.GetUid()},
                             {"resourceVersion", parent.GetResourceVersion()}};
  if (!parent.GetNamespace().empty()) metadata["namespace"] = parent.GetNamespace();
  if (std::optional<api::Time> created = parent.GetCreationTimestamp()) {
    metadata["creationTimestamp"] = created->String();
  }
  nlohmann::json scale_spec = nlohmann::json::object();
  if (values.spec_replicas != 0) scale_spec["replicas"] = values.spec_replicas;
  nlohmann::json status = {{"replicas", values.status_replicas}};
  if (!values.selector.empty()) status["selector"] = values.selector;
  return nlohmann::json{{"kind", kScale.kind},
                        {"apiVersion", kScale.GetGroupVersion().String()},
                        {"metadata", std::move(metadata)},
                        {"spec", std::move(scale_spec)},
                        {"status", std::move(status)}};
}

Result<void> CheckNoTransform(const RequestScope& scope) {
  if (scope.format.transform.kind == ResponseTransform::Kind::kNone) return {};
  return Fail(api::NewNotAcceptable(
      "kubefake does not emulate Table or PartialObjectMetadata output for the scale "
      "subresource"));
}

// The body of an update's new Scale: validation, then the uid precondition (R3.4).
Result<void> ValidateScale(const RequestScope& scope, const nlohmann::json& scale,
                           const api::Object& parent) {
  const int64_t replicas = ReplicasIn(scale, "spec", 0);
  // A custom object's replicas are checked by its own validation (ValidateScaleSpec).
  if (replicas < 0 && !scope.custom) {
    return Fail(api::NewInvalid(
        {kScale.group, kScale.kind}, parent.GetName(),
        {api::InvalidError("spec.replicas", replicas, "must be greater than or equal to 0")}));
  }
  const nlohmann::json metadata = scale.value("metadata", nlohmann::json::object());
  const std::string uid = metadata.is_object() ? metadata.value("uid", "") : "";
  if (!uid.empty() && uid != parent.GetUid()) {
    return Fail(api::NewConflict({scope.resource->group, scope.resource->name + "/scale"},
                                 parent.GetName(),
                                 "Precondition failed: UID in precondition: " + uid +
                                     ", UID in object meta: " + std::string(parent.GetUid())));
  }
  return {};
}

class ScaleUpdater {
 public:
  ScaleUpdater(RequestScope& scope, const ScaleMutation& mutate, std::string manager)
      : scope_(scope), mutate_(mutate), manager_(std::move(manager)) {}

  Result<UpdateDecision> operator()(const KeyValue* current) {
    if (current == nullptr) {
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    }
    const api::Object& old = *current->object;
    Result<ScaleValues> old_values = ReadScale(scope_, old, kUnsetSpecReplicas);
    if (!old_values) return Fail(old_values.error());
    Result<nlohmann::json> scale = mutate_(BuildScale(old, *old_values));
    if (!scale) return Fail(scale.error());
    if (Result<void> valid = ValidateScale(scope_, *scale, old); !valid) {
      return Fail(valid.error());
    }
    const nlohmann::json metadata = scale->value("metadata", nlohmann::json::object());
    const std::string resource_version =
        metadata.is_object() ? metadata.value("resourceVersion", "") : "";
    if (!resource_version.empty() && resource_version != old.GetResourceVersion()) {
      return Fail(OptimisticLockConflict(scope_));
    }
    api::Object object = old;
    const int64_t replicas = ReplicasIn(*scale, "spec", 0);
    if (const auto& custom = scope_.custom_resource; custom && custom->scale) {
      const std::string& path = custom->scale->spec_replicas_path;
      if (replicas == kUnsetSpecReplicas) {
        return Fail(api::NewBadRequest("the spec replicas field \"" + path + "\" cannot be empty"));
      }
      Result<void> set = apiextensions::SetNestedInt64(object.mutable_json(), path, replicas);
      if (!set) return Fail(set.error());
    } else {
      object.mutable_json()["spec"]["replicas"] = replicas;
    }
    PrepareForUpdate(scope_, old, object);
    if (api::FieldErrorList errors = ValidateObject(scope_, object, &old); !errors.empty()) {
      return Fail(api::NewInvalid(scope_.group_kind(), scope_.info.name, errors));
    }
    RecordUpdateManagedFields(&old, object, ObjectSchema(scope_), manager_, false,
                              api::Time::FromTimePoint(scope_.server.clock.Now()), "scale");
    if (object.json() == old.json()) {
      result_ = old;
      return UpdateDecision{UpdateDecision::Action::kNoop, {}};
    }
    result_ = object;
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  // The parent as written (or as it would be, for a dry run).
  const api::Object& result() const { return result_; }

 private:
  RequestScope& scope_;
  const ScaleMutation& mutate_;
  std::string manager_;
  api::Object result_;
};

}  // namespace

Result<nlohmann::json> ScaleOf(const RequestScope& scope, const api::Object& parent) {
  Result<ScaleValues> values = ReadScale(scope, parent, std::nullopt);
  if (!values) return Fail(values.error());
  return BuildScale(parent, *values);
}

Result<Response> UpdateScale(RequestScope& scope, const ScaleMutation& mutate, std::string manager,
                             bool dry_run) {
  if (Result<void> ok = CheckNoTransform(scope); !ok) return Fail(ok.error());
  ScaleUpdater updater(scope, mutate, std::move(manager));
  const std::string key = scope.ObjectKey(scope.info.namespace_, scope.info.name);
  Storage& storage = scope.server.storage;
  if (dry_run) {
    Result<KeyValue> current = storage.Get(key);
    if (!current && !api::IsNotFound(current.error())) return Fail(current.error());
    Result<UpdateDecision> decision = updater(current ? &*current : nullptr);
    if (!decision) return Fail(decision.error());
  } else {
    Result<KeyValue> stored = storage.GuaranteedUpdate(key, 0, std::ref(updater));
    if (!stored) return Fail(stored.error());
    Result<nlohmann::json> scale = ScaleOf(scope, *stored->object);
    if (!scale) return Fail(scale.error());
    return EncodeResponse(200, *scale, scope.format);
  }
  Result<nlohmann::json> scale = ScaleOf(scope, updater.result());
  if (!scale) return Fail(scale.error());
  return EncodeResponse(200, *scale, scope.format);
}

Result<Response> HandleScaleGet(RequestScope& scope) {
  if (Result<void> ok = CheckNoTransform(scope); !ok) return Fail(ok.error());
  Result<KeyValue> stored =
      scope.server.storage.Get(scope.ObjectKey(scope.info.namespace_, scope.info.name));
  if (!stored) {
    if (api::IsNotFound(stored.error())) {
      return Fail(api::NewNotFound(scope.group_resource(), scope.info.name));
    }
    return Fail(stored.error());
  }
  Result<nlohmann::json> scale = ScaleOf(scope, *stored->object);
  if (!scale) return Fail(scale.error());
  return EncodeResponse(200, *scale, scope.format);
}

Result<Response> HandleScaleUpdate(RequestScope& scope) {
  Result<UpdateOptions> options = ParseUpdateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> decoded = DecodeObjectBody(
      scope.request, kScale, {.custom = false, .field_validation = options->field_validation});
  if (!decoded) return Fail(decoded.error());
  if (Result<void> named = CheckRequestName(scope, decoded->object); !named) {
    return Fail(named.error());
  }
  const nlohmann::json desired = decoded->object.json();
  Result<Response> response = UpdateScale(
      scope, [&desired](const nlohmann::json&) -> Result<nlohmann::json> { return desired; },
      FieldManagerFor(scope.request, options->field_manager), options->DryRun());
  return WithWarnings(std::move(response), decoded->warnings, scope.format);
}

}  // namespace kubefake::fakeserver
