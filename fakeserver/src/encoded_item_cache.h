// EncodedItemCache: the compact JSON of stored objects as items of a built-in list, kept
// between reads so that a repeated LIST (or GET) of unchanged objects copies their bytes instead
// of walking their trees again (for 10,000 Pods scattered over the heap the walk costs several
// times a dump of one freshly parsed list). An item is identified by its storage key, its
// mod_revision and the stored object's address: the storage writes a key's every version at a
// new revision, so a hit has the bytes of the very object read. Filled lazily by LIST and GET
// (writes pay nothing); bounded by bytes, emptied when full. Thread-safe.
//
// Fidelity: an optimization only; every item's bytes equal what encoding it again gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

// One stored object as a built-in list's item: compact JSON without apiVersion and kind, and
// where those two members go in the object alone (a GET's body), which sorts its keys.
struct EncodedItem {
  std::string json;
  // Offsets in `json` of the first member whose key sorts after "apiVersion" (and "kind"), or
  // of the closing brace when none does.
  size_t api_version_at = 0;
  size_t kind_at = 0;
};

class EncodedItemCache {
 public:
  // Keeps at most about `capacity_bytes` of encoded items.
  explicit EncodedItemCache(size_t capacity_bytes = size_t{64} << 20)
      : capacity_bytes_(capacity_bytes) {}
  EncodedItemCache(const EncodedItemCache&) = delete;
  EncodedItemCache& operator=(const EncodedItemCache&) = delete;

  using Bytes = std::shared_ptr<const EncodedItem>;

  // The bytes of each of `items`, in order: the cached ones, and `encode(item)` for the others,
  // which are cached. `encode` runs without the cache's lock held.
  std::vector<Bytes> GetOrEncode(std::span<const KeyValue> items,
                                 const std::function<EncodedItem(const KeyValue&)>& encode);

  // The bytes held now (for tests and memory figures).
  size_t size_bytes() const;

 private:
  struct Entry {
    int64_t mod_revision = 0;
    const void* object = nullptr;
    Bytes bytes;
  };

  const size_t capacity_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by storage key; guarded by mu_
  size_t size_bytes_ = 0;                           // guarded by mu_
};

}  // namespace kubefake::fakeserver
