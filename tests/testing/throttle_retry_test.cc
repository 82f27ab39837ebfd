// The C++ client against injected 429s (faults.h Throttle, R5.12) on both transports: it reads
// Retry-After, waits that long on its clock and retries (a list or a watch), bounded by
// Config::max_retries; the recorded actions count what reached the server.
#include <gtest/gtest.h>

#include <future>

#include "../client/client_test_fixture.h"
#include "kubefake/client/rest_client.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/faults.h"

namespace kubefake::client {
namespace {

using std::chrono::seconds;

class ThrottleRetryTest : public ClientTest {
 protected:
  ThrottleRetryTest() {
    config_.api_path = "/api";
    config_.group_version = api::GroupVersion{"", "v1"};
    server_->actions().SetRecording(true);
  }

  // Lists config maps on another thread while this one moves the clock through `waits`
  // Retry-After waits of `retry_after` each; returns the list's result.
  Result<nlohmann::json> ListThroughWaits(int waits, seconds retry_after) {
    std::unique_ptr<RESTClient> client = std::move(RESTClientFor(config_).value());
    const size_t idle_waiters = clock_->Waiters();
    std::future<Result<nlohmann::json>> list = std::async(std::launch::async, [&client] {
      return client->Get().Namespace("default").Resource("configmaps").Do().Json();
    });
    for (int i = 0; i < waits; ++i) {
      if (!clock_->WaitForWaiters(idle_waiters + 1)) {
        ADD_FAILURE() << "the client did not wait for retry " << i + 1;
        break;
      }
      clock_->Step(retry_after);
    }
    if (list.wait_for(seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "the list did not finish after " << waits << " waits";
      clock_->Step(seconds(3600));
    }
    return list.get();
  }

  size_t ListsServed() const {
    return server_->actions()
        .List(fakeserver::ActionPattern::For("list", "configmaps").value())
        .size();
  }
};

TEST_P(ThrottleRetryTest, RetriesExactlyMaxRetriesTimesThenReportsTooManyRequests) {
  ASSERT_TRUE(server_->faults().On("list", "configmaps").Throttle(2).Install());
  config_.max_retries = 3;
  Result<nlohmann::json> list = ListThroughWaits(3, seconds(2));
  ASSERT_FALSE(list.has_value());
  EXPECT_TRUE(api::IsTooManyRequests(list.error())) << list.error().message();
  EXPECT_EQ(ListsServed(), 4u);  // the first try and three retries
  EXPECT_EQ(clock_->Waiters(), 0u);
}

TEST_P(ThrottleRetryTest, SucceedsOnceTheThrottlingEnds) {
  ASSERT_TRUE(server_->faults().On("list", "configmaps").Throttle(5).Times(2).Install());
  Result<nlohmann::json> list = ListThroughWaits(2, seconds(5));
  ASSERT_TRUE(list.has_value()) << list.error().message();
  EXPECT_EQ((*list)["kind"], "ConfigMapList");
  EXPECT_EQ(ListsServed(), 3u);
}

TEST_P(ThrottleRetryTest, AWatchIsRetriedAfterRetryAfterToo) {
  ASSERT_TRUE(server_->faults().On("watch", "configmaps").Throttle(3).Times(1).Install());
  std::unique_ptr<RESTClient> client = std::move(RESTClientFor(config_).value());
  const size_t idle_waiters = clock_->Waiters();
  std::future<Result<std::unique_ptr<Watcher>>> watch = std::async(std::launch::async, [&client] {
    return client->Get().Namespace("default").Resource("configmaps").Watch();
  });
  ASSERT_TRUE(clock_->WaitForWaiters(idle_waiters + 1)) << "the watch did not wait Retry-After";
  clock_->Step(seconds(3));
  ASSERT_EQ(watch.wait_for(seconds(10)), std::future_status::ready);
  Result<std::unique_ptr<Watcher>> opened = watch.get();
  ASSERT_TRUE(opened.has_value()) << opened.error().message();
  (*opened)->Stop();
  EXPECT_EQ(
      server_->actions().List(fakeserver::ActionPattern::For("watch", "configmaps").value()).size(),
      2u);
}

INSTANTIATE_TEST_SUITE_P(Transports, ThrottleRetryTest, AllTransports(),
                         [](const testing::TestParamInfo<TransportParam>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kubefake::client
