// SIGINT and SIGTERM for the long-running subcommands (serve, record): blocked in every thread
// so that one thread waits for them synchronously. Call BlockTerminationSignals before starting
// any thread.
#pragma once

#include <signal.h>

#include <chrono>
#include <optional>

namespace kubefake::cli {

// Blocks SIGINT and SIGTERM in this thread and every thread it starts later; returns that set.
sigset_t BlockTerminationSignals();

// Waits for one of `signals`; returns it, or nullopt when `timeout` passes first (no timeout:
// waits for ever).
std::optional<int> WaitForTermination(const sigset_t& signals,
                                      std::optional<std::chrono::milliseconds> timeout = {});

// "SIGINT" or "SIGTERM".
const char* TerminationSignalName(int signal);

}  // namespace kubefake::cli
