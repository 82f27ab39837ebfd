// --runtime-config parsing and what the engine serves with it: discovery and routing follow.
#include "kubefake/fakeserver/runtime_config.h"

#include <gmock/gmock.h>

#include "engine_test.h"
#include "non_resource_request.h"

namespace kubefake::fakeserver {
namespace {

using testing::Contains;
using testing::IsEmpty;
using testing::Not;
using testing::UnorderedElementsAre;

api::GroupVersion Gv(std::string group, std::string version) {
  return {std::move(group), std::move(version)};
}

TEST(RuntimeConfigTest, EmptyConfigIsTheDefault) {
  Result<RuntimeConfig> config = ParseRuntimeConfig("");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_THAT(config->enabled, IsEmpty());
  EXPECT_THAT(config->disabled, IsEmpty());
}

TEST(RuntimeConfigTest, OnlyGaVersionsAreServedByDefault) {
  EXPECT_TRUE(IsServedByDefault(Gv("", "v1")));
  EXPECT_TRUE(IsServedByDefault(Gv("autoscaling", "v2")));
  EXPECT_FALSE(IsServedByDefault(Gv("resource.k8s.io", "v1beta1")));
  EXPECT_FALSE(IsServedByDefault(Gv("storagemigration.k8s.io", "v1alpha1")));
}

TEST(RuntimeConfigTest, GroupVersionKeysEnableAndDisable) {
  Result<RuntimeConfig> config =
      ParseRuntimeConfig("resource.k8s.io/v1beta1=true, batch/v1=false,coordination.k8s.io/v1beta1");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_THAT(config->enabled, UnorderedElementsAre(Gv("resource.k8s.io", "v1beta1"),
                                                    Gv("coordination.k8s.io", "v1beta1")));
  EXPECT_THAT(config->disabled, UnorderedElementsAre(Gv("batch", "v1")));
}

TEST(RuntimeConfigTest, ClassKeysApplyBeforeGroupVersionKeys) {
  // The specific key wins whatever its position, as kube-apiserver applies api/* first.
  Result<RuntimeConfig> config = ParseRuntimeConfig("apps/v1=true,api/all=false");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_THAT(config->enabled, IsEmpty());
  EXPECT_THAT(config->disabled, Contains(Gv("", "v1")));
  EXPECT_THAT(config->disabled, Not(Contains(Gv("apps", "v1"))));

  Result<RuntimeConfig> beta = ParseRuntimeConfig("api/beta=true");
  ASSERT_TRUE(beta);
  EXPECT_THAT(beta->enabled, Contains(Gv("resource.k8s.io", "v1beta2")));
  EXPECT_THAT(beta->enabled, Not(Contains(Gv("resource.k8s.io", "v1alpha3"))));
}

TEST(RuntimeConfigTest, CoreIsApiV1AndLastRepeatWins) {
  Result<RuntimeConfig> config = ParseRuntimeConfig("api/v1=false,batch/v1=false,batch/v1=true");
  ASSERT_TRUE(config);
  EXPECT_THAT(config->disabled, UnorderedElementsAre(Gv("", "v1")));
}

TEST(RuntimeConfigTest, BadKeysAndValuesAreErrorsNamingThem) {
  auto message = [](std::string_view flag) {
    Result<RuntimeConfig> config = ParseRuntimeConfig(flag);
    EXPECT_FALSE(config) << flag;
    return config ? std::string() : config.error().message();
  };
  EXPECT_EQ(message("foo.example.com/v1=true"),
            "group version foo.example.com/v1 that has not been registered");
  EXPECT_EQ(message("apps/v7"), "group version apps/v7 that has not been registered");
  EXPECT_EQ(message("apps"), "runtime-config invalid key apps");
  EXPECT_EQ(message("api/all=yes"), "invalid value api/all=yes");
  EXPECT_EQ(message("apps/v1=maybe"),
            "invalid value of apps/v1: maybe, err: strconv.ParseBool: parsing \"maybe\": "
            "invalid syntax");
  EXPECT_THAT(message("apps/v1/deployments=false"),
              testing::StartsWith("runtime-config invalid key apps/v1/deployments"));
}

using RuntimeConfigServingTest = EngineTest;

TEST_P(RuntimeConfigServingTest, EnabledBetaAndDisabledGaShowInDiscoveryAndRouting) {
  ApiServerOptions options = TestOptions(clock_);
  Result<RuntimeConfig> config =
      ParseRuntimeConfig("coordination.k8s.io/v1beta1=true,batch/v1=false");
  ASSERT_TRUE(config);
  config->ApplyTo(options);
  door_.reset();
  server_ = std::make_unique<ApiServer>(std::move(options));
  door_ = GetParam().make(*server_);

  const nlohmann::json groups = Json(door_->Send(NonResourceGet("/apis")))["groups"];
  bool batch_listed = false;
  nlohmann::json coordination;
  for (const nlohmann::json& group : groups) {
    batch_listed |= group["name"] == "batch";
    if (group["name"] == "coordination.k8s.io") coordination = group;
  }
  EXPECT_FALSE(batch_listed);
  ASSERT_EQ(coordination["versions"].size(), 2u);
  EXPECT_EQ(coordination["versions"][1]["groupVersion"], "coordination.k8s.io/v1beta1");
  EXPECT_EQ(coordination["preferredVersion"]["version"], "v1");

  EXPECT_EQ(door_->Send(NonResourceGet("/apis/coordination.k8s.io/v1beta1")).status, 200);
  EXPECT_EQ(door_->Send(NonResourceGet("/apis/batch/v1")).status, 404);
  EXPECT_EQ(door_->Send(NonResourceGet("/apis/batch")).status, 404);
  EXPECT_EQ(Send("GET", "/apis/batch/v1/namespaces/default/jobs").status, 404);
  EXPECT_EQ(Send("GET", "/apis/coordination.k8s.io/v1beta1/namespaces/default/leasecandidates")
                .status,
            200);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(RuntimeConfigServingTest);

}  // namespace
}  // namespace kubefake::fakeserver
