// ErrorFromResponse: the error client-go's rest.Request makes of a non-2xx answer: the
// server's Status when the body is one, otherwise apimachinery's NewGenericServerResponse for
// the HTTP code. Pure; thread-safe.
#pragma once

#include <string_view>

#include "kubefake/api/error.h"
#include "kubefake/api/group_version.h"

namespace kubefake::client {

// `verb` is the HTTP method; `resource` and `name` qualify the message when known;
// `text_body` says whether the Content-Type was text/* (its first 2048 bytes are quoted).
api::Error ErrorFromResponse(int status, std::string_view body, bool text_body,
                             std::string_view verb, const api::GroupResource& resource,
                             std::string_view name, int retry_after_seconds);

}  // namespace kubefake::client
