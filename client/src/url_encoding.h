// Percent-encoding of request paths and queries as Go's net/url writes them (EscapedPath and
// Values.Encode), so the wire form matches client-go's. Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kubefake::client {

// Escapes what a path may not carry literally; '/' separates segments and is kept.
std::string EscapePath(std::string_view path);

// "a=1&b=x+y": keys in order, spaces as '+', as url.Values.Encode.
std::string EncodeQuery(const std::multimap<std::string, std::string>& query);

}  // namespace kubefake::client
