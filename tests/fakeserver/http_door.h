// The HTTP door of the engine tests: an HttpServer on the test's ApiServer (port 0), reached
// with real HTTP. Ordinary requests go over keep-alive connections carrying exactly the
// Request's headers; a watch gets its own connection whose chunked body a thread reads line
// by line into a ResponseStream.
#pragma once

#include "engine_test.h"

namespace kubefake::fakeserver {

// The request target ("/api/v1/...?a=b") that the front end decodes back into exactly
// `request.path` and `request.query`.
std::string EncodeTarget(const Request& request);

}  // namespace kubefake::fakeserver
