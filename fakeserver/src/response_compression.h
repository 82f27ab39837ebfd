// Response compression as the apiserver applies it (responsewriters' deferredResponseWriter):
// gzip at level 1 when the client lists the `gzip` token in Accept-Encoding and the body is
// larger than 128 KiB; smaller bodies, other encodings (br, deflate) and watch streams are
// sent as they are. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubefake::fakeserver {

// The apiserver's defaultGzipThresholdBytes: bodies up to this size are never compressed.
inline constexpr std::size_t kGzipThresholdBytes = 128 * 1024;

// True when a body of `body_size` bytes answers a request with this Accept-Encoding value in
// gzip: one comma-separated token, trimmed, is exactly "gzip" (a "gzip;q=0.5" token is not,
// as in negotiateContentEncoding).
bool ShouldGzip(std::string_view accept_encoding, std::size_t body_size);

// `data` as a gzip member at compression level 1.
std::string Gzip(std::string_view data);

}  // namespace kubefake::fakeserver
