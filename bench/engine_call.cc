// CallEngine builds the Request value.
#include "engine_call.h"

namespace kubefake::bench {

fakeserver::Response CallEngine(fakeserver::ApiServer& server, std::string method, std::string path,
                                std::string body) {
  fakeserver::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  return server.Handle(request);
}

}  // namespace kubefake::bench
