// WatchWriteLoop: writes the chunks of many plaintext watch responses from one thread with
// epoll, so that a change wakes that one thread, not one thread per watch (the HTTP front end's
// answer to a thousand watches on two cores; Go's net/http gets the same from goroutines). A
// watch's connection thread hands over a duplicate of its socket and its stream, parks until
// the loop is done with them, then ends the body itself. Linux only (epoll, eventfd).
// Thread-safe.
//
// Fidelity:
//   Emulated:  as a connection thread writes a watch (http_response_writer.h WriteWatch): each
//              batch of frames queued together goes out in one chunk of ~64 KiB at most (R7.2);
//              a client that closes its connection, or errors, ends the watch at once; a client
//              that reads nothing for 5 s while a write waits (cpp-httplib's write timeout), or
//              lets more than 8 MiB wait unwritten, loses its connection, and its storage
//              watcher is closed as too slow when its queue fills meanwhile (R7.10).
//   Differs:   with a flush interval, frames wait for the loop's next pass (at most the
//              interval), for every watch alike.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

class WatchWriteLoop {
 public:
  // Starts the loop's thread. `flush_interval` is asked after each pass: the least time until
  // the next one (0: none), so frames that queue meanwhile share a chunk.
  explicit WatchWriteLoop(std::function<std::chrono::milliseconds()> flush_interval);
  // Ends every watch still served as lost (Serve returns false) and joins the thread.
  ~WatchWriteLoop();
  WatchWriteLoop(const WatchWriteLoop&) = delete;
  WatchWriteLoop& operator=(const WatchWriteLoop&) = delete;

  // Writes `stream`'s frames as HTTP/1.1 chunks on `socket` (owned: closed before returning)
  // until the stream ends, blocking the calling thread meanwhile. The response head must have
  // been written in full. Returns true when the stream ended and every chunk was written (the
  // caller writes the last chunk), false when the connection is lost (see Fidelity) or the loop
  // is being destroyed. Precondition: SetReadyCallback (watch_stream.h) accepts `stream`.
  bool Serve(int socket, std::shared_ptr<ResponseStream> stream);

 private:
  struct Connection;

  void Run();
  // Registers the connections Serve handed over since the last pass.
  void Adopt(const std::vector<Connection*>& added);
  // Queues `connection` for the next pass; called by its stream's ready callback.
  void MarkReady(Connection& connection);
  // Writes a wake-up to the eventfd unless one is pending. Requires mu_.
  void WakeLocked();
  // Appends what the stream has ready to the connection's pending chunks and writes them.
  void Pull(Connection& connection);
  // Writes what is pending without blocking; waits for EPOLLOUT when the socket is full.
  void Flush(Connection& connection);
  // Ends the loop's part: `connection` is deleted and its Serve returns `written`.
  void Finish(Connection& connection, bool written);
  // Asks epoll for EPOLLOUT on `connection` too, or no longer.
  void WatchWritable(Connection& connection, bool writable);
  // Finishes, as lost, connections whose writes have waited longer than the write timeout.
  void EndStalled();

  const std::function<std::chrono::milliseconds()> flush_interval_;
  const int epoll_fd_;
  const int wake_fd_;  // an eventfd, in the epoll set with a null data.ptr

  std::mutex mu_;
  std::vector<Connection*> added_;  // guarded by mu_; handed over by Serve, owned by it
  std::vector<Connection*> ready_;  // guarded by mu_; their streams signalled since the last pass
  bool wake_pending_ = false;       // guarded by mu_; the eventfd was written since the last pass
  bool stopping_ = false;           // guarded by mu_

  // Only the loop's thread touches these.
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<std::shared_ptr<const std::string>> frames_;  // Pull's, reused

  std::thread thread_;
};

}  // namespace kubefake::fakeserver
