// DynamicClient against the fake's engine over every transport: each verb on JSON objects,
// subresources, options as query parameters and DeleteOptions bodies, and its errors.
#include "kubefake/client/dynamic_client.h"

#include <gtest/gtest.h>

#include "client_test_fixture.h"
#include "widget_crd.h"

namespace kubefake::client {
namespace {

const api::GroupVersionResource kDeployments{"apps", "v1", "deployments"};
const api::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

nlohmann::json Deployment(const std::string& name) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"labels", {{"app", name}}}}},
          {"spec",
           {{"replicas", 1},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template",
             {{"metadata", {{"labels", {{"app", name}}}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}}}}}};
}

nlohmann::json ConfigMapOfTier(const std::string& name, const std::string& tier) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"labels", {{"tier", tier}}}}}};
}

class DynamicClientTest : public ClientTest {
 protected:
  DynamicClientTest() : dynamic_(std::move(DynamicClient::NewForConfig(config_).value())) {}

  DynamicResource Deployments() const {
    return dynamic_->Resource(kDeployments).Namespace("default");
  }
  DynamicResource ConfigMaps() const {
    return dynamic_->Resource(kConfigMaps).Namespace("default");
  }

  std::unique_ptr<DynamicClient> dynamic_;
};

TEST_P(DynamicClientTest, CreateGetUpdateAndListADeployment) {
  auto created = Deployments().Create(Deployment("web"));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ((*created)["metadata"]["namespace"], "default");

  auto got = Deployments().Get("web");
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ((*got)["metadata"]["uid"], (*created)["metadata"]["uid"]);

  nlohmann::json update = *got;
  update["spec"]["replicas"] = 3;
  auto updated = Deployments().Update(update);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ((*updated)["spec"]["replicas"], 3);
  EXPECT_EQ((*updated)["metadata"]["generation"], 2);

  ASSERT_TRUE(Deployments().Create(Deployment("api")));
  auto list = Deployments().List({.label_selector = "app=api"});
  ASSERT_TRUE(list) << list.error().message();
  EXPECT_EQ((*list)["kind"], "DeploymentList");
  ASSERT_EQ((*list)["items"].size(), 1u);
  EXPECT_EQ((*list)["items"][0]["metadata"]["name"], "api");

  auto everywhere = dynamic_->Resource(kDeployments).List();
  ASSERT_TRUE(everywhere);
  EXPECT_EQ((*everywhere)["items"].size(), 2u);
}

TEST_P(DynamicClientTest, UpdateStatusWritesOnlyTheStatus) {
  auto created = Deployments().Create(Deployment("web"));
  ASSERT_TRUE(created);
  nlohmann::json object = *created;
  object["status"] = {{"observedGeneration", 1}, {"replicas", 1}};
  object["spec"]["replicas"] = 5;  // ignored by the status subresource
  auto updated = Deployments().UpdateStatus(object);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ((*updated)["status"]["replicas"], 1);
  EXPECT_EQ((*updated)["spec"]["replicas"], 1);
}

TEST_P(DynamicClientTest, GetScaleSubresource) {
  ASSERT_TRUE(Deployments().Create(Deployment("web")));
  auto scale = Deployments().Get("web", {}, {"scale"});
  ASSERT_TRUE(scale) << scale.error().message();
  EXPECT_EQ((*scale)["kind"], "Scale");
  EXPECT_EQ((*scale)["spec"]["replicas"], 1);
}

TEST_P(DynamicClientTest, PatchWithEachPatchType) {
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapOfTier("a", "web")));
  auto merged = ConfigMaps().Patch("a", PatchType::kMerge, R"({"data":{"k":"v"}})");
  ASSERT_TRUE(merged) << merged.error().message();
  EXPECT_EQ((*merged)["data"]["k"], "v");
  auto strategic = ConfigMaps().Patch("a", PatchType::kStrategicMerge, R"({"data":{"k2":"v2"}})");
  ASSERT_TRUE(strategic) << strategic.error().message();
  EXPECT_EQ((*strategic)["data"].size(), 2u);
  auto json = ConfigMaps().Patch("a", PatchType::kJson,
                                 R"([{"op":"replace","path":"/data/k","value":"w"}])");
  ASSERT_TRUE(json) << json.error().message();
  EXPECT_EQ((*json)["data"]["k"], "w");
  auto dry =
      ConfigMaps().Patch("a", PatchType::kMerge, R"({"data":{"k":"dry"}})", {.dry_run = {"All"}});
  ASSERT_TRUE(dry) << dry.error().message();
  EXPECT_EQ((*dry)["data"]["k"], "dry");
  EXPECT_EQ(ConfigMaps().Get("a").value()["data"]["k"], "w");
}

TEST_P(DynamicClientTest, DeleteHonoursPreconditionsAndDeleteCollectionItsSelector) {
  auto created = ConfigMaps().Create(ConfigMapOfTier("a", "web"));
  ASSERT_TRUE(created);
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapOfTier("b", "web")));
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapOfTier("c", "db")));

  auto wrong_uid = ConfigMaps().Delete("a", {.preconditions = Preconditions{.uid = "not-the-uid"}});
  ASSERT_FALSE(wrong_uid);
  EXPECT_TRUE(api::IsConflict(wrong_uid.error())) << wrong_uid.error().message();
  ASSERT_TRUE(ConfigMaps().Delete(
      "a",
      {.preconditions = Preconditions{.uid = (*created)["metadata"]["uid"].get<std::string>()}}));
  EXPECT_TRUE(api::IsNotFound(ConfigMaps().Get("a").error()));

  ASSERT_TRUE(ConfigMaps().DeleteCollection({}, {.label_selector = "tier=web"}));
  auto left = ConfigMaps().List();
  ASSERT_TRUE(left);
  std::vector<std::string> names;
  for (const auto& item : (*left)["items"]) names.push_back(item["metadata"]["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"c"}));
}

TEST_P(DynamicClientTest, WatchTakesListOptions) {
  auto watcher = ConfigMaps().Watch({.label_selector = "tier=db"});
  ASSERT_TRUE(watcher) << watcher.error().message();
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapOfTier("web-config", "web")));
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapOfTier("db-config", "db")));
  auto event = (*watcher)->Next();
  ASSERT_TRUE(event && *event);
  EXPECT_EQ((*event)->type, "ADDED");
  EXPECT_EQ((*event)->object["metadata"]["name"], "db-config");
}

TEST_P(DynamicClientTest, ErrorsAreTheServersOrNameIsRequired) {
  auto missing = Deployments().Get("nope");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(api::IsNotFound(missing.error()));
  EXPECT_EQ(missing.error().message(), "deployments.apps \"nope\" not found");

  auto no_name = Deployments().Update(nlohmann::json{{"metadata", nlohmann::json::object()}});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().message(), "name is required");
  EXPECT_EQ(transport_->count(), 1);

  auto unknown = dynamic_->Resource({"example.com", "v1", "widgets"}).List();
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(api::IsNotFound(unknown.error()));
}

TEST_P(DynamicClientTest, CustomResourcesWorkWithoutGeneratedCode) {
  auto created_crd = dynamic_->Resource({"apiextensions.k8s.io", "v1", "customresourcedefinitions"})
                         .Create(WidgetCrd());
  ASSERT_TRUE(created_crd) << created_crd.error().message();

  DynamicResource widgets =
      dynamic_->Resource({"example.com", "v1", "widgets"}).Namespace("default");
  auto created = widgets.Create({{"apiVersion", "example.com/v1"},
                                 {"kind", "Widget"},
                                 {"metadata", {{"name", "w"}}},
                                 {"spec", {{"size", 3}, {"dropped", true}}}});
  ASSERT_TRUE(created) << created.error().message();
  // The CRD's schema prunes unknown fields, as on a real server.
  EXPECT_EQ((*created)["spec"], (nlohmann::json{{"size", 3}}));
  auto list = widgets.List();
  ASSERT_TRUE(list) << list.error().message();
  EXPECT_EQ((*list)["kind"], "WidgetList");
  ASSERT_EQ((*list)["items"].size(), 1u);
}

TEST_P(DynamicClientTest, ApplyCreatesThenConflictsWithoutForceAndTakesOverWithIt) {
  const nlohmann::json configuration = {{"apiVersion", "v1"},
                                        {"kind", "ConfigMap"},
                                        {"metadata", {{"name", "applied"}}},
                                        {"data", {{"owner", "first"}}}};
  auto created = ConfigMaps().Apply("applied", configuration, {.field_manager = "first"});
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ((*created)["data"]["owner"], "first");
  EXPECT_EQ((*created)["metadata"]["managedFields"][0]["manager"], "first");
  EXPECT_EQ((*created)["metadata"]["managedFields"][0]["operation"], "Apply");

  nlohmann::json second = configuration;
  second["data"]["owner"] = "second";
  auto conflict = ConfigMaps().Apply("applied", second, {.field_manager = "second"});
  ASSERT_FALSE(conflict);
  EXPECT_TRUE(api::IsConflict(conflict.error())) << conflict.error().message();
  EXPECT_EQ(conflict.error().message(),
            "Apply failed with 1 conflict: conflict with \"first\": .data.owner");

  auto forced = ConfigMaps().Apply("applied", second, {.force = true, .field_manager = "second"});
  ASSERT_TRUE(forced) << forced.error().message();
  EXPECT_EQ((*forced)["data"]["owner"], "second");

  auto dry = ConfigMaps().Apply("applied", configuration,
                                {.dry_run = {"All"}, .force = true, .field_manager = "first"});
  ASSERT_TRUE(dry) << dry.error().message();
  EXPECT_EQ((*dry)["data"]["owner"], "first");
  EXPECT_EQ(ConfigMaps().Get("applied").value()["data"]["owner"], "second");
}

TEST_P(DynamicClientTest, ApplyNeedsANameAndAFieldManagerAndRefusesManagedFields) {
  const nlohmann::json configuration = {
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "a"}}}};
  auto no_name = ConfigMaps().Apply("", configuration, {.field_manager = "m"});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().message(), "name is required");

  nlohmann::json with_fields = configuration;
  with_fields["metadata"]["managedFields"] = {{{"manager", "m"}}};
  auto managed = ConfigMaps().Apply("a", with_fields, {.field_manager = "m"});
  ASSERT_FALSE(managed);
  EXPECT_TRUE(managed.error().message().starts_with(
      "cannot apply an object with managed fields already set."));
  EXPECT_EQ(transport_->count(), 0);

  auto no_manager = ConfigMaps().Apply("a", configuration, {});
  ASSERT_FALSE(no_manager);
  EXPECT_TRUE(api::IsInvalid(no_manager.error()) || api::IsBadRequest(no_manager.error()))
      << no_manager.error().message();
  EXPECT_NE(no_manager.error().message().find("fieldManager"), std::string::npos)
      << no_manager.error().message();
}

TEST_P(DynamicClientTest, ApplyStatusOwnsOnlyTheStatus) {
  ASSERT_TRUE(Deployments().Create(Deployment("web")));
  auto applied = Deployments().ApplyStatus("web",
                                           {{"apiVersion", "apps/v1"},
                                            {"kind", "Deployment"},
                                            {"metadata", {{"name", "web"}}},
                                            {"status", {{"replicas", 4}}},
                                            {"spec", {{"replicas", 9}}}},
                                           {.force = true, .field_manager = "status-writer"});
  ASSERT_TRUE(applied) << applied.error().message();
  EXPECT_EQ((*applied)["status"]["replicas"], 4);
  EXPECT_EQ((*applied)["spec"]["replicas"], 1);
}

TEST_P(DynamicClientTest, ScaleSubresourceOfABuiltInAndACustomResource) {
  ASSERT_TRUE(Deployments().Create(Deployment("web")));
  auto scale = Deployments().Get("web", {}, {"scale"});
  ASSERT_TRUE(scale) << scale.error().message();
  (*scale)["spec"]["replicas"] = 4;
  auto scaled = Deployments().Update(*scale, {}, {"scale"});
  ASSERT_TRUE(scaled) << scaled.error().message();
  EXPECT_EQ((*scaled)["spec"]["replicas"], 4);
  EXPECT_EQ(Deployments().Get("web").value()["spec"]["replicas"], 4);

  ASSERT_TRUE(dynamic_->Resource({"apiextensions.k8s.io", "v1", "customresourcedefinitions"})
                  .Create(WidgetCrd()));
  DynamicResource widgets =
      dynamic_->Resource({"example.com", "v1", "widgets"}).Namespace("default");
  ASSERT_TRUE(widgets.Create({{"apiVersion", "example.com/v1"},
                              {"kind", "Widget"},
                              {"metadata", {{"name", "w"}}},
                              {"spec", {{"replicas", 1}}}}));
  auto patched = widgets.Patch("w", PatchType::kMerge, R"({"spec":{"replicas":3}})", {}, {"scale"});
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ((*patched)["kind"], "Scale");
  EXPECT_EQ((*patched)["apiVersion"], "autoscaling/v1");
  EXPECT_EQ((*patched)["spec"]["replicas"], 3);
  EXPECT_EQ(widgets.Get("w").value()["spec"]["replicas"], 3);

  auto status = widgets.UpdateStatus([&] {
    nlohmann::json object = widgets.Get("w").value();
    object["status"] = {{"replicas", 3}};
    return object;
  }());
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ((*status)["status"]["replicas"], 3);
  EXPECT_EQ(widgets.Get("w", {}, {"scale"}).value()["status"]["replicas"], 3);
}

INSTANTIATE_TEST_SUITE_P(Transports, DynamicClientTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client
