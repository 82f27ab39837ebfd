// Unit tests of the strategic merge patch engine (R8.5) against the 1.33 schemas: the
// directives and list semantics of the community doc "strategic-merge-patch.md" and
// apimachinery's errors, each case our own.
#include "strategic_merge_patch.h"

#include <gtest/gtest.h>

#include <string>

#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

using Json = nlohmann::json;

const api::TypeSchema& Schema(std::string_view name) {
  const api::TypeSchema* type = api::FindTypeSchema(name);
  EXPECT_NE(type, nullptr) << name;
  return *type;
}
const api::TypeSchema& PodType() { return Schema("io.k8s.api.core.v1.Pod"); }
const api::TypeSchema& DeploymentType() { return Schema("io.k8s.api.apps.v1.Deployment"); }

Json PodWith(Json spec) {
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p"}}}, {"spec", spec}};
}

Json Patched(const Json& original, const Json& patch, const api::TypeSchema& type) {
  Result<Json> result = StrategicMergePatch(original, patch, type);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : Json();
}

api::Error Failure(const Json& original, const Json& patch, const api::TypeSchema& type) {
  Result<Json> result = StrategicMergePatch(original, patch, type);
  EXPECT_FALSE(result.has_value()) << (result ? result->dump() : "");
  return result ? api::NewInternalError("patch succeeded") : result.error();
}

const Json kTwoContainers = PodWith(
    {{"containers",
      Json::array({{{"name", "web"}, {"image", "nginx:1"}, {"ports", {{{"containerPort", 80}}}}},
                   {{"name", "sidecar"}, {"image", "envoy:1"}}})}});

TEST(StrategicMergePatchTest, MapsMergeRecursivelyAndNullDeletesAKey) {
  const Json original = {{"metadata", {{"name", "p"}, {"labels", {{"a", "1"}, {"b", "2"}}}}}};
  const Json patched =
      Patched(original, {{"metadata", {{"labels", {{"a", nullptr}, {"c", "3"}}}}}}, PodType());
  EXPECT_EQ(patched["metadata"]["labels"], (Json{{"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(patched["metadata"]["name"], "p");
}

TEST(StrategicMergePatchTest, ContainersMergeByNameAndKeepTheOthers) {
  const Json patched = Patched(
      kTwoContainers, {{"spec", {{"containers", {{{"name", "web"}, {"image", "nginx:2"}}}}}}},
      PodType());
  const Json& containers = patched["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["name"], "web");
  EXPECT_EQ(containers[0]["image"], "nginx:2");
  EXPECT_EQ(containers[0]["ports"], (Json{{{"containerPort", 80}}}));  // merged, not replaced
  EXPECT_EQ(containers[1], (Json{{"name", "sidecar"}, {"image", "envoy:1"}}));
}

TEST(StrategicMergePatchTest, ANewElementGoesBeforeTheLiveOnes) {
  // mergeSortedSlice takes a patch item whenever it cannot place it by the live order, so an
  // element new to the list comes first, as on a real apiserver.
  const Json patched = Patched(
      kTwoContainers, {{"spec", {{"containers", {{{"name", "log"}, {"image", "fluent"}}}}}}},
      PodType());
  const Json& containers = patched["spec"]["containers"];
  ASSERT_EQ(containers.size(), 3u);
  EXPECT_EQ(containers[0]["name"], "log");
  EXPECT_EQ(containers[1]["name"], "web");
  EXPECT_EQ(containers[2]["name"], "sidecar");
}

TEST(StrategicMergePatchTest, PortsMergeByContainerPortAndEnvByName) {
  Json original = kTwoContainers;
  original["spec"]["containers"][0]["env"] = {{{"name", "A"}, {"value", "1"}},
                                              {{"name", "B"}, {"value", "2"}}};
  const Json patch = {
      {"spec",
       {{"containers",
         {{{"name", "web"},
           {"ports", {{{"containerPort", 443}}}},
           {"env", {{{"name", "B"}, {"value", "two"}}}}}}}}}};
  const Json web = Patched(original, patch, PodType())["spec"]["containers"][0];
  EXPECT_EQ(web["ports"], (Json{{{"containerPort", 443}}, {{"containerPort", 80}}}));
  EXPECT_EQ(web["env"], (Json{{{"name", "A"}, {"value", "1"}}, {{"name", "B"}, {"value", "two"}}}));
}

TEST(StrategicMergePatchTest, PatchDeleteRemovesTheMatchingElement) {
  const Json patch = {
      {"spec", {{"containers", {{{"name", "sidecar"}, {"$patch", "delete"}}}}}}};
  const Json containers = Patched(kTwoContainers, patch, PodType())["spec"]["containers"];
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers[0]["name"], "web");
}

TEST(StrategicMergePatchTest, PatchReplaceInAListReplacesTheWholeList) {
  const Json patch = {{"spec",
                       {{"containers",
                         {{{"$patch", "replace"}}, {{"name", "only"}, {"image", "busybox"}}}}}}};
  EXPECT_EQ(Patched(kTwoContainers, patch, PodType())["spec"]["containers"],
            (Json{{{"name", "only"}, {"image", "busybox"}}}));
}

TEST(StrategicMergePatchTest, PatchReplaceInAMapReplacesTheMap) {
  const Json original = {{"metadata", {{"name", "p"}, {"labels", {{"a", "1"}, {"b", "2"}}}}}};
  const Json patch = {{"metadata", {{"labels", {{"$patch", "replace"}, {"c", "3"}}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["labels"], (Json{{"c", "3"}}));
}

TEST(StrategicMergePatchTest, PatchDeleteInAMapEmptiesIt) {
  const Json original = {{"metadata", {{"name", "p"}, {"labels", {{"a", "1"}}}}}};
  const Json patch = {{"metadata", {{"labels", {{"$patch", "delete"}}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["labels"], Json::object());
}

TEST(StrategicMergePatchTest, ExplicitMergeDirectiveInAListIsRefused) {
  const Json patch = {{"spec", {{"containers", {{{"$patch", "merge"}}}}}}};
  const api::Error error = Failure(kTwoContainers, patch, PodType());
  EXPECT_EQ(error.code(), 500);
  EXPECT_EQ(error.message(), "merging lists cannot yet be specified in the patch");
}

TEST(StrategicMergePatchTest, AnUnknownDirectiveIsAnUnwrappedError) {
  const Json original = {{"metadata", {{"labels", {{"a", "1"}}}}}};
  const api::Error error =
      Failure(original, {{"metadata", {{"labels", {{"$patch", "shuffle"}}}}}}, PodType());
  EXPECT_EQ(error.code(), 500);
  EXPECT_EQ(error.message(), "unknown patch type: shuffle in map: map[$patch:shuffle]");
}

TEST(StrategicMergePatchTest, ListsWithoutAStrategyAreReplaced) {
  Json original = kTwoContainers;
  original["spec"]["containers"][0]["args"] = {"a", "b"};
  const Json patch = {{"spec", {{"containers", {{{"name", "web"}, {"args", {"c"}}}}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["spec"]["containers"][0]["args"], Json({"c"}));
}

TEST(StrategicMergePatchTest, PrimitiveMergeListsTakeTheUnion) {
  const Json original = {{"metadata", {{"finalizers", {"a", "b"}}}}};
  const Json patch = {{"metadata", {{"finalizers", {"b", "c"}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["finalizers"], Json({"a", "b", "c"}));
}

TEST(StrategicMergePatchTest, DeleteFromPrimitiveListRemovesValues) {
  const Json original = {{"metadata", {{"finalizers", {"a", "b", "c"}}}}};
  const Json patch = {{"metadata", {{"$deleteFromPrimitiveList/finalizers", {"b", "x"}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["finalizers"], Json({"a", "c"}));
}

TEST(StrategicMergePatchTest, DeleteFromAMissingPrimitiveListAddsNothing) {
  const Json original = {{"metadata", {{"name", "p"}}}};
  const Json patch = {{"metadata", {{"$deleteFromPrimitiveList/finalizers", {"b"}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"], (Json{{"name", "p"}}));
}

TEST(StrategicMergePatchTest, ABadDeletionDirectiveNameIsABadRequest) {
  const Json original = {{"metadata", {{"finalizers", {"a"}}}}};
  const api::Error error =
      Failure(original, {{"metadata", {{"$deleteFromPrimitiveListfinalizers", {"a"}}}}}, PodType());
  EXPECT_EQ(error.code(), 400);
  EXPECT_EQ(error.message(), "invalid patch format of primitive list");
}

TEST(StrategicMergePatchTest, SetElementOrderOrdersAKeyedList) {
  const Json patch = {
      {"spec",
       {{"$setElementOrder/containers", {{{"name", "sidecar"}}, {{"name", "web"}}}},
        {"containers", {{{"name", "web"}, {"image", "nginx:3"}}}}}}};
  const Json containers = Patched(kTwoContainers, patch, PodType())["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["name"], "sidecar");
  EXPECT_EQ(containers[1]["name"], "web");
  EXPECT_EQ(containers[1]["image"], "nginx:3");
}

TEST(StrategicMergePatchTest, SetElementOrderOrdersAPrimitiveList) {
  const Json original = {{"metadata", {{"finalizers", {"a", "b", "c"}}}}};
  const Json patch = {{"metadata", {{"$setElementOrder/finalizers", {"c", "a", "b"}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["finalizers"], Json({"c", "a", "b"}));
}

TEST(StrategicMergePatchTest, SetElementOrderMustAgreeWithThePatchList) {
  const Json patch = {{"spec",
                       {{"$setElementOrder/containers", {{{"name", "web"}}}},
                        {"containers", {{{"name", "sidecar"}, {"image", "x"}}}}}}};
  const api::Error error = Failure(kTwoContainers, patch, PodType());
  EXPECT_EQ(error.code(), 500);
  EXPECT_TRUE(error.message().starts_with("the order in patch list:\n")) << error.message();
}

TEST(StrategicMergePatchTest, NewItemsGoAfterTheLiveItemsTheyFollowInThePatch) {
  const Json original = {{"metadata", {{"finalizers", {"a", "b", "c"}}}}};
  const Json patch = {{"metadata", {{"finalizers", {"b", "d"}}}}};
  // Server-only items keep their live order and interleave by the live positions.
  EXPECT_EQ(Patched(original, patch, PodType())["metadata"]["finalizers"],
            Json({"a", "b", "d", "c"}));
}

TEST(StrategicMergePatchTest, RetainKeysClearsTheOtherUnionMembers) {
  const Json original = {
      {"spec",
       {{"volumes", {{{"name", "data"}, {"emptyDir", Json::object()}}}}, {"containers", Json::array()}}}};
  const Json patch = {
      {"spec",
       {{"volumes",
         {{{"name", "data"},
           {"$retainKeys", {"name", "hostPath"}},
           {"hostPath", {{"path", "/tmp"}}}}}}}}};
  EXPECT_EQ(Patched(original, patch, PodType())["spec"]["volumes"],
            (Json{{{"name", "data"}, {"hostPath", {{"path", "/tmp"}}}}}));
}

TEST(StrategicMergePatchTest, RetainKeysOnDeploymentStrategy) {
  const Json original = {
      {"spec",
       {{"strategy",
         {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}}}}}}}};
  const Json patch = {
      {"spec", {{"strategy", {{"$retainKeys", {"type"}}, {"type", "Recreate"}}}}}};
  EXPECT_EQ(Patched(original, patch, DeploymentType())["spec"]["strategy"],
            (Json{{"type", "Recreate"}}));
}

TEST(StrategicMergePatchTest, RetainKeysMustListEveryPatchedKey) {
  const Json original = {{"spec", {{"strategy", {{"type", "RollingUpdate"}}}}}};
  const Json patch = {
      {"spec", {{"strategy", {{"$retainKeys", {"rollingUpdate"}}, {"type", "Recreate"}}}}}};
  const api::Error error = Failure(original, patch, DeploymentType());
  EXPECT_EQ(error.code(), 400);
  EXPECT_EQ(error.message(), "invalid patch format of retainKeys");
}

TEST(StrategicMergePatchTest, AnElementWithoutItsMergeKeyIsAnUnwrappedError) {
  const Json patch = {{"spec", {{"containers", {{{"image", "x"}}}}}}};
  const api::Error error = Failure(kTwoContainers, patch, PodType());
  EXPECT_EQ(error.code(), 500);
  EXPECT_EQ(error.reason(), api::Reason::kUnknown);
  EXPECT_EQ(error.message(), "map: map[image:x] does not contain declared merge key: name");
}

TEST(StrategicMergePatchTest, ListsOfListsAreInvalidWithTheGenericMessage) {
  const Json original = {{"metadata", {{"finalizers", Json::array({Json::array({"a"})})}}}};
  const Json patch = {{"metadata", {{"finalizers", Json::array({Json::array({"b"})})}}}};
  const api::Error error = Failure(original, patch, PodType());
  EXPECT_EQ(error.code(), 422);
  EXPECT_EQ(error.message(), "the server rejected our request due to an error in our request");
}

TEST(StrategicMergePatchTest, NullsAndDirectivesInNewValuesAreDropped) {
  const Json original = {{"metadata", {{"name", "p"}}}};
  const Json patch = {
      {"metadata", {{"labels", {{"a", "1"}, {"b", nullptr}}}, {"annotations", {{"$patch", "delete"}}}}}};
  const Json metadata = Patched(original, patch, PodType())["metadata"];
  EXPECT_EQ(metadata["labels"], (Json{{"a", "1"}}));
  EXPECT_FALSE(metadata.contains("annotations"));
}

TEST(StrategicMergePatchTest, ServicePortsMergeByPort) {
  const api::TypeSchema& service = Schema("io.k8s.api.core.v1.Service");
  const Json original = {{"spec", {{"ports", {{{"port", 80}, {"name", "http"}}}}}}};
  const Json patch = {{"spec", {{"ports", {{{"port", 443}, {"name", "https"}}}}}}};
  EXPECT_EQ(Patched(original, patch, service)["spec"]["ports"].size(), 2u);
}

TEST(StrategicMergePatchTest, ScalarsReplaceAndTypesMayChange) {
  const Json original = {{"spec", {{"replicas", 1}, {"paused", false}}}};
  const Json patched =
      Patched(original, {{"spec", {{"replicas", 3}, {"paused", "yes"}}}}, DeploymentType());
  EXPECT_EQ(patched["spec"]["replicas"], 3);
  EXPECT_EQ(patched["spec"]["paused"], "yes");  // the typed decode rejects it later
}

}  // namespace
}  // namespace kubefake::fakeserver
