// The server conformance runner: selection by regex, a namespace per check deleted afterwards
// with the check's clean-ups whatever the outcome, SKIP passed through, and the per-check timeout.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "kubefake/testing/conformance/server_checks.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/test_server.h"

namespace kubefake::testkit::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class ServerRunnerTest : public testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::New();
    ASSERT_THAT(server, IsOk());
    server_ = std::move(*server);
  }

  Report RunChecks(const std::vector<ServerCheck>& checks, ServerRunOptions options = {}) {
    Report report;
    EXPECT_THAT(RunServerChecks({.config = server_->Config()}, checks, options, report), IsOk());
    return report;
  }

  bool NamespaceGone(const std::string& name) {
    client::RestResult result = (*client::UnversionedRESTClientFor(server_->Config()))
                                    ->Get()
                                    .AbsPath("/api/v1/namespaces/" + name)
                                    .Do();
    return result.error() && api::IsNotFound(*result.error());
  }

  std::unique_ptr<TestServer> server_;
};

Verdict AlwaysPasses(CheckContext&) { return Passed(); }

std::vector<std::string> Names(const Report& report) {
  std::vector<std::string> names;
  for (const CheckResult& result : report.results())
    names.push_back(result.area + "/" + result.name);
  return names;
}

TEST_F(ServerRunnerTest, FocusAndSkipSelectByAreaAndName) {
  const std::vector<ServerCheck> checks = {{"a", "one", "R1.1", AlwaysPasses},
                                           {"a", "two", "R1.1", AlwaysPasses},
                                           {"b", "three", "R1.1", AlwaysPasses}};
  EXPECT_THAT(Names(RunChecks(checks, {.focus = "^a/", .skip = "two"})), ElementsAre("a/one"));
  EXPECT_THAT(Names(RunChecks(checks, {.skip = "^a/"})), ElementsAre("b/three"));
  EXPECT_THAT(Names(RunChecks(checks)), ElementsAre("a/one", "a/two", "b/three"));
}

TEST_F(ServerRunnerTest, AnInvalidRegexIsABadRequest) {
  Report report;
  Result<void> run = RunServerChecks({.config = server_->Config()}, {}, {.focus = "("}, report);
  ASSERT_THAT(run, ErrorIs(api::Reason::kBadRequest));
  EXPECT_THAT(run.error().message(), StartsWith("--focus: invalid regular expression \"(\""));
}

TEST_F(ServerRunnerTest, EachCheckGetsAFreshNamespaceThatIsDeletedAfterAFailure) {
  std::string ns;
  std::atomic<bool> cleaned = false;
  const ServerCheck failing = {
      "a", "fails", "R1.1", [&](CheckContext& context) {
        ns = context.Namespace();
        context.DeferCleanup([&] { cleaned = true; });
        Result<nlohmann::json> created =
            context.Rest()
                .Post()
                .AbsPath(context.CorePath("configmaps"))
                .Body(nlohmann::json{
                    {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}})
                .Do()
                .Json();
        return created ? Failed("something", "something else")
                       : Failed("a create", created.error().message());
      }};
  const Report report = RunChecks({failing});
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_EQ(report.results()[0].detail, "expected something, got something else");
  EXPECT_THAT(ns, StartsWith("kubefake-conformance-"));
  EXPECT_TRUE(cleaned);
  EXPECT_TRUE(NamespaceGone(ns));
}

TEST_F(ServerRunnerTest, ASkipKeepsItsReason) {
  const Report report =
      RunChecks({{"a", "skips", "R1.1", [](CheckContext&) { return Skipped("no such feature"); }}});
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kSkip);
  EXPECT_EQ(report.results()[0].detail, "no such feature");
  EXPECT_EQ(report.results()[0].rule, "R1.1");
}

TEST_F(ServerRunnerTest, ACheckStillWaitingOnAWatchAtItsDeadlineFailsAsTimedOut) {
  std::string ns;
  const ServerCheck stuck = {
      "a", "waits", "R7.1", [&](CheckContext& context) {
        ns = context.Namespace();
        auto watcher = context.Watch(context.Rest().Get().AbsPath(context.CorePath("configmaps")));
        if (!watcher) return Failed("a watch", watcher.error().message());
        (void)(*watcher)->Next();  // nothing comes; Cancel ends it
        return Passed();
      }};
  const Report report = RunChecks({stuck}, {.timeout = std::chrono::milliseconds(300)});
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_EQ(report.results()[0].detail, "timed out after 300 ms");
  EXPECT_TRUE(NamespaceGone(ns));
}

TEST_F(ServerRunnerTest, AnExceptionInACheckIsAFailure) {
  const Report report =
      RunChecks({{"a", "throws", "R1.1", [](CheckContext&) -> Verdict {
                    return {Outcome::kPass, nlohmann::json::object().at("missing")};
                  }}});
  ASSERT_EQ(report.results().size(), 1u);
  EXPECT_EQ(report.results()[0].outcome, Outcome::kFail);
  EXPECT_THAT(report.results()[0].detail, HasSubstr("key 'missing' not found"));
}

}  // namespace
}  // namespace kubefake::testkit::conformance
