#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "kubefake/api/sigpipe.h"

extern char** environ;

namespace kubefake::integration {
namespace {

using Clock = std::chrono::steady_clock;

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int MillisecondsLeft(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Starts `argv` with the given child ends of pipes as stdin/stdout/stderr (-1 = inherit).
pid_t Spawn(const std::vector<std::string>& argv, int in, int out, int err,
            const std::vector<int>& close_in_child) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in >= 0) posix_spawn_file_actions_adddup2(&actions, in, 0);
  if (out >= 0) posix_spawn_file_actions_adddup2(&actions, out, 1);
  if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, 2);
  for (int fd : close_in_child) posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) == 0) {
      read = fds[0];
      write = fds[1];
    }
  }
};

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input,
                         std::chrono::milliseconds timeout) {
  ProcessResult result;
  Pipe in, out, err;
  const pid_t pid = Spawn(argv, in.read, out.write, err.write, {});
  CloseFd(in.read);
  CloseFd(out.write);
  CloseFd(err.write);
  if (pid < 0) {
    result.err = "cannot start " + argv[0];
    CloseFd(in.write);
    CloseFd(out.read);
    CloseFd(err.read);
    return result;
  }
  api::IgnoreSigpipe();
  size_t written = 0;
  if (input.empty()) CloseFd(in.write);
  const Clock::time_point deadline = Clock::now() + timeout;
  while (out.read >= 0 || err.read >= 0) {
    std::vector<pollfd> fds;
    if (in.write >= 0) fds.push_back({in.write, POLLOUT, 0});
    if (out.read >= 0) fds.push_back({out.read, POLLIN, 0});
    if (err.read >= 0) fds.push_back({err.read, POLLIN, 0});
    const int ready = ::poll(fds.data(), fds.size(), MillisecondsLeft(deadline));
    if (ready == 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (ready < 0 && errno != EINTR) break;
    for (const pollfd& fd : fds) {
      if (fd.revents == 0) continue;
      if (fd.fd == in.write) {
        const ssize_t n = ::write(in.write, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if (n < 0 || written == input.size()) CloseFd(in.write);
        continue;
      }
      char chunk[65536];
      const ssize_t n = ::read(fd.fd, chunk, sizeof(chunk));
      std::string& sink = fd.fd == out.read ? result.out : result.err;
      if (n > 0) {
        sink.append(chunk, static_cast<size_t>(n));
      } else if (fd.fd == out.read) {
        CloseFd(out.read);
      } else {
        CloseFd(err.read);
      }
    }
  }
  CloseFd(in.write);
  CloseFd(out.read);
  CloseFd(err.read);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCode(status);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  Pipe out;
  pid_ = Spawn(argv, -1, out.write, -1, {});
  CloseFd(out.write);
  stdout_fd_ = out.read;
  if (pid_ < 0) CloseFd(stdout_fd_);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  CloseFd(stdout_fd_);
}

std::optional<std::string> ChildProcess::ReadLine(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    if (const size_t newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    if (stdout_fd_ < 0) return std::nullopt;
    pollfd fd{stdout_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, MillisecondsLeft(deadline));
    if (ready == 0) return std::nullopt;
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    char chunk[4096];
    const ssize_t n = ::read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) {
      CloseFd(stdout_fd_);
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::optional<int> ChildProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  ::kill(pid_, signal);
  const Clock::time_point deadline = Clock::now() + timeout;
  // Drain stdout until it closes (the process exited) or the deadline passes.
  while (ReadLine(std::chrono::milliseconds(MillisecondsLeft(deadline)))) {
  }
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, stdout_fd_ < 0 ? 0 : WNOHANG);
  if (done != pid_) return std::nullopt;
  pid_ = -1;
  return ExitCode(status);
}

}  // namespace kubefake::integration
