// gzip response compression with zlib (see response_compression.h).
#include "response_compression.h"

#include <zlib.h>

#include <cstdlib>
#include <iostream>

#include "kubefake/api/ascii.h"

namespace kubefake::fakeserver {

bool ShouldGzip(std::string_view accept_encoding, std::size_t body_size) {
  if (body_size <= kGzipThresholdBytes) return false;
  while (true) {
    const size_t comma = accept_encoding.find(',');
    if (api::TrimAsciiSpace(accept_encoding.substr(0, comma)) == "gzip") return true;
    if (comma == std::string_view::npos) return false;
    accept_encoding.remove_prefix(comma + 1);
  }
}

std::string Gzip(std::string_view data) {
  std::string out;
  GzipWriter writer;
  writer.Write(data, out);
  writer.Finish(out);
  return out;
}

GzipWriter::GzipWriter() : stream_(std::make_unique<z_stream>()) {
  constexpr int kLevel = 1;            // defaultGzipContentEncodingLevel
  constexpr int kGzipWindowBits = 31;  // 15 (32 KiB window) + 16 (gzip header and trailer)
  constexpr int kMemLevel = 8;
  if (deflateInit2(stream_.get(), kLevel, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    std::cerr << "kubefake: zlib deflateInit2 failed\n";  // only on out of memory
    std::abort();
  }
}

GzipWriter::~GzipWriter() { deflateEnd(stream_.get()); }

void GzipWriter::Write(std::string_view data, std::string& out) {
  stream_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream_->avail_in = static_cast<uInt>(data.size());
  Deflate(Z_NO_FLUSH, out);
}

void GzipWriter::Finish(std::string& out) {
  stream_->avail_in = 0;
  Deflate(Z_FINISH, out);
}

void GzipWriter::Deflate(int flush, std::string& out) {
  while (true) {
    // Room for all the input at once (deflateBound), so a whole body takes one call.
    const size_t room = deflateBound(stream_.get(), stream_->avail_in);
    const size_t used = out.size();
    out.resize(used + room);
    stream_->next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream_->avail_out = static_cast<uInt>(room);
    const int status = deflate(stream_.get(), flush);
    out.resize(used + room - stream_->avail_out);
    if (status == Z_STREAM_END || (flush == Z_NO_FLUSH && stream_->avail_in == 0 &&
                                   stream_->avail_out > 0)) {
      return;
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      std::cerr << "kubefake: zlib deflate failed\n";  // only on a broken stream state
      std::abort();
    }
  }
}

}  // namespace kubefake::fakeserver
