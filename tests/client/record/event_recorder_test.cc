// EventRecorder against the fake over every transport: the first occurrence creates an
// events.k8s.io/v1 Event, isomorphic repeats become a series counted on the clock, idle series
// are finished and a later repeat starts a new Event, and unsupported types are refused.
#include "kubefake/client/record/event_recorder.h"

#include <gtest/gtest.h>

#include "../client_test_fixture.h"
#include "kubefake/api/time.h"

namespace kubefake::client::record {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const api::GroupVersionResource kEvents{"events.k8s.io", "v1", "events"};

api::core::v1::ObjectReference PodReference(const std::string& name) {
  api::core::v1::ObjectReference reference;
  reference.api_version = "v1";
  reference.kind = "Pod";
  reference.name = name;
  reference.namespace_ = "default";
  reference.uid = "uid-" + name;
  return reference;
}

EventSpec FailedMount(const std::string& pod, const std::string& note = "volume not found") {
  return {.regarding = PodReference(pod),
          .related = std::nullopt,
          .type = "Warning",
          .reason = "FailedMount",
          .action = "Mounting",
          .note = note};
}

class EventRecorderTest : public ClientTest {
 protected:
  EventRecorderTest()
      : dynamic_(std::move(DynamicClient::NewForConfig(config_).value())),
        recorder_(dynamic_, clock_,
                  {.reporting_controller = "demo-controller",
                   .reporting_instance = "demo-controller-host"}) {}

  std::vector<nlohmann::json> ServerEvents() const {
    nlohmann::json list = dynamic_->Resource(kEvents).Namespace("default").List().value();
    return list["items"].get<std::vector<nlohmann::json>>();
  }

  std::string Now() const { return api::MicroTime::FromTimePoint(clock_->Now()).String(); }

  std::shared_ptr<DynamicClient> dynamic_;
  EventRecorder recorder_;
};

TEST_P(EventRecorderTest, TheFirstOccurrenceCreatesAnEvent) {
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 1u);
  const nlohmann::json& event = events[0];
  EXPECT_TRUE(event["metadata"]["name"].get<std::string>().starts_with("web."));
  EXPECT_EQ(event["regarding"]["name"], "web");
  EXPECT_EQ(event["regarding"]["kind"], "Pod");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["reason"], "FailedMount");
  EXPECT_EQ(event["action"], "Mounting");
  EXPECT_EQ(event["note"], "volume not found");
  EXPECT_EQ(event["reportingController"], "demo-controller");
  EXPECT_EQ(event["reportingInstance"], "demo-controller-host");
  EXPECT_EQ(event["eventTime"], Now());
  EXPECT_FALSE(event.contains("series"));
}

TEST_P(EventRecorderTest, RepeatsWithinTheWindowBecomeASeries) {
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::string first_time = Now();
  clock_->Step(seconds(10));
  // The note is not part of the isomorphic key (client-go's eventKey).
  ASSERT_TRUE(recorder_.Event(FailedMount("web", "still not found")).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["series"]["count"], 2);
  EXPECT_EQ(events[0]["series"]["lastObservedTime"], Now());
  EXPECT_EQ(events[0]["eventTime"], first_time);
  // Later repeats are counted in memory until Flush writes them.
  clock_->Step(seconds(10));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  clock_->Step(seconds(10));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  EXPECT_EQ(ServerEvents()[0]["series"]["count"], 2);
  ASSERT_TRUE(recorder_.Flush().has_value());
  events = ServerEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["series"]["count"], 4);
  EXPECT_EQ(events[0]["series"]["lastObservedTime"], Now());
}

TEST_P(EventRecorderTest, OtherReasonsAndObjectsAreSeparateEvents) {
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  EventSpec scheduled = FailedMount("web");
  scheduled.type = "Normal";
  scheduled.reason = "Scheduled";
  clock_->Step(seconds(1));
  ASSERT_TRUE(recorder_.Event(scheduled).has_value());
  clock_->Step(seconds(1));
  ASSERT_TRUE(recorder_.Event(FailedMount("db")).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 3u);
  for (const nlohmann::json& event : events) EXPECT_FALSE(event.contains("series"));
}

TEST_P(EventRecorderTest, EventsInTheSameInstantGetDistinctNames) {
  // The clock does not move between the two: client-go's name would repeat.
  EventSpec scheduled = FailedMount("web");
  scheduled.type = "Normal";
  scheduled.reason = "Scheduled";
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  ASSERT_TRUE(recorder_.Event(scheduled).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0]["metadata"]["name"], events[1]["metadata"]["name"]);
  EXPECT_EQ(events[0]["eventTime"], Now());
  EXPECT_EQ(events[1]["eventTime"], Now());
}

TEST_P(EventRecorderTest, AnIdleSeriesIsFinishedAndARepeatStartsANewEvent) {
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  clock_->Step(seconds(1));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  clock_->Step(seconds(1));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::string last_observed = Now();
  clock_->Step(EventRecorder::kSeriesWindow + seconds(1));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 2u);
  std::map<int, nlohmann::json> by_count;  // the finished series and the new single Event
  for (const nlohmann::json& event : events) {
    by_count[event.contains("series") ? event["series"]["count"].get<int>() : 1] = event;
  }
  ASSERT_TRUE(by_count.contains(3));
  EXPECT_EQ(by_count[3]["series"]["lastObservedTime"], last_observed);
  ASSERT_TRUE(by_count.contains(1));
  EXPECT_EQ(by_count[1]["eventTime"], Now());
}

TEST_P(EventRecorderTest, ASeriesWhoseEventWasDeletedIsCreatedAgain) {
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::string name = ServerEvents()[0]["metadata"]["name"];
  ASSERT_TRUE(dynamic_->Resource(kEvents).Namespace("default").Delete(name).has_value());
  clock_->Step(seconds(1));
  ASSERT_TRUE(recorder_.Event(FailedMount("web")).has_value());
  std::vector<nlohmann::json> events = ServerEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["series"]["count"], 2);
}

TEST_P(EventRecorderTest, AnUnsupportedTypeIsRefused) {
  EventSpec odd = FailedMount("web");
  odd.type = "Info";
  Result<void> recorded = recorder_.Event(odd);
  ASSERT_FALSE(recorded.has_value());
  EXPECT_TRUE(api::IsBadRequest(recorded.error()));
  EXPECT_EQ(recorded.error().message(), "Unsupported event type: 'Info'");
  EXPECT_TRUE(ServerEvents().empty());
}

INSTANTIATE_TEST_SUITE_P(Transports, EventRecorderTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client::record
