// Authorize: sets a request's Authorization header from a Config, the part client-go's
// transport wrappers (bearer token, token file, exec plugin) play. Thread-safe.
#pragma once

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"
#include "kubefake/client/transport.h"

namespace kubefake::client {

// The token file wins when readable, then the token, then the exec plugin's token.
// Errors: the exec plugin's; InternalError when the plugin returned a client certificate
// (kubefake's client takes tokens from plugins, not certificates).
Result<void> Authorize(const Config& config, HeaderList& headers);

// After a 401: drops the exec plugin's cached credential so the next request runs it again.
void OnUnauthorized(const Config& config);

}  // namespace kubefake::client
