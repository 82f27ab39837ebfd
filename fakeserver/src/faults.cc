// FaultInjector, its builder and handles: an ordered list of installed faults with hit counts.
#include "kubefake/fakeserver/faults.h"

#include <algorithm>
#include <atomic>

namespace kubefake::fakeserver {

struct FaultHandle::Installed {
  explicit Installed(FaultSpec fault_spec) : spec(std::move(fault_spec)) {}
  const FaultSpec spec;
  std::atomic<int64_t> hits{0};
  std::atomic<bool> removed{false};
};

void FaultHandle::Remove() { fault_->removed = true; }

int64_t FaultHandle::Hits() const { return fault_->hits; }

FaultBuilder::FaultBuilder(FaultInjector& injector, Result<ActionPattern> pattern)
    : injector_(injector) {
  if (pattern) {
    spec_.pattern = std::move(*pattern);
  } else {
    error_ = pattern.error();
  }
}

void FaultBuilder::SetError(std::string message) {
  if (!error_) error_ = api::NewBadRequest(std::move(message));
}

FaultBuilder& FaultBuilder::InNamespace(std::string namespace_) {
  spec_.pattern.namespace_ = std::move(namespace_);
  return *this;
}

FaultBuilder& FaultBuilder::Named(std::string name) {
  spec_.pattern.name = std::move(name);
  return *this;
}

FaultBuilder& FaultBuilder::ByUser(std::string user) {
  spec_.pattern.user = std::move(user);
  return *this;
}

FaultBuilder& FaultBuilder::When(std::function<bool(const Action&)> predicate) {
  spec_.when = std::move(predicate);
  return *this;
}

FaultBuilder& FaultBuilder::SetEffect(FaultEffect effect) {
  if (spec_.effect) {
    SetError("a fault has one effect; install another fault for a second one");
  } else {
    spec_.effect = std::move(effect);
  }
  return *this;
}

FaultBuilder& FaultBuilder::Fail(api::Error error) {
  return SetEffect(FailEffect{std::move(error)});
}

FaultBuilder& FaultBuilder::Delay(std::chrono::nanoseconds duration) {
  if (duration <= std::chrono::nanoseconds::zero()) SetError("a delay must be positive");
  return SetEffect(DelayEffect{duration});
}

FaultBuilder& FaultBuilder::CloseWatchAfter(int64_t frames) {
  if (frames <= 0) SetError("CloseWatchAfter needs a positive number of frames");
  return SetEffect(CloseWatchEffect{frames});
}

FaultBuilder& FaultBuilder::ExpireWatch() { return SetEffect(ExpireWatchEffect{}); }

FaultBuilder& FaultBuilder::Throttle(int retry_after_seconds) {
  if (retry_after_seconds < 0) SetError("Retry-After seconds may not be negative");
  return SetEffect(ThrottleEffect{retry_after_seconds});
}

FaultBuilder& FaultBuilder::Times(int64_t n) {
  spec_.times = n;
  return *this;
}

Result<FaultHandle> FaultBuilder::Install() {
  if (error_) return kubefake::Fail(*error_);
  return injector_.Add(spec_);
}

FaultInjector::FaultInjector() = default;
FaultInjector::~FaultInjector() = default;

FaultBuilder FaultInjector::On(std::string_view verb, std::string_view resource) {
  return FaultBuilder(*this, ActionPattern::For(verb, resource));
}

Result<FaultHandle> FaultInjector::Add(FaultSpec spec) {
  if (!spec.effect) {
    return Fail(api::NewBadRequest(
        "a fault needs an effect: Fail, Delay, CloseWatchAfter, ExpireWatch or Throttle"));
  }
  if (spec.times && *spec.times <= 0) {
    return Fail(api::NewBadRequest("Times needs a positive count"));
  }
  const bool watch_effect = std::holds_alternative<CloseWatchEffect>(*spec.effect) ||
                            std::holds_alternative<ExpireWatchEffect>(*spec.effect);
  if (watch_effect && spec.pattern.verb != "watch") {
    return Fail(api::NewBadRequest("CloseWatchAfter and ExpireWatch apply to the watch verb only"));
  }
  auto fault = std::make_shared<FaultHandle::Installed>(std::move(spec));
  std::lock_guard lock(mutex_);
  faults_.push_back(fault);
  return FaultHandle(fault);
}

void FaultInjector::Clear() {
  std::lock_guard lock(mutex_);
  for (const auto& fault : faults_) fault->removed = true;
  faults_.clear();
}

std::vector<FaultEffect> FaultInjector::Take(const Action& request) {
  std::vector<FaultEffect> effects;
  std::lock_guard lock(mutex_);
  std::erase_if(faults_, [](const auto& fault) {
    return fault->removed || (fault->spec.times && fault->hits >= *fault->spec.times);
  });
  for (const auto& fault : faults_) {
    if (!fault->spec.pattern.Matches(request)) continue;
    if (fault->spec.when && !fault->spec.when(request)) continue;
    if (fault->spec.times && fault->hits >= *fault->spec.times) continue;
    ++fault->hits;
    effects.push_back(*fault->spec.effect);
    const bool answers = std::holds_alternative<FailEffect>(effects.back()) ||
                         std::holds_alternative<ThrottleEffect>(effects.back()) ||
                         std::holds_alternative<ExpireWatchEffect>(effects.back());
    if (answers) break;
  }
  return effects;
}

}  // namespace kubefake::fakeserver
