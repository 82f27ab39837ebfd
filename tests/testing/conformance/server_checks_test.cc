// The server conformance catalog against kubefake: every area passes against a TestServer (over
// HTTP, the way `kubefake conformance server` reaches a cluster), and checks fail where a server
// answers wrong (faults injected into the engine).
#include "kubefake/testing/conformance/server_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "kubefake/fakeserver/faults.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/test_server.h"

namespace kubefake::testkit::conformance {
namespace {

using ::testing::HasSubstr;

ServerTarget TargetFor(TestServer& server) {
  return {.config = server.Config(), .compact = [&server] {
            server.Server().storage().Compact(std::numeric_limits<int64_t>::max());
          }};
}

// "<outcome> <area>/<name>: <detail>" for every result that is not a PASS.
std::string NotPassed(const Report& report) {
  std::string text;
  for (const CheckResult& result : report.results()) {
    if (result.outcome == Outcome::kPass) continue;
    text += std::string(OutcomeName(result.outcome)) + " " + result.area + "/" + result.name +
            ": " + result.detail + "\n";
  }
  return text;
}

Report RunFocused(TestServer& server, const std::string& focus) {
  Report report;
  EXPECT_THAT(RunServerChecks(TargetFor(server), ServerChecks(), {.focus = focus}, report), IsOk());
  return report;
}

class ServerChecksAgainstKubefake : public testing::TestWithParam<std::string> {};

TEST_P(ServerChecksAgainstKubefake, EveryCheckOfTheAreaPasses) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  const Report report = RunFocused(**server, "^" + GetParam() + "/");
  EXPECT_GT(report.results().size(), 0u);
  EXPECT_EQ(report.Count(Outcome::kPass), static_cast<int>(report.results().size()))
      << NotPassed(report);
}

std::vector<std::string> Areas() {
  std::vector<std::string> areas;
  std::set<std::string> seen;
  for (const ServerCheck& check : ServerChecks()) {
    if (seen.insert(check.area).second) areas.push_back(check.area);
  }
  return areas;
}

INSTANTIATE_TEST_SUITE_P(Areas, ServerChecksAgainstKubefake, testing::ValuesIn(Areas()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ServerChecksCatalog, CoversTheAreasOfTheIssueAndNamesARuleForEachCheck) {
  const std::vector<std::string> areas = Areas();
  EXPECT_EQ(areas, (std::vector<std::string>{"lifecycle", "concurrency", "selectors", "paging",
                                             "watch", "patch", "apply", "dryrun", "validation",
                                             "subresources", "deletion", "namespaces", "crd",
                                             "discovery", "table", "errors"}));
  for (const ServerCheck& check : ServerChecks()) {
    EXPECT_THAT(check.rule, testing::MatchesRegex("R[0-9]+\\.[0-9]+(, R[0-9]+\\.[0-9]+)*"))
        << check.name;
  }
}

TEST(ServerChecksCatalog, WithoutCompactionTheExpiryChecksSkipOrFindHistoryGone) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  Report report;
  ASSERT_THAT(RunServerChecks({.config = (*server)->Config()}, ServerChecks(),
                              {.focus = "compacted"}, report),
              IsOk());
  ASSERT_EQ(report.results().size(), 2u);
  for (const CheckResult& result : report.results()) {
    EXPECT_EQ(result.outcome, Outcome::kSkip) << result.name;
    EXPECT_THAT(result.detail, HasSubstr("cannot be forced"));
  }
}

TEST(ServerChecksFindFaults, AListAnswering500FailsTheSelectorChecks) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  ASSERT_THAT((*server)
                  ->Server()
                  .faults()
                  .On("list", "configmaps")
                  .Fail(api::NewInternalError("injected"))
                  .Install(),
              IsOk());
  const Report report = RunFocused(**server, "label selectors");
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_THAT(report.results()[0].detail,
              HasSubstr("expected list with labelSelector tier=web answers 200, got 500 "
                        "InternalError: Internal error occurred: injected"));
}

TEST(ServerChecksFindFaults, AWatchAnswering410FailsTheResumeCheck) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  ASSERT_THAT((*server)->Server().faults().On("watch", "configmaps").ExpireWatch().Install(),
              IsOk());
  const Report report = RunFocused(**server, "replays exactly the later changes");
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_THAT(report.results()[0].detail,
              HasSubstr("expected MODIFIED event of a after its creation, got watch error: too "
                        "old resource version"));
}

TEST(ServerChecksFindFaults, AWrongConflictMessageFailsTheConflictCheck) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  ASSERT_THAT((*server)
                  ->Server()
                  .faults()
                  .On("update", "configmaps")
                  .Fail(api::NewConflict({"", "configmaps"}, "stale", "something else"))
                  .Install(),
              IsOk());
  const Report report = RunFocused(**server, "stale resourceVersion is 409");
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_THAT(report.results()[0].detail,
              HasSubstr("got 409 Conflict: Operation cannot be fulfilled on configmaps \"stale\": "
                        "something else"));
}

}  // namespace
}  // namespace kubefake::testkit::conformance
