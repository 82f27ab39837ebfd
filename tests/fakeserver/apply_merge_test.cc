// Unit tests for merging applied configurations and removing fields (R8.8).
#include "apply_merge.h"

#include <gtest/gtest.h>

#include "kubefake/api/openapi_schema.h"

namespace kubefake::fakeserver {
namespace {

SchemaNode PodSchema() {
  return SchemaNode::Builtin(api::FindTypeSchema("io.k8s.api.core.v1.Pod"));
}

nlohmann::json Containers(const nlohmann::json& pod) { return pod["spec"]["containers"]; }

TEST(ApplyMergeTest, KeyedItemsMergeByKeyAndNewItemsKeepTheirPlaceInTheConfiguration) {
  const nlohmann::json live = nlohmann::json::parse(R"({"spec":{"containers":[
      {"name":"a","image":"a:1","args":["x"]},{"name":"b","image":"b:1"}]}})");
  const nlohmann::json config = nlohmann::json::parse(R"({"spec":{"containers":[
      {"name":"c","image":"c:1"},{"name":"a","image":"a:2"}]}})");
  const nlohmann::json merged = MergeApplied(live, config, PodSchema());
  EXPECT_EQ(Containers(merged), nlohmann::json::parse(R"([
      {"name":"c","image":"c:1"},{"name":"a","image":"a:2","args":["x"]},
      {"name":"b","image":"b:1"}])"));
}

TEST(ApplyMergeTest, SharedItemsTakeTheConfigurationsOrderAndLiveOnlyItemsStay) {
  const nlohmann::json live =
      nlohmann::json::parse(R"({"spec":{"containers":[{"name":"a"},{"name":"x"},{"name":"b"}]}})");
  const nlohmann::json config =
      nlohmann::json::parse(R"({"spec":{"containers":[{"name":"b"},{"name":"a"}]}})");
  EXPECT_EQ(Containers(MergeApplied(live, config, PodSchema())),
            nlohmann::json::parse(R"([{"name":"x"},{"name":"b"},{"name":"a"}])"));
}

TEST(ApplyMergeTest, AtomicListsAreReplaced) {
  const nlohmann::json live =
      nlohmann::json::parse(R"({"spec":{"containers":[{"name":"a","args":["x","y"]}]}})");
  const nlohmann::json config =
      nlohmann::json::parse(R"({"spec":{"containers":[{"name":"a","args":["z"]}]}})");
  EXPECT_EQ(Containers(MergeApplied(live, config, PodSchema()))[0]["args"],
            nlohmann::json::parse(R"(["z"])"));
}

TEST(ApplyMergeTest, SetsAreUnitedByValue) {
  const nlohmann::json live = {{"metadata", {{"finalizers", {"a", "b"}}}}};
  const nlohmann::json config = {{"metadata", {{"finalizers", {"c", "a"}}}}};
  EXPECT_EQ(MergeApplied(live, config, PodSchema())["metadata"]["finalizers"],
            (nlohmann::json{"c", "a", "b"}));
}

TEST(ApplyMergeTest, CustomListsWithoutAListTypeAreAtomic) {
  const nlohmann::json schema = nlohmann::json::parse(R"({"type":"object","properties":{
      "items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
      "keyed":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
               "items":{"type":"object","properties":{"name":{"type":"string"},"v":{"type":"integer"}}}}}})");
  const SchemaNode root = SchemaNode::Custom(&schema);
  const nlohmann::json live =
      nlohmann::json::parse(R"({"items":[{"name":"a"}],"keyed":[{"name":"a","v":1}]})");
  const nlohmann::json config =
      nlohmann::json::parse(R"({"items":[{"name":"b"}],"keyed":[{"name":"b","v":2}]})");
  const nlohmann::json merged = MergeApplied(live, config, root);
  EXPECT_EQ(merged["items"], nlohmann::json::parse(R"([{"name":"b"}])"));
  EXPECT_EQ(merged["keyed"], nlohmann::json::parse(R"([{"name":"a","v":1},{"name":"b","v":2}])"));
}

TEST(ApplyMergeTest, RemoveFieldsKeepsItemsWithKeptFieldsBelow) {
  nlohmann::json pod = nlohmann::json::parse(R"({"spec":{"containers":[
      {"name":"a","image":"a:1","args":["x"]},{"name":"b","image":"b:1"}]}})");
  const std::string a =
      FieldSet::Join(FieldSet::Join("f:spec", "f:containers"), "k:{\"name\":\"a\"}");
  const std::string b =
      FieldSet::Join(FieldSet::Join("f:spec", "f:containers"), "k:{\"name\":\"b\"}");
  FieldSet remove;
  for (const std::string& item : {a, b}) {
    remove.Insert(FieldSet::Join(item, "."));
    remove.Insert(FieldSet::Join(item, "f:name"));
    remove.Insert(FieldSet::Join(item, "f:image"));
  }
  FieldSet keep;
  keep.Insert(FieldSet::Join(a, "f:args"));
  RemoveFields(pod, PodSchema(), remove, keep);
  EXPECT_EQ(pod, nlohmann::json::parse(R"({"spec":{"containers":[{"args":["x"],"name":"a"}]}})"));
}

}  // namespace
}  // namespace kubefake::fakeserver
