// ShutdownReadsOfConnectionsOnPort: walks /proc/self/fd (see accepted_connections.h).
#include "accepted_connections.h"

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
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

bool IsConnectionOnPort(int fd, int port) {
  sockaddr_storage local{};
  socklen_t length = sizeof(local);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return false;
  int local_port = -1;
  if (local.ss_family == AF_INET) {
    local_port = ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
  } else if (local.ss_family == AF_INET6) {
    local_port = ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
  }
  if (local_port != port) return false;
  int listening = 0;
  socklen_t size = sizeof(listening);
  if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening != 0) {
    return false;
  }
  sockaddr_storage peer{};
  length = sizeof(peer);
  return ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == 0;
}

}  // namespace

std::size_t ShutdownReadsOfConnectionsOnPort(int port) {
  std::size_t shut = 0;
  for (const int fd : OpenDescriptors()) {
    // A duplicate pins what `fd` refers to now: if another thread closed it and its number was
    // reused meanwhile, the checks and the shutdown below see the same, new, file.
    const int pinned = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (pinned < 0) continue;
    if (IsConnectionOnPort(pinned, port) && ::shutdown(pinned, SHUT_RD) == 0) ++shut;
    ::close(pinned);
  }
  return shut;
}

}  // namespace kubefake::fakeserver
