#include "object_validation.h"

#include "apiextensions/crd_validation.h"
#include "apiextensions/schema_validation.h"

namespace kubefake::fakeserver {
namespace {

const api::GroupResource kCustomResourceDefinitions{"apiextensions.k8s.io",
                                                    "customresourcedefinitions"};

}  // namespace

api::FieldErrorList ValidateObject(const RequestScope& scope, const api::Object& object,
                                   const api::Object* old) {
  if (scope.custom_resource != nullptr) {
    if (scope.custom_resource->schema.is_null()) return {};
    return apiextensions::ValidateBySchema(object.json(), scope.custom_resource->schema);
  }
  if (scope.group_resource() == kCustomResourceDefinitions && scope.info.subresource.empty()) {
    return apiextensions::ValidateCustomResourceDefinition(object.json(),
                                                           old ? &old->json() : nullptr);
  }
  return {};
}

}  // namespace kubefake::fakeserver
