// LeaderElector: client-go's acquire / renew / tryAcquireOrRenew / release loop, with every
// wait on the Clock and stop requests in place of a context.
#include "kubefake/client/leaderelection/leader_elector.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "clock_sleep.h"
#include "kubefake/api/error.h"

namespace kubefake::client::leaderelection {

namespace {
// client-go's JitterFactor; used only to validate renew_deadline, as there is no jitter here.
constexpr double kJitterFactor = 1.2;
}  // namespace

Result<std::unique_ptr<LeaderElector>> LeaderElector::New(LeaderElectionConfig config) {
  auto invalid = [](const char* message) { return Fail(api::NewBadRequest(message)); };
  if (config.lease_duration <= config.renew_deadline) {
    return invalid("leaseDuration must be greater than renewDeadline");
  }
  if (config.renew_deadline.count() <= kJitterFactor * config.retry_period.count()) {
    return invalid("renewDeadline must be greater than retryPeriod*JitterFactor");
  }
  if (config.lease_duration.count() < 1) return invalid("leaseDuration must be greater than zero");
  if (config.renew_deadline.count() < 1) return invalid("renewDeadline must be greater than zero");
  if (config.retry_period.count() < 1) return invalid("retryPeriod must be greater than zero");
  if (!config.callbacks.on_started_leading) {
    return invalid("OnStartedLeading callback must not be nil");
  }
  if (!config.callbacks.on_stopped_leading) {
    return invalid("OnStoppedLeading callback must not be nil");
  }
  if (!config.lock) return invalid("Lock must not be nil.");
  if (config.lock->Identity().empty()) return invalid("Lock identity is empty");
  if (!config.clock) config.clock = std::make_shared<api::RealClock>();
  return std::unique_ptr<LeaderElector>(new LeaderElector(std::move(config)));
}

LeaderElector::LeaderElector(LeaderElectionConfig config) : config_(std::move(config)) {}

void LeaderElector::Run(std::stop_token stop) {
  if (Acquire(stop)) {
    std::stop_source leading;
    std::stop_callback forward_stop(stop, [&leading] { leading.request_stop(); });
    std::jthread started(
        [&callback = config_.callbacks.on_started_leading, token = leading.get_token()] {
          callback(token);
        });
    Renew(stop);
    leading.request_stop();
    started.join();
    if (config_.release_on_cancel) Release();
  }
  config_.callbacks.on_stopped_leading();
}

std::string LeaderElector::GetLeader() const { return ObservedRecord().holder_identity; }

bool LeaderElector::IsLeader() const {
  return ObservedRecord().holder_identity == config_.lock->Identity();
}

bool LeaderElector::Acquire(std::stop_token stop) {
  while (!stop.stop_requested()) {
    const bool acquired = TryAcquireOrRenew();
    MaybeReportTransition();
    if (acquired) return true;
    if (!SleepOn(*config_.clock, config_.retry_period, stop)) return false;
  }
  return false;
}

void LeaderElector::Renew(std::stop_token stop) {
  api::Clock& clock = *config_.clock;
  while (!stop.stop_requested()) {
    // Retry every retry_period until renewed, for at most renew_deadline.
    const auto deadline = clock.Now() + config_.renew_deadline;
    bool renewed = false;
    while (!(renewed = TryAcquireOrRenew())) {
      const auto remaining = deadline - clock.Now();
      if (remaining <= std::chrono::nanoseconds::zero()) break;
      if (!SleepOn(clock, std::min<std::chrono::nanoseconds>(config_.retry_period, remaining),
                   stop)) {
        return;
      }
    }
    MaybeReportTransition();
    if (!renewed) return;
    if (!SleepOn(clock, config_.retry_period, stop)) return;
  }
}

bool LeaderElector::TryAcquireOrRenew() {
  LeaseLock& lock = *config_.lock;
  const auto now = config_.clock->Now();
  LeaderElectionRecord record;
  record.holder_identity = lock.Identity();
  record.lease_duration_seconds = static_cast<int>(
      std::chrono::duration_cast<std::chrono::seconds>(config_.lease_duration).count());
  record.acquire_time = now;
  record.renew_time = now;

  // 1. The leader first renews optimistically, assuming the lease it wrote last is current.
  if (IsLeader() && IsLeaseValid(now)) {
    const LeaderElectionRecord observed = ObservedRecord();
    record.acquire_time = observed.acquire_time;
    record.leader_transitions = observed.leader_transitions;
    if (lock.Update(record)) {
      SetObservedRecord(record);
      return true;
    }
  }

  // 2. Read the lease, or create it.
  Result<LeaderElectionRecord> current = lock.Get();
  if (!current) {
    if (!api::IsNotFound(current.error()) || !lock.Create(record)) return false;
    SetObservedRecord(record);
    return true;
  }

  // 3. A changed record restarts the wait for it to expire.
  if (observed_raw_record_ != *current) {
    SetObservedRecord(*current);
    observed_raw_record_ = *current;
  }
  if (!current->holder_identity.empty() && IsLeaseValid(now) && !IsLeader()) return false;

  // 4. Take the lease over, or renew it.
  if (IsLeader()) {
    record.acquire_time = current->acquire_time;
    record.leader_transitions = current->leader_transitions;
  } else {
    record.leader_transitions = current->leader_transitions + 1;
  }
  if (!lock.Update(record)) return false;
  SetObservedRecord(record);
  return true;
}

void LeaderElector::Release() {
  if (!IsLeader()) return;
  const auto now = config_.clock->Now();
  LeaderElectionRecord record;
  record.leader_transitions = ObservedRecord().leader_transitions;
  record.lease_duration_seconds = 1;
  record.acquire_time = now;
  record.renew_time = now;
  if (config_.lock->Update(record)) SetObservedRecord(record);
}

void LeaderElector::MaybeReportTransition() {
  const std::string holder = GetLeader();
  if (holder == reported_leader_) return;
  reported_leader_ = holder;
  if (config_.callbacks.on_new_leader) config_.callbacks.on_new_leader(reported_leader_);
}

void LeaderElector::SetObservedRecord(const LeaderElectionRecord& record) {
  const auto now = config_.clock->Now();
  std::lock_guard lock(mutex_);
  observed_record_ = record;
  observed_time_ = now;
}

LeaderElectionRecord LeaderElector::ObservedRecord() const {
  std::lock_guard lock(mutex_);
  return observed_record_;
}

bool LeaderElector::IsLeaseValid(std::chrono::system_clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return observed_time_ + std::chrono::seconds(observed_record_.lease_duration_seconds) > now;
}

}  // namespace kubefake::client::leaderelection
