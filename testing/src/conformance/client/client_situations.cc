// The seven client situations. Faults that must hit the client's first requests are installed
// before it starts and told apart by the request's query (a sync or a resume); the others are
// installed once the recorded requests show the client is where the situation needs it.
#include "client_situations.h"

#include <algorithm>
#include <thread>

#include "kubefake/api/error.h"

namespace kubefake::testkit::conformance {
namespace {

using fakeserver::Action;
using fakeserver::FaultHandle;
using Actions = std::vector<Action>;
using Prepared = Result<std::vector<FaultHandle>>;

constexpr std::chrono::seconds kRetryAfter(2);
// How long the server answers every request with 500 in server-errors.
constexpr std::chrono::seconds kErrorWindow(8);
// How long the stalled request waits in server-stall.
constexpr std::chrono::seconds kStall(5);
// More than one LIST page of client-go's (and our Reflector's) 500.
constexpr int kPagedObjects = 600;
// R6.7's text for an expired continue token when no inconsistent-continue token is offered.
constexpr char kContinueExpired[] =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter.";
constexpr char kConflictCause[] =
    "the object has been modified; please apply your changes to the latest version and try again";

Verdict NotReady() { return Failed("the client did not sync (READY or a watch) in time"); }

std::optional<size_t> FirstWatch(const Actions& actions) {
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].verb == "watch") return i;
  }
  return std::nullopt;
}

bool IsResume(const Action& action) { return action.verb == "watch" && !IsSync(action); }

// Closes the client's first watch after it delivered `events` changes: a sync watch (WatchList,
// or a watch from ""/"0") first sends the seeded objects and, when bookmarks are allowed, the
// initial-events-end bookmark (R7.4, R7.6).
Prepared CloseFirstWatchAfter(SituationServer& server, int events) {
  std::vector<FaultHandle> handles;
  const int seeded = server.seeded();
  for (const bool bookmarks : {true, false}) {
    auto handle = server.Faults()
                      .On("watch", kConformanceResource)
                      .When([bookmarks](const Action& a) {
                        return IsSync(a) && (a.Query("allowWatchBookmarks") == "true") == bookmarks;
                      })
                      .CloseWatchAfter(seeded + (bookmarks ? 1 : 0) + events)
                      .Times(1)
                      .Install();
    if (!handle) return Fail(handle.error());
    handles.push_back(*handle);
  }
  auto resume = server.Faults()
                    .On("watch", kConformanceResource)
                    .When(IsResume)
                    .CloseWatchAfter(events)
                    .Times(1)
                    .Install();
  if (!resume) return Fail(resume.error());
  handles.push_back(*resume);
  return handles;
}

// Waits for the client's first watch, then removes the prepared faults it did not use.
bool WaitForFirstWatch(SituationContext& context) {
  const Actions actions =
      context.WaitForActions([](const Actions& a) { return FirstWatch(a).has_value(); });
  for (FaultHandle& fault : context.prepared()) {
    if (fault.Hits() == 0) fault.Remove();
  }
  return FirstWatch(actions).has_value();
}

Result<std::string> CreateNext(SituationServer& server, int i) {
  return server.CreateConfigMap("added-" + std::to_string(i));
}

Verdict PlayWatchResume(SituationContext& context) {
  if (!context.WaitReady() || !WaitForFirstWatch(context)) return NotReady();
  std::string last_rv;
  for (int i = 0; i < 3; ++i) {
    auto rv = CreateNext(context.server(), i);
    if (!rv) return Failed("creating a configmap: " + rv.error().message());
    last_rv = *rv;
  }
  const Actions actions = context.WaitForActions([](const Actions& a) {
    auto first = FirstWatch(a);
    return first && *first + 1 < a.size();
  });
  return JudgeWatchResume(actions, last_rv);
}

Verdict PlayWatchExpired(SituationContext& context) {
  if (!context.WaitReady() || !WaitForFirstWatch(context)) return NotReady();
  auto expire = context.server()
                    .Faults()
                    .On("watch", kConformanceResource)
                    .When(IsResume)
                    .ExpireWatch()
                    .Times(1)
                    .Install();
  if (!expire) return Failed("installing the fault: " + expire.error().message());
  auto rv = CreateNext(context.server(), 0);
  if (!rv) return Failed("creating a configmap: " + rv.error().message());
  const std::string stale = *rv;
  // Done once the request after the closed watch is not the resume from `stale` (a wrong
  // client), or the resume has been answered and followed by another request.
  const Actions actions = context.WaitForActions([&stale](const Actions& a) {
    auto first = FirstWatch(a);
    if (!first || *first + 1 >= a.size()) return false;
    const Action& next = a[*first + 1];
    return !(IsResume(next) && next.Query("resourceVersion") == stale) || *first + 2 < a.size();
  });
  return JudgeRelistAfterExpired(actions, stale);
}

Verdict PlayListExpired(SituationContext& context) {
  if (!context.WaitReady()) return NotReady();
  return JudgeListRestart(context.server().ClientActions());
}

Verdict PlayRetryAfter(SituationContext& context) {
  const Actions actions = context.WaitForActions([](const Actions& a) {
    auto throttled = std::ranges::find_if(a, [](const Action& x) { return x.code == 429; });
    return throttled != a.end() && throttled + 1 != a.end();
  });
  Verdict verdict = JudgeRetryAfter(actions, kRetryAfter);
  if (!context.WaitReady() && verdict.outcome == Outcome::kPass) return NotReady();
  return verdict;
}

Verdict PlayServerErrors(SituationContext& context) {
  const Actions first = context.WaitForActions([](const Actions& a) { return !a.empty(); });
  if (first.empty()) return Failed("the client made no request");
  const auto start = first.front().time;
  std::this_thread::sleep_for(kErrorWindow - (context.server().Now() - start));
  const auto end = context.server().Now();
  for (FaultHandle& fault : context.prepared()) fault.Remove();
  const Verdict verdict = JudgeBackoff(context.server().ClientActions(), start, end);
  if (!context.WaitReady() && verdict.outcome == Outcome::kPass) {
    return Failed("the client did not sync once the 500s stopped");
  }
  return verdict;
}

Verdict PlayUpdateConflict(SituationContext& context) {
  if (!context.WaitReady()) return NotReady();
  if (!context.protocol().writer) {
    return {Outcome::kSkip, "the client does not declare WRITER (it does not update objects)"};
  }
  const std::string key = std::string(kConformanceNamespace) + "/cm-0";
  std::optional<std::string> answer = context.Ask("UPDATE " + key, {"UPDATED", "UPDATE-FAILED"});
  if (!answer) return Failed("no UPDATED or UPDATE-FAILED answer to UPDATE " + key);
  if (*answer != "UPDATED") return Failed("the client gave up: " + *answer);
  return JudgeConflictRetry(context.server().ClientActions(), "cm-0", 5);
}

Verdict PlayServerStall(SituationContext& context) {
  // Changes the client must pick up once the server answers again.
  for (int i = 0; i < 2; ++i) {
    if (auto rv = CreateNext(context.server(), i); !rv) {
      return Failed("creating a configmap: " + rv.error().message());
    }
  }
  if (!context.WaitReady()) return NotReady();
  const Actions actions = context.WaitForActions([](const Actions& a) {
    return std::ranges::any_of(a,
                               [](const Action& x) { return x.verb == "watch" && x.code == 200; });
  });
  const bool watched = std::ranges::any_of(
      actions, [](const Action& x) { return x.verb == "watch" && x.code == 200; });
  if (!watched || !context.server().Http().WaitForOpenWatches(1, std::chrono::seconds(10))) {
    return Failed("expected the client to watch again after a " + std::to_string(kStall.count()) +
                  " s stall, it has no open watch");
  }
  return {};
}

Prepared InstallOne(Result<FaultHandle> handle) {
  if (!handle) return Fail(handle.error());
  return std::vector<FaultHandle>{*handle};
}

}  // namespace

const std::vector<ClientSituation>& ClientSituations() {
  static const auto* situations = new std::vector<ClientSituation>{
      {"watch-resume", "a closed watch resumes from the last resourceVersion it saw", "R7.8", 5,
       [](SituationServer& server) { return CloseFirstWatchAfter(server, 3); }, PlayWatchResume},
      {"watch-expired", "a resume answered 410 Expired relists instead of retrying", "R7.4", 5,
       [](SituationServer& server) { return CloseFirstWatchAfter(server, 1); }, PlayWatchExpired},
      {"list-expired", "a LIST whose continue token expired starts over", "R6.7", kPagedObjects,
       [](SituationServer& server) {
         return InstallOne(
             server.Faults()
                 .On("list", kConformanceResource)
                 .When([](const Action& a) { return a.Query("continue").has_value(); })
                 .Fail(api::NewResourceExpired(kContinueExpired))
                 .Times(1)
                 .Install());
       },
       PlayListExpired},
      {"retry-after", "a 429 with Retry-After: 2 is retried no sooner than 2 s later", "R5.12", 5,
       [](SituationServer& server) {
         return InstallOne(server.Faults()
                               .On("*", kConformanceResource)
                               .Throttle(static_cast<int>(kRetryAfter.count()))
                               .Times(1)
                               .Install());
       },
       PlayRetryAfter},
      {"server-errors", "500s on every request are retried with backoff, not in a hot loop",
       "R5.13", 5,
       [](SituationServer& server) {
         return InstallOne(server.Faults()
                               .On("*", kConformanceResource)
                               .Fail(api::NewInternalError("injected by kubefake conformance"))
                               .Install());
       },
       PlayServerErrors},
      {"update-conflict", "an update answered 409 Conflict is retried from the latest state",
       "R5.4", 5,
       [](SituationServer& server) {
         return InstallOne(
             server.Faults()
                 .On("update", kConformanceResource)
                 .Named("cm-0")
                 .Fail(api::NewConflict({"", kConformanceResource}, "cm-0", kConflictCause))
                 .Times(1)
                 .Install());
       },
       PlayUpdateConflict},
      {"server-stall", "a watch the server stalls for 5 s does not stop the client", "R7.8", 5,
       [](SituationServer& server) {
         return InstallOne(
             server.Faults().On("watch", kConformanceResource).Delay(kStall).Times(1).Install());
       },
       PlayServerStall},
  };
  return *situations;
}

}  // namespace kubefake::testkit::conformance
