// Tests for sigpipe.h: the default SIGPIPE action becomes "ignore" so a write to a closed pipe
// fails with EPIPE, and a handler the program installed stays and still runs.
#include "kubefake/api/sigpipe.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace kubefake::api {
namespace {

std::atomic<int> handled{0};

// Each test sets SIGPIPE's action itself; the process's own is restored afterwards.
class SigpipeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sigaction(SIGPIPE, nullptr, &saved_), 0);
    handled = 0;
  }
  void TearDown() override { sigaction(SIGPIPE, &saved_, nullptr); }

  static void Install(struct sigaction action) {
    sigemptyset(&action.sa_mask);
    ASSERT_EQ(sigaction(SIGPIPE, &action, nullptr), 0);
  }

  static struct sigaction Current() {
    struct sigaction current {};
    sigaction(SIGPIPE, nullptr, &current);
    return current;
  }

  // Writes to a pipe whose read end is closed: the errno of the failed write. SIGPIPE (if not
  // ignored) reaches this thread, and a handler runs, before write returns.
  static int WriteToClosedPipe() {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    close(fds[0]);
    const ssize_t written = write(fds[1], "x", 1);
    const int error = written < 0 ? errno : 0;
    close(fds[1]);
    return error;
  }

 private:
  struct sigaction saved_ {};
};

TEST_F(SigpipeTest, DefaultActionBecomesIgnoredAndWritesFailWithEpipe) {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  Install(default_action);
  IgnoreSigpipe();
  EXPECT_EQ(Current().sa_handler, SIG_IGN);
  EXPECT_EQ(WriteToClosedPipe(), EPIPE);
}

TEST_F(SigpipeTest, AHandlerTheProgramInstalledIsKept) {
  struct sigaction action {};
  action.sa_handler = [](int) { ++handled; };
  Install(action);
  IgnoreSigpipe();
  EXPECT_EQ(Current().sa_handler, action.sa_handler);
  EXPECT_EQ(WriteToClosedPipe(), EPIPE);
  EXPECT_EQ(handled, 1);
}

TEST_F(SigpipeTest, ASigInfoHandlerIsKept) {
  struct sigaction action {};
  action.sa_sigaction = [](int, siginfo_t*, void*) { ++handled; };
  action.sa_flags = SA_SIGINFO;
  Install(action);
  IgnoreSigpipe();
  EXPECT_EQ(Current().sa_sigaction, action.sa_sigaction);
  EXPECT_EQ(WriteToClosedPipe(), EPIPE);
  EXPECT_EQ(handled, 1);
}

}  // namespace
}  // namespace kubefake::api
