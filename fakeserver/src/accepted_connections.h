// The connections a listening port accepted, which cpp-httplib 0.11 does not track: ending them
// is what HttpServer::Stop uses to close idle keep-alive connections as net/http's Shutdown does
// (cpp-httplib would hold each until its idle timeout); finding one is how a watch's socket is
// handed to the watch write loop (cpp-httplib tells a handler the addresses, not the
// descriptor). Linux only (/proc/self/fd).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kubefake::fakeserver {

// Shuts down the receiving side of every connected TCP socket of this process whose local port
// is `port` (listening sockets aside). A connection waiting for its client's next request then
// reads end-of-file and its thread closes it at once; one answering a request still writes its
// response. Returns how many sockets it shut down. Thread-safe.
std::size_t ShutdownReadsOfConnectionsOnPort(int port);

// Finds the descriptors of the connections a listening port accepted. It remembers where each
// connection was seen when it last walked /proc/self/fd, so that a thousand watches opened at
// once cost a few walks, not one each. Thread-safe.
class AcceptedConnections {
 public:
  explicit AcceptedConnections(int port) : port_(port) {}

  // A duplicate (close-on-exec) of the descriptor of the connection whose peer is
  // `peer_address` (numeric, as getnameinfo writes it) port `peer_port`; the caller owns it.
  // -1 when there is none.
  int Duplicate(std::string_view peer_address, int peer_port);

 private:
  const int port_;
  std::mutex mu_;
  // "address port" of a peer -> its connection's descriptor when last walked; guarded by mu_.
  std::unordered_map<std::string, int> seen_;
};

}  // namespace kubefake::fakeserver
