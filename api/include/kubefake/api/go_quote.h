// GoQuote renders a string as Go's %q does: double-quoted with Go escapes. Kubernetes error
// messages quote names and values this way, and clients compare those messages verbatim.
// Thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>

namespace kubefake::api {

// Returns `s` quoted as strconv.Quote does: `"`, `\`, control characters and invalid UTF-8
// bytes are escaped; printable UTF-8 is kept as is.
std::string GoQuote(std::string_view s);

}  // namespace kubefake::api
