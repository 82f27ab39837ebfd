// Watcher: decodes watch event frames ({"type": ..., "object": ...}, or protobuf WatchEvents)
// from a ResponseStream.
#include "kubefake/client/watch.h"

#include "kubefake/api/json_codec.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/client/transport.h"

namespace kubefake::client {

Watcher::Watcher(std::unique_ptr<ResponseStream> stream, bool protobuf)
    : stream_(std::move(stream)), protobuf_(protobuf) {}

Watcher::~Watcher() { Stop(); }

void Watcher::Stop() { stream_->Cancel(); }

Result<std::optional<WatchEvent>> Watcher::Next() {
  auto frame = stream_->Next();
  if (!frame) return Fail(frame.error());
  if (!*frame) return std::nullopt;
  auto json = protobuf_ ? api::DecodeProtobufWatchEvent(**frame) : api::DecodeJson(**frame);
  if (!json || !json->is_object() || !json->contains("type") || !(*json)["type"].is_string()) {
    stream_->Cancel();
    return Fail(api::Error(500, api::Reason::kInternalError,
                           "unable to decode an event from the watch stream: " +
                               (json ? std::string("not a watch event") : json.error().message())));
  }
  WatchEvent event{(*json)["type"].get<std::string>(), std::move((*json)["object"])};
  if (event.type == "ERROR") {
    stream_->Cancel();
    if (auto error = api::Error::FromStatus(event.object)) return Fail(*error);
    return Fail(
        api::Error(500, api::Reason::kInternalError, "watch ERROR event: " + event.object.dump()));
  }
  return event;
}

}  // namespace kubefake::client
