#include "object_validation.h"

#include <algorithm>
#include <iterator>

#include "apiextensions/crd_validation.h"
#include "apiextensions/custom_resource_scale.h"
#include "apiextensions/schema_validation.h"
#include "special_resources.h"

namespace kubefake::fakeserver {

api::FieldErrorList ValidateObject(const RequestScope& scope, const api::Object& object,
                                   const api::Object* old) {
  if (scope.custom_resource != nullptr) {
    const apiextensions::CustomResourceVersion& custom = *scope.custom_resource;
    api::FieldErrorList errors;
    if (!custom.schema.is_null()) {
      errors = apiextensions::ValidateBySchema(object.json(), custom.schema);
    }
    if (custom.scale) {
      // The status strategy checks the status side only (ValidateStatusUpdate).
      if (scope.info.subresource != "status") {
        std::ranges::move(apiextensions::ValidateScaleSpec(object.json(), *custom.scale),
                          std::back_inserter(errors));
      }
      std::ranges::move(apiextensions::ValidateScaleStatus(object.json(), *custom.scale),
                        std::back_inserter(errors));
    }
    if (!custom.schema.is_null()) {
      std::ranges::move(apiextensions::ValidateListSetsAndMaps(object.json(), custom.schema),
                        std::back_inserter(errors));
    }
    return errors;
  }
  if (scope.group_resource() == kCustomResourceDefinitions && scope.info.subresource.empty()) {
    return apiextensions::ValidateCustomResourceDefinition(object.json(),
                                                           old ? &old->json() : nullptr);
  }
  return {};
}

}  // namespace kubefake::fakeserver
