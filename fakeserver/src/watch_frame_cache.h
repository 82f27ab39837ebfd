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
  // Keeps frames of up to `max_bytes` in total, dropping the oldest first. Sized by bytes, not
  // entries, so that the initial events of a large collection (a protobuf WatchList of 10,000
  // Pods, ~2 KiB each) fit and are shared by the next watcher, while the memory stays capped.
  static constexpr size_t kDefaultMaxBytes = size_t{32} << 20;
  explicit WatchFrameCache(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
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
    bool cached = true;  // guarded by mu_; false once dropped
    size_t charged = 0;  // guarded by mu_; the frame's bytes counted in bytes_
  };

  // Counts `slot`'s new frame unless it was dropped meanwhile; drops the oldest frames while
  // the total is over the cap.
  void ChargeLocked(Slot& slot);

  const size_t max_bytes_;
  std::mutex mu_;
  std::unordered_map<Id, std::shared_ptr<Slot>, IdHash, IdEqual> slots_;  // guarded by mu_
  std::deque<Id> order_;                                        // guarded by mu_; oldest first
  size_t bytes_ = 0;  // guarded by mu_; the frames' bytes of the slots in slots_
};

}  // namespace kubefake::fakeserver
