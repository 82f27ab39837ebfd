// Engine tests for the review resources kubectl auth uses: SelfSubjectAccessReview (`can-i`),
// SelfSubjectRulesReview (`can-i --list`), SelfSubjectReview (`whoami`), SubjectAccessReview
// and LocalSubjectAccessReview. kubefake allows everything (review_handler.h).
#include "bearer_token_authenticator.h"
#include "engine_test.h"
#include "kubefake/api/protobuf_codec.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kAuthorizationV1[] = "/apis/authorization.k8s.io/v1/";

class ReviewTest : public EngineTest {
 protected:
  // POSTs `body` as the admin user (what the HTTP door authenticates every request as).
  Response Review(const std::string& path, const nlohmann::json& body,
                  const std::string& content_type = "application/json") {
    Request request;
    request.method = "POST";
    request.path = path;
    request.body =
        content_type == "application/json" ? body.dump() : api::EncodeProtobufObject(body).value();
    request.headers.Set("Content-Type", content_type);
    request.headers.Set("Accept", "application/json");
    request.user = AdminUser();
    return door_->Send(request);
  }

  static nlohmann::json AccessReview(std::string kind, nlohmann::json spec) {
    return {{"apiVersion", "authorization.k8s.io/v1"}, {"kind", kind}, {"spec", spec}};
  }
};

// R11.4: kubectl auth can-i sends the review in protobuf; the answer is the review with its
// spec, an empty metadata and status.allowed.
TEST_P(ReviewTest, SelfSubjectAccessReviewAllowsAndEchoesTheSpec) {
  const nlohmann::json spec = {
      {"resourceAttributes", {{"namespace", "default"}, {"verb", "create"}, {"resource", "pods"}}}};
  const Response response =
      Review(std::string(kAuthorizationV1) + "selfsubjectaccessreviews",
             AccessReview("SelfSubjectAccessReview", spec), "application/vnd.kubernetes.protobuf");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response), (nlohmann::json{{"apiVersion", "authorization.k8s.io/v1"},
                                            {"kind", "SelfSubjectAccessReview"},
                                            {"metadata", {{"creationTimestamp", nullptr}}},
                                            {"spec", spec},
                                            {"status", {{"allowed", true}}}}));
}

TEST_P(ReviewTest, AccessReviewWithoutAttributesIsInvalid) {
  const Response response =
      Review(std::string(kAuthorizationV1) + "selfsubjectaccessreviews",
             AccessReview("SelfSubjectAccessReview", nlohmann::json::object()));
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(Json(response)["message"],
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
            "spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes "
            "or resourceAttributes must be specified");
}

TEST_P(ReviewTest, SubjectAccessReviewNeedsAUserOrGroup) {
  const nlohmann::json spec = {{"nonResourceAttributes", {{"path", "/healthz"}, {"verb", "get"}}}};
  EXPECT_EQ(Review(std::string(kAuthorizationV1) + "subjectaccessreviews",
                   AccessReview("SubjectAccessReview", spec))
                .status,
            422);
  nlohmann::json with_user = spec;
  with_user["user"] = "jane";
  const Response response = Review(std::string(kAuthorizationV1) + "subjectaccessreviews",
                                   AccessReview("SubjectAccessReview", with_user));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response)["status"], (nlohmann::json{{"allowed", true}}));
}

TEST_P(ReviewTest, LocalSubjectAccessReviewNamespaceMustMatch) {
  const std::string path =
      std::string(kAuthorizationV1) + "namespaces/default/localsubjectaccessreviews";
  nlohmann::json spec = {{"user", "jane"},
                         {"resourceAttributes", {{"namespace", "other"}, {"verb", "get"}}}};
  const Response mismatch = Review(path, AccessReview("LocalSubjectAccessReview", spec));
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(Json(mismatch)["details"]["causes"][0]["field"], "spec.resourceAttributes.namespace");
  spec["resourceAttributes"]["namespace"] = "default";
  const Response response = Review(path, AccessReview("LocalSubjectAccessReview", spec));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response)["metadata"]["namespace"], "default");
  EXPECT_EQ(Json(response)["status"]["allowed"], true);
}

TEST_P(ReviewTest, SelfSubjectRulesReviewListsAlwaysAllowRules) {
  const Response response =
      Review(std::string(kAuthorizationV1) + "selfsubjectrulesreviews",
             AccessReview("SelfSubjectRulesReview", {{"namespace", "default"}}));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response)["status"],
            (nlohmann::json{
                {"resourceRules", {{{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}}},
                {"nonResourceRules", {{{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}}}},
                {"incomplete", false}}));
  const Response no_namespace =
      Review(std::string(kAuthorizationV1) + "selfsubjectrulesreviews",
             AccessReview("SelfSubjectRulesReview", nlohmann::json::object()));
  EXPECT_EQ(no_namespace.status, 400);
  EXPECT_EQ(Json(no_namespace)["message"], "no namespace on request");
}

TEST_P(ReviewTest, SelfSubjectReviewNamesTheAuthenticatedUser) {
  const Response response =
      Review("/apis/authentication.k8s.io/v1/selfsubjectreviews",
             {{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "SelfSubjectReview"}});
  ASSERT_EQ(response.status, 201) << response.body;
  const nlohmann::json body = Json(response);
  EXPECT_EQ(body["status"]["userInfo"],
            (nlohmann::json{{"username", "kubernetes-admin"},
                            {"groups", {"system:masters", "system:authenticated"}}}));
  EXPECT_TRUE(body["metadata"]["creationTimestamp"].is_string());
}

TEST_P(ReviewTest, ReviewsAreNotStored) {
  const Response response = Send("GET", std::string(kAuthorizationV1) + "selfsubjectaccessreviews");
  EXPECT_EQ(response.status, 405);
}

TEST_P(ReviewTest, TokenReviewIsRejectedAsNotEmulated) {
  const Response response = Review("/apis/authentication.k8s.io/v1/tokenreviews",
                                   {{"apiVersion", "authentication.k8s.io/v1"},
                                    {"kind", "TokenReview"},
                                    {"spec", {{"token", "t"}}}});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(Json(response)["reason"], "MethodNotAllowed");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ReviewTest);

}  // namespace
}  // namespace kubefake::fakeserver
