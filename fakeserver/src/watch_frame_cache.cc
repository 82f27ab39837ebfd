// WatchFrameCache: a bounded map of encoded watch frames (see watch_frame_cache.h).
#include "watch_frame_cache.h"

namespace kubefake::fakeserver {

size_t WatchFrameCache::IdHash::operator()(const IdView& id) const {
  size_t hash = std::hash<int64_t>()(id.revision);
  for (size_t part : {std::hash<std::string_view>()(id.type),
                      std::hash<std::string_view>()(id.format),
                      std::hash<const void*>()(id.owner)}) {
    hash ^= part + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  }
  return hash;
}

bool WatchFrameCache::IdEqual::operator()(const IdView& a, const IdView& b) const {
  return a.revision == b.revision && a.owner == b.owner && a.type == b.type &&
         a.format == b.format;
}

std::shared_ptr<const std::string> WatchFrameCache::GetOrEncode(
    const Key& key, const std::function<std::string()>& encode) {
  const IdView view{key.revision, key.type, key.format, key.owner.get()};
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard lock(mu_);
    if (auto found = slots_.find(view); found != slots_.end()) {
      slot = found->second;
    } else {
      Id id{key.revision, std::string(key.type), std::string(key.format), key.owner.get()};
      slot = std::make_shared<Slot>();
      slot->owner = key.owner;
      slots_.emplace(id, slot);
      order_.push_back(std::move(id));
    }
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
