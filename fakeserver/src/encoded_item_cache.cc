// EncodedItemCache: look up under the lock, encode the misses outside it, store them.
#include "encoded_item_cache.h"

namespace kubefake::fakeserver {

std::vector<EncodedItemCache::Bytes> EncodedItemCache::GetOrEncode(
    std::span<const KeyValue> items, const std::function<EncodedItem(const KeyValue&)>& encode) {
  std::vector<Bytes> out(items.size());
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < items.size(); ++i) {
      auto it = entries_.find(items[i].key);
      if (it != entries_.end() && it->second.mod_revision == items[i].mod_revision &&
          it->second.object == items[i].object.get()) {
        out[i] = it->second.bytes;
      }
    }
  }
  std::vector<size_t> encoded;
  for (size_t i = 0; i < items.size(); ++i) {
    if (out[i]) continue;
    out[i] = std::make_shared<const EncodedItem>(encode(items[i]));
    encoded.push_back(i);
  }
  if (encoded.empty()) return out;
  std::lock_guard lock(mu_);
  for (size_t i : encoded) {
    const size_t size = out[i]->json.size();
    if (size > capacity_bytes_) continue;
    Entry& entry = entries_[items[i].key];
    if (entry.bytes) size_bytes_ -= entry.bytes->json.size();
    if (size_bytes_ + size > capacity_bytes_) {
      entries_.clear();  // the entry just made goes too
      size_bytes_ = 0;
      entries_[items[i].key] = Entry{items[i].mod_revision, items[i].object.get(), out[i]};
    } else {
      entry = Entry{items[i].mod_revision, items[i].object.get(), out[i]};
    }
    size_bytes_ += size;
  }
  return out;
}

size_t EncodedItemCache::size_bytes() const {
  std::lock_guard lock(mu_);
  return size_bytes_;
}

}  // namespace kubefake::fakeserver
