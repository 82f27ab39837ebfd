// Tests of leaderelection::LeaderElector and LeaseLock against the fake's engine over every
// transport, with a FakeClock: acquire, renew, take over an expired lease, lose a lease that
// cannot be renewed, release on stop, and the callbacks' order.
#include "kubefake/client/leaderelection/leader_elector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../client_test_fixture.h"
#include "kubefake/api/time.h"
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client::leaderelection {
namespace {

using std::chrono::seconds;

const api::GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};

std::string MicroTimeString(std::chrono::system_clock::time_point time) {
  return api::MicroTime::FromTimePoint(time).String();
}

// One candidate running LeaderElector::Run on its own thread, recording its callbacks.
struct Candidate {
  std::vector<std::string> Events() {
    std::lock_guard lock(mutex);
    return events;
  }
  void Record(std::string event) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(event));
    recorded.notify_all();
  }
  // Waits (with a deadline) until `event` has been recorded.
  bool WaitFor(const std::string& event) {
    std::unique_lock lock(mutex);
    return recorded.wait_for(lock, std::chrono::seconds(10), [&] {
      return std::find(events.begin(), events.end(), event) != events.end();
    });
  }

  std::mutex mutex;
  std::condition_variable recorded;
  std::vector<std::string> events;  // guarded by mutex
  std::atomic<bool> finished{false};
  std::chrono::system_clock::time_point stopped_at;  // written before finished
  std::unique_ptr<LeaderElector> elector;
  std::jthread thread;  // last: stopped and joined before the elector goes
};

class LeaderElectorTest : public ClientTest {
 protected:
  LeaderElectorTest() : dynamic_(std::move(DynamicClient::NewForConfig(config_).value())) {}

  DynamicResource Leases() const { return dynamic_->Resource(kLeases).Namespace("default"); }

  std::unique_ptr<LeaseLock> Lock(std::string identity) const {
    return std::make_unique<LeaseLock>(*dynamic_, "default", "controller", std::move(identity));
  }

  LeaderElectionConfig Config(std::string identity, Candidate& candidate) const {
    LeaderElectionConfig config;
    config.lock = Lock(std::move(identity));
    config.clock = clock_;
    config.callbacks.on_started_leading = [&candidate](std::stop_token stop) {
      candidate.Record("started");
      std::mutex mutex;
      std::condition_variable_any never;
      std::unique_lock lock(mutex);
      never.wait(lock, stop, [] { return false; });
      candidate.Record("started returned");
    };
    config.callbacks.on_stopped_leading = [this, &candidate] {
      candidate.Record("stopped");
      candidate.stopped_at = clock_->Now();
      candidate.finished = true;
    };
    config.callbacks.on_new_leader = [&candidate](const std::string& identity) {
      candidate.Record("leader " + identity);
    };
    return config;
  }

  std::unique_ptr<Candidate> Start(std::string identity, bool release_on_cancel = false) {
    auto candidate = std::make_unique<Candidate>();
    LeaderElectionConfig config = Config(std::move(identity), *candidate);
    config.release_on_cancel = release_on_cancel;
    Result<std::unique_ptr<LeaderElector>> elector = LeaderElector::New(std::move(config));
    EXPECT_TRUE(elector) << elector.error().message();
    candidate->elector = std::move(*elector);
    candidate->thread =
        std::jthread([c = candidate.get()](std::stop_token stop) { c->elector->Run(stop); });
    return candidate;
  }

  // A lease held by `holder`, renewed now.
  void CreateLeaseHeldBy(const std::string& holder, int transitions) {
    const std::string now = MicroTimeString(clock_->Now());
    nlohmann::json lease = {
        {"apiVersion", "coordination.k8s.io/v1"},
        {"kind", "Lease"},
        {"metadata", {{"name", "controller"}}},
        {"spec",
         {{"holderIdentity", holder},
          {"leaseDurationSeconds", 15},
          {"leaseTransitions", transitions},
          {"acquireTime", now},
          {"renewTime", now}}}};
    Result<nlohmann::json> created = Leases().Create(lease);
    ASSERT_TRUE(created) << created.error().message();
  }

  // Another client writes the lease as held by `holder`, renewed now.
  void RenewLeaseAs(const std::string& holder) {
    Result<nlohmann::json> lease = Leases().Get("controller");
    ASSERT_TRUE(lease) << lease.error().message();
    (*lease)["spec"]["holderIdentity"] = holder;
    (*lease)["spec"]["renewTime"] = MicroTimeString(clock_->Now());
    Result<nlohmann::json> updated = Leases().Update(*lease);
    ASSERT_TRUE(updated) << updated.error().message();
  }

  nlohmann::json LeaseSpec() const {
    Result<nlohmann::json> lease = Leases().Get("controller");
    EXPECT_TRUE(lease) << lease.error().message();
    return lease ? (*lease)["spec"] : nlohmann::json();
  }

  // Moves the clock on by the retry period each time the candidate is asleep on it, until
  // `done` holds while it sleeps; false if that takes more than `max_steps`.
  template <typename Condition>
  bool StepUntil(Condition done, int max_steps = 50) {
    for (int steps = 0; steps <= max_steps; ++steps) {
      if (!clock_->WaitForWaiters(1)) return false;
      if (done()) return true;
      clock_->Step(seconds(2));
    }
    return false;
  }

  std::unique_ptr<DynamicClient> dynamic_;
};

TEST_P(LeaderElectorTest, AcquiresAFreeLeaseAndRenewsItEveryRetryPeriod) {
  const auto start = clock_->Now();
  auto a = Start("a");
  ASSERT_TRUE(clock_->WaitForWaiters(1)) << "acquired, renewed, and asleep until the next renewal";
  EXPECT_TRUE(a->elector->IsLeader());
  EXPECT_EQ(a->elector->GetLeader(), "a");
  nlohmann::json spec = LeaseSpec();
  EXPECT_EQ(spec["holderIdentity"], "a");
  EXPECT_EQ(spec["leaseDurationSeconds"], 15);
  EXPECT_EQ(spec["leaseTransitions"], 0);
  EXPECT_EQ(spec["acquireTime"], MicroTimeString(start));
  EXPECT_EQ(spec["renewTime"], MicroTimeString(start));

  clock_->Step(seconds(2));
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  spec = LeaseSpec();
  EXPECT_EQ(spec["renewTime"], MicroTimeString(start + seconds(2)));
  EXPECT_EQ(spec["acquireTime"], MicroTimeString(start)) << "a renewal keeps the acquire time";

  a->thread.request_stop();
  a->thread.join();
  EXPECT_EQ(a->Events(),
            (std::vector<std::string>{"leader a", "started", "started returned", "stopped"}));
  EXPECT_EQ(LeaseSpec()["holderIdentity"], "a") << "kept: release_on_cancel is off";
}

TEST_P(LeaderElectorTest, TakesOverALeaseOnlyAfterSeeingItUnchangedForTheLeaseDuration) {
  CreateLeaseHeldBy("b", 3);
  const auto start = clock_->Now();
  auto a = Start("a");
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_FALSE(a->elector->IsLeader());
  EXPECT_EQ(a->elector->GetLeader(), "b");

  ASSERT_TRUE(StepUntil([&] { return a->elector->IsLeader(); }));
  EXPECT_EQ(clock_->Now() - start, seconds(16))
      << "valid at 14 s (15 s after first sight), expired at the attempt at 16 s";
  nlohmann::json spec = LeaseSpec();
  EXPECT_EQ(spec["holderIdentity"], "a");
  EXPECT_EQ(spec["leaseTransitions"], 4);
  EXPECT_EQ(spec["acquireTime"], MicroTimeString(start + seconds(16)));
  std::vector<std::string> events = a->Events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0], "leader b");
  EXPECT_EQ(events[1], "leader a");
}

TEST_P(LeaderElectorTest, AHolderThatKeepsRenewingKeepsTheLease) {
  CreateLeaseHeldBy("b", 0);
  auto a = Start("a");
  for (int second = 2; second <= 60; second += 2) {
    ASSERT_TRUE(clock_->WaitForWaiters(1));
    clock_->Step(seconds(2));
    if (second % 10 == 0) RenewLeaseAs("b");
  }
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_FALSE(a->elector->IsLeader());
  EXPECT_EQ(LeaseSpec()["holderIdentity"], "b");
}

TEST_P(LeaderElectorTest, StopsLeadingWhenItCannotRenewWithinTheRenewDeadline) {
  const auto start = clock_->Now();
  auto a = Start("a", /*release_on_cancel=*/true);
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  ASSERT_TRUE(a->elector->IsLeader());
  ASSERT_TRUE(a->WaitFor("started"));
  RenewLeaseAs("b");  // a's next renewal conflicts, then finds b's fresh lease

  for (int steps = 0; !a->finished; ++steps) {
    ASSERT_LT(steps, 1000) << "never stopped leading";
    if (clock_->WaitForWaiters(1, std::chrono::milliseconds(10))) clock_->Step(seconds(2));
  }
  a->thread.join();
  EXPECT_EQ(a->stopped_at - start, seconds(12))
      << "the renewal that began at 2 s gives up at its 10 s deadline";
  EXPECT_EQ(a->Events(), (std::vector<std::string>{"leader a", "started", "leader b",
                                                   "started returned", "stopped"}));
  EXPECT_EQ(LeaseSpec()["holderIdentity"], "b") << "not released: a no longer holds it";
}

TEST_P(LeaderElectorTest, ReleasesTheLeaseOnStopSoAnotherCandidateTakesItAtOnce) {
  auto a = Start("a", /*release_on_cancel=*/true);
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  auto b = Start("b");
  ASSERT_TRUE(clock_->WaitForWaiters(2)) << "b saw a's valid lease and waits";
  EXPECT_EQ(b->elector->GetLeader(), "a");

  a->thread.request_stop();
  a->thread.join();
  nlohmann::json spec = LeaseSpec();
  EXPECT_EQ(spec["holderIdentity"], "");
  EXPECT_EQ(spec["leaseDurationSeconds"], 1);
  EXPECT_EQ(spec["leaseTransitions"], 0);
  EXPECT_EQ(a->Events().back(), "stopped");

  ASSERT_TRUE(clock_->WaitForWaiters(1));
  clock_->Step(seconds(2));
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_TRUE(b->elector->IsLeader()) << "an empty holder needs no wait for expiry";
  spec = LeaseSpec();
  EXPECT_EQ(spec["holderIdentity"], "b");
  EXPECT_EQ(spec["leaseTransitions"], 1);
}

TEST_P(LeaderElectorTest, StoppingBeforeAcquiringCallsOnlyOnStoppedLeading) {
  CreateLeaseHeldBy("b", 0);
  auto a = Start("a", /*release_on_cancel=*/true);
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  a->thread.request_stop();
  a->thread.join();
  EXPECT_EQ(a->Events(), (std::vector<std::string>{"leader b", "stopped"}));
  EXPECT_EQ(LeaseSpec()["holderIdentity"], "b");
}

TEST_P(LeaderElectorTest, NewRejectsAConfigClientGoRejects) {
  struct Case {
    std::function<void(LeaderElectionConfig&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](auto& c) { c.renew_deadline = c.lease_duration; },
       "leaseDuration must be greater than renewDeadline"},
      {[](auto& c) { c.retry_period = seconds(9); },
       "renewDeadline must be greater than retryPeriod*JitterFactor"},
      {[](auto& c) { c.callbacks.on_started_leading = nullptr; },
       "OnStartedLeading callback must not be nil"},
      {[](auto& c) { c.callbacks.on_stopped_leading = nullptr; },
       "OnStoppedLeading callback must not be nil"},
      {[](auto& c) { c.lock = nullptr; }, "Lock must not be nil."},
      {[this](auto& c) { c.lock = Lock(""); }, "Lock identity is empty"},
  };
  for (const Case& test : cases) {
    Candidate unused;
    LeaderElectionConfig config = Config("a", unused);
    test.change(config);
    Result<std::unique_ptr<LeaderElector>> elector = LeaderElector::New(std::move(config));
    ASSERT_FALSE(elector) << test.message;
    EXPECT_TRUE(api::IsBadRequest(elector.error()));
    EXPECT_EQ(elector.error().message(), test.message);
  }
}

TEST_P(LeaderElectorTest, LeaseLockWritesWithTheResourceVersionItLastSaw) {
  std::unique_ptr<LeaseLock> lock = Lock("a");
  EXPECT_EQ(lock->Describe(), "default/controller");
  LeaderElectionRecord record{"a", 15, clock_->Now(), clock_->Now(), 0};

  Result<void> early = lock->Update(record);
  ASSERT_FALSE(early);
  EXPECT_TRUE(api::IsBadRequest(early.error()));
  EXPECT_EQ(early.error().message(), "lease not initialized, call get or create first");
  Result<LeaderElectionRecord> missing = lock->Get();
  ASSERT_FALSE(missing);
  EXPECT_TRUE(api::IsNotFound(missing.error()));

  ASSERT_TRUE(lock->Create(record));
  Result<LeaderElectionRecord> read = Lock("b")->Get();
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(*read, record);

  RenewLeaseAs("b");
  Result<void> stale = lock->Update(record);
  ASSERT_FALSE(stale);
  EXPECT_TRUE(api::IsConflict(stale.error())) << stale.error().message();
  ASSERT_TRUE(lock->Get());
  EXPECT_TRUE(lock->Update(record)) << "a fresh read makes the write current";
}

INSTANTIATE_TEST_SUITE_P(Transports, LeaderElectorTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client::leaderelection
