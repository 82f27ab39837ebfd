// How the HTTP front end writes an engine Response into a cpp-httplib response: bodies through
// a fixed-length content provider, so cpp-httplib's own compression (any size, also brotli)
// never applies and the apiserver's rule does (response_compression.h); watch streams as
// chunked frames that this file frames itself, because cpp-httplib 0.11 would gzip a chunked
// provider without flushing per event; plaintext watches are written by the WatchWriteLoop
// instead of their connection's thread; a large list's body (ListBodyStream) as chunks made
// while it is written. Thread-compatible (one response per call).
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "kubefake/api/error.h"
#include "kubefake/fakeserver/request.h"
#include "list_body_stream.h"

namespace kubefake::fakeserver {

class WatchWriteLoop;

// A watcher that is behind gets the frames already queued for it in chunks of about this size
// at most: one write and one wake-up of the client instead of one per event.
inline constexpr std::size_t kWatchChunkBytes = 64 * 1024;

// Appends `data` to `out` as one HTTP/1.1 chunk (size in hex, CRLF, data, CRLF).
void AppendChunk(std::string& out, std::string_view data);
// The line that opens an HTTP/1.1 chunk of `size` data bytes (size in hex, CRLF); the data and a
// CRLF follow it.
std::string ChunkSizeLine(std::size_t size);

// Sets `body` with `content_type` ("" for none), gzipped when `accept_encoding` and its size
// call for it (ShouldGzip). `hold` is kept until cpp-httplib has written the body.
void WriteBody(httplib::Response& out, std::string body, std::string_view content_type,
               std::string_view accept_encoding, std::shared_ptr<const void> hold = nullptr);

// Sets `body` as a chunked body with `content_type`, each chunk made as the client reads the one
// before (about 64 KiB, compressed as it goes when `accept_encoding` and the body's size call for
// gzip, ShouldGzip): the whole body is never held in memory. `hold` is kept, and the body with
// it, until cpp-httplib releases the response (body written or connection lost).
void WriteStreamedBody(httplib::Response& out, std::shared_ptr<ListBodyStream> body,
                       std::string_view content_type, std::string_view accept_encoding,
                       std::shared_ptr<const void> hold);

// Sets `error`'s Status as a JSON body with its status code (and Retry-After).
void WriteStatus(httplib::Response& out, const api::Error& error);

// Copies `response`'s status and headers except Content-Type, which it returns ("" if none).
std::string CopyStatusAndHeaders(httplib::Response& out, const Response& response);

// Sets `stream` as a chunked body with `content_type`: a frame is written as soon as the stream
// yields it, in one chunk with the frames already queued behind it (up to kWatchChunkBytes;
// R7.2: the server flushes after each batch of events). The stream is read in waits of
// `liveness_interval`; between waits the connection is checked, and a client that went away
// ends the response. When the stream ends, the terminating chunk ends the body cleanly.
// `on_release` runs once when cpp-httplib releases the response (stream written, connection
// lost, or body never written, as for HEAD). `flush_interval`, asked before each write, is the
// least time between two chunks (0: none): the frames that queue meanwhile go in the next
// chunk, so a burst of changes wakes the connection's thread and its client once, not once per
// change.
void WriteWatch(httplib::Response& out, std::shared_ptr<ResponseStream> stream,
                std::string_view content_type, std::chrono::milliseconds liveness_interval,
                std::function<std::chrono::milliseconds()> flush_interval,
                std::function<void()> on_release);

// As WriteWatch, but the chunks are written by `loop` on `socket` (a duplicate of the
// connection's descriptor, owned: handed to the loop, or closed if the body is never written):
// the connection's thread parks while the loop writes, then writes the terminating chunk once
// the stream ended, or drops the connection when the loop lost it. `loop` must outlive the
// response, and `stream` must be one SetReadyCallback accepts.
void WriteWatchFromLoop(httplib::Response& out, std::shared_ptr<ResponseStream> stream,
                        std::string_view content_type, WatchWriteLoop& loop, int socket,
                        std::function<void()> on_release);

}  // namespace kubefake::fakeserver
