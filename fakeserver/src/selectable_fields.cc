#include "selectable_fields.h"

#include <cmath>
#include <initializer_list>
#include <utility>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/go_strings.h"

namespace kubefake::fakeserver {
namespace {

using ValueKind = SelectableFields::ValueKind;
using Rejection = SelectableFields::Rejection;

std::vector<std::string> SplitFieldPath(std::string_view path) {
  if (path.empty()) return {};
  return api::SplitString(path, '.');
}

// The value at `path` in `object`, or nullptr.
const nlohmann::json* Lookup(const nlohmann::json& object, const std::vector<std::string>& path) {
  const nlohmann::json* node = &object;
  for (const std::string& segment : path) {
    if (node->is_object()) {
      auto it = node->find(segment);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array() && api::IsAsciiDigits(segment)) {
      const size_t index = std::stoul(segment);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

// An integer as Go's strconv.Itoa prints it; JSON floats with an integral value count as
// integers (a decoded 3.0 is the int32 3).
std::string IntegerText(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.dump();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.2e18) {
      return std::to_string(static_cast<int64_t>(d));
    }
  }
  return value.dump();
}

std::string Render(const nlohmann::json* value, ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      if (value == nullptr || value->is_null()) return "";
      if (value->is_string()) return value->get<std::string>();
      return value->dump();
    case ValueKind::kBool:
      return value != nullptr && value->is_boolean() && value->get<bool>() ? "true" : "false";
    case ValueKind::kInt:
      if (value == nullptr || value->is_null()) return "0";
      return IntegerText(*value);
    case ValueKind::kScalar:
      if (value == nullptr || value->is_null()) return "";
      if (value->is_string()) return value->get<std::string>();
      if (value->is_number()) return IntegerText(*value);
      return value->dump();
  }
  return "";
}

struct FieldSpec {
  std::string_view label;
  std::string_view path;  // "" = the label itself
  ValueKind kind;
  std::string_view fallback_path;
};

// A computed label read from the object at the same path (or at `path`, falling back to
// `fallback_path`).
constexpr FieldSpec F(std::string_view label, ValueKind kind = ValueKind::kString,
                      std::string_view path = {}, std::string_view fallback_path = {}) {
  return FieldSpec{label, path, kind, fallback_path};
}

struct AliasSpec {
  std::string_view label;
  std::string_view canonical;
};

constexpr FieldSpec kName = F("metadata.name");
constexpr FieldSpec kNamespace = F("metadata.namespace");

}  // namespace

// Builds and owns the built-in tables; a friend of SelectableFields for its constructor.
class SelectableFieldsTable {
 public:
  struct Entry {
    std::string group;
    std::string resource;
    std::string version;  // "" matches every version
    SelectableFields fields;
  };

  static const SelectableFieldsTable& Get() {
    static const SelectableFieldsTable* const table = new SelectableFieldsTable();
    return *table;
  }

  const SelectableFields& Find(const api::GroupVersionResource& gvr, bool namespaced) const {
    for (const Entry& entry : entries_) {
      if (entry.group == gvr.group && entry.resource == gvr.resource &&
          (entry.version.empty() || entry.version == gvr.version)) {
        return entry.fields;
      }
    }
    return namespaced ? default_namespaced_ : default_cluster_;
  }

  // A contract that accepts every computed label (`fields`) unchanged, plus `aliases`.
  static SelectableFields Make(std::initializer_list<FieldSpec> fields,
                               std::initializer_list<AliasSpec> aliases, Rejection rejection,
                               std::string subject = "",
                               std::initializer_list<std::string_view> accepted_only = {}) {
    std::vector<SelectableFields::Accepted> accepted;
    std::vector<SelectableFields::Field> computed;
    for (const FieldSpec& spec : fields) {
      accepted.push_back({std::string(spec.label), std::string(spec.label)});
      computed.push_back({std::string(spec.label),
                          SplitFieldPath(spec.path.empty() ? spec.label : spec.path),
                          SplitFieldPath(spec.fallback_path), spec.kind});
    }
    for (std::string_view label : accepted_only) {
      accepted.push_back({std::string(label), std::string(label)});
    }
    for (const AliasSpec& alias : aliases) {
      accepted.push_back({std::string(alias.label), std::string(alias.canonical)});
    }
    return SelectableFields(std::move(accepted), std::move(computed), rejection,
                            std::move(subject));
  }

  static SelectableFields MakeFrom(std::vector<SelectableFields::Accepted> accepted,
                                   std::vector<SelectableFields::Field> computed,
                                   Rejection rejection) {
    return SelectableFields(std::move(accepted), std::move(computed), rejection, "");
  }

 private:
  SelectableFieldsTable()
      : default_namespaced_(Make({kName, kNamespace}, {}, Rejection::kNotKnown)),
        // DefaultMetaV1FieldSelectorConversion accepts metadata.namespace whatever the scope;
        // DefaultClusterScopedAttr computes only metadata.name, so it reads "".
        default_cluster_(Make({kName}, {}, Rejection::kNotKnown, "", {"metadata.namespace"})) {
    // pkg/apis/core/v1/conversion.go + pkg/registry/core/pod/strategy.go ToSelectableFields.
    Add("", "pods", "",
        Make({kName, kNamespace, F("spec.nodeName"), F("spec.restartPolicy"),
              F("spec.schedulerName"),
              F("spec.serviceAccountName", ValueKind::kString, "", "spec.serviceAccount"),
              F("spec.hostNetwork", ValueKind::kBool), F("status.phase"),
              F("status.podIP", ValueKind::kString, "status.podIPs.0.ip", "status.podIP"),
              F("status.nominatedNodeName")},
             {{"spec.host", "spec.nodeName"}}, Rejection::kNotSupported, "", {"status.podIPs"}));
    // pkg/registry/core/node/strategy.go NodeToSelectableFields (cluster-scoped).
    Add("", "nodes", "",
        Make({kName, F("spec.unschedulable", ValueKind::kBool)}, {}, Rejection::kNotSupported));
    // pkg/registry/core/replicationcontroller/strategy.go.
    Add("", "replicationcontrollers", "",
        Make({kName, kNamespace, F("status.replicas", ValueKind::kInt)}, {},
             Rejection::kNotSupported));
    // pkg/registry/core/event/strategy.go ToSelectableFields; core/v1 serves the internal
    // ReportingController as reportingComponent.
    Add("", "events", "",
        Make({kName, kNamespace, F("involvedObject.kind"), F("involvedObject.namespace"),
              F("involvedObject.name"), F("involvedObject.uid"), F("involvedObject.apiVersion"),
              F("involvedObject.resourceVersion"), F("involvedObject.fieldPath"), F("reason"),
              F("reportingComponent"),
              F("source", ValueKind::kString, "source.component", "reportingComponent"), F("type")},
             {}, Rejection::kNotSupported));
    // pkg/apis/events/v1/conversion.go: the same storage and field set, selected through the
    // events.k8s.io spellings; the core spellings are not accepted here.
    Add("events.k8s.io", "events", "", EventsV1());
    // pkg/registry/core/namespace/strategy.go (cluster-scoped; its bare "name" key is not
    // selectable: the conversion func rejects "name").
    Add("", "namespaces", "", Make({kName, F("status.phase")}, {}, Rejection::kNotSupported));
    Add("", "secrets", "", Make({kName, kNamespace, F("type")}, {}, Rejection::kNotSupported));
    Add("", "services", "",
        Make({kName, kNamespace, F("spec.clusterIP"), F("spec.type")}, {},
             Rejection::kNotSupported));
    // pkg/apis/batch/v1/conversion.go + pkg/registry/batch/job/strategy.go: the selector says
    // status.successful, the object says status.succeeded.
    Add("batch", "jobs", "",
        Make({kName, kNamespace, F("status.successful", ValueKind::kInt, "status.succeeded")}, {},
             Rejection::kNotSupportedForKind, "Job"));
    // pkg/apis/certificates/*/conversion.go (both cluster-scoped).
    Add("certificates.k8s.io", "certificatesigningrequests", "",
        Make({kName, F("spec.signerName")}, {}, Rejection::kNotSupported));
    Add("certificates.k8s.io", "clustertrustbundles", "",
        Make({kName, F("spec.signerName")}, {}, Rejection::kNotSupported));
    // pkg/apis/resource/<version>/conversion.go: the message names the group-version-kind.
    for (const char* version : {"v1alpha3", "v1beta1", "v1beta2"}) {
      Add("resource.k8s.io", "resourceslices", version,
          Make({kName, F("spec.nodeName"), F("spec.driver")}, {}, Rejection::kNotSupportedForGvk,
               api::GroupVersionKind{"resource.k8s.io", version, "ResourceSlice"}.String()));
    }
  }

  static SelectableFields EventsV1() {
    std::vector<SelectableFields::Accepted> accepted = {
        {"metadata.name", "metadata.name"},
        {"metadata.namespace", "metadata.namespace"},
        {"reason", "reason"},
        {"regarding.kind", "involvedObject.kind"},
        {"regarding.namespace", "involvedObject.namespace"},
        {"regarding.name", "involvedObject.name"},
        {"regarding.uid", "involvedObject.uid"},
        {"regarding.apiVersion", "involvedObject.apiVersion"},
        {"regarding.resourceVersion", "involvedObject.resourceVersion"},
        {"regarding.fieldPath", "involvedObject.fieldPath"},
        {"reportingController", "reportingComponent"},
        {"source", "source"},
        {"type", "type"},
    };
    std::vector<SelectableFields::Field> computed;
    auto field = [&](std::string label, std::string_view path, std::string_view fallback = {}) {
      computed.push_back(
          {std::move(label), SplitFieldPath(path), SplitFieldPath(fallback), ValueKind::kString});
    };
    field("metadata.name", "metadata.name");
    field("metadata.namespace", "metadata.namespace");
    for (const char* part :
         {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
      field(std::string("involvedObject.") + part, std::string("regarding.") + part);
    }
    field("reason", "reason");
    field("reportingComponent", "reportingController");
    field("source", "deprecatedSource.component", "reportingController");
    field("type", "type");
    return MakeFrom(std::move(accepted), std::move(computed), Rejection::kNotSupported);
  }

  void Add(std::string group, std::string resource, std::string version, SelectableFields fields) {
    entries_.push_back(
        {std::move(group), std::move(resource), std::move(version), std::move(fields)});
  }

  SelectableFields default_namespaced_;
  SelectableFields default_cluster_;
  std::vector<Entry> entries_;
};

SelectableFields::SelectableFields(std::vector<Accepted> accepted, std::vector<Field> fields,
                                   Rejection rejection, std::string rejection_subject)
    : accepted_(std::move(accepted)),
      fields_(std::move(fields)),
      rejection_(rejection),
      rejection_subject_(std::move(rejection_subject)) {}

const SelectableFields& SelectableFields::ForBuiltIn(const api::GroupVersionResource& gvr,
                                                     bool namespaced) {
  return SelectableFieldsTable::Get().Find(gvr, namespaced);
}

SelectableFields SelectableFields::ForCustomResource(bool namespaced,
                                                     const std::vector<std::string>& json_paths) {
  std::vector<Accepted> accepted = {{"metadata.name", "metadata.name"}};
  std::vector<Field> computed = {{"metadata.name", {"metadata", "name"}, {}, ValueKind::kString}};
  if (namespaced) {
    accepted.push_back({"metadata.namespace", "metadata.namespace"});
    computed.push_back({"metadata.namespace", {"metadata", "namespace"}, {}, ValueKind::kString});
  }
  for (const std::string& json_path : json_paths) {
    std::string_view path = json_path;
    if (path.starts_with('.')) path.remove_prefix(1);
    accepted.push_back({std::string(path), std::string(path)});
    computed.push_back({std::string(path), SplitFieldPath(path), {}, ValueKind::kScalar});
  }
  return SelectableFieldsTable::MakeFrom(std::move(accepted), std::move(computed),
                                         Rejection::kNotSupported);
}

Result<std::string> SelectableFields::ConvertLabel(std::string_view label) const {
  for (const Accepted& accepted : accepted_) {
    if (accepted.label == label) return accepted.canonical;
  }
  switch (rejection_) {
    case Rejection::kNotKnown:
      return Fail(api::NewBadRequest(
          api::GoQuote(label) +
          " is not a known field selector: only \"metadata.name\", \"metadata.namespace\""));
    case Rejection::kNotSupported:
      return Fail(api::NewBadRequest("field label not supported: " + std::string(label)));
    case Rejection::kNotSupportedForKind:
      return Fail(api::NewBadRequest("field label " + api::GoQuote(label) + " not supported for " +
                                     rejection_subject_));
    case Rejection::kNotSupportedForGvk:
      return Fail(api::NewBadRequest("field label not supported for " + rejection_subject_ + ": " +
                                     std::string(label)));
  }
  return Fail(api::NewBadRequest("field label not supported: " + std::string(label)));
}

Result<api::FieldSelector> SelectableFields::Convert(const api::FieldSelector& selector) const {
  if (selector.Empty() || selector.MatchesNothing()) return selector;
  std::vector<api::FieldRequirement> requirements = selector.requirements();
  for (api::FieldRequirement& requirement : requirements) {
    Result<std::string> canonical = ConvertLabel(requirement.field);
    if (!canonical) return Fail(std::move(canonical.error()));
    requirement.field = std::move(*canonical);
  }
  return api::FieldSelector::FromRequirements(std::move(requirements));
}

const SelectableFields::Field* SelectableFields::FindField(std::string_view label) const {
  for (const Field& field : fields_) {
    if (field.label == label) return &field;
  }
  return nullptr;
}

std::string SelectableFields::Value(std::string_view label, const nlohmann::json& object) const {
  const Field* field = FindField(label);
  if (field == nullptr) return "";
  std::string value = Render(Lookup(object, field->path), field->kind);
  if (value.empty() && !field->fallback_path.empty()) {
    value = Render(Lookup(object, field->fallback_path), field->kind);
  }
  return value;
}

api::FieldSet SelectableFields::FieldsOf(const nlohmann::json& object) const {
  api::FieldSet set;
  for (const Field& field : fields_) set.emplace(field.label, Value(field.label, object));
  return set;
}

bool SelectableFields::Matches(const api::FieldSelector& selector,
                               const nlohmann::json& object) const {
  if (selector.MatchesNothing()) return false;
  for (const api::FieldRequirement& requirement : selector.requirements()) {
    const bool equal = Value(requirement.field, object) == requirement.value;
    if (equal != (requirement.op == api::FieldRequirement::Operator::kEquals)) return false;
  }
  return true;
}

}  // namespace kubefake::fakeserver
