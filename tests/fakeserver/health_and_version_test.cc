// /healthz, /livez, /readyz (R9.4) and /version (R9.3).
#include <gmock/gmock.h>

#include "engine_test.h"
#include "kubefake/api/version.h"
#include "non_resource_request.h"

namespace kubefake::fakeserver {
namespace {

using testing::EndsWith;
using testing::HasSubstr;
using testing::StartsWith;
using HealthAndVersionTest = EngineTest;

TEST_P(HealthAndVersionTest, HealthEndpointsAnswerOkAsPlainText) {
  for (const char* path : {"/healthz", "/livez", "/readyz"}) {
    Response response = door_->Send(NonResourceGet(path));
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "ok") << path;
    EXPECT_EQ(response.headers.Get("Content-Type"), "text/plain; charset=utf-8") << path;
  }
}

TEST_P(HealthAndVersionTest, VerboseListsChecksThenSaysTheEndpointPassed) {  // R9.4
  Response response = door_->Send(NonResourceGet("/livez?verbose"));
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(response.body, StartsWith("[+]ping ok\n[+]log ok\n[+]etcd ok\n"));
  EXPECT_THAT(response.body, EndsWith("\nlivez check passed\n"));
  Response ready = door_->Send(NonResourceGet("/readyz?verbose"));
  EXPECT_THAT(ready.body, HasSubstr("[+]informer-sync ok\n"));
  EXPECT_THAT(ready.body, EndsWith("[+]shutdown ok\nreadyz check passed\n"));
}

TEST_P(HealthAndVersionTest, ExcludeSkipsACheckAndWarnsAboutUnknownOnes) {  // R9.4
  Response response = door_->Send(NonResourceGet("/readyz?verbose&exclude=etcd&exclude=nope"));
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(response.body, HasSubstr("[+]etcd excluded: ok\n"));
  EXPECT_THAT(response.body, HasSubstr("[+]etcd-readiness ok\n"));
  EXPECT_THAT(response.body,
              HasSubstr("warn: some health checks cannot be excluded: no matches for \"nope\"\n"));
}

TEST_P(HealthAndVersionTest, SingleChecksAnswerOkAndUnknownChecks404) {  // R9.4
  EXPECT_EQ(door_->Send(NonResourceGet("/livez/ping")).body, "ok");
  EXPECT_EQ(door_->Send(NonResourceGet("/readyz/poststarthook/rbac/bootstrap-roles")).body, "ok");
  Response unknown = door_->Send(NonResourceGet("/livez/no-such-check"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown)["message"], "the server could not find the requested resource");
}

TEST_P(HealthAndVersionTest, VersionReportsTheEmulatedRelease) {  // R9.3
  Response response = door_->Send(NonResourceGet("/version"));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  const nlohmann::json info = Json(response);
  EXPECT_EQ(info["gitVersion"], api::kKubernetesVersion);
  EXPECT_EQ(info["major"], "1");
  EXPECT_EQ(info["minor"], "33");
  EXPECT_EQ(info["emulationMinor"], "33");
  EXPECT_EQ(info["minCompatibilityMinor"], "32");
  EXPECT_EQ(info["gitTreeState"], "clean");
  EXPECT_THAT(info["gitCommit"].get<std::string>(), HasSubstr("kubefake"));
  EXPECT_THAT(info["platform"].get<std::string>(), StartsWith("linux/"));
  // Key order is version.Info's.
  EXPECT_THAT(response.body, StartsWith("{\"major\":\"1\",\"minor\":\"33\",\"emulationMajor\""));
}

TEST_P(HealthAndVersionTest, UnknownNonResourcePathsAnswerTheRoute404) {
  for (const char* path : {"/", "/metrics", "/apis/apps/v1beta1", "/apis/nope", "/api/v2",
                           "/openapi/v3/apis/nope/v1", "/openapi/v4"}) {
    Response response = door_->Send(NonResourceGet(path));
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(Json(response)["reason"], "NotFound") << path;
  }
}

TEST_P(HealthAndVersionTest, DocumentsAnswerOnlyGetAndHead) {
  Request post = NonResourceGet("/apis");
  post.method = "POST";
  EXPECT_EQ(door_->Send(post).status, 405);
  Request head = NonResourceGet("/version");
  head.method = "HEAD";
  Response response = door_->Send(head);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(HealthAndVersionTest);

}  // namespace
}  // namespace kubefake::fakeserver
