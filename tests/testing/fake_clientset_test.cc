// FakeClientset: seeding from typed structs, JSON and fixture files; the typed, dynamic and
// discovery clients on one private engine; the engine's FakeClock; isolation between fakes.
#include "kubefake/testing/fake_clientset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubefake/api/time.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake/testing/matchers.h"

namespace kubefake::testkit {
namespace {

using testing::HasSubstr;

api::core::v1::ConfigMap TypedConfigMap(const std::string& name) {
  api::core::v1::ConfigMap config_map;
  config_map.metadata.emplace().name = name;
  config_map.data = std::map<std::string, std::string>{{"mode", "typed"}};
  return config_map;
}

TEST(FakeClientsetTest, SeedsTypedJsonAndFixtureObjectsThroughTheApi) {
  auto fake = FakeClientset::New({
      .objects = {TypedConfigMap("typed"),
                  {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"name", "unstructured"}, {"namespace", "demo"}}}}},
      .fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml"},
  });
  ASSERT_THAT(fake, IsOk());
  auto& core = (*fake)->Clientset().CoreV1();

  auto typed = core.ConfigMaps("default").Get("typed");
  EXPECT_THAT(typed, MatchesYaml("data: {mode: typed}"));
  // Server-set fields prove the object went through the API (R2.1).
  ASSERT_THAT(typed, IsOk());
  EXPECT_FALSE(typed->metadata->uid.value_or("").empty());
  EXPECT_FALSE(typed->metadata->resource_version.value_or("").empty());
  // The namespace from the fixture file exists before the object placed in it.
  EXPECT_THAT(core.ConfigMaps("demo").Get("unstructured"), HasNamespace("demo"));
  EXPECT_THAT(core.Namespaces().Get("staging"), HasLabel("team", "web"));
}

TEST(FakeClientsetTest, DynamicAndDiscoveryClientsShareTheEngine) {
  auto fake = FakeClientset::New({.objects = {TypedConfigMap("shared")}});
  ASSERT_THAT(fake, IsOk());
  auto list = (*fake)->Dynamic().Resource({"", "v1", "configmaps"}).Namespace("default").List();
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->at("items").size(), 1u);
  EXPECT_THAT(list->at("items")[0], HasName("shared"));

  auto resources = (*fake)->Discovery().ServerResourcesForGroupVersion("apps/v1");
  ASSERT_THAT(resources, IsOk());
  std::vector<std::string> names;
  for (const auto& resource : resources->resources) names.push_back(resource.name);
  EXPECT_THAT(names, testing::Contains("deployments"));
}

TEST(FakeClientsetTest, TheEngineStampsTimesFromTheFakeClock) {
  const auto start = FakeClock::kDefaultStart + std::chrono::hours(24);
  auto fake = FakeClientset::New({.start = start});
  ASSERT_THAT(fake, IsOk());
  (*fake)->Clock().Step(std::chrono::seconds(90));
  auto created = (*fake)->Clientset().CoreV1().ConfigMaps("default").Create(TypedConfigMap("t"));
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->metadata->creation_timestamp,
            api::Time::FromTimePoint(start + std::chrono::seconds(90)));
}

TEST(FakeClientsetTest, EachFakeHasItsOwnEngine) {
  auto first = FakeClientset::New();
  auto second = FakeClientset::New();
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT((*first)->Clientset().CoreV1().ConfigMaps("default").Create(TypedConfigMap("only")),
              IsOk());
  EXPECT_THAT((*second)->Clientset().CoreV1().ConfigMaps("default").Get("only"),
              ErrorIs(api::Reason::kNotFound));
}

TEST(FakeClientsetTest, ASeedTheServerRejectsFailsNamingTheObject) {
  auto fake = FakeClientset::New(
      {.objects = {
           TypedConfigMap("fine"),
           {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "Not_A_Name"}}}},
       }});
  ASSERT_THAT(fake, ErrorIs(api::Reason::kInvalid));
  EXPECT_THAT(fake.error().message(), HasSubstr("objects[1]: "));
  EXPECT_THAT(fake.error().message(), HasSubstr("\"Not_A_Name\""));
}

TEST(FakeClientsetTest, ASeedWithoutKindIsABadRequest) {
  auto fake =
      FakeClientset::New({.objects = {{{"apiVersion", "v1"}, {"metadata", {{"name", "x"}}}}}});
  ASSERT_THAT(fake, ErrorIs(api::Reason::kBadRequest));
  EXPECT_EQ(fake.error().message(), "objects[0]: Object 'Kind' is missing");
}

}  // namespace
}  // namespace kubefake::testkit
