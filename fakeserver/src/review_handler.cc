// Review resources: access reviews, rules reviews and SelfSubjectReview (review_handler.h).
#include "review_handler.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "body_codec.h"
#include "kubefake/api/error.h"
#include "kubefake/api/time.h"
#include "object_lifecycle.h"
#include "request_options.h"
#include "response_transform.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kAuthorization = "authorization.k8s.io";
constexpr std::string_view kAuthentication = "authentication.k8s.io";

bool Has(const nlohmann::json& spec, std::string_view field) {
  const auto it = spec.find(field);
  return it != spec.end() && !it->is_null();
}

// ValidateSubjectAccessReviewSpec and its Self and Local variants (1.33).
api::FieldErrorList ValidateAccessReview(const RequestScope& scope, const nlohmann::json& review) {
  const std::string_view resource = scope.resource->name;
  const nlohmann::json spec = review.value("spec", nlohmann::json::object());
  const bool resource_attributes = Has(spec, "resourceAttributes");
  const bool non_resource_attributes = Has(spec, "nonResourceAttributes");
  api::FieldErrorList errors;
  if (resource_attributes && non_resource_attributes) {
    errors.push_back(
        api::InvalidError("spec.nonResourceAttributes", spec["nonResourceAttributes"],
                          "cannot be specified in combination with resourceAttributes"));
  }
  if (!resource_attributes && !non_resource_attributes) {
    errors.push_back(
        api::InvalidError("spec.resourceAttributes", nullptr,
                          "exactly one of nonResourceAttributes or resourceAttributes must be "
                          "specified"));
  }
  if (resource != "selfsubjectaccessreviews" && spec.value("user", "").empty() &&
      spec.value("groups", nlohmann::json::array()).empty()) {
    errors.push_back(api::InvalidError("spec.user", spec.value("user", ""),
                                       "at least one of user or group must be specified"));
  }
  if (resource == "localsubjectaccessreviews") {
    const std::string ns = review["metadata"].value("namespace", "");
    if (resource_attributes) {
      const std::string attributes_ns = spec["resourceAttributes"].value("namespace", "");
      if (attributes_ns != ns) {
        errors.push_back(api::InvalidError("spec.resourceAttributes.namespace", attributes_ns,
                                           "must match metadata.namespace"));
      }
    }
    if (non_resource_attributes) {
      errors.push_back(api::InvalidError("spec.nonResourceAttributes",
                                         spec["nonResourceAttributes"],
                                         "disallowed on this kind of request"));
    }
  }
  return errors;
}

nlohmann::json EmptyMetadata() { return {{"creationTimestamp", nullptr}}; }

// AlwaysAllow's RulesFor.
nlohmann::json AllowAllRules() {
  const nlohmann::json all = nlohmann::json::array({"*"});
  return {{"resourceRules", {{{"verbs", all}, {"apiGroups", all}, {"resources", all}}}},
          {"nonResourceRules", {{{"verbs", all}, {"nonResourceURLs", all}}}},
          {"incomplete", false}};
}

Result<nlohmann::json> Review(const RequestScope& scope, nlohmann::json review) {
  const std::string_view resource = scope.resource->name;
  const UserInfo& user = scope.request.user;
  if (resource == "selfsubjectrulesreviews") {
    if (user.name.empty()) return Fail(api::NewBadRequest("no user present on request"));
    const nlohmann::json spec = review.value("spec", nlohmann::json::object());
    if (spec.value("namespace", "").empty()) {
      return Fail(api::NewBadRequest("no namespace on request"));
    }
    return nlohmann::json{{"apiVersion", review["apiVersion"]},
                          {"kind", review["kind"]},
                          {"metadata", EmptyMetadata()},
                          {"spec", nlohmann::json::object()},
                          {"status", AllowAllRules()}};
  }
  if (resource == "selfsubjectreviews") {
    if (user.name.empty()) return Fail(api::NewBadRequest("no user present on request"));
    nlohmann::json user_info = {{"username", user.name}};
    if (!user.uid.empty()) user_info["uid"] = user.uid;
    if (!user.groups.empty()) user_info["groups"] = user.groups;
    const api::Time now = api::Time::FromTimePoint(scope.server.clock.Now());
    return nlohmann::json{{"apiVersion", review["apiVersion"]},
                          {"kind", review["kind"]},
                          {"metadata", {{"creationTimestamp", now.String()}}},
                          {"status", {{"userInfo", std::move(user_info)}}}};
  }
  if (resource == "selfsubjectaccessreviews" && user.name.empty()) {
    return Fail(api::NewBadRequest("no user present on request"));
  }
  if (api::FieldErrorList errors = ValidateAccessReview(scope, review); !errors.empty()) {
    return Fail(api::NewInvalid(scope.group_kind(), "", errors));
  }
  nlohmann::json metadata = review.value("metadata", nlohmann::json::object());
  if (!metadata.contains("creationTimestamp")) metadata["creationTimestamp"] = nullptr;
  review["metadata"] = std::move(metadata);
  review["status"] = {{"allowed", true}};
  return review;
}

// Decodes, validates and answers the review; the body's decoding warnings go to `warnings`.
Result<Response> CreateReview(RequestScope& scope, std::vector<std::string>& warnings) {
  if (scope.resource->name == "tokenreviews") {
    return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                           "create of tokenreviews is not emulated by kubefake yet"));
  }
  Result<CreateOptions> options = ParseCreateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> decoded = DecodeObjectBody(scope.request, scope.kind(),
                                                   {.field_validation = options->field_validation});
  if (!decoded) return Fail(decoded.error());
  warnings = std::move(decoded->warnings);
  api::Object object = std::move(decoded->object);
  if (Result<void> ns = ReconcileNamespace(scope, object); !ns) return Fail(ns.error());
  Result<nlohmann::json> answer = Review(scope, std::move(object).ReleaseJson());
  if (!answer) return Fail(answer.error());
  return EncodeObjectResponse(scope, 201, std::move(*answer));
}

}  // namespace

bool IsReviewResource(const api::ResourceInfo& resource) {
  if (resource.group == kAuthorization) {
    return resource.name == "selfsubjectaccessreviews" || resource.name == "subjectaccessreviews" ||
           resource.name == "localsubjectaccessreviews" ||
           resource.name == "selfsubjectrulesreviews";
  }
  return resource.group == kAuthentication &&
         (resource.name == "selfsubjectreviews" || resource.name == "tokenreviews");
}

Result<Response> HandleReviewCreate(RequestScope& scope) {
  std::vector<std::string> warnings;
  Result<Response> response = CreateReview(scope, warnings);
  return WithWarnings(std::move(response), warnings, scope.format);
}

}  // namespace kubefake::fakeserver
