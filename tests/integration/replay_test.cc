// `kubefake replay` end to end: the command serves a scenario, kubectl plays the controller
// (the scenario waits for a ConfigMap kubectl creates), and the exit status and report say how
// the steps went: 0 all passed, 1 a step failed, 2 a bad scenario file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "kubectl_fixture.h"
#include "subprocess.h"

namespace kubefake::integration {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

constexpr std::chrono::seconds kDeadline{60};

// The scenario the "controller" (kubectl) satisfies: it waits for ConfigMap `made-by-kubectl`,
// then checks its data against `expected_mode`.
std::string WaitForKubectl(const std::string& expected_mode) {
  return R"(apiVersion: kubefake.dev/v1alpha1
kind: Scenario
metadata: {name: kubectl-is-the-controller}
fixtures: [)" KUBEFAKE_FIXTURES_DIR R"(/default/namespaces.yaml]
steps:
- name: seed a config map
  create: {apiVersion: v1, kind: ConfigMap, metadata: {name: seed, namespace: demo}}
- name: kubectl creates one
  waitFor:
    object: {apiVersion: v1, kind: ConfigMap, metadata: {name: made-by-kubectl, namespace: demo}}
    timeout: 30s
- name: with the expected mode
  expect:
    objects:
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: made-by-kubectl, namespace: demo}, data: {mode: )" +
         expected_mode + R"(}}
    actions:
    - {verb: create, resource: configmaps, namespace: demo, count: 1}
)";
}

class ReplayTest : public testing::Test {
 protected:
  void SetUp() override {
    kubectl_ = FindKubectl("1.33");
    dir_ =
        fs::temp_directory_path() / ("kubefake-replay-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  std::vector<std::string> ReplayArgv(const fs::path& scenario) const {
    return {KUBEFAKE_BINARY,
            "replay",
            scenario.string(),
            "--kubeconfig-out",
            (dir_ / "kubeconfig").string(),
            "--wait-for-client",
            "30s"};
  }

  // Runs the replay of `scenario` with kubectl creating the ConfigMap once the server is up;
  // returns the replay's stdout lines and exit code.
  std::pair<std::vector<std::string>, std::optional<int>> ReplayWithKubectl(
      const fs::path& scenario) {
    ChildProcess replay(ReplayArgv(scenario));
    EXPECT_TRUE(replay.running());
    std::vector<std::string> lines;
    std::optional<std::string> line = replay.ReadLine(kDeadline);
    EXPECT_TRUE(line) << "no first line";
    if (!line) return {lines, replay.Stop(SIGKILL, kDeadline)};
    lines.push_back(*line);
    EXPECT_THAT(*line, HasSubstr("served at http://127.0.0.1:"));
    ProcessResult created =
        RunProcess({kubectl_, "--kubeconfig", (dir_ / "kubeconfig").string(), "--cache-dir",
                    (dir_ / "cache").string(), "-n", "demo", "create", "configmap",
                    "made-by-kubectl", "--from-literal=mode=kubectl"},
                   "", kDeadline);
    EXPECT_EQ(created.exit_code, 0) << created.err;
    while ((line = replay.ReadLine(kDeadline))) lines.push_back(*line);
    return {lines, replay.Stop(0, kDeadline)};
  }

  std::string kubectl_;
  fs::path dir_;
};

TEST_F(ReplayTest, ExitsZeroWhenTheControllerDidWhatTheScenarioExpects) {
  if (kubectl_.empty()) GTEST_SKIP() << "kubectl.1.33 is not installed";
  const fs::path scenario = Write("pass.yaml", WaitForKubectl("kubectl"));
  auto [lines, exit_code] = ReplayWithKubectl(scenario);
  EXPECT_EQ(exit_code, 0);
  EXPECT_THAT(lines, testing::IsSupersetOf(std::vector<std::string>{
                         "ok   step 1 (seed a config map)", "ok   step 2 (kubectl creates one)",
                         "ok   step 3 (with the expected mode)",
                         "PASS " + scenario.string() + ": 3 steps"}));
  EXPECT_TRUE(fs::exists(dir_ / "kubeconfig"));
}

TEST_F(ReplayTest, ExitsOneWithTheReportWhenAnExpectationFails) {
  if (kubectl_.empty()) GTEST_SKIP() << "kubectl.1.33 is not installed";
  const fs::path scenario = Write("fail.yaml", WaitForKubectl("operator"));
  auto [lines, exit_code] = ReplayWithKubectl(scenario);
  EXPECT_EQ(exit_code, 1);
  EXPECT_THAT(lines, testing::IsSupersetOf(std::vector<std::string>{
                         "ok   step 2 (kubectl creates one)",
                         "FAIL step 3 (with the expected mode) at " + scenario.string() + ":12",
                         "    ConfigMap demo/made-by-kubectl whose data.mode is \"kubectl\", not "
                         "\"operator\"",
                         "FAIL " + scenario.string() +
                             ": step 3 (with the expected mode) of 3 "
                             "failed"}));
}

TEST_F(ReplayTest, ExitsTwoForABadScenarioFile) {
  const fs::path scenario = Write("bad.yaml", R"(apiVersion: kubefake.dev/v1alpha1
kind: Scenario
steps:
- name: oops
  advanceClock: soon
)");
  ProcessResult result = RunProcess(ReplayArgv(scenario), "", kDeadline);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "kubefake replay: " + scenario.string() +
                            ":5: step 1 (oops): time: invalid duration \"soon\"\n");
}

TEST_F(ReplayTest, ExitsOneWhenNoClientConnects) {
  const fs::path scenario = Write("lonely.yaml", WaitForKubectl("kubectl"));
  std::vector<std::string> argv = ReplayArgv(scenario);
  argv.back() = "200ms";
  ProcessResult result = RunProcess(argv, "", kDeadline);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out,
              HasSubstr("FAIL " + scenario.string() + ": no client connected within 200ms"));
}

TEST_F(ReplayTest, PlaysTheGarbageCollectionExampleWithoutAController) {
  ProcessResult result = RunProcess(
      {KUBEFAKE_BINARY, "replay", KUBEFAKE_FIXTURES_DIR "/scenarios/garbage-collection.yaml",
       "--kubeconfig-out", (dir_ / "kubeconfig").string(), "--wait-for-client", "0"},
      "", kDeadline);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("ok   step 7 (delete the staging namespace)"));
}

}  // namespace
}  // namespace kubefake::integration
