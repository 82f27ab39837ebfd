// WatchFrameCache: a bounded map of encoded watch frames (see watch_frame_cache.h).
#include "watch_frame_cache.h"

namespace kubefake::fakeserver {

size_t WatchFrameCache::IdHash::operator()(const IdView& id) const {
  return std::hash<int64_t>()(id.revision);
}

bool WatchFrameCache::IdEqual::operator()(const IdView& a, const IdView& b) const {
  return a.revision == b.revision && a.owner == b.owner && a.type == b.type &&
         a.format == b.format;
}

std::shared_ptr<const std::string> WatchFrameCache::Find(const Key& key) {
  const IdView view{key.revision, key.type, key.format, key.owner.get()};
  std::lock_guard lock(mu_);
  auto found = slots_.find(view);
  return found == slots_.end() ? nullptr : found->second->frame;
}

std::shared_ptr<const std::string> WatchFrameCache::Insert(
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
    auto frame = std::make_shared<const std::string>(encode());
    std::lock_guard lock(mu_);
    slot->frame = std::move(frame);
    ChargeLocked(*slot);
  });
  std::lock_guard lock(mu_);
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
