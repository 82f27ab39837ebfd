// Tests for InMemoryStorage's reads, writes, MVCC history and compaction (R2.2, R6.3, R6.5-R6.7).
// Watch behaviour is in storage_watch_test.cc.
#include "kubefake/fakeserver/in_memory_storage.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "encoded_item.h"
#include "kubefake/api/error.h"
#include "kubefake/testing/fake_clock.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

api::Object ConfigMap(std::string_view name, std::string_view value,
                      const api::StringMap& labels = {}) {
  api::Object object(nlohmann::json{{"apiVersion", "v1"},
                                    {"kind", "ConfigMap"},
                                    {"metadata", {{"name", name}, {"namespace", "ns"}}},
                                    {"data", {{"value", value}}}});
  if (!labels.empty()) object.SetLabels(labels);
  return object;
}

std::string Value(const KeyValue& kv) { return kv.object->json()["data"]["value"]; }

std::vector<std::string> Keys(const ListResult& list) {
  std::vector<std::string> keys;
  for (const KeyValue& item : list.items) keys.push_back(item.key);
  return keys;
}

// An UpdateFunc that writes `value` into the current object (or a new one).
UpdateFunc SetValue(std::string value) {
  return [value](const KeyValue* current) -> Result<UpdateDecision> {
    api::Object object = current ? *current->object : ConfigMap("created", "");
    object.mutable_json()["data"]["value"] = value;
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  };
}

UpdateFunc Decide(UpdateDecision::Action action) {
  return [action](const KeyValue*) -> Result<UpdateDecision> {
    return UpdateDecision{action, api::Object()};
  };
}

class InMemoryStorageTest : public ::testing::Test {
 protected:
  KeyValue MustCreate(std::string_view key, std::string_view value,
                      const api::StringMap& labels = {}) {
    Result<KeyValue> created = storage_.Create(key, ConfigMap(key, value, labels));
    EXPECT_TRUE(created.has_value()) << created.error().message();
    return created.value_or(KeyValue{});
  }
  KeyValue MustUpdate(std::string_view key, std::string value) {
    Result<KeyValue> updated = storage_.GuaranteedUpdate(key, 0, SetValue(std::move(value)));
    EXPECT_TRUE(updated.has_value()) << updated.error().message();
    return updated.value_or(KeyValue{});
  }

  InMemoryStorage storage_;
};

TEST_F(InMemoryStorageTest, CreateStoresTheObjectWithTheNewRevisionAsResourceVersion) {
  EXPECT_EQ(storage_.CurrentRevision(), 0);
  Result<KeyValue> created = storage_.Create("/cm/ns/a", ConfigMap("a", "1"));
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->key, "/cm/ns/a");
  EXPECT_EQ(created->create_revision, 1);
  EXPECT_EQ(created->mod_revision, 1);
  EXPECT_EQ(created->object->GetResourceVersion(), "1");
  EXPECT_EQ(storage_.CurrentRevision(), 1);

  Result<KeyValue> read = storage_.Get("/cm/ns/a");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->object, created->object) << "readers share the stored object";
  EXPECT_EQ(Value(*read), "1");
}

TEST_F(InMemoryStorageTest, CreateOverwritesAResourceVersionTheCallerSet) {
  api::Object object = ConfigMap("a", "1");
  object.SetResourceVersion("42");
  Result<KeyValue> created = storage_.Create("/cm/ns/a", object);
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->object->GetResourceVersion(), "1");
}

TEST_F(InMemoryStorageTest, CreateOfAnExistingKeyReturnsAlreadyExistsAndWritesNothing) {
  MustCreate("/cm/ns/a", "1");
  Result<KeyValue> again = storage_.Create("/cm/ns/a", ConfigMap("a", "2"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().reason(), api::Reason::kAlreadyExists);
  EXPECT_EQ(again.error().message(), R"(key "/cm/ns/a" already exists)");
  EXPECT_EQ(storage_.CurrentRevision(), 1);
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a")), "1");
}

TEST_F(InMemoryStorageTest, EveryWriteConsumesOneRevisionAndFailedWritesNone) {
  EXPECT_EQ(MustCreate("/cm/ns/a", "1").mod_revision, 1);
  EXPECT_EQ(MustCreate("/cm/ns/b", "1").mod_revision, 2);
  EXPECT_EQ(MustUpdate("/cm/ns/a", "2").mod_revision, 3);
  EXPECT_FALSE(storage_.Create("/cm/ns/a", ConfigMap("a", "x")).has_value());
  EXPECT_FALSE(storage_.Delete("/cm/ns/missing").has_value());
  EXPECT_FALSE(storage_.Delete("/cm/ns/a", 1).has_value());
  Result<KeyValue> deleted = storage_.Delete("/cm/ns/b");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->mod_revision, 4);
  EXPECT_EQ(storage_.CurrentRevision(), 4);
}

TEST_F(InMemoryStorageTest, GetOfAMissingKeyReturnsNotFoundNamingTheKey) {
  Result<KeyValue> missing = storage_.Get("/cm/ns/nope");
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(api::IsNotFound(missing.error()));
  EXPECT_EQ(missing.error().message(), R"(key "/cm/ns/nope" not found)");
}

TEST_F(InMemoryStorageTest, PublishedObjectsNeverChangeAfterLaterWrites) {
  KeyValue first = MustCreate("/cm/ns/a", "1");
  MustUpdate("/cm/ns/a", "2");
  ASSERT_TRUE(storage_.Delete("/cm/ns/a").has_value());
  EXPECT_EQ(Value(first), "1");
  EXPECT_EQ(first.object->GetResourceVersion(), "1");
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateWritesTheDecisionAndKeepsTheCreateRevision) {
  MustCreate("/cm/ns/a", "1");
  MustCreate("/cm/ns/other", "1");
  KeyValue updated = MustUpdate("/cm/ns/a", "2");
  EXPECT_EQ(updated.create_revision, 1);
  EXPECT_EQ(updated.mod_revision, 3);
  EXPECT_EQ(updated.object->GetResourceVersion(), "3");
  EXPECT_EQ(Value(updated), "2");
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a")), "2");
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateSeesTheCurrentValue) {
  KeyValue created = MustCreate("/cm/ns/a", "1");
  const KeyValue* seen = nullptr;
  KeyValue copy;
  Result<KeyValue> result = storage_.GuaranteedUpdate("/cm/ns/a", 0, [&](const KeyValue* current) {
    seen = current;
    if (current) copy = *current;
    return Result<UpdateDecision>(UpdateDecision{UpdateDecision::Action::kNoop, {}});
  });
  ASSERT_TRUE(result.has_value());
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(copy.key, "/cm/ns/a");
  EXPECT_EQ(copy.object, created.object);
  EXPECT_EQ(copy.mod_revision, 1);
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateCreatesAnAbsentKeyOnWrite) {
  bool saw_absent = false;
  Result<KeyValue> created = storage_.GuaranteedUpdate("/cm/ns/a", 0, [&](const KeyValue* current) {
    saw_absent = current == nullptr;
    return SetValue("new")(current);
  });
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(saw_absent);
  EXPECT_EQ(created->create_revision, 1);
  EXPECT_EQ(created->mod_revision, 1);
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a")), "new");
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateWithAStaleRevisionReturnsConflictWithoutCallingUpdate) {
  MustCreate("/cm/ns/a", "1");
  MustUpdate("/cm/ns/a", "2");
  bool called = false;
  Result<KeyValue> result = storage_.GuaranteedUpdate("/cm/ns/a", 1, [&](const KeyValue* c) {
    called = true;
    return SetValue("3")(c);
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(api::IsConflict(result.error()));
  EXPECT_EQ(result.error().message(),
            R"(Operation cannot be fulfilled on key "/cm/ns/a": the object has been modified; )"
            "please apply your changes to the latest version and try again");
  EXPECT_FALSE(called);
  EXPECT_EQ(storage_.CurrentRevision(), 2);

  Result<KeyValue> matching = storage_.GuaranteedUpdate("/cm/ns/a", 2, SetValue("3"));
  ASSERT_TRUE(matching.has_value());
  EXPECT_EQ(Value(*matching), "3");
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateWithAnExpectedRevisionOnAnAbsentKeyReturnsNotFound) {
  Result<KeyValue> result = storage_.GuaranteedUpdate("/cm/ns/a", 7, SetValue("x"));
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(api::IsNotFound(result.error()));
  EXPECT_EQ(storage_.CurrentRevision(), 0);
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateNoopWritesNothingAndConsumesNoRevision) {
  KeyValue created = MustCreate("/cm/ns/a", "1");
  Result<KeyValue> result =
      storage_.GuaranteedUpdate("/cm/ns/a", 0, Decide(UpdateDecision::Action::kNoop));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->object, created.object);
  EXPECT_EQ(result->mod_revision, 1);
  EXPECT_EQ(storage_.CurrentRevision(), 1);
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateNoopOrDeleteOnAnAbsentKeyReturnsNotFound) {
  for (UpdateDecision::Action action :
       {UpdateDecision::Action::kNoop, UpdateDecision::Action::kDelete}) {
    Result<KeyValue> result = storage_.GuaranteedUpdate("/cm/ns/a", 0, Decide(action));
    ASSERT_FALSE(result.has_value());
    EXPECT_TRUE(api::IsNotFound(result.error()));
  }
  EXPECT_EQ(storage_.CurrentRevision(), 0);
}

TEST_F(InMemoryStorageTest, GuaranteedUpdateDeleteRemovesTheKeyAsDeleteDoes) {
  KeyValue created = MustCreate("/cm/ns/a", "1");
  Result<KeyValue> result =
      storage_.GuaranteedUpdate("/cm/ns/a", 0, Decide(UpdateDecision::Action::kDelete));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->object, created.object);
  EXPECT_EQ(result->mod_revision, 2);
  EXPECT_TRUE(api::IsNotFound(storage_.Get("/cm/ns/a").error()));
}

TEST_F(InMemoryStorageTest, GuaranteedUpdatePassesTheUpdateErrorThroughAndWritesNothing) {
  MustCreate("/cm/ns/a", "1");
  Result<KeyValue> result = storage_.GuaranteedUpdate("/cm/ns/a", 0, [](const KeyValue*) {
    return Result<UpdateDecision>(Fail(api::NewBadRequest("no")));
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(api::IsBadRequest(result.error()));
  EXPECT_EQ(result.error().message(), "no");
  EXPECT_EQ(storage_.CurrentRevision(), 1);
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a")), "1");
}

TEST_F(InMemoryStorageTest, DeleteReturnsTheLastStateWithTheDeletionRevision) {
  MustCreate("/cm/ns/a", "1");
  KeyValue updated = MustUpdate("/cm/ns/a", "2");
  Result<KeyValue> deleted = storage_.Delete("/cm/ns/a");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->object, updated.object) << "the last value as stored";
  EXPECT_EQ(deleted->object->GetResourceVersion(), "2");
  EXPECT_EQ(deleted->create_revision, 1);
  EXPECT_EQ(deleted->mod_revision, 3);
  EXPECT_TRUE(api::IsNotFound(storage_.Get("/cm/ns/a").error()));
  EXPECT_TRUE(api::IsNotFound(storage_.Delete("/cm/ns/a").error()));
}

TEST_F(InMemoryStorageTest, DeleteWithAStaleRevisionReturnsConflict) {
  MustCreate("/cm/ns/a", "1");
  MustUpdate("/cm/ns/a", "2");
  Result<KeyValue> stale = storage_.Delete("/cm/ns/a", 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_TRUE(api::IsConflict(stale.error()));
  EXPECT_TRUE(storage_.Get("/cm/ns/a").has_value());
  EXPECT_TRUE(storage_.Delete("/cm/ns/a", 2).has_value());
}

TEST_F(InMemoryStorageTest, CreateAfterDeleteStartsANewLifeWithANewCreateRevision) {
  MustCreate("/cm/ns/a", "1");
  ASSERT_TRUE(storage_.Delete("/cm/ns/a").has_value());
  KeyValue again = MustCreate("/cm/ns/a", "2");
  EXPECT_EQ(again.create_revision, 3);
  EXPECT_EQ(again.mod_revision, 3);
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a")), "2");
}

TEST_F(InMemoryStorageTest, GetAtAPastRevisionReturnsTheStateAsOfThatRevision) {
  MustCreate("/cm/ns/a", "v1");  // 1
  MustCreate("/cm/ns/b", "x");   // 2
  MustUpdate("/cm/ns/a", "v3");  // 3
  MustUpdate("/cm/ns/b", "y");   // 4
  MustUpdate("/cm/ns/a", "v5");  // 5
  const std::vector<std::pair<int64_t, std::string>> expected = {
      {1, "v1"}, {2, "v1"}, {3, "v3"}, {4, "v3"}, {5, "v5"}};
  for (const auto& [revision, value] : expected) {
    Result<KeyValue> read = storage_.Get("/cm/ns/a", revision);
    ASSERT_TRUE(read.has_value()) << revision;
    EXPECT_EQ(Value(*read), value) << revision;
    EXPECT_EQ(read->object->GetResourceVersion(), std::to_string(read->mod_revision));
    EXPECT_EQ(read->create_revision, 1);
  }
}

TEST_F(InMemoryStorageTest, GetAtAPastRevisionSeesDeletedKeysAndNotYetCreatedOnes) {
  MustCreate("/cm/ns/other", "x");                       // 1
  MustCreate("/cm/ns/a", "v2");                          // 2
  ASSERT_TRUE(storage_.Delete("/cm/ns/a").has_value());  // 3
  MustCreate("/cm/ns/a", "v4");                          // 4
  EXPECT_TRUE(api::IsNotFound(storage_.Get("/cm/ns/a", 1).error()));
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a", 2)), "v2");
  EXPECT_TRUE(api::IsNotFound(storage_.Get("/cm/ns/a", 3).error()));
  Result<KeyValue> reborn = storage_.Get("/cm/ns/a", 4);
  ASSERT_TRUE(reborn.has_value());
  EXPECT_EQ(Value(*reborn), "v4");
  EXPECT_EQ(reborn->create_revision, 4);
}

TEST_F(InMemoryStorageTest, ListReturnsOnlyKeysUnderThePrefixInKeyOrder) {
  MustCreate("/cm/ns/c", "1");
  MustCreate("/cm/ns/a", "1");
  MustCreate("/cm/ns2/a", "1");
  MustCreate("/cm/ns/b", "1");
  MustCreate("/cm/n", "1");
  Result<ListResult> list = storage_.List("/cm/ns/", {});
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(Keys(*list), (std::vector<std::string>{"/cm/ns/a", "/cm/ns/b", "/cm/ns/c"}));
  EXPECT_EQ(list->revision, 5);
  EXPECT_FALSE(list->next_key.has_value());
  EXPECT_EQ(list->remaining, 0);
}

TEST_F(InMemoryStorageTest, ListAtAPastRevisionReturnsTheSnapshotOfThatRevision) {
  MustCreate("/cm/ns/a", "a1");                          // 1
  MustCreate("/cm/ns/b", "b1");                          // 2
  MustCreate("/cm/ns/c", "c1");                          // 3
  MustUpdate("/cm/ns/a", "a2");                          // 4
  ASSERT_TRUE(storage_.Delete("/cm/ns/b").has_value());  // 5
  MustCreate("/cm/ns/d", "d1");                          // 6

  StorageListOptions at3;
  at3.revision = 3;
  Result<ListResult> then = storage_.List("/cm/ns/", at3);
  ASSERT_TRUE(then.has_value());
  EXPECT_EQ(then->revision, 3);
  EXPECT_EQ(Keys(*then), (std::vector<std::string>{"/cm/ns/a", "/cm/ns/b", "/cm/ns/c"}));
  EXPECT_EQ(Value(then->items[0]), "a1");

  Result<ListResult> now = storage_.List("/cm/ns/", {});
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(Keys(*now), (std::vector<std::string>{"/cm/ns/a", "/cm/ns/c", "/cm/ns/d"}));
  EXPECT_EQ(Value(now->items[0]), "a2");
}

TEST_F(InMemoryStorageTest, ListPagesWithLimitStartKeyAndRemaining) {
  for (const char* name : {"a", "b", "c", "d", "e"}) MustCreate(std::string("/cm/ns/") + name, "1");
  StorageListOptions options;
  options.limit = 2;
  Result<ListResult> page1 = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page1.has_value());
  EXPECT_EQ(Keys(*page1), (std::vector<std::string>{"/cm/ns/a", "/cm/ns/b"}));
  EXPECT_EQ(page1->next_key, "/cm/ns/c");
  EXPECT_EQ(page1->remaining, 3);

  options.start_key = *page1->next_key;
  options.revision = page1->revision;
  Result<ListResult> page2 = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page2.has_value());
  EXPECT_EQ(Keys(*page2), (std::vector<std::string>{"/cm/ns/c", "/cm/ns/d"}));
  EXPECT_EQ(page2->next_key, "/cm/ns/e");
  EXPECT_EQ(page2->remaining, 1);

  options.start_key = *page2->next_key;
  Result<ListResult> page3 = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page3.has_value());
  EXPECT_EQ(Keys(*page3), (std::vector<std::string>{"/cm/ns/e"}));
  EXPECT_FALSE(page3->next_key.has_value());
  EXPECT_EQ(page3->remaining, 0);
}

TEST_F(InMemoryStorageTest, AFullLastPageHasNoNextKey) {
  MustCreate("/cm/ns/a", "1");
  MustCreate("/cm/ns/b", "1");
  MustCreate("/cm/nt/c", "1");  // after the prefix: not counted
  StorageListOptions options;
  options.limit = 2;
  Result<ListResult> page = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_FALSE(page->next_key.has_value());
  EXPECT_EQ(page->remaining, 0);
}

TEST_F(InMemoryStorageTest, PagesReadAtTheFirstPagesRevisionIgnoreLaterWrites) {
  for (const char* name : {"a", "b", "c", "d"}) MustCreate(std::string("/cm/ns/") + name, "old");
  StorageListOptions options;
  options.limit = 2;
  Result<ListResult> page1 = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page1.has_value());

  // R6.5: changes after the first page do not show in later pages.
  ASSERT_TRUE(storage_.Delete("/cm/ns/c").has_value());
  MustUpdate("/cm/ns/d", "new");
  MustCreate("/cm/ns/bb", "new");

  options.start_key = *page1->next_key;
  options.revision = page1->revision;
  Result<ListResult> page2 = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page2.has_value());
  EXPECT_EQ(page2->revision, page1->revision);
  EXPECT_EQ(Keys(*page2), (std::vector<std::string>{"/cm/ns/c", "/cm/ns/d"}));
  EXPECT_EQ(Value(page2->items[1]), "old");
  EXPECT_FALSE(page2->next_key.has_value());
}

TEST_F(InMemoryStorageTest, PredicateSkipsItemsWithoutCountingThemTowardTheLimit) {
  MustCreate("/cm/ns/a", "1", {{"app", "web"}});
  MustCreate("/cm/ns/b", "1", {{"app", "db"}});
  MustCreate("/cm/ns/c", "1", {{"app", "web"}});
  MustCreate("/cm/ns/d", "1", {{"app", "db"}});
  MustCreate("/cm/ns/e", "1", {{"app", "db"}});
  StorageListOptions options;
  options.limit = 2;
  options.predicate = [](const api::Object& object) { return object.GetLabels()["app"] == "web"; };
  Result<ListResult> page = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"/cm/ns/a", "/cm/ns/c"}));
  // etcd's count ignores the predicate: d and e remain although neither matches.
  EXPECT_EQ(page->next_key, "/cm/ns/d");
  EXPECT_EQ(page->remaining, 2);

  options.start_key = *page->next_key;
  Result<ListResult> rest = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->items.empty());
  EXPECT_FALSE(rest->next_key.has_value());
}

TEST_F(InMemoryStorageTest, ReadsCarryTheObjectsBytesAndListCanLeaveTheTreesOut) {
  MustCreate("/cm/ns/a", "1", {{"app", "web"}});
  MustCreate("/cm/ns/b", "2", {{"app", "db"}});
  Result<KeyValue> got = storage_.Get("/cm/ns/a");
  ASSERT_TRUE(got.has_value());
  ASSERT_NE(got->encoded, nullptr);
  EXPECT_EQ(got->encoded->json, EncodeItem(got->object->json()).json);

  StorageListOptions options;
  options.trees = false;
  options.predicate = [](const api::Object& object) { return object.GetLabels()["app"] == "db"; };
  Result<ListResult> list = storage_.List("/cm/ns/", options);
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(Keys(*list), (std::vector<std::string>{"/cm/ns/b"}));
  EXPECT_EQ(list->items[0].object, nullptr);
  Result<KeyValue> b = storage_.Get("/cm/ns/b");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(list->items[0].encoded->json, EncodeItem(b->object->json()).json);
}

TEST_F(InMemoryStorageTest, ReadsAtAFutureRevisionReturnTooLargeResourceVersion) {
  MustCreate("/cm/ns/a", "1");
  MustCreate("/cm/ns/b", "1");
  Result<KeyValue> get = storage_.Get("/cm/ns/a", 10);
  ASSERT_FALSE(get.has_value());
  EXPECT_TRUE(api::IsTooLargeResourceVersion(get.error()));
  EXPECT_EQ(get.error().code(), 504);
  EXPECT_EQ(get.error().message(), "Timeout: Too large resource version: 10, current: 2");
  EXPECT_EQ(get.error().RetryAfterSeconds(), 1);

  StorageListOptions options;
  options.revision = 3;
  Result<ListResult> list = storage_.List("/cm/ns/", options);
  ASSERT_FALSE(list.has_value());
  EXPECT_TRUE(api::IsTooLargeResourceVersion(list.error()));
}

TEST_F(InMemoryStorageTest, CompactMakesReadsBeforeTheCompactedRevisionExpired) {
  MustCreate("/cm/ns/a", "v1");  // 1
  MustUpdate("/cm/ns/a", "v2");  // 2
  MustUpdate("/cm/ns/a", "v3");  // 3
  MustUpdate("/cm/ns/a", "v4");  // 4
  storage_.Compact(3);
  EXPECT_EQ(storage_.CompactedRevision(), 3);

  Result<KeyValue> old = storage_.Get("/cm/ns/a", 2);
  ASSERT_FALSE(old.has_value());
  EXPECT_TRUE(api::IsResourceExpired(old.error()));
  EXPECT_EQ(old.error().code(), 410);
  EXPECT_EQ(old.error().message(), "The resourceVersion for the provided list is too old.");

  StorageListOptions options;
  options.revision = 1;
  Result<ListResult> list = storage_.List("/cm/ns/", options);
  ASSERT_FALSE(list.has_value());
  EXPECT_TRUE(api::IsResourceExpired(list.error()));

  Result<KeyValue> at_compacted = storage_.Get("/cm/ns/a", 3);
  ASSERT_TRUE(at_compacted.has_value());
  EXPECT_EQ(Value(*at_compacted), "v3");
  EXPECT_EQ(Value(*storage_.Get("/cm/ns/a", 4)), "v4");
}

TEST_F(InMemoryStorageTest, CompactKeepsTheStateAtTheCompactedRevision) {
  MustCreate("/cm/ns/gone", "1");                           // 1
  MustCreate("/cm/ns/kept", "k2");                          // 2
  ASSERT_TRUE(storage_.Delete("/cm/ns/gone").has_value());  // 3
  MustCreate("/cm/ns/later", "1");                          // 4
  ASSERT_TRUE(storage_.Delete("/cm/ns/kept").has_value());  // 5
  storage_.Compact(4);

  StorageListOptions at4;
  at4.revision = 4;
  Result<ListResult> list = storage_.List("/cm/ns/", at4);
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(Keys(*list), (std::vector<std::string>{"/cm/ns/kept", "/cm/ns/later"}));
  EXPECT_EQ(Value(list->items[0]), "k2");
  // The key deleted before the compaction point is gone from memory; "kept" still has history.
  EXPECT_EQ(storage_.GetStats().keys, 2u);
  EXPECT_EQ(storage_.GetStats().events, 1u);
}

TEST_F(InMemoryStorageTest, CompactIsClampedToTheCurrentRevisionAndNeverMovesBack) {
  MustCreate("/cm/ns/a", "1");
  MustCreate("/cm/ns/b", "1");
  storage_.Compact(100);
  EXPECT_EQ(storage_.CompactedRevision(), 2);
  storage_.Compact(1);
  EXPECT_EQ(storage_.CompactedRevision(), 2);
  EXPECT_TRUE(storage_.Get("/cm/ns/a").has_value());
  EXPECT_EQ(storage_.GetStats().events, 0u);
}

TEST(InMemoryStorageHistoryTest, TheRevisionWindowCompactsAutomatically) {
  InMemoryStorage::Options options;
  options.history_revisions = 5;
  InMemoryStorage storage(options);
  ASSERT_TRUE(storage.Create("/cm/ns/a", ConfigMap("a", "0")).has_value());
  for (int i = 1; i < 20; ++i) {
    ASSERT_TRUE(storage.GuaranteedUpdate("/cm/ns/a", 0, SetValue(std::to_string(i))));
  }
  EXPECT_EQ(storage.CurrentRevision(), 20);
  EXPECT_EQ(storage.CompactedRevision(), 15);
  EXPECT_TRUE(api::IsResourceExpired(storage.Get("/cm/ns/a", 14).error()));
  Result<KeyValue> oldest = storage.Get("/cm/ns/a", 15);
  ASSERT_TRUE(oldest.has_value());
  EXPECT_EQ(Value(*oldest), "14");
}

TEST(InMemoryStorageHistoryTest, AnObjectNoLongerHeldAnywhereIsReadBackAsWritten) {
  InMemoryStorage::Options options;
  options.history_revisions = 2;
  InMemoryStorage storage(options);
  nlohmann::json written;
  {
    Result<KeyValue> created = storage.Create("/cm/ns/a", ConfigMap("a", "caf\u00e9 \"1\""));
    ASSERT_TRUE(created.has_value());
    written = created->object->json();
  }
  // The event log lets go of the creation, the last holder of its tree.
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(storage.GuaranteedUpdate("/cm/ns/b", 0, SetValue(std::to_string(i))));
  }
  Result<KeyValue> read = storage.Get("/cm/ns/a");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->object->json(), written);
  EXPECT_EQ(read->object->json().dump(), written.dump());
  Result<KeyValue> deleted = storage.Delete("/cm/ns/a");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->object->json(), written);
}

TEST(InMemoryStorageHistoryTest, MemoryStaysBoundedUnderALongWriteLoop) {
  InMemoryStorage::Options options;
  options.history_revisions = 100;
  InMemoryStorage storage(options);
  // Updates to a few hot keys plus create/delete churn of short-lived keys.
  for (int i = 0; i < 5'000; ++i) {
    const std::string hot = "/cm/ns/hot" + std::to_string(i % 4);
    ASSERT_TRUE(storage.GuaranteedUpdate(hot, 0, SetValue(std::to_string(i))));
    const std::string temp = "/cm/ns/tmp" + std::to_string(i);
    ASSERT_TRUE(storage.Create(temp, ConfigMap(temp, "x")).has_value());
    ASSERT_TRUE(storage.Delete(temp).has_value());
  }
  InMemoryStorage::Stats stats = storage.GetStats();
  EXPECT_EQ(stats.events, 100u);
  // One version per event in the window, plus the state at the compaction point of the 4 hot
  // keys and of at most one short-lived key created just before it.
  EXPECT_LE(stats.keys, 4u + 100u);
  EXPECT_LE(stats.versions, 100u + 4u + 1u);
  Result<ListResult> live = storage.List("/cm/ns/", {});
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->items.size(), 4u);
}

TEST(InMemoryStorageHistoryTest, TheAgeWindowExpiresOldHistoryWithoutFurtherWrites) {
  testkit::FakeClock clock;
  InMemoryStorage::Options options;
  options.clock = &clock;
  options.history_duration = minutes(5);
  InMemoryStorage storage(options);
  ASSERT_TRUE(storage.Create("/cm/ns/a", ConfigMap("a", "1")).has_value());  // 1
  ASSERT_TRUE(storage.GuaranteedUpdate("/cm/ns/a", 0, SetValue("2")));       // 2
  clock.Step(minutes(3));
  ASSERT_TRUE(storage.GuaranteedUpdate("/cm/ns/a", 0, SetValue("3")));  // 3
  EXPECT_EQ(storage.CompactedRevision(), 0);
  EXPECT_TRUE(storage.Get("/cm/ns/a", 1).has_value());

  clock.Step(minutes(3));  // revisions 1 and 2 are now older than 5 minutes
  EXPECT_EQ(storage.CompactedRevision(), 2);
  EXPECT_TRUE(api::IsResourceExpired(storage.Get("/cm/ns/a", 1).error()));
  EXPECT_EQ(Value(*storage.Get("/cm/ns/a", 2)), "2");
  EXPECT_EQ(storage.GetStats().events, 3u) << "physically dropped at the next write";

  ASSERT_TRUE(storage.GuaranteedUpdate("/cm/ns/a", 0, SetValue("4")));  // 4
  EXPECT_EQ(storage.GetStats().events, 2u);
  EXPECT_EQ(storage.CompactedRevision(), 2);
  EXPECT_FALSE(clock.HasWaiters()) << "the storage reads the clock and schedules no timers";
}

TEST(InMemoryStorageHistoryTest, TheRevisionWindowAppliesWithoutAClock) {
  InMemoryStorage::Options options;
  options.history_revisions = 2;
  options.history_duration = minutes(5);  // ignored without a clock
  InMemoryStorage storage(options);
  for (int i = 0; i < 4; ++i) {
    const std::string key = "/cm/ns/" + std::to_string(i);
    ASSERT_TRUE(storage.Create(key, ConfigMap(key, "1")).has_value());
  }
  EXPECT_EQ(storage.CompactedRevision(), 2);
}

TEST_F(InMemoryStorageTest, NegativeRevisionsAreBadRequests) {
  EXPECT_TRUE(api::IsBadRequest(storage_.Get("/cm/ns/a", -1).error()));
  StorageListOptions options;
  options.revision = -5;
  EXPECT_TRUE(api::IsBadRequest(storage_.List("/cm/", options).error()));
  EXPECT_TRUE(api::IsBadRequest(storage_.Watch("/cm/", -1).error()));
}

}  // namespace
}  // namespace kubefake::fakeserver
