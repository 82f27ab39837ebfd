// Writing engine responses into cpp-httplib responses (see http_response_writer.h).
#include "http_response_writer.h"

#include <strings.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <thread>
#include <utility>

#include "body_codec.h"
#include "response_compression.h"
#include "watch_write_loop.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kLastChunk = "0\r\n\r\n";

// Room before a chunk's data for its size line: the hex digits of a size under 4 GiB, CRLF.
constexpr size_t kChunkHeadroom = 10;

// Writes `chunk`, kChunkHeadroom bytes and then the data, as one HTTP/1.1 chunk (size in hex,
// CRLF, data, CRLF) with one call: the size line goes into the headroom, so the data is not
// copied again.
bool WriteFramedChunk(httplib::DataSink& sink, std::string& chunk) {
  const std::string size_line = ChunkSizeLine(chunk.size() - kChunkHeadroom);
  const size_t start = kChunkHeadroom - size_line.size();
  chunk.replace(start, size_line.size(), size_line);
  chunk.append("\r\n");
  return sink.write(chunk.data() + start, chunk.size() - start);
}

// Ends a chunked body: the terminating chunk, then done. False when the client is gone.
bool EndChunkedBody(httplib::DataSink& sink) {
  if (!sink.write(kLastChunk.data(), kLastChunk.size())) return false;
  sink.done();
  return true;
}

// One chunk, written with one call.
bool WriteChunk(httplib::DataSink& sink, std::string_view data) {
  std::string chunk;
  chunk.reserve(data.size() + 32);
  AppendChunk(chunk, data);
  return sink.write(chunk.data(), chunk.size());
}

// What a streamed body's chunks are made in, kept from one chunk to the next so that each reuses
// the memory of the one before.
struct StreamedBodyBuffers {
  std::string chunk;  // kChunkHeadroom bytes, then the chunk's data
  std::string piece;  // with gzip: the body's bytes before compression
};

}  // namespace

std::string ChunkSizeLine(std::size_t size) {
  char size_line[32];
  const int n = std::snprintf(size_line, sizeof(size_line), "%zx\r\n", size);
  return std::string(size_line, static_cast<size_t>(n));
}

void AppendChunk(std::string& out, std::string_view data) {
  out.append(ChunkSizeLine(data.size()));
  out.append(data);
  out.append("\r\n");
}

void WriteBody(httplib::Response& out, std::string body, std::string_view content_type,
               std::string_view accept_encoding, std::shared_ptr<const void> hold) {
  if (body.empty()) {
    // cpp-httplib sends Content-Length: 0 for an empty body; a zero-length provider would
    // be read until it says done.
    if (!content_type.empty()) out.set_header("Content-Type", std::string(content_type));
    return;
  }
  if (ShouldGzip(accept_encoding, body.size())) {
    body = Gzip(body);
    out.set_header("Content-Encoding", "gzip");
    out.headers.emplace("Vary", "Accept-Encoding");
  }
  auto shared = std::make_shared<const std::string>(std::move(body));
  out.set_content_provider(
      shared->size(), std::string(content_type),
      [shared, hold = std::move(hold)](size_t offset, size_t length, httplib::DataSink& sink) {
        return sink.write(shared->data() + offset, length);
      });
}

void WriteStreamedBody(httplib::Response& out, std::shared_ptr<ListBodyStream> body,
                       std::string_view content_type, std::string_view accept_encoding,
                       std::shared_ptr<const void> hold) {
  std::shared_ptr<GzipWriter> gzip;
  if (ShouldGzip(accept_encoding, body->size())) {
    gzip = std::make_shared<GzipWriter>();
    out.set_header("Content-Encoding", "gzip");
    out.headers.emplace("Vary", "Accept-Encoding");
  }
  out.set_header("Transfer-Encoding", "chunked");  // framed here, as for watches
  auto buffers = std::make_shared<StreamedBodyBuffers>();
  // A piece, its framing and the tail fit without growing (a larger item or tail grows it).
  buffers->chunk.reserve(kChunkHeadroom + ListBodyStream::kPieceBytes + 8 * 1024);
  if (gzip) buffers->piece.reserve(ListBodyStream::kPieceBytes + 8 * 1024);
  out.set_content_provider(
      std::string(content_type),
      [body = std::move(body), gzip = std::move(gzip), buffers = std::move(buffers),
       hold = std::move(hold)](size_t, httplib::DataSink& sink) {
        std::string& chunk = buffers->chunk;
        chunk.assign(kChunkHeadroom, ' ');
        bool more = false;
        if (gzip) {
          buffers->piece.clear();
          more = body->AppendNext(buffers->piece, ListBodyStream::kPieceBytes);
          if (more) {
            gzip->Write(buffers->piece, chunk);
          } else {
            gzip->Finish(chunk);
          }
        } else {
          more = body->AppendNext(chunk, ListBodyStream::kPieceBytes);
        }
        // An empty chunk would end the body: write none until there are bytes.
        if (chunk.size() > kChunkHeadroom && !WriteFramedChunk(sink, chunk)) return false;
        if (more) return true;
        return EndChunkedBody(sink);
      });
}

void WriteStatus(httplib::Response& out, const api::Error& error) {
  Response response = ErrorResponse(error);
  const std::string content_type = CopyStatusAndHeaders(out, response);
  WriteBody(out, std::move(response.body), content_type, {});
}

std::string CopyStatusAndHeaders(httplib::Response& out, const Response& response) {
  out.status = response.status;
  std::string content_type;
  for (const auto& [name, value] : response.headers.entries()) {
    if (strcasecmp(name.c_str(), "Content-Type") == 0) {
      content_type = value;
      continue;
    }
    out.headers.emplace(name, value);
  }
  return content_type;
}

void WriteWatch(httplib::Response& out, std::shared_ptr<ResponseStream> stream,
                std::string_view content_type, std::chrono::milliseconds liveness_interval,
                std::function<std::chrono::milliseconds()> flush_interval,
                std::function<void()> on_release) {
  // Chunk framing is ours: cpp-httplib's non-chunked provider writes bytes as given and leaves
  // Content-Encoding alone.
  out.set_header("Transfer-Encoding", "chunked");
  // When the last chunk was written, if this call follows it; unset once a poll found nothing.
  auto last_chunk = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
  out.set_content_provider(
      std::string(content_type),
      [stream, liveness_interval, flush_interval = std::move(flush_interval), last_chunk](
          size_t, httplib::DataSink& sink) {
        // Right after a chunk, with an interval: not waiting on the stream until it is over, then
        // polling it, so that changes meanwhile cost their writer no wake-up of this thread.
        const std::chrono::milliseconds interval = flush_interval();
        const bool coalesce = last_chunk->has_value() && interval.count() > 0;
        if (coalesce) std::this_thread::sleep_until(**last_chunk + interval);
        last_chunk->reset();
        StreamRead read =
            stream->NextWithin(coalesce ? std::chrono::milliseconds(0) : liveness_interval);
        if (read.state == StreamRead::State::kNothingYet) {
          return sink.is_writable();  // false: the client went away; end the response
        }
        if (read.state == StreamRead::State::kFrame) {
          std::string batch = std::move(read).Bytes();
          while (batch.size() < kWatchChunkBytes) {
            read = stream->NextWithin(std::chrono::milliseconds(0));
            if (read.state != StreamRead::State::kFrame) break;
            batch += std::move(read).Bytes();
          }
          if (!WriteChunk(sink, batch)) return false;
          *last_chunk = std::chrono::steady_clock::now();
          if (read.state != StreamRead::State::kEnded) return true;
        }
        return EndChunkedBody(sink);
      },
      [release = std::move(on_release)](bool) { release(); });
}

void WriteWatchFromLoop(httplib::Response& out, std::shared_ptr<ResponseStream> stream,
                        std::string_view content_type, WatchWriteLoop& loop, int socket,
                        std::function<void()> on_release) {
  out.set_header("Transfer-Encoding", "chunked");
  // The duplicate socket until the loop takes it; closed here if the body is never written.
  auto handed = std::shared_ptr<int>(new int(socket), [](int* fd) {
    if (*fd >= 0) ::close(*fd);
    delete fd;
  });
  out.set_content_provider(
      std::string(content_type),
      [stream, &loop, handed](size_t, httplib::DataSink& sink) {
        const int fd = std::exchange(*handed, -1);
        if (fd < 0 || !loop.Serve(fd, stream)) return false;
        return EndChunkedBody(sink);
      },
      [release = std::move(on_release)](bool) { release(); });
}

}  // namespace kubefake::fakeserver
