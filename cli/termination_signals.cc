#include "termination_signals.h"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace kubefake::cli {

sigset_t BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

std::optional<int> WaitForTermination(const sigset_t& signals,
                                      std::optional<std::chrono::milliseconds> timeout) {
  if (!timeout) {
    int signal = 0;
    while (sigwait(&signals, &signal) != 0) {
    }
    return signal;
  }
  const auto deadline = std::chrono::steady_clock::now() + *timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::nanoseconds::zero()) return std::nullopt;
    const timespec wait{.tv_sec = static_cast<time_t>(left.count() / 1'000'000'000),
                        .tv_nsec = static_cast<long>(left.count() % 1'000'000'000)};
    const int signal = sigtimedwait(&signals, nullptr, &wait);
    if (signal > 0) return signal;
    if (errno == EAGAIN) return std::nullopt;
    // EINTR: another signal interrupted the wait; wait for what is left.
  }
}

const char* TerminationSignalName(int signal) { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

}  // namespace kubefake::cli
