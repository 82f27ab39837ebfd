// The client conformance judges over synthetic request logs: what a correct client does passes,
// and each bad client (resumes from 0, relists on a close, retries a stale resourceVersion,
// reuses an expired continue token, ignores Retry-After, hot-loops on 500s, gives up on a
// conflict) fails with what was expected and what came.
#include "conformance/client/action_judges.h"

#include <gmock/gmock.h>

namespace kubefake::testkit::conformance {
namespace {

using fakeserver::Action;
using std::chrono::milliseconds;
using testing::HasSubstr;

const std::chrono::system_clock::time_point kStart{std::chrono::seconds(1'790'000'000)};

Action Request(std::string verb, std::multimap<std::string, std::string> query, int code = 200,
               milliseconds at = milliseconds(0)) {
  Action action;
  action.verb = std::move(verb);
  action.resource = "configmaps";
  action.query = std::move(query);
  action.code = code;
  action.time = kStart + at;
  return action;
}

Action List(std::string rv = "", int code = 200) {
  return Request("list", {{"limit", "500"}, {"resourceVersion", std::move(rv)}}, code);
}
Action Watch(std::string rv, int code = 200) {
  return Request("watch", {{"resourceVersion", std::move(rv)}, {"allowWatchBookmarks", "true"}},
                 code);
}
Action WatchList() {
  return Request("watch", {{"sendInitialEvents", "true"},
                           {"resourceVersionMatch", "NotOlderThan"},
                           {"allowWatchBookmarks", "true"}});
}
Action Page(std::string token, int code) {
  return Request("list", {{"limit", "500"}, {"continue", std::move(token)}}, code);
}
Action At(Action action, milliseconds at) {
  action.time = kStart + at;
  return action;
}

TEST(ActionJudgesTest, SyncIsAListWithoutContinueOrAWatchWithInitialEvents) {
  EXPECT_TRUE(IsSync(List()));
  EXPECT_TRUE(IsSync(WatchList()));
  EXPECT_TRUE(IsSync(Watch("0")));  // initial ADDED events, R7.4
  EXPECT_FALSE(IsSync(Watch("12")));
  EXPECT_FALSE(IsSync(Page("token", 200)));
}

TEST(ActionJudgesTest, WatchResumePassesAWatchFromTheLastResourceVersion) {  // R7.8
  const std::vector<Action> list_client = {List(), Watch("10"), Watch("13")};
  EXPECT_EQ(JudgeWatchResume(list_client, "13").outcome, Outcome::kPass);
  const std::vector<Action> watch_list_client = {WatchList(), Watch("13")};
  EXPECT_EQ(JudgeWatchResume(watch_list_client, "13").outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, WatchResumeFailsARelistAWatchFromZeroAndAnOlderResourceVersion) {
  for (const Action& next : {List(), Watch("0"), Watch("10"), Watch("")}) {
    const std::vector<Action> actions = {List(), Watch("10"), next};
    Verdict verdict = JudgeWatchResume(actions, "13");
    EXPECT_EQ(verdict.outcome, Outcome::kFail) << Describe(next);
    EXPECT_THAT(verdict.detail, HasSubstr("expected a watch from resourceVersion 13"));
  }
  const std::vector<Action> gave_up = {List(), Watch("10")};
  EXPECT_THAT(JudgeWatchResume(gave_up, "13").detail, HasSubstr("got no request"));
}

TEST(ActionJudgesTest, RelistAfterExpiredPassesAListOrAWatchListNext) {  // R7.4
  const std::vector<Action> list_client = {List(), Watch("10"), Watch("13"), List(), Watch("14")};
  EXPECT_EQ(JudgeRelistAfterExpired(list_client, "13").outcome, Outcome::kPass);
  const std::vector<Action> watch_list_client = {WatchList(), Watch("13"), WatchList()};
  EXPECT_EQ(JudgeRelistAfterExpired(watch_list_client, "13").outcome, Outcome::kPass);
  // Nothing changed since: the relist's resourceVersion is the stale one again.
  const std::vector<Action> same_rv = {List(), Watch("10"), Watch("13"), List(), Watch("13")};
  EXPECT_EQ(JudgeRelistAfterExpired(same_rv, "13").outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, RelistAfterExpiredFailsAClientThatRetriesTheStaleResourceVersion) {
  const std::vector<Action> actions = {List(), Watch("10"), Watch("13"), Watch("13"), Watch("13")};
  Verdict verdict = JudgeRelistAfterExpired(actions, "13");
  EXPECT_EQ(verdict.outcome, Outcome::kFail);
  EXPECT_THAT(verdict.detail, HasSubstr("got the stale resourceVersion again: watch configmaps "
                                        "resourceVersion=\"13\""));
  const std::vector<Action> resumed_elsewhere = {List(), Watch("10"), Watch("13"), Watch("14")};
  EXPECT_EQ(JudgeRelistAfterExpired(resumed_elsewhere, "13").outcome, Outcome::kFail);
}

TEST(ActionJudgesTest, ListRestartPassesANewListWithoutTheToken) {  // R6.7
  const std::vector<Action> restarted = {List(), Page("t1", 410), List(), Page("t2", 200)};
  EXPECT_EQ(JudgeListRestart(restarted).outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, ListRestartFailsReusingTheExpiredTokenAndSkipsAClientThatDoesNotPage) {
  const std::vector<Action> reused = {List(), Page("t1", 410), Page("t1", 410)};
  Verdict verdict = JudgeListRestart(reused);
  EXPECT_EQ(verdict.outcome, Outcome::kFail);
  EXPECT_THAT(verdict.detail, HasSubstr("without the expired continue token"));
  const std::vector<Action> unpaged = {List(), Watch("10")};
  EXPECT_EQ(JudgeListRestart(unpaged).outcome, Outcome::kSkip);
}

TEST(ActionJudgesTest, RetryAfterPassesAWaitOfAtLeastTheHeader) {  // R5.12
  const std::vector<Action> waited = {At(List("", 429), milliseconds(0)),
                                      At(List(), milliseconds(2000))};
  EXPECT_EQ(JudgeRetryAfter(waited, std::chrono::seconds(2)).outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, RetryAfterFailsAnEarlyRetry) {
  const std::vector<Action> early = {At(List("", 429), milliseconds(0)),
                                     At(List(), milliseconds(1999))};
  Verdict verdict = JudgeRetryAfter(early, std::chrono::seconds(2));
  EXPECT_EQ(verdict.outcome, Outcome::kFail);
  EXPECT_THAT(verdict.detail, HasSubstr("at least 2000 ms (Retry-After) after the 429, got it "
                                        "after 1999 ms"));
}

std::vector<Action> FailuresAt(std::initializer_list<int> at_ms) {
  std::vector<Action> actions;
  for (int at : at_ms) actions.push_back(At(List("", 500), milliseconds(at)));
  return actions;
}

TEST(ActionJudgesTest, BackoffPassesExponentialGapsAndFewRetries) {  // R5.13
  const auto end = kStart + std::chrono::seconds(8);
  EXPECT_EQ(JudgeBackoff(FailuresAt({0, 1000, 3000, 7000}), kStart, end).outcome, Outcome::kPass);
  EXPECT_EQ(JudgeBackoff(FailuresAt({0, 5000}), kStart, end).outcome, Outcome::kPass);
  // A WatchList attempt falling back to a LIST each time: the LISTs' gaps are judged.
  std::vector<Action> pairs;
  for (int at : {0, 1200, 4000, 7500}) {
    pairs.push_back(At(Request("watch", {{"sendInitialEvents", "true"}}, 500), milliseconds(at)));
    pairs.push_back(At(List("", 500), milliseconds(at + 5)));
  }
  EXPECT_EQ(JudgeBackoff(pairs, kStart, end).outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, BackoffFailsAHotLoopAndAConstantRetry) {
  const auto end = kStart + std::chrono::seconds(8);
  std::vector<Action> hot_loop;
  for (int at = 0; at < 8000; at += 50) hot_loop.push_back(At(List("", 500), milliseconds(at)));
  Verdict verdict = JudgeBackoff(hot_loop, kStart, end);
  EXPECT_EQ(verdict.outcome, Outcome::kFail);
  EXPECT_THAT(verdict.detail, HasSubstr("at most 2 requests per second"));

  Verdict constant =
      JudgeBackoff(FailuresAt({0, 1000, 2000, 3000, 4000, 5000, 6000, 7000}), kStart, end);
  EXPECT_EQ(constant.outcome, Outcome::kFail);
  EXPECT_THAT(constant.detail,
              HasSubstr("expected the gaps between list retries to grow (the last at least 1.5 "
                        "times the first), got 1000 ms, 1000 ms"));
}

Action Update(int code) {
  Action action = Request("update", {}, code);
  action.name = "cm-0";
  return action;
}

TEST(ActionJudgesTest, ConflictRetryPassesARetriedUpdate) {  // R5.4
  const std::vector<Action> retried = {Update(409), Update(200)};
  EXPECT_EQ(JudgeConflictRetry(retried, "cm-0", 5).outcome, Outcome::kPass);
}

TEST(ActionJudgesTest, ConflictRetryFailsGivingUpAndRetryingWithoutEnd) {
  const std::vector<Action> gave_up = {Update(409)};
  EXPECT_THAT(JudgeConflictRetry(gave_up, "cm-0", 5).detail,
              HasSubstr("to be retried after 409 Conflict"));
  const std::vector<Action> hammered(7, Update(409));
  EXPECT_THAT(JudgeConflictRetry(hammered, "cm-0", 5).detail,
              HasSubstr("expected at most 5 updates of cm-0, got 7"));
}

}  // namespace
}  // namespace kubefake::testkit::conformance
