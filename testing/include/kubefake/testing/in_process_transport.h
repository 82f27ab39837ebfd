// InProcessTransport: a client::Transport that hands each request to a fake apiserver's
// engine (fakeserver::ApiServer::Handle) with no sockets, so the C++ client runs against the
// fake in-process exactly as over HTTP. Thread-safe.
#pragma once

#include "kubefake/client/transport.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::testkit {

class InProcessTransport final : public client::Transport {
 public:
  // `server` is not owned and must outlive the transport and every stream it opened.
  explicit InProcessTransport(fakeserver::ApiServer& server) : server_(server) {}

  // Never fails: every engine answer, errors included, is a response. A watch answers with a
  // stream of the engine's frames (one event each). A request that accepts_parsed_json gets a
  // stored object's JSON answer as the stored tree itself (fakeserver's parsed_json), and a JSON
  // watch's events as trees (StreamFrame; the stored tree itself where it is the event's object),
  // saving the engine's dump and the client's parse.
  Result<client::TransportResponse> Send(const client::TransportRequest& request) override;
  // A JSON body tree goes to the engine as fakeserver's Request::parsed_body, saving the
  // client's dump and the engine's parse; a create takes it into the object it stores.
  bool TakesParsedBody() const override { return true; }

 private:
  fakeserver::ApiServer& server_;
};

}  // namespace kubefake::testkit
