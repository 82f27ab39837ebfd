// RunProcess: runs a program to completion and captures its output; the exec credential plugin
// runner's only contact with the operating system. Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::client {

struct ProcessOutput {
  int exit_code = 0;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs `command` (searched on PATH unless it has a '/') with `args`, this process's environment
// plus `env`, and stdin from /dev/null; waits for it to exit.
// Errors: NotFound when the program cannot be started.
Result<ProcessOutput> RunProcess(const std::string& command, const std::vector<std::string>& args,
                                 const std::vector<std::pair<std::string, std::string>>& env);

}  // namespace kubefake::client
