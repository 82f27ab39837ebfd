// FaultInjector: makes chosen requests fail, stall or lose their watch, inside the engine, so
// both doors (in-process and HTTP) see the same faults. Each fault matches requests by verb and
// resource (ActionPattern) and optionally namespace, name and user; faults are tried in the
// order they were added. Thread-safe.
//
//   Result<FaultHandle> conflict = server.faults()
//       .On("update", "pods").InNamespace("default").Named("web")
//       .Fail(api::NewConflict({"", "pods"}, "web", "injected"))
//       .Times(2)
//       .Install();
//
// A fault applies to resource requests only (not discovery or /healthz), to the engine's own
// controllers' requests too (the garbage collector deletes through the engine: match a user to
// spare them). Nothing is reordered or lost but what a fault asks for.
//
// Fidelity:
//   Emulated:  Throttle answers as priority-and-fairness rejects a request (R5.12): 429, plain
//              text `Too many requests, please try again later.`, a Retry-After header, no
//              Status. Fail(api::NewTooManyRequests(...)) gives the Status form with
//              details.retryAfterSeconds and the header instead (R5.1). ExpireWatch answers a
//              watch as a compacted resourceVersion does (R7.4): 200 and one ERROR event with
//              the 410 Expired Status `too old resource version: <requested> (<current>)`.
//              CloseWatchAfter ends the stream after N frames (bookmarks count) the way a
//              server ends a watch at its timeout: without an ERROR event; the client resumes
//              from the last resourceVersion it saw and loses nothing.
//   Differs:   Delay waits on the server's Clock before the request is handled: with a
//              testkit::FakeClock the request blocks (on either door) until the test steps
//              the clock past the delay (FakeClock::WaitForWaiters tells when it is waiting).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/action.h"

namespace kubefake::fakeserver {

// What a fault does to a request it matches.
struct FailEffect {  // answer this Status instead of handling the request
  api::Error error;
};
struct DelayEffect {  // wait this long on the server's clock, then go on
  std::chrono::nanoseconds duration;
};
struct CloseWatchEffect {  // end the watch stream after this many frames
  int64_t frames;
};
struct ExpireWatchEffect {};  // answer a watch with a 410 Expired ERROR event
struct ThrottleEffect {       // answer 429 as priority-and-fairness does
  int retry_after_seconds;
};
using FaultEffect =
    std::variant<FailEffect, DelayEffect, CloseWatchEffect, ExpireWatchEffect, ThrottleEffect>;

struct FaultSpec {
  ActionPattern pattern;
  // Further condition on the request (its query, say); empty: none.
  std::function<bool(const Action&)> when;
  std::optional<FaultEffect> effect;
  // How many requests the fault applies to; nullopt: every matching request.
  std::optional<int64_t> times;
};

class FaultInjector;

// Names an installed fault. Copyable; outliving the server is harmless. Dropping the handle
// leaves the fault installed.
class FaultHandle {
 public:
  // Uninstalls the fault; requests already past it are not affected. Idempotent.
  void Remove();
  // How many requests the fault has applied to so far.
  int64_t Hits() const;

 private:
  friend class FaultInjector;
  struct Installed;
  explicit FaultHandle(std::shared_ptr<Installed> fault) : fault_(std::move(fault)) {}
  std::shared_ptr<Installed> fault_;
};

// Builds one fault; the first error (unknown verb, bad resource, no or conflicting effect)
// is kept and reported by Install, as client-go's request builder does.
class FaultBuilder {
 public:
  FaultBuilder& InNamespace(std::string namespace_);
  FaultBuilder& Named(std::string name);
  FaultBuilder& ByUser(std::string user);
  // Applies only to requests `predicate` accepts, e.g. a watch resuming from a resourceVersion
  // (the Action has the request's query but no answer yet). Called under the injector's lock:
  // it must not call into the injector.
  FaultBuilder& When(std::function<bool(const Action&)> predicate);

  // Effects; exactly one per fault.
  FaultBuilder& Fail(api::Error error);
  FaultBuilder& Delay(std::chrono::nanoseconds duration);
  // Watches only: end the stream after `frames` frames (> 0).
  FaultBuilder& CloseWatchAfter(int64_t frames);
  // Watches only: answer with the 410 Expired ERROR event.
  FaultBuilder& ExpireWatch();
  // 429 with `Retry-After: <seconds>` (>= 0).
  FaultBuilder& Throttle(int retry_after_seconds);

  // Applies to the next `n` (> 0) matching requests only; by default to every one.
  FaultBuilder& Times(int64_t n);

  // Installs the fault.
  // Errors: BadRequest naming the first mistake in the builder chain.
  Result<FaultHandle> Install();

 private:
  friend class FaultInjector;
  FaultBuilder(FaultInjector& injector, Result<ActionPattern> pattern);
  FaultBuilder& SetEffect(FaultEffect effect);
  void SetError(std::string message);

  FaultInjector& injector_;
  FaultSpec spec_;
  std::optional<api::Error> error_;
};

class FaultInjector {
 public:
  FaultInjector();
  ~FaultInjector();
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Starts a fault on `verb` ("get" ... "deletecollection", or "*") of `resource`
  // ("<plural>[.<group>][/<subresource>]" or "*"; see ActionPattern::For). The builder refers
  // to this injector and must not outlive it.
  FaultBuilder On(std::string_view verb, std::string_view resource);

  // Installs `spec`. Errors: BadRequest for a spec without an effect, Times <= 0, or a watch
  // effect on a pattern whose verb is not watch.
  Result<FaultHandle> Add(FaultSpec spec);

  // Uninstalls every fault.
  void Clear();

  // For the engine: the effects of the faults that apply to `request`, in the order the
  // faults were added, each counted as one hit. Stops after the first effect that answers the
  // request (Fail, Throttle, ExpireWatch).
  std::vector<FaultEffect> Take(const Action& request);

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<FaultHandle::Installed>> faults_;
};

}  // namespace kubefake::fakeserver
