#include "object_filter.h"

#include <nlohmann/json.hpp>

namespace kubefake::fakeserver {

Result<ObjectFilter> ObjectFilter::Create(const RequestScope& scope, api::LabelSelector labels,
                                          const api::FieldSelector& fields) {
  const SelectableFields& selectable = scope.selectable_fields();
  Result<api::FieldSelector> converted = selectable.Convert(fields);
  if (!converted) return Fail(converted.error());
  return ObjectFilter(std::move(labels), std::move(*converted), &selectable,
                      scope.custom_resource);
}

bool ObjectFilter::Matches(const api::Object& object) const {
  const nlohmann::json& json = object.json();
  if (!labels_.Empty()) {
    static const nlohmann::json kNoLabels = nlohmann::json::object();
    const nlohmann::json* labels = &kNoLabels;
    if (auto metadata = json.find("metadata"); metadata != json.end() && metadata->is_object()) {
      if (auto it = metadata->find("labels"); it != metadata->end() && it->is_object()) {
        labels = &*it;
      }
    }
    if (!labels_.Matches(api::LabelsView(*labels))) return false;
  }
  return fields_.Empty() || selectable_->Matches(fields_, json);
}

}  // namespace kubefake::fakeserver
