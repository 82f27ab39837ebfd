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
// A watcher that is behind gets the frames already queued for it in one chunk of about this
// size at most: one write and one wake-up of the client instead of one per event.
constexpr size_t kWatchBatchBytes = 64 * 1024;

// One chunk, written with one call.
bool WriteChunk(httplib::DataSink& sink, std::string_view data) {
  std::string chunk;
  chunk.reserve(data.size() + 32);
  AppendChunk(chunk, data);
  return sink.write(chunk.data(), chunk.size());
}

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
          while (batch.size() < kWatchBatchBytes) {
            read = stream->NextWithin(std::chrono::milliseconds(0));
            if (read.state != StreamRead::State::kFrame) break;
            batch += std::move(read).Bytes();
          }
          if (!WriteChunk(sink, batch)) return false;
          *last_chunk = std::chrono::steady_clock::now();
          if (read.state != StreamRead::State::kEnded) return true;
        }
        if (!sink.write(kLastChunk.data(), kLastChunk.size())) return false;
        sink.done();
        return true;
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
        if (!sink.write(kLastChunk.data(), kLastChunk.size())) return false;
        sink.done();
        return true;
      },
      [release = std::move(on_release)](bool) { release(); });
}

}  // namespace kubefake::fakeserver
