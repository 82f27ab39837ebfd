// InProcessTransport: TransportRequest to fakeserver::Request and back; the engine's
// ResponseStream adapted to the client's.
#include "kubefake/testing/in_process_transport.h"

#include <algorithm>

#include "kubefake/api/protobuf_codec.h"

namespace kubefake::testkit {
namespace {

// The engine's frames as the client's: a JSON event without its newline (or as its tree, for a
// request that accepts trees), a protobuf WatchEvent without its 4-byte length prefix.
class EngineStream final : public client::ResponseStream {
 public:
  EngineStream(std::unique_ptr<fakeserver::ResponseStream> stream, bool length_prefixed)
      : stream_(std::move(stream)), length_prefixed_(length_prefixed) {}
  ~EngineStream() override { stream_->Cancel(); }

  Result<std::optional<std::string>> Next() override {
    return Bytes(stream_->Next());
  }
  Result<std::optional<client::StreamFrame>> NextFrame() override {
    fakeserver::StreamRead read = stream_->WaitNext();
    if (read.state == fakeserver::StreamRead::State::kEnded) return std::nullopt;
    if (read.object) {
      return client::StreamFrame{{}, std::move(read.event_type), std::move(read.object)};
    }
    return client::StreamFrame{*Bytes(std::move(read.frame)), {}, {}};
  }
  void Cancel() override { stream_->Cancel(); }

 private:
  // The client's frame for the engine's `frame` bytes.
  std::optional<std::string> Bytes(std::optional<std::string> frame) const {
    if (frame && length_prefixed_) {
      frame->erase(0, std::min<size_t>(frame->size(), 4));
    } else if (frame) {
      while (!frame->empty() && (frame->back() == '\n' || frame->back() == '\r')) frame->pop_back();
    }
    return frame;
  }

  std::unique_ptr<fakeserver::ResponseStream> stream_;
  bool length_prefixed_;
};

}  // namespace

Result<client::TransportResponse> InProcessTransport::Send(
    const client::TransportRequest& request) {
  fakeserver::Request in;
  in.method = request.method;
  in.path = request.path;
  in.query = request.query;
  for (const auto& [name, value] : request.headers.entries()) in.headers.Add(name, value);
  in.body = request.body;
  in.parsed_body = request.parsed_body;
  in.accepts_parsed_json = request.accepts_parsed_json;
  fakeserver::Response out = server_.Handle(in);
  client::TransportResponse response;
  response.status = out.status;
  for (const auto& [name, value] : out.headers.entries()) response.headers.Add(name, value);
  response.body = std::move(out.body);
  response.parsed_json = std::move(out.parsed_json);
  if (out.stream) {
    const bool protobuf =
        api::IsProtobufContentType(out.headers.Get("Content-Type").value_or(""));
    response.stream = std::make_unique<EngineStream>(std::move(out.stream), protobuf);
  }
  return response;
}

}  // namespace kubefake::testkit
