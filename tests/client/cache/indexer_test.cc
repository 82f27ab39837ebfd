// Indexer: keys, the namespace index, user index functions and shared immutable reads.
#include "kubefake/client/cache/indexer.h"

#include <gtest/gtest.h>

namespace kubefake::client::cache {
namespace {

nlohmann::json Pod(const std::string& ns, const std::string& name, const std::string& node) {
  return {{"metadata", {{"namespace", ns}, {"name", name}}}, {"spec", {{"nodeName", node}}}};
}

std::vector<std::string> ByNode(const nlohmann::json& pod) {
  return {pod["spec"]["nodeName"].get<std::string>()};
}

std::vector<std::string> Names(const std::vector<ObjectPtr>& objects) {
  std::vector<std::string> names;
  for (const ObjectPtr& object : objects) names.push_back((*object)["metadata"]["name"]);
  return names;
}

TEST(MetaNamespaceKeyFuncTest, NamespacedAndClusterScopedKeys) {
  EXPECT_EQ(MetaNamespaceKeyFunc(Pod("ns", "a", "n")).value(), "ns/a");
  EXPECT_EQ(MetaNamespaceKeyFunc({{"metadata", {{"name", "node1"}}}}).value(), "node1");
  Result<std::string> none = MetaNamespaceKeyFunc({{"metadata", nlohmann::json::object()}});
  ASSERT_FALSE(none.has_value());
  EXPECT_TRUE(api::IsBadRequest(none.error()));
}

TEST(MetaNamespaceKeyFuncTest, SplitMetaNamespaceKey) {
  EXPECT_EQ(SplitMetaNamespaceKey("ns/a").value(), std::make_pair(std::string("ns"), std::string("a")));
  EXPECT_EQ(SplitMetaNamespaceKey("a").value(), std::make_pair(std::string(), std::string("a")));
  EXPECT_FALSE(SplitMetaNamespaceKey("a/b/c").has_value());
}

TEST(IndexerTest, AddUpdateDeleteAndReadsShareTheStoredObject) {
  Indexer indexer;
  ASSERT_TRUE(indexer.Add(Pod("ns", "a", "n1")).has_value());
  ASSERT_TRUE(indexer.Update(Pod("ns", "a", "n2")).has_value());
  std::optional<ObjectPtr> got = indexer.GetByKey("ns/a");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((**got)["spec"]["nodeName"], "n2");
  EXPECT_EQ(indexer.Get(Pod("ns", "a", "")).value().get(), got->get());
  EXPECT_EQ(indexer.ListKeys(), std::vector<std::string>{"ns/a"});
  ASSERT_TRUE(indexer.Delete(Pod("ns", "a", "")).has_value());
  EXPECT_FALSE(indexer.GetByKey("ns/a").has_value());
  EXPECT_EQ(indexer.Len(), 0u);
  // The reader's copy outlives the deletion.
  EXPECT_EQ((**got)["metadata"]["name"], "a");
}

TEST(IndexerTest, NamespaceIndexAndUserIndexFollowUpdates) {
  Indexer indexer(MetaNamespaceKeyFunc,
                  {{kNamespaceIndex, MetaNamespaceIndexFunc}, {"node", ByNode}});
  ASSERT_TRUE(indexer.Add(Pod("ns1", "a", "n1")).has_value());
  ASSERT_TRUE(indexer.Add(Pod("ns1", "b", "n2")).has_value());
  ASSERT_TRUE(indexer.Add(Pod("ns2", "c", "n1")).has_value());
  EXPECT_EQ(Names(indexer.ByIndex(kNamespaceIndex, "ns1").value()),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(indexer.IndexKeys("node", "n1").value(), (std::vector<std::string>{"ns1/a", "ns2/c"}));
  ASSERT_TRUE(indexer.Update(Pod("ns1", "a", "n2")).has_value());
  EXPECT_EQ(indexer.IndexKeys("node", "n1").value(), std::vector<std::string>{"ns2/c"});
  EXPECT_EQ(Names(indexer.Index("node", Pod("x", "y", "n2")).value()),
            (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(indexer.Delete(Pod("ns2", "c", "")).has_value());
  EXPECT_EQ(indexer.ListIndexFuncValues("node"), std::vector<std::string>{"n2"});
  EXPECT_EQ(indexer.ListIndexFuncValues(kNamespaceIndex), std::vector<std::string>{"ns1"});
}

TEST(IndexerTest, ReplaceRebuildsTheIndexes) {
  Indexer indexer(MetaNamespaceKeyFunc, {{"node", ByNode}});
  ASSERT_TRUE(indexer.Add(Pod("ns", "old", "n1")).has_value());
  ASSERT_TRUE(indexer
                  .Replace({std::make_shared<const nlohmann::json>(Pod("ns", "new", "n2"))})
                  .has_value());
  EXPECT_EQ(indexer.ListKeys(), std::vector<std::string>{"ns/new"});
  EXPECT_TRUE(indexer.IndexKeys("node", "n1").value().empty());
  EXPECT_EQ(indexer.IndexKeys("node", "n2").value(), std::vector<std::string>{"ns/new"});
}

TEST(IndexerTest, IndexersAddedLaterIndexExistingObjects) {
  Indexer indexer;
  ASSERT_TRUE(indexer.Add(Pod("ns", "a", "n1")).has_value());
  ASSERT_TRUE(indexer.AddIndexers({{"node", ByNode}}).has_value());
  EXPECT_EQ(indexer.IndexKeys("node", "n1").value(), std::vector<std::string>{"ns/a"});
  Result<void> again = indexer.AddIndexers({{"node", ByNode}});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message(), "indexer conflict: node");
}

TEST(IndexerTest, UnknownIndexIsAnError) {
  Indexer indexer;
  Result<std::vector<ObjectPtr>> objects = indexer.ByIndex("nope", "x");
  ASSERT_FALSE(objects.has_value());
  EXPECT_EQ(objects.error().message(), "Index with name nope does not exist");
}

}  // namespace
}  // namespace kubefake::client::cache
