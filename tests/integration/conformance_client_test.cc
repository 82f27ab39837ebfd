// `kubefake conformance client` end to end: our SharedIndexInformer example passes every check
// (synced by WatchList and by paged LIST), a deliberately wrong client fails the checks it
// should, the JavaScript client passes what it is known to pass, --focus selects situations and
// --junit writes the results.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "subprocess.h"

namespace kubefake::integration {
namespace {

using testing::HasSubstr;

constexpr std::chrono::minutes kClientRunTimeout(5);

ProcessResult Conformance(std::vector<std::string> flags, std::vector<std::string> command) {
  std::vector<std::string> argv = {KUBEFAKE_BINARY, "conformance", "client"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back("--");
  argv.insert(argv.end(), command.begin(), command.end());
  return RunProcess(argv, "", kClientRunTimeout);
}

TEST(ConformanceClientTest, OurInformerPassesEveryCheckSyncingByWatchList) {
  ProcessResult run = Conformance({}, {KUBEFAKE_CONFORMANCE_INFORMER});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  // A WatchList client never pages a LIST, so list-expired cannot apply to it.
  EXPECT_THAT(run.out, HasSubstr("13 passed, 0 failed, 1 skipped")) << run.out;
  EXPECT_THAT(run.out, HasSubstr("SKIP  client  list-expired"));
}

TEST(ConformanceClientTest, OurInformerPassesEveryCheckSyncingByPagedList) {
  ProcessResult run = Conformance({}, {KUBEFAKE_CONFORMANCE_INFORMER, "--no-watch-list"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("14 passed, 0 failed, 0 skipped")) << run.out;
}

TEST(ConformanceClientTest, ABadClientFailsWhatItDoesWrong) {
  ProcessResult run = Conformance({}, {KUBEFAKE_CONFORMANCE_BAD_CLIENT});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("FAIL  client  watch-resume"));
  EXPECT_THAT(run.out, HasSubstr("expected a watch from resourceVersion"));
  EXPECT_THAT(run.out, HasSubstr("FAIL  client  watch-expired"));
  EXPECT_THAT(run.out, HasSubstr("FAIL  client  retry-after"));
  EXPECT_THAT(run.out, HasSubstr("FAIL  client  server-errors"));
  EXPECT_THAT(run.out, HasSubstr("PASS  client  server-stall"));
  EXPECT_THAT(run.out, HasSubstr("SKIP  client-cache  watch-resume: the cache converges"));
  EXPECT_THAT(run.out, HasSubstr("the client does not speak the line protocol"));
}

// @kubernetes/client-node 1.4.0 (examples/conformance_clients/js, installed by
// scripts/install-js-client): the checks it is known to pass. Its ListWatch never pages, so
// list-expired does not apply; see the README for why the others pass.
TEST(ConformanceClientTest, TheJavaScriptClientPassesTheChecksItIsKnownToPass) {
  const std::filesystem::path js = KUBEFAKE_CONFORMANCE_JS_DIR;
  if (!std::filesystem::exists(js / "node_modules" / "@kubernetes" / "client-node")) {
    GTEST_SKIP() << "@kubernetes/client-node is not installed: run scripts/install-js-client";
  }
  ProcessResult run = Conformance({}, {"node", (js / "informer.js").string()});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* id : {"watch-resume", "watch-expired", "retry-after", "server-errors",
                         "update-conflict", "server-stall"}) {
    EXPECT_THAT(run.out, HasSubstr(std::string("PASS  client  ") + id)) << run.out;
    EXPECT_THAT(run.out, HasSubstr(std::string("PASS  client-cache  ") + id)) << run.out;
  }
  EXPECT_THAT(run.out, HasSubstr("SKIP  client  list-expired"));
  EXPECT_THAT(run.out, HasSubstr("13 passed, 0 failed, 1 skipped"));
}

TEST(ConformanceClientTest, FocusSelectsSituationsAndJUnitRecordsThem) {
  const std::filesystem::path junit =
      std::filesystem::temp_directory_path() /
      ("kubefake-conformance-client-" + std::to_string(::getpid()) + ".xml");
  ProcessResult run =
      Conformance({"--focus", "^(retry-after|update-conflict):", "--junit", junit.string()},
                  {KUBEFAKE_CONFORMANCE_INFORMER});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("4 passed, 0 failed, 0 skipped")) << run.out;
  std::ifstream in(junit);
  std::stringstream xml;
  xml << in.rdbuf();
  std::filesystem::remove(junit);
  EXPECT_THAT(xml.str(), HasSubstr("<testsuite name=\"kubefake conformance client\" tests=\"4\" "
                                   "failures=\"0\" skipped=\"0\""));
  EXPECT_THAT(xml.str(), HasSubstr("<testcase classname=\"client\" name=\"retry-after: a 429 "
                                   "with Retry-After: 2 is retried no sooner than 2 s later "
                                   "[R5.12]\""));
}

TEST(ConformanceClientTest, AMissingCommandOrABadFocusIsAUsageError) {
  ProcessResult run =
      RunProcess({KUBEFAKE_BINARY, "conformance", "client"}, "", std::chrono::seconds(30));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("command is required"));
  ProcessResult bad_focus = Conformance({"--focus", "("}, {KUBEFAKE_CONFORMANCE_INFORMER});
  EXPECT_EQ(bad_focus.exit_code, 2);
  EXPECT_THAT(bad_focus.err, HasSubstr("invalid --focus expression"));
}

}  // namespace
}  // namespace kubefake::integration
