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
  Result<std::optional<Decoded>> event = NextDecoded();
  if (!event) return Fail(event.error());
  if (!*event) return std::nullopt;
  Decoded& decoded = **event;
  return WatchEvent{std::move(decoded.type),
                    decoded.shared ? *decoded.shared : std::move(decoded.owned)};
}

Result<std::optional<SharedWatchEvent>> Watcher::NextShared() {
  Result<std::optional<Decoded>> event = NextDecoded();
  if (!event) return Fail(event.error());
  if (!*event) return std::nullopt;
  Decoded& decoded = **event;
  if (!decoded.shared) {
    decoded.shared = std::make_shared<const nlohmann::json>(std::move(decoded.owned));
  }
  return SharedWatchEvent{std::move(decoded.type), std::move(decoded.shared)};
}

Result<std::optional<Watcher::Decoded>> Watcher::NextDecoded() {
  Result<std::optional<StreamFrame>> frame = stream_->NextFrame();
  if (!frame) return Fail(frame.error());
  if (!*frame) return std::nullopt;
  Decoded event;
  if ((*frame)->object) {
    event.type = std::move((*frame)->event_type);
    event.shared = std::move((*frame)->object);
  } else {
    const std::string& bytes = (*frame)->bytes;
    auto json = protobuf_ ? api::DecodeProtobufWatchEvent(bytes) : api::DecodeJson(bytes);
    if (!json || !json->is_object() || !json->contains("type") || !(*json)["type"].is_string()) {
      stream_->Cancel();
      return Fail(api::Error(
          500, api::Reason::kInternalError,
          "unable to decode an event from the watch stream: " +
              (json ? std::string("not a watch event") : json.error().message())));
    }
    event.type = (*json)["type"].get<std::string>();
    event.owned = std::move((*json)["object"]);
  }
  if (event.type == "ERROR") {
    stream_->Cancel();
    const nlohmann::json& status = event.shared ? *event.shared : event.owned;
    if (auto error = api::Error::FromStatus(status)) return Fail(*error);
    return Fail(
        api::Error(500, api::Reason::kInternalError, "watch ERROR event: " + status.dump()));
  }
  return event;
}

}  // namespace kubefake::client
