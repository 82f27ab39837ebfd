// Tests of EncodedItemCache: an item's bytes are reused only for the same key, mod_revision
// and stored object, and the cache stays within its byte bound.
#include "encoded_item_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kubefake::fakeserver {
namespace {

KeyValue Item(std::string key, int64_t revision, ObjectPtr object) {
  return KeyValue{.key = std::move(key),
                  .object = std::move(object),
                  .create_revision = revision,
                  .mod_revision = revision};
}

ObjectPtr NewObject() { return std::make_shared<const api::Object>(); }

// Encodes an item as "<key>@<mod_revision>#<call number>", counting the calls.
struct CountingEncoder {
  int calls = 0;
  EncodedItem operator()(const KeyValue& item) {
    return {item.key + "@" + std::to_string(item.mod_revision) + "#" + std::to_string(++calls)};
  }
};

std::vector<std::string> Strings(const std::vector<EncodedItemCache::Bytes>& bytes) {
  std::vector<std::string> out;
  for (const EncodedItemCache::Bytes& b : bytes) out.push_back(b->json);
  return out;
}

TEST(EncodedItemCacheTest, AnUnchangedItemIsEncodedOnceAndItsBytesShared) {
  EncodedItemCache cache;
  CountingEncoder encoder;
  auto encode = [&](const KeyValue& item) { return encoder(item); };
  const std::vector<KeyValue> items = {Item("/a", 5, NewObject()), Item("/b", 6, NewObject())};
  const std::vector<EncodedItemCache::Bytes> first = cache.GetOrEncode(items, encode);
  const std::vector<EncodedItemCache::Bytes> second = cache.GetOrEncode(items, encode);
  EXPECT_EQ(Strings(first), (std::vector<std::string>{"/a@5#1", "/b@6#2"}));
  EXPECT_EQ(encoder.calls, 2);
  EXPECT_EQ(first[0], second[0]) << "the same bytes, not a copy";
  EXPECT_EQ(cache.size_bytes(), first[0]->json.size() + first[1]->json.size());
}

TEST(EncodedItemCacheTest, ANewRevisionOrAnotherObjectIsEncodedAgain) {
  EncodedItemCache cache;
  CountingEncoder encoder;
  auto encode = [&](const KeyValue& item) { return encoder(item); };
  const ObjectPtr object = NewObject();
  cache.GetOrEncode(std::vector<KeyValue>{Item("/a", 5, object)}, encode);
  EXPECT_EQ(Strings(cache.GetOrEncode(std::vector<KeyValue>{Item("/a", 7, object)}, encode)),
            std::vector<std::string>{"/a@7#2"});
  EXPECT_EQ(Strings(cache.GetOrEncode(std::vector<KeyValue>{Item("/a", 7, NewObject())}, encode)),
            std::vector<std::string>{"/a@7#3"});
  EXPECT_EQ(cache.size_bytes(), std::string("/a@7#3").size()) << "one entry per key";
}

TEST(EncodedItemCacheTest, ItEmptiesWhenFullAndSkipsItemsLargerThanItsBound) {
  EncodedItemCache cache(12);  // room for two 6-byte items
  CountingEncoder encoder;
  auto encode = [&](const KeyValue& item) { return encoder(item); };
  const std::vector<KeyValue> items = {Item("/a", 1, NewObject()), Item("/b", 1, NewObject()),
                                       Item("/c", 1, NewObject())};
  EXPECT_EQ(Strings(cache.GetOrEncode(items, encode)),
            (std::vector<std::string>{"/a@1#1", "/b@1#2", "/c@1#3"}));
  EXPECT_EQ(cache.size_bytes(), 6u) << "/c emptied the full cache and is the only entry";
  cache.GetOrEncode(std::vector<KeyValue>{items[2]}, encode);
  EXPECT_EQ(encoder.calls, 3) << "/c is cached";
  cache.GetOrEncode(std::vector<KeyValue>{items[0]}, encode);
  EXPECT_EQ(encoder.calls, 4) << "/a was dropped";

  EncodedItemCache tiny(4);
  EXPECT_EQ(Strings(tiny.GetOrEncode(std::vector<KeyValue>{items[0]}, encode)),
            std::vector<std::string>{"/a@1#5"});
  EXPECT_EQ(tiny.size_bytes(), 0u);
}

}  // namespace
}  // namespace kubefake::fakeserver
