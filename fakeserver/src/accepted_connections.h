// Ending the connections a listening port accepted, which cpp-httplib 0.11 does not track: what
// HttpServer::Stop uses to close idle keep-alive connections as net/http's Shutdown does
// (cpp-httplib would hold each until its idle timeout). Linux only (/proc/self/fd).
#pragma once

#include <cstddef>

namespace kubefake::fakeserver {

// Shuts down the receiving side of every connected TCP socket of this process whose local port
// is `port` (listening sockets aside). A connection waiting for its client's next request then
// reads end-of-file and its thread closes it at once; one answering a request still writes its
// response. Returns how many sockets it shut down. Thread-safe.
std::size_t ShutdownReadsOfConnectionsOnPort(int port);

}  // namespace kubefake::fakeserver
