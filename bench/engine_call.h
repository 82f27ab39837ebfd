// CallEngine: one request to a fake apiserver engine in-process, as the benchmarks seed and
// read it outside the measured paths. Thread-safe (ApiServer::Handle is).
#pragma once

#include <string>

#include "kubefake/fakeserver/api_server.h"

namespace kubefake::bench {

fakeserver::Response CallEngine(fakeserver::ApiServer& server, std::string method, std::string path,
                                std::string body = "");

}  // namespace kubefake::bench
