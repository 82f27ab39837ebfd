// ListBodyStream: the head, then whole items, then the tail (see list_body_stream.h).
#include "list_body_stream.h"

#include <utility>

#include "encoded_item.h"

namespace kubefake::fakeserver {

ListBodyStream::ListBodyStream(std::string head, std::vector<EncodedItemPtr> items,
                               std::string tail)
    : head_(std::move(head)), items_(std::move(items)), tail_(std::move(tail)) {
  size_ = head_.size() + tail_.size() + (items_.empty() ? 0 : items_.size() - 1);  // commas
  for (const EncodedItemPtr& item : items_) size_ += item->json.size();
}

bool ListBodyStream::AppendNext(std::string& out, std::size_t bytes) {
  if (ended_ || cancelled_) return false;
  const std::size_t start = out.size();
  if (!head_given_) {
    out += head_;
    head_given_ = true;
  }
  while (next_item_ < items_.size()) {
    const std::string& json = items_[next_item_]->json;
    const std::size_t adds = json.size() + (next_item_ > 0 ? 1 : 0);
    if (out.size() > start && out.size() - start + adds > bytes) break;
    if (next_item_ > 0) out += ',';
    out += json;
    items_[next_item_++].reset();  // written: its bytes may go once storage drops them too
  }
  if (next_item_ == items_.size()) {
    out += tail_;
    ended_ = true;
  }
  return true;
}

StreamRead ListBodyStream::NextWithin(std::chrono::milliseconds) {
  std::string piece;
  if (!AppendNext(piece, kPieceBytes)) return StreamRead::Ended();
  return StreamRead::Frame(std::move(piece));
}

void ListBodyStream::Cancel() { cancelled_ = true; }

}  // namespace kubefake::fakeserver
