// The example controller's program under `kubefake replay`: for each scenario of
// examples/widget_controller/scenarios/, the replay serves it, `widget-controller --kubeconfig K`
// connects as the controller under test, every step passes and the replay exits 0 (issue 10's
// "controller in any language" path).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "subprocess.h"

namespace kubefake::integration {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::StartsWith;

constexpr std::chrono::seconds kReplayDeadline{60};

class WidgetControllerReplayTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kubefake-widget-replay-" + std::to_string(::getpid()) + "-" + GetParam());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_P(WidgetControllerReplayTest, ReplayExitsZeroWithTheControllerBinary) {
  const std::string scenario = std::string(WIDGET_SCENARIOS_DIR "/") + GetParam() + ".yaml";
  const std::string kubeconfig = (dir_ / "kubeconfig").string();
  ChildProcess replay({KUBEFAKE_BINARY, "replay", scenario, "--kubeconfig-out", kubeconfig,
                       "--wait-for-client", "30s"});
  ASSERT_TRUE(replay.running());
  std::optional<std::string> served = replay.ReadLine(kReplayDeadline);
  ASSERT_TRUE(served.has_value()) << "kubefake replay printed nothing";
  ASSERT_THAT(*served, HasSubstr("served at http://127.0.0.1:"));

  ChildProcess controller({KUBEFAKE_WIDGET_CONTROLLER, "--kubeconfig", kubeconfig});
  ASSERT_TRUE(controller.running());
  std::vector<std::string> lines;
  while (std::optional<std::string> line = replay.ReadLine(kReplayDeadline)) lines.push_back(*line);
  EXPECT_EQ(replay.Stop(0, kReplayDeadline), 0) << testing::PrintToString(lines);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines.back(), StartsWith("PASS " + scenario + ": "));
  EXPECT_THAT(lines, testing::Not(testing::Contains(StartsWith("FAIL"))));
  EXPECT_TRUE(controller.Stop(SIGTERM, kReplayDeadline).has_value());
}

INSTANTIATE_TEST_SUITE_P(Scenarios, WidgetControllerReplayTest,
                         testing::Values("widget-gets-a-deployment", "widget-status-conflicts"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace kubefake::integration
