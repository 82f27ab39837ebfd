// The client conformance judges: find the request a situation provoked in the recorded actions
// and decide from what came after it.
#include "action_judges.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace kubefake::testkit::conformance {
namespace {

using fakeserver::Action;

std::string QueryOr(const Action& action, std::string_view name, std::string_view fallback) {
  return std::string(action.Query(name).value_or(fallback));
}

// The index of the first action after `from` that `pred` accepts.
template <typename Predicate>
std::optional<size_t> FindFrom(std::span<const Action> actions, size_t from, Predicate pred) {
  for (size_t i = from; i < actions.size(); ++i) {
    if (pred(actions[i])) return i;
  }
  return std::nullopt;
}

std::string Milliseconds(std::chrono::system_clock::duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) +
         " ms";
}

}  // namespace

bool IsSync(const Action& action) {
  if (action.verb == "list") return !action.Query("continue").has_value();
  if (action.verb != "watch") return false;
  const std::string rv = QueryOr(action, "resourceVersion", "");
  return action.Query("sendInitialEvents") == "true" || rv.empty() || rv == "0";
}

std::string Describe(const Action& action) {
  std::string out = action.verb + " " + action.resource;
  for (std::string_view name : {"resourceVersion", "sendInitialEvents", "limit", "continue"}) {
    if (auto value = action.Query(name)) {
      out += " " + std::string(name) + "=\"" + std::string(*value) + "\"";
    }
  }
  return out + " -> " + std::to_string(action.code);
}

Verdict JudgeWatchResume(std::span<const Action> actions, std::string_view last_rv) {
  auto closed = FindFrom(actions, 0, [](const Action& a) { return a.verb == "watch"; });
  if (!closed) return Failed("the client never watched");
  if (*closed + 1 >= actions.size()) {
    return Failed("expected a watch from resourceVersion " + std::string(last_rv) +
                  " after the server closed the watch, got no request");
  }
  const Action& next = actions[*closed + 1];
  if (next.verb == "watch" && !IsSync(next) && next.Query("resourceVersion") == last_rv) {
    return Passed();
  }
  return Failed("expected a watch from resourceVersion " + std::string(last_rv) +
                " (the last event delivered) after the server closed the watch, got " +
                Describe(next));
}

Verdict JudgeRelistAfterExpired(std::span<const Action> actions, std::string_view stale_rv) {
  auto is_stale_watch = [&](const Action& a) {
    return a.verb == "watch" && !IsSync(a) && a.Query("resourceVersion") == stale_rv;
  };
  auto expired = FindFrom(actions, 0, is_stale_watch);
  if (!expired) {
    return Failed("the client never resumed its watch from " + std::string(stale_rv));
  }
  if (*expired + 1 >= actions.size()) {
    return Failed("expected a relist (LIST or WatchList) after 410 Expired, got no request");
  }
  // A relist may land on the same resourceVersion and watch from it again: that is fine.
  const Action& next = actions[*expired + 1];
  if (is_stale_watch(next)) {
    return Failed("expected a relist after 410 Expired, got the stale resourceVersion again: " +
                  Describe(next));
  }
  if (!IsSync(next)) {
    return Failed("expected a relist (LIST or WatchList) after 410 Expired, got " + Describe(next));
  }
  return Passed();
}

Verdict JudgeListRestart(std::span<const Action> actions) {
  auto expired = FindFrom(actions, 0, [](const Action& a) {
    return a.verb == "list" && a.Query("continue").has_value() && a.code == 410;
  });
  if (!expired) {
    const bool paged = std::ranges::any_of(
        actions, [](const Action& a) { return a.verb == "list" && a.Query("continue"); });
    if (!paged) return {Outcome::kSkip, "the client does not page its LIST (no continue token)"};
    return Failed("no LIST page was answered 410 Expired");
  }
  const std::string token(*actions[*expired].Query("continue"));
  if (auto reused = FindFrom(actions, *expired + 1, [&](const Action& a) {
        return a.verb == "list" && a.Query("continue") == token;
      })) {
    return Failed("expected a new LIST without the expired continue token, got " +
                  Describe(actions[*reused]));
  }
  auto next = FindFrom(actions, *expired + 1, [](const Action& a) { return a.verb == "list"; });
  if (!next) return Failed("expected a new LIST after the continue token expired, got none");
  if (!IsSync(actions[*next])) {
    return Failed("expected the LIST to start over without a continue token, got " +
                  Describe(actions[*next]));
  }
  return Passed();
}

Verdict JudgeRetryAfter(std::span<const Action> actions, std::chrono::seconds retry_after) {
  auto throttled = FindFrom(actions, 0, [](const Action& a) { return a.code == 429; });
  if (!throttled) return Failed("the client made no request that was answered 429");
  if (*throttled + 1 >= actions.size()) {
    return Failed("expected a request at least " + Milliseconds(retry_after) +
                  " after the 429, got none");
  }
  const auto gap = actions[*throttled + 1].time - actions[*throttled].time;
  if (gap < retry_after) {
    return Failed("expected the next request at least " + Milliseconds(retry_after) +
                  " (Retry-After) after the 429, got it after " + Milliseconds(gap) + ": " +
                  Describe(actions[*throttled]) + ", then " + Describe(actions[*throttled + 1]));
  }
  return Passed();
}

Verdict JudgeBackoff(std::span<const Action> actions, std::chrono::system_clock::time_point start,
                     std::chrono::system_clock::time_point end) {
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> by_verb;
  int total = 0;
  for (const Action& action : actions) {
    if (action.time < start || action.time >= end) continue;
    by_verb[action.verb].push_back(action.time);
    ++total;
  }
  const auto window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(end - start);
  if (total == 0) return Failed("the client made no request while the server answered 500");
  if (total > 2 * window_ms.count() / 1000) {
    return Failed(
        "expected at most 2 requests per second while every request failed with 500, "
        "got " +
        std::to_string(total) + " in " + Milliseconds(end - start));
  }
  const auto& [verb, times] = *std::ranges::max_element(
      by_verb, [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  if (times.size() < 4) return Passed();
  const auto first_gap = times[1] - times[0];
  const auto last_gap = times.back() - times[times.size() - 2];
  if (2 * last_gap < 3 * first_gap) {
    std::string gaps;
    for (size_t i = 1; i < times.size(); ++i) {
      gaps += (i > 1 ? ", " : "") + Milliseconds(times[i] - times[i - 1]);
    }
    return Failed("expected the gaps between " + verb +
                  " retries to grow (the last at least 1.5 times the first), got " + gaps);
  }
  return Passed();
}

Verdict JudgeConflictRetry(std::span<const Action> actions, std::string_view name,
                           int max_updates) {
  std::vector<const Action*> updates;
  for (const Action& action : actions) {
    if (action.verb == "update" && action.subresource.empty() && action.name == name) {
      updates.push_back(&action);
    }
  }
  auto conflict = std::ranges::find_if(updates, [](const Action* a) { return a->code == 409; });
  if (conflict == updates.end()) return Failed("the client's update was never answered 409");
  if (static_cast<int>(updates.size()) > max_updates) {
    return Failed("expected at most " + std::to_string(max_updates) + " updates of " +
                  std::string(name) + ", got " + std::to_string(updates.size()));
  }
  const bool retried = std::any_of(conflict + 1, updates.end(),
                                   [](const Action* a) { return a->code >= 200 && a->code < 300; });
  if (!retried) {
    return Failed("expected the update of " + std::string(name) +
                  " to be retried after 409 Conflict and succeed, got no successful update");
  }
  return Passed();
}

}  // namespace kubefake::testkit::conformance
