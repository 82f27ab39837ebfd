// Watcher: the events of an open watch, client-go's watch.Interface over a StreamWatcher.
// Thread-safe: Stop may be called from any thread while another blocks in Next.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubefake/api/result.h"

namespace kubefake::client {

class ResponseStream;

// watch.Event: type is "ADDED", "MODIFIED", "DELETED" or "BOOKMARK"; object the decoded object.
struct WatchEvent {
  std::string type;
  nlohmann::json object;
};

// A WatchEvent whose object is shared and immutable (what a cache keeps), so a transport's
// tree reaches it without a copy.
struct SharedWatchEvent {
  std::string type;
  std::shared_ptr<const nlohmann::json> object;
};

class Watcher {
 public:
  // `protobuf`: the stream's frames are protobuf WatchEvents (Content-Type
  // application/vnd.kubernetes.protobuf;stream=watch), else JSON events.
  explicit Watcher(std::unique_ptr<ResponseStream> stream, bool protobuf = false);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Blocks for the next event. nullopt: the watch ended cleanly (the server closed it, for
  // example at timeoutSeconds, or Stop was called).
  // Errors: an ERROR event's Status (Expired when the resourceVersion is too old); a frame
  // that is not a watch event (InternalError); the connection failing. The watch ends after
  // an error.
  Result<std::optional<WatchEvent>> Next();
  // As Next, with the object shared: the transport's tree itself when it handed one over.
  Result<std::optional<SharedWatchEvent>> NextShared();

  // Ends the watch and closes its connection; a blocked Next returns nullopt. Idempotent.
  void Stop();

 private:
  // One decoded event: its object is `shared` when the transport handed a tree over, else
  // `owned`.
  struct Decoded {
    std::string type;
    nlohmann::json owned;
    std::shared_ptr<const nlohmann::json> shared;
  };
  Result<std::optional<Decoded>> NextDecoded();

  std::unique_ptr<ResponseStream> stream_;
  bool protobuf_;
};

}  // namespace kubefake::client
