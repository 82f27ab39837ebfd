// Tests for api::Object: typed accessors over the JSON of a Kubernetes object.
#include "kubefake/api/object.h"

#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

Object Deployment() {
  return Object(nlohmann::json::parse(R"({
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {
      "name": "web",
      "namespace": "default",
      "uid": "6b1c1e2a-0000-4000-8000-000000000001",
      "resourceVersion": "42",
      "generation": 3,
      "creationTimestamp": "2026-07-23T18:32:12Z",
      "deletionTimestamp": "2026-07-23T18:40:00Z",
      "deletionGracePeriodSeconds": 30,
      "labels": {"app": "web", "tier": "front"},
      "annotations": {"note": "x"},
      "finalizers": ["example.com/cleanup"],
      "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner",
                           "uid": "6b1c1e2a-0000-4000-8000-000000000002", "controller": true}],
      "managedFields": [{"manager": "kubectl", "operation": "Apply", "apiVersion": "apps/v1",
                         "time": "2026-07-23T18:32:12Z", "fieldsType": "FieldsV1",
                         "fieldsV1": {"f:spec": {"f:replicas": {}}}}]
    },
    "spec": {"replicas": 2}
  })"));
}

TEST(ObjectTest, ReadsTypeMetaAndObjectMeta) {
  const Object object = Deployment();
  EXPECT_EQ(object.GetApiVersion(), "apps/v1");
  EXPECT_EQ(object.GetKind(), "Deployment");
  EXPECT_EQ(object.GetGroupVersionKind(), (GroupVersionKind{"apps", "v1", "Deployment"}));
  EXPECT_EQ(object.GetName(), "web");
  EXPECT_EQ(object.GetNamespace(), "default");
  EXPECT_EQ(object.GetUid(), "6b1c1e2a-0000-4000-8000-000000000001");
  EXPECT_EQ(object.GetResourceVersion(), "42");
  EXPECT_EQ(object.GetGeneration(), 3);
  ASSERT_TRUE(object.GetCreationTimestamp());
  EXPECT_EQ(object.GetCreationTimestamp()->String(), "2026-07-23T18:32:12Z");
  ASSERT_TRUE(object.GetDeletionTimestamp());
  EXPECT_EQ(object.GetDeletionTimestamp()->String(), "2026-07-23T18:40:00Z");
  EXPECT_EQ(object.GetDeletionGracePeriodSeconds(), 30);
  EXPECT_EQ(object.GetLabels(), (StringMap{{"app", "web"}, {"tier", "front"}}));
  EXPECT_EQ(object.GetAnnotations(), (StringMap{{"note", "x"}}));
  EXPECT_EQ(object.GetFinalizers(), std::vector<std::string>{"example.com/cleanup"});
  EXPECT_TRUE(object.HasFinalizer("example.com/cleanup"));
  EXPECT_FALSE(object.HasFinalizer("other"));
}

TEST(ObjectTest, DecodesOwnerReferencesAndManagedFields) {
  const Object object = Deployment();
  const std::vector<meta::v1::OwnerReference> owners = object.GetOwnerReferences();
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0].name, "owner");
  EXPECT_EQ(owners[0].kind, "ConfigMap");
  EXPECT_EQ(owners[0].controller, true);
  const std::vector<meta::v1::ManagedFieldsEntry> managed = object.GetManagedFields();
  ASSERT_EQ(managed.size(), 1u);
  EXPECT_EQ(managed[0].manager, "kubectl");
  EXPECT_EQ(managed[0].operation, "Apply");
}

TEST(ObjectTest, SettersWriteTheJsonTheApiserverWrites) {
  Object object;
  object.SetGroupVersionKind({"", "v1", "ConfigMap"});
  object.SetName("c");
  object.SetNamespace("ns");
  object.SetGeneration(1);
  object.SetLabels({{"a", "b"}});
  object.SetFinalizers({"f"});
  object.SetCreationTimestamp(Time(std::chrono::sys_seconds(std::chrono::seconds(1'790'000'000))));
  EXPECT_EQ(object.json(), nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "ns", "generation": 1, "labels": {"a": "b"},
                 "finalizers": ["f"], "creationTimestamp": "2026-09-21T14:13:20Z"}
  })"));
  object.SetCreationTimestamp(Time());  // the zero time is omitted, as 1.33's omitzero does
  EXPECT_FALSE(object.json()["metadata"].contains("creationTimestamp"));
}

TEST(ObjectTest, ClearingASetRemovesTheField) {
  Object object = Deployment();
  object.SetLabels({});
  object.SetFinalizers({});
  object.SetGeneration(0);
  object.SetDeletionTimestamp(std::nullopt);
  object.SetDeletionGracePeriodSeconds(std::nullopt);
  object.SetOwnerReferences({});
  const nlohmann::json& metadata = object.json()["metadata"];
  for (const char* key : {"labels", "finalizers", "generation", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "ownerReferences"}) {
    EXPECT_FALSE(metadata.contains(key)) << key;
  }
  EXPECT_EQ(metadata["name"], "web");
}

TEST(ObjectTest, OwnerReferencesRoundTrip) {
  Object object;
  meta::v1::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "ReplicaSet";
  owner.name = "web-1";
  owner.uid = "u1";
  owner.block_owner_deletion = true;
  object.SetOwnerReferences({owner});
  EXPECT_EQ(object.json()["metadata"]["ownerReferences"][0]["blockOwnerDeletion"], true);
  ASSERT_EQ(object.GetOwnerReferences().size(), 1u);
  EXPECT_EQ(object.GetOwnerReferences()[0].name, "web-1");
}

TEST(ObjectTest, MalformedFieldsReadAsEmptyWithoutThrowing) {
  const Object object(nlohmann::json::parse(R"({
    "apiVersion": 5, "kind": ["x"],
    "metadata": {"name": 1, "generation": "two", "labels": {"a": 1, "b": "ok"},
                 "finalizers": "f", "creationTimestamp": "yesterday",
                 "ownerReferences": [{"name": 3}]}
  })"));
  EXPECT_EQ(object.GetApiVersion(), "");
  EXPECT_EQ(object.GetKind(), "");
  EXPECT_EQ(object.GetName(), "");
  EXPECT_EQ(object.GetGeneration(), 0);
  EXPECT_EQ(object.GetLabels(), (StringMap{{"b", "ok"}}));
  EXPECT_TRUE(object.GetFinalizers().empty());
  EXPECT_FALSE(object.GetCreationTimestamp());
  EXPECT_TRUE(object.GetOwnerReferences().empty());
  EXPECT_EQ(Object(nlohmann::json::array()).GetName(), "");
}

TEST(ObjectTest, FromJsonRejectsNonObjects) {
  const Result<Object> array = Object::FromJson(nlohmann::json::array());
  ASSERT_FALSE(array);
  EXPECT_TRUE(IsBadRequest(array.error()));
  EXPECT_FALSE(Object::FromJson(nlohmann::json::parse(R"({"metadata": "x"})")));
  EXPECT_TRUE(Object::FromJson(nlohmann::json::parse(R"({"metadata": {"name": "a"}})")));
}

}  // namespace
}  // namespace kubefake::api
