// Tests of StoredObject and EncodeItem: the bytes are the object's dump without apiVersion and
// kind (also when drafted before the resourceVersion is known and finished with it), a tree is
// shared while held and parsed back equal once nobody holds it, and a parsed tree is held by
// RecentTrees until later parses push it out.
#include "stored_object.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace kubefake::fakeserver {
namespace {

nlohmann::json PodObject() {
  return {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", "web"},
        {"namespace", "default"},
        {"resourceVersion", "7"},
        {"labels", {{"app", "caf\u00e9"}}},
        {"managedFields",
         {{{"manager", "kubectl"},
           {"fieldsV1", {{"f:spec", {{"k:{\"name\":\"web\"}", nlohmann::json::object()}}}}}}}}}},
      {"spec", {{"containers", {{{"name", "web"}, {"args", {"a \"quoted\"\n", ""}}}}}}},
      {"status", {{"phase", "Running"}, {"ratio", 0.25}, {"delta", -3}, {"ok", true}}}};
}

std::string DumpWithoutType(nlohmann::json object) {
  object.erase("apiVersion");
  object.erase("kind");
  return object.dump();
}

TEST(EncodeItemTest, IsTheDumpWithoutApiVersionAndKindAndMarksWhereTheyGo) {
  const nlohmann::json pod = PodObject();
  const EncodedItem item = EncodeItem(pod);
  EXPECT_EQ(item.json, DumpWithoutType(pod));
  EXPECT_EQ(item.json.capacity(), item.json.size());
  // Both go before "metadata", the first member sorting after each.
  EXPECT_EQ(item.json.substr(item.api_version_at, 11), "\"metadata\":");
  EXPECT_EQ(item.json.substr(item.kind_at, 11), "\"metadata\":");
}

TEST(EncodeItemTest, AFinishedDraftIsTheItemWithTheResourceVersionPutIn) {
  nlohmann::json pod = PodObject();
  pod["metadata"]["resourceVersion"] = "";
  const ItemDraft draft = DraftItem(pod);
  EXPECT_EQ(draft.item.json, DumpWithoutType(pod));
  EXPECT_EQ(draft.item.json.substr(draft.resource_version_at,
                                   draft.resource_version_end - draft.resource_version_at),
            "\"\"");

  pod["metadata"]["resourceVersion"] = "12345";
  const EncodedItem finished = FinishItem(draft, "12345");
  const EncodedItem encoded = EncodeItem(pod);
  EXPECT_EQ(finished.json, encoded.json);
  EXPECT_EQ(finished.json.capacity(), finished.json.size());
  EXPECT_EQ(finished.api_version_at, encoded.api_version_at);
  EXPECT_EQ(finished.kind_at, encoded.kind_at);
}

TEST(EncodeItemTest, ALabelOrAnnotationNamedResourceVersionIsNotTheMetadataOne) {
  nlohmann::json pod = PodObject();
  pod["metadata"]["labels"]["resourceVersion"] = "";
  pod["metadata"]["annotations"]["resourceVersion"] = "";
  pod["metadata"]["resourceVersion"] = "";
  const ItemDraft draft = DraftItem(pod);
  pod["metadata"]["resourceVersion"] = "9";
  EXPECT_EQ(FinishItem(draft, "9").json, DumpWithoutType(pod));
}

TEST(StoredObjectTest, SharesTheTreeWhileItIsHeldAndParsesAnEqualOneAfter) {
  RecentTrees parsed_trees(1);
  auto written = std::make_shared<const api::Object>(PodObject());
  const auto stored = std::make_shared<const StoredObject>(written);
  EXPECT_EQ(StoredObject::Encoded(stored)->json, DumpWithoutType(PodObject()));
  EXPECT_EQ(stored->Tree(parsed_trees), written);

  written.reset();
  const ObjectPtr parsed = stored->Tree(parsed_trees);
  EXPECT_EQ(parsed->json(), PodObject());
  EXPECT_EQ(parsed->json().dump(), PodObject().dump());
  EXPECT_EQ(stored->Tree(parsed_trees), parsed);  // shared while held
}

TEST(StoredObjectTest, AnObjectWithoutApiVersionOrKindComesBackWithoutThem) {
  RecentTrees parsed_trees(1);
  nlohmann::json bare = PodObject();
  bare.erase("apiVersion");
  bare.erase("kind");
  const auto stored =
      std::make_shared<const StoredObject>(std::make_shared<const api::Object>(bare));
  EXPECT_EQ(stored->Tree(parsed_trees)->json(), bare);
}

TEST(StoredObjectTest, AnObjectWhoseKindIsNotAStringKeepsItsTree) {
  RecentTrees parsed_trees(1);
  nlohmann::json odd = PodObject();
  odd["kind"] = 42;
  const api::Object* address = nullptr;
  std::shared_ptr<const StoredObject> stored;
  {
    auto written = std::make_shared<const api::Object>(odd);
    address = written.get();
    stored = std::make_shared<const StoredObject>(std::move(written));
  }
  EXPECT_EQ(stored->Tree(parsed_trees).get(), address);
  EXPECT_EQ(stored->Tree(parsed_trees)->json(), odd);
}

TEST(StoredObjectTest, AParsedTreeStaysHeldUntilLaterParsesPushItOut) {
  RecentTrees parsed_trees(1);
  const auto first =
      std::make_shared<const StoredObject>(std::make_shared<const api::Object>(PodObject()));
  const auto second =
      std::make_shared<const StoredObject>(std::make_shared<const api::Object>(PodObject()));
  std::weak_ptr<const api::Object> parsed = first->Tree(parsed_trees);
  ASSERT_FALSE(parsed.expired());
  EXPECT_EQ(first->Tree(parsed_trees), parsed.lock());  // not parsed again

  second->Tree(parsed_trees);  // takes the only place
  EXPECT_TRUE(parsed.expired());
}

}  // namespace
}  // namespace kubefake::fakeserver
