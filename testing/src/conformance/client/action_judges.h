// Judges of the client conformance situations: pure functions over the requests a client under
// test made on the watched resource (recorded Actions, oldest first), each deciding whether the
// client did what client-go's Reflector does in that situation. No I/O; thread-safe.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "kubefake/fakeserver/action.h"
#include "kubefake/testing/conformance/report.h"

namespace kubefake::testkit::conformance {

// A request that (re)builds the client's state from scratch: a LIST without a continue token
// (R6.4) or a watch with sendInitialEvents=true (WatchList, R7.5).
bool IsSync(const fakeserver::Action& action);

// "list configmaps resourceVersion=\"12\" continue=... -> 200" for details.
std::string Describe(const fakeserver::Action& action);

// The first watch was closed by the server after delivering the event at `last_rv`: the next
// request must be a watch from exactly `last_rv` (R7.3), not a relist and not a watch from "",
// "0" or an older resourceVersion.
Verdict JudgeWatchResume(std::span<const fakeserver::Action> actions, std::string_view last_rv);

// The watch from `stale_rv` was answered 410 Expired (R7.4): the next request must be a sync
// (relist), not the stale resourceVersion again.
Verdict JudgeRelistAfterExpired(std::span<const fakeserver::Action> actions,
                                std::string_view stale_rv);

// A LIST page with a continue token was answered 410 Expired (R6.7): the next LIST must start
// over without a continue token, and the expired token must not be sent again. SKIP when the
// client never sent a continue token (it does not page).
Verdict JudgeListRestart(std::span<const fakeserver::Action> actions);

// The first request answered 429 carried `Retry-After: retry_after` (R5.12): the next request
// may not arrive sooner.
Verdict JudgeRetryAfter(std::span<const fakeserver::Action> actions,
                        std::chrono::seconds retry_after);

// Every request between `start` and `end` was answered 500: the client must back off, not
// hot-loop. At most 2 requests per second of the window; and the requests of the verb sent most
// (a client may try a WatchList then a LIST on each attempt) must space out: with 4 or more of
// them, the last gap at least 1.5 times the first (client-go doubles it, with jitter).
Verdict JudgeBackoff(std::span<const fakeserver::Action> actions,
                     std::chrono::system_clock::time_point start,
                     std::chrono::system_clock::time_point end);

// The update of `name` was answered 409 Conflict (R4.1): the client must retry it (a later
// update of `name` answered 2xx), at most `max_updates` updates in all.
Verdict JudgeConflictRetry(std::span<const fakeserver::Action> actions, std::string_view name,
                           int max_updates);

}  // namespace kubefake::testkit::conformance
