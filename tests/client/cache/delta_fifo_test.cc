// DeltaFifo: deltas per key in order, delete de-duplication, relist deletion detection
// (DeletedFinalStateUnknown), Sync and HasSynced.
#include "kubefake/client/cache/delta_fifo.h"

#include <gtest/gtest.h>

#include <thread>

namespace kubefake::client::cache {
namespace {

ObjectPtr Obj(const std::string& name, const std::string& rv = "1") {
  return std::make_shared<const nlohmann::json>(
      nlohmann::json{{"metadata", {{"namespace", "ns"}, {"name", name}, {"resourceVersion", rv}}}});
}

struct Popped {
  Deltas deltas;
  bool is_in_initial_list = false;
};

Popped PopOne(DeltaFifo& fifo) {
  Popped popped;
  EXPECT_TRUE(fifo.Pop([&](const Deltas& deltas, bool initial) {
    popped.deltas = deltas;
    popped.is_in_initial_list = initial;
  }));
  return popped;
}

std::vector<DeltaType> Types(const Deltas& deltas) {
  std::vector<DeltaType> types;
  for (const Delta& delta : deltas) types.push_back(delta.type);
  return types;
}

TEST(DeltaFifoTest, DeltasOfOneKeyAccumulateAndKeysPopInOrder) {
  DeltaFifo fifo(nullptr);
  ASSERT_TRUE(fifo.Add(Obj("a")).has_value());
  ASSERT_TRUE(fifo.Add(Obj("b")).has_value());
  ASSERT_TRUE(fifo.Update(Obj("a", "2")).has_value());
  EXPECT_EQ(fifo.ListKeys(), (std::vector<std::string>{"ns/a", "ns/b"}));
  Popped a = PopOne(fifo);
  EXPECT_EQ(Types(a.deltas), (std::vector<DeltaType>{DeltaType::kAdded, DeltaType::kUpdated}));
  EXPECT_EQ((*a.deltas[1].object)["metadata"]["resourceVersion"], "2");
  EXPECT_EQ(Types(PopOne(fifo).deltas), std::vector<DeltaType>{DeltaType::kAdded});
}

TEST(DeltaFifoTest, DeleteOfAnUnknownObjectIsDropped) {
  Indexer known;
  DeltaFifo fifo(&known);
  ASSERT_TRUE(fifo.Delete(Obj("ghost")).has_value());
  EXPECT_TRUE(fifo.ListKeys().empty());
  ASSERT_TRUE(known.Add(*Obj("real")).has_value());
  ASSERT_TRUE(fifo.Delete(Obj("real")).has_value());
  EXPECT_EQ(Types(fifo.Get("ns/real")), std::vector<DeltaType>{DeltaType::kDeleted});
}

TEST(DeltaFifoTest, TwoDeletionsCollapseKeepingTheKnownFinalState) {
  Indexer known;
  ASSERT_TRUE(known.Add(*Obj("a", "5")).has_value());
  DeltaFifo fifo(&known);
  ASSERT_TRUE(fifo.Delete(Obj("a", "6")).has_value());
  ASSERT_TRUE(fifo.Replace({}).has_value());  // a is missing: a final-state-unknown deletion
  Deltas deltas = fifo.Get("ns/a");
  ASSERT_EQ(deltas.size(), 1u);
  EXPECT_EQ(deltas[0].type, DeltaType::kDeleted);
  EXPECT_FALSE(deltas[0].final_state_unknown);
  EXPECT_EQ((*deltas[0].object)["metadata"]["resourceVersion"], "6");
}

TEST(DeltaFifoTest, ReplaceReportsVanishedKnownObjectsAsDeletedFinalStateUnknown) {
  Indexer known;
  ASSERT_TRUE(known.Add(*Obj("kept")).has_value());
  ASSERT_TRUE(known.Add(*Obj("gone", "3")).has_value());
  DeltaFifo fifo(&known);
  ASSERT_TRUE(fifo.Replace({Obj("kept", "4"), Obj("new")}).has_value());
  EXPECT_EQ(Types(fifo.Get("ns/kept")), std::vector<DeltaType>{DeltaType::kReplaced});
  EXPECT_EQ(Types(fifo.Get("ns/new")), std::vector<DeltaType>{DeltaType::kReplaced});
  Deltas gone = fifo.Get("ns/gone");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].type, DeltaType::kDeleted);
  EXPECT_TRUE(gone[0].final_state_unknown);
  EXPECT_EQ((*gone[0].object)["metadata"]["resourceVersion"], "3");
}

TEST(DeltaFifoTest, KeyOfIsTheQueuesKeyFunctionAndReplaceKeyedFilesUnderTheGivenKeys) {
  Indexer known;
  ASSERT_TRUE(known.Add(*Obj("gone")).has_value());
  DeltaFifo fifo(&known, [](const nlohmann::json& object) -> Result<std::string> {
    return "custom:" + object["metadata"]["name"].get<std::string>();
  });
  Result<std::string> key = fifo.KeyOf(*Obj("a"));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, "custom:a");
  fifo.ReplaceKeyed({{*key, Obj("a")}});
  EXPECT_EQ(Types(fifo.Get("custom:a")), std::vector<DeltaType>{DeltaType::kReplaced});
  // The indexer keys with MetaNamespaceKeyFunc: "ns/gone" is not in the list, so it vanished.
  Deltas gone = fifo.Get("ns/gone");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_TRUE(gone[0].final_state_unknown);
}

TEST(DeltaFifoTest, ReplaceReportsQueuedObjectsMissingFromTheList) {
  DeltaFifo fifo(nullptr);
  ASSERT_TRUE(fifo.Add(Obj("queued", "7")).has_value());
  ASSERT_TRUE(fifo.Replace({}).has_value());
  Deltas deltas = fifo.Get("ns/queued");
  ASSERT_EQ(Types(deltas), (std::vector<DeltaType>{DeltaType::kAdded, DeltaType::kDeleted}));
  EXPECT_TRUE(deltas[1].final_state_unknown);
}

TEST(DeltaFifoTest, HasSyncedAfterTheFirstReplaceIsPoppedAndMarksTheInitialList) {
  DeltaFifo fifo(nullptr);
  EXPECT_FALSE(fifo.HasSynced());
  ASSERT_TRUE(fifo.Replace({Obj("a"), Obj("b")}).has_value());
  EXPECT_FALSE(fifo.HasSynced());
  EXPECT_TRUE(PopOne(fifo).is_in_initial_list);
  EXPECT_FALSE(fifo.HasSynced());
  ASSERT_TRUE(fifo.Add(Obj("c")).has_value());
  EXPECT_TRUE(PopOne(fifo).is_in_initial_list);
  EXPECT_TRUE(fifo.HasSynced());
  EXPECT_FALSE(PopOne(fifo).is_in_initial_list);
}

TEST(DeltaFifoTest, AnEmptyFirstReplaceIsSyncedAtOnce) {
  DeltaFifo fifo(nullptr);
  ASSERT_TRUE(fifo.Replace({}).has_value());
  EXPECT_TRUE(fifo.WaitForSynced({}, std::chrono::steady_clock::now()));
}

TEST(DeltaFifoTest, ResyncQueuesSyncForKnownObjectsWithNothingQueued) {
  Indexer known;
  ASSERT_TRUE(known.Add(*Obj("idle")).has_value());
  ASSERT_TRUE(known.Add(*Obj("busy")).has_value());
  DeltaFifo fifo(&known);
  ASSERT_TRUE(fifo.Delete(Obj("busy")).has_value());
  fifo.Resync();
  EXPECT_EQ(Types(fifo.Get("ns/idle")), std::vector<DeltaType>{DeltaType::kSync});
  // A Sync after a queued deletion would resurrect the object: it is not queued.
  EXPECT_EQ(Types(fifo.Get("ns/busy")), std::vector<DeltaType>{DeltaType::kDeleted});
}

TEST(DeltaFifoTest, CloseWakesABlockedPop) {
  DeltaFifo fifo(nullptr);
  std::jthread closer([&] { fifo.Close(); });
  EXPECT_FALSE(fifo.Pop([](const Deltas&, bool) { ADD_FAILURE() << "nothing was queued"; }));
}

TEST(DeltaFifoTest, DeltaTypeNames) {
  EXPECT_STREQ(DeltaTypeName(DeltaType::kReplaced), "Replaced");
  EXPECT_STREQ(DeltaTypeName(DeltaType::kSync), "Sync");
}

}  // namespace
}  // namespace kubefake::client::cache
