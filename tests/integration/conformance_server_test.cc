// `kubefake conformance server` as a user runs it: against its embedded kubefake (exit 0, the
// summary line, JUnit XML), against `kubefake serve` through a kubeconfig, and failing (exit 1)
// when the server cannot be reached.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "kubefake_serve.h"
#include "subprocess.h"

namespace kubefake::integration {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::chrono::seconds kRunTimeout{240};

ProcessResult Conformance(std::vector<std::string> args) {
  std::vector<std::string> argv = {KUBEFAKE_BINARY, "conformance", "server"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, "", kRunTimeout);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConformanceServerCommand, EmbeddedKubefakePassesEveryCheckAndWritesJUnit) {
  const fs::path junit =
      fs::temp_directory_path() / ("kubefake-it-" + std::to_string(::getpid()) + "-junit.xml");
  const ProcessResult run = Conformance({"--junit", junit.string()});
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("against an embedded kubefake"));
  std::smatch summary;
  ASSERT_TRUE(
      std::regex_search(run.out, summary, std::regex("\n([0-9]+) passed, 0 failed, 0 skipped\n")))
      << run.out;
  const int passed = std::stoi(summary[1]);
  EXPECT_GE(passed, 40);
  EXPECT_THAT(run.out, HasSubstr("PASS  watch  an object leaving a label selector is DELETED"));

  const std::string xml = ReadFile(junit);
  fs::remove(junit);
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"kubefake conformance server\" tests=\"" +
                             std::to_string(passed) + "\" failures=\"0\" skipped=\"0\""));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"crd\""));
  EXPECT_THAT(xml, Not(HasSubstr("<failure")));
}

TEST(ConformanceServerCommand, AServedKubefakeThroughItsKubeconfigPasses) {
  KubefakeServe serve("conformance", /*tls_and_token=*/true);
  ASSERT_EQ(serve.error(), "");
  const ProcessResult run = Conformance(
      {"--kubeconfig", serve.kubeconfig().string(), "--focus", "^(lifecycle|watch|apply)/"});
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("against " + serve.url() + " (context kubefake)"));
  // Compaction cannot be forced through a kubeconfig: that check skips and says why.
  EXPECT_THAT(run.out, HasSubstr("SKIP  watch  watch from a compacted resourceVersion"));
  EXPECT_THAT(run.out, testing::ContainsRegex("\n[0-9]+ passed, 0 failed, 1 skipped\n"));
}

TEST(ConformanceServerCommand, AnUnreachableServerFailsTheChecksAndExitsOne) {
  KubefakeServe serve("conformance-gone", /*tls_and_token=*/false);
  ASSERT_EQ(serve.error(), "");
  ASSERT_TRUE(serve.Stop());
  const ProcessResult run = Conformance(
      {"--kubeconfig", serve.kubeconfig().string(), "--focus", "^lifecycle/", "--timeout", "5s"});
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("FAIL  lifecycle"));
  EXPECT_THAT(run.out, HasSubstr("expected the check's namespace created"));
  EXPECT_THAT(run.out, HasSubstr("0 passed, 4 failed, 0 skipped"));
}

TEST(ConformanceServerCommand, ABadTimeoutIsAUsageError) {
  const ProcessResult run = Conformance({"--timeout", "soon"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--timeout: want a positive duration such as 500ms, 30s or 2m, got soon"));
}

}  // namespace
}  // namespace kubefake::integration
