// LeaderElector: client-go's tools/leaderelection over a LeaseLock. Candidates contend for one
// Lease; the holder renews it every RetryPeriod and gives up leading when it could not renew
// for RenewDeadline; others take over once they have seen the lease unchanged for
// LeaseDuration. Every wait is on the Clock, so a test drives an election with a FakeClock.
// Thread-safe (Run on one thread; IsLeader and GetLeader from any).
//
// Differs from client-go: no jitter on the retry period; OnNewLeader runs on Run's thread
// (not a goroutine of its own); Run waits for OnStartedLeading to return before it releases
// the lease and calls OnStoppedLeading; no events, metrics, healthz adaptor or coordinated
// leader election.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"
#include "kubefake/client/leaderelection/leader_election_record.h"
#include "kubefake/client/leaderelection/lease_lock.h"

namespace kubefake::client::leaderelection {

struct LeaderCallbacks {
  // Runs on a thread of its own once this candidate leads. `stop` is requested when it stops
  // leading (renewal failed, or Run was stopped); it must then return. Required.
  std::function<void(std::stop_token stop)> on_started_leading;
  // Runs when Run ends, whether or not this candidate ever led (as in client-go). Required.
  std::function<void()> on_stopped_leading;
  // Runs each time a different leader is observed, this candidate included. Optional.
  std::function<void(const std::string& identity)> on_new_leader;
};

struct LeaderElectionConfig {
  std::unique_ptr<LeaseLock> lock;
  // How long non-leaders wait, from their last sight of a change to the lease, before they
  // take it over. Must exceed renew_deadline.
  std::chrono::nanoseconds lease_duration = std::chrono::seconds(15);
  // How long the leader keeps retrying a failed renewal before it stops leading. Must exceed
  // 1.2 * retry_period.
  std::chrono::nanoseconds renew_deadline = std::chrono::seconds(10);
  // The wait between attempts to acquire or renew.
  std::chrono::nanoseconds retry_period = std::chrono::seconds(2);
  LeaderCallbacks callbacks;
  // Release the lease (empty holder, 1 s duration) when Run is stopped while leading.
  bool release_on_cancel = false;
  // nullptr: a RealClock.
  std::shared_ptr<api::Clock> clock;
};

class LeaderElector {
 public:
  // Validates `config` as client-go's NewLeaderElector does.
  // Errors: BadRequest naming the rule broken, e.g. `leaseDuration must be greater than
  // renewDeadline`, `OnStartedLeading callback must not be nil`, `Lock identity is empty`.
  static Result<std::unique_ptr<LeaderElector>> New(LeaderElectionConfig config);

  // Contends for the lease until it is acquired, then leads (on_started_leading) and renews
  // until `stop` is requested or a renewal fails for renew_deadline; then releases the lease
  // if configured and calls on_stopped_leading. Blocks until all of that is done. Call once.
  void Run(std::stop_token stop);

  // The holder last observed ("" before any), and whether it is this candidate.
  std::string GetLeader() const;
  bool IsLeader() const;

 private:
  explicit LeaderElector(LeaderElectionConfig config);

  bool Acquire(std::stop_token stop);
  // Renews every retry_period; returns when stopped or when a renewal failed for
  // renew_deadline.
  void Renew(std::stop_token stop);
  // One attempt: true if this candidate now holds the lease.
  bool TryAcquireOrRenew();
  void Release();
  void MaybeReportTransition();

  void SetObservedRecord(const LeaderElectionRecord& record);
  LeaderElectionRecord ObservedRecord() const;
  bool IsLeaseValid(std::chrono::system_clock::time_point now) const;

  LeaderElectionConfig config_;
  mutable std::mutex mutex_;
  LeaderElectionRecord observed_record_;                // guarded by mutex_
  std::chrono::system_clock::time_point observed_time_;  // guarded by mutex_
  // Used only by Run's thread.
  std::optional<LeaderElectionRecord> observed_raw_record_;  // as last read from the lock
  std::string reported_leader_;
};

}  // namespace kubefake::client::leaderelection
