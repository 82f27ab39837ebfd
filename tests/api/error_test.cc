// Tests for api::Error: messages and details of every constructor (api-semantics.md section 5),
// the Status JSON round trip (R5.1) and the predicates (R5.16).
#include "kubefake/api/error.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

const GroupResource kPods{"", "pods"};
const GroupResource kDeployments{"apps", "deployments"};

TEST(ErrorTest, NotFoundMatchesTheApiserverStatusByteForByte) {  // R5.3
  const nlohmann::json expected = nlohmann::json::parse(
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
      R"("message":"pods \"foo\" not found","reason":"NotFound",)"
      R"("details":{"name":"foo","kind":"pods"},"code":404})");
  EXPECT_EQ(NewNotFound(kPods, "foo").ToStatus(), expected);
}

TEST(ErrorTest, NotFoundNamesTheGroupOfANamedGroupResource) {  // R5.3
  const Error error = NewNotFound(kDeployments, "web");
  EXPECT_EQ(error.message(), R"(deployments.apps "web" not found)");
  EXPECT_EQ(error.details()->group, "apps");
  EXPECT_EQ(error.details()->kind, "deployments");
}

TEST(ErrorTest, RouteNotFoundHasEmptyDetails) {  // R5.3
  const nlohmann::json status = NewRouteNotFound().ToStatus();
  EXPECT_EQ(status["message"], "the server could not find the requested resource");
  EXPECT_EQ(status["details"], nlohmann::json::object());
  EXPECT_EQ(status["code"], 404);
}

TEST(ErrorTest, ConflictCarriesTheOptimisticLockText) {  // R5.4
  const Error error = NewConflict(
      kPods, "web",
      "the object has been modified; please apply your changes to the latest version and try "
      "again");
  EXPECT_EQ(error.code(), 409);
  EXPECT_EQ(error.message(),
            "Operation cannot be fulfilled on pods \"web\": the object has been modified; please "
            "apply your changes to the latest version and try again");
  EXPECT_TRUE(IsConflict(error));
  EXPECT_FALSE(IsAlreadyExists(error));
}

TEST(ErrorTest, AlreadyExistsAndGenerateNameConflict) {  // R5.4, R2.6
  EXPECT_EQ(NewAlreadyExists(kDeployments, "web").message(),
            R"(deployments.apps "web" already exists)");
  const Error exhausted = NewGenerateNameConflict(kPods, "web-abcde", 1);
  EXPECT_EQ(exhausted.message(),
            "pods \"web-abcde\" already exists, the server was not able to generate a unique "
            "name for the object");
  EXPECT_EQ(exhausted.RetryAfterSeconds(), 1);
  EXPECT_TRUE(IsAlreadyExists(exhausted));
}

TEST(ErrorTest, ApplyConflictDetailsHoldOnlyCauses) {  // R5.4
  const Error error = NewApplyConflict(
      {{"FieldManagerConflict", "conflict with \"kubectl\" using apps/v1", ".spec.replicas"}},
      "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas");
  const nlohmann::json status = error.ToStatus();
  EXPECT_EQ(status["details"],
            nlohmann::json::parse(R"({"causes":[{"reason":"FieldManagerConflict",)"
                                  R"("message":"conflict with \"kubectl\" using apps/v1",)"
                                  R"("field":".spec.replicas"}]})"));
  EXPECT_EQ(status["code"], 409);
  EXPECT_EQ(status["reason"], "Conflict");
}

TEST(ErrorTest, InvalidWithOneErrorUsesTheKindAndOneMessage) {  // R5.6
  const Error error = NewInvalid(
      {"", "ConfigMap"}, "Bad_Name",
      {InvalidError("metadata.name", "Bad_Name", "a lowercase RFC 1123 subdomain")});
  EXPECT_EQ(error.code(), 422);
  EXPECT_EQ(error.message(),
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
            "lowercase RFC 1123 subdomain");
  ASSERT_TRUE(error.details());
  EXPECT_EQ(error.details()->kind, "ConfigMap");
  ASSERT_EQ(error.details()->causes.size(), 1u);
  EXPECT_EQ(error.details()->causes[0],
            (StatusCause{"FieldValueInvalid",
                         "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain",
                         "metadata.name"}));
}

TEST(ErrorTest, InvalidWithSeveralErrorsBracketsAndDeduplicates) {  // R5.6
  const Error error = NewInvalid({"apps", "Deployment"}, "web",
                                 {RequiredError("spec.selector"), RequiredError("spec.selector"),
                                  InvalidError("spec.replicas", -1, "must be non-negative")});
  EXPECT_EQ(error.message(),
            "Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.replicas: "
            "Invalid value: -1: must be non-negative]");
  EXPECT_EQ(error.details()->causes.size(), 3u);
}

TEST(ErrorTest, InvalidOptionsUseAnEmptyName) {  // R5.6
  const Error error = NewInvalid(
      {"meta.k8s.io", "ListOptions"}, "",
      {ForbiddenError("resourceVersionMatch",
                      "resourceVersionMatch is forbidden unless resourceVersion is provided")});
  EXPECT_EQ(error.message(),
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
            "resourceVersionMatch is forbidden unless resourceVersion is provided");
}

TEST(ErrorTest, ExpiredAndGoneAreBoth410WithDistinctPredicates) {  // R5.5
  const Error expired = NewResourceExpired("too old resource version: 5 (10)");
  EXPECT_EQ(expired.code(), 410);
  EXPECT_TRUE(IsResourceExpired(expired));
  EXPECT_FALSE(IsGone(expired));
  EXPECT_FALSE(expired.ToStatus().contains("details"));
  EXPECT_TRUE(IsGone(NewGone("gone")));
}

TEST(ErrorTest, ForbiddenMessageDependsOnResourceAndName) {  // R5.8
  EXPECT_EQ(NewForbidden(kPods, "", "User \"bob\" cannot list resource \"pods\"").message(),
            "pods is forbidden: User \"bob\" cannot list resource \"pods\"");
  EXPECT_EQ(NewForbidden(kPods, "web", "no").message(), "pods \"web\" is forbidden: no");
  EXPECT_EQ(NewForbidden({}, "", "no").message(), "forbidden: no");
}

TEST(ErrorTest, MethodErrors) {  // R5.9
  const Error unsupported = NewMethodNotSupported({"example.com", "widgets"}, "create");
  EXPECT_EQ(unsupported.message(),
            "create is not supported on resources of kind \"widgets.example.com\"");
  EXPECT_EQ(unsupported.code(), 405);
  EXPECT_TRUE(IsMethodNotSupported(unsupported));
  EXPECT_EQ(NewMethodNotAllowed().ToStatus()["details"], nlohmann::json::object());
}

TEST(ErrorTest, TimeoutsAndRetryAfter) {  // R5.13, R5.14
  const Error too_large = NewTooLargeResourceVersion(100, 42, 1);
  EXPECT_EQ(too_large.code(), 504);
  EXPECT_EQ(too_large.message(), "Timeout: Too large resource version: 100, current: 42");
  EXPECT_TRUE(IsTimeout(too_large));
  EXPECT_TRUE(IsTooLargeResourceVersion(too_large));
  EXPECT_EQ(too_large.RetryAfterSeconds(), 1);

  const Error server_timeout = NewServerTimeout(kPods, "create", 2);
  EXPECT_EQ(server_timeout.code(), 500);
  EXPECT_EQ(server_timeout.message(),
            "The create operation against pods could not be completed at this time, please "
            "try again.");
  EXPECT_TRUE(IsServerTimeout(server_timeout));
  EXPECT_FALSE(IsInternalError(server_timeout));
}

TEST(ErrorTest, InternalErrorRepeatsTheTextAsACause) {  // R5.13
  const nlohmann::json status = NewInternalError("boom").ToStatus();
  EXPECT_EQ(status["message"], "Internal error occurred: boom");
  EXPECT_EQ(status["details"], nlohmann::json::parse(R"({"causes":[{"message":"boom"}]})"));
}

TEST(ErrorTest, TooManyRequestsCarriesRetryAfter) {  // R5.12
  const Error error = NewTooManyRequests("Too many requests, please try again later.", 3);
  EXPECT_EQ(error.ToStatus()["details"]["retryAfterSeconds"], 3);
  EXPECT_TRUE(IsTooManyRequests(error));
}

TEST(ErrorTest, StatusRoundTripsThroughJson) {  // R5.1
  Error original = NewInvalid({"", "Pod"}, "p", {RequiredError("spec.containers")});
  original.set_continue_token("abc");
  const std::optional<Error> parsed = Error::FromStatus(original.ToStatus());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, original);
}

TEST(ErrorTest, FromStatusKeepsAnUnknownReasonString) {  // R5.2
  const std::optional<Error> parsed = Error::FromStatus(nlohmann::json::parse(
      R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NewReason","code":409})"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->reason(), Reason::kUnknown);
  EXPECT_EQ(parsed->reason_string(), "NewReason");
  EXPECT_EQ(parsed->ToStatus()["reason"], "NewReason");
  EXPECT_TRUE(IsConflict(*parsed)) << "an unknown reason falls back to the code";
}

TEST(ErrorTest, FromStatusRejectsObjectsThatAreNotStatus) {
  EXPECT_FALSE(Error::FromStatus(nlohmann::json::parse(R"({"kind":"Pod","apiVersion":"v1"})")));
  EXPECT_FALSE(Error::FromStatus(nlohmann::json::parse(R"([1,2])")));
  EXPECT_FALSE(Error::FromStatus(nlohmann::json::parse(R"({"message":"x"})")));
}

struct PredicateCase {
  std::string name;
  int code;
  bool (*predicate)(const Error&);
};

class PredicateTest : public testing::TestWithParam<PredicateCase> {};

// R5.16: a Status with an empty reason is classified by its code.
TEST_P(PredicateTest, EmptyReasonFallsBackToTheCode) {
  const Error error(GetParam().code, Reason::kUnknown, "body");
  EXPECT_TRUE(GetParam().predicate(error));
  const Error other(GetParam().code == 404 ? 409 : 404, Reason::kUnknown, "body");
  EXPECT_FALSE(GetParam().predicate(other));
}

INSTANTIATE_TEST_SUITE_P(
    Codes, PredicateTest,
    testing::Values(PredicateCase{"NotFound", 404, IsNotFound},
                    PredicateCase{"Conflict", 409, IsConflict},
                    PredicateCase{"AlreadyExists", 409, IsAlreadyExists},
                    PredicateCase{"Gone", 410, IsGone},
                    PredicateCase{"Expired", 410, IsResourceExpired},
                    PredicateCase{"Invalid", 422, IsInvalid},
                    PredicateCase{"BadRequest", 400, IsBadRequest},
                    PredicateCase{"Unauthorized", 401, IsUnauthorized},
                    PredicateCase{"Forbidden", 403, IsForbidden},
                    PredicateCase{"TooManyRequests", 429, IsTooManyRequests},
                    PredicateCase{"InternalError", 500, IsInternalError},
                    PredicateCase{"Timeout", 504, IsTimeout},
                    PredicateCase{"ServiceUnavailable", 503, IsServiceUnavailable}),
    [](const testing::TestParamInfo<PredicateCase>& info) { return info.param.name; });

TEST(ReasonTest, EveryReasonRoundTripsThroughItsString) {  // R5.2
  for (const char* name :
       {"Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict", "Gone", "Invalid",
        "ServerTimeout", "StorageReadError", "Timeout", "TooManyRequests", "BadRequest",
        "MethodNotAllowed", "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType",
        "InternalError", "Expired", "ServiceUnavailable"}) {
    const Reason reason = ParseReason(name);
    EXPECT_NE(reason, Reason::kUnknown) << name;
    EXPECT_EQ(ReasonString(reason), name);
  }
}

}  // namespace
}  // namespace kubefake::api
