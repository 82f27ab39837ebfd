// ClientProcess: posix_spawnp with dup'ed pipe ends and an extended environment; stdout read
// with poll against a deadline.
#include "client_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kubefake/api/error.h"
#include "kubefake/api/sigpipe.h"

extern char** environ;

namespace kubefake::testkit::conformance {
namespace {

using SteadyClock = std::chrono::steady_clock;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The harness's environment with `extra` set (replacing variables of the same name).
std::vector<std::string> Environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const std::string name(variable.substr(0, variable.find('=')));
    if (!extra.contains(name)) out.emplace_back(variable);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

// Waits up to `timeout` for `pid` to exit; true when it was reaped.
bool Reap(pid_t pid, std::chrono::milliseconds timeout) {
  const SteadyClock::time_point deadline = SteadyClock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) return true;
    if (SteadyClock::now() >= deadline) return false;
    // waitpid has no timeout; poll on nothing for a short slice.
    ::poll(nullptr, 0, 20);
  }
}

}  // namespace

Result<std::unique_ptr<ClientProcess>> ClientProcess::Start(
    const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  if (argv.empty()) return Fail(api::NewBadRequest("no client command given"));
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return Fail(api::NewInternalError(std::strerror(errno)));
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return Fail(api::NewInternalError(std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> environment = Environment(env);
  std::vector<char*> envp;
  for (std::string& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  std::unique_ptr<ClientProcess> process(new ClientProcess());
  const int error =
      ::posix_spawnp(&process->pid_, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  process->stdin_fd_ = in[1];
  process->stdout_fd_ = out[0];
  if (error != 0) {
    process->pid_ = -1;
    return Fail(api::NewBadRequest("cannot start " + argv[0] + ": " + std::strerror(error)));
  }
  // A client that exits would otherwise kill the harness with SIGPIPE on the next WriteLine.
  api::IgnoreSigpipe();
  return process;
}

ClientProcess::~ClientProcess() {
  CloseFd(stdin_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (!Reap(pid_, std::chrono::seconds(2))) {
      ::kill(pid_, SIGKILL);
      Reap(pid_, std::chrono::seconds(10));
    }
  }
  CloseFd(stdout_fd_);
}

std::optional<std::string> ClientProcess::ReadLine(SteadyClock::time_point deadline) {
  while (true) {
    if (const size_t newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (stdout_fd_ < 0) return std::nullopt;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd fd{stdout_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
    if (ready == 0) return std::nullopt;
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    char chunk[4096];
    const ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) {
      CloseFd(stdout_fd_);
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

bool ClientProcess::WriteLine(const std::string& line) {
  if (stdin_fd_ < 0) return false;
  const std::string data = line + "\n";
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(stdin_fd_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace kubefake::testkit::conformance
