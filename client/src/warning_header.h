// ParseWarningHeader: one `Warning` header value (RFC 7234: `299 - "text"`, possibly several
// comma-separated), as client-go's rest.ParseWarningHeaders reads them. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubefake::client {

struct WarningHeader {
  int code = 0;
  std::string agent;
  std::string text;
};

// Malformed values are skipped.
std::vector<WarningHeader> ParseWarningHeader(std::string_view value);

}  // namespace kubefake::client
