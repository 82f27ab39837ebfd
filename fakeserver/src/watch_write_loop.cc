// WatchWriteLoop: one epoll thread writing many watch responses (see watch_write_loop.h).
#include "watch_write_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <iterator>
#include <string>

#include "http_response_writer.h"
#include "watch_stream.h"

namespace kubefake::fakeserver {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A connection with more than this waiting unwritten is closed: its client does not keep up.
constexpr std::size_t kMaxPendingBytes = 8 * 1024 * 1024;
// A write that makes no progress for this long loses its connection (cpp-httplib's default
// write timeout, which bounds a connection thread's blocking write the same way).
constexpr milliseconds kWriteTimeout(5'000);
// How often the loop looks for such stalled writes.
constexpr milliseconds kStallCheckInterval(1'000);
// At most this many pieces of pending chunks go to one sendmsg.
constexpr std::size_t kPiecesPerSend = 64;

}  // namespace

// One watch being written. The loop's thread owns it once adopted; `queued` is shared with the
// stream's ready callback.
struct WatchWriteLoop::Connection {
  Connection(int socket, std::shared_ptr<ResponseStream> watch)
      : fd(socket), stream(std::move(watch)) {}

  const int fd;
  const std::shared_ptr<ResponseStream> stream;
  std::promise<bool> done;
  std::atomic<bool> queued = false;  // in ready_ already (or about to be)
  // The chunks not written yet, piece by piece: size lines, frames (shared with the other watches
  // that send the same bytes, not copied) and CRLFs. `offset` bytes of the first are written.
  std::deque<std::shared_ptr<const std::string>> pending;
  std::size_t offset = 0;
  std::size_t pending_bytes = 0;    // in `pending`, from `offset` on
  bool ended = false;               // the stream has ended
  bool writable = false;            // EPOLLOUT asked for
  Clock::time_point blocked_since;  // when a write last waited or made progress
};

WatchWriteLoop::WatchWriteLoop(std::function<milliseconds()> flush_interval)
    : flush_interval_(std::move(flush_interval)),
      epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    std::perror("WatchWriteLoop: epoll_create1 or eventfd");
    std::abort();
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  thread_ = std::thread([this] { Run(); });
}

WatchWriteLoop::~WatchWriteLoop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    wake_pending_ = false;
    WakeLocked();
  }
  thread_.join();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

bool WatchWriteLoop::Serve(int socket, std::shared_ptr<ResponseStream> stream) {
  auto connection = std::make_unique<Connection>(socket, std::move(stream));
  std::future<bool> done = connection->done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(socket);
      return false;
    }
    added_.push_back(connection.release());
    WakeLocked();
  }
  return done.get();
}

void WatchWriteLoop::WakeLocked() {
  if (wake_pending_) return;
  wake_pending_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof(one));
}

void WatchWriteLoop::MarkReady(Connection& connection) {
  if (connection.queued.exchange(true)) return;
  std::lock_guard lock(mu_);
  ready_.push_back(&connection);
  WakeLocked();
}

void WatchWriteLoop::Run() {
  std::vector<epoll_event> events(256);
  Clock::time_point next_pass = Clock::now();
  Clock::time_point next_stall_check = next_pass + kStallCheckInterval;
  for (;;) {
    const Clock::time_point now = Clock::now();
    const Clock::time_point wake_at =
        std::min(next_pass > now ? next_pass : Clock::time_point::max(), next_stall_check);
    const auto timeout =
        std::chrono::ceil<milliseconds>(std::max(wake_at - now, Clock::duration(0)));
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(timeout.count()));
    for (int i = 0; i < n; ++i) {
      auto* connection = static_cast<Connection*>(events[i].data.ptr);
      if (connection == nullptr) {
        std::uint64_t count = 0;
        [[maybe_unused]] const ssize_t read = ::read(wake_fd_, &count, sizeof(count));
        continue;
      }
      if (!connections_.contains(connection)) continue;  // finished earlier in this batch
      if (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        Finish(*connection, false);  // the client went away
      } else if (events[i].events & EPOLLOUT) {
        Flush(*connection);
      }
    }
    const Clock::time_point after = Clock::now();
    if (after >= next_stall_check) {
      EndStalled();
      next_stall_check = after + kStallCheckInterval;
    }
    if (after < next_pass) continue;  // what became ready waits for the pass; no wake-up meanwhile
    std::vector<Connection*> added;
    std::vector<Connection*> ready;
    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      added.swap(added_);
      ready.swap(ready_);
      wake_pending_ = false;
      stopping = stopping_;
    }
    Adopt(added);
    ready.insert(ready.end(), added.begin(), added.end());  // frames may be queued already
    for (Connection* connection : ready) {
      if (!connections_.contains(connection)) continue;
      connection->queued.store(false);
      Pull(*connection);
    }
    if (stopping) {
      while (!connections_.empty()) Finish(*connections_.begin()->first, false);
      return;
    }
    next_pass = after + flush_interval_();
  }
}

void WatchWriteLoop::Adopt(const std::vector<Connection*>& added) {
  for (Connection* connection : added) {
    connections_.emplace(connection, std::unique_ptr<Connection>(connection));
    epoll_event event{};
    event.events = EPOLLRDHUP;
    event.data.ptr = connection;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, connection->fd, &event) != 0) {
      std::perror("WatchWriteLoop: epoll_ctl");
      std::abort();
    }
    connection->queued.store(true);  // in this pass's list already
    SetReadyCallback(*connection->stream, [this, connection] { MarkReady(*connection); });
  }
}

void WatchWriteLoop::Pull(Connection& connection) {
  if (!connection.ended && !TakeReadyFrames(*connection.stream, frames_)) connection.ended = true;
  // Frames go out in chunks that close once they reach kWatchChunkBytes.
  static const auto kChunkEnd = std::make_shared<const std::string>("\r\n");
  std::size_t begin = 0;
  std::size_t size = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    size += frames_[i]->size();
    if (size >= kWatchChunkBytes || i + 1 == frames_.size()) {
      auto head = std::make_shared<const std::string>(ChunkSizeLine(size));
      connection.pending_bytes += head->size() + size + kChunkEnd->size();
      connection.pending.push_back(std::move(head));
      std::move(frames_.begin() + static_cast<std::ptrdiff_t>(begin),
                frames_.begin() + static_cast<std::ptrdiff_t>(i + 1),
                std::back_inserter(connection.pending));
      connection.pending.push_back(kChunkEnd);
      begin = i + 1;
      size = 0;
    }
  }
  frames_.clear();
  if (connection.pending_bytes > kMaxPendingBytes) {
    return Finish(connection, false);
  }
  Flush(connection);
}

void WatchWriteLoop::Flush(Connection& connection) {
  std::deque<std::shared_ptr<const std::string>>& pending = connection.pending;
  while (!pending.empty()) {
    std::array<iovec, kPiecesPerSend> pieces;
    std::size_t count = 0;
    for (; count < pieces.size() && count < pending.size(); ++count) {
      const std::string& piece = *pending[count];
      const std::size_t skip = count == 0 ? connection.offset : 0;
      pieces[count] = {const_cast<char*>(piece.data()) + skip, piece.size() - skip};
    }
    msghdr message{};
    message.msg_iov = pieces.data();
    message.msg_iovlen = count;
    const ssize_t n = ::sendmsg(connection.fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      // Drops the pieces written in full; the first one left may be written in part.
      auto sent = static_cast<std::size_t>(n);
      connection.pending_bytes -= sent;
      while (sent > 0) {
        const std::size_t left = pending.front()->size() - connection.offset;
        if (sent < left) {
          connection.offset += sent;
          break;
        }
        sent -= left;
        pending.pop_front();
        connection.offset = 0;
      }
      connection.blocked_since = Clock::now();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!connection.writable) connection.blocked_since = Clock::now();
      return WatchWritable(connection, true);
    }
    return Finish(connection, false);
  }
  WatchWritable(connection, false);
  if (connection.ended) Finish(connection, true);
}

void WatchWriteLoop::WatchWritable(Connection& connection, bool writable) {
  if (connection.writable == writable) return;
  connection.writable = writable;
  epoll_event event{};
  event.events = EPOLLRDHUP | (writable ? EPOLLOUT : 0u);
  event.data.ptr = &connection;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event);
}

void WatchWriteLoop::EndStalled() {
  const Clock::time_point now = Clock::now();
  std::vector<Connection*> stalled;
  for (const auto& [connection, owned] : connections_) {
    if (connection->writable && now - connection->blocked_since > kWriteTimeout) {
      stalled.push_back(connection);
    }
  }
  for (Connection* connection : stalled) Finish(*connection, false);
}

void WatchWriteLoop::Finish(Connection& connection, bool written) {
  // After this no ready callback runs, so ready_ cannot gain it again.
  SetReadyCallback(*connection.stream, nullptr);
  {
    std::lock_guard lock(mu_);
    std::erase(ready_, &connection);
  }
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, connection.fd, nullptr);
  ::close(connection.fd);
  auto owned = connections_.extract(&connection);
  std::promise<bool> done = std::move(owned.mapped()->done);
  owned.mapped().reset();
  done.set_value(written);
}

}  // namespace kubefake::fakeserver
