// gzip response compression with zlib (see response_compression.h).
#include "response_compression.h"

#include <zlib.h>

#include <cstdlib>
#include <iostream>

namespace kubefake::fakeserver {
namespace {

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

bool ShouldGzip(std::string_view accept_encoding, std::size_t body_size) {
  if (body_size <= kGzipThresholdBytes) return false;
  while (true) {
    const size_t comma = accept_encoding.find(',');
    if (Trim(accept_encoding.substr(0, comma)) == "gzip") return true;
    if (comma == std::string_view::npos) return false;
    accept_encoding.remove_prefix(comma + 1);
  }
}

std::string Gzip(std::string_view data) {
  constexpr int kLevel = 1;            // defaultGzipContentEncodingLevel
  constexpr int kGzipWindowBits = 31;  // 15 (32 KiB window) + 16 (gzip header and trailer)
  constexpr int kMemLevel = 8;
  z_stream stream{};
  if (deflateInit2(&stream, kLevel, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    std::cerr << "kubefake: zlib deflateInit2 failed\n";  // only on out of memory
    std::abort();
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) {
    std::cerr << "kubefake: zlib deflate did not finish within deflateBound\n";
    std::abort();
  }
  return out;
}

}  // namespace kubefake::fakeserver
