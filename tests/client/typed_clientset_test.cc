// The typed clientset against the fake's engine over every transport, with JSON and with
// protobuf bodies: every verb on a namespaced resource (pods, configmaps), a cluster-scoped one
// (nodes), one with status and scale (deployments), typed watch events, server-side apply with
// field managers, delete options, and the Status errors the server answers (NotFound,
// AlreadyExists, Conflict, Invalid).
#include <gtest/gtest.h>

#include "client_test_fixture.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"

namespace kubefake::client {
namespace {

namespace core = api::core::v1;
namespace apps = api::apps::v1;
namespace meta = api::meta::v1;

meta::ObjectMeta Meta(const std::string& name, std::map<std::string, std::string> labels = {}) {
  meta::ObjectMeta metadata;
  metadata.name = name;
  if (!labels.empty()) metadata.labels = std::move(labels);
  return metadata;
}

core::Pod Pod(const std::string& name, std::map<std::string, std::string> labels = {}) {
  core::Container container;
  container.name = "app";
  container.image = "nginx";
  core::PodSpec spec;
  spec.containers = {container};
  core::Pod pod;
  pod.metadata = Meta(name, std::move(labels));
  pod.spec = spec;
  return pod;
}

core::ConfigMap TypedConfigMap(const std::string& name, std::map<std::string, std::string> data) {
  core::ConfigMap config_map;
  config_map.metadata = Meta(name);
  config_map.data = std::move(data);
  return config_map;
}

core::Node Node(const std::string& name, std::map<std::string, std::string> labels = {}) {
  core::Node node;
  node.metadata = Meta(name, std::move(labels));
  return node;
}

apps::Deployment Deployment(const std::string& name, int32_t replicas) {
  apps::Deployment deployment;
  deployment.metadata = Meta(name);
  apps::DeploymentSpec spec;
  spec.replicas = replicas;
  spec.selector.match_labels = std::map<std::string, std::string>{{"app", name}};
  spec.template_.metadata = Meta("", {{"app", name}});
  spec.template_.spec = Pod(name).spec;
  deployment.spec = spec;
  return deployment;
}

const std::string& NameOf(const auto& object) { return *object.metadata->name; }

class TypedClientsetTest : public ClientTest {
 protected:
  TypedClientsetTest() : clientset_(std::move(Clientset::NewForConfig(config_).value())) {}

  kubernetes::typed::core::v1::PodInterface& Pods() { return clientset_->CoreV1().Pods("default"); }
  kubernetes::typed::core::v1::ConfigMapInterface& ConfigMaps() {
    return clientset_->CoreV1().ConfigMaps("default");
  }
  kubernetes::typed::apps::v1::DeploymentInterface& Deployments() {
    return clientset_->AppsV1().Deployments("default");
  }

  std::unique_ptr<Clientset> clientset_;
};

TEST_P(TypedClientsetTest, CreateGetListAndDeleteAPod) {
  auto created = Pods().Create(Pod("web", {{"app", "web"}}));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(*created->metadata->namespace_, "default");
  EXPECT_FALSE(created->metadata->uid->empty());
  ASSERT_TRUE(Pods().Create(Pod("api", {{"app", "api"}})));

  auto got = Pods().Get("web");
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(got->metadata->uid, created->metadata->uid);
  EXPECT_EQ(got->spec->containers.at(0).image, "nginx");

  ListOptions selector;
  selector.label_selector = "app=api";
  auto list = Pods().List(selector);
  ASSERT_TRUE(list) << list.error().message();
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(NameOf(list->items[0]), "api");
  EXPECT_EQ(list->kind, "PodList");
  EXPECT_FALSE(list->metadata->resource_version->empty());

  DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(Pods().Delete("web", now));
  auto gone = Pods().Get("web");
  ASSERT_FALSE(gone);
  EXPECT_TRUE(api::IsNotFound(gone.error())) << gone.error().message();
  EXPECT_EQ(gone.error().message(), R"(pods "web" not found)");
}

TEST_P(TypedClientsetTest, PodsOfEveryNamespaceListsAcrossNamespaces) {
  ASSERT_TRUE(Pods().Create(Pod("web")));
  ASSERT_TRUE(clientset_->CoreV1().Pods("kube-system").Create(Pod("dns")));
  auto all = clientset_->CoreV1().Pods("").List({});
  ASSERT_TRUE(all) << all.error().message();
  std::set<std::string> names;
  for (const core::Pod& pod : all->items)
    names.insert(*pod.metadata->namespace_ + "/" + NameOf(pod));
  EXPECT_EQ(names, (std::set<std::string>{"default/web", "kube-system/dns"}));
}

TEST_P(TypedClientsetTest, CreatingATakenNameIsAlreadyExists) {
  ASSERT_TRUE(ConfigMaps().Create(TypedConfigMap("settings", {{"a", "1"}})));
  auto again = ConfigMaps().Create(TypedConfigMap("settings", {{"a", "2"}}));
  ASSERT_FALSE(again);
  EXPECT_TRUE(api::IsAlreadyExists(again.error())) << again.error().message();
  EXPECT_EQ(again.error().message(), R"(configmaps "settings" already exists)");
}

TEST_P(TypedClientsetTest, UpdateWithAStaleResourceVersionIsConflict) {
  auto created = ConfigMaps().Create(TypedConfigMap("settings", {{"a", "1"}}));
  ASSERT_TRUE(created);
  core::ConfigMap first = *created;
  first.data = std::map<std::string, std::string>{{"a", "2"}};
  auto updated = ConfigMaps().Update(first);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->data->at("a"), "2");
  EXPECT_NE(updated->metadata->resource_version, created->metadata->resource_version);

  core::ConfigMap stale = *created;
  stale.data = std::map<std::string, std::string>{{"a", "3"}};
  auto conflict = ConfigMaps().Update(stale);
  ASSERT_FALSE(conflict);
  EXPECT_TRUE(api::IsConflict(conflict.error())) << conflict.error().message();
}

TEST_P(TypedClientsetTest, AnInvalidObjectIsInvalid) {
  auto created = ConfigMaps().Create(TypedConfigMap("Not_A_DNS_Name", {}));
  ASSERT_FALSE(created);
  EXPECT_TRUE(api::IsInvalid(created.error())) << created.error().message();
  EXPECT_EQ(created.error().code(), 422);
  EXPECT_TRUE(created.error().message().starts_with(
      R"(ConfigMap "Not_A_DNS_Name" is invalid: metadata.name: Invalid value: "Not_A_DNS_Name")"))
      << created.error().message();
}

TEST_P(TypedClientsetTest, ClusterScopedNodesTakeNoNamespace) {
  auto& nodes = clientset_->CoreV1().Nodes();
  auto created = nodes.Create(Node("node-a", {{"pool", "a"}}));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_FALSE(created->metadata->namespace_.has_value());
  ASSERT_TRUE(nodes.Create(Node("node-b", {{"pool", "b"}})));

  ListOptions pool_a;
  pool_a.label_selector = "pool=a";
  ASSERT_TRUE(nodes.DeleteCollection({}, pool_a));
  auto left = nodes.List({});
  ASSERT_TRUE(left) << left.error().message();
  ASSERT_EQ(left->items.size(), 1u);
  EXPECT_EQ(NameOf(left->items[0]), "node-b");
}

TEST_P(TypedClientsetTest, UpdateStatusWritesOnlyTheStatus) {
  auto created = Deployments().Create(Deployment("web", 1));
  ASSERT_TRUE(created) << created.error().message();
  apps::Deployment object = *created;
  apps::DeploymentStatus status;
  status.observed_generation = 1;
  status.replicas = 1;
  object.status = status;
  object.spec->replicas = 5;  // the status subresource ignores the spec
  auto updated = Deployments().UpdateStatus(object);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->status->observed_generation, 1);
  EXPECT_EQ(updated->spec->replicas, 1);
}

TEST_P(TypedClientsetTest, ScaleReadsAndWritesTheReplicas) {
  ASSERT_TRUE(Deployments().Create(Deployment("web", 2)));
  auto scale = Deployments().GetScale("web");
  ASSERT_TRUE(scale) << scale.error().message();
  EXPECT_EQ(scale->kind, "Scale");
  EXPECT_EQ(scale->spec->replicas, 2);

  api::autoscaling::v1::Scale bigger = *scale;
  bigger.spec->replicas = 4;
  auto updated = Deployments().UpdateScale("web", bigger);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->spec->replicas, 4);
  EXPECT_EQ(Deployments().Get("web")->spec->replicas, 4);

  auto stale = Deployments().UpdateScale("web", bigger);  // resourceVersion of the first read
  ASSERT_FALSE(stale);
  EXPECT_TRUE(api::IsConflict(stale.error())) << stale.error().message();
}

TEST_P(TypedClientsetTest, PatchMergesIntoTheObject) {
  ASSERT_TRUE(ConfigMaps().Create(TypedConfigMap("settings", {{"a", "1"}})));
  auto merged = ConfigMaps().Patch("settings", PatchType::kMerge, R"({"data":{"b":"2"}})");
  ASSERT_TRUE(merged) << merged.error().message();
  EXPECT_EQ(*merged->data, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));

  auto json_patched =
      ConfigMaps().Patch("settings", PatchType::kJson, R"([{"op":"remove","path":"/data/a"}])");
  ASSERT_TRUE(json_patched) << json_patched.error().message();
  EXPECT_EQ(*json_patched->data, (std::map<std::string, std::string>{{"b", "2"}}));

  auto missing = ConfigMaps().Patch("absent", PatchType::kMerge, "{}");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(api::IsNotFound(missing.error()));
}

TEST_P(TypedClientsetTest, ApplyRecordsTheFieldManagerAndConflictsWithAnother) {
  ApplyOptions alice;
  alice.field_manager = "alice";
  auto applied = ConfigMaps().Apply(TypedConfigMap("settings", {{"owner", "alice"}}), alice);
  ASSERT_TRUE(applied) << applied.error().message();
  ASSERT_TRUE(applied->metadata->managed_fields.has_value());
  EXPECT_EQ(applied->metadata->managed_fields->at(0).manager, "alice");
  EXPECT_EQ(applied->metadata->managed_fields->at(0).operation, "Apply");

  ApplyOptions bob;
  bob.field_manager = "bob";
  auto conflict = ConfigMaps().Apply(TypedConfigMap("settings", {{"owner", "bob"}}), bob);
  ASSERT_FALSE(conflict);
  EXPECT_TRUE(api::IsConflict(conflict.error())) << conflict.error().message();

  bob.force = true;
  auto forced = ConfigMaps().Apply(TypedConfigMap("settings", {{"owner", "bob"}}), bob);
  ASSERT_TRUE(forced) << forced.error().message();
  EXPECT_EQ(forced->data->at("owner"), "bob");
}

TEST_P(TypedClientsetTest, ApplyWithoutAFieldManagerIsInvalid) {
  auto applied = ConfigMaps().Apply(TypedConfigMap("settings", {{"a", "1"}}), {});
  ASSERT_FALSE(applied);
  EXPECT_TRUE(api::IsInvalid(applied.error())) << applied.error().message();
}

TEST_P(TypedClientsetTest, ApplyWithoutANameIsBadRequest) {
  ApplyOptions options;
  options.field_manager = "alice";
  core::ConfigMap unnamed;
  auto applied = ConfigMaps().Apply(unnamed, options);
  ASSERT_FALSE(applied);
  EXPECT_TRUE(api::IsBadRequest(applied.error())) << applied.error().message();
}

TEST_P(TypedClientsetTest, WatchDeliversTypedEvents) {
  auto list = ConfigMaps().List({});
  ASSERT_TRUE(list) << list.error().message();
  ListOptions from;
  from.resource_version = *list->metadata->resource_version;
  auto watcher = ConfigMaps().Watch(from);
  ASSERT_TRUE(watcher) << watcher.error().message();

  auto created = ConfigMaps().Create(TypedConfigMap("settings", {{"a", "1"}}));
  ASSERT_TRUE(created);
  core::ConfigMap changed = *created;
  changed.data = std::map<std::string, std::string>{{"a", "2"}};
  ASSERT_TRUE(ConfigMaps().Update(changed));
  ASSERT_TRUE(ConfigMaps().Delete("settings"));

  std::vector<std::pair<std::string, std::string>> seen;
  while (seen.size() < 3) {
    auto event = (*watcher)->Next();
    ASSERT_TRUE(event) << event.error().message();
    ASSERT_TRUE(event->has_value()) << "the watch ended early";
    seen.emplace_back((*event)->type, (*event)->object.data->at("a"));
    EXPECT_EQ(NameOf((*event)->object), "settings");
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{
                      {"ADDED", "1"}, {"MODIFIED", "2"}, {"DELETED", "2"}}));
  (*watcher)->Stop();
}

TEST_P(TypedClientsetTest, WatchFromACompactedResourceVersionEndsWithExpired) {
  auto first = ConfigMaps().Create(TypedConfigMap("a", {}));
  ASSERT_TRUE(first);
  ASSERT_TRUE(ConfigMaps().Create(TypedConfigMap("b", {})));
  server_->storage().Compact(server_->storage().CurrentRevision());
  ListOptions from_first;
  from_first.resource_version = *first->metadata->resource_version;
  auto watcher = ConfigMaps().Watch(from_first);
  ASSERT_TRUE(watcher) << watcher.error().message();
  auto event = (*watcher)->Next();
  ASSERT_FALSE(event);
  EXPECT_TRUE(api::IsResourceExpired(event.error())) << event.error().message();
  EXPECT_EQ(event.error().code(), 410);
}

TEST_P(TypedClientsetTest, DeletePreconditionsAndDryRunAreHonoured) {
  auto created = ConfigMaps().Create(TypedConfigMap("settings", {}));
  ASSERT_TRUE(created);

  DeleteOptions wrong_uid;
  wrong_uid.preconditions = Preconditions{.uid = "not-the-uid", .resource_version = {}};
  auto refused = ConfigMaps().Delete("settings", wrong_uid);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(api::IsConflict(refused.error())) << refused.error().message();

  DeleteOptions dry_run;
  dry_run.dry_run = {"All"};
  ASSERT_TRUE(ConfigMaps().Delete("settings", dry_run));
  EXPECT_TRUE(ConfigMaps().Get("settings"));

  DeleteOptions matching;
  matching.preconditions = Preconditions{.uid = *created->metadata->uid, .resource_version = {}};
  matching.propagation_policy = "Background";
  ASSERT_TRUE(ConfigMaps().Delete("settings", matching));
  EXPECT_TRUE(api::IsNotFound(ConfigMaps().Get("settings").error()));
}

TEST_P(TypedClientsetTest, ListPagesWithLimitAndContinue) {
  for (const char* name : {"a", "b", "c"})
    ASSERT_TRUE(ConfigMaps().Create(TypedConfigMap(name, {})));
  ListOptions page;
  page.limit = 2;
  auto first = ConfigMaps().List(page);
  ASSERT_TRUE(first) << first.error().message();
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->metadata->continue_.has_value());
  page.continue_ = *first->metadata->continue_;
  auto second = ConfigMaps().List(page);
  ASSERT_TRUE(second) << second.error().message();
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(NameOf(second->items[0]), "c");
  EXPECT_FALSE(second->metadata->continue_.has_value());
}

INSTANTIATE_TEST_SUITE_P(Transports, TypedClientsetTest, AllTransportsAndContentTypes(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client
