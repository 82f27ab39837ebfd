// Child processes for integration tests: run a command to completion with a deadline, or keep
// one running in the background and read its output line by line with a deadline. POSIX only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kubefake::integration {

struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;  // the deadline passed and the process was killed
};

// Runs `argv` (argv[0] is looked up on PATH when it has no '/'), feeding it `input` on stdin,
// and collects its output. Kills it when `timeout` passes.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A process running in the background with its stdout piped to us (stderr is inherited).
// Killed (SIGKILL) and reaped on destruction if still running.
class ChildProcess {
 public:
  // Starts `argv`; on failure running() is false.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0; }
  // The next line of stdout without its newline; nullopt at end of output or when `timeout`
  // passes first.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Sends `signal` and waits up to `timeout` for the exit; returns the exit code as
  // ProcessResult::exit_code has it, or nullopt if it did not exit in time.
  std::optional<int> Stop(int signal, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

}  // namespace kubefake::integration
