// Unit tests for FieldSet and the fields of objects by schema (R8.10, R5.4 paths).
#include "field_set.h"

#include <gtest/gtest.h>

#include "kubefake/api/openapi_schema.h"
#include "object_fields.h"

namespace kubefake::fakeserver {
namespace {

FieldSet::Path P(std::initializer_list<std::string_view> elements) {
  FieldSet::Path path;
  for (std::string_view element : elements) path = FieldSet::Join(path, element);
  return path;
}

FieldSet Set(std::initializer_list<FieldSet::Path> paths) {
  FieldSet set;
  for (const FieldSet::Path& path : paths) set.Insert(path);
  return set;
}

TEST(FieldSetTest, FieldsV1RoundTrips) {
  const nlohmann::json fields = nlohmann::json::parse(
      R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},)"
      R"("f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{}}}}})");
  const FieldSet set = FieldSet::FromFieldsV1(fields);
  EXPECT_TRUE(set.Contains(P({"f:metadata", "f:labels", "."})));
  EXPECT_TRUE(set.Contains(P({"f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:image"})));
  EXPECT_EQ(set.paths().size(), 4u);
  EXPECT_EQ(set.ToFieldsV1(), fields);
}

TEST(FieldSetTest, UnionDifferenceAndIntersection) {
  const FieldSet a = Set({P({"f:a"}), P({"f:b"})});
  const FieldSet b = Set({P({"f:b"}), P({"f:c"})});
  EXPECT_EQ(a.Union(b), Set({P({"f:a"}), P({"f:b"}), P({"f:c"})}));
  EXPECT_EQ(a.Difference(b), Set({P({"f:a"})}));
  EXPECT_EQ(a.Intersection(b), Set({P({"f:b"})}));
}

TEST(FieldSetTest, ContainsPrefixMatchesWholeElementsOnly) {
  const FieldSet set = Set({P({"f:spec", "f:replicas"})});
  EXPECT_TRUE(set.ContainsPrefix(P({"f:spec"})));
  EXPECT_TRUE(set.ContainsPrefix(P({"f:spec", "f:replicas"})));
  EXPECT_FALSE(set.ContainsPrefix(P({"f:spe"})));
  EXPECT_FALSE(set.ContainsPrefix(P({"f:status"})));
}

TEST(FieldSetTest, DescribePrintsStructuredMergeDiffPaths) {  // R5.4
  EXPECT_EQ(FieldSet::Describe(P({"f:spec", "f:replicas"})), ".spec.replicas");
  EXPECT_EQ(FieldSet::Describe(P({"f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:image"})),
            ".spec.containers[name=\"web\"].image");
  EXPECT_EQ(FieldSet::Describe(P({"f:spec", "f:ports", "k:{\"port\":80,\"protocol\":\"TCP\"}"})),
            ".spec.ports[port=80,protocol=\"TCP\"]");
  EXPECT_EQ(FieldSet::Describe(P({"f:metadata", "f:finalizers", "v:\"a\""})),
            ".metadata.finalizers[=\"a\"]");
}

TEST(ObjectFieldsTest, ServiceFieldsFollowTheSchema) {  // R8.8, R8.10
  const SchemaNode root = SchemaNode::Builtin(api::FindTypeSchema("io.k8s.api.core.v1.Service"));
  const nlohmann::json service = nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "s", "namespace": "default", "uid": "u", "labels": {"a": "b"}},
    "spec": {"ports": [{"port": 80, "protocol": "TCP"}], "selector": {"app": "web"}},
    "status": {"loadBalancer": {}}})");
  const FieldSet fields = PathsOf(CollectObjectFields(service, root, /*track_status=*/false));
  EXPECT_EQ(fields,
            Set({P({"f:metadata", "f:labels", "."}), P({"f:metadata", "f:labels", "f:a"}),
                 P({"f:spec", "f:ports", "k:{\"port\":80,\"protocol\":\"TCP\"}", "."}),
                 P({"f:spec", "f:ports", "k:{\"port\":80,\"protocol\":\"TCP\"}", "f:port"}),
                 P({"f:spec", "f:ports", "k:{\"port\":80,\"protocol\":\"TCP\"}", "f:protocol"}),
                 P({"f:spec", "f:selector"})}));
}

TEST(ObjectFieldsTest, CompareFieldsFindsChangedAndRemovedFields) {
  const SchemaNode root = SchemaNode::Builtin(api::FindTypeSchema("io.k8s.api.core.v1.ConfigMap"));
  const nlohmann::json before = {{"data", {{"a", "1"}, {"b", "2"}}}};
  const nlohmann::json after = {{"data", {{"a", "1"}, {"b", "3"}, {"c", "4"}}}};
  const FieldChanges changes = CompareFields(CollectObjectFields(before, root, true),
                                             CollectObjectFields(after, root, true));
  EXPECT_EQ(changes.changed, Set({P({"f:data", "f:b"}), P({"f:data", "f:c"})}));
  EXPECT_TRUE(changes.removed.empty());
}

}  // namespace
}  // namespace kubefake::fakeserver
