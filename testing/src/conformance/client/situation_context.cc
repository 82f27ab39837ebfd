// SituationContext: the READY handshake and protocol detection, polling the recorded requests
// against a deadline, and the DUMP and UPDATE exchanges.
#include "situation_context.h"

#include <algorithm>
#include <thread>

#include "kubefake/api/error.h"

namespace kubefake::testkit::conformance {
namespace {

using SteadyClock = std::chrono::steady_clock;
using fakeserver::Action;

// How long a client that watches may stay without READY before it is deemed silent.
constexpr std::chrono::seconds kSilentAfter(3);
// How often the recorded requests are looked at while waiting for them.
constexpr std::chrono::milliseconds kPollInterval(20);

bool HasWatched(const std::vector<Action>& actions) {
  return std::ranges::any_of(actions,
                             [](const Action& a) { return a.verb == "watch" && a.code == 200; });
}

}  // namespace

bool SituationContext::WaitReady() {
  const SteadyClock::time_point deadline = Deadline();
  std::optional<SteadyClock::time_point> watched_at;
  while (SteadyClock::now() < deadline) {
    if (protocol_.speaks == ClientProtocol::Speaks::kNo) {
      if (HasWatched(server_.ClientActions())) return true;
      std::this_thread::sleep_for(kPollInterval);
      continue;
    }
    const auto slice = std::min(deadline, SteadyClock::now() + std::chrono::milliseconds(200));
    if (std::optional<std::string> line = client_.ReadLine(slice)) {
      if (*line == "WRITER") protocol_.writer = true;
      if (*line == "READY") {
        protocol_.speaks = ClientProtocol::Speaks::kYes;
        return true;
      }
      continue;
    }
    if (protocol_.speaks == ClientProtocol::Speaks::kUnknown && !watched_at &&
        HasWatched(server_.ClientActions())) {
      watched_at = SteadyClock::now();
    }
    if (watched_at && SteadyClock::now() - *watched_at >= kSilentAfter) {
      protocol_.speaks = ClientProtocol::Speaks::kNo;
      return true;
    }
  }
  return false;
}

std::vector<Action> SituationContext::WaitForActions(
    const std::function<bool(const std::vector<Action>&)>& done) {
  const SteadyClock::time_point deadline = Deadline();
  std::vector<Action> actions = server_.ClientActions();
  while (!done(actions) && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(kPollInterval);
    actions = server_.ClientActions();
  }
  return actions;
}

Result<std::map<std::string, std::string>> SituationContext::Dump() {
  std::optional<std::string> header = Ask("DUMP", {"KEYS "});
  if (!header) return Fail(api::NewInternalError("no `KEYS <n>` answer to DUMP"));
  size_t count = 0;
  try {
    count = std::stoul(header->substr(5));
  } catch (const std::exception&) {
    return Fail(api::NewInternalError("malformed answer to DUMP: " + *header));
  }
  std::map<std::string, std::string> cache;
  const SteadyClock::time_point deadline = Deadline();
  for (size_t i = 0; i < count; ++i) {
    std::optional<std::string> line = client_.ReadLine(deadline);
    if (!line)
      return Fail(api::NewInternalError("DUMP ended after " + std::to_string(i) + " of " +
                                        std::to_string(count) + " keys"));
    const size_t space = line->find(' ');
    if (space == std::string::npos) {
      return Fail(api::NewInternalError("malformed DUMP line: " + *line));
    }
    cache[line->substr(0, space)] = line->substr(space + 1);
  }
  std::optional<std::string> end = client_.ReadLine(deadline);
  if (end != "END") return Fail(api::NewInternalError("DUMP did not end with END"));
  return cache;
}

std::optional<std::string> SituationContext::Ask(const std::string& command,
                                                 const std::vector<std::string>& answers) {
  if (!client_.WriteLine(command)) return std::nullopt;
  const SteadyClock::time_point deadline = Deadline();
  while (std::optional<std::string> line = client_.ReadLine(deadline)) {
    for (const std::string& answer : answers) {
      if (line->starts_with(answer)) return line;
    }
  }
  return std::nullopt;
}

}  // namespace kubefake::testkit::conformance
