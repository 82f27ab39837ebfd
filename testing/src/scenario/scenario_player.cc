// ScenarioPlayer: one method per step kind, each sending its requests through
// ApiServer::Handle as "kubefake-scenario"; waits count the engine's recorded actions to know
// when something happened and when it has gone quiet.
#include "kubefake/testing/scenario/scenario_player.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "engine_request.h"
#include "kubefake/api/error.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/faults.h"
#include "kubefake/testing/object_checks.h"

namespace kubefake::testkit {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

const EngineCaller kScenario{"kubefake-scenario", "kubefake-scenario"};

// What a step found: nullopt when it passed, else the failure message.
using Finding = std::optional<std::string>;

ObjectRef RefOf(const json& object) {
  const json& metadata = object.value("metadata", json::object());
  return {object.value("apiVersion", ""), object.value("kind", ""), metadata.value("namespace", ""),
          metadata.value("name", "")};
}

// `30s`, `1.5s`.
std::string Seconds(std::chrono::nanoseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%gs", std::chrono::duration<double>(duration).count());
  return text;
}

class Player {
 public:
  Player(fakeserver::ApiServer& server, const PlayOptions& options)
      : server_(server),
        options_(options),
        first_action_(options.count_actions_from.value_or(server.actions().Size())) {}

  Finding Play(const Step& step) {
    expect_error_ = step.expect_error;
    return std::visit([this](const auto& action) { return Do(action); }, step.action);
  }

 private:
  // The URL of `ref`'s object (its collection when `ref.name` is empty); namespaced objects
  // without a namespace are in "default", as kubectl puts them.
  Result<std::string> PathOf(ObjectRef& ref) {
    Result<api::ResourceCatalog::Entry> resource =
        ResourceOf(server_.Catalog(), ref.api_version, ref.kind);
    if (!resource) return Fail(resource.error());
    if (!(*resource)->namespaced) {
      ref.namespace_.clear();
    } else if (ref.namespace_.empty()) {
      ref.namespace_ = "default";
    }
    const std::string collection = CollectionPath(**resource, ref.namespace_);
    return ref.name.empty() ? collection : collection + "/" + ref.name;
  }

  Result<json> Request(std::string method, std::string path, const json& body,
                       std::string content_type = "application/json",
                       std::optional<std::string> field_manager = std::nullopt) {
    fakeserver::Request request =
        JsonRequest(kScenario, std::move(method), std::move(path), body, std::move(content_type));
    if (field_manager) {
      request.query.erase("fieldManager");
      request.query.emplace("fieldManager", *field_manager);
      request.query.emplace("force", "true");
    }
    ++requests_;
    return Send(server_, request);
  }

  Result<json> Get(ObjectRef ref) {
    Result<std::string> path = PathOf(ref);
    if (!path) return Fail(path.error());
    return Request("GET", *path, nullptr);
  }

  // Whether the server's answer is the one the step expects (success unless expectError).
  Finding Failed(const Result<json>& answer) const {
    if (!expect_error_) {
      if (answer) return std::nullopt;
      return "the server answered " + DescribeError(answer.error());
    }
    const std::string expected(api::ReasonString(*expect_error_));
    if (answer) return "expected the server to answer " + expected + ", but it succeeded";
    if (answer.error().reason() == *expect_error_) return std::nullopt;
    return "expected the server to answer " + expected + ", but it answered " +
           DescribeError(answer.error());
  }

  // A namespaced object without metadata.namespace goes to "default".
  Result<std::string> PathFor(json& object, bool with_name) {
    ObjectRef ref = RefOf(object);
    if (!with_name) ref.name.clear();
    Result<std::string> path = PathOf(ref);
    if (path && !ref.namespace_.empty()) object["metadata"]["namespace"] = ref.namespace_;
    return path;
  }

  Finding Do(const CreateStep& step) {
    json object = step.object;
    Result<std::string> path = PathFor(object, false);
    if (!path) return DescribeError(path.error());
    return Failed(Request("POST", *path, object));
  }

  Finding Do(const ApplyStep& step) {
    json object = step.object;
    Result<std::string> path = PathFor(object, true);
    if (!path) return DescribeError(path.error());
    return Failed(
        Request("PATCH", *path, object, "application/apply-patch+yaml", step.field_manager));
  }

  Finding Do(const UpdateStep& step) {
    json object = step.object;
    Result<std::string> path = PathFor(object, true);
    if (!path) return DescribeError(path.error());
    json& metadata = object["metadata"];
    if (!metadata.contains("resourceVersion")) {
      Result<json> current = Request("GET", *path, nullptr);
      if (!current) return "reading the resourceVersion: " + DescribeError(current.error());
      metadata["resourceVersion"] = (*current)["metadata"]["resourceVersion"];
    }
    return Failed(Request("PUT", step.status ? *path + "/status" : *path, object));
  }

  Finding Do(const PatchStep& step) {
    ObjectRef target = step.target;
    Result<std::string> path = PathOf(target);
    if (!path) return DescribeError(path.error());
    if (!step.subresource.empty()) *path += "/" + step.subresource;
    return Failed(Request("PATCH", *path, step.patch, step.content_type));
  }

  Finding Do(const DeleteStep& step) {
    ObjectRef target = step.target;
    Result<std::string> path = PathOf(target);
    if (!path) return DescribeError(path.error());
    json options = nullptr;
    if (!step.propagation_policy.empty()) {
      options = {{"apiVersion", "v1"},
                 {"kind", "DeleteOptions"},
                 {"propagationPolicy", step.propagation_policy}};
    }
    return Failed(Request("DELETE", *path, options));
  }

  Finding Do(const AdvanceClockStep& step) {
    if (options_.clock == nullptr) {
      return "advanceClock needs the engine to run on a FakeClock (PlayOptions::clock)";
    }
    options_.clock->Step(step.duration);
    return std::nullopt;
  }

  Finding Do(const FaultStep& step) {
    Result<fakeserver::FaultHandle> installed = server_.faults().Add(step.spec);
    if (!installed) return DescribeError(installed.error());
    return std::nullopt;
  }

  Finding Do(const ClearFaultsStep&) {
    server_.faults().Clear();
    return std::nullopt;
  }

  // Where the object differs from the partial `expected`, or that it does not exist.
  Finding Mismatch(const json& expected) {
    const ObjectRef ref = RefOf(expected);
    Result<json> actual = Get(ref);
    if (!actual) {
      if (api::IsNotFound(actual.error())) return ref.String() + " does not exist";
      return ref.String() + ": " + DescribeError(actual.error());
    }
    std::optional<std::string> mismatch = PartialMismatch(expected, *actual);
    if (!mismatch) return std::nullopt;
    return ref.String() + " " + *mismatch;  // `ConfigMap demo/c whose data.mode is ...`
  }

  Finding Presence(const ObjectRef& ref) {
    Result<json> actual = Get(ref);
    if (!actual && api::IsNotFound(actual.error())) return std::nullopt;
    if (!actual) return ref.String() + ": " + DescribeError(actual.error());
    const json& metadata = (*actual)["metadata"];
    if (metadata.contains("deletionTimestamp")) {
      return ref.String() + " still exists, terminating since " +
             metadata["deletionTimestamp"].dump() + " with finalizers " +
             metadata.value("finalizers", json::array()).dump();
    }
    return ref.String() + " still exists";
  }

  Finding Check(const WaitForStep& step) {
    if (const json* object = std::get_if<json>(&step.condition)) return Mismatch(*object);
    return Presence(std::get<ObjectRef>(step.condition));
  }

  Finding Do(const WaitForStep& step) {
    fakeserver::ActionRecorder& recorder = server_.actions();
    const bool virtual_time = options_.virtual_time && options_.clock != nullptr;
    const steady_clock::time_point wall_deadline =
        steady_clock::now() +
        (virtual_time ? std::chrono::duration_cast<steady_clock::duration>(options_.wall_guard)
                      : std::chrono::duration_cast<steady_clock::duration>(step.timeout));
    std::optional<std::chrono::system_clock::time_point> virtual_deadline;
    if (virtual_time) virtual_deadline = options_.clock->Now() + step.timeout;
    for (;;) {
      const size_t seen = recorder.Size();
      const int64_t own_before = requests_;
      Finding mismatch = Check(step);
      if (!mismatch) return std::nullopt;
      // The check's own requests are recorded too; wake on the first request after them.
      const size_t next = seen + static_cast<size_t>(requests_ - own_before) + 1;
      const steady_clock::time_point now = steady_clock::now();
      if (now >= wall_deadline) {
        if (!virtual_time) return "timed out after " + Seconds(step.timeout) + ": " + *mismatch;
        return "gave up after " + Seconds(options_.wall_guard) +
               " of real time (the wall-clock guard), the fake clock " +
               Seconds(options_.clock->Now() - (*virtual_deadline - step.timeout)) +
               " into the timeout: " + *mismatch;
      }
      const auto quiet =
          std::min<steady_clock::duration>(options_.quiet_interval, wall_deadline - now);
      if (recorder.WaitForSize(next,
                               std::chrono::duration_cast<std::chrono::milliseconds>(quiet)) ||
          !virtual_time) {
        continue;
      }
      // Quiet: let the clock bring the next timer (a requeue, a backoff) due.
      FakeClock& clock = *options_.clock;
      const std::chrono::system_clock::time_point clock_now = clock.Now();
      if (clock_now >= *virtual_deadline) {
        return "timed out after " + Seconds(step.timeout) + " on the fake clock: " + *mismatch;
      }
      std::chrono::system_clock::time_point target = clock_now + std::chrono::seconds(1);
      if (std::optional<std::chrono::system_clock::time_point> timer = clock.NextDeadline()) {
        if (*timer <= *virtual_deadline) target = std::max(*timer, clock_now);
      }
      clock.SetTime(std::min(target, *virtual_deadline));
    }
  }

  Finding CheckActions(const ActionExpectation& expectation) {
    std::vector<const fakeserver::Action*> matched;
    // Only what happened since first_action_ (List keeps the recording order, and the recorder
    // only grows while a scenario plays).
    const std::vector<fakeserver::Action> since = [&] {
      std::vector<fakeserver::Action> everything = server_.actions().List();
      if (everything.size() > first_action_) {
        everything.erase(everything.begin(),
                         everything.begin() + static_cast<std::ptrdiff_t>(first_action_));
      } else {
        everything.clear();
      }
      return everything;
    }();
    for (const fakeserver::Action& action : since) {
      const bool own = action.user == kScenario.user;
      if (expectation.pattern.Matches(action) &&
          (!own || expectation.pattern.user == kScenario.user)) {
        matched.push_back(&action);
      }
    }
    const int64_t found = static_cast<int64_t>(matched.size());
    std::string wanted;
    if (expectation.count && found != *expectation.count) {
      wanted = "exactly " + std::to_string(*expectation.count);
    } else if (expectation.min && found < *expectation.min) {
      wanted = "at least " + std::to_string(*expectation.min);
    } else if (expectation.max && found > *expectation.max) {
      wanted = "at most " + std::to_string(*expectation.max);
    } else {
      return std::nullopt;
    }
    std::string message = "expected " + wanted + " actions matching " + expectation.text +
                          ", found " + std::to_string(found);
    constexpr size_t kShown = 10;
    for (size_t i = 0; i < matched.size() && i < kShown; ++i) {
      message += "\n  " + matched[i]->String();
    }
    if (matched.size() > kShown) {
      message += "\n  ... and " + std::to_string(matched.size() - kShown) + " more";
    }
    return message;
  }

  Finding Do(const ExpectStep& step) {
    std::vector<std::string> failures;
    for (const json& object : step.objects) {
      if (Finding mismatch = Mismatch(object)) {
        failures.push_back(*mismatch + "\n  expected (partial): " + object.dump());
      }
    }
    for (const ObjectRef& ref : step.absent) {
      if (Finding present = Presence(ref)) failures.push_back("expected absent: " + *present);
    }
    for (const ActionExpectation& expectation : step.actions) {
      if (Finding mismatch = CheckActions(expectation)) failures.push_back(*mismatch);
    }
    if (failures.empty()) return std::nullopt;
    std::string message;
    for (const std::string& failure : failures) message += (message.empty() ? "" : "\n") + failure;
    return message;
  }

  fakeserver::ApiServer& server_;
  const PlayOptions& options_;
  const size_t first_action_;
  int64_t requests_ = 0;                     // requests this player sent
  std::optional<api::Reason> expect_error_;  // of the step being played
};

}  // namespace

ScenarioReport PlayScenario(fakeserver::ApiServer& server, const Scenario& scenario,
                            const PlayOptions& options) {
  server.actions().SetRecording(true);
  ScenarioReport report{scenario.file, "", {}, static_cast<int>(scenario.steps.size())};
  Player player(server, options);
  for (const Step& step : scenario.steps) {
    Finding finding = player.Play(step);
    StepReport step_report{step.Label(), step.Source(),
                           finding ? StepReport::Outcome::kFailed : StepReport::Outcome::kPassed,
                           finding.value_or("")};
    if (options.on_step) options.on_step(step_report);
    report.steps.push_back(std::move(step_report));
    if (finding) break;
  }
  return report;
}

}  // namespace kubefake::testkit
