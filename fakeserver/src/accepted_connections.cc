// ShutdownReadsOfConnectionsOnPort and AcceptedConnections: walk /proc/self/fd (see
// accepted_connections.h).
#include "accepted_connections.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubefake::fakeserver {
namespace {

// The descriptors open in this process now (any may be closed or reused by the time it is used).
std::vector<int> OpenDescriptors() {
  std::vector<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9') {
      fds.push_back(std::atoi(entry->d_name));
    }
  }
  ::closedir(dir);
  return fds;
}

// The port of a socket address (-1 for a family other than IPv4 and IPv6).
int PortOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  }
  return -1;
}

// The numeric host of a socket address ("" for a family other than IPv4 and IPv6).
std::string HostOf(const sockaddr_storage& address) {
  char host[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, host,
                sizeof(host));
  } else if (address.ss_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, host,
                sizeof(host));
  }
  return host;
}

// "address port", as AcceptedConnections keys a peer.
std::string PeerKey(std::string_view host, int port) {
  return std::string(host) + " " + std::to_string(port);
}
std::string PeerKey(const sockaddr_storage& peer) { return PeerKey(HostOf(peer), PortOf(peer)); }

int LocalPort(int fd) {
  sockaddr_storage local{};
  socklen_t length = sizeof(local);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return -1;
  return PortOf(local);
}

// The peer of a connected socket; nullopt for one that is not connected (a listening socket).
std::optional<sockaddr_storage> PeerOf(int fd) {
  sockaddr_storage peer{};
  socklen_t length = sizeof(peer);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return std::nullopt;
  return peer;
}

// The peer of `fd` when it is a connection accepted on local `port`; nullopt otherwise.
std::optional<sockaddr_storage> PeerOfConnectionOnPort(int fd, int port) {
  if (LocalPort(fd) != port) return std::nullopt;
  int listening = 0;
  socklen_t size = sizeof(listening);
  if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening != 0) {
    return std::nullopt;
  }
  return PeerOf(fd);
}

}  // namespace

std::size_t ShutdownReadsOfConnectionsOnPort(int port) {
  std::size_t shut = 0;
  for (const int fd : OpenDescriptors()) {
    // A duplicate pins what `fd` refers to now: if another thread closed it and its number was
    // reused meanwhile, the checks and the shutdown below see the same, new, file.
    const int pinned = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (pinned < 0) continue;
    if (PeerOfConnectionOnPort(pinned, port) && ::shutdown(pinned, SHUT_RD) == 0) ++shut;
    ::close(pinned);
  }
  return shut;
}

int AcceptedConnections::Duplicate(std::string_view peer_address, int peer_port) {
  const std::string key = PeerKey(peer_address, peer_port);
  // A duplicate pins the socket; it is checked again in case the descriptor number was closed
  // and reused since it was seen.
  auto pin = [&](int fd) {
    const int pinned = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (pinned < 0) return -1;
    const std::optional<sockaddr_storage> peer = PeerOfConnectionOnPort(pinned, port_);
    if (peer && PeerKey(*peer) == key) return pinned;
    ::close(pinned);
    return -1;
  };
  std::lock_guard lock(mu_);
  if (auto seen = seen_.find(key); seen != seen_.end()) {
    if (const int pinned = pin(seen->second); pinned >= 0) return pinned;
  }
  seen_.clear();
  for (const int fd : OpenDescriptors()) {
    if (const std::optional<sockaddr_storage> peer = PeerOfConnectionOnPort(fd, port_)) {
      seen_[PeerKey(*peer)] = fd;
    }
  }
  const auto seen = seen_.find(key);
  return seen == seen_.end() ? -1 : pin(seen->second);
}

}  // namespace kubefake::fakeserver
