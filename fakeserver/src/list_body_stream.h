// ListBodyStream: the JSON body of a built-in resource's list, written piece by piece from a
// snapshot of its items' stored bytes instead of being built whole first, as kube-apiserver
// 1.33 streams list responses (StreamingCollectionEncodingToJSON, beta and on by default): the
// HTTP front end sends a 20 MB LIST in bounded chunks from a small buffer. The pieces joined are
// byte for byte the body EncodeListJsonDirect builds. The snapshot is taken before the first
// piece (the items' shared, immutable bytes): no storage lock is held while a client reads, so a
// client that stops reading never blocks a writer. One thread reads; Cancel may be called from
// any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "kubefake/fakeserver/request.h"
#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

class ListBodyStream final : public ResponseStream {
 public:
  // What a piece holds at most (but for an item or a tail larger alone): small enough that a
  // piece's buffer stays in memory malloc reuses (below its mmap threshold), large enough for
  // few writes.
  static constexpr std::size_t kPieceBytes = 64 * 1024;

  // The body is `head`, the items' bytes joined by commas, then `tail`.
  ListBodyStream(std::string head, std::vector<EncodedItemPtr> items, std::string tail);

  // The size of the whole body in bytes.
  std::size_t size() const { return size_; }

  // Appends the next bytes of the body to `out`: the head first, then whole items while they fit
  // in `bytes` (at least one per call, however large), and the tail after the last item.
  // Returns false, appending nothing, once the body has been given or the stream was cancelled.
  bool AppendNext(std::string& out, std::size_t bytes);

  // The next piece (AppendNext of kPieceBytes), or kEnded; never waits.
  StreamRead NextWithin(std::chrono::milliseconds timeout) override;
  // Ends the stream: the rest of the body is not given.
  void Cancel() override;

 private:
  std::string head_;
  std::vector<EncodedItemPtr> items_;
  std::string tail_;
  std::size_t size_ = 0;
  std::size_t next_item_ = 0;
  bool head_given_ = false;
  bool ended_ = false;
  std::atomic<bool> cancelled_ = false;
};

}  // namespace kubefake::fakeserver
