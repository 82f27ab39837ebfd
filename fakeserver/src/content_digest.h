// Digests the apiserver publishes: discovery's storageVersionHash and the ETags of discovery
// and OpenAPI documents. Pure functions over OpenSSL; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kubefake::fakeserver {

// Standard base64 of the first 8 bytes of SHA-256 over "<group>/<version>/<kind>" (the core
// group is empty: "/v1/Pod" gives "xPOwRZ+Yhw8="), as storageversionhash.go computes it (R9.1).
std::string StorageVersionHash(std::string_view group, std::string_view version,
                               std::string_view kind);

// Upper-case hex SHA-512 of `data`, the form of the apiserver's discovery and OpenAPI ETags
// (without quotes).
std::string ContentHash(std::string_view data);

}  // namespace kubefake::fakeserver
