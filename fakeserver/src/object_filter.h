// ObjectFilter: the label and field selectors of a list, watch or deletecollection, checked
// against the resource's selectable fields (R6.9-R6.12) and ready to match stored objects.
// Immutable after Create; thread-safe to share.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kubefake/api/field_selector.h"
#include "kubefake/api/label_selector.h"
#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_scope.h"
#include "selectable_fields.h"

namespace kubefake::fakeserver {

class ObjectFilter {
 public:
  // Converts the labels of `fields` for the resource (aliases such as spec.host) and builds the
  // filter. Errors: BadRequest with the resource's unsupported-field message (R6.12).
  static Result<ObjectFilter> Create(const RequestScope& scope, api::LabelSelector labels,
                                     const api::FieldSelector& fields);

  bool Matches(const api::Object& object) const;
  // True when neither selector restricts anything (lists then report remainingItemCount).
  bool Empty() const { return labels_.Empty() && fields_.Empty(); }
  // The field selector after conversion.
  const api::FieldSelector& fields() const { return fields_; }

 private:
  ObjectFilter(api::LabelSelector labels, api::FieldSelector fields,
               const SelectableFields* selectable, std::shared_ptr<const void> owner)
      : labels_(std::move(labels)),
        fields_(std::move(fields)),
        selectable_(selectable),
        owner_(std::move(owner)) {}

  api::LabelSelector labels_;
  api::FieldSelector fields_;
  // A process-wide table, or a custom resource's, which owner_ keeps alive.
  const SelectableFields* selectable_;
  std::shared_ptr<const void> owner_;
};

}  // namespace kubefake::fakeserver
