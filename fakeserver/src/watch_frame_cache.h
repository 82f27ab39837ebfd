// WatchFrameCache: the encoded watch events of recent changes, shared between the watchers
// whose frames are byte for byte the same (same change, event type, output format and
// version), so that a change seen by N such watchers is encoded once, not N times. The
// apiserver's cacher does the same with its cachingObject (one serialization per encoder).
// Thread-safe.
//
// Fidelity: an optimization only; a frame that falls out of the cache is encoded again, with
// the same bytes, by the watcher that needs it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace kubefake::fakeserver {

class WatchFrameCache {
 public:
  // Keeps the frames of about `capacity` (change, format) pairs, dropping the oldest first.
  explicit WatchFrameCache(size_t capacity = 8192) : capacity_(capacity > 0 ? capacity : 1) {}
  WatchFrameCache(const WatchFrameCache&) = delete;
  WatchFrameCache& operator=(const WatchFrameCache&) = delete;

  // Identifies one frame: the change's revision (unique per write), the event type the watcher
  // sends for it ("ADDED"...) and `format`, which names everything else the bytes depend on
  // (media type, group/version/kind, response transform). `owner`, when set, is part of the
  // identity too (a custom resource's serving data) and is kept alive with the entry.
  struct Key {
    int64_t revision = 0;
    std::string_view type;
    std::string_view format;
    std::shared_ptr<const void> owner;
  };

  // The frame for `key`: the cached one, or `encode()`'s (a std::string), which is cached.
  // Concurrent callers with the same key wait for the one that encodes; `encode` must not call
  // the cache. A hit takes one lock and allocates nothing.
  template <typename Encode>
  std::shared_ptr<const std::string> GetOrEncode(const Key& key, Encode&& encode) {
    if (std::shared_ptr<const std::string> frame = Find(key)) return frame;
    return Insert(key, std::function<std::string()>(std::forward<Encode>(encode)));
  }

 private:
  // The frame for `key` if one has been encoded, else nullptr.
  std::shared_ptr<const std::string> Find(const Key& key);
  // GetOrEncode's miss: adds the slot unless another caller has, and encodes its frame once.
  std::shared_ptr<const std::string> Insert(const Key& key,
                                            const std::function<std::string()>& encode);

  struct Id {
    int64_t revision;
    std::string type;
    std::string format;
    const void* owner;
    bool operator==(const Id&) const = default;
  };
  // An Id's parts without owning them: what a lookup hashes and compares, so that a hit
  // allocates nothing.
  struct IdView {
    int64_t revision;
    std::string_view type;
    std::string_view format;
    const void* owner;
  };
  // Hashes and compares Ids and IdViews alike (heterogeneous lookup). The hash is the revision's
  // alone: a change has a frame for a few formats at most, and hashing the format string cost
  // more than comparing it.
  struct IdHash {
    using is_transparent = void;
    size_t operator()(const IdView& id) const;
    size_t operator()(const Id& id) const { return (*this)(View(id)); }
  };
  struct IdEqual {
    using is_transparent = void;
    bool operator()(const IdView& a, const IdView& b) const;
    bool operator()(const Id& a, const IdView& b) const { return (*this)(View(a), b); }
    bool operator()(const IdView& a, const Id& b) const { return (*this)(a, View(b)); }
    bool operator()(const Id& a, const Id& b) const { return a == b; }
  };
  static IdView View(const Id& id) { return {id.revision, id.type, id.format, id.owner}; }
  // One frame, encoded once by whoever asks first.
  struct Slot {
    std::once_flag once;
    std::shared_ptr<const std::string> frame;  // guarded by mu_; set once encoded
    std::shared_ptr<const void> owner;
  };

  const size_t capacity_;
  std::mutex mu_;
  std::unordered_map<Id, std::shared_ptr<Slot>, IdHash, IdEqual> slots_;  // guarded by mu_
  std::deque<Id> order_;                                        // guarded by mu_; oldest first
};

}  // namespace kubefake::fakeserver
