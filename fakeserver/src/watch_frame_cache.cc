// WatchFrameCache: a bounded map of encoded watch frames (see watch_frame_cache.h).
#include "watch_frame_cache.h"

namespace kubefake::fakeserver {

size_t WatchFrameCache::IdHash::operator()(const Id& id) const {
  size_t hash = std::hash<int64_t>()(id.revision);
  for (size_t part : {std::hash<std::string>()(id.type), std::hash<std::string>()(id.format),
                      std::hash<const void*>()(id.owner)}) {
    hash ^= part + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  }
  return hash;
}

std::shared_ptr<const std::string> WatchFrameCache::GetOrEncode(
    const Key& key, const std::function<std::string()>& encode) {
  Id id{key.revision, std::string(key.type), std::string(key.format), key.owner.get()};
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = slots_.try_emplace(id);
    if (inserted) {
      it->second = std::make_shared<Slot>();
      it->second->owner = key.owner;
      order_.push_back(std::move(id));
    }
    slot = it->second;
  }
  std::call_once(slot->once, [&] {
    slot->frame = std::make_shared<const std::string>(encode());
    std::lock_guard lock(mu_);
    ChargeLocked(*slot);
  });
  return slot->frame;
}

void WatchFrameCache::ChargeLocked(Slot& slot) {
  if (slot.cached) {
    slot.charged = slot.frame->size();
    bytes_ += slot.charged;
  }
  while (bytes_ > max_bytes_ && !order_.empty()) {
    auto oldest = slots_.find(order_.front());
    order_.pop_front();
    oldest->second->cached = false;
    bytes_ -= oldest->second->charged;
    slots_.erase(oldest);
  }
}

}  // namespace kubefake::fakeserver
