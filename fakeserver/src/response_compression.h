// Response compression as the apiserver applies it (responsewriters' deferredResponseWriter):
// gzip at level 1 when the client lists the `gzip` token in Accept-Encoding and the body is
// larger than 128 KiB; smaller bodies, other encodings (br, deflate) and watch streams are
// sent as they are. A streamed body (a large list) is compressed piece by piece by GzipWriter.
// Functions thread-safe; GzipWriter thread-compatible.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct z_stream_s;  // <zlib.h>

namespace kubefake::fakeserver {

// The apiserver's defaultGzipThresholdBytes: bodies up to this size are never compressed.
inline constexpr std::size_t kGzipThresholdBytes = 128 * 1024;

// True when a body of `body_size` bytes answers a request with this Accept-Encoding value in
// gzip: one comma-separated token, trimmed, is exactly "gzip" (a "gzip;q=0.5" token is not,
// as in negotiateContentEncoding).
bool ShouldGzip(std::string_view accept_encoding, std::size_t body_size);

// `data` as a gzip member at compression level 1.
std::string Gzip(std::string_view data);

// One gzip member at compression level 1, written as its data arrives: the pieces given to
// Write, then Finish, give the bytes Gzip gives for those pieces joined.
class GzipWriter {
 public:
  GzipWriter();
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  // Compresses `data`, appending to `out` the compressed bytes ready so far (maybe none).
  void Write(std::string_view data, std::string& out);
  // Appends the rest of the member and its trailer. Call once, last.
  void Finish(std::string& out);

 private:
  // Runs deflate with `flush` until it has taken all input (and, for Z_FINISH, ended).
  void Deflate(int flush, std::string& out);

  std::unique_ptr<::z_stream_s> stream_;
};

}  // namespace kubefake::fakeserver
