// ClientProcess: the client under test, started as a child process with extra environment
// variables, its stdin and stdout piped to the harness for the line protocol (stderr is
// inherited). POSIX only. Thread-hostile: one thread drives it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::testkit::conformance {

class ClientProcess {
 public:
  // Starts `argv` (argv[0] looked up on PATH when it has no '/') with the harness's environment
  // plus `env`. Errors: BadRequest naming the command when it cannot be started.
  static Result<std::unique_ptr<ClientProcess>> Start(
      const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);

  // Ends the process (SIGTERM, then SIGKILL after 2 s) and reaps it.
  ~ClientProcess();
  ClientProcess(const ClientProcess&) = delete;
  ClientProcess& operator=(const ClientProcess&) = delete;

  // The next stdout line without its newline; nullopt at the end of its output or when
  // `deadline` passes first.
  std::optional<std::string> ReadLine(std::chrono::steady_clock::time_point deadline);
  // Writes `line` and a newline to its stdin; false when it no longer reads.
  bool WriteLine(const std::string& line);

 private:
  ClientProcess() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

}  // namespace kubefake::testkit::conformance
